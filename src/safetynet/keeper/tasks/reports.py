"""Task: report the queued windows. A window the contract refuses (say "parametric: round
stamped in the future", the feed's clock ahead of the chain's) stays queued and is tried
again on a later pass, after a backoff that doubles per refusal; the refusal is logged
when its reason changes, not on every try. A window whose crossing is already an incident
(reported by anyone) is done."""

from __future__ import annotations

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.keeper.context import KeeperContext
from safetynet.keeper.state import PendingReport
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tfeeds


def run(ctx: KeeperContext) -> int:
    """Try every queued window that is due; returns how many were reported."""
    reported = 0
    for key, pending in list(ctx.state.pending.items()):
        if ctx.clock() < pending.next_try:
            continue
        reported += _try(ctx, key, pending)
    return reported


def _try(ctx: KeeperContext, key: str, pending: PendingReport) -> int:
    pid, rounds = pending.product_id, pending.rounds
    if _reported(ctx, pending):
        ctx.log("already_reported", product=pid, first_round=rounds[0])
        del ctx.state.pending[key]
        ctx.save()
        return 0
    try:
        if pending.windows:
            windows = [tfeeds.FeedWindow(int(i), r) for i, r in sorted(pending.windows.items())]
            incident_id = tfeeds.report_incident_multi(ctx.p, pid, windows)
        else:
            incident_id = par.report_incident(ctx.p, pid, rounds)
    except SafetyNetError as exc:
        pending.attempts += 1
        delay = min(ctx.report_backoff_max, ctx.report_backoff * 2 ** (pending.attempts - 1))
        pending.next_try = ctx.clock() + delay
        if str(exc) != pending.last_error:
            pending.last_error = str(exc)
            ctx.log("report_refused", product=pid, rounds=len(rounds), first_round=rounds[0],
                    error=str(exc), attempts=pending.attempts, retry_in=delay)  # fmt: skip
        ctx.save()
        return 0
    del ctx.state.pending[key]
    ctx.save()  # before anything else can fail: the report is on chain
    chain.sync_to_head()
    info = par.incident(ctx.p, incident_id)
    ctx.log(
        "incident_reported", product=pid, incident=incident_id, time=info.time, end=info.end,
        rounds=len(rounds), first_round=rounds[0], last_round=rounds[-1],
        attempts=pending.attempts + 1, feeds=sorted(int(i) for i in pending.windows) or None,
    )  # fmt: skip
    return 1


def _reported(ctx: KeeperContext, pending: PendingReport) -> bool:
    """Whether any crossing of the window(s) is already part of an incident (anyone's)."""
    if not pending.windows:
        return par.crossing_reported(ctx.p, pending.product_id, pending.rounds[0])
    tf = tfeeds.trigger_feeds(ctx.p, pending.product_id)
    if tf is None:
        return True  # the product went back to a single feed: this proposal is moot
    return any(
        int(i) >= len(tf.feeds)
        or tfeeds.crossing_reported(ctx.p, pending.product_id, tf.feeds[int(i)].feed, r[0])
        for i, r in pending.windows.items()
    )
