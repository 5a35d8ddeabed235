"""The demo's rates act: governance reviews the listed rates against the risk model.

One listed rate was set by hand long ago (Uniswap v3 at 100 bps, below what its incidents
justify); ``plan_rates`` finds it, says why, and the admin applies the model's rate with one
``set_product`` call through ``safetynet.sdk.governance`` - what `safetynet risk propose-rates`
does on a local chain. On a deployment whose admin is the Timelock the same batch is scheduled
and executed after the 2-day delay (`--execute`).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from safetynet import sdk
from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError
from safetynet.risk.rates import plan_rates
from safetynet.sdk import governance as gov

STALE_PRODUCT = "Uniswap v3"
STALE_BPS = 100


def rates_act(p: Protocol, console: Console) -> None:
    """Find the stale rate, show the reasons, apply the model's rate as the admin."""
    console.rule("Rates through governance: the model's prices reach the chain")
    stale = next((x for x in sdk.products(p) if x.name == STALE_PRODUCT), None)
    if stale is None:
        console.print(f"{STALE_PRODUCT} is not listed: nothing to review")
        return
    gov.send_calls(
        p, [gov.set_product_call(p, stale.product_id, STALE_BPS, stale.capacity, stale.paused)]
    )
    console.print(
        f"{STALE_PRODUCT}'s rate was set by hand to {STALE_BPS} bps long ago; "
        "governance runs `safetynet risk propose-rates`:"
    )
    changes = plan_rates(sdk.products(p))
    table = Table("id", "product", "on-chain", "model", "action", title="Listed rates vs the model")
    for c in changes:
        model = {"set_rate": str(c.proposed_bps), "keep": "="}.get(c.action, "-")
        table.add_row(str(c.product_id), c.name, f"{c.current_bps} bps", model, c.action)
    console.print(table)
    todo = [c for c in changes if c.changes_chain]
    for c in todo:
        console.print(f"[bold]{c.name}[/]: " + " ".join(c.reasons[:2]))
    calls = [gov.set_product_call(p, c.product_id, c.proposed_bps, c.capacity, c.paused)
             for c in todo]  # fmt: skip
    gov.send_calls(p, calls)
    after = {x.product_id: x.annual_rate_bps for x in sdk.products(p)}
    for c in todo:
        if after[c.product_id] != c.proposed_bps:
            raise SafetyNetError(f"{c.name}: the rate did not change on chain")
        console.print(
            f"{c.name}: {c.current_bps} -> {after[c.product_id]} bps on chain "
            f"(mode {gov.governance_mode(p)}: the admin sent set_product)"
        )
