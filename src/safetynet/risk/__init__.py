"""Risk engine: curated protocol facts, red-flag rules, on-chain scanner and cover pricing.

Entry points other code uses (CLI, dashboard, API):

- ``scan(name_or_address)`` -> ``RiskReport`` (score, tier, insurable, reasons; ``to_json()``)
- ``price(name)`` -> ``Quote`` (``annual_rate_bps``, interval, arithmetic; ``to_json()``)

The model and its limits are described in docs/risk-model.md.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safetynet.risk.pricing import Quote
    from safetynet.risk.rules import RiskReport

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


def scan(name_or_address: str) -> RiskReport:
    """Facts and rules for a known protocol name; on-chain checks (current boa env) for 0x..."""
    if _ADDRESS.match(name_or_address):
        from safetynet.risk.scanner import scan_address

        return scan_address(name_or_address)
    from safetynet.risk.facts import load_facts
    from safetynet.risk.rules import scan_name

    return scan_name(name_or_address, load_facts(), today=date.today())


def price(name: str) -> Quote:
    """Recommended annual rate for cover on a named protocol (see safetynet.risk.pricing)."""
    from safetynet.risk.pricing import price as _price

    return _price(name)


__all__ = ["price", "scan"]
