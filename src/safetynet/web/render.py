"""Jinja2 rendering shared by every page: the base layout's context (block, chain config,
navigation), number and time formats, and the error page."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from safetynet.web.context import ChainSource, ChainUnavailable
from safetynet.web.countdown import relative, span
from safetynet.web.records import IndexUnavailable

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))

# The navigation, in order: (path, label). Pages of the second web helper add theirs here.
NAV: tuple[tuple[str, str], ...] = (
    ("/markets", "Markets"),
    ("/account", "My account"),
    ("/assess", "Assess"),
    ("/statistics", "Statistics"),
    ("/learn", "Learn"),
)


def source(request: Request) -> ChainSource:
    return request.app.state.web_source


def is_fragment(request: Request) -> bool:
    """An htmx request for a fragment (not a boosted or history-restoring page load)."""
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in (
        request.headers
    )


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    block: int | None = None,
) -> HTMLResponse:
    """Render a page (or one of its fragments) with the base layout's context."""
    src = source(request)
    config: dict[str, Any] | None = None
    try:
        config = src.page_config()
    except ChainUnavailable:
        config = None
    full = {
        "request": request,
        "nav": NAV,
        "path": request.url.path,
        "block": block,
        "config_json": Markup(json.dumps(config or {}).replace("</", "<\\/")),
        "config": config or {},
        **context,
    }
    return TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)


# What a page answers 503 for: the node or manifest cannot be read (ChainUnavailable), or
# the node went away in the middle of a request (urllib's errors are OSErrors).
CHAIN_ERRORS: tuple[type[BaseException], ...] = (ChainUnavailable, OSError)


def error_page(request: Request, status_code: int, title: str, message: str) -> HTMLResponse:
    return page(
        request, "error.html", {"title": title, "message": message}, status_code=status_code
    )


def record_page(
    request: Request, template: str, build: Callable[[ChainSource], dict[str, Any]]
) -> HTMLResponse:
    """A page of the public record: the context `build` reads from the chain and the index,
    with the asset's units, shown with the block it was read at. A node or an index that
    cannot answer is a 503 page that says what to do."""
    src = source(request)
    try:
        block = src.block()
        config = src.page_config()
        context = build(src)
    except (ChainUnavailable, IndexUnavailable) as exc:
        return error_page(request, 503, "The record is not reachable", str(exc))
    asset = {"decimals": config["decimals"], "symbol": config["symbol"]}
    return page(request, template, {**context, **asset}, block=block)


def units(value: int, decimals: int, symbol: str = "", places: int = 2) -> str:
    """An amount in whole units for people: 1234500000 (6 decimals) -> "1,234.50 USDC"."""
    amount = Decimal(value).scaleb(-decimals)
    digits = places if amount == amount.quantize(Decimal(1).scaleb(-places)) else decimals
    text = f"{amount:,.{digits}f}"
    return f"{text} {symbol}".strip()


def plain(value: int, decimals: int) -> str:
    """An amount in whole units as an input's or a link's value, exact and without
    separators: 5_050_000 (6 decimals) -> "5.05", 1_000_000_000 -> "1000"."""
    text = f"{Decimal(value).scaleb(-decimals):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(bps: int | Decimal, places: int = 2) -> str:
    value = Decimal(bps) / 100
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def duration(seconds: int) -> str:
    if seconds % 86_400 == 0:
        days = seconds // 86_400
        return f"{days} day" + ("s" if days != 1 else "")
    if seconds % 3_600 == 0:
        hours = seconds // 3_600
        return f"{hours} hour" + ("s" if hours != 1 else "")
    minutes = seconds // 60
    return f"{minutes} minute" + ("s" if minutes != 1 else "")


def utc(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def usd(value: float) -> str:
    if value >= 1e9:
        return f"${value / 1e9:,.1f} billion"
    if value >= 1e6:
        return f"${value / 1e6:,.0f} million"
    return f"${value:,.0f}"


TEMPLATES.env.filters.update(
    units=units, plain=plain, percent=percent, duration=duration, utc=utc, usd=usd,
    relative=relative, span=span,
)  # fmt: skip
