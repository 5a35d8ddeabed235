"""The loop of a long-running service: pass after pass until a stop, one active replica at a
time under a lease, outages retried with backoff.

- A pass is a function of no arguments. `run` starts the next one at once when a pass returns
  True (more is waiting: the indexer behind the head), else after `interval` seconds; `once`
  runs one and returns what it returned.
- With a lease (`safetynet.indexer.lease.DbLease`) a standby tries to take it every
  min(interval, 1) seconds and logs `standby` once; the replica that takes it logs `active`
  (after `on_active`, e.g. the indexer's setup) and renews it before every pass. A renewal
  or a pass that finds the lease lost (`LeaseLost`; the indexer also renews inside its
  transactions, as a fence) goes back to standby. A clean stop gives the lease up, so a
  standby takes over at once.
- An error of the connection to the node (`rpc`) or to the database (`db`) is an outage: the
  pass is tried again after 0.5 s, doubling up to 30 s (tenacity), logged `rpc_error` /
  `db_error` (attempt, error, retry_in) and `rpc_recovered` / `db_recovered` once a try
  passes; forever, or `attempts` tries (then a SafetyNetError). Any other error ends the
  loop: what a service survives inside a pass, its pass catches.
- `stop` (set by SIGINT/SIGTERM) ends every wait at once; the pass in hand finishes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol, TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_never,
    wait_exponential,
)

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.service.log import LogFn, short_error

T = TypeVar("T")
OUTAGE_SOURCES = {"rpc": "the node", "db": "the database"}


class LeaseLost(SafetyNetError):
    """This replica no longer holds the lease: another one is active."""


class Lease(Protocol):
    """One active replica among those sharing it (safetynet.indexer.lease.DbLease)."""

    holder: str

    def acquire(self) -> bool: ...

    def heartbeat(self) -> None: ...

    def release(self) -> None: ...


def outage(exc: BaseException) -> str | None:
    """The kind of outage `exc` is: "rpc" (the connection to the node), "db" (the database's),
    or None (anything else: not retried)."""
    if chain.is_transport_error(exc) or isinstance(exc, chain.RpcError):
        return "rpc"
    from sqlalchemy.exc import DBAPIError

    return "db" if isinstance(exc, DBAPIError) else None


class ServiceLoop:
    """Runs a service's passes (see the module docstring)."""

    def __init__(self, log: LogFn, stop: threading.Event, *, interval: float,
                 lease: Lease | None = None, on_active: Callable[[], None] | None = None,
                 attempts: int | None = None) -> None:  # fmt: skip
        self.log = log
        self.stop = stop
        self.interval = interval
        self.lease = lease
        self.on_active = on_active
        self.attempts = attempts
        self.active: bool | None = None  # None: not yet known
        self._outage = "rpc"

    def run(self, work: Callable[[], bool]) -> None:
        """Pass after pass until the stop; `work` returns True when more is waiting."""
        while not self.stop.is_set():
            ran, more = self._pass(work)
            if not more:
                self.stop.wait(self.interval if ran else min(self.interval, 1.0))
        self._release()

    def once(self, work: Callable[[], T]) -> T | None:
        """One pass, as soon as this replica may run it; None when stopped before."""
        while not self.stop.is_set():
            ran, result = self._pass(work)
            if ran:
                self._release()
                return result
            self.stop.wait(min(self.interval, 1.0))
        return None

    def _pass(self, work: Callable[[], T]) -> tuple[bool, T | None]:
        """(True, what `work` returned), or (False, None) when this replica is a standby or
        was stopped; outages are retried."""
        retrying = Retrying(
            retry=retry_if_exception(lambda exc: outage(exc) is not None),
            wait=wait_exponential(multiplier=0.5, min=0.5, max=30),
            stop=stop_after_attempt(self.attempts) if self.attempts else stop_never,
            before_sleep=self._log_outage,
            sleep=self.stop.wait,
            reraise=True,
        )
        done: tuple[bool, T | None] = (False, None)
        try:
            for attempt in retrying:
                with attempt:
                    if self.stop.is_set():
                        return done
                    if self._hold():
                        done = (True, work())
        except LeaseLost as exc:
            self._set_active(False, reason=str(exc))
            return done
        except Exception as exc:
            kind = outage(exc)
            if kind is None:
                raise
            raise SafetyNetError(
                f"gave up after {self.attempts} tries: {OUTAGE_SOURCES[kind]} did not answer "
                f"({short_error(exc)})"
            ) from exc
        tries = retrying.statistics.get("attempt_number", 1)
        if tries > 1:
            self.log(f"{self._outage}_recovered", attempts=tries)
        return done

    def _hold(self) -> bool:
        """True when this replica may run a pass: it holds the lease, or there is none."""
        if self.lease is not None:
            if self.active:
                self.lease.heartbeat()  # LeaseLost when another replica took it
            elif not self.lease.acquire():
                self._set_active(False)
                return False
        if not self.active:
            if self.on_active is not None:
                self.on_active()
            self._set_active(True)
        return True

    def _set_active(self, active: bool, **fields: str) -> None:
        if self.lease is not None and self.active is not active:
            self.log("active" if active else "standby", replica=self.lease.holder, **fields)
        self.active = active

    def _release(self) -> None:
        if self.lease is not None and self.active:
            self.lease.release()

    def _log_outage(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        self._outage = (outage(exc) if exc else None) or "rpc"
        self.log(
            f"{self._outage}_error", attempt=state.attempt_number, error=short_error(exc),
            retry_in=round(state.next_action.sleep, 2) if state.next_action else None,
        )  # fmt: skip
