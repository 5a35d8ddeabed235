"""The replica lease: one holder at a time, taken over once it expires, fenced in the
holder's own transactions."""

from __future__ import annotations

import time

import pytest

from safetynet.indexer.lease import DbLease, LeaseLost


def test_acquire__two_replicas__one_holds_until_it_expires(engine):
    a = DbLease(engine, "indexer", "replica-a", ttl=0.5)
    b = DbLease(engine, "indexer", "replica-b", ttl=0.5)
    assert a.acquire() is True
    assert b.acquire() is False
    assert a.acquire() is True  # re-acquiring one's own lease renews it
    assert a.holder_now() == "replica-a"
    time.sleep(0.6)
    assert a.holder_now() is None
    assert b.acquire() is True
    assert a.acquire() is False


def test_renew__after_takeover__lease_lost_and_nothing_written(engine):
    a = DbLease(engine, "indexer", "replica-a", ttl=0.3)
    b = DbLease(engine, "indexer", "replica-b", ttl=5)
    assert a.acquire()
    a.heartbeat()
    time.sleep(0.4)
    assert b.acquire()
    with pytest.raises(LeaseLost, match="another replica is active"):
        a.heartbeat()


def test_release__clean_stop__standby_takes_over_at_once(engine):
    a = DbLease(engine, "keeper", "replica-a", ttl=60)
    b = DbLease(engine, "keeper", "replica-b", ttl=60)
    assert a.acquire() and not b.acquire()
    a.release()
    assert b.acquire()


def test_leases__different_names__independent(engine):
    assert DbLease(engine, "indexer", "x").acquire()
    assert DbLease(engine, "keeper", "y").acquire()
