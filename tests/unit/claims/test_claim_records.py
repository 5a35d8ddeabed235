"""claim_records: every packed record round-trips at its field widths and refuses overflow."""

import boa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.constants import ZERO
from tests.utils.contracts import harness_deployer


def bits(n: int) -> st.SearchStrategy[int]:
    """Log-uniform-ish draw up to n bits: small values and the edges both show up."""
    return st.one_of(
        st.integers(0, 2**n - 1),
        st.integers(0, n).map(lambda k: 2**k - 1),
        st.just(2**n - 1),
    )


@pytest.fixture(scope="module")
def harness():
    return harness_deployer("RecordsHarness").deploy()


UNIT = 10**9  # claim_records.WEIGHT_UNIT


@given(
    accept=bits(64), reject=bits(64), submitted=bits(32), offset=bits(24), silent=bits(24),
    cooldown=bits(24), ext=bits(2), status=bits(3), quorum=st.booleans(), cause=bits(4),
    reward=bits(14),
)  # fmt: skip
def test_state__any_fields__round_trip(
    harness, accept, reject, submitted, offset, silent, cooldown, ext, status, quorum, cause,
    reward,
):  # fmt: skip
    s = (accept * UNIT, reject * UNIT, submitted, submitted + offset, silent, cooldown, ext,
         status, quorum, cause, reward)  # fmt: skip
    assert tuple(harness.state_roundtrip(s)) == s


@given(amount=bits(84), deposit=bits(84), cover_id=bits(32), incident=bits(32))
def test_terms__any_fields__round_trip(harness, amount, deposit, cover_id, incident):
    t = (amount, deposit, cover_id, incident, 10_000 * 10**18)
    assert tuple(harness.terms_roundtrip(t, (7 << 20) | 10**6)) == t


@given(base=bits(88), fresh=bits(88), fresh_time=bits(40), locked=bits(40))
def test_stake__any_fields__round_trip(harness, base, fresh, fresh_time, locked):
    s = (base, fresh, fresh_time, locked)
    assert tuple(harness.stake_roundtrip(s)) == s


@given(
    times=st.tuples(*[bits(24)] * 5), deposit_bps=bits(14), reward_bps=bits(14),
    window=bits(24), min_deposit=bits(84),
)  # fmt: skip
def test_config__any_fields__round_trip(
    harness, times, deposit_bps, reward_bps, window, min_deposit
):
    c = (*times, deposit_bps, reward_bps, window, min_deposit)
    assert tuple(harness.config_roundtrip(c)) == c


@given(weight=bits(88), accept=st.booleans(), rewarded=st.booleans())
def test_vote__any_fields__round_trip(harness, weight, accept, rewarded):
    assert harness.vote_roundtrip(weight, accept, rewarded) == (weight, accept, rewarded)


@given(count=bits(64), liabilities=bits(96), reserve=bits(96))
def test_ledger__any_fields__round_trip(harness, count, liabilities, reserve):
    assert harness.ledger_roundtrip(count, liabilities, reserve) == (count, liabilities, reserve)


@given(raw=bits(160), claim_id=bits(40), lock_code=bits(56))
def test_open_claim__any_fields__round_trip(harness, raw, claim_id, lock_code):
    claimant = "0x" + raw.to_bytes(20, "big").hex()
    got = harness.open_claim_roundtrip(claimant, claim_id, lock_code)
    assert (got[0].lower(), got[1], got[2]) == (claimant, claim_id, lock_code)


@given(lock=bits(96))
def test_pack_lock__any_amount__smallest_code_at_or_above(harness, lock):
    code, value = harness.lock_roundtrip(lock)
    mantissa, exponent = code & (2**48 - 1), code >> 48
    assert code < 2**56 and value == mantissa << exponent
    assert lock <= value <= lock + lock // 2**47 + 1
    if lock < 2**48:
        assert (code, value) == (lock, lock)  # exact for every USDC figure up to 281M
    if exponent > 0:  # one mantissa step less would be below the lock
        assert (mantissa - 1) << exponent < lock


@given(units=bits(68))
def test_ceil_decimal__any_value__six_significant_digits_rounded_up(harness, units):
    code, value = harness.decimal_roundtrip(units)
    mantissa, exponent = code & (2**20 - 1), code >> 20
    assert value == mantissa * 10**exponent >= units
    if exponent > 0:  # the next representable figure down is below the value asked
        assert (mantissa - 1) * 10**exponent < units or mantissa <= 2**20 // 10


@given(staked=bits(88), min_quorum=bits(88), bps=st.integers(0, 10_000))
def test_quorum_code__any_rule__never_below_the_rule(harness, staked, min_quorum, bps):
    want = max(min_quorum, -(-staked * bps // 10_000))
    got = harness.quorum_value(harness.quorum_code(staked, min_quorum, bps))
    assert want <= got <= want + want // 10**5 + UNIT
    assert tuple(harness.assessors_roundtrip(staked, min_quorum, bps)) == (staked, min_quorum, bps)


@given(m=st.integers(0, 2**20 - 1), e=st.integers(0, 15))
def test_terms_quorum__any_code__round_trips(harness, m, e):
    t = (1, 2, 3, 4, m * 10**e * UNIT)
    assert tuple(harness.terms_roundtrip(t, (e << 20) | m)) == t


@pytest.mark.parametrize(
    "call,reason",
    [
        (lambda h: h.state_roundtrip((2**64 * UNIT, 0, 0, 0, 0, 0, 0, 0, False, 0, 0)),
         "claims: weight overflow"),
        (lambda h: h.state_roundtrip((UNIT + 1, 0, 0, 0, 0, 0, 0, 0, False, 0, 0)),
         "claims: weight not in whole units"),
        (lambda h: h.state_roundtrip((0, 0, 0, 2**24, 0, 0, 0, 0, False, 0, 0)),
         "claims: voting window overflow"),
        (lambda h: h.state_roundtrip((0, 0, 0, 0, 2**24, 0, 0, 0, False, 0, 0)),
         "claims: period overflow"),
        (lambda h: h.terms_roundtrip((2**84, 0, 0, 0, 0), 0), "claims: amount overflow"),
        (lambda h: h.terms_roundtrip((0, 2**84, 0, 0, 0), 0), "claims: amount overflow"),
        (lambda h: h.terms_roundtrip((0, 0, 2**32, 0, 0), 0), "claims: cover id overflow"),
        (lambda h: h.terms_roundtrip((0, 0, 0, 0, 0), 2**24), "claims: quorum overflow"),
        (lambda h: h.assessors_roundtrip(2**88, 0, 0), "claims: stake overflow"),
        (lambda h: h.stake_roundtrip((0, 2**88, 0, 0)), "claims: stake overflow"),
        (lambda h: h.stake_roundtrip((0, 0, 2**40, 0)), "claims: time overflow"),
        (lambda h: h.vote_roundtrip(2**88, True, False), "claims: weight overflow"),
        (lambda h: h.ledger_roundtrip(0, 2**96, 0), "claims: ledger overflow"),
        (lambda h: h.ledger_roundtrip(2**64, 0, 0), "claims: claim id overflow"),
        (lambda h: h.open_claim_roundtrip(ZERO, 2**40, 0), "claims: claim id overflow"),
        (lambda h: h.open_claim_roundtrip(ZERO, 1, 2**56), "claims: lock overflow"),
    ],
)  # fmt: skip
def test_pack__field_too_wide__reverts(harness, call, reason):
    with boa.reverts(reason):
        call(harness)
