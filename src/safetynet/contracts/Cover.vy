# pragma version ~=0.4.3
# pragma nonreentrancy on
"""
@title SafetyNet Cover
@license AGPL-3.0-only
@notice Products, auditor attestations, pricing and cover sales. Each cover is an
        ERC-721 token ("SafetyNet Cover", SNCOVER) whose owner at payout time is paid.
@custom:security Trusts the pool asset and the CapitalPool (premium booking),
        Claims and Parametric (record payouts), auditors (attestations) and the
        admin (timelock). A cover is two storage slots; expired cover leaves the
        product's active amount by daily expiry buckets, never by a loop over covers.
        Holds payouts the asset refused to deliver (`hold_payout`, only with the
        funds in hand) until the cover's owner collects them (`withdraw_payout`).
        Trusts the CodeGuard the admin set to stop a product's sales when its covered
        code changed (`mark_code_changed`), and CoverMetadata (an immutable, view
        only) to render tokenURI.
@custom:kill GUARDIAN_ROLE may pause all sales (`pause_sales`) or one product
        (`pause_product`); the admin unpauses. The CodeGuard stops one product's
        sales when its covered code changed, until an auditor attests again.
        Pausing never touches funds or existing covers, which stay claimable.
"""

from ethereum.ercs import IERC165
from ethereum.ercs import IERC20
from snekmate.auth import access_control
from snekmate.tokens.interfaces import IERC721Receiver
from snekmate.tokens.interfaces import IERC20Permit
from .modules import day_bitmap
from .modules import packing
from .interfaces import ICapitalPool
from .interfaces import IParametricTrigger
from .interfaces import ICover
from .interfaces import ICoverMetadata
from .interfaces import IERC721

implements: IERC165
implements: IERC721
implements: ICover

initializes: access_control
initializes: day_bitmap

exports: (
    access_control.hasRole,
    access_control.getRoleAdmin,
    access_control.grantRole,
    access_control.revokeRole,
    access_control.renounceRole,
    access_control.DEFAULT_ADMIN_ROLE,
)

MAX_BPS: constant(uint256) = 10_000
YEAR: constant(uint256) = 365 * 86_400
DAY: constant(uint256) = 86_400
HOUR: constant(uint256) = 3_600
# @dev Surge pricing starts above this utilization and doubles the rate at 100%.
SURGE_START_BPS: constant(uint256) = 8_000
# @dev Bounds on products, so covers never outlive the expiry walk (MAX_BOOK_DAYS).
MAX_PERIOD: constant(uint256) = 730 * 86_400
MAX_WAITING: constant(uint256) = 30 * 86_400
MAX_PRODUCT_DAYS: constant(uint256) = 800
# @dev Steps of one product walk: a day with a bucket, or a bitmap word without one
# (800 days span at most 5 words).
MAX_PRODUCT_STEPS: constant(uint256) = MAX_PRODUCT_DAYS + 5
# @dev Products are listed by governance; pausing all sales walks them.
MAX_PRODUCTS: constant(uint256) = 256
# @dev Attestation expiries are kept in hours from the epoch day (20 bits).
MAX_ATTESTATION_HOURS: constant(uint256) = 2**20 - 1
# @dev Product flags.
PRODUCT_PAUSED: constant(uint256) = 1
SALES_PAUSED: constant(uint256) = 2
# @dev Product kinds.
PROTOCOL: constant(uint8) = 0
PARAMETRIC: constant(uint8) = 1
CUSTODY: constant(uint8) = 2
AUDITOR_ROLE: public(constant(bytes32)) = keccak256("AUDITOR_ROLE")
GUARDIAN_ROLE: public(constant(bytes32)) = keccak256("GUARDIAN_ROLE")
NAME: constant(String[16]) = "SafetyNet Cover"
SYMBOL: constant(String[8]) = "SNCOVER"
_SUPPORTED_INTERFACES: constant(bytes4[4]) = [
    0x01FFC9A7,  # ERC-165
    0x80AC58CD,  # ERC-721
    0x5B5E139F,  # ERC-721 metadata
    0x7965DB0B,  # IAccessControl
]


# @dev The pool this cover is sold against, and its asset.
pool: public(immutable(address))
asset: public(immutable(address))
# @dev Renders tokenURI (CoverMetadata): kept out of this contract's bytecode.
METADATA: public(immutable(address))
# @dev Day index of deployment: products count days and hours from it.
EPOCH_DAY: public(immutable(uint256))


# @dev What the `attestations` view returns.
struct Attestation:
    auditor: address
    report_hash: bytes32
    valid_until: uint256


# @dev Everything a sale reads and writes about a product, one slot (packing.pack_sale).
_product_sale: HashMap[uint256, uint256]
# @dev Product expiry buckets: product << 64 | day => amount leaving active cover
# (one key hash per access, not two); a bucket's day is marked in the day bitmap
# (space = product id) when it is created.
_product_buckets: HashMap[uint256, uint256]
# @dev Product wording: name and terms hash (read by views only).
_product_names: HashMap[uint256, String[64]]
_product_terms: HashMap[uint256, bytes32]
# @dev Number of products; ids are 0..product_count-1.
product_count: public(uint256)
# @dev Attestation per product: auditor, report hash and exact expiry (the sale
# slot keeps the expiry to the hour, rounded down, for sales).
_attestation_auditor: HashMap[uint256, address]
_attestation_report: HashMap[uint256, bytes32]
_attestation_until: HashMap[uint256, uint256]
# @dev Covers: head (owner, product, start, end) and money (amount, premium).
_cover_head: HashMap[uint256, uint256]
_cover_money: HashMap[uint256, uint256]
# @dev All sales paused by the guardian (mirrored into every product's flags,
# so a sale reads no extra slot).
sales_paused: public(bool)
# @dev ERC-721 state.
_balances: HashMap[address, uint256]
getApproved: public(HashMap[uint256, address])
isApprovedForAll: public(HashMap[address, HashMap[address, bool]])
# @dev Contracts allowed to record payouts; Parametric also gates PARAMETRIC sales.
claims: public(address)
parametric: public(address)
# @dev Payouts the asset refused to deliver to the owner, kept per cover until its
# owner collects them (`withdraw_payout`); `total_held` is their sum, all in this
# contract's asset balance.
payout_held: public(HashMap[uint256, uint256])
total_held: public(uint256)
# @dev The CodeGuard allowed to stop a product's sales when the code it covers
# changed since the attestation (`mark_code_changed`).
code_guard: public(address)
# @dev Products whose covered code changed since their attestation: their sale
# slot's attestation is cleared, so sales stay stopped until an auditor attests again.
code_changed: public(HashMap[uint256, bool])


# @dev ERC-721 events.
event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    token_id: indexed(uint256)


event Approval:
    owner: indexed(address)
    approved: indexed(address)
    token_id: indexed(uint256)


event ApprovalForAll:
    owner: indexed(address)
    operator: indexed(address)
    approved: bool


# @dev Product listed or changed.
event ProductAdded:
    product_id: indexed(uint256)
    name: String[64]
    kind: uint8
    annual_rate_bps: uint256
    capacity: uint256
    waiting_period: uint256
    min_period: uint256
    max_period: uint256
    terms_hash: bytes32


event ProductUpdated:
    product_id: indexed(uint256)
    annual_rate_bps: uint256
    capacity: uint256
    paused: bool


# @dev Auditor attestations.
event Attested:
    product_id: indexed(uint256)
    auditor: indexed(address)
    report_hash: bytes32
    valid_until: uint256


event AttestationRevoked:
    product_id: indexed(uint256)
    by: indexed(address)


# @dev A cover sold: with the ERC-721 Transfer (mint) of the same transaction,
# which names the owner, everything an indexer needs to rebuild it.
event CoverBought:
    cover_id: indexed(uint256)
    product_id: uint256
    amount: uint256
    start: uint256
    end: uint256
    premium: uint256


# @dev A payout recorded against a cover (by Claims or Parametric).
event CoverPaid:
    cover_id: indexed(uint256)
    owner: indexed(address)
    amount: uint256
    total_paid: uint256


# @dev Parametric payouts of a batch: each cover's owner (paid) and amount (0: not paid).
event CoversPaid:
    payer: indexed(address)
    cover_ids: DynArray[uint256, 100]
    owners: DynArray[address, 100]
    amounts: DynArray[uint256, 100]


# @dev A payout the asset refused to deliver to `owner` is kept for the cover.
event PayoutHeld:
    cover_id: indexed(uint256)
    owner: indexed(address)
    amount: uint256
    held: uint256


# @dev The cover's owner collected its held payouts.
event PayoutWithdrawn:
    cover_id: indexed(uint256)
    owner: indexed(address)
    receiver: indexed(address)
    amount: uint256


event SalesPaused:
    paused: bool
    by: indexed(address)


event PayersSet:
    claims: address
    parametric: address


# @dev The owner of `cover_id` bought `new_cover_id` (logged with its CoverBought),
# which starts exactly when `cover_id` ends.
event CoverRenewed:
    cover_id: indexed(uint256)
    new_cover_id: indexed(uint256)
    owner: indexed(address)


event CodeGuardSet:
    code_guard: address


@deploy
def __init__(pool_blueprint: address, asset_: address, treasury_: address, metadata_: address):
    """
    @notice Creates the CapitalPool from its blueprint, so the pool knows this
            contract as the only one that books premiums.
    @param pool_blueprint A CapitalPool blueprint (ERC-5202).
    @param asset_ The pool asset.
    @param treasury_ Receiver of the pool's treasury fee.
    @param metadata_ The CoverMetadata renderer tokenURI asks.
    """
    access_control.__init__()
    assert asset_ != empty(address), "cover: zero asset"
    assert metadata_ != empty(address), "cover: zero metadata renderer"
    asset = asset_
    METADATA = metadata_
    EPOCH_DAY = block.timestamp // DAY
    pool = create_from_blueprint(pool_blueprint, asset_, treasury_, msg.sender)


# ---------------------------------------------------------------- governance


@external
def add_product(
    name_: String[64],
    kind: uint8,
    annual_rate_bps: uint256,
    capacity: uint256,
    waiting_period: uint256,
    min_period: uint256,
    max_period: uint256,
    terms_hash: bytes32,
) -> uint256:
    """
    @notice List a product. Admin only. Sales need a live attestation too.
    @param kind 0 PROTOCOL, 1 PARAMETRIC, 2 CUSTODY.
    @param terms_hash keccak256 of the cover wording (covered events, exclusions).
    @return The product id.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert len(name_) > 0, "cover: empty product name"
    self._check_name(name_)
    assert kind <= CUSTODY, "cover: unknown product kind"
    assert self.product_count < MAX_PRODUCTS, "cover: too many products"
    assert terms_hash != empty(bytes32), "cover: terms hash required"
    assert (
        min_period > 0 and min_period <= max_period
    ), "cover: min period must be in (0, max period]"
    assert max_period <= MAX_PERIOD, "cover: max period above 730 days"
    assert min_period % DAY == 0 and max_period % DAY == 0, "cover: periods must be whole days"
    assert waiting_period <= MAX_WAITING, "cover: waiting period above 30 days"
    assert waiting_period % HOUR == 0, "cover: waiting period must be whole hours"
    # @dev A feed lags the market: a cover bought while a depeg shows on markets but
    # not yet in the feed (even in the block of the crossing round) must not be paid.
    assert (
        kind != PARAMETRIC or waiting_period >= HOUR
    ), "cover: parametric waiting period below 1 hour"
    self._check_rate_capacity(annual_rate_bps, capacity)
    product_id: uint256 = self.product_count
    self.product_count = product_id + 1
    self._product_sale[product_id] = packing.pack_sale(
        packing.Sale(
            annual_rate_bps=annual_rate_bps,
            kind=convert(kind, uint256),
            flags=self._sales_flag(),
            last_day=block.timestamp // DAY - EPOCH_DAY,
            valid_until_hours=0,
            waiting_hours=waiting_period // HOUR,
            min_days=min_period // DAY,
            max_days=max_period // DAY,
            capacity=capacity,
            active=0,
        )
    )
    self._product_names[product_id] = name_
    self._product_terms[product_id] = terms_hash
    log ProductAdded(
        product_id=product_id,
        name=name_,
        kind=kind,
        annual_rate_bps=annual_rate_bps,
        capacity=capacity,
        waiting_period=waiting_period,
        min_period=min_period,
        max_period=max_period,
        terms_hash=terms_hash,
    )
    return product_id


@external
def set_product(product_id: uint256, annual_rate_bps: uint256, capacity: uint256, paused: bool):
    """
    @notice Tune a product's rate and capacity, or pause/unpause it. Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self._check_product(product_id)
    self._check_rate_capacity(annual_rate_bps, capacity)
    self._write_product(product_id, annual_rate_bps, capacity, paused)


@external
def pause_product(product_id: uint256):
    """
    @notice Stop sales of one product. Guardian or admin.
    """
    self._check_guardian()
    self._check_product(product_id)
    sale: packing.Sale = packing.unpack_sale(self._product_sale[product_id])
    self._write_product(product_id, sale.annual_rate_bps, sale.capacity, True)


@external
def pause_sales(paused: bool):
    """
    @notice Stop (guardian or admin) or restart (admin only) all cover sales.
    """
    if paused:
        self._check_guardian()
    else:
        access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self.sales_paused = paused
    paused_bit: uint256 = self._sales_flag()
    for product_id: uint256 in range(self.product_count, bound=MAX_PRODUCTS):
        word: uint256 = self._product_sale[product_id]
        self._product_sale[product_id] = (word & ~(SALES_PAUSED << 16)) | (paused_bit << 16)
    log SalesPaused(paused=paused, by=msg.sender)


@external
def set_payers(claims_: address, parametric_: address):
    """
    @notice Set the contracts allowed to record payouts. Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self.claims = claims_
    self.parametric = parametric_
    log PayersSet(claims=claims_, parametric=parametric_)


@external
def set_code_guard(code_guard_: address):
    """
    @notice Set the CodeGuard allowed to stop sales of a product whose covered
            code changed (zero: none). Admin only.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    self.code_guard = code_guard_
    log CodeGuardSet(code_guard=code_guard_)


@external
def attest(product_id: uint256, report_hash: bytes32, valid_until: uint256):
    """
    @notice Attest that the product's protocol was reviewed, until `valid_until`. Auditors only.
    @param report_hash keccak256 of the audit/review report.
    """
    access_control._check_role(AUDITOR_ROLE, msg.sender)
    self._check_product(product_id)
    assert report_hash != empty(bytes32), "cover: report hash required"
    assert valid_until > block.timestamp, "cover: attestation already expired"
    assert (
        valid_until < (EPOCH_DAY * DAY) + MAX_ATTESTATION_HOURS * HOUR
    ), "cover: attestation too long"
    self._set_valid_until(product_id, valid_until)
    self.code_changed[product_id] = False
    self._attestation_auditor[product_id] = msg.sender
    self._attestation_report[product_id] = report_hash
    log Attested(
        product_id=product_id, auditor=msg.sender, report_hash=report_hash, valid_until=valid_until
    )


@external
def revoke_attestation(product_id: uint256):
    """
    @notice Withdraw a product's attestation. The attesting auditor or the admin.
    """
    self._check_product(product_id)
    auditor: address = self._attestation_auditor[product_id]
    assert auditor != empty(address), "cover: no attestation to revoke"
    assert (
        msg.sender == auditor
        or access_control.hasRole[access_control.DEFAULT_ADMIN_ROLE][msg.sender]
    ), "cover: only the auditor or admin may revoke"
    self._set_valid_until(product_id, 0)
    self._attestation_auditor[product_id] = empty(address)
    self._attestation_report[product_id] = empty(bytes32)
    log AttestationRevoked(product_id=product_id, by=msg.sender)


@external
def mark_code_changed(product_id: uint256):
    """
    @notice Stop a product's sales: the code its attestation covers changed (the
            CodeGuard only; it logs CodeChanged with what differs). Sales refuse
            with "cover: covered code changed since attestation" until an auditor
            attests again; covers already sold keep their protection.
    """
    assert (
        msg.sender == self.code_guard and msg.sender != empty(address)
    ), "cover: caller is not the code guard"
    # @dev No product check: the guard only holds code sets of listed products.
    self.code_changed[product_id] = True
    self._set_valid_until(product_id, 0)
    log AttestationRevoked(product_id=product_id, by=msg.sender)


# ---------------------------------------------------------------- sales


@external
@view
def quote(product_id: uint256, amount: uint256, period: uint256) -> uint256:
    """
    @notice Premium for `amount` of cover over `period` seconds, bought now.
    @dev amount x rate x period / (10000 x 365 days), the rate raised linearly
         up to 2x as utilization after the purchase goes from 80% to 100%.
         Rounded up (in the pool's favour).
    """
    return self._quote(product_id, amount, period)


@external
def buy_cover(
    product_id: uint256, amount: uint256, period: uint256, max_premium: uint256, owner: address
) -> uint256:
    """
    @notice Buy cover: pulls the premium from the caller and mints the cover NFT to `owner`.
    @param period Cover length in seconds; cover starts after the product's waiting period.
    @param max_premium Revert if the premium is higher (slippage guard).
    @return The cover id.
    """
    return self._buy(product_id, amount, period, max_premium, owner, 0)


@external
def renew_cover(cover_id: uint256, period: uint256, max_premium: uint256) -> uint256:
    """
    @notice Buy a follow-on cover of the same product and amount that starts
            exactly when this cover ends (no waiting period of its own), at the
            current quote, minted to the caller. The cover's owner only, no later
            than the product's waiting period before the cover ends.
    @dev The deadline keeps renewal from being a way round the waiting period: a
         holder who sees an incident coming could otherwise extend protection a
         fresh buyer could not get. Capacity and leverage apply as to any sale
         (the new cover counts from now until its own end).
    @param period Length of the new cover in seconds (the product's bounds apply).
    @param max_premium Revert if the premium is higher (slippage guard).
    @return The new cover's id.
    """
    assert msg.sender == self._owner_of(cover_id), "cover: caller is not the cover owner"
    head: uint256 = self._cover_head[cover_id]
    end: uint256 = packing.cover_end(head)
    assert block.timestamp <= end, "cover: cover ended: buy a new cover"
    new_cover_id: uint256 = self._buy(
        packing.cover_product(head),
        packing.cover_amount(self._cover_money[cover_id]),
        period,
        max_premium,
        msg.sender,
        end,
    )
    log CoverRenewed(cover_id=cover_id, new_cover_id=new_cover_id, owner=msg.sender)
    return new_cover_id


@external
def buy_cover_with_permit(
    product_id: uint256,
    amount: uint256,
    period: uint256,
    max_premium: uint256,
    owner: address,
    deadline: uint256,
    v: uint8,
    r: bytes32,
    s: bytes32,
) -> uint256:
    """
    @notice Buy cover in one transaction, approving the premium with an EIP-2612
            permit of `max_premium` signed by the caller.
    @return The cover id.
    """
    # @dev Skip a permit someone already submitted (front-run): the allowance it set stands.
    if staticcall IERC20(asset).allowance(msg.sender, self) < max_premium:
        extcall IERC20Permit(asset).permit(msg.sender, self, max_premium, deadline, v, r, s)
    return self._buy(product_id, amount, period, max_premium, owner, 0)


@external
def record_payout(cover_id: uint256, amount: uint256) -> address:
    """
    @notice Add `amount` to what a cover has been paid and return its current
            owner (who receives the payout). Claims and Parametric only.
    """
    assert msg.sender != empty(address) and (
        msg.sender == self.claims or msg.sender == self.parametric
    ), "cover: caller cannot record payouts"
    head: uint256 = self._cover_head[cover_id]
    assert head != 0, "cover: unknown cover"
    money: uint256 = self._cover_money[cover_id]
    cover_amount: uint256 = 0
    premium: uint256 = 0
    paid: uint256 = 0
    cover_amount, premium, paid = packing.unpack_money(money)
    paid += amount
    assert paid <= cover_amount, "cover: payout exceeds cover amount"
    self._cover_money[cover_id] = packing.add_paid(money, amount)
    owner: address = packing.cover_owner(head)
    log CoverPaid(cover_id=cover_id, owner=owner, amount=amount, total_paid=paid)
    return owner


@external
def record_parametric_payouts(
    cover_ids: DynArray[uint256, 100], product_id: uint256, at: uint256, payout_bps: uint256
) -> (DynArray[address, 100], DynArray[uint256, 100]):
    """
    @notice Parametric only. For each cover that exists, is of `product_id` and
            started strictly before `at` and had not ended (start < at <= end: a
            cover starting at the incident's first round is not paid for it), record a payout of
            min(amount * payout_bps / 10000, amount - paid) and return its current
            owner and that amount; any other cover gets (empty, 0) and is untouched.
    @dev One call and one event per batch, and no revert on an ineligible cover,
         so Parametric's payout_many stays within its per-cover gas budget.
    """
    assert msg.sender == self.parametric and msg.sender != empty(
        address
    ), "cover: caller is not parametric"
    owners: DynArray[address, 100] = []
    amounts: DynArray[uint256, 100] = []
    for cover_id: uint256 in cover_ids:
        head: uint256 = self._cover_head[cover_id]
        owner: address = empty(address)
        cover_product: uint256 = 0
        start: uint256 = 0
        end: uint256 = 0
        owner, cover_product, start, end = packing.unpack_cover_head(head)
        amount: uint256 = 0
        if head != 0 and cover_product == product_id and start < at and at <= end:
            money: uint256 = self._cover_money[cover_id]
            cover_amount: uint256 = 0
            premium: uint256 = 0
            paid: uint256 = 0
            cover_amount, premium, paid = packing.unpack_money(money)
            # @dev paid <= cover_amount always: every write of paid checks it.
            amount = min(cover_amount * payout_bps // MAX_BPS, unsafe_sub(cover_amount, paid))
            if amount != 0:
                self._cover_money[cover_id] = packing.add_paid(money, amount)
        owners.append(owner)
        amounts.append(amount)
    log CoversPaid(payer=msg.sender, cover_ids=cover_ids, owners=owners, amounts=amounts)
    return owners, amounts


@external
def hold_payout(cover_id: uint256, amount: uint256):
    """
    @notice Keep `amount`, already transferred to this contract, for the cover's
            owner: the asset refused to pay them directly (a blacklisted owner, a
            token that returned false). Claims and Parametric only.
    @dev Claims and Parametric call it when `CapitalPool.pay` returned False (the
         pool sent the amount here) or when their own transfer to the owner was
         refused. The balance check makes a hold without the funds impossible.
    """
    assert msg.sender != empty(address) and (
        msg.sender == self.claims or msg.sender == self.parametric
    ), "cover: caller cannot hold payouts"
    head: uint256 = self._cover_head[cover_id]
    assert head != 0, "cover: unknown cover"
    assert amount > 0, "cover: zero amount"
    total: uint256 = self.total_held + amount
    assert staticcall IERC20(asset).balanceOf(self) >= total, "cover: payout not received"
    self.total_held = total
    held: uint256 = self.payout_held[cover_id] + amount
    self.payout_held[cover_id] = held
    log PayoutHeld(cover_id=cover_id, owner=packing.cover_owner(head), amount=amount, held=held)


@external
def withdraw_payout(cover_id: uint256, receiver: address) -> uint256:
    """
    @notice Collect the payouts held for a cover (the asset refused to deliver
            them to its owner at payout time), sent to `receiver`. The cover's
            current owner only.
    @param receiver Where the asset can be delivered (need not be the owner).
    @return The amount sent.
    """
    assert msg.sender == self._owner_of(cover_id), "cover: caller is not the cover owner"
    assert receiver != empty(address), "cover: zero receiver"
    amount: uint256 = self.payout_held[cover_id]
    assert amount > 0, "cover: no payout held"
    self.payout_held[cover_id] = 0
    self.total_held -= amount
    assert extcall IERC20(asset).transfer(
        receiver, amount, default_return_value=True
    ), "cover: payout transfer failed"
    log PayoutWithdrawn(cover_id=cover_id, owner=msg.sender, receiver=receiver, amount=amount)
    return amount


# ---------------------------------------------------------------- views


@external
@view
def products(product_id: uint256) -> ICover.Product:
    """
    @notice A product's terms and its active cover now.
    """
    self._check_product(product_id)
    sale: packing.Sale = packing.unpack_sale(self._product_sale[product_id])
    return ICover.Product(
        name=self._product_names[product_id],
        kind=convert(sale.kind, uint8),
        annual_rate_bps=sale.annual_rate_bps,
        capacity=sale.capacity,
        waiting_period=sale.waiting_hours * HOUR,
        min_period=sale.min_days * DAY,
        max_period=sale.max_days * DAY,
        terms_hash=self._product_terms[product_id],
        paused=sale.flags & PRODUCT_PAUSED != 0,
        active=self._product_active(product_id, sale.active, sale.last_day),
    )


@external
@view
def product_kind(product_id: uint256) -> uint8:
    """
    @notice The product's kind (0 PROTOCOL, 1 PARAMETRIC, 2 CUSTODY).
    """
    self._check_product(product_id)
    return convert(packing.unpack_sale(self._product_sale[product_id]).kind, uint8)


@external
@view
def attestations(product_id: uint256) -> Attestation:
    """
    @notice The product's attestation (zero when none).
    """
    return Attestation(
        auditor=self._attestation_auditor[product_id],
        report_hash=self._attestation_report[product_id],
        valid_until=self._attestation_until[product_id],
    )


@external
@view
def is_attested(product_id: uint256) -> bool:
    """
    @notice True when the product has a live attestation (honoured to the hour, rounded down).
    """
    return self._attested(packing.unpack_sale(self._product_sale[product_id]).valid_until_hours)


@external
@view
def cover_count() -> uint256:
    """
    @notice Number of covers ever sold (ids run from 1 to this).
    """
    return staticcall ICapitalPool(pool).cover_count()


@external
@view
def covers(cover_id: uint256) -> ICover.CoverData:
    """
    @notice A cover's product, amount, start, end, premium, amount paid and owner.
    """
    head: uint256 = self._cover_head[cover_id]
    assert head != 0, "cover: unknown cover"
    owner: address = empty(address)
    product_id: uint256 = 0
    start: uint256 = 0
    end: uint256 = 0
    owner, product_id, start, end = packing.unpack_cover_head(head)
    amount: uint256 = 0
    premium: uint256 = 0
    paid: uint256 = 0
    amount, premium, paid = packing.unpack_money(self._cover_money[cover_id])
    return ICover.CoverData(
        product_id=product_id,
        amount=amount,
        start=start,
        end=end,
        premium=premium,
        paid=paid,
        owner=owner,
    )


@external
@view
def cover_product(cover_id: uint256) -> uint256:
    """
    @notice The product a cover belongs to.
    """
    head: uint256 = self._cover_head[cover_id]
    assert head != 0, "cover: unknown cover"
    return packing.cover_product(head)


@external
@view
def is_active(cover_id: uint256, at: uint256) -> bool:
    """
    @notice True when the cover protects at time `at` (start <= at <= end).
    """
    head: uint256 = self._cover_head[cover_id]
    if head == 0:
        return False
    return packing.cover_start(head) <= at and at <= packing.cover_end(head)


@external
@view
def active_cover() -> uint256:
    """
    @notice Pool-wide cover not yet expired (expires at the day boundary after its end).
    """
    return staticcall ICapitalPool(pool).active_cover()


@external
@view
def active_cover_of(product_id: uint256) -> uint256:
    """
    @notice A product's cover not yet expired.
    """
    self._check_product(product_id)
    sale: packing.Sale = packing.unpack_sale(self._product_sale[product_id])
    return self._product_active(product_id, sale.active, sale.last_day)


@external
@view
def tokenURI(token_id: uint256) -> String[640]:
    """
    @notice On-chain JSON metadata: product, amount, start, end (rendered by METADATA).
    """
    return staticcall ICoverMetadata(METADATA).token_uri(self, token_id)


@external
@view
def name() -> String[16]:
    """
    @notice ERC-721 collection name.
    """
    return NAME


@external
@view
def symbol() -> String[8]:
    """
    @notice ERC-721 collection symbol.
    """
    return SYMBOL


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165: ERC-721, its metadata extension and access control.
    """
    return interface_id in _SUPPORTED_INTERFACES


# ---------------------------------------------------------------- ERC-721


@external
@view
def balanceOf(owner: address) -> uint256:
    """
    @notice Number of covers `owner` holds.
    """
    assert owner != empty(address), "cover: zero address"
    return self._balances[owner]


@external
@view
def ownerOf(token_id: uint256) -> address:
    """
    @notice Current owner of a cover (who is paid on payout).
    """
    head: uint256 = self._cover_head[token_id]
    assert head != 0, "cover: unknown cover"
    return packing.cover_owner(head)


@external
def approve(approved: address, token_id: uint256):
    """
    @notice Approve `approved` to transfer cover `token_id`.
    """
    owner: address = self._owner_of(token_id)
    assert (
        msg.sender == owner or self.isApprovedForAll[owner][msg.sender]
    ), "cover: caller is not owner or operator"
    self.getApproved[token_id] = approved
    log Approval(owner=owner, approved=approved, token_id=token_id)


@external
def setApprovalForAll(operator: address, approved: bool):
    """
    @notice Let `operator` manage all the caller's covers.
    """
    assert operator != msg.sender, "cover: approve to caller"
    self.isApprovedForAll[msg.sender][operator] = approved
    log ApprovalForAll(owner=msg.sender, operator=operator, approved=approved)


@external
def transferFrom(owner: address, to: address, token_id: uint256):
    """
    @notice Transfer a cover; payouts follow the token.
    """
    self._transfer(owner, to, token_id)


@external
def safeTransferFrom(owner: address, to: address, token_id: uint256, data: Bytes[1_024] = b""):
    """
    @notice Transfer a cover, checking that a contract receiver accepts ERC-721 tokens.
    """
    self._transfer(owner, to, token_id)
    if to.is_contract:
        selector: bytes4 = extcall IERC721Receiver(to).onERC721Received(
            msg.sender, owner, token_id, data
        )
        assert selector == method_id(
            "onERC721Received(address,address,uint256,bytes)", output_type=bytes4
        ), "cover: receiver rejected the cover"


# ---------------------------------------------------------------- internals


@internal
def _buy(
    product_id: uint256,
    amount: uint256,
    period: uint256,
    max_premium: uint256,
    owner: address,
    renew_at: uint256,
) -> uint256:
    """
    @dev Checks (sales switch, product, attestation, trigger, bounds, capacity,
         price), then effects (product state and expiry bucket), then the
         premium goes to the pool, which books it, checks leverage and numbers
         the cover; the cover and its NFT are written last (the asset and the
         pool are trusted, and the contract is non-reentrant). A renewal
         (renew_at != 0) starts at renew_at instead of after the waiting period.
    """
    assert owner != empty(address), "cover: zero owner"
    word: uint256 = self._product_sale[product_id]
    assert word != 0, "cover: unknown product"
    sale: packing.Sale = packing.unpack_sale(word)
    active: uint256 = self._product_active(product_id, sale.active, sale.last_day)
    premium: uint256 = self._price(sale, active, amount, period)
    assert premium <= max_premium, "cover: premium above max_premium"
    if not self._attested(sale.valid_until_hours):
        # @dev Off the purchase path: only a refused sale reads why.
        assert not self.code_changed[product_id], "cover: covered code changed since attestation"
        raise "cover: no live attestation"
    if sale.kind == convert(PARAMETRIC, uint256):
        trigger: address = self.parametric
        assert trigger != empty(address), "cover: parametric trigger not configured"
        assert not staticcall IParametricTrigger(trigger).trigger_active(
            product_id
        ), "cover: trigger active: sales paused"

    start: uint256 = block.timestamp + sale.waiting_hours * HOUR
    if renew_at != 0:
        assert start <= renew_at, "cover: renewal due a waiting period before the end"
        start = renew_at
        # @dev A chain of renewals may not outrun the expiry walks (800 days ahead).
        assert (
            start + period <= block.timestamp + MAX_WAITING + MAX_PERIOD
        ), "cover: renewal ends over 760 days ahead"
    end: uint256 = start + period
    # @dev active + amount <= capacity < 2**84 was checked by _price.
    self._product_sale[product_id] = packing.set_sale_active(
        word, active + amount, block.timestamp // DAY - EPOCH_DAY
    )
    expiry_day: uint256 = (end + DAY - 1) // DAY
    # @dev product_id < MAX_PRODUCTS and expiry_day < 2**64: the key is unique.
    key: uint256 = (product_id << 64) | expiry_day
    bucket: uint256 = self._product_buckets[key]
    self._product_buckets[key] = bucket + amount
    if bucket == 0:
        # @dev Only a new bucket touches the bitmap (amount > 0 was checked by _price).
        day_bitmap.mark(product_id, expiry_day)
    assert extcall IERC20(asset).transferFrom(
        msg.sender, pool, premium, default_return_value=True
    ), "cover: premium transfer failed"
    cover_id: uint256 = extcall ICapitalPool(pool).add_premium(amount, premium, end)
    self._cover_head[cover_id] = packing.pack_cover_head(owner, product_id, start, end)
    self._cover_money[cover_id] = packing.pack_money(amount, premium, 0)
    self._balances[owner] += 1
    log Transfer(sender=empty(address), receiver=owner, token_id=cover_id)
    log CoverBought(
        cover_id=cover_id,
        product_id=product_id,
        amount=amount,
        start=start,
        end=end,
        premium=premium,
    )
    return cover_id


@internal
@view
def _quote(product_id: uint256, amount: uint256, period: uint256) -> uint256:
    self._check_product(product_id)
    sale: packing.Sale = packing.unpack_sale(self._product_sale[product_id])
    return self._price(
        sale, self._product_active(product_id, sale.active, sale.last_day), amount, period
    )


@internal
@pure
def _price(sale: packing.Sale, active: uint256, amount: uint256, period: uint256) -> uint256:
    """
    @dev Validates a purchase and prices it. Premium = amount x rate x period /
         (MAX_BPS x YEAR), where rate = annual_rate_bps x (1 + surge) and surge
         grows linearly from 0 at 80% utilization after the purchase to 1 at 100%.
         The surge is kept exact (no rounding of utilization to whole bps) and
         there is one ceiling division, so rounding always favours the pool.
    """
    assert sale.flags & SALES_PAUSED == 0, "cover: sales paused"
    assert sale.flags & PRODUCT_PAUSED == 0, "cover: product paused"
    assert amount > 0, "cover: zero amount"
    assert period >= sale.min_days * DAY, "cover: period below product minimum"
    assert period <= sale.max_days * DAY, "cover: period above product maximum"
    after: uint256 = active + amount
    assert after <= sale.capacity, "cover: product capacity exceeded"
    # @dev amount < 2**84 (<= capacity), rate < 2**14 and period <= 730 days < 2**26:
    # the product is < 2**124.
    numerator: uint256 = unsafe_mul(unsafe_mul(amount, sale.annual_rate_bps), period)
    denominator: uint256 = MAX_BPS * YEAR
    if after * MAX_BPS > sale.capacity * SURGE_START_BPS:
        # @dev 1 + (after / capacity - 80%) / 20% = (after x 10000 - capacity x 6000)
        # / (capacity x 2000), the subtraction safe as after x 10000 > capacity x 8000;
        # after, capacity < 2**84: numerator < 2**124 x 2**98,
        # denominator < 2**39 x 2**84 x 2**11.
        numerator = unsafe_mul(
            numerator, unsafe_sub(after * MAX_BPS, sale.capacity * (2 * SURGE_START_BPS - MAX_BPS))
        )
        denominator = unsafe_mul(denominator, unsafe_mul(sale.capacity, MAX_BPS - SURGE_START_BPS))
    return unsafe_div(unsafe_add(numerator, denominator - 1), denominator)


@internal
@view
def _product_active(product_id: uint256, active: uint256, last_day: uint256) -> uint256:
    """
    @dev A product's active cover now: the stored figure less the expiry buckets
         of the days passed since it was written (last_day counts from the
         epoch day). Over more than one day the product's day bitmap names the
         days that have a bucket and the others are skipped (one boundary: its
         bucket is read directly, as cheap as the bitmap word). Stops when
         nothing is active, so the walk is at most one cover's life long.
    """
    remaining: uint256 = active
    today: uint256 = block.timestamp // DAY
    day: uint256 = EPOCH_DAY + last_day + 1
    skip: bool = day < today
    for _: uint256 in range(MAX_PRODUCT_STEPS):
        if remaining == 0 or day > today:
            break
        if skip:
            marked: bool = False
            day, marked = day_bitmap.next_marked(product_id, day)
            if not marked or day > today:
                continue
        remaining -= self._product_buckets[(product_id << 64) | day]
        day += 1
    return remaining


@internal
@view
def _attested(valid_until_hours: uint256) -> bool:
    return EPOCH_DAY * DAY + valid_until_hours * HOUR > block.timestamp


@internal
def _set_valid_until(product_id: uint256, valid_until: uint256):
    """
    @dev Exact expiry for views; the sale slot keeps it to the hour, rounded
         down, so an attestation is never honoured past its end.
    """
    self._attestation_until[product_id] = valid_until
    hours: uint256 = 0
    if valid_until > EPOCH_DAY * DAY:
        hours = (valid_until - EPOCH_DAY * DAY) // HOUR
    sale: packing.Sale = packing.unpack_sale(self._product_sale[product_id])
    sale.valid_until_hours = hours
    self._product_sale[product_id] = packing.pack_sale(sale)


@internal
def _write_product(product_id: uint256, annual_rate_bps: uint256, capacity: uint256, paused: bool):
    sale: packing.Sale = packing.unpack_sale(self._product_sale[product_id])
    sale.annual_rate_bps = annual_rate_bps
    sale.capacity = capacity
    sale.flags = (sale.flags & SALES_PAUSED) | convert(paused, uint256) * PRODUCT_PAUSED
    self._product_sale[product_id] = packing.pack_sale(sale)
    log ProductUpdated(
        product_id=product_id, annual_rate_bps=annual_rate_bps, capacity=capacity, paused=paused
    )


@internal
@view
def _sales_flag() -> uint256:
    return convert(self.sales_paused, uint256) * SALES_PAUSED


@internal
@view
def _check_product(product_id: uint256):
    assert product_id < self.product_count, "cover: unknown product"


@internal
@pure
def _check_rate_capacity(annual_rate_bps: uint256, capacity: uint256):
    assert annual_rate_bps > 0, "cover: zero rate"
    assert annual_rate_bps <= MAX_BPS, "cover: rate above 100% a year"
    assert capacity > 0, "cover: zero capacity"
    assert capacity < 2**84, "cover: capacity too large"


@internal
@pure
def _check_name(name_: String[64]):
    """
    @dev Names go verbatim into tokenURI JSON: printable ASCII without quotes or backslashes.
    """
    raw: Bytes[64] = convert(name_, Bytes[64])
    for i: uint256 in range(64):
        if i >= len(raw):
            break
        c: uint256 = convert(slice(raw, i, 1), uint256)
        assert c >= 32 and c < 127 and c != 34 and c != 92, "cover: name has characters not allowed"


@internal
@view
def _check_guardian():
    assert (
        access_control.hasRole[GUARDIAN_ROLE][msg.sender]
        or access_control.hasRole[access_control.DEFAULT_ADMIN_ROLE][msg.sender]
    ), "cover: caller is not guardian"


@internal
@view
def _owner_of(token_id: uint256) -> address:
    head: uint256 = self._cover_head[token_id]
    assert head != 0, "cover: unknown cover"
    return packing.cover_owner(head)


@internal
def _transfer(owner: address, to: address, token_id: uint256):
    head: uint256 = self._cover_head[token_id]
    assert head != 0, "cover: unknown cover"
    current: address = packing.cover_owner(head)
    assert current == owner, "cover: transfer from incorrect owner"
    assert to != empty(address), "cover: transfer to zero address"
    assert (
        msg.sender == owner
        or self.isApprovedForAll[owner][msg.sender]
        or self.getApproved[token_id] == msg.sender
    ), "cover: caller is not owner nor approved"
    self.getApproved[token_id] = empty(address)
    self._balances[owner] -= 1
    self._balances[to] += 1
    self._cover_head[token_id] = packing.set_cover_owner(head, to)
    log Transfer(sender=owner, receiver=to, token_id=token_id)
