"""What every keeper task works with: the deployment, the persisted state, the log, the
tuning knobs. One object, handed to each task on every pass."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetynet.deploy import Protocol
from safetynet.keeper.log import log_action
from safetynet.keeper.state import KeeperState
from safetynet.sdk import parametric as par


@dataclass
class KeeperContext:
    """The deployment, the state (checkpointed with `save` after every action) and settings."""

    p: Protocol
    state: KeeperState
    path: Path
    log: Callable[..., None] = log_action
    batch: int = par.MAX_BATCH
    lookback: int = 2 * par.MAX_ROUNDS
    mock_heartbeat: int | None = None
    # A refused report waits `report_backoff` seconds, doubling per refusal up to the max.
    report_backoff: float = 5.0
    report_backoff_max: float = 600.0
    clock: Callable[[], float] = time.time
    extra: dict[str, Any] = field(default_factory=dict)

    def save(self) -> None:
        """Checkpoint: the state file is replaced atomically (see `KeeperState.save`)."""
        self.state.save(self.path)
