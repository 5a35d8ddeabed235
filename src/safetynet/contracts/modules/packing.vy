# pragma version ~=0.4.3
"""
@title SafetyNet storage packing
@license AGPL-3.0-only
@notice Bit layouts of the hot records, in one place: a cover in two slots,
        the pool's premium book in one, an expiry bucket in one, a product's
        sale state in one. Every pack checks that its fields fit.
@dev Layouts (low bits first):
     cover head:    owner 160 | product_id 32 | start 32 | end 32
     cover money:   amount 128 | premium 128
     premium book:  unearned_scaled 120 | rate 96 | last_update 40
     bucket:        amount 128 | rate 128
     product state: active 128 | last_day 64 | sold_count 64
     request:       shares 128 | ready_at 64 | expires_at 64
     product:       annual_rate_bps 16 | capacity 128 | kind 8 | paused 8
                    | waiting_period 32 | min_period 32 | max_period 32
     attestation:   auditor 160 | valid_until 64
"""

MASK_32: constant(uint256) = 2**32 - 1
MASK_40: constant(uint256) = 2**40 - 1
MASK_64: constant(uint256) = 2**64 - 1
MASK_96: constant(uint256) = 2**96 - 1
MASK_120: constant(uint256) = 2**120 - 1
MASK_128: constant(uint256) = 2**128 - 1
MASK_160: constant(uint256) = 2**160 - 1


@internal
@pure
def pack_cover_head(owner: address, product_id: uint256, start: uint256, end: uint256) -> uint256:
    assert product_id <= MASK_32 and start <= MASK_32 and end <= MASK_32, "packing: cover head overflow"
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
def set_cover_owner(word: uint256, owner: address) -> uint256:
    return (word & ~MASK_160) | convert(owner, uint256)


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
    @dev 128 | 64 | 64: product sale state and withdrawal requests.
    """
    assert low <= MASK_128 and mid <= MASK_64 and high <= MASK_64, "packing: field overflow"
    return low | (mid << 128) | (high << 192)


@internal
@pure
def unpack_triple(word: uint256) -> (uint256, uint256, uint256):
    return word & MASK_128, (word >> 128) & MASK_64, word >> 192


@internal
@pure
def pack_product(
    annual_rate_bps: uint256,
    capacity: uint256,
    kind: uint256,
    paused: bool,
    waiting_period: uint256,
    min_period: uint256,
    max_period: uint256,
) -> uint256:
    assert annual_rate_bps <= 2**16 - 1 and capacity <= MASK_128 and kind <= 255, "packing: product overflow"
    assert waiting_period <= MASK_32 and min_period <= MASK_32 and max_period <= MASK_32, "packing: product overflow"
    return (
        annual_rate_bps
        | (capacity << 16)
        | (kind << 144)
        | (convert(paused, uint256) << 152)
        | (waiting_period << 160)
        | (min_period << 192)
        | (max_period << 224)
    )


@internal
@pure
def unpack_product(word: uint256) -> (uint256, uint256, uint256, bool, uint256, uint256, uint256):
    """
    @dev annual_rate_bps, capacity, kind, paused, waiting_period, min_period, max_period.
    """
    return (
        word & (2**16 - 1),
        (word >> 16) & MASK_128,
        (word >> 144) & 255,
        (word >> 152) & 255 == 1,
        (word >> 160) & MASK_32,
        (word >> 192) & MASK_32,
        word >> 224,
    )


@internal
@pure
def pack_attestation(auditor: address, valid_until: uint256) -> uint256:
    assert valid_until <= MASK_64, "packing: time overflow"
    return convert(auditor, uint256) | (valid_until << 160)


@internal
@pure
def unpack_attestation(word: uint256) -> (address, uint256):
    return convert(convert(word & MASK_160, uint160), address), word >> 160
