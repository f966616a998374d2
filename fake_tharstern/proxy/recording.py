"""Writing each proxied exchange to the recording folder: one JSON file per exchange.

Files are numbered in the order the exchanges finished (``000001-GET-api-products.json``); a
folder that already holds a recording is continued, never overwritten. Each file is written to a
temporary name and renamed, so a reader never sees half a file. The format
(``"format": "tharstern-recording/1"``) is read by ``tharness fixture from-recording`` and
described in docs/calibration.md. Everything secret is masked before it is written
(``backend/controls/masking.py``).
"""
from __future__ import annotations

import json
import os
import re
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .forward import Answer
from ..backend.controls.masking import mask_body, mask_headers, mask_query, query_params, strip_userinfo

FORMAT = "tharstern-recording/1"
_NUMBERED = re.compile(r"^(\d{6})-")


class Recorder:
    def __init__(self, folder: str | os.PathLike, upstream: str) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.upstream = strip_userinfo(upstream.rstrip("/"))
        self._lock = threading.Lock()
        self._next = 1 + max((int(m.group(1)) for p in self.folder.iterdir()
                              if (m := _NUMBERED.match(p.name))), default=0)

    def record(self, *, method: str, path: str, sub_path: str, query: str, headers: list[tuple[str, str]],
               body: bytes, answer: Answer, started_at: datetime) -> Path:
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        body_kind, request_body = mask_body(body, content_type)
        answer_type = next((v for k, v in answer.headers if k.lower() == "content-type"), "")
        answer_kind, answer_body = mask_body(answer.body, answer_type)
        exchange: dict[str, Any] = {
            "format": FORMAT,
            "upstream": self.upstream,
            "started": started_at.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "duration_ms": answer.duration_ms,
            "request": {
                "method": method,
                "path": path,
                "api_path": sub_path,
                "query": mask_query(query),
                "params": query_params(query),
                "headers": mask_headers(headers),
                "body_kind": body_kind,
                "body": request_body,
            },
            "response": None if answer.status is None else {
                "status": answer.status,
                "headers": mask_headers(answer.headers),
                "body_kind": answer_kind,
                "body": answer_body,
            },
            "error": answer.error,
        }
        with self._lock:
            number = self._next
            self._next += 1
        exchange = {"seq": number, **exchange}
        name = f"{number:06d}-{method.upper()}-{_slug(sub_path)}.json"
        target = self.folder / name
        temporary = target.with_suffix(".json.part")
        temporary.write_text(json.dumps(exchange, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
        return target


def _slug(path: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-").lower()
    return slug[:80] or "root"
