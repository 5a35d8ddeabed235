"""Grow a titanoboa chain by N identical operations in seconds: two real calls, then their
exact storage effects extrapolated to the other N - 2.

Why: py-evm runs ~100 buy_cover + submit_claim pairs a second, so 10,000 real claims take
minutes. But N operations of one shape (same amounts, same block time, consecutive ids or
fresh addresses) leave a storage that is linear in the operation's index:

- slots both operations wrote (totals, balances, counters, packed aggregates) move by the
  same delta each time: final = before + N x delta (checked: the 2nd delta must equal the 1st);
- slots only one operation wrote are that operation's own records (a cover, a claim, a stake,
  an allowance), at keccak slots whose preimage contains the operation's key (an id or an
  address); the i-th record sits at the same preimage with the i-th key, and its value moves
  by the same delta per index (packed ids inside values are linear too).

Anything that does not fit (a delta that changes, a record without a twin) raises instead of
guessing. tests/python/bench/test_bench_populate.py proves the result identical, slot for slot,
to N real operations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import boa
from eth_utils import keccak

MOD = 2**256
Tree = Any  # bytes (a leaf word) or tuple[Tree, Tree] (a keccak of two words)


class PopulateError(RuntimeError):
    """The operation is not linear in its index; populate with real calls instead."""


def _word(x: int) -> bytes:
    return x.to_bytes(32, "big")


def _tree(word: bytes, trace: dict[bytes, bytes], depth: int = 0) -> Tree:
    pre = trace.get(word)
    if pre is None or depth > 4:
        return word
    return (_tree(pre[:32], trace, depth + 1), _tree(pre[32:], trace, depth + 1))


def _slot(tree: Tree) -> bytes:
    if isinstance(tree, bytes):
        return tree
    return keccak(_slot(tree[0]) + _slot(tree[1]))


Leaf = tuple[tuple[int, ...], bytes, bytes]


def _diff(a: Tree, b: Tree, path: tuple[int, ...] = ()) -> list[Leaf] | None:
    """Leaves where two trees of one shape differ; None when the shapes differ."""
    if isinstance(a, bytes) or isinstance(b, bytes):
        if isinstance(a, bytes) and isinstance(b, bytes):
            return [] if a == b else [(path, a, b)]
        return None
    left = _diff(a[0], b[0], path + (0,))
    right = _diff(a[1], b[1], path + (1,))
    if left is None or right is None:
        return None
    return left + right


def _replace(tree: Tree, path: tuple[int, ...], leaf: bytes) -> Tree:
    if not path:
        return leaf
    if path[0] == 0:
        return (_replace(tree[0], path[1:], leaf), tree[1])
    return (tree[0], _replace(tree[1], path[1:], leaf))


def _touched() -> dict[Any, set[int]]:
    return {a: set(s) for a, s in boa.env.sstore_trace.items()}


def _read(slots: dict[Any, set[int]]) -> dict[tuple[Any, int], int]:
    return {(a, s): boa.env.get_storage(a, s) for a, ss in slots.items() for s in ss}


def extrapolate(
    op: Callable[[int], Any], n: int, keys: Sequence[bytes] | None = None
) -> dict[tuple[Any, int], int]:
    """Run op(0) and op(1) for real, then write the storage op(2) .. op(n - 1) would leave.

    op(i): one operation for the i-th entity, all at the same block time.
    keys: the 32-byte key of each entity when keys are not consecutive integers (addresses);
    by default a record's key moves by the same step as between op(0) and op(1).
    Returns the storage written: {(address, slot): value}.
    """
    if n < 2:
        for i in range(n):
            op(i)
        return {}
    # which slots do the operations write? (dry run, rolled back)
    boa.env.sstore_trace = {}
    with boa.env.anchor():
        op(0)
        first = _touched()
        boa.env.sstore_trace = {}
        op(1)
        second = _touched()
    union = {a: first.get(a, set()) | second.get(a, set()) for a in set(first) | set(second)}
    before = _read(union)
    op(0)
    after1 = _read(union)
    op(1)
    after2 = _read(union)
    trace = {bytes(k).rjust(32, b"\0"): bytes(v) for k, v in boa.env.sha3_trace.items()}
    writes: dict[tuple[Any, int], int] = {}

    for addr in set(first) | set(second):
        s1, s2 = first.get(addr, set()), second.get(addr, set())
        for slot in s1 & s2:  # shared: totals, balances, counters
            v0, v1, v2 = before[addr, slot], after1[addr, slot], after2[addr, slot]
            delta = (v1 - v0) % MOD
            if (v2 - v1) % MOD != delta:
                raise PopulateError(f"slot {slot:#x} of {addr} does not move linearly")
            writes[addr, slot] = (v0 + n * delta) % MOD
        own1 = {s: _tree(_word(s), trace) for s in s1 - s2}
        own2 = {s: _tree(_word(s), trace) for s in s2 - s1}
        for slot2, tree2 in own2.items():  # records: find the first operation's twin
            twins = []
            for slot1, tree1 in own1.items():
                d = _diff(tree1, tree2)
                if d is not None and len(d) == 1:
                    twins.append((slot1, tree1, d[0]))
            if len(twins) != 1:
                raise PopulateError(f"record slot {slot2:#x} of {addr} has {len(twins)} twins")
            slot1, tree1, (path, k1, k2) = twins[0]
            v1, v2 = after1[addr, slot1], after2[addr, slot2]
            step = (int.from_bytes(k2, "big") - int.from_bytes(k1, "big")) % MOD
            vstep = (v2 - v1) % MOD
            for i in range(2, n):
                if keys is not None:
                    key = keys[i]
                else:
                    key = _word((int.from_bytes(k1, "big") + i * step) % MOD)
                slot = int.from_bytes(_slot(_replace(tree1, path, key)), "big")
                writes[addr, slot] = (v1 + i * vstep) % MOD
            own1.pop(slot1)
        if own1:
            raise PopulateError(f"{len(own1)} record slots of {addr} written once only")
    for (addr, slot), value in writes.items():
        boa.env.set_storage(addr, slot, value)
    return writes
