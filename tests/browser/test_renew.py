"""Renewing a cover from My account in a real browser, on a real anvil read through the
indexer: the follow-on cover starts exactly at the old cover's end (read from the chain) and
shows on the page; a renewal the contract refuses (too late: renewals close a waiting period
before the end) says why and changes nothing, and the page then says it is too late."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safetynet.chain import dev_address
from tests.utils.browser import (
    RENEWER,
    check_page,
    confirmed,
    connect,
    failed,
    reload_until,
    wallet_requests,
)
from tests.utils.constants import DAY, MAX_BPS, USDC
from tests.utils.web_history import PROTOCOL_PRODUCT, buy, cover_times, waiting_period

pytestmark = pytest.mark.browser

AMOUNT = 1_000 * USDC


@pytest.fixture
def stack(indexed_stack):
    """My account reads the index: the session's stack with the indexer (conftest)."""
    return indexed_stack


def _active_cover_page(open_page, world, days: int):
    """The renewer's own cover of `days`, started, on their account page with the wallet
    connected; returns (page, cover id)."""
    cover_id = buy(world, RENEWER, PROTOCOL_PRODUCT, AMOUNT, days=days)
    world.time_travel(waiting_period(world, PROTOCOL_PRODUCT) + 60)
    page = open_page(f"/account/{dev_address(RENEWER)}", account=RENEWER)
    reload_until(page, f"[data-cover-row='{cover_id}'][data-state='active']")
    connect(page)
    return page, cover_id


def _chain_state(world) -> dict[str, int]:
    me = dev_address(RENEWER)
    return {
        "covers": world.view("cover", "cover_count"),
        "balance": world.view("asset", "balanceOf", me),
        "allowance": world.view("asset", "allowance", me, world.address("cover")),
    }


def _renew(page, cover_id: int, days: int, max_premium: str | None = None) -> None:
    """Choose the period and send the renewal, at the price the page filled in (None: wait
    for it to be filled in with that period's quote) or at `max_premium` typed over it."""
    page.select_option(f"#renew-period-{cover_id}", str(days * DAY))
    page.wait_for_selector(f"#renew-quote-{cover_id}")  # the filled-in field has arrived
    if max_premium is not None:
        page.fill(f"#renew-max-{cover_id}", max_premium)
    page.click(f"[data-cover-row='{cover_id}'] form[data-function='renew_cover'] [type=submit]")


def test_renew__active_cover__follow_on_starts_at_its_end_and_shows(open_page, stack):
    world = stack.world
    page, old = _active_cover_page(open_page, world, days=30)
    before = _chain_state(world)
    quote = world.view("cover", "quote", PROTOCOL_PRODUCT, AMOUNT, 90 * DAY)
    tolerance = -(-quote * (MAX_BPS + 100) // MAX_BPS)  # the quote + 1%, rounded up

    # the page fills in today's 90-day quote + 1% when the period is chosen (no typing)
    page.select_option(f"#renew-period-{old}", str(90 * DAY))
    filled = f"{Decimal(tolerance).scaleb(-6).normalize():f}"
    page.wait_for_function(
        "([selector, value]) => document.querySelector(selector)?.value === value",
        arg=[f"#renew-max-{old}", filled],
    )
    assert "Quoted now:" in page.locator(f"#renew-quote-{old}").inner_text()
    _renew(page, old, 90)
    confirmed(page, f"Renewal of cover #{old} confirmed")
    # the exact premium was approved for the first purchase: the renewal approves first
    assert wallet_requests(page).count("eth_sendTransaction") == 2

    new = world.view("cover", "cover_count")
    assert new == before["covers"] + 1
    product, amount, start, end, premium, paid, owner = world.view("cover", "covers", new)
    assert (product, amount, paid) == (PROTOCOL_PRODUCT, AMOUNT, 0)
    assert owner.lower() == dev_address(RENEWER).lower()
    assert start == cover_times(world, old)[1]  # no gap, no waiting period of its own
    assert end == start + 90 * DAY
    assert premium <= tolerance
    assert world.view("asset", "balanceOf", dev_address(RENEWER)) == before["balance"] - premium

    reload_until(page, f"[data-cover-row='{new}'][data-state='waiting']")
    card = page.locator(f"[data-cover-row='{new}']").inner_text()
    assert f"Cover #{new}" in card and "starts in" in card
    # the renewed cover says what continues it instead of offering to renew it again
    old_row = page.locator(f"[data-cover-row='{old}']")
    assert old_row.locator(f"[data-renewed-as='{new}']").count() == 1
    assert old_row.locator("form[data-function='renew_cover']").count() == 0
    check_page(page, "account-renewed")


def test_renew__too_late__contract_reason_and_nothing_changes(open_page, stack):
    world = stack.world
    page, old = _active_cover_page(open_page, world, days=7)
    # The page stays open while the cover's last waiting period begins: too late to renew.
    end = cover_times(world, old)[1]
    world.time_travel(end - waiting_period(world, PROTOCOL_PRODUCT) - world.now() + 60)
    before = _chain_state(world)

    _renew(page, old, 30, "100")
    message = failed(page)
    assert "nothing was sent or approved" in message
    assert "cover: renewal due a waiting period before the end" in message
    assert "eth_sendTransaction" not in wallet_requests(page)
    assert _chain_state(world) == before
    check_page(page, "account-renew-refused")

    page.reload()  # the page now says it is too late, instead of offering the button
    closed = page.locator(f"[data-cover-row='{old}'] [data-renew-closed]").inner_text()
    assert closed.startswith("Too late to renew")
    assert page.locator(f"#renew-period-{old}").count() == 0
