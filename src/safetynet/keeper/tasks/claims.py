"""Task: settle assessed claims whose voting ended and payout cooldown passed (anyone may
call `redeem`; the keeper does it for the holders)."""

from __future__ import annotations

from safetynet.keeper.context import KeeperContext
from safetynet.sdk.settlement import settle_due_claims


def run(ctx: KeeperContext) -> int:
    """Redeem every due claim from the cursor on; returns how many were settled. The cursor
    stays at the first claim still waiting (or refused), so none is skipped."""
    claims = ctx.p.claims
    if claims is None or not hasattr(claims, "claim_count") or not hasattr(claims, "redeem"):
        return 0
    done = settle_due_claims(ctx.p, ctx.state.claims_cursor)
    for claim_id, reason in done.refused:
        ctx.log("claim_refused", claim=claim_id, error=reason)
    for claim_id, cover_id in done.settled:
        ctx.log("claim_settled", claim=claim_id, cover=cover_id)
    ctx.state.claims_cursor = done.next_cursor
    ctx.save()
    return len(done.settled)
