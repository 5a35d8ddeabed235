"""The keeper: reports parametric incidents as soon as the feed proves them, pushes payouts to
every affected cover, settles assessed claims whose cooldown passed.

One pass (`Keeper.run_once`):
1. index new covers from Cover's CoverBought events (in-process: from Cover's storage);
2. for every parametric product, read the feed rounds after its cursor (across aggregator
   upgrades: a phase's round 1 follows the previous phase's last round), follow the run of
   below-threshold rounds that started at a crossing, and report the earliest window the
   moment it spans the trigger's min_duration, unless that crossing is already an incident
   (one depeg, one incident); a window starting at a phase's round 1 is reported with the
   previous phase's last round, which proves the crossing;
3. for every incident, pay the covers of its product active at its time, in batches of
   100, through `payout_many` (the contract skips anything already paid);
4. redeem claims whose voting and payout cooldown are over (when Claims is deployed).

The state file (cursors, cover index, what was handled) is rewritten atomically after every
action, so a restart neither repeats work nor skips it; the contract's paid bitmap makes a
repeated batch pay nothing even if the keeper died between sending it and saving.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_never,
    wait_exponential,
)

from safetynet import chain
from safetynet.deploy import Protocol, _chain_id
from safetynet.errors import SafetyNetError
from safetynet.keeper.state import FeedCursor, IncidentCursor, KeeperState
from safetynet.sdk import parametric as par
from safetynet.sdk.core import revert_reason, transact

# Claim statuses (SPEC 3.3) the keeper leaves alone.
CLAIM_PAID = 3
CLAIM_FROZEN = 4
ROUNDS_PER_PASS = 256


def log_action(action: str, stream: TextIO | None = None, **fields: Any) -> None:
    """One structured log line (JSON) per keeper action."""
    line = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "action": action}
    line.update(fields)
    out = stream or sys.stdout
    out.write(json.dumps(line, default=str) + "\n")
    out.flush()


class Keeper:
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
        log: Callable[..., None] = log_action,
    ) -> None:
        if p.parametric is None:
            raise SafetyNetError("this deployment has no Parametric contract: nothing to keep")
        par.memory_fork_on_local_chains()
        self.p = p
        self.path = Path(state_dir) / "keeper.json"
        self.batch = max(1, min(batch, par.MAX_BATCH))
        self.lookback = lookback
        self.mock_heartbeat = mock_heartbeat
        self.log = log
        self.state, why_fresh = KeeperState.load(self.path, _chain_id(), str(p.parametric.address))
        if why_fresh is not None:
            self.state.covers_block = from_block
            self.log("state_fresh", reason=why_fresh, path=str(self.path))
        else:
            self.log("state_loaded", path=str(self.path), incidents=self.state.incidents_seen)

    # -- loop --------------------------------------------------------------------------
    def run(self, interval: float = 5.0, stop: threading.Event | None = None,
            max_passes: int | None = None) -> None:  # fmt: skip
        """Pass after pass until `stop` is set; RPC errors back off and retry, forever."""
        stop = stop or threading.Event()
        passes = 0
        while not stop.is_set():
            self.run_with_retry(stop=stop)
            passes += 1
            if max_passes is not None and passes >= max_passes:
                return
            stop.wait(interval)

    def run_with_retry(
        self, attempts: int | None = None, stop: threading.Event | None = None
    ) -> dict:
        """One pass; transport errors (node down, timeouts) retry with exponential backoff."""

        def _before_sleep(rs: RetryCallState) -> None:
            exc = rs.outcome.exception() if rs.outcome else None
            self.log(
                "rpc_error", attempt=rs.attempt_number, error=_short(exc),
                retry_in=round(rs.next_action.sleep, 2) if rs.next_action else None,
            )  # fmt: skip

        retrying = Retrying(
            retry=retry_if_exception(par.is_transport_error),
            wait=wait_exponential(multiplier=0.5, min=0.5, max=30),
            stop=stop_after_attempt(attempts) if attempts else stop_never,
            before_sleep=_before_sleep,
            sleep=(lambda s: stop.wait(s)) if stop is not None else time.sleep,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                if stop is not None and stop.is_set():
                    return {}
                try:
                    summary = self.run_once()
                except Exception as exc:
                    if par.is_transport_error(exc):
                        raise
                    # Not the node's fault: log it, keep the cursor, try again next pass.
                    self.log("error", step="pass", error=_short(exc))
                    return {}
        if retrying.statistics.get("attempt_number", 1) > 1:
            self.log("rpc_recovered", attempts=retrying.statistics["attempt_number"])
        return summary

    def run_once(self) -> dict[str, int]:
        """One pass over covers, feeds, incidents and claims."""
        par.sync_to_head()
        summary = {"covers_indexed": self.sync_covers(), "reported": 0, "paid_covers": 0,
                   "claims_settled": 0}  # fmt: skip
        if self.mock_heartbeat:
            self.heartbeat()
        for pid in par.parametric_products(self.p):
            summary["reported"] += self._guard(self.watch_feed, pid, what="watch_feed")
        summary["paid_covers"] = self.pay_incidents()
        summary["claims_settled"] = self._guard(self.settle_claims, what="settle_claims")
        return summary

    def _guard(self, fn: Callable[..., int], *args: Any, what: str) -> int:
        """Run one unit of work; a refusal or bug is logged and the pass goes on, transport
        errors propagate to the retry loop."""
        try:
            return fn(*args)
        except Exception as exc:
            if par.is_transport_error(exc):
                raise
            self.log("error", step=what, args=list(args), error=_short(exc))
            return 0

    def save(self) -> None:
        self.state.save(self.path)

    # -- covers ------------------------------------------------------------------------
    def sync_covers(self) -> int:
        """Index covers sold since the last pass (id -> product, start, end)."""
        if chain.is_network():
            head = par.block_number()
            if self.state.covers_block > head:
                return 0
            sales = par.cover_sales(self.p, self.state.covers_block, head)
            next_block = head + 1
        else:
            sales = par.cover_sales_from_state(self.p, self.state.covers_after_id)
            next_block = self.state.covers_block
        for sale in sales:
            self.state.covers[str(sale.cover_id)] = [sale.product_id, sale.start, sale.end]
            self.state.covers_after_id = max(self.state.covers_after_id, sale.cover_id)
        self.state.covers_block = next_block
        if sales:
            self.log("covers_indexed", count=len(sales), last_cover=self.state.covers_after_id)
        self.save()
        return len(sales)

    # -- feeds and incidents -----------------------------------------------------------
    def watch_feed(self, product_id: int) -> int:
        """Read the product's new feed rounds; report the earliest provable window."""
        t = par.trigger(self.p, product_id)
        if t is None:
            return 0
        key = str(product_id)
        fc = self.state.feeds.get(key)
        feed = par.feed_contract(t.feed)
        latest = par.latest_round(feed)
        if fc is None or fc.feed.lower() != t.feed.lower():
            fc = self._start_cursor(feed, t, latest)
            self.state.feeds[key] = fc
            self.log("feed_watched", product=product_id, feed=t.feed, from_round=fc.cursor)
        reported = 0
        for _ in range(ROUNDS_PER_PASS):
            if fc.cursor is None:
                phase = par.split_round(latest.round_id)[0]
                r = par.read_round(feed, par.round_id(phase, 1))
            else:
                r = par.next_round(feed, fc.cursor, latest.round_id)
            if r is None or r.updated_at == 0:
                break  # nothing newer, or a round still being answered: next pass
            reported += self._step(product_id, t, fc, r)
            fc.cursor = r.round_id
        self.save()
        return reported

    def _start_cursor(self, feed: Any, t: par.TriggerInfo, latest: par.Round) -> FeedCursor:
        """First sight of a feed: start `lookback` rounds back in its latest phase (from the
        previous phase's last round when that reaches the phase's round 1)."""
        phase, agg = par.split_round(latest.round_id)
        first = max(1, agg - self.lookback)
        before_id = (
            par.round_id(phase, first - 1)
            if first > 1
            else par.previous_round_of(feed, par.round_id(phase, 1))
        )
        if not before_id:  # the feed's very first round: nothing before it to check
            return FeedCursor(feed=t.feed, cursor=None, crossing=True)
        before = par.read_round(feed, before_id)
        crossing = before is not None and before.complete and before.answer >= t.threshold
        return FeedCursor(feed=t.feed, cursor=before_id, crossing=crossing)

    def _step(self, pid: int, t: par.TriggerInfo, fc: FeedCursor, r: par.Round) -> int:
        """Advance the run by one round (the contract's rules, as a search); report when the
        run spans min_duration. Returns 1 when an incident was reported. Rounds come in feed
        order across phases, so a phase's round 1 is a crossing only if the previous phase's
        last round was at or above the threshold, as the contract checks."""
        if fc.cursor is not None and (
            par.split_round(r.round_id)[0] > par.split_round(fc.cursor)[0] + 1
        ):
            fc.run, fc.crossing = [], False  # an empty phase between: the contract cannot follow
        if not r.complete:
            fc.run, fc.crossing = [], False
            return 0
        if r.answer >= t.threshold:
            fc.run, fc.crossing = [], True
            return 0
        if fc.run and r.updated_at < fc.run[-1][2]:
            fc.run = []
        elif fc.run:
            fc.run.append([r.round_id, r.answer, r.updated_at])
        elif fc.crossing:
            fc.run = [[r.round_id, r.answer, r.updated_at]]
        fc.crossing = False
        if fc.run and len(fc.run) > par.MAX_ROUNDS:
            fc.run = []
        if not fc.run or fc.run[-1][2] - fc.run[0][2] < t.min_duration:
            return 0
        rounds = [x[0] for x in fc.run]
        fc.run = []
        if par.crossing_reported(self.p, pid, rounds[0]):
            self.log("already_reported", product=pid, first_round=rounds[0])
            return 0
        try:
            incident_id = par.report_incident(self.p, pid, rounds)
        except SafetyNetError as exc:
            self.log("report_refused", product=pid, rounds=len(rounds), error=str(exc))
            return 0
        par.sync_to_head()
        info = par.incident(self.p, incident_id)
        self.log(
            "incident_reported", product=pid, incident=incident_id, time=info.time,
            end=info.end, rounds=len(rounds), first_round=rounds[0], last_round=rounds[-1],
        )  # fmt: skip
        self.save()
        return 1

    def heartbeat(self) -> None:
        """Local mock feeds only: re-post the latest answer once `mock_heartbeat` seconds of
        chain time passed without a round, as Chainlink's heartbeat does on real feeds."""
        now = chain.now()
        for pid in par.parametric_products(self.p):
            t = par.trigger(self.p, pid)
            feed = par.feed_contract(t.feed)
            latest = par.latest_round(feed)
            if now - latest.updated_at >= self.mock_heartbeat:
                transact(feed.set_answer, latest.answer)
                self.log("feed_heartbeat", product=pid, answer=latest.answer)
                par.sync_to_head()

    # -- payouts -----------------------------------------------------------------------
    def pay_incidents(self) -> int:
        """Push payouts to every indexed cover each incident affects; returns covers paid."""
        count = int(self.p.parametric.incident_count())
        for iid in range(self.state.incidents_seen + 1, count + 1):
            info = par.incident(self.p, iid)
            self.state.incidents[str(iid)] = IncidentCursor(info.product_id, info.time)
            self.state.incidents_seen = iid
            self.save()
        paid = 0
        for key, inc in self.state.incidents.items():
            handled = set(inc.handled)
            todo = sorted(
                int(cid) for cid, (pid, start, end) in self.state.covers.items()
                if pid == inc.product_id and start <= inc.time <= end and int(cid) not in handled
            )  # fmt: skip
            for i in range(0, len(todo), self.batch):
                paid += self._pay_batch(int(key), inc, todo[i : i + self.batch])
        return paid

    def _pay_batch(self, incident_id: int, inc: IncidentCursor, batch: list[int]) -> int:
        payable = par.payable(self.p, incident_id, batch)
        paid = 0
        if payable:
            try:
                total = par.payout_many(self.p, incident_id, payable)
                paid = len(payable)
                self.log("payout_batch", incident=incident_id, covers=payable, total=total)
            except SafetyNetError as exc:
                # One bad cover (say, an owner the asset refuses) must not block the rest.
                self.log("payout_batch_refused", incident=incident_id, error=str(exc))
                for cover_id in payable:
                    try:
                        amount = par.payout(self.p, cover_id, incident_id)
                        paid += 1
                        self.log("payout", incident=incident_id, cover=cover_id, total=amount)
                    except SafetyNetError as one:
                        self.log("payout_refused", incident=incident_id, cover=cover_id,
                                 error=str(one))  # fmt: skip
        if payable:
            par.sync_to_head()
        skipped = sorted(set(batch) - set(payable))
        if skipped:
            self.log("payout_skipped", incident=incident_id, covers=skipped,
                     reason="already paid or nothing left to pay")  # fmt: skip
        inc.handled.extend(batch)
        self.save()
        return paid

    # -- claims ------------------------------------------------------------------------
    def settle_claims(self) -> int:
        """Redeem claims whose voting ended and payout cooldown passed (anyone may)."""
        claims = self.p.claims
        if claims is None or not hasattr(claims, "claim_count") or not hasattr(claims, "redeem"):
            return 0
        count = int(claims.claim_count())
        now = chain.now()
        settled = 0
        cursor = None
        for claim_id in range(self.state.claims_cursor, count + 1):
            try:
                c = claims.claims(claim_id)
            except Exception as exc:
                if par.is_transport_error(exc):
                    raise
                continue  # not a claim id (ids may start at 1)
            if int(c.status) in (CLAIM_PAID, CLAIM_FROZEN):
                continue  # settled, or frozen: governance resolves it
            # The view shows a live outcome (ACCEPTED/REJECTED) before settlement, and a
            # settled rejection as REJECTED too: redeem decides, "already settled" is final.
            due = int(c.voting_end) + int(claims.payout_cooldown())
            if now < due:
                cursor = claim_id if cursor is None else cursor
                continue
            try:
                transact(claims.redeem, claim_id)
            except SafetyNetError as exc:
                if "already settled" not in str(exc):
                    self.log("claim_refused", claim=claim_id, error=str(exc))
                    cursor = claim_id if cursor is None else cursor
                continue
            settled += 1
            self.log("claim_settled", claim=claim_id, cover=int(c.cover_id))
        self.state.claims_cursor = cursor if cursor is not None else count + 1
        self.save()
        return settled


def _short(exc: BaseException | None) -> str:
    if exc is None:
        return ""
    reason = revert_reason(exc)
    if reason:
        return reason
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and "====" not in ln]
    return f"{type(exc).__name__}: {' | '.join(lines)}"[:600]
