"""/api/accounts/{address}: positions, and the covers' calendar."""

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from safetynet.api import calendar, queries
from safetynet.api.deps import DB, Address, marked
from safetynet.indexer.models import Cover, Product

router = APIRouter(tags=["accounts"])
CALENDAR_COVERS = 500  # the newest covers of the account


def _amount(value: int, units: tuple[int, str] | None) -> str:
    """1000000000 -> "1,000 USDC" when the asset is known, else the smallest units."""
    if units is None:
        return f"{value} (smallest units of the asset)"
    from safetynet.units import fmt_units

    decimals, symbol = units
    return f"{fmt_units(value, decimals)} {symbol}"


@router.get("/accounts/{address}")
def position(db: DB, response: Response, address: Address) -> queries.PositionOut:
    """An account's positions: pool shares and pending withdrawal, SNET stake and its lock,
    assessment rewards, and how many covers, claims and votes it has."""
    return marked(response, queries.position(db, address))


@router.get(
    "/accounts/{address}/covers.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def covers_calendar(db: DB, request: Request, address: Address) -> Response:
    """iCalendar (RFC 5545) of the account's covers: each cover's period (an alarm a week
    before it ends) and its claim deadline. Subscribe to the URL in any calendar app."""
    through = queries.indexed_through(db)
    grace = queries.claim_grace(db)
    rows = db.execute(
        select(Cover, Product.name)
        .join(Product, Product.product_id == Cover.product_id)
        .where(Cover.owner == address.lower())
        .order_by(Cover.cover_id.desc())
        .limit(CALENDAR_COVERS)
    ).all()
    units = request.app.state.live.asset_units()
    dates = [
        calendar.CoverDates(c.cover_id, name, _amount(c.amount, units), c.start, c.end,
                            c.end + grace)
        for c, name in rows
    ]  # fmt: skip
    body = calendar.render(
        address.lower(), dates, stamp=through.timestamp, block=through.block,
        host=request.url.hostname or "safetynet",
    )  # fmt: skip
    headers = {"X-Indexed-Through-Block": str(through.block)}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)
