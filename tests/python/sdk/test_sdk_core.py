"""The SDK on the in-process EVM: the same calls the CLI and keeper make."""

from __future__ import annotations

import boa
import pytest

from safetynet import sdk
from safetynet.errors import SafetyNetError
from tests.utils.constants import DAY, USDC


@pytest.fixture
def underwriter_funds(protocol, underwriter):
    protocol.asset.mint(underwriter, 2_000_000 * USDC)


def test_deposit__funded_underwriter__shares_and_books_balance(
    protocol, underwriter, underwriter_funds
):
    before = sdk.pool_state(protocol)
    shares = sdk.deposit(protocol, 1_000_000 * USDC, sender=underwriter)
    assert shares > 0 and protocol.pool.balanceOf(underwriter) >= shares
    state = sdk.pool_state(protocol)
    assert state.total_assets == before.total_assets + 1_000_000 * USDC
    assert state.balance == state.total_assets + state.unearned_premium + state.fees_owed


def test_deposit__more_than_balance__refused_before_sending(protocol, attacker):
    with pytest.raises(SafetyNetError, match="holds 0 USDC but needs"):
        sdk.deposit(protocol, 1 * USDC, sender=attacker)


def test_buy_cover__quote_as_limit__cover_listed_for_owner(
    protocol, product, funded_pool, policyholder
):
    premium = sdk.quote(protocol, product, 10_000 * USDC, 30 * DAY)
    protocol.asset.mint(policyholder, premium)
    cover_id = sdk.buy_cover(protocol, product, 10_000 * USDC, 30 * DAY, sender=policyholder)
    mine = sdk.covers(protocol, owner=policyholder)
    assert [c.cover_id for c in mine] == [cover_id]
    assert mine[0].premium == premium and mine[0].amount == 10_000 * USDC
    assert protocol.asset.balanceOf(policyholder) == 0


def test_buy_cover__contract_refuses__error_carries_reason(
    protocol, auditor, funded_pool, policyholder
):
    unattested = sdk.add_product(protocol, "Unaudited", "protocol", 300, 10**12)
    protocol.asset.mint(policyholder, 10**9)
    with pytest.raises(SafetyNetError, match="cover: no live attestation"):
        sdk.buy_cover(protocol, unattested, 1_000 * USDC, 30 * DAY, sender=policyholder)


def test_add_product__sdk_defaults__spec_periods_and_waiting(protocol):
    pid = sdk.add_product(protocol, "Curve", "protocol", 200, 10**12)
    info = sdk.product(protocol, pid)
    assert (info.min_period, info.max_period, info.waiting_period) == (7 * DAY, 365 * DAY, DAY)
    parametric = sdk.add_product(protocol, "USDC depeg", "parametric", 200, 10**12)
    assert sdk.product(protocol, parametric).waiting_period == DAY  # 1 day for every kind


def test_add_product__unknown_kind__refused(protocol):
    with pytest.raises(SafetyNetError, match="unknown product kind"):
        sdk.add_product(protocol, "X", "insurance", 200, 10**12)


def test_redeem__before_request__explains_what_to_do(protocol, underwriter, underwriter_funds):
    sdk.deposit(protocol, 1_000 * USDC, sender=underwriter)
    with pytest.raises(SafetyNetError, match="request a withdrawal"):
        sdk.redeem(protocol, None, sender=underwriter)


def test_withdrawal_cycle__after_cooldown__assets_back(protocol, underwriter, underwriter_funds):
    shares = sdk.deposit(protocol, 1_000 * USDC, sender=underwriter)
    ready_at, expires_at = sdk.request_withdrawal(protocol, shares, sender=underwriter)
    assert expires_at - ready_at == protocol.pool.withdrawal_window()
    boa.env.time_travel(seconds=ready_at - boa.env.evm.patch.timestamp)
    before = protocol.asset.balanceOf(underwriter)
    paid = sdk.redeem(protocol, None, sender=underwriter)
    assert paid == 1_000 * USDC
    assert protocol.asset.balanceOf(underwriter) == before + paid
