"""Mapping code runs outside the connector's process: a small pool of worker processes
(``mapping_worker.py``), each under operating-system limits on memory and CPU, and a wall-clock
deadline the connector keeps itself.

- A render takes an idle worker (starting one when none is idle and fewer than ``most`` run),
  sends it the template and its context, and waits for the answer until the deadline. Past the
  deadline, or when the worker dies (its CPU limit, a crash), the worker is killed and the render
  refused with a ``MappingCodeError`` that says why; a fresh worker is started in the background.
- The deadline is judged on the processor time the worker was given: a worker that reaches the
  deadline having had less than all of it on the processor was starved by a loaded machine (it
  runs at the lowest priority), not slow, and is waited for in further deadlines until it has had
  its share or ``backstop_s`` of wall-clock time has passed. On a quiet machine the two clocks
  agree and a slow template is stopped at the deadline.
- Nothing is locked while a template runs: the idle workers are a queue, and the only lock
  guards the count of workers. A slow template costs its own request and one worker, and the
  worker runs at a lower priority than the connector.
- Workers start on first use and ``warm`` of them are kept idle afterwards, so apps that never
  run mapping code (most tests) start no process.
- A template that had to be stopped (deadline, processor time, memory) is refused at once, without
  running, for ``quarantine_s`` afterwards: a shop page asking for its price again and again costs
  nothing (on ``main`` every later price of such a variant took ~15 s).

Both saving mapping code (checked on an example) and pricing with it go through here.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from typing import Any

from ..domain.mapping_code import MappingCodeError
from ..errors import ConnectorError

log = logging.getLogger("connector.mapping")
QUARANTINED = 256         # stopped templates remembered at most
STARTUP_TIMEOUT_S = 30.0   # a loaded machine may take a while to start Python; not the template's time
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class MappingCodeBusy(ConnectorError):
    """Every worker is busy for longer than a caller should wait."""
    status = 503


class WorkerGone(Exception):
    pass


class Worker:
    """One child process and its pipes."""

    def __init__(self, memory_mb: int, cpu_s: int) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "connector.services.mapping_worker", str(memory_mb), str(cpu_s)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True)
        self._pending = b""
        try:
            self.ready = self._read_line(time.monotonic() + STARTUP_TIMEOUT_S) == {"ready": True}
        except (TimeoutError, WorkerGone, ValueError):
            self.ready = False
        if not self.ready:
            self.kill()

    def ask(self, job: dict[str, Any], deadline_s: float, backstop_s: float) -> dict[str, Any]:
        """The worker's answer to ``job``; TimeoutError once it has had ``deadline_s`` on the
        processor, or ``backstop_s`` of wall-clock time has passed."""
        line = (json.dumps(job, default=str) + "\n").encode("utf-8", "surrogatepass")
        started, cpu_before = time.monotonic(), self.cpu_seconds()
        try:
            self.process.stdin.write(line)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerGone("stopped") from None
        deadline = started + deadline_s
        while True:
            try:
                return self._read_line(min(deadline, started + backstop_s))
            except TimeoutError:
                cpu_now = self.cpu_seconds()
                used = cpu_now - cpu_before if cpu_now is not None and cpu_before is not None else None
                if used is None or used >= deadline_s or time.monotonic() >= started + backstop_s:
                    raise  # not starved of the processor, or the backstop has passed
                deadline = time.monotonic() + deadline_s - used

    def cpu_seconds(self) -> float | None:
        """Processor time the worker has used so far (Linux ``/proc``), or None where unknown."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime

    def _read_line(self, deadline: float) -> dict[str, Any]:
        fd = self.process.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise WorkerGone(self._exit_reason())
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return json.loads(line)

    def _exit_reason(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "stopped answering"
        return {-24: "cpu", -9: "killed"}.get(code, f"exit code {code}")  # 24 = SIGXCPU

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover (a killed process always ends)
            log.warning("Mapping worker %s did not end after SIGKILL", self.process.pid)
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


class MappingRunner:
    def __init__(self, *, warm: int = 2, most: int = 4, memory_mb: int = 64, cpu_s: int = 1,
                 deadline_s: float = 1.5, backstop_s: float = 20.0, wait_s: float = 5.0,
                 quarantine_s: float = 600.0) -> None:
        self.warm, self.most, self.memory_mb, self.cpu_s = warm, most, memory_mb, cpu_s
        self.deadline_s, self.backstop_s, self.wait_s, self.quarantine_s = deadline_s, backstop_s, wait_s, quarantine_s
        self._stopped: dict[str, tuple[float, str]] = {}  # sha256 of the source → (until, why), newest last
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._count_lock = threading.Lock()
        self._running = 0
        self._closed = False

    # -- rendering ----------------------------------------------------------------------------
    def render(self, source: str, context: dict[str, Any]) -> dict[str, Any]:
        """The estimate request mapping code makes from ``context``; raises MappingCodeError."""
        key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        self._refuse_if_stopped(key)
        worker = self._take()
        try:
            answer = worker.ask({"source": source, "context": context}, self.deadline_s, max(self.backstop_s, self.deadline_s))
        except TimeoutError:
            self._discard(worker)
            raise self._stop(key, f"the mapping code ran for more than {self.deadline_s:g} s and was stopped") from None
        except WorkerGone as gone:
            self._discard(worker)
            raise self._stop(key, self._gone_message(str(gone))) from None
        if answer.get("exit") or self._closed:
            self._discard(worker)
        else:
            self._idle.put(worker)
        if "ok" in answer:
            return answer["ok"]
        error = answer["error"]
        if answer.get("exit"):
            raise self._stop(key, error["message"])
        raise MappingCodeError(error["message"], error.get("line"), error.get("where") or "template")

    def _stop(self, key: str, why: str) -> MappingCodeError:
        with self._count_lock:
            self._stopped.pop(key, None)
            self._stopped[key] = (time.monotonic() + self.quarantine_s, why)
            while len(self._stopped) > QUARANTINED:
                self._stopped.pop(next(iter(self._stopped)))
        return MappingCodeError(why)

    def forget_stopped(self) -> None:
        """Run every template again (``POST /_control/reset``)."""
        with self._count_lock:
            self._stopped.clear()

    def _refuse_if_stopped(self, key: str) -> None:
        with self._count_lock:
            until, why = self._stopped.get(key, (0.0, ""))
            if until and until <= time.monotonic():
                del self._stopped[key]
        left = until - time.monotonic()
        if left > 0:
            raise MappingCodeError(f"{why}; it is refused without running for {left:.0f} s more (change it to try again)")

    def _gone_message(self, reason: str) -> str:
        if reason == "cpu":
            return f"the mapping code used more than {self.cpu_s} s of processor time and was stopped"
        return f"the mapping code stopped its worker ({reason}); it may need more memory than {self.memory_mb} MB"

    # -- the pool -----------------------------------------------------------------------------
    def _take(self) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        if self._reserve():
            worker = self._start_reserved()
            threading.Thread(target=self._top_up, name="mapping-workers", daemon=True).start()
            return worker
        try:
            return self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise MappingCodeBusy(f"All {self.most} mapping code workers are busy; try again.") from None

    def _reserve(self) -> bool:
        with self._count_lock:
            if self._closed or self._running >= self.most:
                return False
            self._running += 1
            return True

    def _start_reserved(self) -> Worker:
        try:
            worker = Worker(self.memory_mb, self.cpu_s)
            if not worker.ready:
                raise WorkerGone("did not start")
            return worker
        except (OSError, WorkerGone) as error:
            with self._count_lock:
                self._running -= 1
            log.error("A mapping code worker could not start: %s", error)
            raise MappingCodeBusy("The mapping code worker could not start; try again.") from None

    def _top_up(self) -> None:
        """Keep ``warm`` idle workers (run in a background thread after a start or a kill)."""
        while self._idle.qsize() < self.warm and self._reserve():
            try:
                worker = self._start_reserved()
            except MappingCodeBusy:
                return
            if self._closed:
                self._discard(worker)
                return
            self._idle.put(worker)

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._count_lock:
            self._running -= 1
        if not self._closed:
            threading.Thread(target=self._top_up, name="mapping-workers", daemon=True).start()

    def close(self) -> None:
        """Stop the idle workers; a worker busy now is stopped when its render returns."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            self._discard(worker)
