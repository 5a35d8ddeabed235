"""sdk.quote_breakdown: its parts add up to the contract's quote and its fees to the pool's."""

from __future__ import annotations

import boa
import pytest

from safetynet import sdk
from safetynet.errors import SafetyNetError
from safetynet.sdk.quotes import base_premium, surge_multiplier_bps
from tests.utils.constants import DAY, USDC
from tests.utils.deploy import add_product, fund


def test_quote_breakdown__below_surge__all_base_and_fees_match_purchase(
    protocol, product, funded_pool, policyholder
):
    parts = sdk.quote_breakdown(protocol, product, 10_000 * USDC, 30 * DAY)
    assert parts.premium == protocol.cover.quote(product, 10_000 * USDC, 30 * DAY)
    assert parts.surge_premium == 0 and parts.base_premium == parts.premium
    assert parts.treasury_fee + parts.assessment_fee + parts.to_underwriters == parts.premium
    fees_before = protocol.pool.fees_owed()
    fund(protocol.asset, policyholder, protocol.cover.address, parts.premium)
    with boa.env.prank(policyholder):
        protocol.cover.buy_cover(product, 10_000 * USDC, 30 * DAY, parts.premium, policyholder)
    assert protocol.pool.fees_owed() - fees_before == parts.treasury_fee + parts.assessment_fee


def test_quote_breakdown__past_80_percent__surge_is_the_rest(protocol, auditor, funded_pool):
    pid = add_product(protocol, auditor, name="Small", capacity=100_000 * USDC)
    parts = sdk.quote_breakdown(protocol, pid, 90_000 * USDC, 60 * DAY)
    assert parts.premium == protocol.cover.quote(pid, 90_000 * USDC, 60 * DAY)
    assert parts.base_premium == base_premium(90_000 * USDC, 250, 60 * DAY)
    assert parts.surge_premium > 0
    assert parts.base_premium + parts.surge_premium == parts.premium
    assert parts.utilization_after_bps == 9_000
    # 90% after purchase: rate x 1.5, so the surge is half the base (to rounding)
    assert abs(parts.surge_premium * 2 - parts.base_premium) <= 2


def test_quote_breakdown__paused_product__contract_reason(protocol, auditor, funded_pool):
    pid = add_product(protocol, auditor, name="Paused")
    with boa.env.prank(protocol.admin):
        protocol.cover.set_product(pid, 250, 10**12, True)
    with pytest.raises(SafetyNetError, match="cover: product paused"):
        sdk.quote_breakdown(protocol, pid, 1_000 * USDC, 30 * DAY)


def test_surge_multiplier__spec_points():
    assert surge_multiplier_bps(0) == 10_000
    assert surge_multiplier_bps(8_000) == 10_000
    assert surge_multiplier_bps(9_000) == 15_000
    assert surge_multiplier_bps(10_000) == 20_000
