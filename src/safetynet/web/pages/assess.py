"""Assess: claims open for votes (cover, product, amount, evidence hash, incident time,
cause), vote buttons, and the voter's weight on each, with whether it counts (only stake
held before the claim was filed does)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet import chain
from safetynet.api import queries
from safetynet.sdk.claims import SNET_DECIMALS
from safetynet.web.account import OPEN_CLAIMS_LIMIT, cause_title
from safetynet.web.context import ChainSource
from safetynet.web.pages.account import ADDRESS, not_an_address
from safetynet.web.records import ProductLabel, product_labels, read
from safetynet.web.render import record_page

router = APIRouter()


def open_claims(session) -> tuple[int, list[queries.ClaimOut], dict[int, ProductLabel]]:
    listed = queries.claims(session, status="open", limit=OPEN_CLAIMS_LIMIT)
    products = product_labels(session)
    voting = [c for c in listed.items if c.stage == "voting"]
    return listed.indexed_through.block, voting, products


@router.get("/assess", response_class=HTMLResponse, include_in_schema=False)
def assess(request: Request, account: str = "") -> HTMLResponse:
    if account and not ADDRESS.match(account):
        return not_an_address(request, f"account {account!r}")

    def context(src: ChainSource) -> dict[str, Any]:
        p = src.deployment()
        now = chain.now()
        through, claims, products = read(request, open_claims)
        stake = p.claims.stakes(account) if account else None
        weights = (
            {c.claim_id: int(p.claims.vote_weight(c.claim_id, account)) for c in claims}
            if account
            else {}
        )
        voted = {}
        for c in claims if account else []:
            weight, accept, _rewarded = p.claims.votes(c.claim_id, account)
            if int(weight):
                voted[c.claim_id] = bool(accept)
        return {
            "account": account,
            "claims": claims,
            "products": products,
            "through": through,
            "stake": int(stake.amount) if stake is not None else 0,
            "locked_until": int(stake.locked_until) if stake is not None else 0,
            "weights": weights,
            "voted": voted,
            "now": now,
            "cause_title": cause_title,
            "snet_decimals": SNET_DECIMALS,
        }

    return record_page(request, "assess.html", context)
