"""Kept so `from safetynet.sdk.core import X` goes on working: the SDK's calls now live in
one module per domain (pool, products, covers, permit, transactions, accounts)."""

from safetynet.sdk.covers import (
    CoverInfo,
    _require_trigger_quiet,
    _require_whole_days,
    buy_cover,
    cover,
    cover_status,
    covers,
    quote,
)
from safetynet.sdk.permit import sign_permit
from safetynet.sdk.pool import (
    PoolState,
    cancel_withdrawal,
    deposit,
    pool_state,
    position,
    redeem,
    request_withdrawal,
    withdraw,
)
from safetynet.sdk.products import (
    DAY,
    DEFAULT_MAX_PERIOD,
    DEFAULT_MIN_PERIOD,
    DEFAULT_WAITING,
    EXCLUSIONS,
    HOUR,
    KIND_NAMES,
    KINDS,
    ProductInfo,
    add_product,
    attest,
    product,
    products,
    terms_hash,
)
from safetynet.sdk.transactions import (
    MAX_UINT,
    acting_as,
    approve_if_needed,
    revert_reason,
    transact,
)
from safetynet.sdk.transactions import require_balance as _require_balance
from safetynet.sdk.transactions import require_positive as _require_positive

__all__ = [
    "DAY", "DEFAULT_MAX_PERIOD", "DEFAULT_MIN_PERIOD", "DEFAULT_WAITING", "EXCLUSIONS",
    "HOUR", "KINDS", "KIND_NAMES", "MAX_UINT", "CoverInfo", "PoolState", "ProductInfo",
    "_require_balance", "_require_positive", "_require_trigger_quiet", "_require_whole_days",
    "acting_as", "add_product", "approve_if_needed", "attest", "buy_cover",
    "cancel_withdrawal", "cover", "cover_status", "covers", "deposit", "pool_state",
    "position", "product", "products", "quote", "redeem", "request_withdrawal",
    "revert_reason", "sign_permit", "terms_hash", "transact", "withdraw",
]  # fmt: skip
