"""The events an interface declares are the events its contract logs.

`implements:` makes Vyper 0.4.3 check an interface's functions, not its events, so this test
compares each event declared in an interface file with the same event in the contract's ABI:
name, field names, types and which fields are indexed.
"""

from __future__ import annotations

import re

import pytest

from safetynet.artifacts import compiled_abi, contracts_dir

# interface file -> the contract that implements it (and logs its events)
IMPLEMENTED_BY = {
    "ICover": "Cover",
    "IERC721": "Cover",
    "ICapitalPool": "CapitalPool",
    "IClaims": "Claims",
    "IParametric": "Parametric",
}

_EVENT = re.compile(r"^event (\w+):\n((?:    [^\n]*\n)+)", re.M)
_FIELD = re.compile(r"^\s+(\w+): (indexed\((.+)\)|.+)$")


def _declared_events(interface: str) -> dict[str, list[tuple[str, str, bool]]]:
    text = (contracts_dir() / "interfaces" / f"{interface}.vyi").read_text()
    events = {}
    for name, body in _EVENT.findall(text):
        fields = []
        for line in body.splitlines():
            m = _FIELD.match(line)
            indexed = m.group(3) is not None
            vy_type = (m.group(3) if indexed else m.group(2)).strip()
            fields.append((m.group(1), vy_type, indexed))
        events[name] = fields
    return events


def _abi_type(vy_type: str) -> str:
    if m := re.fullmatch(r"DynArray\[(\w+), *\d+\]", vy_type):
        return f"{m.group(1)}[]"
    if vy_type.startswith("String["):
        return "string"
    if vy_type.startswith("Bytes["):
        return "bytes"
    return vy_type


@pytest.mark.parametrize("interface", sorted(IMPLEMENTED_BY))
def test_interface_events__compared_with_contract_abi__identical(interface):
    declared = _declared_events(interface)
    assert declared, f"{interface}.vyi declares no event"
    abi = {
        e["name"]: [(i["name"], i["type"], i["indexed"]) for i in e["inputs"]]
        for e in compiled_abi(IMPLEMENTED_BY[interface])
        if e["type"] == "event"
    }
    for name, fields in declared.items():
        assert name in abi, f"{interface}.{name} is not an event of {IMPLEMENTED_BY[interface]}"
        assert [(f, _abi_type(t), ix) for f, t, ix in fields] == abi[name], name
