"""The state the browser tests' pages show, built on the web stack's anvil by plain
transactions from anvil's unlocked dev accounts (not through the pages: the pages' own flows
are tested in tests/browser/test_account.py). Session fixtures call these once per stack, so
any browser test finds what it needs whatever ran before it, and whatever runs after it."""

from __future__ import annotations

from dataclasses import dataclass

from safetynet.chain import dev_address, keccak256
from tests.utils.anvil_world import ADMIN, AnvilWorld
from tests.utils.constants import DAY, EXPLOIT, HOUR, SNET, USDC
from tests.utils.web_stack import WebStack, run_keeper_once

PROTOCOL_PRODUCT, DEPEG_PRODUCT = 0, 3  # Aave v3 and USDC depeg in the sample market
DEPEG_FEEDS = ("feed_usdc-depeg", "feed_usdc-depeg_2")  # two of its three: it pays on two
STAKE = 20_000 * SNET
EVIDENCE_FILE = b"exploit tx 0xdead, post-mortem, balances before and after\n"


def waiting_period(world: AnvilWorld, product_id: int) -> int:
    return int(world.view("cover", "products", product_id)[4])


def cover_times(world: AnvilWorld, cover_id: int) -> tuple[int, int]:
    """A cover's (start, end), read from Cover."""
    info = world.view("cover", "covers", cover_id)
    return int(info[2]), int(info[3])


def buy(world: AnvilWorld, account: int, product_id: int, amount: int, days: int = 30) -> int:
    """A cover bought by dev account `account`, which approves exactly the premium (so a
    later purchase from the page has to approve again); returns its id."""
    who = dev_address(account)
    premium = int(world.view("cover", "quote", product_id, amount, days * DAY))
    world.send(who, "asset", "approve", world.address("cover"), premium)
    world.send(who, "cover", "buy_cover", product_id, amount, days * DAY, premium, who)
    return int(world.view("cover", "cover_count"))


def stake(world: AnvilWorld, account: int, amount: int = STAKE) -> None:
    who = dev_address(account)
    world.send(who, "token", "approve", world.address("claims"), amount)
    world.send(who, "claims", "stake", amount)


def file_claim(world: AnvilWorld, account: int, cover_id: int, amount: int, ago: int) -> int:
    """A claim on the cover for an exploit `ago` seconds before now; returns its id."""
    who = dev_address(account)
    deposit = int(world.view("claims", "deposit_for", amount))
    world.send(who, "asset", "approve", world.address("claims"), deposit)
    world.send(who, "claims", "submit_claim", cover_id, amount, world.now() - ago, EXPLOIT,
               keccak256(EVIDENCE_FILE))  # fmt: skip
    return int(world.view("claims", "claim_count"))


def fund_rewards(world: AnvilWorld) -> None:
    """Fees reach the assessors' reward reserve (what the keeper's passes do over time)."""
    world.send(ADMIN, "pool", "sweep_fees")
    world.send(ADMIN, "claims", "sync_reserve")


@dataclass(frozen=True)
class ClaimHistory:
    holder: str
    assessor: str
    cover_id: int
    paid_claim_id: int  # accepted by the assessor's vote and paid: a reward to collect
    open_claim_id: int  # filed after it and still open for votes


def claim_history(world: AnvilWorld, holder: int, assessor: int) -> ClaimHistory:
    """The assessor stakes; the holder's cover (2,000 USDC on Aave v3) starts; a 500 USDC
    claim is filed, accepted, settled and paid; a second claim of 300 is left open."""
    stake(world, assessor)
    cover_id = buy(world, holder, PROTOCOL_PRODUCT, 2_000 * USDC)
    world.time_travel(waiting_period(world, PROTOCOL_PRODUCT) + HOUR)
    paid = file_claim(world, holder, cover_id, 500 * USDC, ago=HOUR // 2)
    world.send(dev_address(assessor), "claims", "vote", paid, True)
    voting = int(world.view("claims", "voting_period"))
    world.time_travel(voting + int(world.view("claims", "payout_cooldown")) + 60)
    fund_rewards(world)
    world.send(dev_address(holder), "claims", "redeem", paid)
    still_open = file_claim(world, holder, cover_id, 300 * USDC, ago=600)
    return ClaimHistory(dev_address(holder), dev_address(assessor), cover_id, paid, still_open)


def move_depeg_feeds(world: AnvilWorld) -> None:
    """Two of the depeg product's three feeds report 0.93 for three hours (longer than the
    trigger's minimum), then recover."""
    unit = {f: 10 ** int(world.view(f, "decimals")) for f in DEPEG_FEEDS}
    for _ in range(3):
        for f in DEPEG_FEEDS:
            world.send(ADMIN, f, "set_answer", 93 * unit[f] // 100)
        world.time_travel(HOUR)
    for f in DEPEG_FEEDS:
        world.send(ADMIN, f, "set_answer", unit[f])


@dataclass(frozen=True)
class DepegPayout:
    holder: str
    cover_id: int
    paid: int  # what the keeper's pass paid the holder, who did nothing


def depeg_payout(stack: WebStack, account: int) -> DepegPayout:
    """Dev account `account` holds an active 1,000 USDC depeg cover; two feeds depeg; one
    pass of the keeper reports the incident and pays the cover."""
    world = stack.world
    holder = dev_address(account)
    cover_id = buy(world, account, DEPEG_PRODUCT, 1_000 * USDC)
    world.time_travel(waiting_period(world, DEPEG_PRODUCT) + 600)
    before = int(world.view("asset", "balanceOf", holder))
    move_depeg_feeds(world)
    run_keeper_once(stack)
    paid = int(world.view("asset", "balanceOf", holder)) - before
    assert paid > 0, "the keeper's pass paid nothing for the depeg"
    return DepegPayout(holder, cover_id, paid)
