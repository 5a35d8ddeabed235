"""How the API refuses: a 4xx with a message for bad input, 503 when a backend is down.

Every error body is `{"error": "<what is wrong and what to do>", "detail": ...}`. Bad input
never reaches the database as a 500: FastAPI's validation answers 422, and the handlers
below turn the rest into 4xx (an unknown id: 404; a refusal from the contract: 422) or,
when the database or the chain cannot answer, 503 (retry later; nothing was changed).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("safetynet.api")


class ApiError(Exception):
    """A refusal with its HTTP status and a message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


class BadRequest(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


class Unavailable(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(503, message)


def error_body(message: str, detail: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return body


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.message), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
        return JSONResponse(error_body(_validation_message(exc), detail), status_code=422)

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        log.warning("database error on %s: %s", request.url.path, exc.__class__.__name__)
        return JSONResponse(
            error_body(
                "the index database cannot answer right now (is the indexer running and "
                "the database reachable?); retry shortly"
            ),
            status_code=503,
            headers={"Retry-After": "5"},
        )
