"""The keeper's persisted cursor: a JSON file rewritten atomically after every action."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# 2: the feed cursor holds the SDK's WindowTracker state; refused reports stay queued.
VERSION = 2


@dataclass
class FeedCursor:
    """Where the keeper is in one product's feed: the last round examined and the state of
    the window tracker fed up to it (`safetynet.sdk.parametric.WindowTracker.as_dict`)."""

    feed: str
    cursor: int | None = None
    tracker: dict[str, Any] = field(default_factory=dict)


@dataclass
class PendingReport:
    """A window found on a feed and not reported yet: tried again after `next_try` (unix
    seconds) until the contract accepts it or its crossing is reported by someone else."""

    product_id: int
    rounds: list[int]
    attempts: int = 0
    next_try: float = 0.0
    last_error: str | None = None
    # A multi-feed incident: feed index (as a string, JSON keys) -> that feed's window.
    windows: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class IncidentCursor:
    product_id: int
    time: int
    handled: list[int] = field(default_factory=list)


@dataclass
class KeeperState:
    chain_id: int
    parametric: str
    covers_block: int = 0
    covers_after_id: int = 0
    covers: dict[str, list[int]] = field(default_factory=dict)
    feeds: dict[str, FeedCursor] = field(default_factory=dict)
    incidents_seen: int = 0
    incidents: dict[str, IncidentCursor] = field(default_factory=dict)
    claims_cursor: int = 1
    pending: dict[str, PendingReport] = field(default_factory=dict)
    # "<product>:<proxy>" -> the implementation last seen in the EIP-1967 slot of a covered
    # proxy that hides it from CodeGuard (tasks/code.py).
    implementation_slots: dict[str, str] = field(default_factory=dict)
    version: int = VERSION

    # -- persistence -------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, chain_id: int, parametric: str) -> tuple[KeeperState, str | None]:
        """The saved state for this chain and deployment, or a fresh one (with the reason)."""
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            return cls(chain_id, parametric), "no saved state"
        except json.JSONDecodeError as exc:
            return cls(chain_id, parametric), f"unreadable state ({exc})"
        if data.get("version") != VERSION:
            return cls(chain_id, parametric), "state of another keeper version"
        if (
            data.get("chain_id") != chain_id
            or str(data.get("parametric")).lower() != parametric.lower()
        ):
            return cls(chain_id, parametric), "state of another chain or deployment"
        state = cls(
            chain_id=chain_id,
            parametric=parametric,
            covers_block=int(data.get("covers_block", 0)),
            covers_after_id=int(data.get("covers_after_id", 0)),
            covers={k: list(v) for k, v in data.get("covers", {}).items()},
            feeds={k: FeedCursor(**v) for k, v in data.get("feeds", {}).items()},
            incidents_seen=int(data.get("incidents_seen", 0)),
            incidents={k: IncidentCursor(**v) for k, v in data.get("incidents", {}).items()},
            claims_cursor=int(data.get("claims_cursor", 1)),
            pending={k: PendingReport(**v) for k, v in data.get("pending", {}).items()},
            implementation_slots=dict(data.get("implementation_slots", {})),
        )
        return state, None

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves either the old or the new file, never half."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = asdict(self)
        fd, tmp = tempfile.mkstemp(prefix=".keeper-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "w") as f:
                json.dump(data, f, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
