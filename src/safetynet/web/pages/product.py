"""Product page: the wording in plain language, exclusions and why, the proof-of-loss
checklist, the risk report, incidents, the calculator (htmx, no wallet needed) and the buy
form the wallet module drives."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet.errors import SafetyNetError
from safetynet.units import DAY, to_units
from safetynet.web import catalogue
from safetynet.web.catalogue import (
    MarketProduct,
    find_product,
)
from safetynet.web.context import ChainSource
from safetynet.web.history import product_claims, product_incidents
from safetynet.web.render import CHAIN_ERRORS, error_page, is_fragment, page, source
from safetynet.web.wording import CHECKLIST, COVERED, EXCLUSIONS

router = APIRouter()

DEFAULT_AMOUNT = "1000"
DEFAULT_DAYS = 30


def parse_product_id(text: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise LookupError(f"there is no product {text!r}: product ids are whole numbers")
    return int(text)


def parse_days(text: str | int, product: MarketProduct) -> int:
    low, high = product.info.min_period // DAY, product.info.max_period // DAY
    raw = str(text).strip()
    if not raw.isdigit():
        raise SafetyNetError(f"period {raw!r}: enter a whole number of days ({low} to {high})")
    days = int(raw)
    if not low <= days <= high:
        raise SafetyNetError(f"period: this product sells {low} to {high} days, not {days}")
    return days


def listed_product(src: ChainSource, block: int, product_id: str) -> MarketProduct:
    """The product as the market shows it at `block` (read once per block); LookupError
    when there is no such product."""
    p = src.deployment()
    return src.cached(
        block, f"product:{product_id}", lambda: find_product(p, parse_product_id(product_id))
    )


def calculate(request: Request, product: MarketProduct, amount: str, days: str | int) -> dict:
    """The calculator's answer: a quote with its breakdown, or the reason there is none."""
    src = source(request)
    config = src.page_config()
    try:
        value = to_units(amount, config["decimals"], what="amount")
        if value <= 0:
            raise SafetyNetError("amount: enter an amount of cover above zero")
        period_days = parse_days(days, product)
        q = catalogue.quote(src.deployment(), product, value, period_days * DAY)
    except SafetyNetError as exc:
        return {"quote": None, "error": catalogue.quote_error(exc), "amount": amount, "days": days}
    return {"quote": q, "error": None, "amount": amount, "days": period_days}


@router.get("/products/{product_id}", response_class=HTMLResponse, include_in_schema=False)
def product_page(
    request: Request, product_id: str, amount: str = DEFAULT_AMOUNT, days: str = ""
) -> HTMLResponse:
    src = source(request)
    try:
        block = src.block()
        product = listed_product(src, block, product_id)
        incidents = src.cached(
            block,
            f"incidents:{product_id}",
            lambda: product_incidents(src.deployment(), product.info.product_id),
        )
        calc = calculate(
            request, product, amount, days or max(DEFAULT_DAYS, product.info.min_period // DAY)
        )
        config = src.page_config()
    except LookupError as exc:
        return error_page(request, 404, "No such product", f"{exc}; see the markets")
    except CHAIN_ERRORS as exc:
        return error_page(request, 503, "The chain is not reachable", str(exc))
    context = {
        "product": product,
        "covered": COVERED.get(product.info.kind, ()),
        "exclusions": EXCLUSIONS,
        "checklist": CHECKLIST.get(product.info.kind, ()),
        "incidents": incidents,
        "claims": product_claims(request.app.state, product.info.product_id),
        "decimals": config["decimals"],
        "symbol": config["symbol"],
        **calc,
    }
    return page(request, "product.html", context, block=block)


@router.get("/products/{product_id}/quote", response_class=HTMLResponse, include_in_schema=False)
def quote_fragment(
    request: Request, product_id: str, amount: str = "", days: str = ""
) -> HTMLResponse:
    src = source(request)
    try:
        block = src.block()
        product = listed_product(src, block, product_id)
        config = src.page_config()
        calc = calculate(request, product, amount, days)
    except LookupError as exc:
        return error_page(request, 404, "No such product", str(exc))
    except CHAIN_ERRORS as exc:
        return error_page(request, 503, "The chain is not reachable", str(exc))
    context = {"product": product, "decimals": config["decimals"], "symbol": config["symbol"]}
    status = 200 if calc["error"] is None else 422
    template = "partials/quote.html" if is_fragment(request) else "quote_page.html"
    return page(request, template, {**context, **calc}, status_code=status, block=block)
