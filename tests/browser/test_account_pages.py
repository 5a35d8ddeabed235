"""The account, claim, assess and statistics pages in a real browser at 360 and 1280 px (and
the account page in the dark scheme): rendered, no serious or critical axe-core violation,
nothing wider than the screen, a screenshot saved. Runs after test_account.py in the same
session, so the pages show a deposit, a paid claim, a vote and a parametric incident."""

from __future__ import annotations

import pytest

from safetynet.chain import dev_address
from tests.utils.browser import WIDTHS, screenshot, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def stack(indexed_stack):
    """These pages read the index: the session's stack with the indexer (conftest)."""
    return indexed_stack


HOLDER = dev_address(5)
ASSESSOR = dev_address(4)
PAGES = {
    "account-connect": ("/account", "My account"),
    "account-holder": (f"/account/{HOLDER}", "My account"),
    "account-assessor": (f"/account/{ASSESSOR}", "My account"),
    "account-empty": (f"/account/{dev_address(8)}", "My account"),
    "file-claim-connect": ("/claims/new", "File a claim"),
    "file-claim": (f"/claims/new?account={HOLDER}", "File a claim"),
    "claim": ("/claims/1", "Claim #1"),
    "assess": ("/assess", "Assess claims"),
    "assess-account": (f"/assess?account={ASSESSOR}", "Assess claims"),
    "statistics": ("/statistics", "Statistics"),
    "claim-not-found": ("/claims/999999", "No such claim"),
    "account-bad-address": ("/account/0x123", "No such account"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_account_page__rendered__accessible_and_screenshot(open_page, name, width):
    path, heading = PAGES[name]
    page = open_page(path, width=width)
    assert page.locator("h1").first.inner_text().startswith(heading)
    violations = serious_violations(page)
    screenshot(page, name)
    assert violations == [], violations
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_account_page__dark_scheme__accessible(open_page, width):
    page = open_page(f"/account/{HOLDER}", width=width, scheme="dark")
    violations = serious_violations(page)
    screenshot(page, "account-holder", "-dark")
    assert violations == [], violations


def test_account_connect__wallet_connected__goes_to_its_account(open_page):
    page = open_page("/account")
    page.click("main [data-wallet-connect]")
    page.wait_for_url(f"**/account/{dev_address(1)}")
    assert page.locator("[data-account-address]").inner_text() == dev_address(1)


def test_statistics__without_wallet__figures_charts_and_ledger(open_page):
    page = open_page("/statistics")
    assert page.locator("svg.chart").count() >= 3
    ledger = page.locator("[data-ledger]").inner_text()
    assert "#1" in ledger and "paid" in ledger
    assert page.locator("[data-incident] svg.chart").count() >= 1
