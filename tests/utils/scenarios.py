"""Protocol actions on an AnvilWorld for the indexer's tests: a fixed story that touches
every indexed event, and single random actions for the property test."""

from __future__ import annotations

from collections.abc import Callable

from tests.utils.anvil_world import (
    ACTORS,
    ADMIN,
    DAY,
    PARAMETRIC_PRODUCT,
    PROTOCOL_PRODUCT,
    SNET,
    USDC,
    AnvilWorld,
)

STORY_EVIDENCE = b"\x05" * 32


def story(w: AnvilWorld, after_each: Callable[[], object] = lambda: None) -> None:
    """Deposits, covers bought and transferred, a withdrawal request, stakes, a claim voted
    on, extended, accepted, paid and its rewards claimed, a second claim rejected, a depeg
    reported and paid to every parametric cover, a cancelled request. `after_each` runs
    after every transaction (to index between them)."""
    a = ACTORS

    def tx(*args: object, **kwargs: object) -> None:
        w.send(*args, **kwargs)  # type: ignore[arg-type]
        after_each()

    tx(a[0], "pool", "deposit", 2_000_000 * USDC, a[0])
    tx(a[1], "pool", "deposit", 500_000 * USDC, a[1])
    c1 = w.buy(a[2], PROTOCOL_PRODUCT, 10_000 * USDC)
    after_each()
    c2 = w.buy(a[2], PARAMETRIC_PRODUCT, 3_000 * USDC, owner=a[3])
    after_each()
    c3 = w.buy(a[3], PARAMETRIC_PRODUCT, 7_000 * USDC)
    after_each()
    c4 = w.buy(a[7], PROTOCOL_PRODUCT, 2_000 * USDC)
    after_each()
    tx(a[2], "cover", "transferFrom", a[2], a[4], c1)
    tx(a[0], "pool", "request_withdrawal", 100_000 * 10**9)
    for voter, amount in ((a[4], 50_000), (a[5], 30_000), (a[6], 15_000), (a[1], 40_000)):
        tx(voter, "claims", "stake", amount * SNET)
    w.time_travel(2 * DAY)
    tx(a[4], "claims", "submit_claim", c1, 8_000 * USDC, w.now() - 60, 0, STORY_EVIDENCE)
    tx(a[7], "claims", "submit_claim", c4, 1_000 * USDC, w.now() - 60, 1, STORY_EVIDENCE)
    tx(a[5], "claims", "vote", 1, True)
    tx(a[6], "claims", "vote", 1, True)
    tx(a[4], "claims", "vote", 2, False)
    tx(a[5], "claims", "vote", 2, False)
    w.time_travel(3 * DAY - 3_600)  # the last hour of voting: a flipping vote extends it
    tx(a[4], "claims", "vote", 1, False)
    tx(a[1], "claims", "vote", 1, True)
    rounds = w.depeg()
    after_each()
    tx(a[7], "parametric", "report_incident", PARAMETRIC_PRODUCT, rounds)
    tx(a[7], "parametric", "payout_many", [c2, c3, c1], 1)
    w.time_travel(6 * DAY)
    tx(a[7], "claims", "redeem", 1)
    tx(a[7], "claims", "redeem", 2)
    tx(a[5], "claims", "claim_rewards", [1, 2])
    tx(a[6], "claims", "claim_rewards", [1])
    tx(a[3], "cover", "transferFrom", a[3], a[1], c3)
    tx(a[0], "pool", "cancel_withdrawal")
    tx(a[1], "pool", "request_withdrawal", 10_000 * 10**9)
    tx(ADMIN, "cover", "set_product", PROTOCOL_PRODUCT, 300, 10**15, False)


def cover_owner(w: AnvilWorld, cover_id: int) -> str:
    return str(w.view("cover", "ownerOf", cover_id))
