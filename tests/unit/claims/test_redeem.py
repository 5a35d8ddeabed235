"""Claims.redeem: settlement after the payout cooldown; who is paid; where deposits go."""

import boa

from tests.utils.chain import now
from tests.utils.claims import fund_reserve, stake, to_cooldown, to_redeem, vote_all
from tests.utils.constants import DAY, EVIDENCE, PAID, REJECTED, SNET, USDC
from tests.utils.events import events


def test_redeem__accepted__pays_owner_from_pool_refunds_deposit_and_emits(
    protocol, claims, claim_id, assessors, policyholder, cover_id, attacker
):
    asset, pool = protocol.asset, protocol.pool
    vote_all(claims, assessors, [True, True, False], claim_id)
    to_redeem(claims, claim_id)
    fund_reserve(protocol, 1_000 * USDC)
    before = asset.balanceOf(policyholder)
    total_assets = pool.totalAssets()
    pool_balance = asset.balanceOf(pool.address)
    locked = pool.locked_capital()
    with boa.env.prank(attacker):  # anyone may settle
        claims.redeem(claim_id)
    (log,) = events(claims, "ClaimSettled")

    assert asset.balanceOf(policyholder) == before + 5_000 * USDC + 50 * USDC
    assert pool.totalAssets() == total_assets - 5_000 * USDC  # the loss, exactly
    assert asset.balanceOf(pool.address) == pool_balance - 5_000 * USDC
    # a claim on an active cover locked nothing beyond the cover's own lock (1x leverage)
    assert pool.locked_capital() == locked
    assert pool.open_claims() == 0
    assert protocol.cover.covers(cover_id).paid == 5_000 * USDC
    c = claims.claims(claim_id)
    assert c.status == PAID and c.reward == 100 * USDC  # 200 bps of 5,000
    assert claims.open_claim_of(cover_id)[0] == 0
    assert (log.claim_id, log.cover_id, log.receiver, log.status) == (
        claim_id, cover_id, policyholder, PAID,
    )  # fmt: skip
    assert (log.payout, log.deposit_refunded) == (5_000 * USDC, 50 * USDC)
    assert log.deposit_to_reserve == 0
    assert (log.reward, log.quorum_reached, log.by_governance) == (100 * USDC, True, False)


def test_redeem__accepted_share_price__drops_by_exactly_the_payout(
    protocol, claims, claim_id, assessors
):
    pool = protocol.pool
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_redeem(claims, claim_id)
    pool.checkpoint()
    supply, assets = pool.totalSupply(), pool.totalAssets()
    claims.redeem(claim_id)
    assert pool.totalSupply() == supply
    assert pool.totalAssets() == assets - 5_000 * USDC


def test_redeem__cover_transferred_after_vote__pays_new_owner_refunds_claimant(
    protocol, claims, claim_id, assessors, cover_id, policyholder, new_owner
):
    asset = protocol.asset
    vote_all(claims, assessors, [True, True, True], claim_id)
    with boa.env.prank(policyholder):
        protocol.cover.transferFrom(policyholder, new_owner, cover_id)
    to_redeem(claims, claim_id)
    holder_before = asset.balanceOf(policyholder)
    claims.redeem(claim_id)
    (log,) = events(claims, "ClaimSettled")
    assert asset.balanceOf(new_owner) == 5_000 * USDC and log.receiver == new_owner
    assert asset.balanceOf(policyholder) == holder_before + 50 * USDC  # the deposit it paid


def test_redeem__rejected_by_vote__deposit_to_reserve_no_payout(
    protocol, claims, claim_id, assessors, policyholder, cover_id
):
    asset, pool = protocol.asset, protocol.pool
    vote_all(claims, assessors, [False, True, False], claim_id)  # 5,000 vs 10,000
    to_redeem(claims, claim_id)
    before, assets = asset.balanceOf(policyholder), pool.totalAssets()
    reserve = claims.reward_reserve()
    claims.redeem(claim_id)
    (log,) = events(claims, "ClaimSettled")
    c = claims.claims(claim_id)
    assert c.status == REJECTED and c.quorum_reached
    assert asset.balanceOf(policyholder) == before and pool.totalAssets() >= assets
    # the deposit joins the reserve, the voters' reward (capped by it) is booked out of it
    assert c.reward == 50 * USDC  # 200 bps of 5,000 = 100, capped by the 50 deposit
    assert claims.reward_reserve() == reserve + 50 * USDC - c.reward
    assert (log.payout, log.deposit_refunded, log.deposit_to_reserve) == (0, 0, 50 * USDC)
    assert protocol.cover.covers(cover_id).paid == 0


def test_redeem__no_quorum__rejected_and_deposit_refunded(
    protocol, claims, claim_id, assessor, policyholder
):
    asset = protocol.asset
    vote_all(claims, [assessor], [True], claim_id)  # 6,000 < quorum
    to_redeem(claims, claim_id)
    before = asset.balanceOf(policyholder)
    claims.redeem(claim_id)
    (log,) = events(claims, "ClaimSettled")
    assert claims.claims(claim_id).status == REJECTED and not log.quorum_reached
    assert asset.balanceOf(policyholder) == before + 50 * USDC
    assert (log.payout, log.deposit_refunded, log.deposit_to_reserve) == (0, 50 * USDC, 0)


def test_redeem__no_votes__rejected_refunded_no_reward(claims, claim_id):
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    (log,) = events(claims, "ClaimSettled")
    assert log.reward == 0 and log.deposit_refunded == 50 * USDC


def test_redeem__during_voting__reverts(claims, claim_id):
    with boa.reverts("claims: voting still open"):
        claims.redeem(claim_id)


def test_redeem__during_payout_cooldown__reverts(claims, claim_id, assessors):
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_cooldown(claims, claim_id)
    boa.env.time_travel(seconds=claims.payout_cooldown() - 1)
    with boa.reverts("claims: payout cooldown not over"):
        claims.redeem(claim_id)
    boa.env.time_travel(seconds=1)
    claims.redeem(claim_id)
    assert claims.claims(claim_id).status == PAID


def test_redeem__twice__reverts(claims, claim_id, assessors):
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    with boa.reverts("claims: claim already settled"):
        claims.redeem(claim_id)


def test_redeem__frozen__reverts(claims, claim_id, assessors, guardian):
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_cooldown(claims, claim_id)
    with boa.env.prank(guardian):
        claims.freeze(claim_id)
    to_redeem(claims, claim_id)
    with boa.reverts("claims: claim frozen"):
        claims.redeem(claim_id)


def test_redeem__unknown_claim__reverts(claims):
    with boa.reverts("claims: unknown claim"):
        claims.redeem(1)


def test_redeem__token_hook_reenters__paid_once(hook_world, policyholder, assessor):
    """The payout token calls back into redeem mid-payment: the lock refuses it."""
    p, token, pid = hook_world
    with boa.env.prank(policyholder):
        cid = p.cover.buy_cover(pid, 10_000 * USDC, 30 * DAY, 2**255, policyholder)
    stake(p, assessor, 20_000 * SNET)
    boa.env.time_travel(seconds=DAY + 60)
    with boa.env.prank(policyholder):
        claim_id = p.claims.submit_claim(cid, 5_000 * USDC, now() - 1, 0, EVIDENCE)
    boa.env.time_travel(seconds=60)
    with boa.env.prank(assessor):
        p.claims.vote(claim_id, True)
    to_redeem(p.claims, claim_id)
    token.set_hook(p.claims.address, p.claims.redeem.prepare_calldata(claim_id))
    pool_before = token.balanceOf(p.pool.address)
    holder_before = token.balanceOf(policyholder)
    p.claims.redeem(claim_id)
    assert token.hook_calls() >= 2 and token.hook_successes() == 0
    assert token.balanceOf(p.pool.address) == pool_before - 5_000 * USDC
    assert token.balanceOf(policyholder) == holder_before + 5_000 * USDC + 50 * USDC
    assert p.cover.covers(cid).paid == 5_000 * USDC
