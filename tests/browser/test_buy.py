"""Buying cover in a real browser with the test wallet on a real anvil: a $5 policy with one
permit signature and one transaction, the approve + buy fallback, the wrong-network banner,
and a refused signature that changes nothing."""

from __future__ import annotations

import pytest

from safetynet.chain import dev_address
from tests.utils.browser import BUYER_ACCOUNT, check_page, connect, failed, wallet_requests
from tests.utils.constants import USDC

pytestmark = pytest.mark.browser

PRODUCT = 0  # Aave v3 in the sample market


def _chain_state(stack) -> dict[str, int]:
    buyer, world = dev_address(BUYER_ACCOUNT), stack.world
    return {
        "covers": world.view("cover", "cover_count"),
        "balance": world.view("asset", "balanceOf", buyer),
        "nonce": world.view("asset", "nonces", buyer),
        "allowance": world.view("asset", "allowance", buyer, world.address("cover")),
    }


def _buy(page, amount: str, days: str = "30") -> None:
    page.fill("#amount", amount)
    page.fill("#days", days)
    page.wait_for_selector("#quote [data-premium]")
    page.click("#buy-form button[type=submit]")


def test_buy__five_dollar_policy_with_permit__one_signature_one_tx_and_receipt(open_page, stack):
    before = _chain_state(stack)
    page = open_page(f"/products/{PRODUCT}")
    connect(page)
    _buy(page, "5")
    page.wait_for_selector("[data-tx-status][data-state='confirmed']", timeout=60_000)
    status = page.locator("[data-tx-status]").inner_text()
    assert f"cover #{before['covers'] + 1} is yours" in status
    assert page.locator("[data-tx-hash]").inner_text().startswith("Transaction 0x")
    requests = wallet_requests(page)
    assert requests.count("eth_signTypedData_v4") == 1
    assert requests.count("eth_sendTransaction") == 1  # no separate approve
    check_page(page, "buy-confirmed")

    after = _chain_state(stack)
    assert after["covers"] == before["covers"] + 1
    premium = before["balance"] - after["balance"]
    assert 0 < premium < USDC  # a few hundredths of a dollar for $5 over 30 days
    assert after["nonce"] == before["nonce"] + 1  # the permit was used
    # the permit allowed the quote + the 1% tolerance (rounded up); the purchase took the quote
    max_premium = -(-premium * 10_100 // 10_000)
    assert after["allowance"] == before["allowance"] + max_premium - premium

    page.click("text=See the receipt")
    page.wait_for_selector("[data-cover]")
    assert page.locator("h1").inner_text() == f"Cover #{after['covers']}: Aave v3"
    assert "5.00 USDC" in page.locator("[data-cover]").inner_text()
    assert page.locator("[data-status]").inner_text() == "waiting"
    check_page(page, "cover-receipt")


def test_buy__wallet_without_typed_data__approve_then_buy(open_page, stack):
    before = _chain_state(stack)
    page = open_page(f"/products/{PRODUCT}")
    page.evaluate("window.__testWallet.unsupported = ['eth_signTypedData_v4']")
    connect(page)
    _buy(page, "25")
    page.wait_for_selector("[data-tx-status][data-state='confirmed']", timeout=60_000)
    assert wallet_requests(page).count("eth_sendTransaction") == 2
    after = _chain_state(stack)
    assert after["covers"] == before["covers"] + 1
    assert after["nonce"] == before["nonce"]  # no permit


def test_wrong_network__banner_and_switch_button__banner_gone(open_page, stack):
    page = open_page(f"/products/{PRODUCT}", start_chain=1)
    page.click("header [data-wallet-connect]")
    banner = page.locator("#network-banner")
    banner.wait_for(state="visible")
    assert "another network (chain 1)" in banner.inner_text()
    assert f"chain {stack.chain_id}" in banner.inner_text()
    check_page(page, "wrong-network")
    page.click("[data-wallet-switch]")
    banner.wait_for(state="hidden")
    page.wait_for_selector("body[data-wallet='connected']")


def test_buy__signature_rejected__clear_message_and_nothing_changes(open_page, stack):
    before = _chain_state(stack)
    page = open_page(f"/products/{PRODUCT}")
    connect(page)
    page.evaluate("window.__testWallet.rejectNext = true")
    _buy(page, "5")
    message = failed(page)
    assert "You declined the request in your wallet" in message
    assert "nothing changed" in message
    assert "eth_sendTransaction" not in wallet_requests(page)
    assert _chain_state(stack) == before
    check_page(page, "buy-rejected")


def test_buy__balance_too_low__both_figures_and_nothing_sent(open_page, stack):
    # dev account 0 deposited all its mock USDC into the pool when `up` seeded it
    page = open_page(f"/products/{PRODUCT}", account=0)
    connect(page)
    _buy(page, "5")
    message = failed(page)
    assert "Your balance is 0 USDC; this cover costs 0.00" in message
    assert "Nothing was sent" in message
    requests = wallet_requests(page)
    assert "eth_signTypedData_v4" not in requests and "eth_sendTransaction" not in requests


def test_buy__over_capacity__contract_reason_and_nothing_sent(open_page, stack):
    before = _chain_state(stack)
    page = open_page(f"/products/{PRODUCT}")
    connect(page)
    page.fill("#amount", "6000000")  # the product's capacity is 5,000,000
    page.wait_for_selector("#quote [data-quote-error]")
    page.click("#buy-form button[type=submit]")
    message = failed(page)
    assert "This cover cannot be sold as asked, so nothing was sent." in message
    assert "Refused by the contract: cover: product capacity exceeded" in message
    assert "eth_sendTransaction" not in wallet_requests(page)
    assert _chain_state(stack) == before


def test_connect__browser_without_wallet__says_how_to_get_one(open_page):
    page = open_page(f"/products/{PRODUCT}", wallet=False)
    page.click("header [data-wallet-connect]")
    message = page.locator("[data-wallet-message]")
    message.wait_for(state="visible")
    assert "No wallet found in this browser" in message.inner_text()
    assert page.evaluate("document.body.dataset.wallet") == "disconnected"
    assert page.locator("#quote [data-premium]").is_visible()  # the calculator still works
