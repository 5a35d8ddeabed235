# pragma version ~=0.4.3
"""
@title Premium book: unearned premium and active cover with daily expiry buckets
@license AGPL-3.0-only
@notice Keeps the pool-wide active cover amount and the premium not yet earned.
        Each cover adds its amount and a per-second earning rate; both leave the
        book at the first day boundary at or after the cover's end, found in an
        expiry bucket. Nothing loops over covers: catching up visits only the
        days that have a bucket (a day bitmap finds them), and only while some
        cover is still active.
@dev Premium is earned linearly from purchase to the expiry boundary. Rates are
     scaled by 2**32 and rounded up, so every cover is fully earned by its
     boundary; the unearned figure never goes below zero. `unearned()` rounds up
     so `totalAssets()` rounds in the pool's favour.
"""

from . import day_bitmap
from . import packing

initializes: day_bitmap

# @dev Expiry buckets are one day wide.
DAY: constant(uint256) = 86_400
# @dev Fixed-point scale of earning rates and of unearned premium.
SCALE: constant(uint256) = 2**32
# @dev The most day boundaries one catch-up may cross; covers never outlive it
# (max period 730 days + max waiting 30 days + 1 boundary).
MAX_BOOK_DAYS: constant(uint256) = 800
# @dev Steps of one catch-up: a day with a bucket, or a bitmap word without one
# (800 days span at most 5 words).
MAX_BOOK_STEPS: constant(uint256) = MAX_BOOK_DAYS + 5
# @dev The book's space in the day bitmap (the module's only one).
BOOK_SPACE: constant(uint256) = 0


# @dev unearned_scaled | rate | last_update (see packing).
book: uint256
# @dev active | base | cover_count, one slot (packing.pack_totals): the pool-wide
# insured amount of covers not yet past their expiry boundary, the pool's
# accounted assets (deposits + net premiums - withdrawals - payouts; unearned
# premium included), and the number of covers ever booked (Cover's id sequence).
totals: uint256
# @dev Expiry day index (timestamp // DAY) => amount | rate leaving the book then.
buckets: public(HashMap[uint256, uint256])


@deploy
def __init__():
    self.book = packing.pack_book(0, 0, block.timestamp)


@internal
@view
def _caught_up() -> (uint256, uint256, uint256, uint256):
    """
    @dev The book as it stands now. Premium is earned at the running rate up to
         each day boundary crossed since the last update where covers expire;
         there the day's bucket takes its rate and amount off the book. Days
         with no bucket change nothing but the time, so the walk skips them:
         the day bitmap names the next day with a bucket, and the premium of the
         whole stretch is earned in one subtraction (capped at zero, which is
         what capping each day's share at zero adds up to). Stops as soon as the
         rate is zero (no cover left with premium to earn, hence no bucket left
         ahead). Crossing a single boundary reads its bucket directly: the
         bitmap word would cost the same cold read.
    @return unearned_scaled, rate, active, the current time.
    """
    unearned: uint256 = 0
    rate: uint256 = 0
    last: uint256 = 0
    unearned, rate, last = packing.unpack_book(self.book)
    active: uint256 = packing.unpack_totals(self.totals)[0]
    now: uint256 = block.timestamp
    if last >= now:
        return unearned, rate, active, now
    day: uint256 = last // DAY + 1
    today: uint256 = now // DAY
    skip: bool = day < today
    for _: uint256 in range(MAX_BOOK_STEPS):
        if rate == 0 or day > today:
            break
        if skip:
            marked: bool = False
            day, marked = day_bitmap.next_marked(BOOK_SPACE, day)
            if not marked or day > today:
                continue
        boundary: uint256 = day * DAY
        unearned -= min(unearned, rate * (boundary - last))
        amount: uint256 = 0
        leaving_rate: uint256 = 0
        amount, leaving_rate = packing.unpack_pair128(self.buckets[day])
        rate -= leaving_rate
        active -= amount
        last = boundary
        day += 1
    unearned -= min(unearned, rate * (now - last))
    return unearned, rate, active, now


@internal
def checkpoint():
    """
    @dev Write the caught-up book back to storage.
    """
    unearned: uint256 = 0
    rate: uint256 = 0
    active: uint256 = 0
    now: uint256 = 0
    unearned, rate, active, now = self._caught_up()
    self.book = packing.pack_book(unearned, rate, now)
    old_active: uint256 = 0
    base: uint256 = 0
    count: uint256 = 0
    old_active, base, count = packing.unpack_totals(self.totals)
    self.totals = packing.pack_totals(active, base, count)


@internal
def add(amount: uint256, net_premium: uint256, cover_end: uint256) -> (uint256, uint256, uint256):
    """
    @dev Catch the book up and book a new cover with its net premium (which
         joins the pool's assets as unearned premium), writing each slot once.
         The cover earns from now to the day boundary at or after its end.
    @return The new cover count (the cover's id), active cover and total
            assets (assets less unearned premium) after booking.
    """
    unearned: uint256 = 0
    rate: uint256 = 0
    active: uint256 = 0
    now: uint256 = 0
    unearned, rate, active, now = self._caught_up()
    old_active: uint256 = 0
    base: uint256 = 0
    count: uint256 = 0
    old_active, base, count = packing.unpack_totals(self.totals)
    expiry_day: uint256 = (cover_end + DAY - 1) // DAY
    window: uint256 = expiry_day * DAY - now
    rate_i: uint256 = (net_premium * SCALE + window - 1) // window
    unearned += net_premium * SCALE
    active += amount
    base += net_premium
    count += 1
    self.book = packing.pack_book(unearned, rate + rate_i, now)
    self.totals = packing.pack_totals(active, base, count)
    bucket_amount: uint256 = 0
    bucket_rate: uint256 = 0
    bucket_amount, bucket_rate = packing.unpack_pair128(self.buckets[expiry_day])
    self.buckets[expiry_day] = packing.pack_pair128(bucket_amount + amount, bucket_rate + rate_i)
    if (bucket_amount | bucket_rate) == 0:
        # @dev Only a new bucket touches the bitmap: the sales that find their
        # day's bucket already there (most of them) pay nothing for it.
        day_bitmap.mark(BOOK_SPACE, expiry_day)
    return count, active, base - (unearned + SCALE - 1) // SCALE


@internal
@view
def base() -> uint256:
    """
    @dev The pool's accounted assets, unearned premium included.
    """
    return packing.unpack_totals(self.totals)[1]


@internal
def set_base(base: uint256):
    active: uint256 = 0
    old_base: uint256 = 0
    count: uint256 = 0
    active, old_base, count = packing.unpack_totals(self.totals)
    self.totals = packing.pack_totals(active, base, count)


@internal
@view
def cover_count() -> uint256:
    return packing.unpack_totals(self.totals)[2]


@internal
@view
def active_stored() -> uint256:
    """
    @dev Active cover as of the last checkpoint (current right after one).
    """
    return packing.unpack_totals(self.totals)[0]


@internal
@view
def unearned() -> uint256:
    """
    @dev Unearned premium now, in asset units, rounded up.
    """
    unearned_scaled: uint256 = self._caught_up()[0]
    return (unearned_scaled + SCALE - 1) // SCALE


@internal
@view
def active_now() -> uint256:
    return self._caught_up()[2]
