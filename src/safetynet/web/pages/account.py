"""My account: an address's covers (state, countdown, still payable, payouts, claim and
renew buttons, calendar feed), its claims as timelines, its underwriting (shares, value,
pending withdrawal with cooldown and window countdowns; deposit, request, cancel, withdraw)
and its assessing (stake, lock, open claims to vote on, rewards to collect).

What is public on-chain is public here: /account/{address} shows any address. Actions are
wallet transactions (frontend/src/actions.js); the page refreshes its body after each."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet import chain
from safetynet.sdk.claims import SNET_DECIMALS
from safetynet.web.account import cause_title, live, record
from safetynet.web.context import ChainSource
from safetynet.web.records import read
from safetynet.web.render import error_page, page, record_page

router = APIRouter()

ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


def not_an_address(
    request: Request, shown: str, status_code: int = 422, title: str = "Not an address"
) -> HTMLResponse:
    """The error page for a value that is not an address (`shown`: the value as quoted)."""
    message = f"{shown} is not an address: expected 0x and 40 hex digits"
    return error_page(request, status_code, title, message)


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_home(request: Request, address: str = "") -> HTMLResponse:
    """Without an address: connect a wallet (the page then goes to /account/{it}) or type one."""
    address = address.strip()
    if address:
        if not ADDRESS.match(address):
            return not_an_address(request, repr(address))
        return account_page(request, address)
    return page(request, "account_connect.html", {})


@router.get("/account/{address}", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, address: str) -> HTMLResponse:
    if not ADDRESS.match(address):
        return not_an_address(request, repr(address), 404, "No such account")

    def context(src: ChainSource) -> dict[str, Any]:
        p = src.deployment()
        rec = read(request, lambda s: record(s, address))
        now = chain.now()
        cover_abi = src.page_config()["abi"]["cover"]
        return {
            "address": address,
            "rec": rec,
            "me": live(p, address, now, [c.claim_id for c in rec.open_claims]),
            "now": now,
            "snet_decimals": SNET_DECIMALS,
            "can_renew": any(e.get("name") == "renew_cover" for e in cover_abi),
            "follow_ons": rec.follow_ons,
            "cause_title": cause_title,
        }

    return record_page(request, "account.html", context)
