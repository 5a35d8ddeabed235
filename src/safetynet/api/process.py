"""Running the API as a child process (what `safetynet up` does next to anvil and the keeper)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def spawn_api(
    rpc_url: str, manifest: Path, log_dir: Path, *, port: int | None = None
) -> subprocess.Popen[bytes]:
    """Start `safetynet serve` against `rpc_url` (Settings give the database and, unless
    `port` is passed, the port). Its access log goes to <log_dir>/api.log. Stop it with
    `.terminate()` (uvicorn finishes the requests in flight and exits)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable, "-m", "safetynet.cli.main", "--rpc-url", rpc_url,
        "--manifest", str(manifest), "serve",
    ]  # fmt: skip
    if port is not None:
        args += ["--port", str(port)]
    log = open(log_dir / "api.log", "ab")  # noqa: SIM115 - the child owns it
    try:
        return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    finally:
        log.close()
