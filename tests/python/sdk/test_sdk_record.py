"""The SDK's records: read from a contract's struct by member name, shown as JSON-ready
dicts with their derived figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from safetynet.sdk.record import Record


@dataclass(frozen=True)
class Sample(Record, shown=("price",)):
    sample_id: int
    amount: int
    label: str

    @property
    def price(self) -> Decimal:
        return Decimal(self.amount).scaleb(-2)


def test_from_struct__fields_not_given__read_by_member_name():
    struct = SimpleNamespace(amount=150, label="read", other="ignored")
    assert Sample.from_struct(struct, sample_id=7) == Sample(7, 150, "read")


def test_from_struct__given_field__wins_over_the_struct():
    struct = SimpleNamespace(amount=150, label="read")
    assert Sample.from_struct(struct, sample_id=7, label="given").label == "given"


def test_from_struct__member_missing__attribute_error_names_it():
    with pytest.raises(AttributeError, match="label"):
        Sample.from_struct(SimpleNamespace(amount=1), sample_id=7)


def test_as_dict__fields_then_shown_properties__decimal_as_text():
    assert Sample(7, 150, "x").as_dict() == {
        "sample_id": 7, "amount": 150, "label": "x", "price": "1.50",
    }  # fmt: skip
    assert list(Sample(7, 150, "x").as_dict()) == ["sample_id", "amount", "label", "price"]
