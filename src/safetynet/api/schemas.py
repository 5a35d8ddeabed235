"""Response models shared by every route: amounts, the indexed-through block, pages.

Amounts (uint256) travel as decimal strings: a JSON number loses precision past 2**53 in
JavaScript, and an SNET stake of 50,000 tokens is 5 * 10**22. In Python (the query layer,
the web pages) they are plain ints; only the JSON form is a string.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

Amount = Annotated[
    int,
    PlainSerializer(lambda v: str(v), return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": "^-?[0-9]+$", "description": "integer, smallest unit"},
        mode="serialization",
    ),
]
"""An integer amount in the smallest unit, as a decimal string in JSON."""

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def from_row(cls, row: object, **computed: Any) -> Self:
        """This model from an index row: each field read from the row's attribute of the
        same name, except the `computed` ones (states, stages, ratios) given here."""
        stored = {name: getattr(row, name) for name in cls.model_fields if name not in computed}
        return cls(**stored, **computed)


class IndexedThrough(Model):
    """The last block the indexer has fully written (0 before the first batch)."""

    block: int = Field(description="block number the answer is indexed through")
    timestamp: int = Field(description="that block's time (unix seconds)")


class Page(Model, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` for the next (null: last)."""

    indexed_through: IndexedThrough
    items: list[T]
    next_cursor: str | None = None


class One(Model, Generic[T]):
    """One object, with the block it is indexed through."""

    indexed_through: IndexedThrough
    data: T


class ErrorBody(BaseModel):
    """What every 4xx/503 answer carries."""

    error: str
    detail: object | None = None
