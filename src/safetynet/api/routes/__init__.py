"""One router per resource, mounted under /api by `create_app`."""

from safetynet.api.routes import (
    accounts,
    claims,
    covers,
    health,
    incidents,
    pool,
    products,
    quote,
    stats,
)

ROUTERS = (
    health.router,
    pool.router,
    products.router,
    quote.router,
    covers.router,
    claims.router,
    incidents.router,
    accounts.router,
    stats.router,
)
