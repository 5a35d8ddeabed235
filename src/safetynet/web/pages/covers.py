"""The receipt of a cover NFT (what was bought, when it starts and ends, what it paid) and
the renew form's price field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet import chain, sdk
from safetynet.errors import SafetyNetError
from safetynet.web.catalogue import MAX_BPS, find_product, quote_error
from safetynet.web.render import CHAIN_ERRORS, error_page, page, plain, source

router = APIRouter()

# The renew form's "Pay at most" is the quote plus this much (the buy form's default
# tolerance): the price may move a little before the renewal is mined.
RENEW_TOLERANCE_BPS = 100


class NoSuchCover(LookupError):
    pass


def find_cover(p: Any, cover_id: str) -> sdk.CoverInfo:
    """The cover `cover_id` names (as typed in a URL), or NoSuchCover saying why not."""
    count = int(p.cover.cover_count())
    if not cover_id.isdigit() or not 1 <= int(cover_id) <= count:
        raise NoSuchCover(f"there is no cover {cover_id!r}: covers are numbered 1 to {count}")
    return sdk.cover(p, int(cover_id))


@router.get("/covers/{cover_id}", response_class=HTMLResponse, include_in_schema=False)
def cover_receipt(request: Request, cover_id: str) -> HTMLResponse:
    src = source(request)
    try:
        block = src.block()
        p = src.deployment()
        info = find_cover(p, cover_id)
        product = find_product(p, info.product_id)
        config = src.page_config()
    except NoSuchCover as exc:
        return error_page(request, 404, "No such cover", str(exc))
    except CHAIN_ERRORS as exc:
        return error_page(request, 503, "The chain is not reachable", str(exc))
    context = {
        "cover": info,
        "product": product,
        "now": chain.now(),
        "decimals": config["decimals"],
        "symbol": config["symbol"],
    }
    return page(request, "cover.html", context, block=block)


@router.get("/covers/{cover_id}/renew-quote", response_class=HTMLResponse, include_in_schema=False)
def renew_quote(request: Request, cover_id: str, period: str = "") -> HTMLResponse:
    """The renew form's "Pay at most" field, filled with today's quote for the follow-on
    cover plus RENEW_TOLERANCE_BPS (htmx swaps it in when the form loads and when the period
    changes); a quote the contract refuses leaves the field empty and says why."""
    if not period.isdigit():
        return error_page(
            request, 422, "Not a period", f"period {period!r}: a whole number of seconds"
        )
    src = source(request)
    try:
        p = src.deployment()
        config = src.page_config()
        info = find_cover(p, cover_id)
        context: dict[str, object] = {"cover_id": info.cover_id, "max_text": "", "premium": None}
        try:
            premium = sdk.quote(p, info.product_id, info.amount, int(period))
        except SafetyNetError as exc:
            context["error"] = quote_error(exc)
        else:
            limit = -(-premium * (MAX_BPS + RENEW_TOLERANCE_BPS) // MAX_BPS)  # rounded up
            context |= {
                "premium": premium,
                "max_text": plain(limit, config["decimals"]),
                "tolerance_bps": RENEW_TOLERANCE_BPS,
            }
    except NoSuchCover as exc:
        return error_page(request, 404, "No such cover", str(exc))
    except CHAIN_ERRORS as exc:
        return error_page(request, 503, "The chain is not reachable", str(exc))
    context |= {"decimals": config["decimals"], "symbol": config["symbol"]}
    return page(request, "partials/renew_max.html", context)
