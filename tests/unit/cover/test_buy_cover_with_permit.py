"""Cover.buy_cover_with_permit: a new buyer approves and buys in one transaction."""

import boa
from eth_account import Account

from safetynet.sdk import sign_permit
from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.events import event, events

_sign_permit = sign_permit


def _buyer(asset):
    account = Account.create("safetynet permit buyer")
    asset.mint(account.address, 1_000 * USDC)
    return account


def test_buy_cover_with_permit__signed_permit__buys_in_one_call(
    cover, pool, asset, product, funded_pool
):
    buyer = _buyer(asset)
    premium = cover.quote(product, 50_000 * USDC, 30 * DAY)
    max_premium = premium + 10
    deadline = now() + 3_600
    v, r, s = _sign_permit(asset, buyer.key, cover.address, max_premium, deadline)
    assert asset.allowance(buyer.address, cover.address) == 0
    with boa.env.prank(buyer.address):
        cid = cover.buy_cover_with_permit(
            product, 50_000 * USDC, 30 * DAY, max_premium, buyer.address, deadline, v, r, s
        )
        bought = event(cover, "CoverBought")
        approvals = events(cover, "Approval", emitter=asset)
    assert bought.cover_id == cid and bought.premium == premium
    # The permit's approval, then transferFrom spending it, in the same transaction.
    assert [(a.owner, a.spender, a.value) for a in approvals] == [
        (buyer.address, cover.address, max_premium),
        (buyer.address, cover.address, max_premium - premium),
    ]
    assert cover.ownerOf(cid) == buyer.address
    assert asset.balanceOf(buyer.address) == 1_000 * USDC - premium
    assert asset.nonces(buyer.address) == 1
    assert asset.allowance(buyer.address, cover.address) == max_premium - premium


def test_buy_cover_with_permit__expired_deadline__reverts(cover, asset, product, funded_pool):
    buyer = _buyer(asset)
    deadline = now() - 1
    v, r, s = _sign_permit(asset, buyer.key, cover.address, 100 * USDC, deadline)
    with boa.env.prank(buyer.address), boa.reverts("erc20: expired deadline"):
        cover.buy_cover_with_permit(
            product, 10_000 * USDC, 30 * DAY, 100 * USDC, buyer.address, deadline, v, r, s
        )


def test_buy_cover_with_permit__signature_for_other_value__reverts(
    cover, asset, product, funded_pool
):
    buyer = _buyer(asset)
    deadline = now() + 3_600
    v, r, s = _sign_permit(asset, buyer.key, cover.address, 100 * USDC, deadline)
    with boa.env.prank(buyer.address), boa.reverts("erc20: invalid signature"):
        cover.buy_cover_with_permit(
            product, 10_000 * USDC, 30 * DAY, 101 * USDC, buyer.address, deadline, v, r, s
        )


def test_buy_cover_with_permit__someone_elses_signature__reverts(
    cover, asset, attacker, product, funded_pool
):
    buyer = _buyer(asset)
    deadline = now() + 3_600
    v, r, s = _sign_permit(asset, buyer.key, cover.address, 100 * USDC, deadline)
    with boa.env.prank(attacker), boa.reverts("erc20: invalid signature"):
        cover.buy_cover_with_permit(
            product, 10_000 * USDC, 30 * DAY, 100 * USDC, attacker, deadline, v, r, s
        )


def test_buy_cover_with_permit__premium_above_permit__reverts(cover, asset, product, funded_pool):
    buyer = _buyer(asset)
    deadline = now() + 3_600
    premium = cover.quote(product, 10_000 * USDC, 30 * DAY)
    v, r, s = _sign_permit(asset, buyer.key, cover.address, premium - 1, deadline)
    with boa.env.prank(buyer.address), boa.reverts("cover: premium above max_premium"):
        cover.buy_cover_with_permit(
            product, 10_000 * USDC, 30 * DAY, premium - 1, buyer.address, deadline, v, r, s
        )
    assert asset.nonces(buyer.address) == 0  # the whole transaction rolled back


def test_buy_cover_with_permit__replayed_signature__reverts(cover, asset, product, funded_pool):
    buyer = _buyer(asset)
    deadline = now() + 3_600
    v, r, s = _sign_permit(asset, buyer.key, cover.address, 100 * USDC, deadline)
    args = (product, 10_000 * USDC, 30 * DAY, 100 * USDC, buyer.address, deadline, v, r, s)
    with boa.env.prank(buyer.address):
        cover.buy_cover_with_permit(*args)
    with boa.env.prank(buyer.address), boa.reverts("erc20: invalid signature"):
        cover.buy_cover_with_permit(*args)


def test_buy_cover_with_permit__permit_front_run__still_buys(
    cover, asset, attacker, product, funded_pool
):
    buyer = _buyer(asset)
    deadline = now() + 3_600
    premium = cover.quote(product, 10_000 * USDC, 30 * DAY)
    v, r, s = _sign_permit(asset, buyer.key, cover.address, premium, deadline)
    with boa.env.prank(attacker):  # copies the signature from the mempool and submits it first
        asset.permit(buyer.address, cover.address, premium, deadline, v, r, s)
    with boa.env.prank(buyer.address):
        cid = cover.buy_cover_with_permit(
            product, 10_000 * USDC, 30 * DAY, premium, buyer.address, deadline, v, r, s
        )
    assert cover.ownerOf(cid) == buyer.address
    assert asset.allowance(buyer.address, cover.address) == 0
