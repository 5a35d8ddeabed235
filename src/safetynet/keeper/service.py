"""The keeper: reports parametric incidents as soon as the feed proves them, pushes payouts to
every affected cover, settles assessed claims whose cooldown passed.

`Keeper` puts the runner (`runner.py`: loop, backoff, checkpoint) and the tasks
(`tasks/`: index covers, watch feeds, report incidents, push payouts, settle claims)
together for one deployment. One pass (`Keeper.run_once`):
1. index new covers from Cover's CoverBought events (in-process: from Cover's storage);
2. feed every parametric product's new rounds to the SDK's `WindowTracker` (the contract's
   window rules, one implementation) and queue the window it finds;
3. report queued windows; one the contract refuses stays queued and is tried again later
   with backoff; one whose crossing is already an incident is done (one depeg, one incident);
4. for every incident, pay the covers of its product active at its time, in batches,
   through `payout_many` (the contract skips anything already paid);
5. redeem claims whose voting and payout cooldown are over (when Claims is deployed).

The state file (cursors, tracker, queued reports, cover index, what was handled) is
rewritten atomically after every action, so a restart neither repeats work nor skips it;
the contract's paid bitmap and crossing record make a repeated send a no-op.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from safetynet import chain
from safetynet.deploy import Protocol, _chain_id
from safetynet.errors import SafetyNetError
from safetynet.keeper.context import KeeperContext
from safetynet.keeper.log import log_action
from safetynet.keeper.runner import Runner
from safetynet.keeper.state import KeeperState
from safetynet.keeper.tasks import TASKS, claims, covers, feeds, payouts
from safetynet.sdk import parametric as par


class Keeper(Runner):
    """Watches one deployment; `run` loops, `run_once` is one pass."""

    def __init__(
        self,
        p: Protocol,
        state_dir: Path,
        *,
        batch: int = par.MAX_BATCH,
        lookback: int = 2 * par.MAX_ROUNDS,
        from_block: int = 0,
        mock_heartbeat: int | None = None,
        report_backoff: float = 5.0,
        report_backoff_max: float = 600.0,
        log: Callable[..., None] = log_action,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if p.parametric is None:
            raise SafetyNetError("this deployment has no Parametric contract: nothing to keep")
        par.memory_fork_on_local_chains()
        path = Path(state_dir) / "keeper.json"
        state, why_fresh = KeeperState.load(path, _chain_id(), str(p.parametric.address))
        ctx = KeeperContext(
            p=p, state=state, path=path, log=log, batch=max(1, min(batch, par.MAX_BATCH)),
            lookback=lookback, mock_heartbeat=mock_heartbeat, report_backoff=report_backoff,
            report_backoff_max=report_backoff_max, clock=clock,
        )  # fmt: skip
        super().__init__(ctx, TASKS, before_pass=chain.sync_to_head)
        if why_fresh is not None:
            state.covers_block = from_block
            log("state_fresh", reason=why_fresh, path=str(path))
        else:
            log("state_loaded", path=str(path), incidents=state.incidents_seen)

    # The state and the tasks one by one (tests and tools drive them directly).
    @property
    def p(self) -> Protocol:
        return self.ctx.p

    @property
    def state(self) -> KeeperState:
        return self.ctx.state

    @property
    def path(self) -> Path:
        return self.ctx.path

    def save(self) -> None:
        self.ctx.save()

    def sync_covers(self) -> int:
        return covers.run(self.ctx)

    def watch_feed(self, product_id: int) -> int:
        return feeds.watch(self.ctx, product_id)

    def pay_incidents(self) -> int:
        return payouts.run(self.ctx)

    def settle_claims(self) -> int:
        return claims.run(self.ctx)

    def heartbeat(self) -> int:
        return feeds.heartbeat(self.ctx)


__all__ = ["Keeper", "log_action"]
