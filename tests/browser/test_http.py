"""The pages' answers to bad input over HTTP, on the real stack: a clear message with a 4xx,
never a 500, and the calculator's refusals are the contract's own reasons."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from tests.utils.constants import DAY, MAX_BPS, USDC
from tests.utils.web_history import PROTOCOL_PRODUCT, buy

pytestmark = pytest.mark.browser

FRAGMENT = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def http(stack):
    with httpx.Client(base_url=stack.web_url, timeout=10) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/products/abc", 404, "product ids are whole numbers"),
        ("/products/99", 404, "there is no product 99"),
        ("/products/-1", 404, "product ids are whole numbers"),
        ("/products/99999999999999999999", 404, "product ids are whole numbers"),
        ("/covers/0", 404, "there is no cover"),
        ("/covers/abc", 404, "there is no cover"),
        ("/markets?kind=rugpull", 422, "kind must be one of"),
        ("/covers/abc/renew-quote?period=2592000", 404, "there is no cover"),
        ("/covers/0/renew-quote?period=2592000", 404, "there is no cover"),
        ("/covers/99999999999999999999/renew-quote?period=2592000", 404, "there is no cover"),
        ("/covers/1/renew-quote?period=thirty", 422, "a whole number of seconds"),
        ("/covers/1/renew-quote", 422, "a whole number of seconds"),
    ],
)
def test_page__bad_input__4xx_page_with_message(http, path, status, message):
    answer = http.get(path)
    assert answer.status_code == status
    assert message in answer.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("amount=abc&days=30", "is not a number"),
        ("amount=-5&days=30", "must not be negative"),
        ("amount=0&days=30", "above zero"),
        ("amount=1,5&days=30", "use a dot for decimals"),
        ("amount=5.0000001&days=30", "more than 6 decimals"),
        ("amount=5&days=3", "sells 7 to 365 days"),
        ("amount=5&days=7.5", "whole number of days"),
        ("amount=5&days=", "whole number of days"),
        ("amount=99000000&days=30", "cover: product capacity exceeded"),
        ("amount=1e400&days=30", "too large"),
    ],
)
def test_quote__bad_input__422_fragment_with_reason(http, query, message):
    answer = http.get(f"/products/0/quote?{query}", headers=FRAGMENT)
    assert answer.status_code == 422
    assert message in answer.text
    assert "<html" not in answer.text  # a fragment for htmx to swap in


def test_quote__five_dollars__contract_premium_and_breakdown(http, stack):
    premium = stack.world.view("cover", "quote", 0, 5 * 10**6, 30 * 86400)
    answer = http.get("/products/0/quote?amount=5&days=30", headers=FRAGMENT)
    assert answer.status_code == 200
    shown = f"{premium / 10**6:.6f}".rstrip("0")
    assert shown in answer.text
    assert "Size surcharge" in answer.text


def test_renew_quote__cover__quote_plus_one_percent_filled_in(http, stack):
    world = stack.world
    cover_id = buy(world, 4, PROTOCOL_PRODUCT, 5 * USDC, days=30)
    premium = world.view("cover", "quote", PROTOCOL_PRODUCT, 5 * USDC, 90 * DAY)
    limit = -(-premium * (MAX_BPS + 100) // MAX_BPS)
    answer = http.get(f"/covers/{cover_id}/renew-quote?period={90 * DAY}", headers=FRAGMENT)
    assert answer.status_code == 200
    assert f'value="{Decimal(limit).scaleb(-6).normalize():f}"' in answer.text
    assert "Quoted now: " in answer.text and "<html" not in answer.text


def test_renew_quote__period_the_product_does_not_sell__field_empty_with_reason(http, stack):
    cover_id = buy(stack.world, 4, PROTOCOL_PRODUCT, 5 * USDC, days=30)
    answer = http.get(f"/covers/{cover_id}/renew-quote?period={2_000 * DAY}", headers=FRAGMENT)
    assert answer.status_code == 200
    assert 'value=""' in answer.text and "data-renew-quote-error" in answer.text


def test_quote__without_javascript__full_page(http):
    answer = http.get("/products/0/quote?amount=5&days=30")
    assert answer.status_code == 200
    assert "<html" in answer.text and "Premium" in answer.text


def test_product__claims_history__from_the_index(http):
    answer = http.get("/products/0")
    assert "No claim has been filed on this product (indexed through block 0)" in answer.text
    parametric = http.get("/products/3")
    assert "No incident has been recorded for this product." in parametric.text
