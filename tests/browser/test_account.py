"""My account, file a claim, assess and the claim page in a real browser on a phone-sized
screen, each action a transaction the test wallet sends to a real anvil, read back through
the indexer: underwriting (deposit, request, time-travel, withdraw), assessing and claiming
(stake, file a claim with an evidence file hashed in the browser, vote, settle, collect the
reward), and a depeg paid by the keeper that shows in My account without the holder doing
anything. Each test uses dev accounts of its own (tests/utils/browser.py) and reads what it
changed relative to where it started, so it passes alone and in any order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safetynet.chain import dev_address, keccak256
from tests.utils.browser import (
    ASSESSOR,
    HOLDER,
    UNDERWRITER,
    check_page,
    confirmed,
    connect,
    reload_until,
    screenshot,
)
from tests.utils.constants import SNET, USDC
from tests.utils.web_history import (
    EVIDENCE_FILE,
    PROTOCOL_PRODUCT,
    buy,
    fund_rewards,
    waiting_period,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def stack(indexed_stack):
    """These pages read the index: the session's stack with the indexer (conftest)."""
    return indexed_stack


def test_underwriting__deposit_request_time_travel_withdraw(open_page, stack):
    world = stack.world
    me = dev_address(UNDERWRITER)
    balance_before = world.view("asset", "balanceOf", me)
    page = open_page(f"/account/{me}", account=UNDERWRITER)
    connect(page)

    page.fill("#deposit-amount", "1000")
    page.click("form[data-function='deposit'] button[type=submit]")
    confirmed(page, "Deposit confirmed")
    assert world.view("pool", "balanceOf", me) > 0
    assert world.view("asset", "balanceOf", me) == balance_before - 1000 * USDC
    page.wait_for_selector("[data-withdrawal='none']")
    page.wait_for_function("document.querySelector('#request-shares').value !== ''")

    page.click("form[data-function='request_withdrawal'] button[type=submit]")
    confirmed(page, "Withdrawal request confirmed")
    page.wait_for_selector("[data-withdrawal='cooling']")
    assert "cooldown ends in" in page.locator("[data-withdrawal]").inner_text()
    check_page(page, "account-underwriting")

    world.time_travel(world.view("pool", "withdrawal_cooldown") + 60)
    page.reload()
    page.wait_for_selector("[data-withdrawal='open']")
    assert "the window closes in" in page.locator("[data-withdrawal]").inner_text()
    connect(page)
    page.click("form[data-function='redeem'] button[type=submit]")
    confirmed(page, "Withdrawal confirmed")
    assert world.view("pool", "balanceOf", me) == 0
    back = world.view("asset", "balanceOf", me)
    assert back >= balance_before - USDC  # 1,000 back, give or take premium earned / rounding
    page.wait_for_selector("[data-withdrawal='none']")


def test_claim__stake_file_with_evidence_vote_settle_collect_reward(open_page, stack):
    world = stack.world
    assessor, holder = dev_address(ASSESSOR), dev_address(HOLDER)

    # The assessor stakes from My account (approve SNET, then stake: two transactions).
    staked_before = world.view("claims", "total_staked")
    page = open_page(f"/account/{assessor}", account=ASSESSOR)
    connect(page)
    page.fill("#stake-amount", "20000")
    page.click("form[data-function='stake'] button[type=submit]")
    confirmed(page, "Stake confirmed")
    assert world.view("claims", "total_staked") == staked_before + 20_000 * SNET

    # The holder's cover, bought and started (the purchase itself is test_buy's subject).
    cover_id = buy(world, HOLDER, PROTOCOL_PRODUCT, 2_000 * USDC)
    world.time_travel(waiting_period(world, PROTOCOL_PRODUCT) + 3_600)

    holder_page = open_page(f"/account/{holder}", account=HOLDER)
    reload_until(holder_page, f"[data-cover-row='{cover_id}'][data-state='active']")
    holder_page.click(f"[data-cover-row='{cover_id}'] >> text=File a claim")
    holder_page.wait_for_selector("#claim-form")
    connect(holder_page)
    assert holder_page.locator("#claim-cover").input_value() == str(cover_id)
    excluded = holder_page.locator("details.excluded").inner_text()
    assert "Rug pull" in excluded and "Phishing" in excluded
    holder_page.fill("#claim-amount", "500")
    incident = world.now() - 1_800
    local = datetime.fromtimestamp(incident, UTC).strftime("%Y-%m-%dT%H:%M")
    holder_page.fill("#claim-time", local)
    holder_page.dispatch_event("#claim-time", "change")
    holder_page.wait_for_selector("[data-claim-time-check][data-kind='ok']")
    holder_page.set_input_files(
        "#claim-evidence",
        files=[{"name": "evidence.txt", "mimeType": "text/plain", "buffer": EVIDENCE_FILE}],
    )
    expected_hash = "0x" + keccak256(EVIDENCE_FILE).hex()
    holder_page.wait_for_selector(f"[data-evidence-hash]:has-text('{expected_hash}')")
    check_page(holder_page, "file-claim-form")
    holder_page.click("[data-claim-submit]")
    confirmed(holder_page, "filed with evidence")
    claim_id = world.view("claims", "claim_count")
    assert expected_hash in holder_page.locator("[data-tx-status]").inner_text()

    holder_page.click(f"text=Follow claim #{claim_id}")
    reload_until(holder_page, "[data-stage]")
    assert holder_page.locator("[data-stage]").inner_text() == "voting"
    assert holder_page.locator("[data-claim-evidence]").inner_text() == expected_hash
    assert "Payouts never lapse" in holder_page.content()

    # The assessor votes on the assess page: weight shown and counted (staked before).
    page.goto(f"{stack.web_url}/assess?account={assessor}")
    reload_until(page, f"[data-open-claim='{claim_id}']")
    card = page.locator(f"[data-open-claim='{claim_id}']")
    assert "it counts" in card.locator("[data-weight]").inner_text()
    assert expected_hash in card.inner_text()
    check_page(page, "assess-voting")
    connect(page)
    card.locator("button:has-text('Accept')").click()
    confirmed(page, "Vote to accept confirmed")
    page.wait_for_selector(f"[data-open-claim='{claim_id}'] [data-voted]")

    # Voting and the cooldown pass; fees reach the reward reserve; the holder settles it.
    voting = world.view("claims", "voting_period")
    world.time_travel(voting + world.view("claims", "payout_cooldown") + 60)
    fund_rewards(world)
    holder_before = world.view("asset", "balanceOf", holder)
    holder_page.goto(f"{stack.web_url}/claims/{claim_id}")
    reload_until(holder_page, "[data-stage]:has-text('due')")
    connect(holder_page)
    holder_page.click("text=Settle now")
    confirmed(holder_page, "Settlement confirmed")
    reload_until(holder_page, "[data-stage]:has-text('paid')")
    assert "500.00 USDC" in holder_page.locator("[data-claim-payout]").inner_text()
    assert world.view("asset", "balanceOf", holder) > holder_before
    screenshot(holder_page, "claim-settled")

    holder_page.goto(f"{stack.web_url}/account/{holder}")
    reload_until(holder_page, f"[data-claim-row='{claim_id}'] [data-claim-stage='paid']")
    assert holder_page.locator("[data-payouts-received]").inner_text() == "500.00 USDC"

    # The assessor collects the reward from My account.
    reward = world.view("claims", "pending_reward", claim_id, assessor)
    assert reward > 0
    page.goto(f"{stack.web_url}/account/{assessor}")
    reload_until(page, "[data-rewards]")
    connect(page)
    before = world.view("asset", "balanceOf", assessor)
    page.click("form[data-function='claim_rewards'] button[type=submit]")
    confirmed(page, "Reward collection confirmed")
    assert world.view("asset", "balanceOf", assessor) == before + reward
    assert world.view("claims", "pending_reward", claim_id, assessor) == 0


def test_depeg__payout_shows_in_my_account_without_the_holder_doing_anything(
    open_page, stack, depeg_payout
):
    paid_cell = f"[data-cover-row='{depeg_payout.cover_id}'] [data-cover-paid]"
    page = open_page(f"/account/{depeg_payout.holder}", wallet=False)
    page.wait_for_selector(paid_cell)
    text = page.locator(paid_cell).inner_text()
    assert text == f"{depeg_payout.paid / USDC:,.2f} USDC"
    assert page.locator("[data-payouts-received]").inner_text() == text
    check_page(page, "account-depeg-paid")
    page.goto(f"{stack.web_url}/statistics")
    page.wait_for_selector("[data-incident]")
    keeper = page.locator("[data-keeper-last]").inner_text()
    assert "IncidentPaid" in keeper or "CoversPaid" in keeper, keeper
