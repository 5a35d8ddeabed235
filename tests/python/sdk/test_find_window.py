"""The keeper's window search (sdk.parametric.find_window) against the contract's own rules:
whatever it proposes, report_incident accepts; when it finds nothing, no window exists; and
no window the contract would accept starts earlier."""

import boa
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.sdk import parametric as par
from tests.utils.constants import DEPEG, HOUR, PEG, THRESHOLD
from tests.utils.strategies import FIXTURES_OK

ANSWERS = st.sampled_from([PEG, DEPEG, THRESHOLD, THRESHOLD - 1, THRESHOLD + 1])
GAPS = st.one_of(st.just(0), st.integers(1, 2 * HOUR))


def _earliest_accepted(parametric, pid, ids):
    """Brute force: the first (start, end) window report_incident accepts, each tried with
    the round before it as `previous_round` (what proves a crossing at a phase's round 1)."""
    for i in range(len(ids)):
        for j in range(i, len(ids)):
            with boa.env.anchor():
                try:
                    parametric.report_incident(pid, ids[i : j + 1], ids[i - 1] if i else 0)
                except Exception:  # noqa: BLE001 - any refusal means "not this window"
                    continue
            return i, j
    return None


def _walk(feed):
    """Every round of the feed in order, across phases (as the keeper walks them)."""
    latest = feed.latestRoundData()[0]
    rounds = [par.read_round(feed, par.round_id(1, 1))]
    while (nxt := par.next_round(feed, rounds[-1].round_id, latest)) is not None:
        rounds.append(nxt)
    return rounds


@settings(FIXTURES_OK, max_examples=20)  # each example replays up to 36 reports (brute force)
@given(steps=st.lists(st.tuples(ANSWERS, GAPS), min_size=1, max_size=8))
def test_find_window__any_feed_history__agrees_with_report_incident(
    protocol, feed, depeg_product, steps
):
    with boa.env.anchor():
        for answer, gap in steps:
            boa.env.time_travel(seconds=gap)
            feed.set_answer(answer)
        latest = feed.latestRoundData()[0]
        ids = [par.round_id(1, a) for a in range(1, (latest & par.AGGREGATOR_MASK) + 1)]
        rounds = [par.read_round(feed, rid) for rid in ids]

        proposed = par.find_window(rounds, THRESHOLD, HOUR, preceded_by_crossing=True)
        earliest = _earliest_accepted(protocol.parametric, depeg_product, ids)

        if proposed is None:
            assert earliest is None
        else:
            assert earliest == (ids.index(proposed[0]), ids.index(proposed[-1]))
            incident_id = protocol.parametric.report_incident(depeg_product, proposed)
            assert protocol.parametric.incidents(incident_id).time == rounds[earliest[0]].updated_at


PHASE = "new phase"
STEPS_WITH_PHASES = st.lists(
    st.one_of(st.tuples(ANSWERS, GAPS), st.just((PHASE, 0))), min_size=1, max_size=9
)


@settings(FIXTURES_OK, max_examples=25)
@given(steps=STEPS_WITH_PHASES)
def test_find_window__phase_changes_anywhere__agrees_with_report_incident(
    protocol, feed, depeg_product, steps
):
    """Aggregator upgrades at any point (even two in a row): the window the SDK proposes,
    reported with the previous round the SDK finds, is the earliest the contract accepts."""
    with boa.env.anchor():
        for answer, gap in steps:
            if answer == PHASE:
                feed.new_phase()
                continue
            boa.env.time_travel(seconds=gap)
            feed.set_answer(answer)
        rounds = _walk(feed)
        ids = [r.round_id for r in rounds]

        proposed = par.find_window(rounds, THRESHOLD, HOUR, preceded_by_crossing=True)
        earliest = _earliest_accepted(protocol.parametric, depeg_product, ids)

        if proposed is None:
            assert earliest is None
        else:
            assert earliest == (ids.index(proposed[0]), ids.index(proposed[-1]))
            previous = par.previous_round_of(feed, proposed[0])
            incident_id = protocol.parametric.report_incident(depeg_product, proposed, previous)
            assert protocol.parametric.incidents(incident_id).time == rounds[earliest[0]].updated_at
            reported = lambda rid: protocol.parametric.crossing_incident(depeg_product, rid) != 0  # noqa: E731
            again = par.find_window(
                rounds, THRESHOLD, HOUR, preceded_by_crossing=True, reported=reported
            )
            if again is not None:  # a later, separate depeg: accepted too
                assert again[0] != proposed[0]
                protocol.parametric.report_incident(
                    depeg_product, again, par.previous_round_of(feed, again[0])
                )


# Every way a round can be stamped: on time after a gap, zero (never answered), earlier than
# the round before it (out of order), or ahead of the chain's clock (caught up before asking).
STAMPS = st.sampled_from(["on time", "zero", "earlier", "ahead"])
STEPS_WITH_STAMPS = st.lists(
    st.one_of(st.tuples(ANSWERS, GAPS, STAMPS), st.just((PHASE, 0, "on time"))),
    min_size=1,
    max_size=12,
)


def _push_stamped(feed, answer, gap, stamp) -> int:
    """One round with `answer`; returns the latest stamp it could carry."""
    boa.env.time_travel(seconds=gap)
    now = boa.env.evm.patch.timestamp
    at = {"on time": now, "zero": 0, "earlier": now - HOUR // 2, "ahead": now + HOUR // 2}[stamp]
    feed.set_answer_at(answer, at)
    return at


def _accepted_windows(parametric, feed, pid, rounds):
    """The contract's answer, crossing by crossing: for each start, the shortest window
    `report_incident` accepts (with the previous round the SDK finds); a refusal other than
    "too short" is final for that start, since a longer window contains the same rounds."""
    ids = [r.round_id for r in rounds]
    found = set()
    for i in range(len(ids)):
        previous = par.previous_round_of(feed, ids[i])
        for j in range(i, min(len(ids), i + par.MAX_ROUNDS)):
            with boa.env.anchor():
                try:
                    parametric.report_incident(pid, ids[i : j + 1], previous)
                except Exception as exc:  # noqa: BLE001 - the reason decides
                    if "window shorter than min duration" in str(exc):
                        continue
                    break
            found.add((ids[i], ids[j]))
            break
    return found


@settings(FIXTURES_OK, max_examples=40)
@given(steps=STEPS_WITH_STAMPS)
def test_window_tracker__any_stamps_and_phases__emits_exactly_the_windows_the_contract_accepts(
    protocol, feed, depeg_product, steps
):
    """The keeper's streaming tracker, fed round by round, emits one window per crossing the
    contract would accept (its shortest), and nothing else, whatever the stamps do."""
    with boa.env.anchor():
        latest_stamp = 0
        for answer, gap, stamp in steps:
            if answer == PHASE:
                feed.new_phase()
                continue
            latest_stamp = max(latest_stamp, _push_stamped(feed, answer, gap, stamp))
        now = boa.env.evm.patch.timestamp
        if latest_stamp > now:  # rounds "ahead" are judged once the clock caught up
            boa.env.time_travel(seconds=latest_stamp - now)
        rounds = _walk(feed)

        tracker = par.WindowTracker(THRESHOLD, HOUR, crossing=True)  # round 1 is the feed's first
        emitted = {(w[0].round_id, w[-1].round_id) for r in rounds if (w := tracker.feed(r))}

        assert emitted == _accepted_windows(protocol.parametric, feed, depeg_product, rounds)


def test_window_tracker__state_saved_and_restored_mid_run__same_window():
    """The keeper persists the tracker between passes: a restored tracker continues the run."""
    rounds = [par.Round(par.round_id(1, a), DEPEG, 1_000 + 1_800 * a, par.round_id(1, a))
              for a in range(1, 5)]  # fmt: skip
    whole = par.WindowTracker(THRESHOLD, HOUR, crossing=True)
    assert [whole.feed(r) for r in rounds][-2] == rounds[:3]

    halves = par.WindowTracker(THRESHOLD, HOUR, crossing=True)
    assert halves.feed(rounds[0]) is None and halves.feed(rounds[1]) is None
    restored = par.WindowTracker.from_dict(THRESHOLD, HOUR, halves.as_dict())
    assert restored.feed(rounds[2]) == rounds[:3]
    assert restored.feed(rounds[3]) is None  # one crossing, one window
