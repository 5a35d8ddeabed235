"""A service as a child process (what `safetynet up` runs next to anvil)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def spawn_service(module: str, args: list[str], log: Path, err: Path) -> subprocess.Popen[bytes]:
    """Start `python -m <module> <args>`: its stdout (JSON log lines) appended to `log`,
    anything else it writes (a crash's traceback) to `err`."""
    for path in (log, err):
        path.parent.mkdir(parents=True, exist_ok=True)
    out = open(log, "ab")  # noqa: SIM115 - the child owns it
    errors = open(err, "ab")  # noqa: SIM115 - the child owns it
    try:
        return subprocess.Popen([sys.executable, "-m", module, *args], stdout=out, stderr=errors)
    finally:
        out.close()
        errors.close()
