"""Reading a recording folder written by the recording proxy (``tharstern-recording/1``).

``load_recording(DIR)`` returns the exchanges in their recorded order. A folder that is missing,
empty, or holds a file that is not such an exchange raises ``RecordingError`` naming the file and
what was expected; nothing is half-read.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "tharstern-recording/1"
_NUMBERED = re.compile(r"^(\d+)-.*\.json$")


class RecordingError(ValueError):
    """The recording folder cannot be read; the message names the file."""


@dataclass(frozen=True)
class Exchange:
    file: str
    method: str
    api_path: str            # under the API base, as sent: /api/products
    params: list[list[str]]  # decoded [name, value] pairs, secrets masked
    status: int | None
    body: Any                # the answer's parsed JSON (None when not JSON)
    body_kind: str

    @property
    def operation(self) -> str:
        """``products``, ``producttypes``, ``authentication/generateapitoken``… (lower case)."""
        path = self.api_path.strip("/").lower()
        return path[4:] if path.startswith("api/") else path

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.params if key.lower() == name.lower()), None)

    @property
    def details(self) -> Any:
        body = self.body
        return body.get("Details") if isinstance(body, dict) else None

    @property
    def succeeded(self) -> bool:
        body = self.body
        return (self.status == 200 and isinstance(body, dict) and isinstance(body.get("Status"), dict)
                and body["Status"].get("Success") is True)


def load_recording(folder: str | Path) -> list[Exchange]:
    root = Path(folder)
    if not root.is_dir():
        raise RecordingError(f"{root}: not a folder (give the folder the recording proxy wrote with --record)")
    files = sorted((p for p in root.iterdir() if _NUMBERED.match(p.name)), key=lambda p: int(_NUMBERED.match(p.name).group(1)))
    if not files:
        raise RecordingError(f"{root}: no recorded exchanges (files named 000001-GET-….json)")
    return [_read(path) for path in files]


def _read(path: Path) -> Exchange:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise RecordingError(f"{path}: not UTF-8 text; expected a recorded exchange (JSON)") from None
    except json.JSONDecodeError as error:
        raise RecordingError(f"{path}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})") from None
    except OSError as error:
        raise RecordingError(f"{path}: cannot be read ({error.strerror})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordingError(f"{path}: expected a recorded exchange with \"format\": \"{FORMAT}\"")
    request, response = data.get("request"), data.get("response")
    if not isinstance(request, dict) or not isinstance(request.get("method"), str) \
            or not isinstance(request.get("api_path"), str):
        raise RecordingError(f"{path}: expected \"request\" with \"method\" and \"api_path\"")
    params = request.get("params", [])
    if not isinstance(params, list) or not all(isinstance(p, list) and len(p) == 2 for p in params):
        raise RecordingError(f"{path}: expected \"request.params\" as a list of [name, value] pairs")
    if response is not None and (not isinstance(response, dict) or not isinstance(response.get("status"), int)):
        raise RecordingError(f"{path}: expected \"response\" with an integer \"status\" (or null for no answer)")
    response = response or {}
    return Exchange(file=path.name, method=request["method"].upper(), api_path=request["api_path"],
                    params=[[str(k), str(v)] for k, v in params], status=response.get("status"),
                    body=response.get("body") if response.get("body_kind") == "json" else None,
                    body_kind=response.get("body_kind", "empty"))
