"""Event lookup: the logs of the last call made through a contract (read right after it)."""

from __future__ import annotations

from typing import Any


def events(contract: Any, name: str, emitter: Any = None) -> list[Any]:
    """Events called `name` emitted by `emitter` (default: `contract`) in the last call
    made through `contract` (read it right after the call)."""
    address = (emitter or contract).address
    return [
        e
        for e in contract.get_logs()
        if type(e).__name__ == name and str(getattr(e, "address", "")) == str(address)
    ]


def event(contract: Any, name: str, emitter: Any = None) -> Any:
    """The one event called `name` of the last call (fails unless exactly one)."""
    found = events(contract, name, emitter)
    assert len(found) == 1, f"expected one {name} event, got {len(found)}: {contract.get_logs()}"
    return found[0]
