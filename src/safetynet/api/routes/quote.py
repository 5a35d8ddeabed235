"""/api/quote: the premium the contract charges now, with its breakdown (live, via the SDK)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.exc import SQLAlchemyError

from safetynet.api import queries
from safetynet.api.deps import DB, MAX_ID, mark
from safetynet.api.errors import ApiError, Unavailable
from safetynet.api.schemas import Amount, IndexedThrough, Model
from safetynet.errors import SafetyNetError
from safetynet.units import DAY

router = APIRouter(tags=["quote"])
MAX_DAYS = 730  # Cover.vy's MAX_PERIOD


class QuoteOut(Model):
    """premium = base_premium + surge_premium = treasury_fee + assessment_fee +
    to_underwriters. `block` is the chain block the quote was read at."""

    indexed_through: IndexedThrough
    block: int
    product_id: int
    amount: Amount
    period: int
    premium: Amount
    annual_rate_bps: int
    base_premium: Amount
    surge_premium: Amount
    effective_rate_bps: int
    utilization_before_bps: int
    utilization_after_bps: int
    treasury_fee_bps: int
    assessment_fee_bps: int
    treasury_fee: Amount
    assessment_fee: Amount
    to_underwriters: Amount


@router.get("/quote", responses={422: {"description": "the contract refuses this purchase"},
                                 503: {"description": "the chain cannot be read now"}})  # fmt: skip
def quote(
    db: DB, request: Request, response: Response,
    product_id: Annotated[int, Query(ge=0, le=MAX_ID)],
    amount: Annotated[int, Query(ge=1, lt=2**256, description="cover amount, smallest unit")],
    days: Annotated[int, Query(ge=1, le=MAX_DAYS, description="cover period, whole days")],
) -> QuoteOut:  # fmt: skip
    """The premium for `amount` of cover over `days` bought now: the contract's own `quote`,
    taken apart into base rate, surge and fees."""
    from safetynet import chain, sdk

    live = request.app.state.live
    deployment = live.deployment()
    try:
        parts = sdk.quote_breakdown(deployment, product_id, amount, days * DAY)
        block = chain.block_number()
    except SafetyNetError as exc:
        raise ApiError(422, str(exc)) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        live.reset()
        raise Unavailable(f"cannot read the chain now: {exc}") from exc
    try:  # the quote is live: it does not need the index, only names how far it is
        through = queries.indexed_through(db)
    except SQLAlchemyError:
        through = IndexedThrough(block=0, timestamp=0)
    mark(response, through)
    return QuoteOut(indexed_through=through, block=block, **parts.as_dict())
