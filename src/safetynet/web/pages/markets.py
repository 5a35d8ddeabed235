"""Markets: every product with its kind, rate, capacity left, risk tier and red flags,
attestation and waiting period; filtered by kind and tier (htmx swaps the list; without
JavaScript the same form reloads the page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet.sdk.products import KINDS
from safetynet.web.catalogue import KIND_WORDS, TIER_WORDS, TIERS, filter_market, market
from safetynet.web.render import CHAIN_ERRORS, error_page, is_fragment, page, source

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/markets", response_class=HTMLResponse, include_in_schema=False)
def markets(request: Request, kind: str = "", tier: str = "") -> HTMLResponse:
    kind, tier = kind.strip().lower(), tier.strip().upper()
    if kind and kind not in KINDS:
        return error_page(
            request, 422, "Unknown kind", f"kind must be one of {', '.join(KINDS)} (or empty)"
        )
    if tier and tier not in TIERS:
        return error_page(
            request, 422, "Unknown tier", f"tier must be one of {', '.join(TIERS)} (or empty)"
        )
    src = source(request)
    try:
        block = src.block()
        items = src.cached(block, "market", lambda: market(src.deployment()))
        config = src.page_config()
    except CHAIN_ERRORS as exc:
        return error_page(request, 503, "The chain is not reachable", str(exc))
    context = {
        "products": filter_market(items, kind or None, tier or None),
        "total": len(items),
        "kind": kind,
        "tier": tier,
        "kinds": KINDS,
        "kind_words": KIND_WORDS,
        "tiers": TIERS,
        "tier_words": TIER_WORDS,
        "decimals": config["decimals"],
        "symbol": config["symbol"],
    }
    template = "partials/market_list.html" if is_fragment(request) else "markets.html"
    return page(request, template, context, block=block)
