"""The SDK's answers are frozen dataclasses built on `Record`: a JSON-ready `as_dict`, and
`from_struct`, a record read from a contract's struct by member name."""

from __future__ import annotations

from dataclasses import asdict, fields
from decimal import Decimal
from typing import Any, ClassVar, Self


class Record:
    """Base of the SDK's frozen dataclasses; `class X(Record, shown=("prop",))` names the
    properties `as_dict` shows beside the fields (a Decimal as its string)."""

    shown: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, shown: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.shown = shown

    def as_dict(self) -> dict[str, Any]:
        """Every field, then the `shown` properties: what `--json` prints."""
        data = asdict(self)  # type: ignore[call-overload]
        for name in self.shown:
            value = getattr(self, name)
            data[name] = str(value) if isinstance(value, Decimal) else value
        return data

    @classmethod
    def from_struct(cls, struct: Any, **given: Any) -> Self:
        """The record with the `given` fields, every other one read from the struct's member
        of the same name (the contract's own name for it)."""
        names = [f.name for f in fields(cls) if f.name not in given]  # type: ignore[arg-type]
        return cls(**{name: getattr(struct, name) for name in names}, **given)
