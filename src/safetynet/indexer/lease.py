"""One active replica per service: a lease row with a heartbeat, on SQLite and PostgreSQL.

Replicas of a service (the indexer, the keeper) share one database. Each calls `acquire()`
until it returns True, then renews the lease more often than it expires. A replica that
dies stops renewing; `ttl` seconds later another one acquires it. Fencing: the active
replica renews *inside* each transaction that writes (`renew(conn)` first thing), so a
replica that lost the lease (paused past its expiry, cut from the database) finds out
before writing anything, and the renewal's row lock makes a takeover wait for a batch in
flight to commit.

Clocks: expiry is compared with each replica's wall clock; replicas on different hosts
need clocks synchronised well within `ttl` (NTP does that).
"""

from __future__ import annotations

import os
import secrets
import socket
import time

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from safetynet.indexer.models import Lease
from safetynet.service.loop import LeaseLost

DEFAULT_TTL = 6.0  # seconds: a dead replica is replaced within ttl + the standby's poll


def replica_id() -> str:
    """host:pid:random — unique per process, readable in the table."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class DbLease:
    """The lease `name` in `engine`'s `leases` table, held as `holder`."""

    def __init__(self, engine: Engine, name: str, holder: str | None = None,
                 ttl: float = DEFAULT_TTL) -> None:  # fmt: skip
        self.engine = engine
        self.name = name
        self.holder = holder or replica_id()
        self.ttl = ttl

    def acquire(self) -> bool:
        """Take the lease if it is free, expired or already ours; True when held."""
        now = time.time()
        table = Lease.__table__
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(table)
                .where(table.c.name == self.name)
                .where((table.c.holder == self.holder) | (table.c.expires_at < now))
                .values(holder=self.holder, expires_at=now + self.ttl, acquired_at=now)
            ).rowcount
            if taken == 1:
                return True
            exists = conn.execute(select(table.c.name).where(table.c.name == self.name)).first()
        if exists is not None:
            return False
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(table).values(
                        name=self.name,
                        holder=self.holder,
                        expires_at=now + self.ttl,
                        acquired_at=now,
                    )
                )
            return True
        except IntegrityError:  # another replica inserted it first
            return False

    def renew(self, conn: Connection) -> None:
        """Extend the lease inside the caller's transaction; LeaseLost if it is not ours
        any more (expired or taken)."""
        now = time.time()
        table = Lease.__table__
        renewed = conn.execute(
            update(table)
            .where(table.c.name == self.name, table.c.holder == self.holder,
                   table.c.expires_at >= now)
            .values(expires_at=now + self.ttl)
        ).rowcount  # fmt: skip
        if renewed != 1:
            raise LeaseLost(f"lease {self.name!r} lost: another replica is active")

    def heartbeat(self) -> None:
        """Renew in a transaction of its own (between batches)."""
        with self.engine.begin() as conn:
            self.renew(conn)

    def release(self) -> None:
        """Give the lease up (a clean stop), so a standby takes over at once."""
        table = Lease.__table__
        with self.engine.begin() as conn:
            conn.execute(
                update(table)
                .where(table.c.name == self.name, table.c.holder == self.holder)
                .values(expires_at=0.0)
            )

    def holder_now(self) -> str | None:
        """Who holds the lease now (None: nobody, or it expired)."""
        table = Lease.__table__
        with self.engine.connect() as conn:
            row = conn.execute(
                select(table.c.holder, table.c.expires_at).where(table.c.name == self.name)
            ).first()
        if row is None or row.expires_at < time.time():
            return None
        return str(row.holder)
