"""Covered-code sets for the sample market's protocol products.

The local chain has no real Aave or Uniswap, so each sample gets small stand-in contracts
that behave the way the real deployment does where it matters here: Aave v3's Pool is an
upgradeable proxy (a MockProxy over a MockLogic), Uniswap v3's core is immutable (a plain
MockLogic). The auditor records them as the product's covered code, so upgrading the
stand-in proxy (`safetynet dev upgrade aave-v3`) stops Aave's sales within one keeper pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from safetynet import sdk
from safetynet.artifacts import deployer
from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError
from safetynet.sdk import code


@dataclass(frozen=True)
class CodeSample:
    slug: str
    proxy: bool  # an upgradeable proxy over its logic, or immutable code


CODE_SAMPLES = (CodeSample("aave-v3", proxy=True), CodeSample("uniswap-v3", proxy=False))


def _key(slug: str, part: str) -> str:
    """The manifest key of a stand-in (deploy.EXTRA_CONTRACT_PREFIXES attaches it)."""
    return f"{part}_{slug}"


def deploy_code_samples(p: Protocol, listed: dict[str, int], auditor: str) -> dict[str, list[str]]:
    """Deploy the stand-ins of every listed code sample and record them as its product's
    covered code (as the auditor); they join `p.extra`. Returns slug -> covered addresses."""
    bound: dict[str, list[str]] = {}
    for s in CODE_SAMPLES:
        if s.slug not in listed:
            continue
        with sdk.acting_as(p.admin):
            logic = deployer("MockLogic").deploy(1)
            p.extra[_key(s.slug, "logic")] = logic
            target = logic
            if s.proxy:
                target = deployer("MockProxy").deploy(logic.address)
                p.extra[_key(s.slug, "proxy")] = target
        code.set_covered_code(p, listed[s.slug], [target.address], sender=auditor)
        bound[s.slug] = [str(target.address)]
    return bound


def upgrade_sample(p: Protocol, slug: str) -> tuple[str, str]:
    """Upgrade a sample's stand-in proxy to a new logic version (as the admin, who deployed
    it): what an unaudited upgrade of the real protocol would look like. Returns (proxy, new
    implementation)."""
    proxy = p.extra.get(_key(slug, "proxy"))
    if proxy is None:
        known = ", ".join(s.slug for s in CODE_SAMPLES if s.proxy)
        raise SafetyNetError(f"no stand-in proxy for {slug!r} on this deployment: try {known}")
    current = deployer("MockLogic").at(proxy.implementation()).version()
    with sdk.acting_as(p.admin):
        logic = deployer("MockLogic").deploy(current + 1)
        sdk.transact(proxy.upgradeTo, logic.address)
    return str(proxy.address), str(logic.address)
