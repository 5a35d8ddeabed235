"""bench/populate.py: N operations extrapolated leave exactly the storage of N real ones."""

import boa
import pytest

from bench.claims import DAY, SNET, USDC, _staker_address, _World
from bench.populate import PopulateError, extrapolate

N = 6


def _real_storage(ops) -> dict:
    """Run the operations for real inside an anchor; return every slot they wrote."""
    with boa.env.anchor():
        boa.env.sstore_trace = {}
        for op in ops:
            op()
        touched = {a: set(s) for a, s in boa.env.sstore_trace.items()}
        return {(a, s): boa.env.get_storage(a, s) for a, ss in touched.items() for s in ss}


def _check(real: dict, writes: dict) -> None:
    assert set(writes) <= set(real)
    for (addr, slot), value in real.items():
        assert boa.env.get_storage(addr, slot) == value, f"slot {slot:#x} of {addr}"


@pytest.fixture
def world():
    w = _World()
    w.add_stakers(2)
    w.age_stakes()
    return w


def test_extrapolate__stakes__same_storage_as_real_calls(world):
    p = world.p
    addrs = [_staker_address(i) for i in range(N)]

    def stake(i):
        with boa.env.prank(world.admin):
            p.token.transfer(addrs[i], 1_000 * SNET)
        with boa.env.prank(addrs[i]):
            p.token.approve(p.claims.address, 2**256 - 1)
            p.claims.stake(1_000 * SNET)

    real = _real_storage([lambda i=i: stake(i) for i in range(N)])
    keys = [bytes.fromhex(a[2:]).rjust(32, b"\0") for a in addrs]
    writes = extrapolate(stake, N, keys=keys)
    _check(real, writes)
    assert p.claims.stakes(addrs[-1]).amount == 1_000 * SNET


def test_extrapolate__covers_and_claims__same_storage_as_real_calls(world):
    p = world.p
    world.buy()  # the premium book and the product's expiry walk are caught up
    first = p.cover.cover_count() + 1
    real = _real_storage([world.buy] * N)
    _check(real, extrapolate(lambda i: world.buy(), N))
    boa.env.time_travel(seconds=DAY + 1)
    incident = boa.env.evm.patch.timestamp - 1

    def submit(i):
        with boa.env.prank(world.policyholder):
            p.claims.submit_claim(first + i, 500 * USDC, incident, 0, b"\x07" * 32)

    submit(0)
    real = _real_storage([lambda i=i: submit(i) for i in range(1, N)])
    _check(real, extrapolate(lambda i: submit(i + 1), N - 1))
    assert p.claims.claims(N).cover_id == first + N - 1


def test_extrapolate__operation_not_linear__refuses(world):
    p = world.p
    counter = iter(range(100))

    def grow(i):  # amounts that double: not one shape
        p.asset.mint(world.policyholder, 2 ** next(counter))

    with pytest.raises(PopulateError):
        extrapolate(grow, N)
