"""CapitalPool.pay: Claims and Parametric pay losses; all shares bear them pro rata."""

import boa

from tests.utils.constants import USDC, ZERO
from tests.utils.deploy import fund
from tests.utils.events import event


def test_pay__by_payer__pays_receiver_and_lowers_share_price(
    pool, asset, payer, policyholder, underwriter, keeper, funded_pool
):
    fund(asset, keeper, pool.address, 1_000_000 * USDC)
    with boa.env.prank(keeper):
        keeper_shares = pool.deposit(1_000_000 * USDC, keeper)
    with boa.env.prank(payer):
        pool.pay(policyholder, 500_000 * USDC)
        log = event(pool, "Paid")
    assert (log.payer, log.receiver, log.amount, log.total_assets) == (
        payer,
        policyholder,
        500_000 * USDC,
        1_500_000 * USDC,
    )
    assert asset.balanceOf(policyholder) == 500_000 * USDC
    assert pool.totalAssets() == 1_500_000 * USDC
    # Both underwriters lose a quarter, at once.
    assert pool.convertToAssets(funded_pool) == pool.convertToAssets(keeper_shares)
    assert 750_000 * USDC - 1 <= pool.convertToAssets(funded_pool) <= 750_000 * USDC


def test_pay__by_parametric__is_allowed(pool, protocol, policyholder, funded_pool):
    with boa.env.prank(protocol.parametric.address):
        pool.pay(policyholder, USDC)
        assert event(pool, "Paid").payer == protocol.parametric.address


def test_pay__by_anyone_else__reverts(pool, attacker, guardian, protocol, funded_pool):
    for caller in (attacker, guardian, protocol.admin, protocol.cover.address):
        with boa.env.prank(caller), boa.reverts("pool: caller cannot pay"):
            pool.pay(caller, USDC)


def test_pay__payers_unset__nobody_can_pay(pool, protocol, attacker, funded_pool):
    with boa.env.prank(protocol.admin):
        pool.set_payers(ZERO, ZERO)
    with boa.env.prank(attacker), boa.reverts("pool: caller cannot pay"):
        pool.pay(attacker, USDC)


def test_pay__zero_receiver__reverts(pool, payer, funded_pool):
    with boa.env.prank(payer), boa.reverts("pool: zero receiver"):
        pool.pay(ZERO, USDC)


def test_pay__zero_amount__reverts(pool, payer, policyholder, funded_pool):
    with boa.env.prank(payer), boa.reverts("pool: zero amount"):
        pool.pay(policyholder, 0)


def test_pay__more_than_total_assets__reverts(pool, payer, policyholder, buy, funded_pool):
    buy(amount=100_000 * USDC)
    with boa.env.prank(payer), boa.reverts("pool: insufficient capital"):
        pool.pay(policyholder, pool.totalAssets() + 1)
    # Unearned premium and fees are not capital: the whole of totalAssets is, and no more.
    with boa.env.prank(payer):
        pool.pay(policyholder, pool.totalAssets())
    assert pool.totalAssets() == 0
    assert pool.unearned_premium() > 0 and pool.fees_owed() > 0


def test_pay__receiver_refused_by_the_asset__sent_to_cover_and_false(
    admin, treasury, auditor, guardian, underwriter, policyholder
):
    """A blacklisted receiver (revert) or a `false` return no longer reverts the payout:
    the pool sends the amount to Cover, to be held for the cover, and returns False."""
    from tests.utils.blacklist import blacklist_world

    w = blacklist_world(admin, treasury, auditor, guardian, underwriter, policyholder)
    blocked = boa.env.generate_address("blacklisted_owner")
    quiet = boa.env.generate_address("owner_refused_quietly")
    w.token.set_blacklisted(blocked, True)
    w.token.set_refuse_quietly(quiet, True)
    pool, cover = w.protocol.pool, w.protocol.cover
    assets = pool.totalAssets()
    with boa.env.prank(w.protocol.parametric.address):
        assert pool.pay(blocked, 100 * USDC) is False
        log = event(pool, "Paid")
        assert pool.pay(quiet, 50 * USDC) is False
        assert pool.pay(policyholder, 25 * USDC) is True
    assert (log.receiver, log.amount) == (cover.address, 100 * USDC)
    assert w.token.balanceOf(cover.address) == 150 * USDC
    assert w.token.balanceOf(policyholder) == 100_000 * USDC + 25 * USDC
    assert assets - pool.totalAssets() == 175 * USDC
