"""Derived rows during one batch: read once, changed in memory, written at the end, with
an undo entry for every row an event of a recent block changes (the reorg window).

Rows are plain dicts of column -> Python value. `get` returns a copy; `put` stores a new
version and, for a block above `undo_floor`, records the version it replaces the first
time the row changes in that block. Rolling back to block B (`rollback`) writes back,
newest first, every recorded version above B: what remains is the state at B.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, tuple_, update

from safetynet.indexer.models import DERIVED_TABLES, Base, Block, Cursor, Event, UndoEntry

Key = tuple[Any, ...]
TABLES: dict[str, Table] = {m.__tablename__: m.__table__ for m in DERIVED_TABLES}  # type: ignore[misc]


def _pk_columns(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


class Store:
    """The derived rows one batch reads and writes (see the module docstring)."""

    def __init__(self, conn: Connection, undo_floor: int) -> None:
        self.conn = conn
        self.undo_floor = undo_floor
        self._rows: dict[tuple[str, Key], dict[str, Any] | None] = {}
        self._in_db: dict[tuple[str, Key], bool] = {}
        self._dirty: dict[tuple[str, Key], None] = {}
        self._snapshotted: set[tuple[str, Key, int]] = set()
        self._undo: list[dict[str, Any]] = []

    def get(self, model: type[Base], *pk: Any) -> dict[str, Any] | None:
        """The row with primary key `pk` as the batch sees it now (a copy), or None."""
        name = model.__tablename__
        key = (name, pk)
        if key not in self._rows:
            self.prefetch(model, [pk])
        row = self._rows[key]
        return dict(row) if row is not None else None

    def prefetch(self, model: type[Base], pks: list[Key]) -> None:
        """Load many rows in one query (those not loaded yet)."""
        name = model.__tablename__
        table = TABLES[name]
        cols = _pk_columns(table)
        wanted = [pk for pk in dict.fromkeys(pks) if (name, pk) not in self._rows]
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            if len(cols) == 1:
                where = table.c[cols[0]].in_([pk[0] for pk in part])
            else:
                where = tuple_(*(table.c[c] for c in cols)).in_(part)
            for row in self.conn.execute(select(table).where(where)).mappings():
                pk = tuple(row[c] for c in cols)
                self._rows[(name, pk)] = dict(row)
                self._in_db[(name, pk)] = True
            for pk in part:
                if (name, pk) not in self._rows:
                    self._rows[(name, pk)] = None
                    self._in_db[(name, pk)] = False

    def put(self, model: type[Base], row: dict[str, Any], block: int) -> None:
        """Store a new version of a row, changed by an event of `block`."""
        name = model.__tablename__
        pk = tuple(row[c] for c in _pk_columns(TABLES[name]))
        key = (name, pk)
        if key not in self._rows:
            self.prefetch(model, [pk])
        if block > self.undo_floor and (name, pk, block) not in self._snapshotted:
            self._snapshotted.add((name, pk, block))
            before = self._rows[key]
            self._undo.append({
                "block_number": block, "table_name": name, "pk": json.dumps(list(pk)),
                "before": None if before is None else json.dumps(before),
            })  # fmt: skip
        self._rows[key] = dict(row)
        self._dirty[key] = None

    def flush(self) -> int:
        """Write every changed row and the undo entries; returns rows written."""
        inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        updates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key in self._dirty:
            row = self._rows[key]
            if row is None:
                continue
            (inserts if not self._in_db[key] else updates)[key[0]].append(row)
        for name, rows in inserts.items():
            self.conn.execute(insert(TABLES[name]), rows)
        for name, rows in updates.items():
            table = TABLES[name]
            cols = _pk_columns(table)
            stmt = (
                update(table)
                .where(and_(*(table.c[c] == bindparam(f"k_{c}") for c in cols)))
                .values({c.name: bindparam(f"v_{c.name}") for c in table.columns})
            )
            params = [
                {**{f"k_{c}": r[c] for c in cols}, **{f"v_{k}": v for k, v in r.items()}}
                for r in rows
            ]
            self.conn.execute(stmt, params)
        if self._undo:
            self.conn.execute(insert(UndoEntry.__table__), self._undo)
        for key in self._dirty:
            self._in_db[key] = self._rows[key] is not None
        written = len(self._dirty)
        self._dirty.clear()
        self._undo.clear()
        return written


def rollback(conn: Connection, block: int) -> int:
    """Undo everything above `block`: derived rows back to their state at `block` (from the
    undo log, newest first), events and blocks above it deleted, the cursor set to it.
    Returns the number of derived rows restored."""
    entries = conn.execute(
        select(UndoEntry.table_name, UndoEntry.pk, UndoEntry.before)
        .where(UndoEntry.block_number > block)
        .order_by(UndoEntry.id.desc())
    ).all()
    for name, pk_json, before in entries:
        table = TABLES[name]
        cols = _pk_columns(table)
        pk = json.loads(pk_json)
        conn.execute(
            delete(table).where(and_(*(table.c[c] == v for c, v in zip(cols, pk, strict=True))))
        )
        if before is not None:
            conn.execute(insert(table), [json.loads(before)])
    conn.execute(delete(UndoEntry.__table__).where(UndoEntry.block_number > block))
    conn.execute(delete(Event.__table__).where(Event.block_number > block))
    conn.execute(delete(Block.__table__).where(Block.number > block))
    kept = conn.execute(select(Block.hash, Block.timestamp).where(Block.number == block)).first()
    if kept is None:
        raise RuntimeError(f"block {block} is not in the reorg window")
    conn.execute(
        update(Cursor.__table__).values(
            block_number=block, block_hash=kept.hash, block_timestamp=kept.timestamp
        )
    )
    return len(entries)
