"""incident_records: an incident round-trips through its two slots and refuses overflow."""


import boa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.contracts import harness_deployer


def bits(n: int) -> st.SearchStrategy[int]:
    """Any value up to n bits, with the edges (0, 2**k - 1, the maximum) drawn often."""
    return st.one_of(
        st.integers(0, 2**n - 1), st.integers(0, n).map(lambda k: 2**k - 1), st.just(2**n - 1)
    )


@pytest.fixture(scope="module")
def harness():
    return harness_deployer("IncidentHarness").deploy()


@given(product=bits(32), time=bits(40), end=bits(40), bps=bits(14), first=bits(80), last=bits(80))
def test_incident__any_fields__round_trip(harness, product, time, end, bps, first, last):
    incident = (product, time, end, bps, first, last)
    assert tuple(harness.roundtrip(incident)) == incident


def test_incident__field_too_wide__refused(harness):
    with boa.reverts("incident_records: product id overflow"):
        harness.roundtrip((2**32, 0, 0, 0, 0, 0))
    with boa.reverts("incident_records: time overflow"):
        harness.roundtrip((0, 2**40, 0, 0, 0, 0))
    with boa.reverts("incident_records: time overflow"):
        harness.roundtrip((0, 0, 2**40, 0, 0, 0))
    with boa.reverts("incident_records: payout bps overflow"):
        harness.roundtrip((0, 0, 0, 2**14, 0, 0))
