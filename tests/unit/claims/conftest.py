"""Fixtures for the Claims unit tests: staked assessors, a live cover, an open claim.

Stakes (6,000 + 5,000 + 4,000 SNET) are made an hour before any claim, so they vote;
the default quorum is 10,000 SNET.
"""

from __future__ import annotations

from pathlib import Path

import boa
import pytest
from eth_utils import keccak

from tests.conftest import DAY, USDC, fund

SNET = 10**18
MAX_UINT = 2**256 - 1
EVIDENCE = keccak(text="post-mortem.pdf")
CONTRACTS = Path(__file__).parent / "contracts"

# claim statuses and causes (SPEC 3.3)
OPEN, ACCEPTED, REJECTED, PAID, FROZEN = range(5)
EXPLOIT, ORACLE, ECONOMIC, CUSTODIAN = range(4)
RUG_PULL, SCAM, PHISHING, FAKE_TOKEN = range(10, 14)


def now() -> int:
    return boa.env.evm.patch.timestamp


def stake(protocol, who: str, amount: int) -> None:
    """Give `who` SNET from the admin, approve Claims and stake it."""
    with boa.env.prank(protocol.admin):
        protocol.token.transfer(who, amount)
    with boa.env.prank(who):
        protocol.token.approve(protocol.claims.address, MAX_UINT)
        protocol.claims.stake(amount)


def events(contract, name: str) -> list:
    """Logs of the most recent call named `name` (read right after the call)."""
    return [e for e in contract.get_logs() if type(e).__name__ == name]


@pytest.fixture
def claims(protocol):
    return protocol.claims


@pytest.fixture
def token(protocol):
    return protocol.token


@pytest.fixture(scope="session")
def second_assessor() -> str:
    return boa.env.generate_address("second_assessor")


@pytest.fixture(scope="session")
def third_assessor() -> str:
    return boa.env.generate_address("third_assessor")


@pytest.fixture(scope="session")
def new_owner() -> str:
    return boa.env.generate_address("new_owner")


@pytest.fixture
def assessors(protocol, assessor, second_assessor, third_assessor) -> list[str]:
    """Three assessors whose stakes predate every claim of the test."""
    stake(protocol, assessor, 6_000 * SNET)
    stake(protocol, second_assessor, 5_000 * SNET)
    stake(protocol, third_assessor, 4_000 * SNET)
    boa.env.time_travel(seconds=3_600)
    return [assessor, second_assessor, third_assessor]


@pytest.fixture
def cover_id(protocol, buy, policyholder) -> int:
    """A 10,000 USDC, 30-day PROTOCOL cover, an hour after its start.

    Its owner approved Claims for deposits.
    """
    cid = buy()
    fund(protocol.asset, policyholder, protocol.claims.address, 1_000 * USDC)
    boa.env.time_travel(seconds=DAY + 3_600)  # an hour into the cover
    return cid


@pytest.fixture
def submit(protocol, policyholder):
    """File a claim (defaults: 5,000 USDC, exploit one second ago) as the policyholder."""

    def _submit(cover_id: int, amount: int = 5_000 * USDC, *, cause: int = EXPLOIT,
                incident: int | None = None, sender: str | None = None,
                evidence: bytes = EVIDENCE) -> int:  # fmt: skip
        with boa.env.prank(sender or policyholder):
            return protocol.claims.submit_claim(
                cover_id, amount, now() - 1 if incident is None else incident, cause, evidence
            )

    return _submit


@pytest.fixture
def claim_id(assessors, cover_id, submit) -> int:
    """An open claim with three eligible assessors, a minute into its voting."""
    cid = submit(cover_id)
    boa.env.time_travel(seconds=60)
    return cid


def vote_all(claims, voters: list[str], accept: list[bool], claim_id: int) -> None:
    for voter, choice in zip(voters, accept, strict=True):
        with boa.env.prank(voter):
            claims.vote(claim_id, choice)


def to_redeem(claims, claim_id: int) -> None:
    """Travel past the claim's voting end and payout cooldown."""
    c = claims.claims(claim_id)
    boa.env.time_travel(seconds=max(0, c.voting_end + claims.payout_cooldown() - now()))


def to_cooldown(claims, claim_id: int) -> None:
    """Travel to just after the claim's voting end (inside the payout cooldown)."""
    c = claims.claims(claim_id)
    boa.env.time_travel(seconds=max(0, c.voting_end - now()))


def fund_reserve(protocol, amount: int) -> None:
    """Put `amount` into the reward reserve the way fees arrive: a transfer, then a sync."""
    protocol.asset.mint(protocol.claims.address, amount)
    protocol.claims.sync_reserve()


@pytest.fixture(scope="session")
def hook_token_deployer():
    return boa.load_partial(str(CONTRACTS / "HookToken.vy"))
