"""Serving WSGI apps on real sockets in background threads, for tests, the harness and demos.

``ServerThread(app, host="127.0.0.1", port=0)`` binds at once (port 0 picks a free port), so
``url`` is known before ``start()``; ``stop()`` returns within ``poll_interval`` seconds. The
server is werkzeug's threaded server: one thread per connection, and the raw socket in the WSGI
environ, which the fake needs to drop connections. No access log unless another
``request_handler`` is given.

werkzeug's handler answers HTTP/1.0-style: ``Connection: close`` on every answer, so each request
costs a new connection and a new server thread. ``KeepAliveRequestHandler`` keeps connections
open (HTTP/1.1 persistent connections, as every client library expects): the harness's servers
use it, which makes each of a scenario's requests about twice as cheap (docs/performance.md).
"""
from __future__ import annotations

import socket
import threading
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

DISCARD_LIMIT = 1 << 20  # an unread request body up to this size is read and dropped; a larger one closes


class QuietRequestHandler(WSGIRequestHandler):
    """No access log line per request (errors are still logged)."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        return None


class RequestBody:
    """A request's body as the app reads it: at most ``Content-Length`` bytes of the connection,
    so neither the app nor werkzeug's clean-up after it (which reads whatever the socket holds) can
    read into the next request on a persistent connection."""

    def __init__(self, stream: Any, length: int) -> None:
        self._stream = stream
        self.remaining = length

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self._stream.read(wanted)
        self.remaining = self.remaining - len(data) if data else 0  # b"": the client went away
        return data

    def readline(self, size: int | None = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self._stream.readline(wanted)
        self.remaining = self.remaining - len(data) if data else 0
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def discard(self) -> None:
        while self.read(65536):
            pass


class KeepAliveRequestHandler(QuietRequestHandler):
    """HTTP/1.1 persistent connections on werkzeug's server: a connection serves request after
    request until the client closes it or asks ``Connection: close`` (or speaks HTTP/1.0 without
    keep-alive). werkzeug's own ``Connection: close`` is left out unless the connection is really
    to close. A body the app did not read is read and dropped (up to ``DISCARD_LIMIT``; past that,
    and for chunked request bodies, the connection closes after the answer, as before). Nagle's
    algorithm is off, or a client waiting for an answer written in two parts would stall ~40 ms."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        connections = getattr(self.server, "open_connections", None)
        if connections is not None:
            connections.add(self.connection)

    def finish(self) -> None:
        connections = getattr(self.server, "open_connections", None)
        if connections is not None:
            connections.discard(self.connection)
        super().finish()

    def run_wsgi(self) -> None:
        length = _content_length(self.headers.get("Content-Length"))
        if length is None or "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True  # the body's end is not known here: the old way
            super().run_wsgi()
            return
        body = RequestBody(self.rfile, length)
        stream, self.rfile = self.rfile, body  # type: ignore[assignment]
        try:
            super().run_wsgi()
        finally:
            self.rfile = stream
        if body.remaining and not self.close_connection:
            if body.remaining > DISCARD_LIMIT:
                self.close_connection = True
            else:
                body.discard()

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "connection" and value.lower() == "close" and not self.close_connection:
            return  # werkzeug says close on every answer; this connection stays open
        super().send_header(keyword, value)


def _content_length(value: str | None) -> int | None:
    """The request's body length: 0 without the header, None when it is not a number."""
    if value is None:
        return 0
    try:
        length = int(value.strip())
    except ValueError:
        return None
    return length if length >= 0 else None


class ServerThread:
    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, *, name: str = "server",
                 poll_interval: float = 0.5, request_handler: type[WSGIRequestHandler] = QuietRequestHandler) -> None:
        self.app = app
        self.server = make_server(host, port, app, threaded=True, request_handler=request_handler)
        self.server.daemon_threads = True  # type: ignore[attr-defined]  # threaded=True: a ThreadingMixIn server
        self.server.open_connections = _ConnectionSet()  # type: ignore[attr-defined]  # kept-alive ones, closed at stop
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
        self.server.open_connections.close_all()  # type: ignore[attr-defined]  # idle persistent connections
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def __enter__(self) -> "ServerThread":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class _ConnectionSet:
    """The connections a server's handlers hold open, so ``stop()`` can end the idle ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()

    def add(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def discard(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def close_all(self) -> None:
        with self._lock:
            connections, self._connections = list(self._connections), set()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
