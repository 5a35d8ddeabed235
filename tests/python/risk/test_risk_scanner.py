"""On-chain scanner against small contracts deployed in titanoboa's in-process EVM."""

from __future__ import annotations

import boa
import pytest

from safetynet.errors import SafetyNetError
from safetynet.risk.scanner import (
    BEACON_SLOT,
    EIP1167_PREFIX,
    EIP1167_SUFFIX,
    EIP1822_SLOT,
    read_onchain,
    scan_address,
    scan_opcodes,
    scan_selectors,
    selector,
)
from tests.utils.constants import DAY, ZERO
from tests.utils.contracts import harness_deployer


def _ids(report) -> set[str]:
    return {f.rule.id for f in report.findings}


def test_scan__proxy_with_eoa_admin__flagged(deploy_proxy):
    admin = boa.env.generate_address("admin")
    proxy = deploy_proxy(admin)
    report = scan_address(proxy)
    assert report.details["proxy"] == "eip1967"
    assert report.details["admin"]["kind"] == "eoa"
    assert "admin_eoa_upgrade" in _ids(report)
    assert any("single address that can upgrade" in r for r in report.reasons())


def test_scan__proxy_behind_two_day_timelock__not_flagged(deploy_proxy, timelock_deployer):
    proposer = boa.env.generate_address("governance")
    timelock = timelock_deployer.deploy(2 * DAY, [proposer], [proposer], ZERO)
    report = scan_address(deploy_proxy(timelock.address))
    admin = report.details["admin"]
    assert admin["kind"] == "timelock" and admin["delay_seconds"] == 2 * DAY
    assert not {"admin_eoa_upgrade", "short_timelock", "control_unknown"} & _ids(report)
    assert report.insurable and report.tier == "A"


def test_scan__proxy_behind_one_hour_timelock__short_timelock(deploy_proxy, timelock_deployer):
    proposer = boa.env.generate_address("governance")
    timelock = timelock_deployer.deploy(3600, [proposer], [proposer], ZERO)
    report = scan_address(deploy_proxy(timelock.address))
    assert "short_timelock" in _ids(report)


def test_scan__token_with_blacklist_and_open_mint__rug_risk_not_insurable(rug_token_deployer):
    token = rug_token_deployer.deploy()
    report = scan_address(token.address)
    assert report.details["open_mint"] is True
    assert {"rug_open_mint", "rug_blacklist"} <= _ids(report)
    assert not report.insurable and report.tier == "X"
    assert report.to_json()["score_by_group"]["rug_pull"] >= 70
    assert "NOT INSURABLE" in report.reasons()[0]


def test_scan__plain_fixed_supply_token__clean(plain_token_deployer):
    token = plain_token_deployer.deploy(10**24)
    report = scan_address(token.address)
    assert report.findings == [] and report.insurable


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_scan__selfdestruct_and_delegatecall__flagged():
    contract = harness_deployer("Dangerous").deploy()
    report = scan_address(contract.address)
    assert {"selfdestruct", "delegatecall", "owner_eoa_privileged", "pausable"} <= _ids(report)
    assert report.details["opcodes"]["SELFDESTRUCT"] == 1


def test_scan__address_without_code__error_says_what_to_check():
    with pytest.raises(SafetyNetError, match="no contract code"):
        read_onchain(boa.env.generate_address("nobody"))


def test_scan__not_an_address__error():
    with pytest.raises(SafetyNetError, match="not an address"):
        read_onchain("0xnothex")


def test_scan_opcodes__push_data__skipped():
    # PUSH2 0xfff4 ; DELEGATECALL ; PUSH1 0xf2 ; SELFDESTRUCT (halting: last, so reached)
    code = bytes.fromhex("61fff4f460f2ff")
    assert scan_opcodes(code) == {"SELFDESTRUCT": 1, "DELEGATECALL": 1, "CALLCODE": 0}


def test_scan_opcodes__push32_at_end__no_overrun():
    assert scan_opcodes(bytes([0x7F]) + b"\xff" * 10)["SELFDESTRUCT"] == 0


def test_scan_selectors__known_signatures__found_by_family():
    code = b"\x63" + selector("addBlackList(address)") + b"\x63" + selector("pause()")
    found = scan_selectors(code)
    assert found == {"blacklist": ["addBlackList(address)"], "pause": ["pause()"]}


def test_scan__proxy_admin_is_safe_multisig__flagged_with_threshold(deploy_proxy):
    signers = [boa.env.generate_address(f"signer{i}") for i in range(5)]
    safe = harness_deployer("MockSafe").deploy(3, signers)
    report = scan_address(deploy_proxy(safe.address))
    assert report.details["admin"]["kind"] == "multisig"
    assert report.details["admin"]["threshold"] == 3 and report.details["admin"]["owners"] == 5
    assert "multisig_no_timelock" in _ids(report)


def test_scan__beacon_proxy__implementation_and_owner_from_the_beacon(vault_deployer):
    vault = vault_deployer.deploy()
    beacon = harness_deployer("Beacon").deploy(vault.address)
    holder = harness_deployer("PlainToken").deploy(1)
    boa.env.set_storage(holder.address, BEACON_SLOT, int(beacon.address, 16))
    facts = read_onchain(holder.address)
    assert facts.proxy == "eip1967-beacon"
    assert facts.implementation == vault.address
    assert facts.admin.kind == "eoa"


def test_scan__uups_slot__detected_as_eip1822(vault_deployer):
    vault = vault_deployer.deploy()
    holder = harness_deployer("PlainToken").deploy(1)
    boa.env.set_storage(holder.address, EIP1822_SLOT, int(vault.address, 16))
    facts = read_onchain(holder.address)
    assert facts.proxy == "eip1822" and facts.implementation == vault.address


def test_scan__eip1167_clone__not_upgradeable(vault_deployer):
    vault = vault_deployer.deploy()
    clone = boa.env.generate_address("clone")
    code = EIP1167_PREFIX + bytes.fromhex(vault.address[2:]) + EIP1167_SUFFIX
    boa.env.set_code(clone, code)
    report = scan_address(clone)
    assert report.details["proxy"] == "eip1167"
    assert report.details["implementation"] == vault.address
    assert report.findings == []


def test_scan_opcodes__data_section_and_immutables_after_code__not_counted():
    # Vyper 0.4 deployed code: code, then its data section, then immutables; no metadata.
    code = bytes.fromhex("5f5f00")  # PUSH0 PUSH0 STOP: nothing dangerous
    data_section = bytes([0x5B, 0xFF, 0xF2])  # a JUMPDEST byte no PUSH targets, then noise
    immutables = bytes([0xF4, 0xF2, 0xFF]) * 20  # a string or hash: any byte values
    deployed = code + data_section + immutables
    assert scan_opcodes(deployed) == {"SELFDESTRUCT": 0, "DELEGATECALL": 0, "CALLCODE": 0}


def test_scan_opcodes__selfdestruct_after_a_jump_target__counted():
    # PUSH1 0x04 JUMP INVALID JUMPDEST SELFDESTRUCT: reached through the jump
    assert scan_opcodes(bytes.fromhex("600456fe5bff"))["SELFDESTRUCT"] == 1


def test_scan__snet_token__no_selfdestruct_or_callcode_finding(protocol):
    report = scan_address(protocol.token.address)
    assert report.details["opcodes"] == {"SELFDESTRUCT": 0, "DELEGATECALL": 0, "CALLCODE": 0}
    assert not {"selfdestruct", "callcode", "delegatecall"} & _ids(report)
