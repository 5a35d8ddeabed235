"""Cover.pause_sales: the guardian stops all sales; only the admin restarts them.

The guardian can only pause: it cannot move funds or change any parameter (SPEC §3.5).
"""

import boa

from tests.utils.constants import DAY, USDC
from tests.utils.deploy import add_product
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"


def test_pause_sales__guardian__stops_every_product(cover, protocol, auditor, guardian, buy):
    other = add_product(protocol, auditor, name="Compound v3")
    with boa.env.prank(guardian):
        cover.pause_sales(True)
        log = event(cover, "SalesPaused")
    assert (log.paused, log.by) == (True, guardian)
    assert cover.sales_paused()
    for pid in (None, other):
        with boa.reverts("cover: sales paused"):
            buy(pid=pid)
    # A product's own pause flag is separate from the sales switch.
    assert not cover.products(other).paused


def test_pause_sales__admin_unpauses__sales_resume(cover, protocol, guardian, buy):
    with boa.env.prank(guardian):
        cover.pause_sales(True)
    with boa.env.prank(protocol.admin):
        cover.pause_sales(False)
        log = event(cover, "SalesPaused")
    assert (log.paused, log.by) == (False, protocol.admin)
    assert not cover.sales_paused()
    assert buy() == 1


def test_pause_sales__guardian_unpause__reverts(cover, guardian):
    with boa.env.prank(guardian):
        cover.pause_sales(True)
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        cover.pause_sales(False)


def test_pause_sales__anyone_else__reverts(cover, attacker):
    with boa.env.prank(attacker), boa.reverts("cover: caller is not guardian"):
        cover.pause_sales(True)


def test_pause_sales__product_paused_separately__stays_paused_after_resume(
    cover, protocol, guardian, product, buy
):
    with boa.env.prank(guardian):
        cover.pause_product(product)
        cover.pause_sales(True)
    with boa.env.prank(protocol.admin):
        cover.pause_sales(False)
    with boa.reverts("cover: product paused"):
        buy()


def test_guardian__any_parameter_or_fund_move__reverts(
    protocol, guardian, product, funded_pool, underwriter
):
    pool, cover = protocol.pool, protocol.cover
    calls = [
        lambda: cover.set_product(product, 1, 1, False),
        lambda: cover.add_product("x", 0, 1, 1, 0, DAY, DAY, b"\x01" * 32),
        lambda: cover.set_payers(guardian, guardian),
        lambda: cover.revoke_attestation(product),
        lambda: cover.grantRole(cover.DEFAULT_ADMIN_ROLE(), guardian),
        lambda: pool.set_payers(guardian, guardian),
        lambda: pool.set_treasury(guardian),
        lambda: pool.set_fees(0, 0),
        lambda: pool.set_withdrawal_periods(0, DAY),
        lambda: pool.set_max_leverage_bps(20_000, b"\x01" * 32),
        lambda: pool.pay(guardian, USDC),
        lambda: pool.lock_claim(USDC, 0, 0),
        lambda: pool.redeem(1_000, guardian, underwriter),
        lambda: pool.transferFrom(underwriter, guardian, 1_000),
        lambda: cover.record_payout(1, 1),
    ]
    balance = protocol.asset.balanceOf(pool)
    for call in calls:
        with boa.env.prank(guardian), boa.reverts():
            call()
    assert protocol.asset.balanceOf(pool) == balance
