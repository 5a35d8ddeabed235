"""Packaged data: incidents.csv (insured-loss rule) and protocols.yaml (facts, joins, sources)."""

from __future__ import annotations

from datetime import date

import pytest

from safetynet.errors import SafetyNetError
from safetynet.risk.facts import UNKNOWN, load_facts, parse_facts, tvl_band
from safetynet.risk.incidents import Incident, classify, insured, load_incidents

CONTROLLERS = {"none", "eoa", "multisig", "dao_timelock", "multisig_timelock", "company", UNKNOWN}


def _incident(**kw) -> Incident:
    base = dict(
        date=date(2023, 1, 1), protocol="X", chain="ethereum", category="lending",
        attack_type="smart_contract_bug", attack_subtype="contract_bug",
        target_kind="defi_protocol", is_rug_or_scam=False, loss_usd=5e6,
        funds_returned_usd=0.0, source="test",
    )  # fmt: skip
    base.update(kw)
    return Incident(**base)


def test_load_incidents__packaged_csv__all_rows_with_source_column():
    rows = load_incidents()
    assert len(rows) == 1738
    assert all(r.source for r in rows)
    assert rows[0].date >= date(2020, 1, 1) and rows[-1].date <= date(2024, 12, 31)


def test_classify__exploit_of_defi_protocol__protocol_peril():
    assert classify(_incident())[0] == "protocol"


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"is_rug_or_scam": True, "attack_type": "rug_pull"}, "rug pull"),
        ({"attack_type": "phishing/frontend"}, "phishing"),
        ({"attack_type": "depeg"}, "parametric"),
        ({"target_kind": "token_or_small_contract"}, "not insurable"),
        ({"target_kind": "individual_or_wallet"}, "not insurable"),
    ],
)
def test_classify__excluded_causes__no_peril_and_a_reason(changes, why):
    peril, reason = classify(_incident(**changes))
    assert peril is None
    assert why in reason


def test_classify__custodian_hack_and_halt__custody_peril():
    hack = _incident(target_kind="cefi_custodian", attack_type="access_control/key_compromise")
    halt = _incident(
        target_kind="cefi_custodian", attack_type="other",
        attack_subtype="insolvency_or_withdrawal_halt",
    )  # fmt: skip
    fraud = _incident(target_kind="cefi_custodian", attack_type="rug_pull", is_rug_or_scam=True)
    assert classify(hack)[0] == "custody"
    assert classify(halt)[0] == "custody"
    assert classify(fraud)[0] is None


def test_net_loss__funds_returned__netted_and_never_negative():
    assert _incident(loss_usd=10e6, funds_returned_usd=4e6).net_loss_usd == 6e6
    assert _incident(loss_usd=197e6, funds_returned_usd=240e6).net_loss_usd == 0.0


def test_insured__threshold_and_years__filters():
    rows = [_incident(loss_usd=5e5), _incident(), _incident(date=date(2020, 5, 1))]
    assert insured(rows, "protocol", 1e6, (2021, 2024)) == [rows[1]]


def test_wazirx__in_dataset__custody_peril_not_phishing_exclusion():
    wazirx = [r for r in load_incidents() if r.protocol == "WazirX: India"]
    assert len(wazirx) == 1 and wazirx[0].peril == "custody"


def test_facts__packaged__at_least_30_real_protocols_with_required_fields():
    facts = load_facts()
    assert len(facts.protocols) >= 30
    assert "aave-v3" in facts.protocols
    assert facts.as_of == date(2024, 12, 31)
    kinds = {p.kind for p in facts.protocols.values()}
    assert kinds == {"protocol", "custody"}
    cats = {p.category for p in facts.protocols.values()}
    assert {"lending", "dex", "bridge", "liquid_staking", "yield", "stablecoin", "cex"} <= cats
    for p in facts.protocols.values():
        assert p.sources, p.name
        assert p.control.get("controller") in CONTROLLERS, p.name
        assert p.control.get("upgradeable") in (True, False, UNKNOWN), p.name
        assert p.launch_date == UNKNOWN or p.launch() <= facts.as_of, p.name
        assert p.bug_bounty_usd == UNKNOWN or float(p.bug_bounty_usd) >= 0, p.name
        assert p.tvl_band in {"<10m", "10m-100m", "100m-1b", "1b-10b", "10b+", UNKNOWN}


def test_facts__incident_joins__resolve_to_real_rows():
    facts = load_facts()
    curve = facts.get("curve")
    dates = {str(j.incident.date) for j in curve.incidents}
    assert "2023-07-30" in dates
    vyper_bug = next(j for j in curve.incidents if str(j.incident.date) == "2023-07-30"
                     and j.peril == "protocol")  # fmt: skip
    assert 0 < vyper_bug.loss_fraction(2e9) < 0.05
    euler = facts.get("euler").incidents[0]
    assert euler.incident.net_loss_usd == 0.0 and euler.loss_fraction(1e9) == 0.0


def test_parse_facts__join_to_missing_row__error_says_how_to_fix():
    doc = {
        "version": 1,
        "as_of": "2024-12-31",
        "protocols": [
            {"name": "x", "kind": "protocol", "category": "dex",
             "incidents": [{"protocol": "No Such Protocol", "date": "2023-01-01"}]}
        ],
    }  # fmt: skip
    with pytest.raises(SafetyNetError, match="fix the join"):
        parse_facts(doc, load_incidents())


def test_facts_get__unknown_name__lists_known_names():
    with pytest.raises(SafetyNetError, match="aave-v3"):
        load_facts().get("not-a-protocol")


def test_tvl_band__boundaries():
    assert tvl_band(5e6) == "<10m"
    assert tvl_band(1e9) == "1b-10b"
    assert tvl_band(2e10) == "10b+"
    assert tvl_band(UNKNOWN) == UNKNOWN


def _row(protocol: str, when: str) -> Incident:
    (row,) = [i for i in load_incidents() if i.protocol == protocol and i.date.isoformat() == when]
    return row


def test_ronin_2024__upgrade_left_quorum_uninitialised__smart_contract_bug_not_oracle():
    row = _row("Ronin Bridge", "2024-08-06")
    assert (row.attack_type, row.attack_subtype) == ("smart_contract_bug", "contract_bug")
    assert row.peril == "protocol"


def test_kyberswap_2022__front_end_injection__phishing_excluded_from_cover():
    row = _row("KyberSwap Classic", "2022-09-01")
    assert (row.attack_type, row.attack_subtype) == ("phishing/frontend", "phishing_frontend")
    assert row.peril is None


def test_venus_2022__luna_price_floor__oracle_failure_label():
    row = _row("Venus Protocol", "2022-05-13")
    assert (row.attack_type, row.attack_subtype) == ("oracle_manipulation", "oracle")


def test_radiant_2024__signers_devices_compromised__key_compromise_subtype():
    row = _row("Radiant V2", "2024-10-16")
    assert row.attack_subtype == "key_compromise"
