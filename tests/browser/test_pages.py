"""Every catalogue page in a real browser at 360 and 1280 px (some also in the dark scheme):
it renders, nothing is wider than the screen, axe-core finds no serious or critical
violation, and a screenshot is saved (test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest

from tests.utils.browser import NARROW, WIDTHS, check_visit

pytestmark = pytest.mark.browser

PAGES = {
    "markets": ("/markets", "Markets"),
    "markets-filtered": ("/markets?kind=protocol&tier=A", "Markets"),
    "product-protocol": ("/products/0", "Aave v3"),
    "product-custody": ("/products/2", "Binance custody"),
    "product-parametric": ("/products/3", "USDC depeg"),
    "learn": ("/learn", "Learn"),
    "not-found": ("/products/999", "No such product"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page__rendered__fits_accessible_and_screenshot(open_page, name, width):
    check_visit(open_page, name, *PAGES[name], width=width)


@pytest.mark.parametrize("name", ["markets", "product-protocol", "learn"])
def test_page__dark_scheme__fits_accessible_and_screenshot(open_page, name):
    page = check_visit(open_page, name, *PAGES[name], width=NARROW, scheme="dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 23)"  # the dark palette is in force


def test_markets__filter_by_kind__list_swapped_without_reload(open_page):
    page = open_page("/markets")
    page.evaluate("window.__marker = 'same page'")
    page.select_option("#filter-kind", "custody")
    page.wait_for_function("document.querySelectorAll('[data-product]').length === 1")
    assert page.locator("[data-product] h2").inner_text() == "Binance custody"
    assert page.evaluate("window.__marker") == "same page"  # htmx swapped, no reload
    assert "kind=custody" in page.url
    page.select_option("#filter-kind", "")
    page.select_option("#filter-tier", "X")
    page.wait_for_selector("text=No product matches these filters")


def test_calculator__amount_typed__premium_from_contract_without_wallet(open_page):
    page = open_page("/products/0")
    page.fill("#amount", "4500000")  # of 5,000,000: 90% of capacity after the purchase
    page.wait_for_selector("[data-surge]:has-text('this purchase takes the product to')")
    assert "90" in page.locator("[data-surge]").inner_text()
    page.fill("#amount", "abc")
    page.wait_for_selector("[data-quote-error]")
    assert "is not a number" in page.locator("[data-quote-error]").inner_text()


def test_keyboard__skip_link_first__focus_visible(open_page):
    page = open_page("/markets")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
