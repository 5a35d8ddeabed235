"""The sample market: products on real protocols, priced by the risk engine and attested."""

from __future__ import annotations

from dataclasses import dataclass

from safetynet import sdk
from safetynet.deploy import AUDITOR_ROLE, Protocol
from safetynet.risk.pricing import price
from safetynet.samples.code import deploy_code_samples
from safetynet.samples.parametric import list_parametric_samples
from safetynet.units import YEAR


@dataclass(frozen=True)
class Sample:
    slug: str  # name in the risk engine's facts
    name: str  # product name on chain
    kind: str
    capacity_units: int  # whole asset units


SAMPLES = (
    Sample("aave-v3", "Aave v3", "protocol", 5_000_000),
    Sample("uniswap-v3", "Uniswap v3", "protocol", 3_000_000),
    Sample("binance", "Binance custody", "custody", 2_000_000),
)


def list_samples(p: Protocol, auditor: str) -> dict[str, int]:
    """List, price and attest the sample products; returns slug -> product id.

    Rates come from the risk engine's frequency-severity model on real incidents. The
    auditor gets AUDITOR_ROLE from the admin (local deployments only). The protocol samples'
    attestations are bound to stand-in code (safetynet.samples.code); the parametric samples
    (safetynet.samples.parametric) are listed too.
    """
    decimals = p.asset.decimals()
    with sdk.acting_as(p.admin):
        if not p.cover.hasRole(AUDITOR_ROLE, auditor):
            sdk.transact(p.cover.grantRole, AUDITOR_ROLE, auditor)
    listed: dict[str, int] = {}
    for sample in SAMPLES:
        quote = price(sample.slug)
        if not quote.insurable or quote.annual_rate_bps is None:
            continue
        pid = sdk.add_product(
            p,
            sample.name,
            sample.kind,
            quote.annual_rate_bps,
            sample.capacity_units * 10**decimals,
        )
        sdk.attest(p, pid, f"sample review of {sample.slug}", YEAR, sender=auditor)
        listed[sample.slug] = pid
    deploy_code_samples(p, listed, auditor)
    listed.update(list_parametric_samples(p, auditor))
    return listed
