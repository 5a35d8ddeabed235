"""Cover.buy_cover: premium from the caller to the pool, cover NFT to the owner."""

import boa
import pytest

from safetynet.artifacts import deployer
from tests.utils.chain import now
from tests.utils.constants import DAY, USDC, ZERO
from tests.utils.deploy import add_product, fund
from tests.utils.events import event, events
from tests.utils.pricing import net_premium


def test_buy_cover__attested_product__mints_cover_and_books_premium(
    cover, pool, asset, protocol, policyholder, keeper, product, funded_pool
):
    fund(asset, policyholder, cover.address, 1_000 * USDC)
    premium = cover.quote(product, 100_000 * USDC, 30 * DAY)
    t = now()
    with boa.env.prank(policyholder):
        cid = cover.buy_cover(product, 100_000 * USDC, 30 * DAY, premium, keeper)
        bought = event(cover, "CoverBought")
        minted = event(cover, "Transfer")
    assert cid == 1
    assert (bought.cover_id, bought.product_id, bought.amount, bought.premium) == (
        cid,
        product,
        100_000 * USDC,
        premium,
    )
    assert (bought.start, bought.end) == (t + DAY, t + DAY + 30 * DAY)
    assert (minted.sender, minted.receiver, minted.token_id) == (ZERO, keeper, cid)
    c = cover.covers(cid)
    assert (c.product_id, c.amount, c.start, c.end, c.premium, c.paid, c.owner) == (
        product,
        100_000 * USDC,
        t + DAY,
        t + 31 * DAY,
        premium,
        0,
        keeper,
    )
    assert asset.balanceOf(policyholder) == 1_000 * USDC - premium
    assert asset.balanceOf(pool) == 1_000_000 * USDC + premium
    assert pool.unearned_premium() == net_premium(premium)
    assert cover.ownerOf(cid) == keeper and cover.balanceOf(keeper) == 1
    assert cover.active_cover_of(product) == 100_000 * USDC == cover.active_cover()


def test_buy_cover__ids__come_from_the_pool_count(cover, pool, protocol, auditor, buy):
    other = add_product(protocol, auditor, name="Lido")
    assert [buy(), buy(pid=other), buy()] == [1, 2, 3]
    assert pool.cover_count() == cover.cover_count() == 3
    assert cover.cover_product(2) == other


def test_buy_cover__premium_above_max__reverts(cover, asset, policyholder, product, funded_pool):
    fund(asset, policyholder, cover.address, 1_000 * USDC)
    premium = cover.quote(product, 100_000 * USDC, 30 * DAY)
    with boa.env.prank(policyholder), boa.reverts("cover: premium above max_premium"):
        cover.buy_cover(product, 100_000 * USDC, 30 * DAY, premium - 1, policyholder)


def test_buy_cover__unknown_product__reverts(buy, product):
    with boa.reverts("cover: unknown product"):
        buy(pid=product + 1)


def test_buy_cover__never_attested__reverts(protocol, auditor, buy):
    pid = add_product(protocol, auditor, attest_for=0)
    with boa.reverts("cover: no live attestation"):
        buy(pid=pid)


def test_buy_cover__zero_amount__reverts(buy):
    with boa.reverts("cover: zero amount"):
        buy(amount=0)


@pytest.mark.parametrize(
    "period,reason",
    [
        (7 * DAY - 1, "cover: period below product minimum"),
        (0, "cover: period below product minimum"),
        (365 * DAY + 1, "cover: period above product maximum"),
    ],
)
def test_buy_cover__period_out_of_bounds__reverts(buy, period, reason):
    with boa.reverts(reason):
        buy(period=period)


@pytest.mark.parametrize("period", [7 * DAY, 7 * DAY + 1, 365 * DAY])
def test_buy_cover__period_within_bounds__sells(cover, buy, period):
    cid = buy(period=period)
    c = cover.covers(cid)
    assert c.end - c.start == period


def test_buy_cover__over_capacity__reverts(cover, protocol, auditor, buy):
    pid = add_product(protocol, auditor, capacity=50_000 * USDC)
    buy(amount=30_000 * USDC, pid=pid)
    with boa.reverts("cover: product capacity exceeded"):
        buy(amount=20_000 * USDC + 1, pid=pid)
    buy(amount=20_000 * USDC, pid=pid)
    assert cover.active_cover_of(pid) == 50_000 * USDC


def test_buy_cover__capacity_frees_as_cover_expires(cover, protocol, auditor, buy):
    pid = add_product(protocol, auditor, capacity=50_000 * USDC)
    buy(amount=50_000 * USDC, pid=pid, period=7 * DAY)
    boa.env.time_travel(seconds=9 * DAY)
    assert cover.active_cover_of(pid) == 0
    buy(amount=50_000 * USDC, pid=pid)


def test_buy_cover__beyond_pool_leverage__reverts(buy, funded_pool):
    buy(amount=999_000 * USDC)
    with boa.reverts("pool: leverage limit exceeded"):
        buy(amount=1_001 * USDC)


def test_buy_cover__empty_pool__reverts_leverage(cover, protocol, auditor, asset, policyholder):
    pid = add_product(protocol, auditor)
    fund(asset, policyholder, cover.address, 1_000 * USDC)
    with boa.env.prank(policyholder), boa.reverts("pool: leverage limit exceeded"):
        cover.buy_cover(pid, USDC, 30 * DAY, 2**255, policyholder)


def test_buy_cover__zero_owner__reverts(cover, policyholder, product, buy):
    with boa.env.prank(policyholder), boa.reverts("cover: zero owner"):
        cover.buy_cover(product, USDC, 30 * DAY, 2**255, ZERO)


def test_buy_cover__premium_not_approved__reverts(cover, asset, keeper, product, funded_pool):
    asset.mint(keeper, 1_000 * USDC)
    with boa.env.prank(keeper), boa.reverts("erc20: insufficient allowance"):
        cover.buy_cover(product, USDC * 10_000, 30 * DAY, 2**255, keeper)


def test_buy_cover__waiting_period__delays_start(cover, protocol, auditor, buy):
    pid = add_product(protocol, auditor, waiting=5 * 3_600)
    t = now()
    c = cover.covers(buy(pid=pid))
    assert (c.start, c.end) == (t + 5 * 3_600, t + 5 * 3_600 + 30 * DAY)
    assert not cover.is_active(1, t + 5 * 3_600 - 1)


# ---------------------------------------------------------------- parametric products


def _parametric(protocol, auditor, answer=100_000_000, threshold=97_000_000):
    pid = add_product(protocol, auditor, name="USDC depeg", kind=1, waiting=3_600)
    feed = deployer("MockAggregator").deploy(8, "USDC / USD", answer)
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feed.address, threshold, 3_600, 10_000)
    return pid, feed


def test_buy_cover__parametric_feed_healthy__sells(cover, protocol, auditor, buy):
    pid, _ = _parametric(protocol, auditor)
    c = cover.covers(buy(pid=pid))
    assert c.start == now() + 3_600  # the 1-hour minimum waiting of a parametric product


def test_buy_cover__parametric_trigger_holds_now__reverts(cover, protocol, auditor, buy):
    pid, feed = _parametric(protocol, auditor)
    feed.set_answer(96_000_000)
    with boa.reverts("cover: trigger active: sales paused"):
        buy(pid=pid)
    feed.set_answer(99_000_000)
    buy(pid=pid)


def test_buy_cover__parametric_without_trigger__reverts(cover, protocol, auditor, buy):
    pid = add_product(protocol, auditor, kind=1, waiting=3_600)
    with boa.reverts("cover: trigger active: sales paused"):
        buy(pid=pid)


def test_buy_cover__parametric_contract_unset__reverts(cover, protocol, auditor, buy):
    pid, _ = _parametric(protocol, auditor)
    with boa.env.prank(protocol.admin):
        cover.set_payers(protocol.claims.address, ZERO)
    with boa.reverts("cover: parametric trigger not configured"):
        buy(pid=pid)


def test_buy_cover__protocol_kind__ignores_parametric_feed(cover, protocol, auditor, buy):
    with boa.env.prank(protocol.admin):
        cover.set_payers(protocol.claims.address, ZERO)
    assert buy() == 1


def test_buy_cover__many_buyers__events_only_for_own_cover(cover, buy):
    buy()
    buy()
    assert [e.cover_id for e in events(cover, "CoverBought")] == [2]
