# pragma version ~=0.4.3
# pragma nonreentrancy on
"""
@title SafetyNet Claims
@license AGPL-3.0-only
@notice Assessed claims for PROTOCOL and CUSTODY cover: SNET holders stake to
        assess, cover owners file claims with a deposit, assessors vote with the
        stake they held before the claim, accepted claims are paid from the pool
        to the cover's current owner, voters earn rewards from the reserve.
@custom:security Trusts Cover (cover data, payout records), the CapitalPool
        (pays accepted claims, never calls back), the pool asset and SNET as
        plain ERC-20s, the admin (timelock: parameters, resolving frozen claims)
        and GUARDIAN_ROLE (freezes a claim during its payout cooldown; it cannot
        move funds). Every state-changing function is non-reentrant.
@custom:kill Nothing pauses staking or voting. The guardian stops one payout by
        freezing its claim; governance then settles it with `resolve_frozen`.
        Stakes can always be withdrawn once their vote lock ends.
"""

from ethereum.ercs import IERC20
from snekmate.auth import access_control
from .interfaces import ICover
from .interfaces import ICapitalPool
from .interfaces import IERC20Meta
from .interfaces import IClaims
from .modules import claim_records

implements: IClaims

initializes: access_control

exports: (
    access_control.hasRole,
    access_control.getRoleAdmin,
    access_control.grantRole,
    access_control.revokeRole,
    access_control.renounceRole,
    access_control.DEFAULT_ADMIN_ROLE,
    access_control.supportsInterface,
)

MAX_BPS: constant(uint256) = 10_000
DAY: constant(uint256) = 86_400
GUARDIAN_ROLE: public(constant(bytes32)) = keccak256("GUARDIAN_ROLE")
# @dev Silent ending: a flipping vote in the last `silent_ending` extends voting
# by `silent_ending`, at most this many times per claim.
MAX_EXTENSIONS: public(constant(uint256)) = 2
# @dev The most claim ids `claim_rewards` takes in one call.
MAX_REWARD_BATCH: constant(uint256) = 50
# @dev Product kinds (Cover).
PROTOCOL: constant(uint8) = 0
CUSTODY: constant(uint8) = 2
# @dev Causes: covered (0-3) and excluded (10-13).
EXPLOIT: constant(uint8) = 0
ORACLE_MANIPULATION: constant(uint8) = 1
ECONOMIC_ATTACK: constant(uint8) = 2
CUSTODIAN_HALT: constant(uint8) = 3
RUG_PULL: constant(uint8) = 10
SCAM: constant(uint8) = 11
PHISHING: constant(uint8) = 12
FAKE_TOKEN: constant(uint8) = 13
# @dev Statuses: stored OPEN, REJECTED, PAID, FROZEN; `claims()` shows an OPEN
# claim whose voting ended as ACCEPTED or REJECTED (its outcome, awaiting redeem).
OPEN: constant(uint256) = 0
ACCEPTED: constant(uint256) = 1
REJECTED: constant(uint256) = 2
PAID: constant(uint256) = 3
FROZEN: constant(uint256) = 4
# @dev Parameter bounds.
MAX_STAKE_LOCK: constant(uint256) = 90 * DAY
MIN_VOTING_PERIOD: constant(uint256) = 3_600
MAX_VOTING_PERIOD: constant(uint256) = 30 * DAY
MAX_SILENT_ENDING: constant(uint256) = 7 * DAY
MAX_PAYOUT_COOLDOWN: constant(uint256) = 30 * DAY
MAX_CLAIM_GRACE: constant(uint256) = 180 * DAY
MAX_DEPOSIT_BPS: constant(uint256) = 2_000
MAX_REWARD_BPS: constant(uint256) = 2_000
MAX_WEIGHT: constant(uint256) = 2**88 - 1
DEFAULT_QUORUM_BPS: constant(uint256) = 1_000
MASK_40: constant(uint256) = 2**40 - 1


# @dev The contracts and tokens Claims works with.
cover: public(immutable(address))
pool: public(immutable(address))
token: public(immutable(address))
asset: public(immutable(address))


# @dev Claim voting state (claim_records.pack_state), one slot per claim.
_claim_state: HashMap[uint256, uint256]
# @dev Claim amount, deposit, cover, incident time and the quorum fixed at its
# submission (claim_records.pack_terms), one slot.
_claim_terms: HashMap[uint256, uint256]
# @dev Cover id => claimant | id of its open claim (zero when none) | what it
# locked in the pool (claim_records.pack_open_claim).
_open_claim: HashMap[uint256, uint256]
# @dev Assessor => base | fresh | fresh_time | locked_until (claim_records.pack_stake).
_stakes: HashMap[address, uint256]
# @dev Claim id => assessor => weight | accept | rewarded (zero: did not vote).
_votes: HashMap[uint256, HashMap[address, uint256]]
# @dev head (claim_count | the current quorum's code) | liabilities (asset
# deposits held + rewards owed) | reward reserve, one slot (claim_records.pack_ledger).
_ledger: uint256
# @dev Parameters read on every submission and vote (claim_records.pack_config).
_config: uint256
# @dev Sum of all stakes | quorum floor (min_quorum) | quorum_bps of the total
# stake (claim_records.pack_assessors): one slot fixes a new claim's quorum.
_assessors: uint256


# @dev Stake added; `eligible_after`: it votes on claims submitted after this time.
event Staked:
    staker: indexed(address)
    amount: uint256
    total: uint256
    eligible_after: uint256


event Unstaked:
    staker: indexed(address)
    amount: uint256
    total: uint256


# @dev A claim filed: everything its record holds, plus the evidence hash.
event ClaimSubmitted:
    claim_id: indexed(uint256)
    cover_id: indexed(uint256)
    claimant: indexed(address)
    amount: uint256
    deposit: uint256
    cause: uint8
    incident_time: uint256
    evidence: bytes32
    submitted_at: uint256
    voting_end: uint256
    quorum: uint256


# @dev A vote and the tally after it.
event VoteCast:
    claim_id: indexed(uint256)
    voter: indexed(address)
    accept: bool
    weight: uint256
    accept_weight: uint256
    reject_weight: uint256
    quorum_reached: bool
    voting_end: uint256


# @dev A late flipping vote moved the end of voting.
event VotingExtended:
    claim_id: indexed(uint256)
    voting_end: uint256
    extensions: uint256


event ClaimFrozen:
    claim_id: indexed(uint256)
    guardian: indexed(address)


# @dev A claim settled by `redeem` or `resolve_frozen`: its status (PAID or
# REJECTED), who was paid, where the deposit went, the voters' reward.
event ClaimSettled:
    claim_id: indexed(uint256)
    cover_id: indexed(uint256)
    receiver: indexed(address)
    status: uint8
    quorum_reached: bool
    payout: uint256
    deposit_refunded: uint256
    deposit_to_reserve: uint256
    reward: uint256
    by_governance: bool


event RewardClaimed:
    claim_id: indexed(uint256)
    assessor: indexed(address)
    amount: uint256


# @dev Untracked asset (swept assessment fees) taken into the reward reserve.
event ReserveSynced:
    added: uint256
    reserve: uint256


event ParametersSet:
    stake_lock: uint256
    voting_period: uint256
    silent_ending: uint256
    payout_cooldown: uint256
    claim_grace: uint256
    claim_deposit_bps: uint256
    min_claim_deposit: uint256
    assessment_reward_bps: uint256
    quorum: uint256


# @dev The quorum rule: a claim needs max(min_quorum, quorum_bps x total stake at
# submission / 10000) of voted weight.
event QuorumSet:
    min_quorum: uint256
    quorum_bps: uint256


@deploy
def __init__(cover_: address, pool_: address, token_: address):
    """
    @param cover_ The Cover contract (cover data, payout records).
    @param pool_ The CapitalPool that pays accepted claims.
    @param token_ SNET, the staking token (its supply must fit the 88-bit weights).
    @dev Defaults (SPEC 3.3): stake lock 14 days, voting 3 days, silent ending
         1 day, payout cooldown 1 day, claim grace 30 days, deposit 100 bps with
         a minimum of one whole asset unit, reward 200 bps, quorum the larger
         of 10,000 SNET and 1000 bps of the total stake.
    """
    access_control.__init__()
    assert (
        cover_ != empty(address) and pool_ != empty(address) and token_ != empty(address)
    ), "claims: zero address"
    assert (
        staticcall IERC20(token_).totalSupply() <= MAX_WEIGHT
    ), "claims: token supply exceeds weight bits"
    cover = cover_
    pool = pool_
    token = token_
    asset = staticcall ICapitalPool(pool_).asset()
    one_unit: uint256 = 10**convert(staticcall IERC20Meta(asset).decimals(), uint256)
    self._set_quorum(10_000 * 10**18, DEFAULT_QUORUM_BPS)
    self._set_params(14 * DAY, 3 * DAY, DAY, DAY, 30 * DAY, 100, one_unit, 200, 10_000 * 10**18)


# ---------------------------------------------------------------- governance


@external
def set_params(
    stake_lock: uint256,
    voting_period: uint256,
    silent_ending: uint256,
    payout_cooldown: uint256,
    claim_grace: uint256,
    claim_deposit_bps: uint256,
    min_claim_deposit: uint256,
    assessment_reward_bps: uint256,
    quorum_: uint256,
):
    """
    @notice Set the assessment parameters. Admin only. Open claims keep their
            voting end, deposit and reward rate; the rest applies at once.
    @param stake_lock Seconds a voter's stake stays locked after the assessment ends.
    @param voting_period Seconds a claim is open for votes.
    @param silent_ending Last seconds of voting in which a flipping vote extends it.
    @param payout_cooldown Seconds after voting during which the guardian may freeze.
    @param claim_grace Seconds after a cover's end during which claims are accepted.
    @param claim_deposit_bps Deposit as a share of the claimed amount.
    @param min_claim_deposit Smallest deposit, in the asset's smallest unit.
    @param assessment_reward_bps Voters' reward as a share of the claimed amount.
    @param quorum_ The quorum floor (`min_quorum`): the least voted SNET weight
           a claim needs; it needs more when `quorum_bps` of the total stake is more.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self._set_params(
        stake_lock,
        voting_period,
        silent_ending,
        payout_cooldown,
        claim_grace,
        claim_deposit_bps,
        min_claim_deposit,
        assessment_reward_bps,
        quorum_,
    )


@external
def set_quorum(min_quorum: uint256, quorum_bps: uint256):
    """
    @notice Set the quorum rule. Admin only. A claim filed from now on needs
            max(min_quorum, quorum_bps x total stake / 10000) of voted weight,
            fixed at its submission; open claims keep theirs.
    @param min_quorum The floor, in SNET wei (> 0).
    @param quorum_bps Share of the total stake at submission, in bps (<= 10000).
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self._set_quorum(min_quorum, quorum_bps)


@external
def freeze(claim_id: uint256):
    """
    @notice Stop a claim's settlement during its payout cooldown (suspected
            fraud). Guardian only. Governance then settles it with `resolve_frozen`.
    """
    access_control._check_role(GUARDIAN_ROLE, msg.sender)
    state: claim_records.ClaimState = self._open_state(claim_id)
    assert block.timestamp >= state.voting_end, "claims: voting still open"
    assert (
        block.timestamp < state.voting_end + state.payout_cooldown
    ), "claims: payout cooldown over"
    state.status = FROZEN
    self._claim_state[claim_id] = claim_records.pack_state(state)
    log ClaimFrozen(claim_id=claim_id, guardian=msg.sender)


@external
def resolve_frozen(claim_id: uint256, accept: bool):
    """
    @notice Settle a frozen claim: accepted pays the cover's current owner and
            refunds the deposit; rejected sends the deposit to the reward
            reserve. No assessment reward is paid on a frozen claim. Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    word: uint256 = self._claim_state[claim_id]
    assert word != 0, "claims: unknown claim"
    state: claim_records.ClaimState = claim_records.unpack_state(word)
    assert state.status == FROZEN, "claims: claim not frozen"
    state.reward_bps = 0
    self._settle(claim_id, state, accept, accept, True)


# ---------------------------------------------------------------- staking


@external
def stake(amount: uint256):
    """
    @notice Stake SNET to assess claims. New stake votes only on claims
            submitted after it (see docs/claims.md for top-ups).
    @param amount SNET, 18 decimals.
    """
    assert amount > 0, "claims: zero amount"
    s: claim_records.Stake = claim_records.unpack_stake(self._stakes[msg.sender])
    if s.fresh_time + claim_records.unpack_config(self._config).max_window <= block.timestamp:
        # @dev the fresh stake is older than any claim still open for votes: it
        # becomes base, which counts on every claim that can still be voted on.
        s.base += s.fresh
        s.fresh = 0
    s.fresh += amount
    s.fresh_time = block.timestamp
    self._stakes[msg.sender] = claim_records.pack_stake(s)
    self._add_staked(amount, True)
    assert extcall IERC20(token).transferFrom(
        msg.sender, self, amount, default_return_value=True
    ), "claims: stake transfer failed"
    log Staked(
        staker=msg.sender, amount=amount, total=s.base + s.fresh, eligible_after=block.timestamp
    )


@external
def unstake(amount: uint256):
    """
    @notice Withdraw stake, once the lock from the assessments voted in is over.
            The newest stake leaves first.
    """
    assert amount > 0, "claims: zero amount"
    s: claim_records.Stake = claim_records.unpack_stake(self._stakes[msg.sender])
    assert block.timestamp >= s.locked_until, "claims: stake locked after voting"
    assert amount <= s.base + s.fresh, "claims: unstake exceeds stake"
    if amount <= s.fresh:
        s.fresh -= amount
    else:
        s.base -= amount - s.fresh
        s.fresh = 0
    self._stakes[msg.sender] = claim_records.pack_stake(s)
    self._add_staked(amount, False)
    assert extcall IERC20(token).transfer(
        msg.sender, amount, default_return_value=True
    ), "claims: unstake transfer failed"
    log Unstaked(staker=msg.sender, amount=amount, total=s.base + s.fresh)


# ---------------------------------------------------------------- claims


@external
def submit_claim(
    cover_id: uint256, amount: uint256, incident_time: uint256, cause: uint8, evidence: bytes32
) -> uint256:
    """
    @notice File a claim on a cover you own and pull its deposit in the pool asset:
            max(amount x claim_deposit_bps / 10000, min_claim_deposit).
    @param cover_id The cover (its current owner must call).
    @param amount Loss claimed, at most the cover's amount not yet paid.
    @param incident_time When the incident happened: in the past, within the cover's window.
    @param cause 0 EXPLOIT, 1 ORACLE_MANIPULATION, 2 ECONOMIC_ATTACK, 3 CUSTODIAN_HALT
           (custody cover only); 10-13 (rug pull, scam, phishing, fake token) are excluded.
    @param evidence keccak256 of the evidence file.
    @return The claim id.
    """
    self._check_cause(cause)
    assert amount > 0, "claims: zero amount"
    assert evidence != empty(bytes32), "claims: evidence hash required"
    c: ICover.CoverData = staticcall ICover(cover).covers(cover_id)
    assert c.owner == msg.sender, "claims: caller is not the cover owner"
    kind: uint8 = staticcall ICover(cover).product_kind(c.product_id)
    assert kind == PROTOCOL or kind == CUSTODY, "claims: parametric cover pays automatically"
    assert cause != CUSTODIAN_HALT or kind == CUSTODY, "claims: custodian halt needs custody cover"
    assert incident_time <= block.timestamp, "claims: incident time in the future"
    assert (
        incident_time >= c.start and incident_time <= c.end
    ), "claims: incident outside the cover window"
    cfg: claim_records.Config = claim_records.unpack_config(self._config)
    assert block.timestamp <= c.end + cfg.claim_grace, "claims: claim grace period over"
    assert amount <= c.amount - c.paid, "claims: amount exceeds remaining cover"
    assert self._open_claim[cover_id] == 0, "claims: cover has an open claim"

    deposit: uint256 = max(amount * cfg.claim_deposit_bps // MAX_BPS, cfg.min_claim_deposit)
    head: uint256 = 0
    liabilities: uint256 = 0
    reserve: uint256 = 0
    head, liabilities, reserve = claim_records.unpack_ledger(self._ledger)
    claim_id: uint256 = (head & MASK_40) + 1
    assert claim_id <= MASK_40, "claims: claim id overflow"
    # @dev the quorum scales with the assessor base and is fixed now (the head
    # holds the code of what a claim filed now needs, kept current by every stake
    # change), so stake moving later cannot make a claim easier to decide.
    quorum_code: uint256 = head >> 40
    quorum_: uint256 = claim_records.quorum_value(quorum_code)
    # @dev cannot overflow: claim_id <= MASK_40 was checked, so head + 1 carries nothing.
    self._ledger = claim_records.pack_ledger(unsafe_add(head, 1), liabilities + deposit, reserve)
    voting_end: uint256 = block.timestamp + cfg.voting_period
    self._claim_state[claim_id] = claim_records.pack_state(
        claim_records.ClaimState(
            accept_weight=0,
            reject_weight=0,
            submitted_at=block.timestamp,
            voting_end=voting_end,
            silent_ending=cfg.silent_ending,
            payout_cooldown=cfg.payout_cooldown,
            extensions=0,
            status=OPEN,
            quorum_reached=False,
            cause=convert(cause, uint256),
            reward_bps=cfg.assessment_reward_bps,
        )
    )
    self._claim_terms[claim_id] = claim_records.pack_terms(
        claim_records.ClaimTerms(
            amount=amount,
            deposit=deposit,
            cover_id=cover_id,
            incident_time=incident_time,
            quorum=quorum_,
        ),
        quorum_code,
    )
    self._open_claim[cover_id] = claim_records.pack_open_claim(msg.sender, claim_id, 0)

    assert extcall IERC20(asset).transferFrom(
        msg.sender, self, deposit, default_return_value=True
    ), "claims: deposit transfer failed"
    # @dev the pool works out what the claim locks beyond its cover's own lock
    # (SPEC 3.3) and returns its code; the open-claim slot written above takes
    # it (a dirty slot: 100 gas) so the release gives back exactly that. The
    # pool is trusted and never calls back; this contract is non-reentrant.
    lock_code: uint256 = extcall ICapitalPool(pool).lock_claim(amount, c.amount, c.end)
    self._open_claim[cover_id] = claim_records.pack_open_claim(msg.sender, claim_id, lock_code)
    log ClaimSubmitted(
        claim_id=claim_id,
        cover_id=cover_id,
        claimant=msg.sender,
        amount=amount,
        deposit=deposit,
        cause=cause,
        incident_time=incident_time,
        evidence=evidence,
        submitted_at=block.timestamp,
        voting_end=voting_end,
        quorum=quorum_,
    )
    return claim_id


@external
def vote(claim_id: uint256, accept: bool):
    """
    @notice Vote on an open claim with the stake you held before it was
            submitted. One vote per assessor per claim; your stake stays locked
            until `stake_lock` after the latest possible end of this assessment.
    """
    state: claim_records.ClaimState = self._open_state(claim_id)
    assert block.timestamp < state.voting_end, "claims: voting closed"
    assert self._votes[claim_id][msg.sender] == 0, "claims: already voted"
    s: claim_records.Stake = claim_records.unpack_stake(self._stakes[msg.sender])
    weight: uint256 = self._weight(s, state.submitted_at)
    assert weight > 0, "claims: no stake from before the claim"
    self._votes[claim_id][msg.sender] = claim_records.pack_vote(weight, accept, False)

    cfg: claim_records.Config = claim_records.unpack_config(self._config)
    was_accepted: bool = state.quorum_reached and state.accept_weight > state.reject_weight
    if accept:
        state.accept_weight += weight
    else:
        state.reject_weight += weight
    state.quorum_reached = state.accept_weight + state.reject_weight >= claim_records.terms_quorum(
        self._claim_terms[claim_id]
    )
    now_accepted: bool = state.quorum_reached and state.accept_weight > state.reject_weight
    extended: bool = False
    if (
        was_accepted != now_accepted
        and state.extensions < MAX_EXTENSIONS
        and block.timestamp + state.silent_ending >= state.voting_end
    ):
        # @dev silent ending: a late flip gives the other side `silent_ending` to answer.
        state.voting_end += state.silent_ending
        state.extensions += 1
        extended = True
    self._claim_state[claim_id] = claim_records.pack_state(state)

    # @dev lock until the latest end this assessment can still reach, plus the lock.
    locked_until: uint256 = (
        state.voting_end
        + (MAX_EXTENSIONS - state.extensions) * state.silent_ending
        + cfg.stake_lock
    )
    if locked_until > s.locked_until:
        s.locked_until = locked_until
        self._stakes[msg.sender] = claim_records.pack_stake(s)

    log VoteCast(
        claim_id=claim_id,
        voter=msg.sender,
        accept=accept,
        weight=weight,
        accept_weight=state.accept_weight,
        reject_weight=state.reject_weight,
        quorum_reached=state.quorum_reached,
        voting_end=state.voting_end,
    )
    if extended:
        log VotingExtended(
            claim_id=claim_id, voting_end=state.voting_end, extensions=state.extensions
        )


@external
def redeem(claim_id: uint256):
    """
    @notice Settle a claim once its payout cooldown is over; anyone may call.
            Accepted (accept > reject with quorum): the pool pays the amount to
            the cover's current owner and the deposit is refunded. Rejected by
            vote: the deposit goes to the reward reserve. No quorum: rejected,
            deposit refunded.
    """
    state: claim_records.ClaimState = self._open_state(claim_id)
    assert block.timestamp >= state.voting_end, "claims: voting still open"
    assert (
        block.timestamp >= state.voting_end + state.payout_cooldown
    ), "claims: payout cooldown not over"
    accepted: bool = state.quorum_reached and state.accept_weight > state.reject_weight
    self._settle(claim_id, state, accepted, accepted or not state.quorum_reached, False)


@external
def claim_rewards(claim_ids: DynArray[uint256, MAX_REWARD_BATCH]) -> uint256:
    """
    @notice Collect your assessment rewards for settled claims you voted on:
            each claim's reward split pro rata to voted weight.
    @param claim_ids Up to 50 settled claims.
    @return The total paid, in the pool asset.
    """
    total: uint256 = 0
    for claim_id: uint256 in claim_ids:
        word: uint256 = self._claim_state[claim_id]
        assert word != 0, "claims: unknown claim"
        state: claim_records.ClaimState = claim_records.unpack_state(word)
        assert state.status == PAID or state.status == REJECTED, "claims: claim not settled"
        weight: uint256 = 0
        accept: bool = False
        rewarded: bool = False
        weight, accept, rewarded = claim_records.unpack_vote(self._votes[claim_id][msg.sender])
        assert weight > 0, "claims: did not vote on claim"
        assert not rewarded, "claims: reward already claimed"
        self._votes[claim_id][msg.sender] = claim_records.pack_vote(weight, accept, True)
        share: uint256 = self._share(state, claim_id, weight)
        total += share
        log RewardClaimed(claim_id=claim_id, assessor=msg.sender, amount=share)
    count: uint256 = 0
    liabilities: uint256 = 0
    reserve: uint256 = 0
    count, liabilities, reserve = claim_records.unpack_ledger(self._ledger)
    self._ledger = claim_records.pack_ledger(count, liabilities - total, reserve)
    if total > 0:
        assert extcall IERC20(asset).transfer(
            msg.sender, total, default_return_value=True
        ), "claims: reward transfer failed"
    return total


@external
def sync_reserve() -> uint256:
    """
    @notice Take into the reward reserve the asset that arrived untracked: the
            assessment fees the pool's `sweep_fees` sends here (and donations).
            Anyone may call.
    @return The amount added.
    """
    count: uint256 = 0
    liabilities: uint256 = 0
    reserve: uint256 = 0
    count, liabilities, reserve = claim_records.unpack_ledger(self._ledger)
    added: uint256 = staticcall IERC20(asset).balanceOf(self) - liabilities - reserve
    self._ledger = claim_records.pack_ledger(count, liabilities, reserve + added)
    log ReserveSynced(added=added, reserve=reserve + added)
    return added


# ---------------------------------------------------------------- views


@external
@view
def claims(claim_id: uint256) -> IClaims.Claim:
    """
    @notice A claim: cover, amount, deposit, cause, times, tally and status
            (0 OPEN, 1 ACCEPTED, 2 REJECTED, 3 PAID, 4 FROZEN). A claim whose
            voting ended shows its outcome (ACCEPTED/REJECTED) until redeemed.
    """
    word: uint256 = self._claim_state[claim_id]
    assert word != 0, "claims: unknown claim"
    state: claim_records.ClaimState = claim_records.unpack_state(word)
    terms: claim_records.ClaimTerms = claim_records.unpack_terms(self._claim_terms[claim_id])
    status: uint256 = state.status
    if status == OPEN and block.timestamp >= state.voting_end:
        status = REJECTED
        if state.quorum_reached and state.accept_weight > state.reject_weight:
            status = ACCEPTED
    reward: uint256 = 0
    if state.status == PAID or state.status == REJECTED:
        reward = terms.amount * state.reward_bps // MAX_BPS
    return IClaims.Claim(
        cover_id=terms.cover_id,
        amount=terms.amount,
        deposit=terms.deposit,
        cause=convert(state.cause, uint8),
        incident_time=terms.incident_time,
        submitted_at=state.submitted_at,
        voting_end=state.voting_end,
        payout_at=state.voting_end + state.payout_cooldown,
        accept_weight=state.accept_weight,
        reject_weight=state.reject_weight,
        quorum_reached=state.quorum_reached,
        extensions=state.extensions,
        status=convert(status, uint8),
        reward=reward,
        quorum=terms.quorum,
    )


@external
@view
def quorum() -> uint256:
    """
    @notice The voted weight a claim filed now would need: max(min_quorum,
            quorum_bps x total_staked / 10000), rounded up as claims store it.
    """
    return claim_records.quorum_value(claim_records.unpack_ledger(self._ledger)[0] >> 40)


@external
@view
def min_quorum() -> uint256:
    """
    @notice The quorum floor, in SNET wei.
    """
    return claim_records.unpack_assessors(self._assessors)[1]


@external
@view
def quorum_bps() -> uint256:
    """
    @notice The quorum as a share of the total stake at submission, in bps.
    """
    return claim_records.unpack_assessors(self._assessors)[2]


@external
@view
def total_staked() -> uint256:
    """
    @notice Sum of all stakes.
    """
    return claim_records.unpack_assessors(self._assessors)[0]


@external
@view
def claim_count() -> uint256:
    """
    @notice Number of claims ever filed (ids run from 1 to this).
    """
    return claim_records.unpack_ledger(self._ledger)[0] & MASK_40


@external
@view
def open_claim_of(cover_id: uint256) -> (uint256, address):
    """
    @notice The cover's open claim id and its claimant (zeros when none).
    """
    claimant: address = empty(address)
    claim_id: uint256 = 0
    lock: uint256 = 0
    claimant, claim_id, lock = claim_records.unpack_open_claim(self._open_claim[cover_id])
    return claim_id, claimant


@external
@view
def stakes(staker: address) -> IClaims.StakeInfo:
    """
    @notice A stake: total, its base (votes on every open claim), its fresh part
            (votes on claims submitted after fresh_time) and the unstake lock.
    """
    s: claim_records.Stake = claim_records.unpack_stake(self._stakes[staker])
    return IClaims.StakeInfo(
        amount=s.base + s.fresh,
        base=s.base,
        fresh=s.fresh,
        fresh_time=s.fresh_time,
        locked_until=s.locked_until,
    )


@external
@view
def vote_weight(claim_id: uint256, voter: address) -> uint256:
    """
    @notice The weight `voter` would vote with on the claim now (0: cannot vote,
            including on a claim whose voting is over or that is settled or frozen).
    """
    word: uint256 = self._claim_state[claim_id]
    if word == 0:
        return 0
    state: claim_records.ClaimState = claim_records.unpack_state(word)
    if state.status != OPEN or block.timestamp >= state.voting_end:
        return 0
    return self._weight(claim_records.unpack_stake(self._stakes[voter]), state.submitted_at)


@external
@view
def votes(claim_id: uint256, voter: address) -> (uint256, bool, bool):
    """
    @notice A vote: weight (0 when none), accept, reward collected.
    """
    return claim_records.unpack_vote(self._votes[claim_id][voter])


@external
@view
def pending_reward(claim_id: uint256, voter: address) -> uint256:
    """
    @notice What `claim_rewards` would pay `voter` for this claim now.
    """
    word: uint256 = self._claim_state[claim_id]
    if word == 0:
        return 0
    state: claim_records.ClaimState = claim_records.unpack_state(word)
    if state.status != PAID and state.status != REJECTED:
        return 0
    weight: uint256 = 0
    accept: bool = False
    rewarded: bool = False
    weight, accept, rewarded = claim_records.unpack_vote(self._votes[claim_id][voter])
    if weight == 0 or rewarded:
        return 0
    return self._share(state, claim_id, weight)


@external
@view
def reward_reserve() -> uint256:
    """
    @notice Asset set aside for future voter rewards (assessment fees synced in
            with `sync_reserve`, plus forfeited deposits).
    """
    return claim_records.unpack_ledger(self._ledger)[2]


@external
@view
def liabilities() -> uint256:
    """
    @notice Asset owed: deposits of open claims plus rewards not yet collected.
    """
    return claim_records.unpack_ledger(self._ledger)[1]


@external
@view
def stake_lock() -> uint256:
    """
    @notice Seconds a voter's stake stays locked after an assessment ends.
    """
    return claim_records.unpack_config(self._config).stake_lock


@external
@view
def voting_period() -> uint256:
    """
    @notice Seconds a claim is open for votes (before extensions).
    """
    return claim_records.unpack_config(self._config).voting_period


@external
@view
def silent_ending() -> uint256:
    """
    @notice Last seconds of voting in which a flipping vote extends it by as much.
    """
    return claim_records.unpack_config(self._config).silent_ending


@external
@view
def payout_cooldown() -> uint256:
    """
    @notice Seconds after voting before `redeem`; the guardian may freeze meanwhile.
    """
    return claim_records.unpack_config(self._config).payout_cooldown


@external
@view
def claim_grace() -> uint256:
    """
    @notice Seconds after a cover's end during which it can still be claimed.
    """
    return claim_records.unpack_config(self._config).claim_grace


@external
@view
def claim_deposit_bps() -> uint256:
    """
    @notice Deposit as a share of the claimed amount.
    """
    return claim_records.unpack_config(self._config).claim_deposit_bps


@external
@view
def min_claim_deposit() -> uint256:
    """
    @notice Smallest deposit, in the asset's smallest unit.
    """
    return claim_records.unpack_config(self._config).min_claim_deposit


@external
@view
def assessment_reward_bps() -> uint256:
    """
    @notice Voters' reward on each settled claim, as a share of the claimed amount.
    """
    return claim_records.unpack_config(self._config).assessment_reward_bps


@external
@view
def max_window() -> uint256:
    """
    @notice The longest voting window ever configured (voting period plus all
            extensions); fresh stake older than this becomes base stake.
    """
    return claim_records.unpack_config(self._config).max_window


@external
@view
def deposit_for(amount: uint256) -> uint256:
    """
    @notice The deposit a claim of `amount` needs now.
    """
    cfg: claim_records.Config = claim_records.unpack_config(self._config)
    return max(amount * cfg.claim_deposit_bps // MAX_BPS, cfg.min_claim_deposit)


# ---------------------------------------------------------------- internals


@internal
@pure
def _check_cause(cause: uint8):
    """
    @dev Every product's wording excludes these; they are refused at the door.
    """
    assert cause != RUG_PULL, "claims: excluded cause: rug pull"
    assert cause != SCAM, "claims: excluded cause: scam"
    assert cause != PHISHING, "claims: excluded cause: phishing"
    assert cause != FAKE_TOKEN, "claims: excluded cause: fake token"
    assert cause <= CUSTODIAN_HALT, "claims: unknown cause"


@internal
@view
def _open_state(claim_id: uint256) -> claim_records.ClaimState:
    word: uint256 = self._claim_state[claim_id]
    assert word != 0, "claims: unknown claim"
    state: claim_records.ClaimState = claim_records.unpack_state(word)
    assert state.status != FROZEN, "claims: claim frozen"
    assert state.status == OPEN, "claims: claim already settled"
    return state


@internal
@pure
def _weight(s: claim_records.Stake, submitted_at: uint256) -> uint256:
    """
    @dev The stake a voter held before `submitted_at`, never overstated:
         base stake is older than every claim still open for votes (it was
         merged only once older than the longest voting window), and fresh
         stake, all staked at or before fresh_time, counts only if fresh_time
         is strictly before the claim. Stake added in the claim's own block (a
         flash loan staked and voted in one transaction) never counts. Rounded
         down to whole WEIGHT_UNITs (1e9 wei), as the claim's tallies keep them.
    """
    weight: uint256 = s.base
    if s.fresh_time < submitted_at:
        weight += s.fresh
    return weight - weight % claim_records.WEIGHT_UNIT


@internal
@view
def _share(state: claim_records.ClaimState, claim_id: uint256, weight: uint256) -> uint256:
    """
    @dev reward x weight / total weight, rounded down: the shares never add up
         to more than the reward booked at settlement.
    """
    amount: uint256 = claim_records.unpack_terms(self._claim_terms[claim_id]).amount
    reward: uint256 = amount * state.reward_bps // MAX_BPS
    return reward * weight // (state.accept_weight + state.reject_weight)


@internal
def _settle(
    claim_id: uint256,
    state: claim_records.ClaimState,
    accepted: bool,
    refund: bool,
    by_governance: bool,
):
    """
    @dev Settlement. Checks done by the caller. Effects: the status, the
         voters' reward (booked now, capped by the reserve, zero without votes),
         the ledger, the cover's open-claim slot. Interactions last: the payout
         record (which returns the cover's current owner), the pool payment,
         the deposit refund, the release of the locked claim amount.
    """
    terms: claim_records.ClaimTerms = claim_records.unpack_terms(self._claim_terms[claim_id])
    claimant: address = empty(address)
    open_id: uint256 = 0
    lock: uint256 = 0
    claimant, open_id, lock = claim_records.unpack_open_claim(self._open_claim[terms.cover_id])
    count: uint256 = 0
    liabilities: uint256 = 0
    reserve: uint256 = 0
    count, liabilities, reserve = claim_records.unpack_ledger(self._ledger)

    # @dev Rewards (docs/claims.md, "Rewards"). No quorum, no reward: a claimant voting
    # alone with dust stake earns nothing. A rejected claim's voters share at most its
    # forfeited deposit, so a self-voted rejection never profits and the reserve never
    # funds one; an accepted claim's reward comes from the reserve, capped by what it
    # holds. The rate stored is rounded down so the booked reward and the voters'
    # shares never exceed the cap.
    if not refund:
        reserve += terms.deposit
    reward: uint256 = 0
    if not state.quorum_reached:
        state.reward_bps = 0
    else:
        cap: uint256 = reserve
        if not accepted:
            cap = min(reserve, terms.deposit)
        reward = terms.amount * state.reward_bps // MAX_BPS
        if reward > cap:
            state.reward_bps = cap * MAX_BPS // terms.amount
            reward = terms.amount * state.reward_bps // MAX_BPS
    state.status = REJECTED
    if accepted:
        state.status = PAID
    self._claim_state[claim_id] = claim_records.pack_state(state)
    self._ledger = claim_records.pack_ledger(
        count, liabilities - terms.deposit + reward, reserve - reward
    )
    self._open_claim[terms.cover_id] = 0

    # @dev Settlement never gets stuck on a receiver the asset refuses (a blacklisted
    # address, a token returning false): what cannot be delivered is held by Cover
    # for the cover, and its owner collects it with `Cover.withdraw_payout`.
    receiver: address = empty(address)
    if accepted:
        receiver = extcall ICover(cover).record_payout(terms.cover_id, terms.amount)
        if not extcall ICapitalPool(pool).pay(receiver, terms.amount):
            extcall ICover(cover).hold_payout(terms.cover_id, terms.amount)
    refunded: uint256 = 0
    if refund:
        refunded = terms.deposit
        if not self._try_transfer(claimant, refunded):
            assert extcall IERC20(asset).transfer(
                cover, refunded, default_return_value=True
            ), "claims: deposit refund failed"
            extcall ICover(cover).hold_payout(terms.cover_id, refunded)
    extcall ICapitalPool(pool).release_claim(terms.amount, lock)
    payout: uint256 = 0
    if accepted:
        payout = terms.amount
    log ClaimSettled(
        claim_id=claim_id,
        cover_id=terms.cover_id,
        receiver=receiver,
        status=convert(state.status, uint8),
        quorum_reached=state.quorum_reached,
        payout=payout,
        deposit_refunded=refunded,
        deposit_to_reserve=terms.deposit - refunded,
        reward=reward,
        by_governance=by_governance,
    )


@internal
def _try_transfer(receiver: address, amount: uint256) -> bool:
    """
    @dev Send `amount` of the asset without reverting: False when the asset
         refuses (reverts or returns false).
    """
    ok: bool = False
    response: Bytes[32] = b""
    ok, response = raw_call(
        asset,
        abi_encode(receiver, amount, method_id=method_id("transfer(address,uint256)")),
        max_outsize=32,
        revert_on_failure=False,
    )
    return ok and (len(response) == 0 or convert(response, uint256) == 1)


@internal
def _set_params(
    stake_lock: uint256,
    voting_period: uint256,
    silent_ending: uint256,
    payout_cooldown: uint256,
    claim_grace: uint256,
    claim_deposit_bps: uint256,
    min_claim_deposit: uint256,
    assessment_reward_bps: uint256,
    quorum_: uint256,
):
    assert stake_lock <= MAX_STAKE_LOCK, "claims: stake lock above 90 days"
    assert (
        voting_period >= MIN_VOTING_PERIOD and voting_period <= MAX_VOTING_PERIOD
    ), "claims: voting period out of bounds"
    assert (
        silent_ending > 0 and silent_ending <= MAX_SILENT_ENDING
    ), "claims: silent ending out of bounds"
    assert silent_ending <= voting_period, "claims: silent ending longer than voting"
    assert payout_cooldown <= MAX_PAYOUT_COOLDOWN, "claims: payout cooldown above 30 days"
    assert claim_grace <= MAX_CLAIM_GRACE, "claims: claim grace above 180 days"
    assert claim_deposit_bps <= MAX_DEPOSIT_BPS, "claims: deposit above 20%"
    assert min_claim_deposit > 0, "claims: zero minimum deposit"
    assert assessment_reward_bps <= MAX_REWARD_BPS, "claims: reward above 20%"
    # @dev the longest window ever configured only grows, so base stake stays
    # older than every claim that can still be voted on (see _weight).
    window: uint256 = voting_period + MAX_EXTENSIONS * silent_ending
    old_window: uint256 = claim_records.unpack_config(self._config).max_window
    self._config = claim_records.pack_config(
        claim_records.Config(
            stake_lock=stake_lock,
            voting_period=voting_period,
            silent_ending=silent_ending,
            payout_cooldown=payout_cooldown,
            claim_grace=claim_grace,
            claim_deposit_bps=claim_deposit_bps,
            assessment_reward_bps=assessment_reward_bps,
            max_window=max(window, old_window),
            min_claim_deposit=min_claim_deposit,
        )
    )
    self._set_quorum(quorum_, claim_records.unpack_assessors(self._assessors)[2])
    log ParametersSet(
        stake_lock=stake_lock,
        voting_period=voting_period,
        silent_ending=silent_ending,
        payout_cooldown=payout_cooldown,
        claim_grace=claim_grace,
        claim_deposit_bps=claim_deposit_bps,
        min_claim_deposit=min_claim_deposit,
        assessment_reward_bps=assessment_reward_bps,
        quorum=quorum_,
    )


@internal
def _set_quorum(min_quorum: uint256, quorum_bps: uint256):
    assert min_quorum > 0 and min_quorum <= MAX_WEIGHT, "claims: quorum out of bounds"
    assert quorum_bps <= MAX_BPS, "claims: quorum bps above 100%"
    staked: uint256 = claim_records.unpack_assessors(self._assessors)[0]
    self._store_assessors(staked, min_quorum, quorum_bps)
    log QuorumSet(min_quorum=min_quorum, quorum_bps=quorum_bps)


@internal
def _add_staked(amount: uint256, add: bool):
    """
    @dev Keep the total stake beside the quorum parameters (one slot).
    """
    staked: uint256 = 0
    min_quorum: uint256 = 0
    quorum_bps: uint256 = 0
    staked, min_quorum, quorum_bps = claim_records.unpack_assessors(self._assessors)
    if add:
        staked += amount
    else:
        staked -= amount
    self._store_assessors(staked, min_quorum, quorum_bps)


@internal
def _store_assessors(staked: uint256, min_quorum: uint256, quorum_bps: uint256):
    """
    @dev Store the total stake and quorum rule, and refresh the quorum code in
         the ledger head that `submit_claim` reads (so a submission fixes its
         quorum without reading this slot or computing it).
    """
    self._assessors = claim_records.pack_assessors(staked, min_quorum, quorum_bps)
    head: uint256 = 0
    liabilities: uint256 = 0
    reserve: uint256 = 0
    head, liabilities, reserve = claim_records.unpack_ledger(self._ledger)
    self._ledger = claim_records.pack_ledger(
        claim_records.ledger_head(
            head & MASK_40, claim_records.quorum_code(staked, min_quorum, quorum_bps)
        ),
        liabilities,
        reserve,
    )
