"""The program that renders mapping code for the connector, in a process of its own:
``python -m connector.services.mapping_worker MEMORY_MB CPU_S`` (started by ``mapping_runner.py``).

Before it reads anything it lowers its own limits, which nothing in a template can raise:

- ``RLIMIT_AS``: its address space may grow by at most ``MEMORY_MB`` over its size at start, so a
  template that builds a huge string or list meets ``MemoryError`` (reported, then the worker exits
  so the connector starts a clean one);
- ``RLIMIT_CPU``: before each render the soft limit is set to the CPU time used so far plus
  ``CPU_S``, so a render past it is killed by the kernel (``SIGXCPU``);
- niceness +19 (the lowest priority), so a busy worker leaves the processor to the connector's own requests.

Protocol, one JSON line each way: it writes ``{"ready": true}`` once, then for every line
``{"source", "context"}`` on stdin answers ``{"ok": estimate_request}`` or ``{"error": {"message",
"line", "where"}, "exit": bool}`` on stdout. It ends when stdin closes (the connector stopped).
"""
from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any

from connector.domain.mapping_code import MappingCodeError, render_mapping_code

CPU_GRACE_S = 1  # RLIMIT_CPU counts whole seconds


def _address_space() -> int:
    """The process's virtual size now, in bytes (``VmSize``), the base of its memory limit."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def limit_memory(memory_mb: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def limit_cpu(cpu_s: int) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    wanted = int(usage.ru_utime + usage.ru_stime) + cpu_s + CPU_GRACE_S
    resource.setrlimit(resource.RLIMIT_CPU, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def answer(job: dict[str, Any], memory_mb: int) -> dict[str, Any]:
    try:
        return {"ok": render_mapping_code(job["source"], job["context"])}
    except MappingCodeError as error:
        return {"error": {"message": error.message, "line": error.line, "where": error.where}}
    except MemoryError:
        return {"error": {"message": f"the mapping code needed more than {memory_mb} MB of memory and was stopped",
                          "line": None, "where": "template"}, "exit": True}
    except Exception as error:  # noqa: BLE001 (whatever a template provokes is its error, not the connector's)
        return {"error": {"message": f"{type(error).__name__}: {error}"[:500], "line": None, "where": "template"}}


def serve(memory_mb: int, cpu_s: int) -> int:
    os.nice(19)
    limit_memory(memory_mb)
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        try:
            job = json.loads(line)
        except ValueError:
            return 2  # the connector wrote something else: stop rather than guess
        limit_cpu(cpu_s)
        reply = answer(job, memory_mb)
        try:
            text = json.dumps(reply)
        except (MemoryError, ValueError, RecursionError):
            reply = {"error": {"message": "the mapping code's output could not be sent back", "line": None,
                               "where": "output"}, "exit": True}
            text = json.dumps(reply)
        out.write(text + "\n")
        out.flush()
        if reply.get("exit"):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1]), int(sys.argv[2])))
