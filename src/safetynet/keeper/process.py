"""Running the keeper as a child process (what `safetynet up` does next to anvil)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from safetynet.service.process import spawn_service

# Local mock feeds stay silent unless someone moves them; Chainlink feeds post a round at
# least every heartbeat. Ten minutes of chain time makes `dev time-travel` behave like it.
LOCAL_HEARTBEAT = 600


def spawn_keeper(
    rpc_url: str,
    manifest: Path,
    state_dir: Path,
    *,
    account: int | None = None,
    interval: float = 2.0,
    mock_heartbeat: int | None = LOCAL_HEARTBEAT,
    log_path: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start `python -m safetynet.keeper` against `rpc_url`, signing with the keeper's own
    key (Settings: SAFETYNET_KEEPER_PRIVATE_KEY, else anvil account 9) unless `account`
    says otherwise. Its JSON log lines go to `log_path` (default <state_dir>/keeper.log),
    anything else it writes (a crash's traceback) to <state_dir>/keeper.err. Stop it with
    `.terminate()` (SIGTERM: it finishes the current action and exits)."""
    args = ["--rpc-url", rpc_url, "--manifest", str(manifest), "--state-dir", str(state_dir),
            "--interval", str(interval)]  # fmt: skip
    if account is not None:
        args += ["--account", str(account)]
    if mock_heartbeat:
        args += ["--mock-heartbeat", str(mock_heartbeat)]
    log = log_path or state_dir / "keeper.log"
    return spawn_service("safetynet.keeper", args, log, state_dir / "keeper.err")
