"""Running the indexer as a child process (what `safetynet up` does next to anvil)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def spawn_indexer(rpc_url: str, manifest: Path, database_url: str, log_dir: Path,
                  *, interval: float = 0.5) -> subprocess.Popen[bytes]:  # fmt: skip
    """Start `python -m safetynet.indexer` against `rpc_url`. Its JSON log lines go to
    <log_dir>/indexer.log, anything else (a crash's traceback) to <log_dir>/indexer.err.
    Stop it with `.terminate()` (SIGTERM: it finishes the batch in hand, gives up its
    lease and exits)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable, "-m", "safetynet.indexer", "--rpc-url", rpc_url, "--manifest",
        str(manifest), "--database-url", database_url, "--interval", str(interval),
    ]  # fmt: skip
    log = open(log_dir / "indexer.log", "ab")  # noqa: SIM115 - the child owns it
    err = open(log_dir / "indexer.err", "ab")  # noqa: SIM115 - the child owns it
    try:
        return subprocess.Popen(args, stdout=log, stderr=err)
    finally:
        log.close()
        err.close()
