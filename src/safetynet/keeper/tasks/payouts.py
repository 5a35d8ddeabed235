"""Task: push payouts. Every incident (anyone's report) pays the indexed covers of its
product active at its time, in batches through `payout_many`; the contract skips anything
already paid, so a batch repeated after a crash pays nothing twice."""

from __future__ import annotations

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.keeper.context import KeeperContext
from safetynet.keeper.state import IncidentCursor
from safetynet.sdk import parametric as par


def run(ctx: KeeperContext) -> int:
    """Learn new incidents, then pay what they owe; returns how many covers were paid."""
    state = ctx.state
    for info in par.incidents(ctx.p, since=state.incidents_seen):
        state.incidents[str(info.incident_id)] = IncidentCursor(info.product_id, info.time)
        state.incidents_seen = info.incident_id
        ctx.save()
    paid = 0
    for key, inc in state.incidents.items():
        handled = set(inc.handled)
        todo = sorted(
            int(cid) for cid, (pid, start, end) in state.covers.items()
            if pid == inc.product_id and start <= inc.time <= end and int(cid) not in handled
        )  # fmt: skip
        for i in range(0, len(todo), ctx.batch):
            paid += _pay_batch(ctx, int(key), inc, todo[i : i + ctx.batch])
    return paid


def _pay_batch(ctx: KeeperContext, incident_id: int, inc: IncidentCursor, batch: list[int]) -> int:
    payable = par.payable(ctx.p, incident_id, batch)
    paid = 0
    if payable:
        try:
            total = par.payout_many(ctx.p, incident_id, payable)
            paid = len(payable)
            ctx.log("payout_batch", incident=incident_id, covers=payable, total=total)
        except SafetyNetError as exc:
            # One bad cover (say, an owner the asset refuses) must not block the rest.
            ctx.log("payout_batch_refused", incident=incident_id, error=str(exc))
            for cover_id in payable:
                try:
                    amount = par.payout(ctx.p, cover_id, incident_id)
                    paid += 1
                    ctx.log("payout", incident=incident_id, cover=cover_id, total=amount)
                except SafetyNetError as one:
                    ctx.log("payout_refused", incident=incident_id, cover=cover_id,
                            error=str(one))  # fmt: skip
        chain.sync_to_head()
    skipped = sorted(set(batch) - set(payable))
    if skipped:
        ctx.log("payout_skipped", incident=incident_id, covers=skipped,
                reason="already paid or nothing left to pay")  # fmt: skip
    inc.handled.extend(batch)
    ctx.save()
    return paid
