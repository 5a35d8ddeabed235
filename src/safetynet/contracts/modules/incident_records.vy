# pragma version ~=0.4.3
"""
@title SafetyNet Parametric storage packing
@license AGPL-3.0-only
@notice Bit layout of a proved incident, in one place: two slots instead of a
        six-slot struct (a report writes ~88k gas less). Every pack checks that
        its fields fit.
@dev Layouts (low bits first):
     incident head:   product_id 32 | time 40 | end 40 | payout_bps 14
     incident rounds: first_round 80 | last_round 80
     `payout_many` reads only the head.
"""

MASK_14: constant(uint256) = 2**14 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_40: constant(uint256) = 2**40 - 1
MASK_80: constant(uint256) = 2**80 - 1


# @dev A proved incident: `time` is the first round's updatedAt, `end` the last's.
struct Incident:
    product_id: uint256
    time: uint256
    end: uint256
    payout_bps: uint256
    first_round: uint80
    last_round: uint80


@internal
@pure
def pack_head(i: Incident) -> uint256:
    assert i.product_id <= MASK_32, "incident_records: product id overflow"
    assert i.time <= MASK_40 and i.end <= MASK_40, "incident_records: time overflow"
    assert i.payout_bps <= MASK_14, "incident_records: payout bps overflow"
    return i.product_id | (i.time << 32) | (i.end << 72) | (i.payout_bps << 112)


@internal
@pure
def pack_rounds(i: Incident) -> uint256:
    return convert(i.first_round, uint256) | (convert(i.last_round, uint256) << 80)


@internal
@pure
def unpack(head: uint256, rounds: uint256) -> Incident:
    return Incident(
        product_id=head & MASK_32,
        time=(head >> 32) & MASK_40,
        end=(head >> 72) & MASK_40,
        payout_bps=(head >> 112) & MASK_14,
        first_round=convert(rounds & MASK_80, uint80),
        last_round=convert((rounds >> 80) & MASK_80, uint80),
    )
