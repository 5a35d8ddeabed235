"""My account, file a claim, assess and the claim page in a real browser, each action a
transaction the test wallet sends to a real anvil, read back through the indexer:
underwriting (deposit, request, time-travel, withdraw), assessing and claiming (stake, file
a claim with an evidence file hashed in the browser, vote, settle, collect the reward), and
a depeg paid by the keeper that shows in My account without the holder doing anything."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import httpx
import pytest

from safetynet.chain import dev_address, keccak256
from tests.utils import web_stack
from tests.utils.browser import WIDTHS, screenshot, serious_violations
from tests.utils.constants import DAY, SNET, USDC
from tests.utils.web_stack import call_uint, chain_time, send, time_travel

pytestmark = pytest.mark.browser


@pytest.fixture
def stack(indexed_stack):
    """These pages read the index: the session's stack with the indexer (conftest)."""
    return indexed_stack


UNDERWRITER, ASSESSOR, HOLDER, DEPEG_HOLDER = 3, 4, 5, 6  # anvil dev accounts funded by `up`
PROTOCOL_PRODUCT, DEPEG_PRODUCT = 0, 3  # Aave v3 and USDC depeg in the sample market
INDEX_WAIT_MS = 30_000


def _addresses(stack) -> dict[str, str]:
    return stack.manifest["addresses"]


def _connect(page) -> None:
    page.click("header [data-wallet-connect]")
    page.wait_for_selector("body[data-wallet='connected']")


def _confirmed(page, text: str, timeout: int = 60_000) -> None:
    """Wait for the transaction's status to say `text` confirmed; a failure fails at once,
    with the page's own message."""
    done = f"[data-tx-status][data-state='confirmed']:has-text('{text}')"
    failed = "[data-tx-status][data-state='failed']"
    page.wait_for_selector(f"{done}, {failed}", timeout=timeout)
    if page.locator(failed).count():
        raise AssertionError(page.locator(failed).first.inner_text())


def _reload_until(page, selector: str, timeout_ms: int = INDEX_WAIT_MS) -> None:
    """Reload until `selector` shows (the index follows the chain within about a second)."""
    deadline = datetime.now(UTC).timestamp() + timeout_ms / 1000
    while True:
        page.reload()
        if page.locator(selector).count() > 0:
            return
        if datetime.now(UTC).timestamp() > deadline:
            raise AssertionError(f"{selector} did not appear on {page.url}")
        page.wait_for_timeout(500)


def _buy(stack, account: int, product_id: int, amount: int, days: int = 30) -> int:
    """Buy a cover for `account` from the test (not the subject here); returns its id."""
    a = _addresses(stack)
    send(stack, account, a["asset"], "approve(address,uint256)", a["cover"], 10**30)
    send(stack, account, a["cover"], "buy_cover(uint256,uint256,uint256,uint256,address)",
         product_id, amount, days * DAY, 10**30, dev_address(account))  # fmt: skip
    return call_uint(stack, a["cover"], "cover_count()")


def _waiting_period(stack, product_id: int) -> int:
    answer = httpx.get(f"{stack.web_url}/api/products/{product_id}", timeout=10).json()
    assert "data" in answer, answer
    return int(answer["data"]["waiting_period"])


def test_underwriting__deposit_request_time_travel_withdraw(open_page, stack):
    a = _addresses(stack)
    me = dev_address(UNDERWRITER)
    balance_before = call_uint(stack, a["asset"], "balanceOf(address)", me)
    page = open_page(f"/account/{me}", account=UNDERWRITER)
    _connect(page)

    page.fill("#deposit-amount", "1000")
    page.click("form[data-function='deposit'] button[type=submit]")
    _confirmed(page, "Deposit confirmed")
    shares = call_uint(stack, a["pool"], "balanceOf(address)", me)
    assert shares > 0
    assert call_uint(stack, a["asset"], "balanceOf(address)", me) == balance_before - 1000 * USDC
    page.wait_for_selector("[data-withdrawal='none']")
    page.wait_for_function("document.querySelector('#request-shares').value !== ''")

    page.click("form[data-function='request_withdrawal'] button[type=submit]")
    _confirmed(page, "Withdrawal request confirmed")
    page.wait_for_selector("[data-withdrawal='cooling']")
    assert "cooldown ends in" in page.locator("[data-withdrawal]").inner_text()
    screenshot(page, "account-underwriting")

    cooldown = call_uint(stack, a["pool"], "withdrawal_cooldown()")
    time_travel(stack, cooldown + 60)
    page.reload()
    page.wait_for_selector("[data-withdrawal='open']")
    assert "the window closes in" in page.locator("[data-withdrawal]").inner_text()
    _connect(page)
    page.click("form[data-function='redeem'] button[type=submit]")
    _confirmed(page, "Withdrawal confirmed")
    assert call_uint(stack, a["pool"], "balanceOf(address)", me) == 0
    back = call_uint(stack, a["asset"], "balanceOf(address)", me)
    assert back >= balance_before - USDC  # 1,000 back, give or take premium earned / rounding
    page.wait_for_selector("[data-withdrawal='none']")


def test_claim__stake_file_with_evidence_vote_settle_collect_reward(open_page, stack, tmp_path):
    a = _addresses(stack)
    assessor, holder = dev_address(ASSESSOR), dev_address(HOLDER)

    # The assessor stakes from My account (approve SNET, then stake: two transactions).
    page = open_page(f"/account/{assessor}", account=ASSESSOR)
    _connect(page)
    page.fill("#stake-amount", "20000")
    page.click("form[data-function='stake'] button[type=submit]")
    _confirmed(page, "Stake confirmed")
    assert call_uint(stack, a["claims"], "total_staked()") == 20_000 * SNET  # the only staker

    # The holder's cover, bought and started (the purchase itself is test_buy's subject).
    cover_id = _buy(stack, HOLDER, PROTOCOL_PRODUCT, 2_000 * USDC)
    time_travel(stack, _waiting_period(stack, PROTOCOL_PRODUCT) + 3_600)

    holder_page = open_page(f"/account/{holder}", account=HOLDER)
    _reload_until(holder_page, f"[data-cover-row='{cover_id}'][data-state='active']")
    holder_page.click(f"[data-cover-row='{cover_id}'] >> text=File a claim")
    holder_page.wait_for_selector("#claim-form")
    _connect(holder_page)
    assert holder_page.locator("#claim-cover").input_value() == str(cover_id)
    excluded = holder_page.locator("details.excluded").inner_text()
    assert "Rug pull" in excluded and "Phishing" in excluded
    holder_page.fill("#claim-amount", "500")
    incident = chain_time(stack) - 1_800
    local = datetime.fromtimestamp(incident, UTC).strftime("%Y-%m-%dT%H:%M")
    holder_page.fill("#claim-time", local)
    holder_page.dispatch_event("#claim-time", "change")
    holder_page.wait_for_selector("[data-claim-time-check][data-kind='ok']")
    evidence = b"exploit tx 0xdead, post-mortem, balances before and after\n"
    holder_page.set_input_files(
        "#claim-evidence",
        files=[{"name": "evidence.txt", "mimeType": "text/plain", "buffer": evidence}],
    )
    expected_hash = "0x" + keccak256(evidence).hex()
    holder_page.wait_for_selector(f"[data-evidence-hash]:has-text('{expected_hash}')")
    for width in WIDTHS:
        holder_page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(holder_page) == []
        screenshot(holder_page, "file-claim-form")
    holder_page.click("[data-claim-submit]")
    _confirmed(holder_page, "filed with evidence")
    claim_id = call_uint(stack, a["claims"], "claim_count()")
    assert expected_hash in holder_page.locator("[data-tx-status]").inner_text()

    holder_page.click(f"text=Follow claim #{claim_id}")
    _reload_until(holder_page, "[data-stage]")
    assert holder_page.locator("[data-stage]").inner_text() == "voting"
    assert holder_page.locator("[data-claim-evidence]").inner_text() == expected_hash
    assert "Payouts never lapse" in holder_page.content()

    # The assessor votes on the assess page: weight shown and counted (staked before).
    page.goto(f"{stack.web_url}/assess?account={assessor}")
    _reload_until(page, f"[data-open-claim='{claim_id}']")
    card = page.locator(f"[data-open-claim='{claim_id}']")
    assert "it counts" in card.locator("[data-weight]").inner_text()
    assert expected_hash in card.inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(page) == []
        screenshot(page, "assess")
    _connect(page)
    card.locator("button:has-text('Accept')").click()
    _confirmed(page, "Vote to accept confirmed")
    page.wait_for_selector(f"[data-open-claim='{claim_id}'] [data-voted]")

    # Voting and the cooldown pass; fees reach the reward reserve; the holder settles it.
    voting = call_uint(stack, a["claims"], "voting_period()")
    cooldown = call_uint(stack, a["claims"], "payout_cooldown()")
    time_travel(stack, voting + cooldown + 60)
    send(stack, 0, a["pool"], "sweep_fees()")
    send(stack, 0, a["claims"], "sync_reserve()")
    holder_before = call_uint(stack, a["asset"], "balanceOf(address)", holder)
    holder_page.goto(f"{stack.web_url}/claims/{claim_id}")
    _reload_until(holder_page, "[data-stage]:has-text('due')")
    _connect(holder_page)
    holder_page.click("text=Settle now")
    _confirmed(holder_page, "Settlement confirmed")
    _reload_until(holder_page, "[data-stage]:has-text('paid')")
    assert "500.00 USDC" in holder_page.locator("[data-claim-payout]").inner_text()
    assert call_uint(stack, a["asset"], "balanceOf(address)", holder) > holder_before
    screenshot(holder_page, "claim-paid")

    holder_page.goto(f"{stack.web_url}/account/{holder}")
    _reload_until(holder_page, f"[data-claim-row='{claim_id}'] [data-claim-stage='paid']")
    assert holder_page.locator("[data-payouts-received]").inner_text() == "500.00 USDC"

    # The assessor collects the reward from My account.
    reward = call_uint(stack, a["claims"], "pending_reward(uint256,address)", claim_id, assessor)
    assert reward > 0
    page.goto(f"{stack.web_url}/account/{assessor}")
    _reload_until(page, "[data-rewards]")
    _connect(page)
    before = call_uint(stack, a["asset"], "balanceOf(address)", assessor)
    page.click("form[data-function='claim_rewards'] button[type=submit]")
    _confirmed(page, "Reward collection confirmed")
    assert call_uint(stack, a["asset"], "balanceOf(address)", assessor) == before + reward
    assert call_uint(stack, a["claims"], "pending_reward(uint256,address)", claim_id, assessor) == 0


def test_depeg__payout_shows_in_my_account_without_the_holder_doing_anything(open_page, stack):
    a = _addresses(stack)
    holder = dev_address(DEPEG_HOLDER)
    cover_id = _buy(stack, DEPEG_HOLDER, DEPEG_PRODUCT, 1_000 * USDC)
    time_travel(stack, _waiting_period(stack, DEPEG_PRODUCT) + 600)
    page = open_page(f"/account/{holder}", account=DEPEG_HOLDER)
    _reload_until(page, f"[data-cover-row='{cover_id}'][data-state='active']")
    paid_cell = f"[data-cover-row='{cover_id}'] [data-cover-paid]"
    assert page.locator(paid_cell).inner_text() == "0.00 USDC"
    balance_before = call_uint(stack, a["asset"], "balanceOf(address)", holder)

    # Two of the product's three feeds (it triggers on two) report a depeg for longer than
    # the trigger's minimum, then recover.
    feeds = [a["feed_usdc-depeg"], a["feed_usdc-depeg_2"]]
    unit = {f: 10 ** call_uint(stack, f, "decimals()") for f in feeds}
    for _ in range(3):
        for f in feeds:
            send(stack, 0, f, "set_answer(int256)", 93 * unit[f] // 100)  # 0.93
        time_travel(stack, 3_600)
    for f in feeds:
        send(stack, 0, f, "set_answer(int256)", unit[f])
    # The keeper's pass (the same command `make up` runs) reports the incident and pays.
    done = subprocess.run(
        [sys.executable, "-m", "safetynet.keeper", "--rpc-url", stack.rpc_url,
         "--manifest", str(stack.home / "deployment.json"),
         "--state-dir", str(stack.home / "keeper"), "--once"],
        cwd=web_stack.ROOT, env=web_stack._env(stack), capture_output=True, text=True,
        timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    paid = call_uint(stack, a["asset"], "balanceOf(address)", holder) - balance_before
    assert paid > 0  # pushed to the holder: nobody filed anything

    _reload_until(page, f"{paid_cell}:not(:text-is('0.00 USDC'))")
    text = page.locator(paid_cell).inner_text()
    assert text == f"{paid / USDC:,.2f} USDC"
    assert page.locator("[data-payouts-received]").inner_text() == text
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(page) == []
        screenshot(page, "account-depeg-paid")
    page.goto(f"{stack.web_url}/statistics")
    page.wait_for_selector("[data-incident]")
    keeper = page.locator("[data-keeper-last]").inner_text()
    assert "IncidentPaid" in keeper or "CoversPaid" in keeper, keeper
