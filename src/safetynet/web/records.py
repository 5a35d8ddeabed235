"""Where the account, claim, assess and statistics pages read the public record: the
indexer's database, through the API's query layer (`safetynet.api.queries`), so a page and
`/api/...` never disagree.

Mounted on the API's app, the pages share its sessions; run on its own
(`python -m safetynet.web`), the web app opens `Settings.index_database_url()` on first use. A
database the indexer has not migrated or cannot be reached is a 503 with what to do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from safetynet.errors import SafetyNetError

T = TypeVar("T")
_LOCK = threading.Lock()


class IndexUnavailable(SafetyNetError):
    """The index database cannot answer (a page answers 503 with this)."""


def sessions(request: Request) -> sessionmaker[Session]:
    """The API's sessions when mounted on it, else the web app's own (opened once)."""
    state = request.app.state
    if getattr(state, "sessions", None) is not None:
        return state.sessions
    with _LOCK:
        if getattr(state, "web_sessions", None) is None:
            from safetynet.indexer.db import make_engine
            from safetynet.indexer.db import sessions as make_sessions
            from safetynet.settings import get_settings

            state.web_sessions = make_sessions(make_engine(get_settings().index_database_url()))
    return state.web_sessions


def read(request: Request, query: Callable[[Session], T]) -> T:
    """query(session) in one read session; database failures become IndexUnavailable."""
    try:
        with sessions(request)() as session:
            return query(session)
    except SQLAlchemyError as exc:
        raise IndexUnavailable(
            "the index database cannot answer: start the indexer (`make up` runs it) and "
            f"retry ({type(exc).__name__})"
        ) from exc


@dataclass(frozen=True)
class ProductLabel:
    """What a list row needs of a product: its name, kind and waiting period (when a cover's
    renewal closes); queries.products also sums every product's active cover, a scan of the
    covers table the lists do not need."""

    product_id: int
    name: str
    kind: str
    waiting_period: int


def product_labels(session: Session) -> dict[int, ProductLabel]:
    from safetynet.api.queries.products import KIND_NAMES
    from safetynet.indexer.models import Product

    rows = session.execute(
        select(Product.product_id, Product.name, Product.kind, Product.waiting_period)
    )
    return {
        pid: ProductLabel(pid, name, KIND_NAMES.get(kind, str(kind)), int(waiting))
        for pid, name, kind, waiting in rows
    }
