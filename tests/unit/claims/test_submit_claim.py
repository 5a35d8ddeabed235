"""Claims.submit_claim: who may claim what, when, for which cause; the deposit."""

import boa
import pytest

from safetynet.artifacts import deployer
from tests.utils.chain import now
from tests.utils.claims import to_redeem, vote_all
from tests.utils.constants import (
    CUSTODIAN,
    DAY,
    EVIDENCE,
    EXPLOIT,
    FAKE_TOKEN,
    OPEN,
    PHISHING,
    RUG_PULL,
    SCAM,
    USDC,
)
from tests.utils.deploy import add_product, fund
from tests.utils.events import events


def test_submit_claim__owner_in_window__records_claim_pulls_deposit_and_emits(
    protocol, claims, cover_id, submit, policyholder
):
    asset, pool = protocol.asset, protocol.pool
    balance = asset.balanceOf(policyholder)
    locked = pool.locked_capital()
    incident = now() - 10
    claim_id = submit(cover_id, 5_000 * USDC, incident=incident)
    (log,) = events(claims, "ClaimSubmitted")

    c = claims.claims(claim_id)
    assert claim_id == 1 and claims.claim_count() == 1
    assert (c.cover_id, c.amount, c.cause, c.incident_time) == (cover_id, 5_000 * USDC, 0, incident)
    assert c.deposit == 50 * USDC  # 100 bps of 5,000
    assert c.status == OPEN and c.submitted_at == now()
    assert c.voting_end == now() + claims.voting_period()
    assert asset.balanceOf(policyholder) == balance - 50 * USDC
    assert asset.balanceOf(claims.address) == 50 * USDC
    assert claims.liabilities() == 50 * USDC
    # the cover's own lock already holds it (1x leverage): nothing is locked twice,
    # but exits are priced as if the claim were paid
    assert pool.locked_capital() == locked
    assert (pool.open_claims(), pool.claims_locked()) == (5_000 * USDC, 0)
    assert claims.open_claim_of(cover_id) == (claim_id, policyholder)
    assert (log.claim_id, log.cover_id, log.claimant, log.amount, log.deposit) == (
        claim_id, cover_id, policyholder, 5_000 * USDC, 50 * USDC,
    )  # fmt: skip
    assert (log.cause, log.incident_time, log.evidence) == (EXPLOIT, incident, EVIDENCE)
    assert (log.submitted_at, log.voting_end) == (c.submitted_at, c.voting_end)


def test_submit_claim__small_claim__pays_minimum_deposit(claims, cover_id, submit):
    claim_id = submit(cover_id, 10 * USDC)
    assert claims.claims(claim_id).deposit == 1 * USDC == claims.min_claim_deposit()


@pytest.mark.parametrize(
    "cause,reason",
    [
        (RUG_PULL, "claims: excluded cause: rug pull"),
        (SCAM, "claims: excluded cause: scam"),
        (PHISHING, "claims: excluded cause: phishing"),
        (FAKE_TOKEN, "claims: excluded cause: fake token"),
    ],
)
def test_submit_claim__excluded_cause__reverts_with_reason(cover_id, submit, cause, reason):
    with boa.reverts(reason):
        submit(cover_id, cause=cause)


@pytest.mark.parametrize("cause", [0, 1, 2])
def test_submit_claim__covered_cause__accepted(claims, cover_id, submit, cause):
    assert claims.claims(submit(cover_id, cause=cause)).cause == cause


@pytest.mark.parametrize("cause", [4, 9, 14, 255])
def test_submit_claim__unknown_cause__reverts(cover_id, submit, cause):
    with boa.reverts("claims: unknown cause"):
        submit(cover_id, cause=cause)


def test_submit_claim__zero_amount__reverts(cover_id, submit):
    with boa.reverts("claims: zero amount"):
        submit(cover_id, 0)


def test_submit_claim__no_evidence__reverts(cover_id, submit):
    with boa.reverts("claims: evidence hash required"):
        submit(cover_id, evidence=b"\x00" * 32)


def test_submit_claim__not_the_owner__reverts(cover_id, submit, attacker):
    with boa.reverts("claims: caller is not the cover owner"):
        submit(cover_id, sender=attacker)


def test_submit_claim__cover_transferred__new_owner_claims_old_owner_refused(
    protocol, claims, cover_id, submit, policyholder, new_owner
):
    with boa.env.prank(policyholder):
        protocol.cover.transferFrom(policyholder, new_owner, cover_id)
    with boa.reverts("claims: caller is not the cover owner"):
        submit(cover_id)
    fund(protocol.asset, new_owner, claims.address, 100 * USDC)
    claim_id = submit(cover_id, sender=new_owner)
    assert claims.open_claim_of(cover_id) == (claim_id, new_owner)


def test_submit_claim__unknown_cover__reverts(submit, assessors):
    with boa.reverts("cover: unknown cover"):
        submit(999)


def test_submit_claim__incident_in_future__reverts(cover_id, submit):
    with boa.reverts("claims: incident time in the future"):
        submit(cover_id, incident=now() + 1)


def test_submit_claim__incident_now__accepted(claims, cover_id, submit):
    assert claims.claims(submit(cover_id, incident=now())).incident_time == now()


def test_submit_claim__incident_before_cover_start__reverts(protocol, cover_id, submit):
    start = protocol.cover.covers(cover_id).start
    with boa.reverts("claims: incident outside the cover window"):
        submit(cover_id, incident=start - 1)


def test_submit_claim__incident_at_cover_start__accepted(protocol, claims, cover_id, submit):
    start = protocol.cover.covers(cover_id).start
    assert claims.claims(submit(cover_id, incident=start)).incident_time == start


def test_submit_claim__incident_after_cover_end__reverts(protocol, cover_id, submit):
    end = protocol.cover.covers(cover_id).end
    boa.env.time_travel(seconds=end + 10 - now())
    with boa.reverts("claims: incident outside the cover window"):
        submit(cover_id, incident=end + 1)


def test_submit_claim__last_second_of_grace__accepted(protocol, claims, cover_id, submit):
    end = protocol.cover.covers(cover_id).end
    boa.env.time_travel(seconds=end + claims.claim_grace() - now())
    assert claims.claims(submit(cover_id, incident=end)).incident_time == end


def test_submit_claim__after_grace__reverts(protocol, claims, cover_id, submit):
    end = protocol.cover.covers(cover_id).end
    boa.env.time_travel(seconds=end + claims.claim_grace() + 1 - now())
    with boa.reverts("claims: claim grace period over"):
        submit(cover_id, incident=end)


def test_submit_claim__whole_cover_amount__accepted(claims, cover_id, submit):
    assert claims.claims(submit(cover_id, 10_000 * USDC)).amount == 10_000 * USDC


def test_submit_claim__above_cover_amount__reverts(cover_id, submit):
    with boa.reverts("claims: amount exceeds remaining cover"):
        submit(cover_id, 10_000 * USDC + 1)


def test_submit_claim__above_amount_left_after_a_payout__reverts(
    claims, cover_id, submit, assessors
):
    first = submit(cover_id, 4_000 * USDC)
    boa.env.time_travel(seconds=60)
    vote_all(claims, assessors, [True, True, True], first)
    to_redeem(claims, first)
    claims.redeem(first)
    incident = claims.claims(first).incident_time
    with boa.reverts("claims: amount exceeds remaining cover"):
        submit(cover_id, 6_000 * USDC + 1, incident=incident)
    assert claims.claims(submit(cover_id, 6_000 * USDC, incident=incident)).amount == 6_000 * USDC


def test_submit_claim__cover_has_open_claim__reverts(cover_id, submit):
    submit(cover_id, 1_000 * USDC)
    with boa.reverts("claims: cover has an open claim"):
        submit(cover_id, 1_000 * USDC)


def test_submit_claim__previous_claim_settled__accepted(claims, cover_id, submit):
    first = submit(cover_id, 1_000 * USDC)
    to_redeem(claims, first)
    claims.redeem(first)  # no votes: no quorum, rejected, deposit back
    second = submit(cover_id, 1_000 * USDC, incident=claims.claims(first).incident_time)
    assert claims.open_claim_of(cover_id)[0] == second == first + 1


def test_submit_claim__custodian_halt_on_protocol_cover__reverts(cover_id, submit):
    with boa.reverts("claims: custodian halt needs custody cover"):
        submit(cover_id, cause=CUSTODIAN)


def test_submit_claim__custodian_halt_on_custody_cover__accepted(
    protocol, claims, auditor, buy, submit, policyholder
):
    custody = add_product(protocol, auditor, name="WazirX custody", kind=2)
    cid = buy(pid=custody)
    fund(protocol.asset, policyholder, claims.address, 100 * USDC)
    boa.env.time_travel(seconds=DAY + 1)
    assert claims.claims(submit(cid, cause=CUSTODIAN)).cause == CUSTODIAN


def test_submit_claim__parametric_cover__reverts(protocol, auditor, buy, submit, policyholder):
    pid = add_product(protocol, auditor, name="USDC depeg", kind=1, waiting=3_600)
    feed = deployer("MockAggregator").deploy(8, "USDC / USD", 100_000_000)
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feed.address, 95_000_000, 3_600, 10_000)
    cid = buy(pid=pid)
    fund(protocol.asset, policyholder, protocol.claims.address, 100 * USDC)
    boa.env.time_travel(seconds=60)
    with boa.reverts("claims: parametric cover pays automatically"):
        submit(cid)


def test_submit_claim__no_deposit_allowance__reverts(protocol, buy, submit, policyholder):
    cid = buy()
    boa.env.time_travel(seconds=DAY + 1)
    with boa.env.prank(policyholder):
        protocol.asset.approve(protocol.claims.address, 0)
    with boa.reverts("erc20: insufficient allowance"):
        submit(cid)


def test_submit_claim__token_hook_reenters__reentry_fails(hook_world, underwriter, policyholder):
    """A deposit token that calls back into Claims mid-transfer cannot get in."""
    p, token, pid = hook_world
    with boa.env.prank(policyholder):
        first = p.cover.buy_cover(pid, 10_000 * USDC, 30 * DAY, 2**255, policyholder)
        second = p.cover.buy_cover(pid, 10_000 * USDC, 30 * DAY, 2**255, policyholder)
    boa.env.time_travel(seconds=DAY + 1)
    # while Claims pulls the deposit the hook calls back to sync the reserve, which anyone
    # may call: only the reentrancy lock can stop it
    token.set_hook(p.claims.address, p.claims.sync_reserve.prepare_calldata())
    with boa.env.prank(policyholder):
        claim_id = p.claims.submit_claim(first, 1_000 * USDC, now() - 1, 0, EVIDENCE)
    assert token.hook_calls() == 1 and token.hook_successes() == 0
    assert p.claims.claims(claim_id).amount == 1_000 * USDC
    with boa.env.prank(policyholder):  # a hooked transfer outside Claims: the call gets in
        token.transfer(underwriter, 1)
    assert token.hook_calls() == 2 and token.hook_successes() == 1
    # and a hook filing another claim mid-submission gets nowhere either
    token.set_hook(
        p.claims.address,
        p.claims.submit_claim.prepare_calldata(second, 1_000 * USDC, now() - 1, 0, EVIDENCE),
    )
    with boa.env.prank(policyholder):
        p.claims.submit_claim(second, 1_000 * USDC, now() - 1, 0, EVIDENCE)
    assert token.hook_successes() == 1 and p.claims.claim_count() == 2
