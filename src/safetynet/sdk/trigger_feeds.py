"""Multi-feed triggers: `required` of several feeds must each prove the condition (SPEC 3.4,
`set_trigger_feeds`, `report_incident_multi`; docs/parametric.md "Several feeds").

The contract is the judge: each feed's threshold comes from `feed_threshold` (the trigger's
threshold scaled to that feed's decimals, by the contract), each feed's windows from the same
`WindowTracker` as single-feed products (in keep mode, so a run grows past min_duration until
another feed has crossed), and `multi_window` only proposes the combination; the contract
re-reads every round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk import parametric as par
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import acting_as, transact

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

MAX_FEEDS = 5


@dataclass(frozen=True)
class TriggerFeed(Record, shown=("threshold_price",)):
    """One of a product's trigger feeds, with the threshold the contract applies to it."""

    index: int
    feed: str
    decimals: int
    threshold: int  # in this feed's decimals: the feed proves the condition strictly below it

    @property
    def threshold_price(self) -> Decimal:
        """The threshold as a price, without trailing zeros (0.97, whatever the decimals)."""
        price = Decimal(self.threshold).scaleb(-self.decimals)
        return price.quantize(Decimal(1)) if price == price.to_integral() else price.normalize()


@dataclass(frozen=True)
class TriggerFeeds:
    product_id: int
    feeds: list[TriggerFeed]
    required: int

    def as_dict(self) -> dict[str, Any]:
        return {"product_id": self.product_id, "required": self.required,
                "feeds": [f.as_dict() for f in self.feeds]}  # fmt: skip


@dataclass(frozen=True)
class FeedWindow:
    """One feed's window of a multi-feed report: `feed_index` into the trigger feeds."""

    feed_index: int
    round_ids: list[int]
    previous_round: int = 0

    def as_tuple(self) -> tuple[int, list[int], int]:
        return (self.feed_index, list(self.round_ids), self.previous_round)


def set_trigger_feeds(
    p: Protocol, product_id: int, feeds: Sequence[str], required: int, sender: str | None = None
) -> None:
    """Make the product's incident need `required` of `feeds` (governance); the trigger
    (`parametric.set_trigger`) must be set first. Empty `feeds`, `required` 0: back to one."""
    if len(feeds) > MAX_FEEDS:
        raise SafetyNetError(f"a trigger has at most {MAX_FEEDS} feeds, got {len(feeds)}")
    with acting_as(sender or p.admin):
        transact(p.parametric.set_trigger_feeds, product_id, list(feeds), required)


def trigger_feeds(p: Protocol, product_id: int) -> TriggerFeeds | None:
    """The product's trigger feeds and the threshold of each, or None for a single feed."""
    raw = p.parametric.trigger_feeds(product_id)
    addresses = [str(a) for a in raw.feeds]
    if not addresses:
        return None
    feeds = []
    for i, a in enumerate(addresses):
        decimals = int(par.feed_contract(a).decimals())
        feeds.append(TriggerFeed(i, a, decimals, int(p.parametric.feed_threshold(product_id, i))))
    return TriggerFeeds(product_id, feeds, int(raw.required))


def crossing_reported(p: Protocol, product_id: int, feed: str, first_round: int) -> bool:
    """True when `feed`'s crossing at `first_round` is already part of an incident."""
    return int(p.parametric.feed_crossing_incident(product_id, feed, first_round)) != 0


def report_incident_multi(
    p: Protocol,
    product_id: int,
    windows: Sequence[FeedWindow | tuple[int, Sequence[int]]],
    sender: str | None = None,
) -> int:
    """Report an incident proved by several feeds' windows; returns its id. A window
    starting at a phase's round 1 gets its `previous_round` found on its feed."""
    tf = trigger_feeds(p, product_id)
    if tf is None:
        raise SafetyNetError(
            f"product {product_id} has a single trigger feed: report with report_incident"
        )
    args = []
    for w in windows:
        if not isinstance(w, FeedWindow):
            w = FeedWindow(int(w[0]), list(w[1]))
        if not 0 <= w.feed_index < len(tf.feeds):
            raise SafetyNetError(
                f"feed index {w.feed_index} out of range: product {product_id} has "
                f"{len(tf.feeds)} trigger feeds"
            )
        if not 0 < len(w.round_ids) <= par.MAX_ROUNDS:
            raise SafetyNetError(f"a window has 1 to {par.MAX_ROUNDS} rounds")
        previous = w.previous_round or par.previous_round_of(
            par.feed_contract(tf.feeds[w.feed_index].feed), w.round_ids[0]
        )
        args.append((w.feed_index, list(w.round_ids), previous))
    with acting_as(sender):
        return int(transact(p.parametric.report_incident_multi, product_id, args))


def _prefix(run: Sequence[par.Round], time: int, min_duration: int) -> list[par.Round] | None:
    """The shortest start of `run` that spans min_duration and reaches a round stamped at or
    after `time` (so the feed is proved below at that time), or None."""
    for j, r in enumerate(run):
        if r.updated_at >= time and r.updated_at - run[0].updated_at >= min_duration:
            return list(run[: j + 1])
    return None


def multi_window(
    runs: Sequence[Sequence[Sequence[par.Round]]],
    required: int,
    min_duration: int,
    *,
    reported: Callable[[int, int], bool] | None = None,
) -> list[FeedWindow] | None:
    """The earliest incident the contract would accept from the feeds' runs: `runs[i]` are
    feed i's runs below its threshold, each starting at a crossing (keep-mode
    `WindowTracker.runs`). Tries each crossing as the incident's time, earliest first; the
    first at which `required` feeds (that one included) have a run crossed no later and
    reaching it with min_duration covered wins. The earliest time pays every cover a later
    combination would miss, and becomes provable first. Runs whose crossing
    `reported(feed_index, first_round)` are skipped."""
    live = [
        [list(run) for run in feed_runs
         if run and not (reported is not None and reported(i, run[0].round_id))]
        for i, feed_runs in enumerate(runs)
    ]  # fmt: skip
    crossings = sorted({run[0].updated_at for feed_runs in live for run in feed_runs})
    for time in crossings:
        chosen: dict[int, list[par.Round]] = {}
        for i, feed_runs in enumerate(live):
            for run in feed_runs:
                if run[0].updated_at <= time and (w := _prefix(run, time, min_duration)):
                    chosen[i] = w
                    break
        setting = [i for i, w in chosen.items() if w[0].updated_at == time]
        if len(chosen) < required or not setting:
            continue
        picked = [setting[0], *[i for i in sorted(chosen) if i != setting[0]]][:required]
        return [FeedWindow(i, [r.round_id for r in chosen[i]]) for i in sorted(picked)]
    return None


def feed_runs(
    feed: Any, threshold: int, min_duration: int, lookback: int = 2 * par.MAX_ROUNDS
) -> list[list[par.Round]]:
    """One feed's runs below `threshold` in its last `lookback` rounds (latest phase, and
    the round before them to know whether the first may cross)."""
    latest = par.latest_round(feed)
    phase, agg = par.split_round(latest.round_id)
    first_agg = max(1, agg - lookback)
    tracker = par.WindowTracker(threshold, min_duration, keep=True)
    if first_agg > 1:
        before_id = par.round_id(phase, first_agg - 1)
    else:
        before_id = par.previous_round_of(feed, par.round_id(phase, 1))
    if before_id:
        before = par.read_round(feed, before_id)
        if before is not None:
            tracker.feed(before)
    else:
        tracker.crossing = True  # the feed's very first round
    for a in range(first_agg, agg + 1):
        r = par.read_round(feed, par.round_id(phase, a))
        if r is not None:
            tracker.feed(r)
    return tracker.runs()


def provable_windows(p: Protocol, product_id: int) -> list[FeedWindow] | None:
    """The earliest multi-feed incident the contract would accept now (what `incident
    report` without round ids sends for a multi-feed product), or None."""
    tf = trigger_feeds(p, product_id)
    if tf is None:
        raise SafetyNetError(f"product {product_id} has a single trigger feed")
    t = par.trigger(p, product_id)
    assert t is not None  # trigger feeds exist only with a trigger
    runs = [feed_runs(par.feed_contract(f.feed), f.threshold, t.min_duration) for f in tf.feeds]
    return multi_window(
        runs, tf.required, t.min_duration,
        reported=lambda i, rid: crossing_reported(p, product_id, tf.feeds[i].feed, rid),
    )  # fmt: skip


# ------------------------------------------------------------------------------ mock feeds


def set_feed_prices(
    p: Protocol, product_id: int, price: str | Decimal, feed_index: int | None = None
) -> list[tuple[TriggerFeed, par.Round]]:
    """Local mock feeds: push a round with `price` to every trigger feed of the product
    (each in its own decimals), or only to feed `feed_index`. A single-feed product has
    one feed, index 0. Returns each moved feed with its new round."""
    feeds = feeds_of(p, product_id)
    if feed_index is not None:
        if not 0 <= feed_index < len(feeds):
            raise SafetyNetError(
                f"feed index {feed_index} out of range: product {product_id} has "
                f"{len(feeds)} trigger feed{'s' if len(feeds) != 1 else ''} (0..{len(feeds) - 1})"
            )
        feeds = [feeds[feed_index]]
    moved = []
    for f in feeds:
        contract = par.feed_contract(f.feed)
        transact(contract.set_answer, par.price_to_answer(price, f.decimals))
        moved.append((f, par.latest_round(contract)))
    return moved


def feeds_of(p: Protocol, product_id: int) -> list[TriggerFeed]:
    """The feeds a product's incident reads: its trigger feeds, else its one trigger feed."""
    tf = trigger_feeds(p, product_id)
    if tf is not None:
        return tf.feeds
    t = par.trigger(p, product_id)
    if t is None:
        raise SafetyNetError(f"product {product_id} has no parametric trigger (no feed to move)")
    return [TriggerFeed(0, t.feed, t.decimals, t.threshold)]


def repost_silent_feeds(p: Protocol, product_id: int, max_silence: int) -> list[par.Round]:
    """Local mock feeds only: `parametric.repost_if_silent` for every trigger feed."""
    posted = []
    for f in feeds_of(p, product_id):
        contract = par.feed_contract(f.feed)
        latest = par.latest_round(contract)
        if chain.now() - latest.updated_at >= max_silence:
            transact(contract.set_answer, latest.answer)
            posted.append(par.latest_round(contract))
    if posted:
        chain.sync_to_head()
    return posted
