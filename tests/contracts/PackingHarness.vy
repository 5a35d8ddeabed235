# pragma version ~=0.4.3
"""
@title PackingHarness
@license AGPL-3.0-only
@notice Exposes the storage packing helpers (modules/packing.vy) for round-trip
        and overflow tests.
@custom:security Tests only.
@custom:kill None.
"""

from safetynet.contracts.modules import packing


@external
@pure
def cover_head(owner: address, product_id: uint256, start: uint256, end: uint256) -> uint256:
    return packing.pack_cover_head(owner, product_id, start, end)


@external
@pure
def unpack_cover_head(word: uint256) -> (address, uint256, uint256, uint256):
    return packing.unpack_cover_head(word)


@external
@pure
def set_cover_owner(word: uint256, owner: address) -> uint256:
    return packing.set_cover_owner(word, owner)


@external
@pure
def pair128(low: uint256, high: uint256) -> uint256:
    return packing.pack_pair128(low, high)


@external
@pure
def unpack_pair128(word: uint256) -> (uint256, uint256):
    return packing.unpack_pair128(word)


@external
@pure
def book(unearned_scaled: uint256, rate: uint256, last_update: uint256) -> uint256:
    return packing.pack_book(unearned_scaled, rate, last_update)


@external
@pure
def unpack_book(word: uint256) -> (uint256, uint256, uint256):
    return packing.unpack_book(word)


@external
@pure
def triple(low: uint256, mid: uint256, high: uint256) -> uint256:
    return packing.pack_triple(low, mid, high)


@external
@pure
def unpack_triple(word: uint256) -> (uint256, uint256, uint256):
    return packing.unpack_triple(word)


@external
@pure
def sale(s: packing.Sale) -> uint256:
    return packing.pack_sale(s)


@external
@pure
def unpack_sale(word: uint256) -> packing.Sale:
    return packing.unpack_sale(word)


@external
@pure
def set_sale_active(word: uint256, active: uint256, last_day: uint256) -> uint256:
    return packing.set_sale_active(word, active, last_day)


@external
@pure
def totals(active: uint256, base: uint256, cover_count: uint256) -> uint256:
    return packing.pack_totals(active, base, cover_count)


@external
@pure
def unpack_totals(word: uint256) -> (uint256, uint256, uint256):
    return packing.unpack_totals(word)


@external
@pure
def money(amount: uint256, premium: uint256, paid: uint256) -> uint256:
    return packing.pack_money(amount, premium, paid)


@external
@pure
def unpack_money(word: uint256) -> (uint256, uint256, uint256):
    return packing.unpack_money(word)


@external
@pure
def add_paid(word: uint256, amount: uint256) -> uint256:
    return packing.add_paid(word, amount)


@external
@pure
def cover_fields(head: uint256, money: uint256) -> (address, uint256, uint256, uint256, uint256):
    return (
        packing.cover_owner(head),
        packing.cover_product(head),
        packing.cover_start(head),
        packing.cover_end(head),
        packing.cover_amount(money),
    )
