"""Running the indexer as a child process (what `safetynet up` does next to anvil)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from safetynet.service.process import spawn_service


def spawn_indexer(rpc_url: str, manifest: Path, database_url: str, log_dir: Path,
                  *, interval: float = 0.5) -> subprocess.Popen[bytes]:  # fmt: skip
    """Start `python -m safetynet.indexer` against `rpc_url`. Its JSON log lines go to
    <log_dir>/indexer.log, anything else (a crash's traceback) to <log_dir>/indexer.err.
    Stop it with `.terminate()` (SIGTERM: it finishes the batch in hand, gives up its
    lease and exits)."""
    args = ["--rpc-url", rpc_url, "--manifest", str(manifest), "--database-url", database_url,
            "--interval", str(interval)]  # fmt: skip
    log, err = log_dir / "indexer.log", log_dir / "indexer.err"
    return spawn_service("safetynet.indexer", args, log, err)
