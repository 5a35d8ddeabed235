"""Task: watch every parametric product's feed, round by round, through the SDK's
`WindowTracker` (the one implementation of the contract's window rules), and queue the
window it finds for `reports`. Plus the local mock feeds' heartbeat.

Rounds are read in feed order across aggregator upgrades (a phase's round 1 follows the
previous phase's last round). On first sight of a feed the walk starts `lookback` rounds
back, fed the round before them so the tracker knows whether the next round may cross.
"""

from __future__ import annotations

from typing import Any

from safetynet import chain
from safetynet.keeper.context import KeeperContext
from safetynet.keeper.state import FeedCursor, PendingReport
from safetynet.sdk import parametric as par

ROUNDS_PER_PASS = 256


def run(ctx: KeeperContext) -> int:
    """Every product's new rounds; returns how many windows were queued. A product's
    failure is logged and the others go on."""
    queued = 0
    for pid in par.parametric_products(ctx.p):
        try:
            queued += watch(ctx, pid)
        except Exception as exc:
            if chain.is_transport_error(exc):
                raise
            from safetynet.keeper.runner import short_error

            ctx.log("error", step="watch_feed", args=[pid], error=short_error(exc))
    return queued


def watch(ctx: KeeperContext, product_id: int) -> int:
    """Read the product's rounds after its cursor; queue the window the tracker finds."""
    t = par.trigger(ctx.p, product_id)
    if t is None:
        return 0
    key = str(product_id)
    fc = ctx.state.feeds.get(key)
    feed = par.feed_contract(t.feed)
    latest = par.latest_round(feed)
    if fc is None or fc.feed.lower() != t.feed.lower():
        for stale in [k for k, r in ctx.state.pending.items() if r.product_id == product_id]:
            del ctx.state.pending[stale]  # windows of the old feed: the contract reads the new
        fc = _start(ctx, feed, t, latest)
        ctx.state.feeds[key] = fc
        ctx.log("feed_watched", product=product_id, feed=t.feed, from_round=fc.cursor)
    tracker = par.WindowTracker.from_dict(t.threshold, t.min_duration, fc.tracker)
    queued = 0
    for _ in range(ROUNDS_PER_PASS):
        if fc.cursor is None:
            phase = par.split_round(latest.round_id)[0]
            r = par.read_round(feed, par.round_id(phase, 1))
        else:
            r = par.next_round(feed, fc.cursor, latest.round_id)
        if r is None or r.updated_at == 0:
            break  # nothing newer, or a round still being answered: next pass
        window = tracker.feed(r)
        fc.cursor = r.round_id
        fc.tracker = tracker.as_dict()
        if window is not None:
            queued += _queue(ctx, product_id, [x.round_id for x in window])
    fc.tracker = tracker.as_dict()
    ctx.save()
    return queued


def _start(ctx: KeeperContext, feed: Any, t: par.TriggerInfo, latest: par.Round) -> FeedCursor:
    """First sight of a feed: start `lookback` rounds back in its latest phase (from the
    previous phase's last round when that reaches the phase's round 1)."""
    phase, agg = par.split_round(latest.round_id)
    first = max(1, agg - ctx.lookback)
    before_id = (
        par.round_id(phase, first - 1)
        if first > 1
        else par.previous_round_of(feed, par.round_id(phase, 1))
    )
    tracker = par.WindowTracker(t.threshold, t.min_duration)
    if not before_id:  # the feed's very first round: nothing before it to check
        tracker.crossing = True
        return FeedCursor(feed=t.feed, cursor=None, tracker=tracker.as_dict())
    before = par.read_round(feed, before_id)
    if before is not None:
        tracker.feed(before)
    return FeedCursor(feed=t.feed, cursor=before_id, tracker=tracker.as_dict())


def _queue(ctx: KeeperContext, product_id: int, rounds: list[int]) -> int:
    """Hand a window to `reports` (once per crossing)."""
    key = f"{product_id}:{rounds[0]}"
    if key in ctx.state.pending:
        return 0
    ctx.state.pending[key] = PendingReport(product_id=product_id, rounds=rounds)
    ctx.log("window_found", product=product_id, rounds=len(rounds), first_round=rounds[0],
            last_round=rounds[-1])  # fmt: skip
    ctx.save()
    return 1


def heartbeat(ctx: KeeperContext) -> int:
    """Local mock feeds only (`mock_heartbeat` seconds): re-post a silent feed's answer."""
    if not ctx.mock_heartbeat:
        return 0
    posted = 0
    for pid in par.parametric_products(ctx.p):
        r = par.repost_if_silent(ctx.p, pid, ctx.mock_heartbeat)
        if r is not None:
            ctx.log("feed_heartbeat", product=pid, answer=r.answer)
            posted += 1
    return posted
