"""Task: check every product's covered code (CodeGuard.check_code) each pass.

A product whose recorded code differs from the chain gets `check_code` sent, which stops
its sales on Cover until an auditor attests again; a product already stopped, or without
a recorded code set, costs only reads. Proxies that hide their implementation cannot be
checked on chain: their EIP-1967 slot is watched here and a change is logged
(`implementation_slot_changed`) for the guardian, who pauses the product (SPEC §3.2).
"""

from __future__ import annotations

from safetynet.keeper.context import KeeperContext
from safetynet.sdk import code


def run(ctx: KeeperContext) -> int:
    """Returns how many products' sales this pass stopped."""
    p = ctx.p
    stopped = 0
    watched = ctx.state.implementation_slots
    for product_id in code.bound_products(p):
        state = code.code_state(p, product_id)
        _watch_slots(ctx, product_id, watched)
        if state.matches or state.changed:
            continue
        code.check_code(p, product_id)
        stopped += 1
        ctx.log("code_changed", product_id=product_id, sales="stopped until re-attested")
        ctx.save()
    return stopped


def _watch_slots(ctx: KeeperContext, product_id: int, watched: dict[str, str]) -> None:
    for target, implementation in code.hidden_implementations(ctx.p, product_id).items():
        key = f"{product_id}:{target}"
        before = watched.get(key)
        if before is not None and before != implementation:
            ctx.log(
                "implementation_slot_changed", product_id=product_id, target=target,
                before=before, now=implementation, todo="guardian: pause the product",
            )  # fmt: skip
        watched[key] = implementation
