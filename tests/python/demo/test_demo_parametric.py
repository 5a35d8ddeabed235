"""The demo's parametric act: it checks its own story (every holder paid in full, the late
cover not paid) and raises otherwise; here it runs on a fresh deployment."""

from __future__ import annotations

import io

import boa
from rich.console import Console

from safetynet import sdk
from safetynet.demo.parametric import parametric_act
from safetynet.deploy import AUDITOR_ROLE, deploy_protocol
from safetynet.samples.parametric import PARAMETRIC_SAMPLES, list_parametric_samples


def test_parametric_act__depeg_story__holders_paid_late_cover_refused_then_unpaid():
    admin = boa.env.generate_address("demo_admin")
    auditor = boa.env.generate_address("demo_auditor")
    p = deploy_protocol(admin=admin)
    with boa.env.prank(admin):
        p.cover.grantRole(AUDITOR_ROLE, auditor)
    listed = list_parametric_samples(p, auditor)
    assert set(listed) == {s.slug for s in PARAMETRIC_SAMPLES}
    assert all(p.parametric.triggers(pid).feed == p.extra[f"feed_{slug}"].address
               for slug, pid in listed.items())  # fmt: skip
    p.asset.mint(admin, 1_000_000 * 10**6)
    sdk.deposit(p, 1_000_000 * 10**6, sender=admin)

    out = io.StringIO()
    with boa.env.sender(admin):  # the demo mints and sends as the current account
        parametric_act(p, Console(file=out, width=200))

    text = out.getvalue()
    assert "cover: trigger active: sales paused" in text
    assert "keeper: incident_reported" in text and "keeper: payout_batch" in text
    assert "0 (cover started after the incident)" in text
    assert p.parametric.incident_count() == 1
