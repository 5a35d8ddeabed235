"""The batch store and its undo log: rolling back to block B leaves every derived row as it
was at B, whatever happened above it (and across batches)."""

from __future__ import annotations

from sqlalchemy import insert, select

from safetynet.indexer.models import Block, Cover, Cursor, Event, Totals, UndoEntry
from safetynet.indexer.store import Store, rollback

ZERO_HASH = "0x" + "00" * 32


def _cover(cover_id: int, owner: str, paid: int, block: int) -> dict:
    return {
        "cover_id": cover_id, "product_id": 0, "owner": owner, "amount": 10**30,
        "premium": 5, "start": 1, "end": 2, "paid": paid, "remaining": 10**30 - paid,
        "held": 0, "status": "open", "open_claim_id": None, "claims": 0,
        "bought_block": block, "bought_at": 0, "bought_tx": ZERO_HASH, "updated_block": block,
    }  # fmt: skip


def _totals(covers: int) -> dict:
    return {
        "name": "all", "covers": covers, "cover_amount": 0, "premiums": 0, "claims": 0,
        "claims_accepted": 0, "claims_rejected": 0, "paid_assessed": 0, "paid_parametric": 0,
        "incidents": 0, "deposits": 0, "withdrawals": 0,
    }  # fmt: skip


def _setup_chain(conn, blocks: range) -> None:
    conn.execute(insert(Cursor.__table__).values(
        name="main", chain_id=1, pool_address="0x" + "11" * 20, first_block=1,
        block_number=blocks[-1], block_hash=f"0x{blocks[-1]:064x}", block_timestamp=0,
        updated_at=0.0,
    ))  # fmt: skip
    conn.execute(insert(Block.__table__), [
        {"number": n, "hash": f"0x{n:064x}", "parent_hash": ZERO_HASH, "timestamp": n}
        for n in blocks
    ])  # fmt: skip
    conn.execute(insert(Event.__table__), [{
        "block_number": n, "log_index": 0, "block_hash": f"0x{n:064x}", "block_timestamp": n,
        "tx_hash": ZERO_HASH, "tx_index": 0, "address": "0x" + "11" * 20, "contract": "cover",
        "name": "CoverBought", "args": "{}",
    } for n in blocks])  # fmt: skip


def _state(conn) -> dict:
    covers = {c.cover_id: (c.owner, c.paid) for c in conn.execute(select(Cover.__table__))}
    totals = conn.execute(select(Totals.covers)).scalar_one_or_none()
    return {"covers": covers, "totals": totals}


def test_rollback__changes_over_two_batches__state_at_the_block_restored(engine):
    with engine.begin() as conn:
        _setup_chain(conn, range(1, 9))
        store = Store(conn, undo_floor=0)
        store.put(Cover, _cover(1, "0xa", 0, 2), 2)
        store.put(Totals, _totals(1), 2)
        store.put(Cover, _cover(2, "0xb", 0, 3), 3)
        store.put(Totals, _totals(2), 3)
        row = store.get(Cover, 1)
        row["owner"] = "0xc"
        store.put(Cover, row, 3)
        row["owner"] = "0xd"  # twice in one block: one undo entry keeps the block's before
        store.put(Cover, row, 3)
        store.flush()
    with engine.connect() as conn:
        at_3 = _state(conn)
    with engine.begin() as conn:  # the next batch
        store = Store(conn, undo_floor=0)
        row = store.get(Cover, 1)
        row["paid"] = 7
        store.put(Cover, row, 5)
        store.put(Cover, _cover(3, "0xe", 0, 6), 6)
        store.put(Totals, _totals(3), 6)
        store.flush()
    with engine.begin() as conn:
        rollback(conn, 4)
        assert _state(conn) == at_3 == {"covers": {1: ("0xd", 0), 2: ("0xb", 0)}, "totals": 2}
        assert conn.execute(select(Cursor.block_number)).scalar_one() == 4
        assert conn.execute(select(Event.block_number).order_by(Event.block_number.desc())
                            ).scalars().first() == 4  # fmt: skip
        assert conn.execute(select(UndoEntry.id).where(UndoEntry.block_number > 4)).first() is None
    with engine.begin() as conn:
        rollback(conn, 2)
        assert _state(conn) == {"covers": {1: ("0xa", 0)}, "totals": 1}
        rollback(conn, 1)
        assert _state(conn) == {"covers": {}, "totals": None}


def test_store__changes_below_the_undo_floor__no_undo_entry(engine):
    with engine.begin() as conn:
        store = Store(conn, undo_floor=10)
        store.put(Cover, _cover(1, "0xa", 0, 9), 9)
        store.put(Cover, _cover(2, "0xa", 0, 11), 11)
        store.flush()
        blocks = conn.execute(select(UndoEntry.block_number)).scalars().all()
    assert blocks == [11]
