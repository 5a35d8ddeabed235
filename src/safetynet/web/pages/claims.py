"""File a claim (choose the cover, amount, incident time in local time checked against the
cover's window, a covered cause — excluded causes listed with why — and an evidence file
hashed in the browser), and a claim's own public page (timeline, votes, settle when due)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet import chain
from safetynet.api import queries
from safetynet.api.errors import NotFound
from safetynet.sdk.claims import CAUSE_NAMES, CAUSE_TITLES, EXCLUDED
from safetynet.web.account import cause_title
from safetynet.web.context import ChainSource
from safetynet.web.pages.account import ADDRESS, not_an_address
from safetynet.web.records import product_labels, read
from safetynet.web.render import error_page, record_page

router = APIRouter()

COVERED_CAUSES = tuple(code for code in sorted(CAUSE_NAMES) if code not in EXCLUDED)
CAUSE_HELP = {
    0: "A bug in the covered protocol's code was used to take funds.",
    1: "A price feed the protocol relies on was pushed off the market to drain it.",
    2: "The protocol's economics were gamed (flash-loan attacks, bad liquidations) in ways "
    "its code allowed.",
    3: "The custodian stopped withdrawals or lost the funds it held for you.",
}


def claimable(session, account: str, now: int) -> list[queries.CoverOut]:
    """The account's covers a claim can be filed on now (not parametric, started, something
    still payable, no open claim, before the claim deadline); the newest LIST_LIMIT."""
    from safetynet.web.account import LIST_LIMIT

    kinds = {pid: label.kind for pid, label in product_labels(session).items()}
    return [
        c
        for c in queries.covers(session, owner=account, limit=LIST_LIMIT).items
        if kinds.get(c.product_id) != "parametric"
        and c.remaining > 0
        and c.start < now <= c.claim_deadline
        and c.open_claim_id is None
    ]


@router.get("/claims/new", response_class=HTMLResponse, include_in_schema=False)
def file_claim(request: Request, cover: str = "", account: str = "") -> HTMLResponse:
    if account and not ADDRESS.match(account):
        return not_an_address(request, f"account {account!r}")
    if cover and not cover.isdigit():
        return error_page(request, 422, "No such cover", f"cover {cover!r} is not a cover number")

    def context(src: ChainSource) -> dict[str, Any]:
        p = src.deployment()
        now = chain.now()
        covers = read(request, lambda s: claimable(s, account.lower(), now)) if account else []
        return {
            "account": account,
            "covers": covers,
            "chosen": int(cover) if cover else (covers[0].cover_id if covers else None),
            "products": read(request, product_labels),
            "covered_causes": [
                (CAUSE_NAMES[c], CAUSE_TITLES[c], CAUSE_HELP.get(c, "")) for c in COVERED_CAUSES
            ],
            "excluded": [(CAUSE_TITLES[c], why) for c, why in EXCLUDED.items()],
            "deposit_bps": int(p.claims.claim_deposit_bps()),
            "min_deposit": int(p.claims.min_claim_deposit()),
            "now": now,
            "cause_codes": {CAUSE_NAMES[c]: c for c in COVERED_CAUSES},
        }

    return record_page(request, "file_claim.html", context)


@router.get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
def claim_page(request: Request, claim_id: str) -> HTMLResponse:
    if not claim_id.isdigit() or len(claim_id) > 18:
        return error_page(request, 404, "No such claim", f"{claim_id!r} is not a claim number")

    def context(src: ChainSource) -> dict[str, Any]:
        now = chain.now()
        through, detail = read(request, lambda s: queries.claim(s, int(claim_id)))
        return {
            "c": detail,
            "product": read(request, product_labels).get(detail.product_id),
            "through": through,
            "now": now,
            "cause_title": cause_title,
        }

    try:
        return record_page(request, "claim.html", context)
    except NotFound:
        return error_page(
            request,
            404,
            "No such claim",
            f"claim {claim_id} is not in the record yet (a claim just filed appears within "
            "seconds, once the indexer has read its block): reload in a moment",
        )
