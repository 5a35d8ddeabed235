"""The keeper's check_code task: a product whose covered code changed stops selling within
one pass (one keeper interval), once; sales resume after the auditor re-records and attests."""

import boa
import pytest

from safetynet.artifacts import deployer
from safetynet.keeper import Keeper
from safetynet.sdk import code
from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.deploy import fund


@pytest.fixture
def run_pass(protocol, tmp_path, keeper):
    lines: list[dict] = []

    def _pass() -> list[dict]:
        lines.clear()
        k = Keeper(protocol, tmp_path, log=lambda a, **f: lines.append({"action": a, **f}))
        with boa.env.prank(keeper):
            k.run_once()
        return [line for line in lines if line["action"] != "state_loaded"]

    return _pass


def _buy(protocol, product, policyholder):
    fund(protocol.asset, policyholder, protocol.cover.address, 1_000 * USDC)
    with boa.env.prank(policyholder):
        return protocol.cover.buy_cover(product, 100 * USDC, 30 * DAY, 2**255, policyholder)


def test_keeper__proxy_upgraded__stops_sales_in_one_pass_resumes_after_re_attestation(
    protocol, product, auditor, proxy, logic_v2, protocol_owner, run_pass, funded_pool,
    policyholder,
):  # fmt: skip
    code.set_covered_code(protocol, product, [proxy.address], sender=auditor)
    assert not [x for x in run_pass() if x["action"] in ("code_changed", "error")]
    with boa.env.prank(protocol_owner):
        proxy.upgradeTo(logic_v2.address)
    lines = run_pass()
    assert [x for x in lines if x["action"] == "code_changed"] == [
        {"action": "code_changed", "product_id": product, "sales": "stopped until re-attested"}
    ]
    assert code.code_state(protocol, product).label == "changed: sales stopped"
    with boa.reverts("cover: covered code changed since attestation"):
        _buy(protocol, product, policyholder)
    # the next pass sends nothing more
    assert not [x for x in run_pass() if x["action"] == "code_changed"]
    # the auditor reviews the new code: records it and attests again
    code.set_covered_code(protocol, product, [proxy.address], sender=auditor)
    with boa.env.prank(auditor):
        protocol.cover.attest(product, b"\x0c" * 32, now() + 30 * DAY)
    assert not [x for x in run_pass() if x["action"] == "code_changed"]
    assert code.code_state(protocol, product).label == "as audited"
    assert _buy(protocol, product, policyholder) >= 1


def test_keeper__hidden_implementation_slot_changes__logs_for_the_guardian(
    protocol, product, auditor, logic_v1, logic_v2, run_pass
):
    # A proxy that keeps its implementation in the EIP-1967 slot and does not answer
    # implementation(): CodeGuard sees only its own code, the keeper watches the slot.
    hiding = deployer("MockLogic").deploy(7)
    boa.env.set_storage(hiding.address, code.IMPLEMENTATION_SLOT, int(logic_v1.address, 16))
    code.set_covered_code(protocol, product, [hiding.address], sender=auditor)
    assert code.hidden_implementations(protocol, product) == {hiding.address: logic_v1.address}
    assert not [x for x in run_pass() if x["action"] in ("implementation_slot_changed", "error")]
    boa.env.set_storage(hiding.address, code.IMPLEMENTATION_SLOT, int(logic_v2.address, 16))
    (line,) = [x for x in run_pass() if x["action"] == "implementation_slot_changed"]
    assert (line["target"], line["before"], line["now"]) == (
        hiding.address, logic_v1.address, logic_v2.address,
    )  # fmt: skip
    assert code.resolve_code_set([hiding.address]).notes  # the auditor is told, too
