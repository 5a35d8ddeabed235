"""Moves on Claims the tests repeat: staking, voting, waiting out a claim's clock, funding
the reward reserve."""

from __future__ import annotations

from typing import Any

import boa

from tests.utils.chain import travel_to
from tests.utils.constants import MAX_UINT


def stake(protocol: Any, who: str, amount: int) -> None:
    """Give `who` SNET from the admin, approve Claims and stake it."""
    with boa.env.prank(protocol.admin):
        protocol.token.transfer(who, amount)
    with boa.env.prank(who):
        protocol.token.approve(protocol.claims.address, MAX_UINT)
        protocol.claims.stake(amount)


def vote_all(claims: Any, voters: list[str], accept: list[bool], claim_id: int) -> None:
    """Each voter votes its choice on the claim."""
    for voter, choice in zip(voters, accept, strict=True):
        with boa.env.prank(voter):
            claims.vote(claim_id, choice)


def to_redeem(claims: Any, claim_id: int) -> None:
    """Travel past the claim's voting end and payout cooldown."""
    travel_to(claims.claims(claim_id).voting_end + claims.payout_cooldown())


def to_cooldown(claims: Any, claim_id: int) -> None:
    """Travel to just after the claim's voting end (inside the payout cooldown)."""
    travel_to(claims.claims(claim_id).voting_end)


def fund_reserve(protocol: Any, amount: int) -> None:
    """Put `amount` into the reward reserve the way fees arrive: a transfer, then a sync."""
    protocol.asset.mint(protocol.claims.address, amount)
    protocol.claims.sync_reserve()
