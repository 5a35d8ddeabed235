"""The demo's rates act: a stale hand-set rate is found and the model's rate applied."""

from __future__ import annotations

import io

import boa
from rich.console import Console

from safetynet import sdk
from safetynet.demo.rates import STALE_BPS, STALE_PRODUCT, rates_act
from safetynet.deploy import deploy_protocol
from safetynet.risk.pricing import price
from safetynet.samples import list_samples


def test_rates_act__stale_uniswap_rate__set_to_the_model_others_kept():
    admin = boa.env.generate_address("demo_admin")
    p = deploy_protocol(admin=admin)
    boa.env.eoa = admin
    listed = list_samples(p, boa.env.generate_address("demo_auditor"))
    before = {x.name: x.annual_rate_bps for x in sdk.products(p)}
    out = io.StringIO()
    rates_act(p, Console(file=out, width=200))
    after = {x.name: x.annual_rate_bps for x in sdk.products(p)}
    assert after[STALE_PRODUCT] == price("uniswap-v3").annual_rate_bps != STALE_BPS
    assert {k: v for k, v in after.items() if k != STALE_PRODUCT} == {
        k: v for k, v in before.items() if k != STALE_PRODUCT
    }
    text = out.getvalue()
    assert f"on-chain {STALE_BPS} bps vs model" in text and "set_rate" in text
    assert listed["uniswap-v3"] == next(x.product_id for x in sdk.products(p)
                                       if x.name == STALE_PRODUCT)  # fmt: skip
