"""The one SafetyNet client: CLI, keeper, API and tests all call these functions.

Amounts are integers in the pool asset's smallest unit; times are unix seconds. One module
per domain: pool, products, covers, permit, transactions, accounts, settlement (and claims,
parametric, governance as subpackages of their own). Importing the SDK is cheap: titanoboa
is loaded only when a call first needs the chain.
"""

from safetynet.chain import revert_reason
from safetynet.sdk.accounts import (
    asset_balance,
    asset_decimals,
    asset_symbol,
    eth_balance,
    fund_dev_account,
    grant_role,
    has_role,
    mint_asset,
    role_id,
    snet_balance,
    transfer_snet,
)
from safetynet.sdk.covers import CoverInfo, buy_cover, cover, cover_status, covers, quote
from safetynet.sdk.permit import sign_permit
from safetynet.sdk.pool import (
    PoolState,
    cancel_withdrawal,
    cover_count,
    deposit,
    pool_state,
    position,
    redeem,
    request_withdrawal,
    share_decimals,
    shares_for_amount,
    shares_of,
    shares_value,
    withdraw,
    withdrawal_request,
)
from safetynet.sdk.products import (
    ProductInfo,
    add_product,
    attest,
    product,
    products,
    terms_hash,
    trigger_active,
)
from safetynet.sdk.quotes import QuoteBreakdown, quote_breakdown
from safetynet.sdk.settlement import Settlement, claim_due_at, settle_due_claims
from safetynet.sdk.transactions import acting_as, approve_if_needed, transact

__all__ = [
    "CoverInfo",
    "PoolState",
    "ProductInfo",
    "QuoteBreakdown",
    "Settlement",
    "acting_as",
    "add_product",
    "approve_if_needed",
    "asset_balance",
    "asset_decimals",
    "asset_symbol",
    "attest",
    "buy_cover",
    "cancel_withdrawal",
    "claim_due_at",
    "cover",
    "cover_count",
    "cover_status",
    "covers",
    "deposit",
    "eth_balance",
    "fund_dev_account",
    "grant_role",
    "has_role",
    "mint_asset",
    "pool_state",
    "position",
    "product",
    "products",
    "quote",
    "quote_breakdown",
    "redeem",
    "request_withdrawal",
    "revert_reason",
    "role_id",
    "settle_due_claims",
    "share_decimals",
    "shares_for_amount",
    "shares_of",
    "shares_value",
    "sign_permit",
    "snet_balance",
    "terms_hash",
    "transact",
    "transfer_snet",
    "trigger_active",
    "withdraw",
    "withdrawal_request",
]
