"""Cover.renew_cover: the owner of a cover buys a follow-on cover starting exactly at its end."""

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.deploy import fund
from tests.utils.events import event

AMOUNT = 10_000 * USDC
PERIOD = 30 * DAY


def _renew(cover, who, cover_id, period=PERIOD, max_premium=2**255):
    with boa.env.prank(who):
        return cover.renew_cover(cover_id, period, max_premium)


def test_renew_cover__owner_of_active_cover__starts_at_old_end_same_terms_and_emits(
    cover, pool, asset, buy, policyholder, product
):
    old_id = buy(amount=AMOUNT, period=PERIOD)
    old = cover.covers(old_id)
    boa.env.time_travel(seconds=10 * DAY)
    quote = cover.quote(product, AMOUNT, 60 * DAY)
    balance = asset.balanceOf(policyholder)
    new_id = _renew(cover, policyholder, old_id, period=60 * DAY)
    renewed = event(cover, "CoverRenewed")
    bought = event(cover, "CoverBought")
    new = cover.covers(new_id)
    assert new_id == old_id + 1
    assert (new.product_id, new.amount, new.start, new.end) == (
        product, AMOUNT, old.end, old.end + 60 * DAY,
    )  # fmt: skip
    assert new.premium == quote and asset.balanceOf(policyholder) == balance - quote
    assert cover.ownerOf(new_id) == policyholder
    assert (renewed.cover_id, renewed.new_cover_id, renewed.owner) == (
        old_id, new_id, policyholder,
    )  # fmt: skip
    assert (bought.cover_id, bought.start, bought.end, bought.premium) == (
        new_id, old.end, old.end + 60 * DAY, quote,
    )  # fmt: skip
    # no gap and no overlap: one of the two protects at every second around the boundary
    assert cover.is_active(old_id, old.end) and not cover.is_active(new_id, old.end - 1)
    assert cover.is_active(new_id, old.end + 1) and not cover.is_active(old_id, old.end + 1)
    # the old cover is untouched
    assert cover.covers(old_id) == old


def test_renew_cover__in_its_waiting_period__is_allowed(cover, buy, policyholder):
    old_id = buy(period=PERIOD)
    new_id = _renew(cover, policyholder, old_id)
    assert cover.covers(new_id).start == cover.covers(old_id).end


def test_renew_cover__after_the_cover_ended__reverts(cover, buy, policyholder):
    old_id = buy(period=PERIOD)
    boa.env.time_travel(seconds=cover.covers(old_id).end - now() + 1)
    with boa.reverts("cover: cover ended: buy a new cover"):
        _renew(cover, policyholder, old_id)


def test_renew_cover__within_the_waiting_period_of_the_end__reverts(cover, buy, policyholder):
    old_id = buy(period=PERIOD)
    end = cover.covers(old_id).end
    with boa.env.anchor():  # exactly the waiting period (1 day) before the end: still allowed
        boa.env.time_travel(seconds=end - DAY - now())
        _renew(cover, policyholder, old_id)
    boa.env.time_travel(seconds=end - DAY - now() + 1)
    with boa.reverts("cover: renewal due a waiting period before the end"):
        _renew(cover, policyholder, old_id)


def test_renew_cover__transferred_cover__only_the_new_owner_may_renew(
    cover, buy, policyholder, attacker, asset
):
    old_id = buy(period=PERIOD)
    with boa.env.prank(policyholder):
        cover.transferFrom(policyholder, attacker, old_id)
    with boa.reverts("cover: caller is not the cover owner"):
        _renew(cover, policyholder, old_id)
    fund(asset, attacker, cover.address, 1_000 * USDC)
    new_id = _renew(cover, attacker, old_id)
    assert cover.ownerOf(new_id) == attacker


def test_renew_cover__approved_operator__reverts(cover, buy, policyholder, attacker):
    old_id = buy(period=PERIOD)
    with boa.env.prank(policyholder):
        cover.approve(attacker, old_id)
    with boa.reverts("cover: caller is not the cover owner"):
        _renew(cover, attacker, old_id)


def test_renew_cover__unknown_cover__reverts(cover, policyholder, buy):
    buy()
    with boa.reverts("cover: unknown cover"):
        _renew(cover, policyholder, 99)


def test_renew_cover__premium_above_max__reverts(cover, buy, policyholder, product):
    old_id = buy(amount=AMOUNT, period=PERIOD)
    quote = cover.quote(product, AMOUNT, PERIOD)
    with boa.reverts("cover: premium above max_premium"):
        _renew(cover, policyholder, old_id, max_premium=quote - 1)
    assert _renew(cover, policyholder, old_id, max_premium=quote) == old_id + 1


def test_renew_cover__capacity__counts_old_and_new_cover_until_the_old_expires(
    cover, protocol, buy, policyholder, auditor
):
    from tests.utils.deploy import add_product

    pid = add_product(protocol, auditor, name="Small", capacity=15_000 * USDC)
    old_id = buy(amount=AMOUNT, period=PERIOD, pid=pid)
    with boa.reverts("cover: product capacity exceeded"):
        _renew(cover, policyholder, old_id)
    with boa.env.prank(protocol.admin):
        cover.set_product(pid, 250, 20_000 * USDC, False)
    new_id = _renew(cover, policyholder, old_id)
    assert cover.active_cover_of(pid) == 2 * AMOUNT
    # after the old cover's expiry day, only the renewal counts
    boa.env.time_travel(seconds=cover.covers(old_id).end - now() + DAY)
    assert cover.active_cover_of(pid) == AMOUNT
    assert cover.is_active(new_id, now())


def test_renew_cover__pool_leverage__refuses_what_capital_cannot_back(
    cover, pool, protocol, buy, policyholder
):
    old_id = buy(amount=600_000 * USDC, period=PERIOD)  # the pool holds 1,000,000
    with boa.reverts("pool: leverage limit exceeded"):
        _renew(cover, policyholder, old_id)
    assert pool.active_cover() == 600_000 * USDC


def test_renew_cover__product_sales_paused__reverts(cover, protocol, buy, policyholder, product):
    old_id = buy()
    with boa.env.prank(protocol.admin):
        cover.pause_product(product)
    with boa.reverts("cover: product paused"):
        _renew(cover, policyholder, old_id)


def test_renew_cover__no_live_attestation__reverts(cover, buy, policyholder, auditor, product):
    old_id = buy()
    with boa.env.prank(auditor):
        cover.revoke_attestation(product)
    with boa.reverts("cover: no live attestation"):
        _renew(cover, policyholder, old_id)


def test_renew_cover__chain_of_renewals__stops_760_days_ahead(
    cover, protocol, buy, policyholder, auditor
):
    from tests.utils.deploy import add_product

    pid = add_product(protocol, auditor, name="Long", max_period=730 * DAY, waiting=0)
    first = buy(amount=USDC, period=400 * DAY, pid=pid)
    second = _renew(cover, policyholder, first, period=360 * DAY)  # ends 760 days ahead
    assert cover.covers(second).end == now() + 760 * DAY
    with boa.reverts("cover: renewal ends over 760 days ahead"):
        _renew(cover, policyholder, second, period=7 * DAY)
