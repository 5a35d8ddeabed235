"""Task: watch every parametric product's feed, round by round, through the SDK's
`WindowTracker` (the one implementation of the contract's window rules), and queue the
window it finds for `reports`. Plus the local mock feeds' heartbeat.

Rounds are read in feed order across aggregator upgrades (a phase's round 1 follows the
previous phase's last round). On first sight of a feed the walk starts `lookback` rounds
back, fed the round before them so the tracker knows whether the next round may cross.

A product with trigger feeds (`sdk.trigger_feeds`) has one cursor per feed ("<product>/<i>"),
each with a keep-mode tracker at that feed's threshold; after the walk, `multi_window` picks
the earliest incident `required` feeds prove together, queued the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from safetynet import chain
from safetynet.keeper.context import KeeperContext
from safetynet.keeper.state import FeedCursor, PendingReport
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tfeeds
from safetynet.service.log import short_error

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
            ctx.log("error", step="watch_feed", args=[pid], error=short_error(exc))
    return queued


def watch(ctx: KeeperContext, product_id: int) -> int:
    """Read the product's rounds after its cursor; queue the window the tracker finds."""
    t = par.trigger(ctx.p, product_id)
    if t is None:
        return 0
    tf = tfeeds.trigger_feeds(ctx.p, product_id)
    if tf is not None:
        return _watch_multi(ctx, t, tf)
    queued = 0
    for window in _walk(ctx, str(product_id), product_id, t.feed, t, keep=False):
        queued += _queue(ctx, product_id, [x.round_id for x in window])
    ctx.save()
    return queued


def _watch_multi(ctx: KeeperContext, t: par.TriggerInfo, tf: tfeeds.TriggerFeeds) -> int:
    """Walk every trigger feed, then queue the earliest incident `required` of them prove."""
    pid = tf.product_id
    runs = []
    for f in tf.feeds:
        key = f"{pid}/{f.index}"
        threshold_t = par.TriggerInfo(pid, f.feed, f.threshold, t.min_duration, t.payout_bps,
                                      f.decimals)  # fmt: skip
        for _ in _walk(ctx, key, pid, f.feed, threshold_t, keep=True):
            pass
        tracker = par.WindowTracker.from_dict(f.threshold, t.min_duration,
                                              ctx.state.feeds[key].tracker)  # fmt: skip
        # Forget proved runs whose crossing is an incident already: never proposed again.
        tracker.proved = [
            run for run in tracker.proved
            if not tfeeds.crossing_reported(ctx.p, pid, f.feed, run[0].round_id)
        ]  # fmt: skip
        ctx.state.feeds[key].tracker = tracker.as_dict()
        runs.append(tracker.runs())
    for stale in [k for k in ctx.state.feeds if k.startswith(f"{pid}/")]:
        if int(stale.split("/")[1]) >= len(tf.feeds):
            del ctx.state.feeds[stale]
    ctx.save()
    windows = tfeeds.multi_window(
        runs, tf.required, t.min_duration,
        reported=lambda i, rid: tfeeds.crossing_reported(ctx.p, pid, tf.feeds[i].feed, rid),
    )  # fmt: skip
    if windows is None:
        return 0
    return _queue_multi(ctx, pid, tf, windows)


def _walk(
    ctx: KeeperContext, key: str, product_id: int, address: str, t: par.TriggerInfo, *, keep: bool
) -> Iterator[list[par.Round]]:
    """Feed the rounds after cursor `key` to its tracker; yields each window it returns."""
    fc = ctx.state.feeds.get(key)
    feed = par.feed_contract(address)
    latest = par.latest_round(feed)
    if fc is None or fc.feed.lower() != address.lower():
        for stale in [k for k, r in ctx.state.pending.items() if r.product_id == product_id]:
            del ctx.state.pending[stale]  # windows of the old feed: the contract reads the new
        fc = _start(ctx, feed, t, latest, keep=keep)
        ctx.state.feeds[key] = fc
        ctx.log("feed_watched", product=product_id, feed=address, from_round=fc.cursor)
    tracker = par.WindowTracker.from_dict(t.threshold, t.min_duration, fc.tracker)
    tracker.keep = keep
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
            yield window
    fc.tracker = tracker.as_dict()


def _start(
    ctx: KeeperContext, feed: Any, t: par.TriggerInfo, latest: par.Round, *, keep: bool = False
) -> FeedCursor:
    """First sight of a feed: start `lookback` rounds back in its latest phase (from the
    previous phase's last round when that reaches the phase's round 1)."""
    phase, agg = par.split_round(latest.round_id)
    first = max(1, agg - ctx.lookback)
    before_id = (
        par.round_id(phase, first - 1)
        if first > 1
        else par.previous_round_of(feed, par.round_id(phase, 1))
    )
    tracker = par.WindowTracker(t.threshold, t.min_duration, keep=keep)
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


def _queue_multi(
    ctx: KeeperContext, product_id: int, tf: tfeeds.TriggerFeeds, windows: list[tfeeds.FeedWindow]
) -> int:
    """Hand a multi-feed incident to `reports` (once per set of crossings)."""
    key = f"{product_id}:" + ",".join(f"{w.feed_index}@{w.round_ids[0]}" for w in windows)
    if key in ctx.state.pending:
        return 0
    ctx.state.pending[key] = PendingReport(
        product_id=product_id, rounds=list(windows[0].round_ids),
        windows={str(w.feed_index): list(w.round_ids) for w in windows},
    )  # fmt: skip
    ctx.log("windows_found", product=product_id, feeds=[w.feed_index for w in windows],
            required=tf.required, first_rounds=[w.round_ids[0] for w in windows])  # fmt: skip
    ctx.save()
    return 1


def heartbeat(ctx: KeeperContext) -> int:
    """Local mock feeds only (`mock_heartbeat` seconds): re-post a silent feed's answer."""
    if not ctx.mock_heartbeat:
        return 0
    posted = 0
    for pid in par.parametric_products(ctx.p):
        for r in tfeeds.repost_silent_feeds(ctx.p, pid, ctx.mock_heartbeat):
            ctx.log("feed_heartbeat", product=pid, answer=r.answer)
            posted += 1
    return posted
