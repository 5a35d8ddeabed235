"""CodeGuard.check_code: any difference from the recorded code stops the product's sales on
Cover until an auditor attests again; covers already sold keep their protection."""

import boa
import pytest
from eth_utils import keccak

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.deploy import fund
from tests.utils.events import event, events

CHANGED = "cover: covered code changed since attestation"
REPORT = b"\x0b" * 32


@pytest.fixture
def buy(protocol, policyholder, product, funded_pool):
    fund(protocol.asset, policyholder, protocol.cover.address, 1_000_000 * USDC)

    def _buy(pid=None):
        with boa.env.prank(policyholder):
            return protocol.cover.buy_cover(
                product if pid is None else pid, 1_000 * USDC, 30 * DAY, 2**255, policyholder
            )

    return _buy


def _record(code_guard, auditor, product, contracts):
    with boa.env.prank(auditor):
        code_guard.set_covered_code(product, [c.address for c in contracts])


def _attest(cover, auditor, product):
    with boa.env.prank(auditor):
        cover.attest(product, REPORT, now() + 90 * DAY)


def _assert_stopped(code_guard, cover, product, keeper, target):
    with boa.env.prank(keeper):
        assert code_guard.check_code(product) is False
    log = event(code_guard, "CodeChanged")
    revoked = event(code_guard, "AttestationRevoked", cover)
    assert (log.product_id, log.target, log.by) == (product, target.address, keeper)
    assert (revoked.product_id, revoked.by) == (product, code_guard.address)
    assert cover.code_changed(product) and not cover.is_attested(product)
    assert cover.attestations(product).valid_until == 0


def test_check_code__unchanged__returns_true_and_sales_go_on(
    code_guard, cover, product, auditor, proxy, buy, keeper
):
    _record(code_guard, auditor, product, [proxy])
    with boa.env.prank(keeper):
        assert code_guard.check_code(product) is True
    assert events(code_guard, "CodeChanged") == []
    assert not cover.code_changed(product)
    assert buy() == 1


def test_check_code__no_code_recorded__returns_true(code_guard, product, keeper):
    with boa.env.prank(keeper):
        assert code_guard.check_code(product) is True


def test_check_code__proxy_upgraded__stops_sales_keeps_sold_covers(
    code_guard, cover, product, auditor, proxy, logic_v2, buy, keeper, protocol_owner
):
    _record(code_guard, auditor, product, [proxy])
    sold = buy()
    with boa.env.prank(protocol_owner):
        proxy.upgradeTo(logic_v2.address)
    assert not code_guard.code_matches(product)
    _assert_stopped(code_guard, cover, product, keeper, proxy)
    log = event(code_guard, "CodeChanged")
    assert log.implementation == logic_v2.address
    with boa.reverts(CHANGED):
        buy()
    # the cover sold before keeps its protection
    c = cover.covers(sold)
    assert cover.is_active(sold, c.start + 1) and c.amount == 1_000 * USDC


def test_check_code__after_re_recording_and_attesting__sales_resume(
    code_guard, cover, product, auditor, proxy, logic_v2, buy, keeper, protocol_owner
):
    _record(code_guard, auditor, product, [proxy])
    with boa.env.prank(protocol_owner):
        proxy.upgradeTo(logic_v2.address)
    with boa.env.prank(keeper):
        code_guard.check_code(product)
    _record(code_guard, auditor, product, [proxy])  # the auditor reviewed the new code
    with boa.reverts(CHANGED):  # recording alone does not resume sales
        buy()
    _attest(cover, auditor, product)
    assert not cover.code_changed(product)
    assert buy() == 1
    with boa.env.prank(keeper):
        assert code_guard.check_code(product) is True


def test_check_code__attest_without_re_recording__next_check_stops_again(
    code_guard, cover, product, auditor, proxy, logic_v2, buy, keeper, protocol_owner
):
    _record(code_guard, auditor, product, [proxy])
    with boa.env.prank(protocol_owner):
        proxy.upgradeTo(logic_v2.address)
    with boa.env.prank(keeper):
        code_guard.check_code(product)
    _attest(cover, auditor, product)
    assert buy() == 1
    _assert_stopped(code_guard, cover, product, keeper, proxy)


def test_check_code__already_stopped__changes_nothing_more(
    code_guard, cover, product, auditor, proxy, logic_v2, keeper, protocol_owner
):
    _record(code_guard, auditor, product, [proxy])
    with boa.env.prank(protocol_owner):
        proxy.upgradeTo(logic_v2.address)
    with boa.env.prank(keeper):
        code_guard.check_code(product)
        assert code_guard.check_code(product) is False
    assert events(code_guard, "CodeChanged") == []


def test_check_code__redeployed_at_same_address__stops_sales(
    code_guard, cover, product, auditor, logic_v1, logic_v2, buy, keeper
):
    # A metamorphic contract (CREATE2 after SELFDESTRUCT) gets new code at the same address.
    # Since Cancun SELFDESTRUCT only clears code created in the same transaction, so the
    # redeploy is simulated by writing the other version's code at the address (py-evm's
    # set_code, anvil_setCode on a node).
    _record(code_guard, auditor, product, [logic_v1])
    boa.env.set_code(logic_v1.address, boa.env.get_code(logic_v2.address))
    _assert_stopped(code_guard, cover, product, keeper, logic_v1)
    assert event(code_guard, "CodeChanged").code_hash == keccak(boa.env.get_code(logic_v2.address))
    with boa.reverts(CHANGED):
        buy()


def test_check_code__beacon_upgraded__stops_sales_of_beacon_proxies(
    code_guard, cover, product, auditor, beacon_proxy, beacon, logic_v2, buy, keeper,
    protocol_owner,
):  # fmt: skip
    _record(code_guard, auditor, product, [beacon_proxy])
    with boa.env.prank(protocol_owner):
        beacon.upgradeTo(logic_v2.address)
    assert beacon.implementation() == logic_v2.address
    _assert_stopped(code_guard, cover, product, keeper, beacon_proxy)
    with boa.reverts(CHANGED):
        buy()


def test_check_code__other_products__keep_selling(
    code_guard, cover, protocol, product, auditor, proxy, logic_v2, buy, keeper, protocol_owner
):
    from tests.utils.deploy import add_product

    other = add_product(protocol, auditor, name="Other")
    _record(code_guard, auditor, product, [proxy])
    with boa.env.prank(protocol_owner):
        proxy.upgradeTo(logic_v2.address)
    with boa.env.prank(keeper):
        code_guard.check_code(product)
        assert code_guard.check_code(other) is True
    assert buy(pid=other) == 1


def test_check_code__hostile_getter__cannot_stall_the_check(code_guard, product, auditor, keeper):
    burner = boa.loads(
        """
@external
@view
def implementation() -> address:
    x: uint256 = 0
    for i: uint256 in range(1_000_000):
        x = unsafe_add(x, i)
    return self
"""
    )
    with boa.env.prank(auditor):
        code_guard.set_covered_code(product, [burner.address])
    assert code_guard.covered_code(product)[0].implementation == "0x" + "00" * 20
    with boa.env.prank(keeper):
        assert code_guard.check_code(product, gas=1_000_000) is True


def test_mark_code_changed__not_the_code_guard__reverts(cover, product, attacker, protocol):
    with boa.env.prank(attacker), boa.reverts("cover: caller is not the code guard"):
        cover.mark_code_changed(product)
    with boa.env.prank(protocol.admin), boa.reverts("cover: caller is not the code guard"):
        cover.mark_code_changed(product)


def test_set_code_guard__admin__sets_and_emits_stranger_reverts(cover, protocol, attacker):
    with boa.env.prank(attacker), boa.reverts("access_control: account is missing role"):
        cover.set_code_guard(attacker)
    with boa.env.prank(protocol.admin):
        cover.set_code_guard(attacker)
    assert event(cover, "CodeGuardSet").code_guard == attacker
    assert cover.code_guard() == attacker
