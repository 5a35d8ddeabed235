"""Revert reasons in chain.py: every "<module>: <reason>" our contracts and the snekmate
modules they use raise, from titanoboa's in-process errors and from a JSON-RPC node."""

from __future__ import annotations

import re
from pathlib import Path

import boa
import pytest
import snekmate
from eth_abi import encode

from safetynet import chain, sdk
from safetynet.errors import SafetyNetError
from tests.utils.constants import DAY, USDC
from tests.utils.paths import SRC

CONTRACTS = SRC / "safetynet/contracts"
SNEKMATE = Path(next(iter(snekmate.__path__))).resolve()
_ASSERT_REASON = re.compile(r"\"([a-z][a-z0-9_]*: [a-z0-9][^\"]*)\"")


def _reasons(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.vy"):
        found.update(_ASSERT_REASON.findall(path.read_text()))
    return found


OUR_REASONS = sorted(_reasons(CONTRACTS))
SNEKMATE_REASONS = sorted(_reasons(SNEKMATE))


def test_reason_lists__read_from_sources__both_non_empty():
    prefixes = {r.split(":")[0] for r in OUR_REASONS + SNEKMATE_REASONS}
    assert {"cover", "pool", "claims", "parametric"} <= prefixes
    assert {"access_control", "ownable", "timelock_controller", "erc20", "erc721"} <= prefixes


@pytest.mark.parametrize("reason", OUR_REASONS + SNEKMATE_REASONS)
def test_revert_reason__titanoboa_message__reason_found(reason):
    text = f"Revert(b'')\n\n  <compiler: user revert with reason>\n  {reason}\n  <call frame>"
    assert chain.revert_reason(BaseException(text)) == reason.strip()


@pytest.mark.parametrize("reason", OUR_REASONS + SNEKMATE_REASONS)
def test_revert_reason__node_execution_reverted__reason_found(reason):
    node_error = {"code": 3, "message": f"execution reverted: {reason}"}
    assert chain.revert_reason(RuntimeError(node_error)) == reason.strip()


@pytest.mark.parametrize("reason", OUR_REASONS + SNEKMATE_REASONS)
def test_revert_reason__node_error_data_only__decoded_from_abi_string(reason):
    data = "0x08c379a0" + encode(["string"], [reason]).hex()
    node_error = {"code": 3, "message": "execution reverted", "data": data}
    assert chain.revert_reason(RuntimeError(node_error)) == reason.strip()


@pytest.mark.parametrize(
    "text", ["could not connect: host: localhost", "Timeout: read timed out", "foo: bar"]
)
def test_revert_reason__not_a_contract_reason__none(text):
    assert chain.revert_reason(RuntimeError(text)) is None


def test_add_product__not_admin__safetynet_error_with_access_control_reason(protocol, attacker):
    with pytest.raises(SafetyNetError) as caught:
        sdk.add_product(protocol, "Rogue", "protocol", 100, 10**12, sender=attacker)
    assert str(caught.value) == "refused by the contract: access_control: account is missing role"


def test_explain_error__raw_access_control_revert__one_readable_line(protocol, attacker):
    with boa.env.prank(attacker), pytest.raises(Exception) as caught:  # noqa: PT011
        protocol.cover.add_product(
            "Rogue", 0, 100, 10**12, DAY, 7 * DAY, 365 * DAY, sdk.terms_hash("Rogue")
        )
    line = chain.explain_error(caught.value)
    assert line == "refused by the contract: access_control: account is missing role"


def test_transfer__more_than_balance__erc20_reason(protocol, attacker, policyholder):
    with pytest.raises(SafetyNetError, match="refused by the contract: erc20: "):
        with sdk.acting_as(attacker):
            sdk.transact(protocol.token.transfer, policyholder, 1 * USDC)
