"""The recording proxy: ``python -m fake_tharstern --proxy-to URL --record DIR``.

The fake's server with its gate in proxy mode: every call under the API base path goes to a real
Tharstern (``URL`` is its API base, e.g. ``http://mis.example/TharsternAPI``) and its answer comes
back unchanged; each exchange is written to ``DIR``, secrets masked. The journal, the control plane
and the console work as usual; the fake's own data is not used for API calls. See
docs/calibration.md.
"""
from __future__ import annotations

import os
from typing import Any, Mapping
from urllib.parse import urlsplit

from flask import Flask

from ..gate import Gate
from .forward import Forwarder
from .gate import ProxyGate
from .recording import Recorder


def check_upstream(url: str) -> str:
    """The upstream API base, or ValueError saying what is wrong with it."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--proxy-to takes a real Tharstern's API base, e.g. http://mis.example/TharsternAPI; got {url!r}")
    url = url.rstrip("/")
    return url[:-4] if url.lower().endswith("/api") else url   # the base, as the connector tolerates it


def create_proxy_app(upstream: str, record_dir: str | os.PathLike | None = None,
                     config: Mapping[str, Any] | None = None, *, connect_timeout_s: float = 10.0,
                     read_timeout_s: float = 60.0, verify: bool | str = True) -> Flask:
    """A fake app whose API calls go to ``upstream`` (recorded in ``record_dir`` when given)."""
    from ..app import create_app

    upstream = check_upstream(upstream)
    app = create_app({"FIXTURE": "empty", **(config or {})})
    forwarder = Forwarder(upstream, connect_timeout_s=connect_timeout_s, read_timeout_s=read_timeout_s, verify=verify)
    recorder = Recorder(record_dir, upstream) if record_dir is not None else None
    gate = app.wsgi_app
    assert isinstance(gate, Gate)  # create_app put the fake's gate in front of Flask
    app.wsgi_app = ProxyGate.around(gate, forwarder, recorder)  # type: ignore[method-assign]
    app.config["PROXY_TO"] = forwarder.shown
    app.config["RECORD_DIR"] = str(record_dir) if record_dir is not None else None
    return app


__all__ = ["create_proxy_app", "check_upstream"]
