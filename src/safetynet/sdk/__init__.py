"""The one SafetyNet client: CLI, keeper, API and tests all call these functions.

Amounts are integers in the pool asset's smallest unit; times are unix seconds.
"""

from safetynet.sdk.core import (
    CoverInfo,
    PoolState,
    ProductInfo,
    acting_as,
    add_product,
    approve_if_needed,
    attest,
    buy_cover,
    cancel_withdrawal,
    cover,
    covers,
    deposit,
    pool_state,
    position,
    product,
    products,
    quote,
    redeem,
    request_withdrawal,
    terms_hash,
    transact,
    withdraw,
)

__all__ = [
    "CoverInfo",
    "PoolState",
    "ProductInfo",
    "acting_as",
    "add_product",
    "approve_if_needed",
    "attest",
    "buy_cover",
    "cancel_withdrawal",
    "cover",
    "covers",
    "deposit",
    "pool_state",
    "position",
    "product",
    "products",
    "quote",
    "redeem",
    "request_withdrawal",
    "terms_hash",
    "transact",
    "withdraw",
]
