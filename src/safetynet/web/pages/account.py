"""My account: an address's covers (state, countdown, still payable, payouts, claim and
renew buttons, calendar feed), its claims as timelines, its underwriting (shares, value,
pending withdrawal with cooldown and window countdowns; deposit, request, cancel, withdraw)
and its assessing (stake, lock, open claims to vote on, rewards to collect).

What is public on-chain is public here: /account/{address} shows any address. Actions are
wallet transactions (frontend/src/actions.js); the page refreshes its body after each."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from safetynet import chain
from safetynet.sdk.claims import SNET_DECIMALS
from safetynet.web import countdown  # noqa: F401 - registers the time filters
from safetynet.web.account import cause_title, live, record
from safetynet.web.context import ChainUnavailable
from safetynet.web.records import IndexUnavailable, read
from safetynet.web.render import error_page, page, source

router = APIRouter()

ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_home(request: Request, address: str = "") -> HTMLResponse:
    """Without an address: connect a wallet (the page then goes to /account/{it}) or type one."""
    address = address.strip()
    if address:
        if not ADDRESS.match(address):
            return error_page(
                request, 422, "Not an address",
                f"{address!r} is not an address: expected 0x and 40 hex digits",
            )  # fmt: skip
        return account_page(request, address)
    return page(request, "account_connect.html", {})


@router.get("/account/{address}", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, address: str) -> HTMLResponse:
    if not ADDRESS.match(address):
        return error_page(
            request, 404, "No such account",
            f"{address!r} is not an address: expected 0x and 40 hex digits",
        )  # fmt: skip
    src = source(request)
    try:
        block = src.block()
        p = src.deployment()
        config = src.page_config()
        rec = read(request, lambda s: record(s, address))
        now = chain.now()
        me = live(p, address, now, [c.claim_id for c in rec.open_claims])
    except (ChainUnavailable, IndexUnavailable) as exc:
        return error_page(request, 503, "The record is not reachable", str(exc))
    context = {
        "address": address,
        "rec": rec,
        "me": me,
        "now": now,
        "decimals": config["decimals"],
        "symbol": config["symbol"],
        "snet_decimals": SNET_DECIMALS,
        "can_renew": any(e.get("name") == "renew_cover" for e in config["abi"]["cover"]),
        "cause_title": cause_title,
    }
    return page(request, "account.html", context, block=block)
