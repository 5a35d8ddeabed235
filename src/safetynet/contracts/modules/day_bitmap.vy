# pragma version ~=0.4.3
"""
@title Day bitmap: which days have an expiry bucket
@license AGPL-3.0-only
@notice One bit per day (day index = timestamp // 86400), 256 days to a storage
        word, in separate spaces (the pool's book, each product). A catch-up walk
        asks for the next marked day and skips the unmarked ones in one step,
        instead of reading one cold expiry bucket per day.
@dev Bits are only ever set, when a day's bucket goes from empty to non-empty;
     walks only move forward, so a marked day behind a walk is never read again.
@custom:security Trusts its including module to mark a day whenever it writes a
                 non-zero bucket for it (a missed mark hides that bucket from walks).
"""


# @dev Bits per storage word.
WORD_DAYS: constant(uint256) = 256


# @dev space => day // 256 => bit (day % 256) set when that day has an expiry bucket.
words: HashMap[uint256, HashMap[uint256, uint256]]


@internal
def mark(space: uint256, day: uint256):
    """
    @dev Mark `day` in `space` (idempotent).
    """
    self.words[space][day // WORD_DAYS] |= 1 << (day % WORD_DAYS)


@internal
@view
def is_marked(space: uint256, day: uint256) -> bool:
    return (self.words[space][day // WORD_DAYS] >> (day % WORD_DAYS)) & 1 == 1


@internal
@view
def next_marked(space: uint256, day: uint256) -> (uint256, bool):
    """
    @dev The first marked day at or after `day` inside `day`'s word, and True;
         when there is none, the first day of the next word, and False. One
         storage read; a walk calls it until it passes the day it walks to.
    """
    index: uint256 = day // WORD_DAYS
    rest: uint256 = self.words[space][index] >> (day % WORD_DAYS)
    if rest == 0:
        return (index + 1) * WORD_DAYS, False
    # @dev rest != 0 has a set bit at or below bit 255 - day % 256, so the sum
    # stays inside the word and far from overflow.
    return unsafe_add(day, self._lowest_bit(rest)), True


@internal
@pure
def _lowest_bit(word: uint256) -> uint256:
    """
    @dev Index of the lowest set bit of a non-zero word: binary search over
         halves (8 steps), the count of trailing zero bits.
    """
    x: uint256 = word
    n: uint256 = 0
    if x & (2**128 - 1) == 0:
        n = 128
        x >>= 128
    if x & (2**64 - 1) == 0:
        n |= 64
        x >>= 64
    if x & (2**32 - 1) == 0:
        n |= 32
        x >>= 32
    if x & (2**16 - 1) == 0:
        n |= 16
        x >>= 16
    if x & (2**8 - 1) == 0:
        n |= 8
        x >>= 8
    if x & 15 == 0:
        n |= 4
        x >>= 4
    if x & 3 == 0:
        n |= 2
        x >>= 2
    if x & 1 == 0:
        n |= 1
    return n
