"""CapitalPool.add_premium: Cover books a sale (fees split off, leverage checked)."""

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.pricing import net_premium


def test_add_premium__from_cover__books_net_premium_and_numbers_cover(pool, cover, buy):
    first = buy(amount=50_000 * USDC)
    second = buy(amount=70_000 * USDC)
    assert (first, second) == (1, 2)
    assert pool.cover_count() == 2
    premiums = [cover.covers(i).premium for i in (first, second)]
    assert pool.unearned_premium() == sum(net_premium(p) for p in premiums)
    assert pool.fees_owed() == sum(p - net_premium(p) for p in premiums)
    assert pool.active_cover() == 120_000 * USDC


def test_add_premium__not_cover__reverts(pool, attacker):
    with boa.env.prank(attacker), boa.reverts("pool: caller is not cover"):
        pool.add_premium(1, 1, now() + DAY)


def test_add_premium__cover_beyond_capital__reverts_leverage(pool, cover, buy, funded_pool):
    buy(amount=1_000_000 * USDC)
    with boa.env.anchor(), boa.reverts("pool: leverage limit exceeded"):
        buy(amount=1)
    assert pool.active_cover() == 1_000_000 * USDC


def test_add_premium__raised_leverage__backs_more_cover(pool, protocol, buy, funded_pool):
    with boa.env.prank(protocol.admin):
        pool.set_max_leverage_bps(20_000, b"\x03" * 32)
    buy(amount=1_999_999 * USDC)
    assert pool.locked_capital() == 1_999_999 * USDC // 2
    with boa.reverts("pool: leverage limit exceeded"):
        buy(amount=2 * USDC + 1)


def test_add_premium__claims_lock__counts_against_leverage(pool, payer, buy, funded_pool):
    with boa.env.prank(payer):
        pool.lock_claim(400_000 * USDC, 0, 0)  # a claim on an expired cover
    with boa.env.anchor():
        buy(amount=600_000 * USDC)
    with boa.reverts("pool: leverage limit exceeded"):
        buy(amount=600_000 * USDC + 1)
