# pragma version ~=0.4.3
# pragma nonreentrancy on
"""
@title SafetyNet CapitalPool
@license AGPL-3.0-only
@notice ERC-4626 vault of underwriting capital. Premiums arrive from Cover and
        are earned linearly over each cover's life; losses paid by Claims and
        Parametric fall on all shares pro rata. Withdrawals need a request, a
        cooldown and a window, and never free capital that backs active cover.
@custom:security Trusts the asset (a plain ERC-20), Cover (books premiums),
        Claims and Parametric (may call `pay`), and the admin (timelock).
        totalAssets() is an accounted figure, not the token balance, so
        donations cannot move the share price.
@custom:kill Nothing pauses withdrawals: underwriters can always leave within
        the capital lock. The admin can stop new cover by revoking Cover's
        sales there; the guardian role cannot move funds here.
"""

from ethereum.ercs import IERC20
from ethereum.ercs import IERC4626
from .interfaces import ICapitalPool
from .interfaces import IERC20Meta

from snekmate.auth import access_control
from .modules import packing
from .modules import premium_book

implements: IERC20
implements: IERC4626
implements: ICapitalPool

initializes: access_control
initializes: premium_book

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
MASK_96: constant(uint256) = 2**96 - 1
DAY: constant(uint256) = 86_400
# @dev Virtual shares: 10**DECIMALS_OFFSET shares per unit of asset at start.
DECIMALS_OFFSET: constant(uint256) = 3
# @dev A withdrawal request holds up to 2**176 - 1 shares in its packed slot. Only a pool
#      that lost nearly all its assets, again and again, mints that many; deposits then stop.
MAX_SHARE_SUPPLY: constant(uint256) = 2**176 - 1
# @dev Bounds on governance parameters.
MAX_COOLDOWN: constant(uint256) = 90 * 86_400
MIN_WINDOW: constant(uint256) = 86_400
MAX_WINDOW: constant(uint256) = 30 * 86_400
MAX_FEES_BPS: constant(uint256) = 5_000
MIN_LEVERAGE_BPS: constant(uint256) = 10_000
MAX_LEVERAGE_BPS: constant(uint256) = 100_000


# @dev The pool asset.
asset: public(immutable(address))
# @dev The Cover contract that created this pool and alone books premiums here.
cover: public(immutable(address))
# @dev Share token metadata.
name: public(immutable(String[64]))
symbol: public(immutable(String[32]))
decimals: public(immutable(uint8))


# @dev Share balances and allowances (ERC-20).
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
totalSupply: public(uint256)
# @dev Withdrawal request per owner: shares | ready_at | expires_at.
_requests: HashMap[address, uint256]
# @dev Hot config read on every sale, one slot: treasury_fee_bps 16 |
# assessment_fee_bps 16 | max_leverage_bps 32 | open_claims 96 (the sum of the
# amounts of claims under assessment: exit pricing) | claims_locked 96 (what
# those claims lock beyond their covers' own lock: locked capital), both kept by Claims.
_config: uint256
# @dev Cold governance parameters.
withdrawal_cooldown: public(uint256)
withdrawal_window: public(uint256)
treasury: public(address)
# @dev Claims and Parametric may pay losses; Claims keeps open claims.
claims: public(address)
parametric: public(address)


# @dev ERC-20 share events.
event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256


event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256


# @dev ERC-4626 events.
event Deposit:
    sender: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256


event Withdraw:
    sender: indexed(address)
    receiver: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256


# @dev A withdrawal request, its maturity and the end of its window.
event WithdrawalRequested:
    owner: indexed(address)
    shares: uint256
    ready_at: uint256
    expires_at: uint256


event WithdrawalCancelled:
    owner: indexed(address)


# @dev Open claims changed (claim submitted or settled): the sum of their
# amounts and the capital they lock beyond their covers' own lock.
event OpenClaimsChanged:
    open_claims: uint256
    claims_locked: uint256


# @dev A loss paid out of the pool.
event Paid:
    payer: indexed(address)
    receiver: indexed(address)
    amount: uint256
    total_assets: uint256


event FeesSwept:
    treasury: indexed(address)
    reserve: indexed(address)
    treasury_amount: uint256
    reserve_amount: uint256


event ParameterSet:
    name: String[32]
    value: uint256
    report_hash: bytes32


event PayersSet:
    claims: address
    parametric: address


event TreasurySet:
    treasury: indexed(address)


@deploy
def __init__(asset_: address, treasury_: address, admin_: address):
    """
    @notice Deployed by Cover from a blueprint: the deployer is the Cover contract.
    @param asset_ The pool asset (an ERC-20 with decimals()).
    @param treasury_ Receiver of the treasury fee.
    @param admin_ Holder of DEFAULT_ADMIN_ROLE (deployer locally, timelock in production).
    """
    access_control.__init__()
    access_control._revoke_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    access_control._grant_role(access_control.DEFAULT_ADMIN_ROLE, admin_)
    premium_book.__init__()
    cover = msg.sender
    assert asset_ != empty(address), "pool: zero asset"
    assert treasury_ != empty(address), "pool: zero treasury"
    asset = asset_
    asset_symbol: String[25] = staticcall IERC20Meta(asset_).symbol()
    name = concat("SafetyNet Capital ", asset_symbol)
    symbol = concat("snc", asset_symbol)
    decimals = staticcall IERC20Meta(asset_).decimals() + convert(DECIMALS_OFFSET, uint8)
    self.treasury = treasury_
    self.withdrawal_cooldown = 7 * 86_400
    self.withdrawal_window = 3 * 86_400
    self._config = self._pack_config(1_000, 500, 10_000, 0)


# ---------------------------------------------------------------- governance


@external
def set_payers(claims_: address, parametric_: address):
    """
    @notice Set the contracts allowed to pay losses (Claims, Parametric). Admin only.
    @dev Zero addresses are allowed for a component not deployed. Fees owed so
         far are swept first, so the reserve share goes where it was earned.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self._sweep()
    self.claims = claims_
    self.parametric = parametric_
    log PayersSet(claims=claims_, parametric=parametric_)


@external
def set_treasury(treasury_: address):
    """
    @notice Set the receiver of the treasury fee. Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert treasury_ != empty(address), "pool: zero treasury"
    self._sweep()
    self.treasury = treasury_
    log TreasurySet(treasury=treasury_)


@external
def set_withdrawal_periods(cooldown: uint256, window: uint256):
    """
    @notice Set the withdrawal cooldown and window (seconds). Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert cooldown <= MAX_COOLDOWN, "pool: cooldown too long"
    assert window >= MIN_WINDOW and window <= MAX_WINDOW, "pool: window out of bounds"
    self.withdrawal_cooldown = cooldown
    self.withdrawal_window = window
    log ParameterSet(name="withdrawal_cooldown", value=cooldown, report_hash=empty(bytes32))
    log ParameterSet(name="withdrawal_window", value=window, report_hash=empty(bytes32))


@external
def set_fees(treasury_fee_bps_: uint256, assessment_fee_bps_: uint256):
    """
    @notice Set the treasury and assessment fees taken from each premium. Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert treasury_fee_bps_ + assessment_fee_bps_ <= MAX_FEES_BPS, "pool: fees too high"
    self._sweep()
    config: uint256 = self._config
    self._config = self._pack_config(
        treasury_fee_bps_, assessment_fee_bps_, (config >> 32) & 2**32 - 1, config >> 64
    )
    log ParameterSet(name="treasury_fee_bps", value=treasury_fee_bps_, report_hash=empty(bytes32))
    log ParameterSet(
        name="assessment_fee_bps", value=assessment_fee_bps_, report_hash=empty(bytes32)
    )


@external
def set_max_leverage_bps(max_leverage_bps_: uint256, report_hash: bytes32):
    """
    @notice Set how much cover each unit of capital may back (10000 = fully backed).
            Raising it needs the hash of the capital-model report that justifies it.
    @param report_hash keccak256 of the capital-model report; required to raise.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert max_leverage_bps_ >= MIN_LEVERAGE_BPS, "pool: leverage below full backing"
    assert max_leverage_bps_ <= MAX_LEVERAGE_BPS, "pool: leverage above 10x"
    config: uint256 = self._config
    if max_leverage_bps_ > (config >> 32) & 2**32 - 1:
        assert report_hash != empty(bytes32), "pool: raising leverage needs a capital-model report"
    self._config = self._pack_config(
        config & 65535, (config >> 16) & 65535, max_leverage_bps_, config >> 64
    )
    log ParameterSet(name="max_leverage_bps", value=max_leverage_bps_, report_hash=report_hash)


# ---------------------------------------------------------------- ERC-20 shares


@external
def transfer(receiver: address, amount: uint256) -> bool:
    """
    @notice Transfer shares; a pending withdrawal request shrinks to what stays.
    """
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Transfer shares on behalf of `owner` within the allowance.
    """
    self._spend_allowance(owner, msg.sender, amount)
    self._transfer(owner, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Allow `spender` to move up to `amount` shares.
    """
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


# ---------------------------------------------------------------- ERC-4626 views


@external
@view
def totalAssets() -> uint256:
    """
    @notice Capital that belongs to shareholders now: accounted assets less
            premium not yet earned.
    """
    return self._total_assets()


@external
@view
def unearned_premium() -> uint256:
    """
    @notice Premium received but not yet earned (earned linearly over each cover).
    """
    return premium_book.unearned()


@external
@view
def active_cover() -> uint256:
    """
    @notice Pool-wide amount of cover not yet expired.
    """
    return premium_book.active_now()


@external
@view
def locked_capital() -> uint256:
    """
    @notice Capital that must stay: active cover / leverage + the claims' lock
            (`claims_locked`); a cover is never counted twice.
    """
    return self._locked_capital(premium_book.active_now())


@external
@view
def share_price() -> uint256:
    """
    @notice Assets per 10**decimals shares (virtual shares included), for dashboards.
    """
    return self._to_assets(10**convert(decimals, uint256), False, False)


@external
@view
def convertToShares(assets: uint256) -> uint256:
    """
    @notice Shares that `assets` are worth now, rounded down.
    """
    return self._to_shares(assets, False, False)


@external
@view
def convertToAssets(shares: uint256) -> uint256:
    """
    @notice Assets that `shares` are worth now, rounded down.
    """
    return self._to_assets(shares, False, False)


@external
@view
@reentrant
def maxDeposit(receiver: address) -> uint256:
    """
    @notice Deposits are unlimited, except to the zero address, which is refused.
    """
    if receiver == empty(address):
        return 0
    return max_value(uint256)


@external
@view
@reentrant
def maxMint(receiver: address) -> uint256:
    """
    @notice Mints are unlimited, except to the zero address, which is refused.
    """
    if receiver == empty(address):
        return 0
    return max_value(uint256)


@external
@view
def previewDeposit(assets: uint256) -> uint256:
    """
    @notice Shares a deposit of `assets` would mint now (full price, open claims
            not deducted).
    """
    return self._to_shares(assets, False, False)


@external
@view
def previewMint(shares: uint256) -> uint256:
    """
    @notice Assets a mint of `shares` would take now (full price).
    """
    return self._to_assets(shares, True, False)


@external
@view
def previewWithdraw(assets: uint256) -> uint256:
    """
    @notice Shares a withdrawal of `assets` would burn now, priced net of open
            claims (as if every claim under assessment were paid).
    """
    return self._to_shares(assets, True, True)


@external
@view
def previewRedeem(shares: uint256) -> uint256:
    """
    @notice Assets a redemption of `shares` would pay now, priced net of open
            claims (as if every claim under assessment were paid).
    """
    return self._to_assets(shares, False, True)


@external
@view
def maxRedeem(owner: address) -> uint256:
    """
    @notice Shares `owner` can redeem now: a matured request inside its window,
            within the balance and the capital lock.
    """
    return self._max_redeem(owner)


@external
@view
def maxWithdraw(owner: address) -> uint256:
    """
    @notice Assets `owner` can withdraw now (see maxRedeem), priced net of open claims.
    """
    return self._to_assets(self._max_redeem(owner), False, True)


@external
@view
def withdrawal_request(owner: address) -> (uint256, uint256, uint256):
    """
    @notice The owner's pending request: shares, when it matures, when its window ends.
    """
    return packing.unpack_triple(self._requests[owner])


# ---------------------------------------------------------------- ERC-4626 actions


@external
def deposit(assets: uint256, receiver: address) -> uint256:
    """
    @notice Deposit `assets` and mint shares to `receiver`.
    @return The shares minted.
    """
    premium_book.checkpoint()
    shares: uint256 = self._to_shares(assets, False, False)
    self._deposit(assets, shares, receiver)
    return shares


@external
def mint(shares: uint256, receiver: address) -> uint256:
    """
    @notice Mint exactly `shares` to `receiver` for the assets they are worth (rounded up).
    @return The assets taken.
    """
    premium_book.checkpoint()
    assets: uint256 = self._to_assets(shares, True, False)
    self._deposit(assets, shares, receiver)
    return assets


@external
def request_withdrawal(shares: uint256):
    """
    @notice Start the cooldown for withdrawing up to `shares`; replaces any earlier request.
    """
    assert shares > 0, "pool: zero shares"
    assert shares <= self.balanceOf[msg.sender], "pool: request exceeds balance"
    ready_at: uint256 = block.timestamp + self.withdrawal_cooldown
    expires_at: uint256 = ready_at + self.withdrawal_window
    self._requests[msg.sender] = packing.pack_triple(shares, ready_at, expires_at)
    log WithdrawalRequested(
        owner=msg.sender, shares=shares, ready_at=ready_at, expires_at=expires_at
    )


@external
def cancel_withdrawal():
    """
    @notice Drop the pending withdrawal request.
    """
    assert self._requests[msg.sender] != 0, "pool: no withdrawal request"
    self._requests[msg.sender] = 0
    log WithdrawalCancelled(owner=msg.sender)


@external
def withdraw(assets: uint256, receiver: address, owner: address) -> uint256:
    """
    @notice Withdraw exactly `assets` to `receiver`, burning `owner`'s requested shares.
    @return The shares burned (rounded up).
    """
    premium_book.checkpoint()
    shares: uint256 = self._to_shares(assets, True, True)
    self._withdraw(assets, shares, receiver, owner)
    return shares


@external
def redeem(shares: uint256, receiver: address, owner: address) -> uint256:
    """
    @notice Redeem `shares` of `owner`'s matured request, paying `receiver`.
    @return The assets paid (rounded down).
    """
    premium_book.checkpoint()
    assets: uint256 = self._to_assets(shares, False, True)
    self._withdraw(assets, shares, receiver, owner)
    return assets


# ---------------------------------------------------------------- protocol hooks


@external
def add_premium(amount: uint256, premium: uint256, cover_end: uint256) -> uint256:
    """
    @notice Book a sold cover: its premium (already transferred here) less the
            treasury and assessment fees becomes unearned premium, earned
            linearly until the cover expires. Checks the leverage limit. Cover only.
    @param amount The cover amount.
    @param premium The premium the pool received.
    @param cover_end When the cover ends.
    @return The cover's id: the pool-wide count of covers booked.
    """
    assert msg.sender == cover, "pool: caller is not cover"
    config: uint256 = self._config
    fees: uint256 = (
        premium * (config & 65535) // MAX_BPS + premium * ((config >> 16) & 65535) // MAX_BPS
    )
    cover_id: uint256 = 0
    active: uint256 = 0
    total_assets: uint256 = 0
    cover_id, active, total_assets = premium_book.add(amount, premium - fees, cover_end)
    locked: uint256 = active * MAX_BPS // ((config >> 32) & 2**32 - 1) + (config >> 160)
    assert locked <= total_assets, "pool: leverage limit exceeded"
    return cover_id


@external
def pay(receiver: address, amount: uint256) -> bool:
    """
    @notice Pay a loss to `receiver`; all shares bear it pro rata at once.
            Claims and Parametric only.
    @dev Settlement never gets stuck on the receiver: if the asset refuses it
         (reverts, e.g. a blacklisted address, or returns false), the amount goes
         to Cover instead and this returns False; the caller then records it with
         `Cover.hold_payout(cover_id, amount)`, collected with `withdraw_payout`.
    @return True when `receiver` was paid, False when the amount went to Cover.
    """
    assert msg.sender != empty(address), "pool: caller cannot pay"
    assert msg.sender == self.claims or msg.sender == self.parametric, "pool: caller cannot pay"
    assert receiver != empty(address), "pool: zero receiver"
    assert amount > 0, "pool: zero amount"
    premium_book.checkpoint()
    available: uint256 = self._total_assets()
    assert amount <= available, "pool: insufficient capital"
    premium_book.set_base(premium_book.base() - amount)
    ok: bool = False
    response: Bytes[32] = b""
    ok, response = raw_call(
        asset,
        abi_encode(receiver, amount, method_id=method_id("transfer(address,uint256)")),
        max_outsize=32,
        revert_on_failure=False,
    )
    if ok and (len(response) == 0 or convert(response, uint256) == 1):
        log Paid(
            payer=msg.sender, receiver=receiver, amount=amount, total_assets=available - amount
        )
        return True
    assert extcall IERC20(asset).transfer(
        cover, amount, default_return_value=True
    ), "pool: transfer failed"
    log Paid(payer=msg.sender, receiver=cover, amount=amount, total_assets=available - amount)
    return False


@external
def lock_claim(amount: uint256, cover_amount: uint256, cover_end: uint256) -> uint256:
    """
    @notice A claim of `amount` on a cover of `cover_amount` ending at `cover_end`
            went under assessment. Its amount joins `open_claims` (exits are priced
            as if it were paid); the part its cover's own lock does not hold joins
            `claims_locked` (locked capital) until it is settled. Claims only.
    @dev SPEC 3.3 "Capital lock of a claim": a cover still counted in active
         cover (before its expiry day boundary, where the premium book drops
         it) already locks cover_amount x 10000 / max_leverage_bps, so at the
         default 1x leverage the claim locks nothing more and the cover is never
         locked twice; a claim on an expired cover locks its whole amount.
    @return The lock's code (packing.pack_lock, rounded up); Claims keeps it
            and hands it back to `release_claim`, so the release gives back
            exactly what was locked even if the leverage changed meanwhile.
    """
    assert msg.sender == self.claims and msg.sender != empty(address), "pool: caller is not claims"
    config: uint256 = self._config
    lock: uint256 = amount
    if block.timestamp < (cover_end + DAY - 1) // DAY * DAY:
        held: uint256 = cover_amount * MAX_BPS // ((config >> 32) & 2**32 - 1)
        lock = 0
        if amount > held:
            # @dev cannot underflow: checked just above.
            lock = unsafe_sub(amount, held)
    code: uint256 = packing.pack_lock(lock)
    lock = packing.unpack_lock(code)
    open_claims: uint256 = ((config >> 64) & MASK_96) + amount
    claims_locked: uint256 = (config >> 160) + lock
    assert open_claims <= MASK_96 and claims_locked <= MASK_96, "pool: open claims overflow"
    self._config = (config & (2**64 - 1)) | (open_claims << 64) | (claims_locked << 160)
    log OpenClaimsChanged(open_claims=open_claims, claims_locked=claims_locked)
    return code


@external
def release_claim(amount: uint256, lock_code: uint256):
    """
    @notice A claim of `amount` was settled (paid or rejected): its amount and
            exactly what its lock took come off. Claims only.
    @param amount The claimed amount, as locked.
    @param lock_code What `lock_claim` returned for this claim.
    """
    assert msg.sender == self.claims and msg.sender != empty(address), "pool: caller is not claims"
    config: uint256 = self._config
    open_claims: uint256 = ((config >> 64) & MASK_96) - amount
    claims_locked: uint256 = (config >> 160) - packing.unpack_lock(lock_code)
    self._config = (config & (2**64 - 1)) | (open_claims << 64) | (claims_locked << 160)
    log OpenClaimsChanged(open_claims=open_claims, claims_locked=claims_locked)


@external
def sweep_fees():
    """
    @notice Send the fees owed: the treasury share to the treasury, the assessment
            share to Claims' reward reserve (kept here until Claims exists).
            Anyone may call.
    """
    self._sweep()


@external
def checkpoint():
    """
    @notice Bring the premium book up to date (earn premium, expire cover). Anyone may call.
    """
    premium_book.checkpoint()


# ---------------------------------------------------------------- config views


@external
@view
def treasury_fee_bps() -> uint256:
    """
    @notice Share of each premium owed to the treasury.
    """
    return self._config & 65535


@external
@view
def assessment_fee_bps() -> uint256:
    """
    @notice Share of each premium owed to the Claims reward reserve.
    """
    return (self._config >> 16) & 65535


@external
@view
def max_leverage_bps() -> uint256:
    """
    @notice Cover each unit of capital may back, in bps (10000 = fully backed).
    """
    return (self._config >> 32) & 2**32 - 1


@external
@view
def open_claims() -> uint256:
    """
    @notice Sum of the amounts of claims under assessment: withdrawals and
            redemptions are priced as if they were all paid.
    """
    return (self._config >> 64) & MASK_96


@external
@view
def claims_locked() -> uint256:
    """
    @notice What claims under assessment lock beyond their covers' own lock (part
            of locked capital): nothing for a claim on an active cover at 1x
            leverage, the whole amount for a claim on an expired cover.
    """
    return self._config >> 160


@external
@view
def cover_count() -> uint256:
    """
    @notice Number of covers ever booked (Cover's ids run from 1 to this).
    """
    return premium_book.cover_count()


@external
@view
def base_assets() -> uint256:
    """
    @notice Assets the pool accounts for: total assets plus unearned premium.
    """
    return premium_book.base()


@external
@view
def fees_owed() -> uint256:
    """
    @notice Fees not yet swept: the asset balance beyond what the pool accounts for.
    @dev Tokens sent to the pool directly (donations) count here and go to the
         treasury and reserve: they can never move the share price.
    """
    return self._fees_owed()


# ---------------------------------------------------------------- internals


@internal
@pure
def _pack_config(
    treasury_fee: uint256, assessment_fee: uint256, leverage: uint256, open_claims: uint256
) -> uint256:
    """
    @dev treasury_fee_bps 16 | assessment_fee_bps 16 | max_leverage_bps 32
         | claims 192 (open_claims 96 | claims_locked 96, passed through as one word).
    """
    return treasury_fee | (assessment_fee << 16) | (leverage << 32) | (open_claims << 64)


@internal
@view
def _fees_owed() -> uint256:
    return staticcall IERC20(asset).balanceOf(self) - premium_book.base()


@internal
def _sweep():
    """
    @dev Split the fees owed by the current fee rates (fee changes sweep first,
         so one rate pair applies to everything since the last sweep).
    """
    owed: uint256 = self._fees_owed()
    reserve: address = self.claims
    config: uint256 = self._config
    treasury_bps: uint256 = config & 65535
    fee_bps: uint256 = treasury_bps + ((config >> 16) & 65535)
    to_treasury: uint256 = owed
    if fee_bps > 0:
        to_treasury = owed * treasury_bps // fee_bps
    to_reserve: uint256 = 0
    if reserve != empty(address):
        # @dev without Claims yet, the assessment share waits here.
        to_reserve = owed - to_treasury
    if to_treasury > 0:
        assert extcall IERC20(asset).transfer(
            self.treasury, to_treasury, default_return_value=True
        ), "pool: transfer failed"
    if to_reserve > 0:
        assert extcall IERC20(asset).transfer(
            reserve, to_reserve, default_return_value=True
        ), "pool: transfer failed"
    log FeesSwept(
        treasury=self.treasury,
        reserve=reserve,
        treasury_amount=to_treasury,
        reserve_amount=to_reserve,
    )


@internal
@view
def _total_assets() -> uint256:
    return premium_book.base() - premium_book.unearned()


@internal
@view
def _locked_capital(active: uint256) -> uint256:
    config: uint256 = self._config
    return active * MAX_BPS // ((config >> 32) & 2**32 - 1) + (config >> 160)


@internal
@view
def _exit_total() -> uint256:
    """
    @dev What shares are worth to someone leaving: total assets as if every claim
         under assessment were paid (SPEC 3.1, "No exit ahead of a known loss"),
         floored at zero. An underwriter who exits during a vote leaves its share
         of the open claims behind; if a claim is rejected, those who stayed keep it.
    """
    total: uint256 = self._total_assets()
    open_claims: uint256 = (self._config >> 64) & MASK_96
    if total > open_claims:
        # @dev cannot underflow: checked just above.
        return unsafe_sub(total, open_claims)
    return 0


@internal
@view
def _to_shares(assets: uint256, round_up: bool, exit_: bool) -> uint256:
    """
    @dev Share math with virtual shares and one virtual asset: an attacker who
         owns the whole supply cannot make a later deposit round to zero shares.
         `exit_`: price for a withdrawal (net of open claims); else the full figure.
    """
    supply: uint256 = self.totalSupply + 10**DECIMALS_OFFSET
    total: uint256 = 1
    if exit_:
        total += self._exit_total()
    else:
        total += self._total_assets()
    if round_up:
        return (assets * supply + total - 1) // total
    return assets * supply // total


@internal
@view
def _to_assets(shares: uint256, round_up: bool, exit_: bool) -> uint256:
    supply: uint256 = self.totalSupply + 10**DECIMALS_OFFSET
    total: uint256 = 1
    if exit_:
        total += self._exit_total()
    else:
        total += self._total_assets()
    if round_up:
        return (shares * total + supply - 1) // supply
    return shares * total // supply


@internal
@view
def _max_redeem(owner: address) -> uint256:
    requested: uint256 = 0
    ready_at: uint256 = 0
    expires_at: uint256 = 0
    requested, ready_at, expires_at = packing.unpack_triple(self._requests[owner])
    if block.timestamp < ready_at or block.timestamp >= expires_at:
        return 0
    shares: uint256 = min(requested, self.balanceOf[owner])
    total: uint256 = self._total_assets()
    locked: uint256 = self._locked_capital(premium_book.active_now())
    free: uint256 = 0
    if total > locked:
        free = total - locked
    return min(shares, self._to_shares(free, False, True))


@internal
def _deposit(assets: uint256, shares: uint256, receiver: address):
    assert assets > 0, "pool: zero assets"
    assert shares > 0, "pool: deposit too small for one share"
    assert receiver != empty(address), "pool: zero receiver"
    premium_book.set_base(premium_book.base() + assets)
    supply: uint256 = self.totalSupply + shares
    assert supply <= MAX_SHARE_SUPPLY, "pool: share supply at its limit after losses"
    self.totalSupply = supply
    self.balanceOf[receiver] += shares
    assert extcall IERC20(asset).transferFrom(
        msg.sender, self, assets, default_return_value=True
    ), "pool: transfer failed"
    log Transfer(sender=empty(address), receiver=receiver, value=shares)
    log Deposit(sender=msg.sender, owner=receiver, assets=assets, shares=shares)


@internal
def _withdraw(assets: uint256, shares: uint256, receiver: address, owner: address):
    """
    @dev Burns from the owner's matured request. Checks: window, request size,
         balance, capital lock after the withdrawal. Effects before the transfer.
    """
    assert assets > 0 and shares > 0, "pool: zero amount"
    assert receiver != empty(address), "pool: zero receiver"
    if msg.sender != owner:
        self._spend_allowance(owner, msg.sender, shares)
    requested: uint256 = 0
    ready_at: uint256 = 0
    expires_at: uint256 = 0
    requested, ready_at, expires_at = packing.unpack_triple(self._requests[owner])
    assert requested > 0, "pool: no withdrawal request"
    assert block.timestamp >= ready_at, "pool: withdrawal cooldown not over"
    assert block.timestamp < expires_at, "pool: withdrawal window expired, request again"
    assert shares <= requested, "pool: exceeds requested shares"
    assert shares <= self.balanceOf[owner], "pool: insufficient shares"
    self._requests[owner] = packing.pack_triple(requested - shares, ready_at, expires_at)
    self.balanceOf[owner] -= shares
    self.totalSupply -= shares
    premium_book.set_base(premium_book.base() - assets)
    assert self._total_assets() >= self._locked_capital(
        premium_book.active_stored()
    ), "pool: capital locked by active cover"
    assert extcall IERC20(asset).transfer(
        receiver, assets, default_return_value=True
    ), "pool: transfer failed"
    log Transfer(sender=owner, receiver=empty(address), value=shares)
    log Withdraw(sender=msg.sender, receiver=receiver, owner=owner, assets=assets, shares=shares)


@internal
def _transfer(owner: address, receiver: address, amount: uint256):
    assert receiver != empty(address), "pool: transfer to zero address"
    balance: uint256 = self.balanceOf[owner]
    assert amount <= balance, "pool: insufficient shares"
    remaining: uint256 = balance - amount
    self.balanceOf[owner] = remaining
    self.balanceOf[receiver] += amount
    # @dev Read back: a transfer to oneself moves no shares out and keeps the request.
    self._shrink_request(owner, self.balanceOf[owner])
    log Transfer(sender=owner, receiver=receiver, value=amount)


@internal
def _shrink_request(owner: address, balance: uint256):
    """
    @dev A pending request never exceeds the shares still held, so a matured
         request cannot be refilled with shares received later.
    """
    word: uint256 = self._requests[owner]
    if word == 0:
        return
    requested: uint256 = 0
    ready_at: uint256 = 0
    expires_at: uint256 = 0
    requested, ready_at, expires_at = packing.unpack_triple(word)
    if requested > balance:
        self._requests[owner] = packing.pack_triple(balance, ready_at, expires_at)


@internal
def _spend_allowance(owner: address, spender: address, amount: uint256):
    allowed: uint256 = self.allowance[owner][spender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "pool: insufficient allowance"
        self.allowance[owner][spender] = allowed - amount
