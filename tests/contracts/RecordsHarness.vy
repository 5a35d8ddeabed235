# pragma version ~=0.4.3
"""
@title RecordsHarness
@license AGPL-3.0-only
@notice Exposes the claim_records pack/unpack helpers for round-trip tests.
@custom:security Tests only.
@custom:kill None.
"""

from safetynet.contracts.modules import claim_records
from safetynet.contracts.modules import packing


@external
@pure
def state_roundtrip(s: claim_records.ClaimState) -> claim_records.ClaimState:
    return claim_records.unpack_state(claim_records.pack_state(s))


@external
@pure
def terms_roundtrip(t: claim_records.ClaimTerms, quorum_code: uint256) -> claim_records.ClaimTerms:
    return claim_records.unpack_terms(claim_records.pack_terms(t, quorum_code))


@external
@pure
def quorum_code(total_staked: uint256, min_quorum: uint256, quorum_bps: uint256) -> uint256:
    return claim_records.quorum_code(total_staked, min_quorum, quorum_bps)


@external
@pure
def quorum_value(code: uint256) -> uint256:
    return claim_records.quorum_value(code)


@external
@pure
def assessors_roundtrip(
    staked: uint256, min_quorum: uint256, bps: uint256
) -> (uint256, uint256, uint256):
    return claim_records.unpack_assessors(claim_records.pack_assessors(staked, min_quorum, bps))


@external
@pure
def stake_roundtrip(s: claim_records.Stake) -> claim_records.Stake:
    return claim_records.unpack_stake(claim_records.pack_stake(s))


@external
@pure
def config_roundtrip(c: claim_records.Config) -> claim_records.Config:
    return claim_records.unpack_config(claim_records.pack_config(c))


@external
@pure
def vote_roundtrip(weight: uint256, accept: bool, rewarded: bool) -> (uint256, bool, bool):
    return claim_records.unpack_vote(claim_records.pack_vote(weight, accept, rewarded))


@external
@pure
def ledger_roundtrip(
    count: uint256, liabilities: uint256, reserve: uint256
) -> (uint256, uint256, uint256):
    return claim_records.unpack_ledger(claim_records.pack_ledger(count, liabilities, reserve))


@external
@pure
def open_claim_roundtrip(
    claimant: address, claim_id: uint256, lock_code: uint256
) -> (address, uint256, uint256):
    return claim_records.unpack_open_claim(
        claim_records.pack_open_claim(claimant, claim_id, lock_code)
    )


@external
@pure
def lock_roundtrip(lock: uint256) -> (uint256, uint256):
    code: uint256 = packing.pack_lock(lock)
    return code, packing.unpack_lock(code)


@external
@pure
def decimal_roundtrip(x: uint256) -> (uint256, uint256):
    code: uint256 = claim_records.ceil_decimal(x)
    return code, claim_records.decimal_value(code)
