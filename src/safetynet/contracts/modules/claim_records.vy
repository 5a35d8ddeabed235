# pragma version ~=0.4.3
"""
@title SafetyNet Claims storage packing
@license AGPL-3.0-only
@notice Bit layouts of the Claims contract's hot records, in one place: a claim
        in two slots, a stake in one, a vote in one, the cover's open claim in
        one, the parameters in one. Every pack checks that its fields fit.
@dev Layouts (low bits first):
     claim state:  accept_weight/WEIGHT_UNIT 64 | reject_weight/WEIGHT_UNIT 64
                   | submitted_at 32 | end_offset 24 | silent_ending 24
                   | payout_cooldown 24 | extensions 2 | status 3
                   | quorum_reached 1 | cause 4 | reward_bps 14
     claim terms:  amount 96 | deposit 96 | cover_id 32 | incident_time 32
     stake:        base 88 | fresh 88 | fresh_time 40 | locked_until 40
     vote:         weight 88 | accept 1 | rewarded 1
     open claim:   claimant 160 | claim_id 64
     ledger:       claim_count 64 | liabilities 96 | reserve 96
     config:       stake_lock 24 | voting_period 24 | silent_ending 24
                   | payout_cooldown 24 | claim_grace 24 | claim_deposit_bps 14
                   | assessment_reward_bps 14 | max_window 24
                   | min_claim_deposit 84
     Weights are SNET amounts (18 decimals): 88 bits hold 3.09e26, above the
     whole fixed supply (Claims checks the supply fits at deployment), so no
     stake or tally can overflow. Votes count whole WEIGHT_UNITs (1e9 wei, a
     billionth of a SNET), so a claim's tallies fit 64 bits each; the claim
     also keeps the silent ending and payout cooldown it was filed under, so
     settling it reads no parameters.
"""

# @dev Votes count stake in whole units of 1e9 wei (a billionth of a SNET).
WEIGHT_UNIT: constant(uint256) = 10**9
MASK_1: constant(uint256) = 1
MASK_2: constant(uint256) = 2**2 - 1
MASK_3: constant(uint256) = 2**3 - 1
MASK_4: constant(uint256) = 2**4 - 1
MASK_14: constant(uint256) = 2**14 - 1
MASK_24: constant(uint256) = 2**24 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_40: constant(uint256) = 2**40 - 1
MASK_64: constant(uint256) = 2**64 - 1
MASK_84: constant(uint256) = 2**84 - 1
MASK_88: constant(uint256) = 2**88 - 1
MASK_96: constant(uint256) = 2**96 - 1
MASK_160: constant(uint256) = 2**160 - 1


# @dev A claim's voting state, one slot.
struct ClaimState:
    accept_weight: uint256
    reject_weight: uint256
    submitted_at: uint256
    voting_end: uint256
    silent_ending: uint256
    payout_cooldown: uint256
    extensions: uint256
    status: uint256
    quorum_reached: bool
    cause: uint256
    reward_bps: uint256


# @dev A claim's money and cover, one slot.
struct ClaimTerms:
    amount: uint256
    deposit: uint256
    cover_id: uint256
    incident_time: uint256


# @dev An assessor's stake, one slot.
struct Stake:
    base: uint256
    fresh: uint256
    fresh_time: uint256
    locked_until: uint256


# @dev The Claims parameters, one slot.
struct Config:
    stake_lock: uint256
    voting_period: uint256
    silent_ending: uint256
    payout_cooldown: uint256
    claim_grace: uint256
    claim_deposit_bps: uint256
    assessment_reward_bps: uint256
    max_window: uint256
    min_claim_deposit: uint256


@internal
@pure
def pack_state(s: ClaimState) -> uint256:
    """
    @dev The voting end is stored as an offset from submission (24 bits, 194
         days); weights in whole WEIGHT_UNITs (the caller rounds them down).
    """
    assert (
        s.accept_weight % WEIGHT_UNIT == 0 and s.reject_weight % WEIGHT_UNIT == 0
    ), "claims: weight not in whole units"
    accept: uint256 = s.accept_weight // WEIGHT_UNIT
    reject: uint256 = s.reject_weight // WEIGHT_UNIT
    assert accept <= MASK_64 and reject <= MASK_64, "claims: weight overflow"
    assert s.submitted_at <= MASK_32, "claims: time overflow"
    offset: uint256 = s.voting_end - s.submitted_at
    assert offset <= MASK_24, "claims: voting window overflow"
    assert s.silent_ending <= MASK_24 and s.payout_cooldown <= MASK_24, "claims: period overflow"
    assert (
        s.extensions <= MASK_2 and s.status <= MASK_3 and s.cause <= MASK_4
    ), "claims: field overflow"
    assert s.reward_bps <= MASK_14, "claims: reward overflow"
    return (
        accept
        | (reject << 64)
        | (s.submitted_at << 128)
        | (offset << 160)
        | (s.silent_ending << 184)
        | (s.payout_cooldown << 208)
        | (s.extensions << 232)
        | (s.status << 234)
        | (convert(s.quorum_reached, uint256) << 237)
        | (s.cause << 238)
        | (s.reward_bps << 242)
    )


@internal
@pure
def unpack_state(word: uint256) -> ClaimState:
    submitted_at: uint256 = (word >> 128) & MASK_32
    return ClaimState(
        # @dev cannot overflow: 64-bit fields times 1e9 stay below 2**94.
        accept_weight=unsafe_mul(word & MASK_64, WEIGHT_UNIT),
        reject_weight=unsafe_mul((word >> 64) & MASK_64, WEIGHT_UNIT),
        submitted_at=submitted_at,
        # @dev cannot overflow: both fields are at most 32 and 24 bits wide.
        voting_end=unsafe_add(submitted_at, (word >> 160) & MASK_24),
        silent_ending=(word >> 184) & MASK_24,
        payout_cooldown=(word >> 208) & MASK_24,
        extensions=(word >> 232) & MASK_2,
        status=(word >> 234) & MASK_3,
        quorum_reached=(word >> 237) & MASK_1 == 1,
        cause=(word >> 238) & MASK_4,
        reward_bps=word >> 242,
    )


@internal
@pure
def pack_terms(t: ClaimTerms) -> uint256:
    assert t.amount <= MASK_96 and t.deposit <= MASK_96, "claims: amount overflow"
    assert t.cover_id <= MASK_32, "claims: cover id overflow"
    assert t.incident_time <= MASK_32, "claims: time overflow"
    return t.amount | (t.deposit << 96) | (t.cover_id << 192) | (t.incident_time << 224)


@internal
@pure
def unpack_terms(word: uint256) -> ClaimTerms:
    return ClaimTerms(
        amount=word & MASK_96,
        deposit=(word >> 96) & MASK_96,
        cover_id=(word >> 192) & MASK_32,
        incident_time=word >> 224,
    )


@internal
@pure
def pack_stake(s: Stake) -> uint256:
    assert s.base <= MASK_88 and s.fresh <= MASK_88, "claims: stake overflow"
    assert s.fresh_time <= MASK_40 and s.locked_until <= MASK_40, "claims: time overflow"
    return s.base | (s.fresh << 88) | (s.fresh_time << 176) | (s.locked_until << 216)


@internal
@pure
def unpack_stake(word: uint256) -> Stake:
    return Stake(
        base=word & MASK_88,
        fresh=(word >> 88) & MASK_88,
        fresh_time=(word >> 176) & MASK_40,
        locked_until=word >> 216,
    )


@internal
@pure
def pack_vote(weight: uint256, accept: bool, rewarded: bool) -> uint256:
    assert weight <= MASK_88, "claims: weight overflow"
    return weight | (convert(accept, uint256) << 88) | (convert(rewarded, uint256) << 89)


@internal
@pure
def unpack_vote(word: uint256) -> (uint256, bool, bool):
    """
    @dev weight, accept, rewarded.
    """
    return word & MASK_88, (word >> 88) & MASK_1 == 1, (word >> 89) & MASK_1 == 1


@internal
@pure
def pack_open_claim(claimant: address, claim_id: uint256) -> uint256:
    assert claim_id <= MASK_64, "claims: claim id overflow"
    return convert(claimant, uint256) | (claim_id << 160)


@internal
@pure
def unpack_open_claim(word: uint256) -> (address, uint256):
    """
    @dev claimant, claim_id (zero when the cover has no open claim).
    """
    return convert(convert(word & MASK_160, uint160), address), word >> 160


@internal
@pure
def pack_ledger(claim_count: uint256, liabilities: uint256, reserve: uint256) -> uint256:
    assert claim_count <= MASK_64, "claims: claim id overflow"
    assert liabilities <= MASK_96 and reserve <= MASK_96, "claims: ledger overflow"
    return claim_count | (liabilities << 64) | (reserve << 160)


@internal
@pure
def unpack_ledger(word: uint256) -> (uint256, uint256, uint256):
    """
    @dev claim_count, liabilities (deposits held + rewards owed), reward reserve.
    """
    return word & MASK_64, (word >> 64) & MASK_96, word >> 160


@internal
@pure
def pack_config(c: Config) -> uint256:
    assert (
        c.stake_lock <= MASK_24 and c.voting_period <= MASK_24 and c.silent_ending <= MASK_24
    ), "claims: period overflow"
    assert (
        c.payout_cooldown <= MASK_24 and c.claim_grace <= MASK_24 and c.max_window <= MASK_24
    ), "claims: period overflow"
    assert (
        c.claim_deposit_bps <= MASK_14 and c.assessment_reward_bps <= MASK_14
    ), "claims: bps overflow"
    assert c.min_claim_deposit <= MASK_84, "claims: min deposit overflow"
    return (
        c.stake_lock
        | (c.voting_period << 24)
        | (c.silent_ending << 48)
        | (c.payout_cooldown << 72)
        | (c.claim_grace << 96)
        | (c.claim_deposit_bps << 120)
        | (c.assessment_reward_bps << 134)
        | (c.max_window << 148)
        | (c.min_claim_deposit << 172)
    )


@internal
@pure
def unpack_config(word: uint256) -> Config:
    return Config(
        stake_lock=word & MASK_24,
        voting_period=(word >> 24) & MASK_24,
        silent_ending=(word >> 48) & MASK_24,
        payout_cooldown=(word >> 72) & MASK_24,
        claim_grace=(word >> 96) & MASK_24,
        claim_deposit_bps=(word >> 120) & MASK_14,
        assessment_reward_bps=(word >> 134) & MASK_14,
        max_window=(word >> 148) & MASK_24,
        min_claim_deposit=word >> 172,
    )
