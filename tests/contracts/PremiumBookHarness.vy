# pragma version ~=0.4.3
"""
@title PremiumBookHarness
@license AGPL-3.0-only
@notice Exposes the premium book (modules/premium_book.vy) on its own, so its
        catch-up can be compared with a day-by-day model.
@custom:security Tests only.
@custom:kill None.
"""

from safetynet.contracts.modules import packing
from safetynet.contracts.modules import premium_book

initializes: premium_book


@deploy
def __init__():
    premium_book.__init__()


@external
def add(amount: uint256, net_premium: uint256, cover_end: uint256):
    premium_book.add(amount, net_premium, cover_end)


@external
def checkpoint():
    premium_book.checkpoint()


@external
@view
def caught_up() -> (uint256, uint256, uint256):
    """
    @notice unearned_scaled, rate, active as they stand now.
    """
    unearned: uint256 = 0
    rate: uint256 = 0
    active: uint256 = 0
    now: uint256 = 0
    unearned, rate, active, now = premium_book._caught_up()
    return unearned, rate, active


@external
@view
def stored() -> (uint256, uint256, uint256, uint256):
    """
    @notice unearned_scaled, rate, last_update, active as last written.
    """
    unearned: uint256 = 0
    rate: uint256 = 0
    last: uint256 = 0
    unearned, rate, last = packing.unpack_book(premium_book.book)
    return unearned, rate, last, premium_book.active_stored()


@external
@view
def is_marked(day: uint256) -> bool:
    return premium_book.day_bitmap.is_marked(premium_book.BOOK_SPACE, day)
