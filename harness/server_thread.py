"""Serving WSGI apps on real sockets in background threads, for tests, the harness and demos.

``ServerThread(app, host="127.0.0.1", port=0)`` binds at once (port 0 picks a free port), so
``url`` is known before ``start()``; ``stop()`` returns within ``poll_interval`` seconds. The
server is werkzeug's threaded server: one thread per connection, and the raw socket in the WSGI
environ, which the fake needs to drop connections. No access log unless another
``request_handler`` is given.
"""
from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server


class QuietRequestHandler(WSGIRequestHandler):
    """No access log line per request (errors are still logged)."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        return None


class ServerThread:
    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, *, name: str = "server",
                 poll_interval: float = 0.5, request_handler: type[WSGIRequestHandler] = QuietRequestHandler) -> None:
        self.app = app
        self.server = make_server(host, port, app, threaded=True, request_handler=request_handler)
        self.server.daemon_threads = True  # type: ignore[attr-defined]  # threaded=True: a ThreadingMixIn server
        self.host = host
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, args=(poll_interval,),
                                       name=f"{name}:{self.port}", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "ServerThread":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
