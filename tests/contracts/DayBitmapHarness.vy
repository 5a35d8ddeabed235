# pragma version ~=0.4.3
"""
@title DayBitmapHarness
@license AGPL-3.0-only
@notice Exposes the day bitmap (modules/day_bitmap.vy) for unit and property tests.
@custom:security Tests only.
@custom:kill None.
"""

from safetynet.contracts.modules import day_bitmap

initializes: day_bitmap


@external
def mark(space: uint256, day: uint256):
    day_bitmap.mark(space, day)


@external
@view
def is_marked(space: uint256, day: uint256) -> bool:
    return day_bitmap.is_marked(space, day)


@external
@view
def next_marked(space: uint256, day: uint256) -> (uint256, bool):
    return day_bitmap.next_marked(space, day)


@external
@view
def word(space: uint256, index: uint256) -> uint256:
    return day_bitmap.words[space][index]


@external
@pure
def lowest_bit(word: uint256) -> uint256:
    return day_bitmap._lowest_bit(word)
