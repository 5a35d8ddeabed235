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
     claim terms:  amount 84 | deposit 84 | cover_id 32 | incident_time 32
                   | quorum 24 (WEIGHT_UNITs, decimal float: exponent 4
                   | mantissa 20, see ceil_decimal)
     assessors:    total_staked 88 | min_quorum 88 | quorum_bps 14
     stake:        base 88 | fresh 88 | fresh_time 40 | locked_until 40
     vote:         weight 88 | accept 1 | rewarded 1
     open claim:   claimant 160 | claim_id 40 | lock code 56 (what the pool
                   locked for the claim, packing.pack_lock)
     ledger:       head 64 (claim_count 40 | quorum 24: the decimal-float code
                   of the quorum a claim filed now needs, kept current by every
                   change of stake or quorum rule) | liabilities 96 | reserve 96
     config:       stake_lock 24 | voting_period 24 | silent_ending 24
                   | payout_cooldown 24 | claim_grace 24 | claim_deposit_bps 14
                   | assessment_reward_bps 14 | max_window 24
                   | min_claim_deposit 84
     Weights are SNET amounts (18 decimals): 88 bits hold 3.09e26, above the
     whole fixed supply (Claims checks the supply fits at deployment), so no
     stake or tally can overflow. Votes count whole WEIGHT_UNITs (1e9 wei, a
     billionth of a SNET), so a claim's tallies fit 64 bits each; the claim
     also keeps the silent ending and payout cooldown it was filed under, so
     settling it reads no parameters. The open claim keeps the code of what
     the claim locked in the pool, so its release gives back exactly that even
     if the leverage changed meanwhile.
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
MASK_56: constant(uint256) = 2**56 - 1
# @dev A claim's quorum: mantissa (20 bits) x 10**exponent (4 bits) WEIGHT_UNITs.
MASK_20: constant(uint256) = 2**20 - 1


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


# @dev A claim's money, cover and the quorum fixed at its submission, one slot.
struct ClaimTerms:
    amount: uint256
    deposit: uint256
    cover_id: uint256
    incident_time: uint256
    quorum: uint256


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
def pack_terms(t: ClaimTerms, quorum_code: uint256) -> uint256:
    """
    @dev The quorum is stored as its ceil_decimal code (what the ledger head
         holds); `t.quorum` is what unpack_terms gives back. Amounts fit 84 bits: a claim never exceeds its cover (Cover packs
         cover amounts in 84 bits), nor its deposit (at most 20% of it, or the
         84-bit minimum deposit).
    """
    assert t.amount <= MASK_84 and t.deposit <= MASK_84, "claims: amount overflow"
    assert t.cover_id <= MASK_32, "claims: cover id overflow"
    assert t.incident_time <= MASK_32, "claims: time overflow"
    assert quorum_code <= MASK_24, "claims: quorum overflow"
    return (
        t.amount
        | (t.deposit << 84)
        | (t.cover_id << 168)
        | (t.incident_time << 200)
        | (quorum_code << 232)
    )


@internal
@pure
def unpack_terms(word: uint256) -> ClaimTerms:
    return ClaimTerms(
        amount=word & MASK_84,
        deposit=(word >> 84) & MASK_84,
        cover_id=(word >> 168) & MASK_32,
        incident_time=(word >> 200) & MASK_32,
        quorum=self.terms_quorum(word),
    )


@internal
@pure
def terms_quorum(word: uint256) -> uint256:
    """
    @dev The claim's quorum alone (what `vote` needs), in SNET wei.
    """
    return self.quorum_value(word >> 232)


@internal
@pure
def quorum_code(total_staked: uint256, min_quorum: uint256, quorum_bps: uint256) -> uint256:
    """
    @dev The quorum a claim needs, max(min_quorum, quorum_bps x total_staked /
         10000), rounded UP to whole WEIGHT_UNITs and to six significant digits
         (at most 1e-5 above; round figures such as 10,000 SNET stay exact), as
         the code claims store: a claim never needs less than the rule asks.
    """
    weight: uint256 = max(min_quorum, (total_staked * quorum_bps + 9_999) // 10_000)
    code: uint256 = self.ceil_decimal((weight + WEIGHT_UNIT - 1) // WEIGHT_UNIT)
    assert code <= MASK_24, "claims: quorum overflow"
    return code


@internal
@pure
def quorum_value(code: uint256) -> uint256:
    """
    @dev The quorum, in SNET wei, of a quorum code.
    """
    # @dev cannot overflow: at most (2**20 - 1) x 10**15 units, times 1e9 < 2**100.
    return unsafe_mul(self.decimal_value(code), WEIGHT_UNIT)


@internal
@pure
def ceil_decimal(x: uint256) -> uint256:
    """
    @dev The code (exponent << 20 | mantissa) of the smallest mantissa x
         10**exponent >= x with mantissa < 2**20 and exponent < 16: the
         exponent is the smallest e with x <= (2**20 - 1) x 10**e, found by a
         4-step binary search (no loop). The caller checks the
         code fits (x < 2**20 x 10**15).
    """
    e: uint256 = 0
    if x > MASK_20 * 10**7:
        e = 8
    if x > MASK_20 * pow_mod256(10, e + 3):
        e += 4
    if x > MASK_20 * pow_mod256(10, e + 1):
        e += 2
    if x > MASK_20 * pow_mod256(10, e):
        e += 1
    scale: uint256 = pow_mod256(10, e)
    return (e << 20) | ((x + scale - 1) // scale)


@internal
@pure
def decimal_value(code: uint256) -> uint256:
    """
    @dev The value of a ceil_decimal code.
    """
    return (code & MASK_20) * pow_mod256(10, code >> 20)


@internal
@pure
def pack_assessors(total_staked: uint256, min_quorum: uint256, quorum_bps: uint256) -> uint256:
    assert total_staked <= MASK_88 and min_quorum <= MASK_88, "claims: stake overflow"
    assert quorum_bps <= MASK_14, "claims: bps overflow"
    return total_staked | (min_quorum << 88) | (quorum_bps << 176)


@internal
@pure
def unpack_assessors(word: uint256) -> (uint256, uint256, uint256):
    """
    @dev total_staked, min_quorum, quorum_bps: everything a submission needs to
         fix its quorum, in one slot.
    """
    return word & MASK_88, (word >> 88) & MASK_88, word >> 176


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
def pack_open_claim(claimant: address, claim_id: uint256, lock_code: uint256) -> uint256:
    """
    @dev `lock_code`: what the pool's `lock_claim` returned (packing.pack_lock),
         handed back to `release_claim` as is.
    """
    assert claim_id <= MASK_40, "claims: claim id overflow"
    assert lock_code <= MASK_56, "claims: lock overflow"
    return convert(claimant, uint256) | (claim_id << 160) | (lock_code << 200)


@internal
@pure
def unpack_open_claim(word: uint256) -> (address, uint256, uint256):
    """
    @dev claimant, claim_id (zero when the cover has no open claim), lock code.
    """
    return convert(convert(word & MASK_160, uint160), address), (word >> 160) & MASK_40, word >> 200


@internal
@pure
def pack_ledger(head: uint256, liabilities: uint256, reserve: uint256) -> uint256:
    """
    @dev head = claim_count | current quorum code << 40 (ledger_head).
    """
    assert head <= MASK_64, "claims: claim id overflow"
    assert liabilities <= MASK_96 and reserve <= MASK_96, "claims: ledger overflow"
    return head | (liabilities << 64) | (reserve << 160)


@internal
@pure
def ledger_head(claim_count: uint256, quorum_code: uint256) -> uint256:
    assert claim_count <= MASK_40, "claims: claim id overflow"
    assert quorum_code <= MASK_24, "claims: quorum overflow"
    return claim_count | (quorum_code << 40)


@internal
@pure
def unpack_ledger(word: uint256) -> (uint256, uint256, uint256):
    """
    @dev head (claim_count | quorum code << 40), liabilities (deposits held +
         rewards owed), reward reserve.
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
