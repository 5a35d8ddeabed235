# pragma version ~=0.4.3
"""
@title SafetyNet storage packing
@license AGPL-3.0-only
@notice Bit layouts of the hot records, in one place: a cover in two slots,
        the pool's premium book in one, an expiry bucket in one, a product's
        sale state in one. Every pack checks that its fields fit.
@dev Layouts (low bits first):
     cover head:    owner 160 | product_id 32 | start 32 | end 32
     cover money:   amount 84 | paid 84 | premium 88 (premium <= 4 x amount)
     premium book:  unearned_scaled 120 | rate 96 | last_update 40
     bucket:        amount 128 | rate 128
     pool totals:   active 96 | base 128 | cover_count 32
     request:       shares 128 | ready_at 64 | expires_at 64
     claim lock:    exponent 8 | mantissa 48 (a float rounded up, pack_lock)
     product sale:  annual_rate_bps 14 | kind 2 | flags 2 | last_day 16
                    | valid_until_hours 20 | waiting_hours 10 | min_days 10
                    | max_days 10 | capacity 86 | active 86
                    (days and hours counted from Cover's deployment day)
"""

MASK_10: constant(uint256) = 2**10 - 1
MASK_14: constant(uint256) = 2**14 - 1
MASK_16: constant(uint256) = 2**16 - 1
MASK_20: constant(uint256) = 2**20 - 1
MASK_84: constant(uint256) = 2**84 - 1
MASK_86: constant(uint256) = 2**86 - 1
MASK_88: constant(uint256) = 2**88 - 1
MASK_32: constant(uint256) = 2**32 - 1
MASK_40: constant(uint256) = 2**40 - 1
MASK_96: constant(uint256) = 2**96 - 1
MASK_120: constant(uint256) = 2**120 - 1
MASK_128: constant(uint256) = 2**128 - 1
MASK_160: constant(uint256) = 2**160 - 1
MASK_48: constant(uint256) = 2**48 - 1
MASK_176: constant(uint256) = 2**176 - 1
# @dev Mantissa width of a claim's lock code (pack_lock).
LOCK_MANTISSA: constant(uint256) = 48


# @dev A product's hot state, unpacked (see pack_sale).
struct Sale:
    annual_rate_bps: uint256
    kind: uint256
    flags: uint256
    last_day: uint256
    valid_until_hours: uint256
    waiting_hours: uint256
    min_days: uint256
    max_days: uint256
    capacity: uint256
    active: uint256


@internal
@pure
def pack_cover_head(owner: address, product_id: uint256, start: uint256, end: uint256) -> uint256:
    assert (
        product_id <= MASK_32 and start <= MASK_32 and end <= MASK_32
    ), "packing: cover head overflow"
    return convert(owner, uint256) | (product_id << 160) | (start << 192) | (end << 224)


@internal
@pure
def unpack_cover_head(word: uint256) -> (address, uint256, uint256, uint256):
    return (
        convert(convert(word & MASK_160, uint160), address),
        (word >> 160) & MASK_32,
        (word >> 192) & MASK_32,
        word >> 224,
    )


@internal
@pure
def cover_owner(word: uint256) -> address:
    return convert(convert(word & MASK_160, uint160), address)


@internal
@pure
def cover_start(word: uint256) -> uint256:
    return (word >> 192) & MASK_32


@internal
@pure
def cover_amount(word: uint256) -> uint256:
    """
    @dev A cover's amount from its money word (pack_money).
    """
    return word & MASK_84


@internal
@pure
def cover_product(word: uint256) -> uint256:
    return (word >> 160) & MASK_32


@internal
@pure
def cover_end(word: uint256) -> uint256:
    return word >> 224


@internal
@pure
def set_cover_owner(word: uint256, owner: address) -> uint256:
    return (word & ~MASK_160) | convert(owner, uint256)


@internal
@pure
def pack_money(amount: uint256, premium: uint256, paid: uint256) -> uint256:
    """
    @dev A cover's amount, what has been paid on it and its premium, in one slot, so a
         payout rewrites a warm slot instead of creating one.
    """
    assert (
        amount <= MASK_84 and paid <= MASK_84 and premium <= MASK_88
    ), "packing: cover amount overflow"
    return amount | (paid << 84) | (premium << 168)


@internal
@pure
def unpack_money(word: uint256) -> (uint256, uint256, uint256):
    """
    @dev amount, premium, paid.
    """
    return word & MASK_84, word >> 168, (word >> 84) & MASK_84


@internal
@pure
def add_paid(word: uint256, amount: uint256) -> uint256:
    """
    @dev Add to a cover's paid figure; the caller checks paid + amount <= cover amount.
    """
    return word + (amount << 84)


@internal
@pure
def pack_pair128(low: uint256, high: uint256) -> uint256:
    assert low <= MASK_128 and high <= MASK_128, "packing: amount overflow"
    return low | (high << 128)


@internal
@pure
def unpack_pair128(word: uint256) -> (uint256, uint256):
    return word & MASK_128, word >> 128


@internal
@pure
def pack_book(unearned_scaled: uint256, rate: uint256, last_update: uint256) -> uint256:
    assert unearned_scaled <= MASK_120, "packing: unearned premium overflow"
    assert rate <= MASK_96, "packing: premium rate overflow"
    assert last_update <= MASK_40, "packing: time overflow"
    return unearned_scaled | (rate << 120) | (last_update << 216)


@internal
@pure
def unpack_book(word: uint256) -> (uint256, uint256, uint256):
    return word & MASK_120, (word >> 120) & MASK_96, word >> 216


@internal
@pure
def pack_triple(low: uint256, mid: uint256, high: uint256) -> uint256:
    """
    @dev 176 | 40 | 40: withdrawal requests (shares, then two timestamps good to
         the year 36812). CapitalPool keeps its share supply within 176 bits.
    """
    assert low <= MASK_176 and mid <= MASK_40 and high <= MASK_40, "packing: field overflow"
    return low | (mid << 176) | (high << 216)


@internal
@pure
def unpack_triple(word: uint256) -> (uint256, uint256, uint256):
    return word & MASK_176, (word >> 176) & MASK_40, word >> 216


@internal
@pure
def pack_sale(sale: Sale) -> uint256:
    """
    @dev Everything a sale reads and writes about its product, in one slot.
    """
    assert (
        sale.annual_rate_bps <= MASK_14 and sale.kind <= 3 and sale.flags <= 3
    ), "packing: product overflow"
    assert (
        sale.last_day <= MASK_16 and sale.valid_until_hours <= MASK_20
    ), "packing: product time overflow"
    assert (
        sale.waiting_hours <= MASK_10 and sale.min_days <= MASK_10 and sale.max_days <= MASK_10
    ), "packing: product period overflow"
    assert sale.capacity <= MASK_86 and sale.active <= MASK_86, "packing: product amount overflow"
    return (
        sale.annual_rate_bps
        | (sale.kind << 14)
        | (sale.flags << 16)
        | (sale.last_day << 18)
        | (sale.valid_until_hours << 34)
        | (sale.waiting_hours << 54)
        | (sale.min_days << 64)
        | (sale.max_days << 74)
        | (sale.capacity << 84)
        | (sale.active << 170)
    )


@internal
@pure
def unpack_sale(word: uint256) -> Sale:
    return Sale(
        annual_rate_bps=word & MASK_14,
        kind=(word >> 14) & 3,
        flags=(word >> 16) & 3,
        last_day=(word >> 18) & MASK_16,
        valid_until_hours=(word >> 34) & MASK_20,
        waiting_hours=(word >> 54) & MASK_10,
        min_days=(word >> 64) & MASK_10,
        max_days=(word >> 74) & MASK_10,
        capacity=(word >> 84) & MASK_86,
        active=word >> 170,
    )


@internal
@pure
def set_sale_active(word: uint256, active: uint256, last_day: uint256) -> uint256:
    """
    @dev Replace a product's active cover and last processed day; the caller
         guarantees active <= capacity (< 2**84, checked by Cover; the field
         holds 86 bits) and last_day < 2**16.
    """
    return (word & (2**170 - 1) & ~(MASK_16 << 18)) | (last_day << 18) | (active << 170)


@internal
@pure
def pack_totals(active: uint256, base: uint256, cover_count: uint256) -> uint256:
    assert active <= MASK_96, "packing: active cover overflow"
    assert base <= MASK_128, "packing: pool assets overflow"
    assert cover_count <= MASK_32, "packing: cover count overflow"
    return active | (base << 96) | (cover_count << 224)


@internal
@pure
def unpack_totals(word: uint256) -> (uint256, uint256, uint256):
    """
    @dev active, base, cover_count.
    """
    return word & MASK_96, (word >> 96) & MASK_128, word >> 224


@internal
@pure
def pack_lock(lock: uint256) -> uint256:
    """
    @dev A claim's capital lock as a 56-bit float code (exponent 8 | mantissa
         48), rounded UP: the smallest m x 2**e >= lock with m < 2**48. Figures
         below 2**48 (every USDC amount up to 281 million) are their own code;
         above, the rounding is at most 2**-47. The pool locks unpack_lock(code)
         and Claims keeps the code, so the release gives back exactly that.
    """
    if lock >> LOCK_MANTISSA == 0:
        return lock
    # @dev floor(log2(lock)) by binary search: 8 steps, no loop. lock >= 2**48, so
    # n >= 48 and the unsafe_sub after the search cannot underflow.
    n: uint256 = 0
    t: uint256 = lock
    for step: uint256 in [128, 64, 32, 16, 8, 4, 2, 1]:
        if t >> step != 0:
            t = t >> step
            n += step
    e: uint256 = unsafe_sub(n + 1, LOCK_MANTISSA)
    m: uint256 = (lock >> e) + convert(lock & ((1 << e) - 1) != 0, uint256)
    if m >> LOCK_MANTISSA != 0:
        # @dev rounding up carried into a new bit: m == 2**48 exactly.
        m = m >> 1
        e += 1
    return (e << LOCK_MANTISSA) | m


@internal
@pure
def unpack_lock(code: uint256) -> uint256:
    """
    @dev The lock a pack_lock code stands for.
    """
    return (code & MASK_48) << (code >> LOCK_MANTISSA)
