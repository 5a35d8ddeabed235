"""Premium sniping: a deposit just before a big sale earns only its pro-rata earned part."""

from fractions import Fraction

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.deploy import fund
from tests.utils.pricing import net_premium


def test_premium_sniping__deposit_before_big_sale__earns_only_earned_part(
    pool, asset, cover, attacker, buy, funded_pool
):
    fund(asset, attacker, pool.address, 1_000_000 * USDC)
    with boa.env.prank(attacker):
        shares = pool.deposit(1_000_000 * USDC, attacker)
        pool.request_withdrawal(shares)
    bought_at = now()
    cid = buy(amount=1_000_000 * USDC, period=365 * DAY)
    c = cover.covers(cid)
    net = net_premium(c.premium)
    window = -(-c.end // DAY) * DAY - bought_at  # earned until the day boundary after the end
    # The sale moved nothing: no premium is earned at the moment of purchase.
    assert pool.convertToAssets(shares) == 1_000_000 * USDC
    boa.env.time_travel(seconds=7 * DAY)
    with boa.env.prank(attacker):
        paid = pool.redeem(shares, attacker, attacker)
    profit = paid - 1_000_000 * USDC
    # Half the capital for 7 days of a 366-day premium, virtual shares aside.
    fair = Fraction(net * 7 * DAY, window) * Fraction(shares, funded_pool + shares + 1_000)
    assert fair - 2 <= profit <= fair + 1
    assert profit < net // 50
