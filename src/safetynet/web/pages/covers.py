"""The receipt of a cover NFT: what was bought, when it starts and ends, what it paid."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet import chain, sdk
from safetynet.web.catalogue import find_product
from safetynet.web.render import CHAIN_ERRORS, error_page, page, source

router = APIRouter()


@router.get("/covers/{cover_id}", response_class=HTMLResponse, include_in_schema=False)
def cover_receipt(request: Request, cover_id: str) -> HTMLResponse:
    src = source(request)
    try:
        block = src.block()
        p = src.deployment()
        count = int(p.cover.cover_count())
        if not cover_id.isdigit() or not 1 <= int(cover_id) <= count:
            return error_page(
                request, 404, "No such cover",
                f"there is no cover {cover_id!r}: covers are numbered 1 to {count}",
            )  # fmt: skip
        info = sdk.cover(p, int(cover_id))
        product = find_product(p, info.product_id)
        config = src.page_config()
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
