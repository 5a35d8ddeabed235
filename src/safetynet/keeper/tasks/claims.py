"""Task: settle assessed claims whose voting ended and payout cooldown passed (anyone may
call `redeem`; the keeper does it for the holders)."""

from __future__ import annotations

from safetynet.errors import SafetyNetError
from safetynet.keeper.context import KeeperContext
from safetynet.sdk import claims as claims_sdk


def run(ctx: KeeperContext) -> int:
    """Redeem every due claim from the cursor on; returns how many were settled. The cursor
    stays at the first claim still waiting (or refused), so none is skipped."""
    claims = ctx.p.claims
    if claims is None or not hasattr(claims, "claim_count") or not hasattr(claims, "redeem"):
        return 0
    found = claims_sdk.due_claims(ctx.p, ctx.state.claims_cursor)
    cursor = found.watch_from
    settled = 0
    for claim_id, cover_id in found.due:
        try:
            claims_sdk.redeem(ctx.p, claim_id)
        except SafetyNetError as exc:
            if "already settled" not in str(exc):
                ctx.log("claim_refused", claim=claim_id, error=str(exc))
                cursor = min(cursor, claim_id)
            continue
        settled += 1
        ctx.log("claim_settled", claim=claim_id, cover=cover_id)
    ctx.state.claims_cursor = cursor
    ctx.save()
    return settled
