"""Red-flag rules on curated facts: weights, sentences, blocking groups, multiplier."""

from __future__ import annotations

import copy
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from safetynet.risk.facts import load_facts, parse_facts
from safetynet.risk.incidents import load_incidents
from safetynet.risk.rules import RULES, red_flag_multiplier, scan_name, tier_for

BASE = {
    "name": "testfi",
    "display_name": "TestFi",
    "kind": "protocol",
    "category": "lending",
    "launch_date": "2021-01-01",
    "audits": {"count": 3, "firms": ["A", "B", "C"]},
    "control": {"upgradeable": True, "controller": "dao_timelock", "timelock_days": 2},
    "bug_bounty_usd": 1_000_000,
    "tvl_usd": 1e9,
    "team_public": True,
    "incidents": [],
    "sources": {"all": "test"},
}


def _facts(**changes):
    proto = copy.deepcopy(BASE)
    proto.update(changes)
    doc = {"version": 1, "as_of": "2024-12-31", "protocols": [proto]}
    return parse_facts(doc, load_incidents())


def _ids(report) -> set[str]:
    return {f.rule.id for f in report.findings}


def test_rules__every_rule__has_weight_and_sentence():
    for rule in RULES.values():
        assert rule.weight > 0
        assert rule.sentence.endswith(".") and len(rule.sentence) > 20


def test_scan_name__clean_protocol__no_flag_tier_a():
    report = scan_name("testfi", _facts())
    assert report.findings == [] and report.tier == "A" and report.insurable


def test_scan_name__eoa_can_upgrade__flagged_with_plain_sentence():
    report = scan_name("testfi", _facts(control={"upgradeable": True, "controller": "eoa"}))
    assert "admin_eoa_upgrade" in _ids(report)
    assert any("single address that can upgrade" in r for r in report.reasons())
    assert report.insurable


def test_scan_name__timelock_two_days__not_flagged_one_day__flagged():
    two = scan_name("testfi", _facts())
    one = scan_name("testfi", _facts(control={"upgradeable": True, "controller": "dao_timelock",
                                              "timelock_days": 1}))  # fmt: skip
    assert "short_timelock" not in _ids(two)
    assert "short_timelock" in _ids(one)


def test_scan_name__multisig_without_timelock__flagged():
    report = scan_name("testfi", _facts(control={"upgradeable": True, "controller": "multisig",
                                                 "timelock_days": None}))  # fmt: skip
    assert "multisig_no_timelock" in _ids(report)


def test_scan_name__anonymous_unaudited_single_key__not_insurable_rug_setup():
    report = scan_name(
        "testfi",
        _facts(team_public=False, audits={"count": 0, "firms": []},
               control={"upgradeable": True, "controller": "eoa"}),
    )  # fmt: skip
    assert not report.insurable
    assert report.tier == "X"
    assert report.reasons()[0].startswith("NOT INSURABLE")
    assert "rug" in report.reasons()[0]


def test_scan_name__young_and_no_bounty__flagged():
    report = scan_name("testfi", _facts(launch_date="2024-10-01", bug_bounty_usd=0))
    assert {"young_6m", "no_bug_bounty"} <= _ids(report)


def test_scan_name__recent_user_loss_joined_from_incidents__flagged():
    report = scan_name("testfi", _facts(incidents=[{"protocol": "Curve DEX", "date": "2023-07-30",
                                                    "tvl_at_incident_usd": 3.3e9}]))  # fmt: skip
    assert "recent_user_loss" in _ids(report)


def test_scan_name__users_made_whole__no_history_flag():
    report = scan_name("testfi", _facts(incidents=[{"protocol": "Euler V1", "date": "2023-03-13"}]))
    assert not {"recent_user_loss", "past_user_loss"} & _ids(report)


def test_scan_name__real_dataset__defunct_and_halted_not_insurable():
    facts = load_facts()
    assert not scan_name("multichain", facts).insurable
    assert not scan_name("wazirx", facts).insurable
    assert scan_name("aave-v3", facts).insurable


def test_scan_name__stale_facts__note_asks_to_recheck():
    report = scan_name("aave-v3", load_facts(), today=date(2026, 11, 24))
    assert any("re-check" in n for n in report.notes)


def test_tier_for__thresholds():
    assert [tier_for(s, True) for s in (0, 15, 30, 50)] == ["A", "B", "C", "D"]
    assert tier_for(0, False) == "X"


def test_red_flag_multiplier__anchors():
    assert abs(red_flag_multiplier(0) - 0.4) < 1e-12
    assert abs(red_flag_multiplier(40) - 1.0) < 1e-12
    assert red_flag_multiplier(1000) == 4.0


@given(st.floats(0, 100), st.floats(0, 100))
def test_red_flag_multiplier__monotone(a, b):
    lo, hi = sorted((a, b))
    assert red_flag_multiplier(lo) <= red_flag_multiplier(hi)


def test_risk_package_scan__name_and_address__dispatch():
    from safetynet.risk import scan

    assert scan("aave-v3").source == "facts"
