"""The account, claim, assess and statistics pages (and the product pages once they have
claims and incidents) in a real browser at 360 and 1280 px, some in the dark scheme:
rendered, nothing wider than the screen, no serious or critical axe-core violation, a
screenshot saved. The history they show (a paid claim, an open one, votes, stake, a depeg
paid by the keeper) is built by the claim_history and depeg_payout fixtures."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from safetynet.chain import dev_address
from tests.utils.browser import BUYER_ACCOUNT, NOBODY, WIDTHS, check_visit

pytestmark = pytest.mark.browser


@pytest.fixture
def stack(indexed_stack):
    """These pages read the index: the session's stack with the indexer (conftest)."""
    return indexed_stack


# name -> (path, the start of its first heading); {fields} come from the session's history.
PAGES = {
    "account-connect": ("/account", "My account"),
    "account-holder": ("/account/{holder}", "My account"),
    "account-assessor": ("/account/{assessor}", "My account"),
    "account-depeg-paid": ("/account/{depeg_holder}", "My account"),
    "account-empty": (f"/account/{NOBODY}", "My account"),
    "file-claim-connect": ("/claims/new", "File a claim"),
    "file-claim": ("/claims/new?account={holder}", "File a claim"),
    "claim-paid": ("/claims/{paid_claim_id}", "Claim #{paid_claim_id}"),
    "claim-open": ("/claims/{open_claim_id}", "Claim #{open_claim_id}"),
    "cover-claimed": ("/covers/{cover_id}", "Cover #{cover_id}"),
    "assess": ("/assess", "Assess claims"),
    "assess-account": ("/assess?account={assessor}", "Assess claims"),
    "statistics": ("/statistics", "Statistics"),
    "product-with-claims": ("/products/0", "Aave v3"),
    "product-with-incident": ("/products/3", "USDC depeg"),
    "claim-not-found": ("/claims/999999", "No such claim"),
    "account-bad-address": ("/account/0x123", "No such account"),
}


@pytest.fixture
def pages(claim_history, depeg_payout) -> dict[str, tuple[str, str]]:
    """PAGES with the history's addresses and ids filled in."""
    fields = asdict(claim_history) | {"depeg_holder": depeg_payout.holder}
    return {name: (p.format(**fields), h.format(**fields)) for name, (p, h) in PAGES.items()}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_account_page__rendered__fits_accessible_and_screenshot(open_page, pages, name, width):
    check_visit(open_page, name, *pages[name], width=width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["account-holder", "statistics"])
def test_account_page__dark_scheme__fits_and_accessible(open_page, pages, name, width):
    check_visit(open_page, name, *pages[name], width=width, scheme="dark")


def test_product__claims_table_on_a_phone__scrolls_in_its_own_region(open_page, claim_history):
    page = check_visit(open_page, "product-with-claims", "/products/0", "Aave v3", width=360)
    region = page.locator("[role=region][aria-label^='Latest claims']")
    assert region.locator(f"td:text-is('#{claim_history.paid_claim_id}')").count() == 1
    wider = region.evaluate("r => r.scrollWidth > r.clientWidth")
    assert wider, "the table fits at 360 px: this test no longer checks the scroll region"
    region.focus()  # a keyboard user scrolls it with the arrow keys
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())


def test_account_connect__wallet_connected__goes_to_its_account(open_page):
    page = open_page("/account")
    page.click("main [data-wallet-connect]")
    page.wait_for_url(f"**/account/{dev_address(BUYER_ACCOUNT)}")
    assert page.locator("[data-account-address]").inner_text() == dev_address(BUYER_ACCOUNT)


def test_statistics__without_wallet__figures_charts_and_ledger(
    open_page, claim_history, depeg_payout
):
    page = open_page("/statistics", wallet=False)
    assert page.locator(".chart svg").count() >= 3
    # the scale's labels keep a readable size on a phone (HTML, not squashed SVG text)
    page.set_viewport_size({"width": 360, "height": 800})
    sizes = page.eval_on_selector_all(
        ".chart .tick", "ticks => ticks.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 12, sizes
    row = page.locator(f"[data-ledger] tr:has(a[href='/claims/{claim_history.paid_claim_id}'])")
    assert "paid" in row.inner_text()
    assert page.locator("[data-incident] .chart svg").count() >= 1
