"""Rates to the chain: plan_rates (model vs on-chain) and the governance paths of the SDK."""

from __future__ import annotations

from dataclasses import dataclass

import boa
import pytest

from safetynet import sdk
from safetynet.deploy import deploy_protocol
from safetynet.errors import SafetyNetError
from safetynet.risk.facts import load_facts
from safetynet.risk.pricing import price
from safetynet.risk.rates import plan_rates, protocol_for_product
from safetynet.sdk import governance as gov
from tests.utils.constants import DAY

CAPACITY = 1_000_000 * 10**6
STALE_BPS = 100


@dataclass(frozen=True)
class Listed:
    product_id: int
    name: str
    kind: str
    annual_rate_bps: int
    capacity: int = CAPACITY
    paused: bool = False


def _model(slug: str) -> int:
    return price(slug).annual_rate_bps


def test_protocol_for_product__onchain_names__resolve_to_facts():
    facts = load_facts()
    assert protocol_for_product("Aave v3", facts) == "aave-v3"
    assert protocol_for_product("Binance custody", facts) == "binance"
    assert protocol_for_product("Nonexistent Finance", facts) is None


def test_plan_rates__stale_rate__set_rate_to_model_with_reasons():
    (change,) = plan_rates([Listed(0, "Aave v3", "protocol", STALE_BPS)])
    assert change.action == "set_rate" and change.changes_chain
    assert (change.current_bps, change.proposed_bps) == (STALE_BPS, _model("aave-v3"))
    assert change.reasons[0].startswith(f"on-chain {STALE_BPS} bps vs model {_model('aave-v3')}")
    assert "below the model's interval" in change.reasons[0]
    assert len(change.reasons) >= 3


def test_plan_rates__within_tolerance__keep():
    rate = _model("uniswap-v3") + 3
    (change,) = plan_rates([Listed(1, "Uniswap v3", "protocol", rate)], tolerance_bps=5)
    assert change.action == "keep" and change.proposed_bps == rate
    assert "within the 5 bps tolerance" in change.reasons[0]


def test_plan_rates__not_insurable__pause_keeps_rate():
    (change,) = plan_rates([Listed(2, "Multichain", "protocol", 300)])
    assert change.action == "pause" and change.paused is True and change.proposed_bps == 300


def test_plan_rates__parametric_and_unknown__skipped_with_reason():
    changes = plan_rates(
        [Listed(3, "USDC depeg", "parametric", 80), Listed(4, "Nowhere DAO", "protocol", 80)]
    )
    assert [c.action for c in changes] == ["skip", "skip"]
    assert "parametric" in changes[0].reasons[0] and "not in the facts" in changes[1].reasons[0]


def test_plan_rates__negative_tolerance__error():
    with pytest.raises(SafetyNetError, match="tolerance"):
        plan_rates([], tolerance_bps=-1)


# ------------------------------------------------------------------------------ on-chain paths


def _listed_products(p, through_timelock: bool) -> None:
    adds = [
        gov.admin_call(
            p,
            "cover",
            "add_product",
            name,
            kind,
            STALE_BPS,
            CAPACITY,
            DAY,
            7 * DAY,
            365 * DAY,
            sdk.terms_hash(name),
        )  # fmt: skip
        for name, kind in (("Aave v3", 0), ("Uniswap v3", 0))
    ]
    if through_timelock:
        batch = gov.schedule_batch(p, adds)
        boa.env.time_travel(seconds=batch.delay)
        gov.execute_batch(p, batch)
    else:
        gov.send_calls(p, adds)


def _calls(p):
    changes = plan_rates(sdk.products(p))
    return changes, [
        gov.set_product_call(p, c.product_id, c.proposed_bps, c.capacity, c.paused)
        for c in changes
        if c.changes_chain
    ]


def test_propose_rates__local_deployment__admin_applies_model_rates():
    admin = boa.env.generate_address("admin")
    p = deploy_protocol(admin=admin)
    _listed_products(p, through_timelock=False)
    assert gov.governance_mode(p) == "admin"
    changes, calls = _calls(p)
    assert [c.action for c in changes] == ["set_rate", "set_rate"]
    gov.send_calls(p, calls)
    rates = [x.annual_rate_bps for x in sdk.products(p)]
    assert rates == [_model("aave-v3"), _model("uniswap-v3")]
    assert [c.action for c in plan_rates(sdk.products(p))] == ["keep", "keep"]


def test_propose_rates__timelock_deployment__scheduled_refused_before_delay_applied_after():
    admin = boa.env.generate_address("admin")
    p = deploy_protocol(admin=admin, governance="timelock")
    _listed_products(p, through_timelock=True)
    assert gov.governance_mode(p) == "timelock"
    _, calls = _calls(p)
    with pytest.raises(SafetyNetError, match="schedule the calls instead"):
        gov.send_calls(p, calls)
    batch = gov.schedule_batch(p, calls)
    assert batch.delay == 2 * DAY and gov.batch_state(p, batch) == "waiting"
    assert gov.Batch.from_json(batch.to_json()) == batch
    boa.env.time_travel(seconds=2 * DAY - 10)
    with pytest.raises(SafetyNetError, match="the batch is not ready"):
        gov.execute_batch(p, batch)
    assert [x.annual_rate_bps for x in sdk.products(p)] == [STALE_BPS, STALE_BPS]
    boa.env.time_travel(seconds=10)
    gov.execute_batch(p, batch)
    assert [x.annual_rate_bps for x in sdk.products(p)] == [_model("aave-v3"), _model("uniswap-v3")]
    assert gov.batch_state(p, batch) == "done"
    with pytest.raises(SafetyNetError, match="already executed"):
        gov.execute_batch(p, batch)


def test_propose_rates__timelock__stranger_cannot_schedule():
    admin, attacker = boa.env.generate_address("admin"), boa.env.generate_address("attacker")
    p = deploy_protocol(admin=admin, governance="timelock")
    _listed_products(p, through_timelock=True)
    _, calls = _calls(p)
    with pytest.raises(SafetyNetError, match="refused by the timelock: access_control: account is"):
        gov.schedule_batch(p, calls, sender=attacker)


def test_propose_rates__timelock__delay_below_minimum_refused():
    p = deploy_protocol(admin=boa.env.generate_address("admin"), governance="timelock")
    call = gov.admin_call(p, "pool", "set_fees", 700, 300)
    with pytest.raises(SafetyNetError, match="below the Timelock's minimum"):
        gov.schedule_batch(p, [call], delay=DAY)


def test_schedule_batch_calldata__multisig__timelock_transaction_decodes():
    p = deploy_protocol(admin=boa.env.generate_address("admin"), governance="timelock")
    call = gov.admin_call(p, "pool", "set_fees", 700, 300)
    tx = gov.schedule_batch_calldata(p, [call])
    selector = p.timelock.schedule_batch.prepare_calldata([], [], [], b"\0" * 32, b"\0" * 32, 0)[:4]
    assert tx["to"] == str(p.timelock.address) and tx["data"].startswith("0x" + selector.hex())
