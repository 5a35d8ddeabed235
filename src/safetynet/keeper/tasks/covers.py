"""Task: index covers sold since the last pass (id -> product, start, end)."""

from __future__ import annotations

from safetynet import chain
from safetynet.keeper.context import KeeperContext
from safetynet.sdk import parametric as par


def run(ctx: KeeperContext) -> int:
    """From Cover's CoverBought events on a node, from Cover's storage in-process (the
    in-process EVM keeps no log index). Returns how many covers were indexed."""
    state = ctx.state
    if chain.is_network():
        head = chain.block_number()
        if state.covers_block > head:
            return 0
        sales = par.cover_sales(ctx.p, state.covers_block, head)
        next_block = head + 1
    else:
        sales = par.cover_sales_from_state(ctx.p, state.covers_after_id)
        next_block = state.covers_block
    for sale in sales:
        state.covers[str(sale.cover_id)] = [sale.product_id, sale.start, sale.end]
        state.covers_after_id = max(state.covers_after_id, sale.cover_id)
    state.covers_block = next_block
    if sales:
        ctx.log("covers_indexed", count=len(sales), last_cover=state.covers_after_id)
    ctx.save()
    return len(sales)
