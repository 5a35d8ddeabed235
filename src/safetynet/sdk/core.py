"""Pool and cover operations: what underwriters, buyers, governance and auditors do."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import boa
from eth_account import Account
from eth_utils import keccak

from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError

DAY = 86_400
HOUR = 3_600
MAX_UINT = 2**256 - 1
KINDS = {"protocol": 0, "parametric": 1, "custody": 2}
KIND_NAMES = {v: k for k, v in KINDS.items()}
# SDK defaults for a new product (SPEC §3.2).
DEFAULT_MIN_PERIOD = 7 * DAY
DEFAULT_MAX_PERIOD = 365 * DAY
DEFAULT_WAITING = {0: DAY, 1: DAY, 2: DAY}
# Every product's wording excludes these (SPEC §3.2); the terms hash commits to it.
EXCLUSIONS = "rug pulls, fake tokens, scams and phishing are excluded"

T = TypeVar("T")
_REASON = re.compile(
    r"\b((?:pool|cover|claims|parametric|packing|feed|snet|erc20)"
    r": [a-z0-9][^\"'\n\r<>]*?)(?:['\"\n\r<>]|$)"
)


def revert_reason(exc: BaseException) -> str | None:
    """The contract's revert reason in a titanoboa error, if it carries one."""
    match = _REASON.search(str(exc))
    return match.group(1).strip() if match else None


def transact(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a contract function; a revert becomes a SafetyNetError with its reason."""
    try:
        return fn(*args, **kwargs)
    except SafetyNetError:
        raise
    except Exception as exc:
        reason = revert_reason(exc)
        if reason is None:
            raise
        raise SafetyNetError(f"refused by the contract: {reason}") from exc


@contextmanager
def acting_as(sender: str | None) -> Iterator[str]:
    """Send the enclosed transactions from `sender` (default: the current account)."""
    if sender is None or str(sender).lower() == str(boa.env.eoa).lower():
        yield str(boa.env.eoa)
        return
    with boa.env.prank(sender):
        yield str(sender)


# ------------------------------------------------------------------------------ pool


@dataclass(frozen=True)
class PoolState:
    """A snapshot of the pool, in smallest units (share_price: assets per whole share)."""

    asset_symbol: str
    asset_decimals: int
    total_assets: int
    unearned_premium: int
    fees_owed: int
    balance: int
    total_supply: int
    share_price: int
    active_cover: int
    locked_capital: int
    open_claims: int
    max_leverage_bps: int
    cover_count: int
    timestamp: int

    @property
    def utilization_bps(self) -> int:
        if self.total_assets == 0:
            return 0
        return self.locked_capital * 10_000 // self.total_assets

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["utilization_bps"] = self.utilization_bps
        return data


def pool_state(p: Protocol) -> PoolState:
    """Read the pool's capital, premium and cover figures."""
    pool = p.pool
    return PoolState(
        asset_symbol=p.asset.symbol(),
        asset_decimals=p.asset.decimals(),
        total_assets=pool.totalAssets(),
        unearned_premium=pool.unearned_premium(),
        fees_owed=pool.fees_owed(),
        balance=p.asset.balanceOf(pool.address),
        total_supply=pool.totalSupply(),
        share_price=pool.share_price(),
        active_cover=pool.active_cover(),
        locked_capital=pool.locked_capital(),
        open_claims=pool.open_claims(),
        max_leverage_bps=pool.max_leverage_bps(),
        cover_count=pool.cover_count(),
        timestamp=int(boa.env.evm.patch.timestamp),
    )


def position(p: Protocol, owner: str) -> dict[str, int]:
    """An underwriter's shares, their value, pending request and what can be withdrawn now."""
    shares = p.pool.balanceOf(owner)
    requested, ready_at, expires_at = p.pool.withdrawal_request(owner)
    return {
        "shares": shares,
        "assets": p.pool.convertToAssets(shares),
        "requested_shares": requested,
        "ready_at": ready_at,
        "expires_at": expires_at,
        "max_withdraw": p.pool.maxWithdraw(owner),
        "max_redeem": p.pool.maxRedeem(owner),
    }


def approve_if_needed(p: Protocol, owner: str, spender: str, amount: int) -> None:
    """Approve `spender` for the pool asset when the allowance is short."""
    if p.asset.allowance(owner, spender) < amount:
        with acting_as(owner):
            transact(p.asset.approve, spender, MAX_UINT)


def _require_positive(amount: int, what: str) -> None:
    if amount <= 0:
        raise SafetyNetError(f"{what} must be greater than zero")


def _require_balance(p: Protocol, owner: str, amount: int) -> None:
    balance = p.asset.balanceOf(owner)
    if balance < amount:
        from safetynet.units import fmt_units

        d, symbol = p.asset.decimals(), p.asset.symbol()
        raise SafetyNetError(
            f"{owner} holds {fmt_units(balance, d)} {symbol} but needs {fmt_units(amount, d)} "
            f"{symbol}: top it up (local chains: `safetynet dev mint`)"
        )


def deposit(p: Protocol, amount: int, sender: str | None = None) -> int:
    """Deposit `amount` of the asset into the pool; returns shares minted."""
    _require_positive(amount, "deposit amount")
    with acting_as(sender) as who:
        _require_balance(p, who, amount)
        approve_if_needed(p, who, p.pool.address, amount)
        return transact(p.pool.deposit, amount, who)


def request_withdrawal(p: Protocol, shares: int, sender: str | None = None) -> tuple[int, int]:
    """Start the cooldown for `shares`; returns (ready_at, expires_at)."""
    with acting_as(sender) as who:
        transact(p.pool.request_withdrawal, shares)
        _, ready_at, expires_at = p.pool.withdrawal_request(who)
        return ready_at, expires_at


def cancel_withdrawal(p: Protocol, sender: str | None = None) -> None:
    """Drop the pending withdrawal request."""
    with acting_as(sender):
        transact(p.pool.cancel_withdrawal)


def withdraw(p: Protocol, amount: int, sender: str | None = None) -> int:
    """Withdraw exactly `amount` of the asset after the cooldown; returns shares burned."""
    _require_positive(amount, "withdrawal amount")
    with acting_as(sender) as who:
        return transact(p.pool.withdraw, amount, who, who)


def redeem(p: Protocol, shares: int | None = None, sender: str | None = None) -> int:
    """Redeem `shares` (default: all that can be redeemed now); returns assets paid."""
    with acting_as(sender) as who:
        if shares is None:
            shares = p.pool.maxRedeem(who)
            if shares == 0:
                raise SafetyNetError(
                    "nothing to redeem now: request a withdrawal and wait for the cooldown"
                )
        return transact(p.pool.redeem, shares, who, who)


# ------------------------------------------------------------------------------ products


@dataclass(frozen=True)
class ProductInfo:
    """A product as listed on Cover, with its attestation."""

    product_id: int
    name: str
    kind: str
    annual_rate_bps: int
    capacity: int
    active: int
    waiting_period: int
    min_period: int
    max_period: int
    paused: bool
    terms_hash: str
    attested: bool
    auditor: str
    valid_until: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def terms_hash(name: str, wording: str = "") -> bytes:
    """keccak256 of a product's cover wording, which always carries the exclusions."""
    return keccak(text=f"SafetyNet cover wording for {name}. {wording} {EXCLUSIONS}.")


def add_product(
    p: Protocol,
    name: str,
    kind: int | str,
    annual_rate_bps: int,
    capacity: int,
    *,
    waiting_period: int | None = None,
    min_period: int = DEFAULT_MIN_PERIOD,
    max_period: int = DEFAULT_MAX_PERIOD,
    wording: str = "",
    sender: str | None = None,
) -> int:
    """List a product (governance). Defaults per SPEC: 7-365 days, 1 day waiting for every kind."""
    kind_id = KINDS.get(kind, -1) if isinstance(kind, str) else int(kind)
    if kind_id not in KIND_NAMES:
        raise SafetyNetError(f"unknown product kind {kind!r}: use {', '.join(KINDS)}")
    waiting = DEFAULT_WAITING[kind_id] if waiting_period is None else waiting_period
    with acting_as(sender or p.admin):
        return transact(
            p.cover.add_product,
            name,
            kind_id,
            annual_rate_bps,
            capacity,
            waiting,
            min_period,
            max_period,
            terms_hash(name, wording),
        )


def attest(
    p: Protocol, product_id: int, report: str | bytes, valid_for: int, sender: str | None = None
) -> None:
    """Attest a product (auditor): `report` is hashed; live for `valid_for` seconds from now."""
    report_hash = keccak(report if isinstance(report, bytes) else report.encode())
    with acting_as(sender):
        transact(
            p.cover.attest, product_id, report_hash, int(boa.env.evm.patch.timestamp) + valid_for
        )


def product(p: Protocol, product_id: int) -> ProductInfo:
    """One product by id."""
    raw = transact(p.cover.products, product_id)
    att = p.cover.attestations(product_id)
    return ProductInfo(
        product_id=product_id,
        name=raw.name,
        kind=KIND_NAMES.get(raw.kind, str(raw.kind)),
        annual_rate_bps=raw.annual_rate_bps,
        capacity=raw.capacity,
        active=raw.active,
        waiting_period=raw.waiting_period,
        min_period=raw.min_period,
        max_period=raw.max_period,
        paused=raw.paused,
        terms_hash="0x" + bytes(raw.terms_hash).hex(),
        attested=p.cover.is_attested(product_id),
        auditor=str(att.auditor),
        valid_until=att.valid_until,
    )


def _require_trigger_quiet(p: Protocol, product_id: int) -> None:
    """Parametric cover is not sold while its trigger is active; say so before an approve."""
    if p.parametric is None or product(p, product_id).kind != "parametric":
        return
    if p.parametric.trigger_active(product_id):
        raise SafetyNetError(
            "refused before sending: cover: trigger active: sales paused (the product's feed "
            f"is below its threshold; product {product_id} is sold again once it recovers)"
        )


def _require_whole_days(period: int) -> None:
    if period <= 0 or period % DAY:
        raise SafetyNetError(
            f"cover period {period} s is not a whole number of days ({period / DAY:g} d): "
            "buy whole days, e.g. 7, 30 or 365"
        )


def products(p: Protocol) -> list[ProductInfo]:
    """Every listed product."""
    return [product(p, i) for i in range(p.cover.product_count())]


def quote(p: Protocol, product_id: int, amount: int, period: int) -> int:
    """Premium for `amount` of cover over `period` seconds bought now (the contract's own math).
    Periods are whole days: the contract would round a fraction away, so it is refused here."""
    _require_positive(amount, "cover amount")
    _require_whole_days(period)
    return transact(p.cover.quote, product_id, amount, period)


def buy_cover(
    p: Protocol,
    product_id: int,
    amount: int,
    period: int,
    *,
    owner: str | None = None,
    max_premium: int | None = None,
    sender: str | None = None,
) -> int:
    """Buy cover; the premium may not exceed `max_premium` (default: the quote). Returns the id."""
    premium = quote(p, product_id, amount, period)  # refuses paused products and sales
    limit = premium if max_premium is None else max_premium
    _require_trigger_quiet(p, product_id)
    with acting_as(sender) as who:
        _require_balance(p, who, premium)
        approve_if_needed(p, who, p.cover.address, premium)
        return transact(p.cover.buy_cover, product_id, amount, period, limit, owner or who)


def sign_permit(
    token: Any, key: Any, spender: str, value: int, deadline: int, nonce: int | None = None
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit signed with `key` over `token`'s EIP-712 domain (version "1");
    returns (v, r, s) for `permit` or Cover.buy_cover_with_permit."""
    owner = Account.from_key(key).address
    data = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {
            "name": token.name(),
            "version": "1",
            "chainId": int(boa.env.evm.patch.chain_id),
            "verifyingContract": str(token.address),
        },
        "message": {
            "owner": owner,
            "spender": str(spender),
            "value": value,
            "nonce": token.nonces(owner) if nonce is None else nonce,
            "deadline": deadline,
        },
    }
    signed = Account.sign_typed_data(key, full_message=data)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


# ------------------------------------------------------------------------------ covers


@dataclass(frozen=True)
class CoverInfo:
    """A cover NFT and its terms, judged at the chain's current time: `status` is waiting
    (bought, waiting period running), active, paid out (nothing left to pay) or expired;
    `active` is status == "active"; `payable` what it can still pay (amount - paid)."""

    cover_id: int
    product_id: int
    owner: str
    amount: int
    premium: int
    start: int
    end: int
    paid: int
    active: bool
    status: str = ""
    payable: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cover_status(start: int, end: int, amount: int, paid: int, now: int) -> str:
    """waiting | active | paid out | expired, at chain time `now`."""
    if paid >= amount:
        return "paid out"
    if now < start:
        return "waiting"
    if now > end:
        return "expired"
    return "active"


def cover(p: Protocol, cover_id: int) -> CoverInfo:
    """One cover by id."""
    raw = transact(p.cover.covers, cover_id)
    now = int(boa.env.evm.patch.timestamp)
    return CoverInfo(
        cover_id=cover_id,
        product_id=raw.product_id,
        owner=str(raw.owner),
        amount=raw.amount,
        premium=raw.premium,
        start=raw.start,
        end=raw.end,
        paid=raw.paid,
        active=cover_status(raw.start, raw.end, raw.amount, raw.paid, now) == "active",
        status=cover_status(raw.start, raw.end, raw.amount, raw.paid, now),
        payable=max(raw.amount - raw.paid, 0),
    )


def covers(p: Protocol, owner: str | None = None, product_id: int | None = None) -> list[CoverInfo]:
    """Covers, optionally only those held by `owner` or on one product."""
    found = []
    for cover_id in range(1, p.pool.cover_count() + 1):
        info = cover(p, cover_id)
        if owner is not None and info.owner.lower() != owner.lower():
            continue
        if product_id is not None and info.product_id != product_id:
            continue
        found.append(info)
    return found
