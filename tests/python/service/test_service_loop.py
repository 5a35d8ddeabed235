"""The service loop the keeper and the indexer run: outages retried with backoff and logged,
one active replica under a lease, a pass that says more is waiting run again at once, a
clean stop that gives the lease up; and the process around it (fatal lines, exit codes)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pytest
from sqlalchemy.exc import OperationalError

from safetynet.errors import SafetyNetError
from safetynet.service.entry import serve
from safetynet.service.loop import LeaseLost, ServiceLoop


@dataclass
class FakeLease:
    """Held by another replica for the first `busy` tries; `lost` makes the renewal fail."""

    busy: int = 0
    lost: bool = False
    released: bool = False
    holder: str = "host:1:ab"

    def acquire(self) -> bool:
        if self.busy:
            self.busy -= 1
            return False
        return True

    def heartbeat(self) -> None:
        if self.lost:
            raise LeaseLost("lease 'indexer' lost: another replica is active")

    def release(self) -> None:
        self.released = True


class Lines(list):
    def __call__(self, name: str, **fields: object) -> None:
        self.append({"name": name, **fields})

    def names(self) -> list[str]:
        return [line["name"] for line in self]


def _passes(stop: threading.Event, results: list, count: list[int] | None = None):
    """A pass returning (or raising) the next of `results`; the stop is set after the last."""
    done = count if count is not None else []

    def work():
        done.append(1)
        result = results.pop(0)
        if not results:
            stop.set()
        if isinstance(result, BaseException):
            raise result
        return result

    return work


def test_run__node_down_twice__retried_with_growing_backoff_then_recovered():
    stop, lines = threading.Event(), Lines()
    down = ConnectionError("connection refused")
    ServiceLoop(lines, stop, interval=0.01).run(_passes(stop, [down, down, False]))
    assert lines.names() == ["rpc_error", "rpc_error", "rpc_recovered"]
    assert [line["retry_in"] for line in lines[:2]] == [0.5, 1.0]
    assert lines[0]["error"] == "ConnectionError: connection refused"
    assert lines[2]["attempts"] == 3


def test_run__database_down__logged_as_a_database_outage():
    stop, lines = threading.Event(), Lines()
    down = OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    ServiceLoop(lines, stop, interval=0.01).run(_passes(stop, [down, False]))
    assert lines.names() == ["db_error", "db_recovered"]


def test_once__node_down_every_try__gives_up_with_a_readable_error():
    stop, lines = threading.Event(), Lines()
    down = ConnectionError("connection refused")
    loop = ServiceLoop(lines, stop, interval=0.01, attempts=2)
    with pytest.raises(SafetyNetError, match="gave up after 2 tries: the node did not answer"):
        loop.once(_passes(threading.Event(), [down, down, 1]))
    assert lines.names() == ["rpc_error"]


def test_run__any_other_error__ends_the_loop_untried():
    stop, count = threading.Event(), []
    with pytest.raises(ValueError, match="a bug"):
        ServiceLoop(Lines(), stop, interval=0.01).run(
            _passes(stop, [ValueError("a bug"), False], count)
        )
    assert len(count) == 1


def test_run__pass_says_more_is_waiting__next_pass_at_once():
    stop = threading.Event()
    started = time.monotonic()
    ServiceLoop(Lines(), stop, interval=30).run(_passes(stop, [True, True, True]))
    assert time.monotonic() - started < 5  # no 30 s wait between the passes


def test_run__lease_held_elsewhere__standby_until_it_is_free_then_active():
    stop, lines, count = threading.Event(), Lines(), []
    lease, setups = FakeLease(busy=2), []
    loop = ServiceLoop(lines, stop, interval=0.01, lease=lease, on_active=lambda: setups.append(1))
    loop.run(_passes(stop, [False, False], count))
    assert lines == [{"name": "standby", "replica": lease.holder},
                     {"name": "active", "replica": lease.holder}]  # fmt: skip
    assert len(count) == 2 and setups == [1]  # set up once, on taking over
    assert lease.released  # a clean stop gives it up


def test_run__lease_lost__back_to_standby_and_not_given_up():
    stop, lines = threading.Event(), Lines()
    lease = FakeLease()

    def work() -> bool:
        lease.lost, lease.busy = True, 10**6  # taken by another replica, for good
        threading.Timer(0.2, stop.set).start()
        return False

    ServiceLoop(lines, stop, interval=0.01, lease=lease).run(work)
    assert lines.names() == ["active", "standby"]
    assert "another replica is active" in lines[1]["reason"]
    assert not lease.released


def test_once__stopped_while_standby__nothing_run():
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    loop = ServiceLoop(Lines(), stop, interval=0.01, lease=FakeLease(busy=10**6))
    assert loop.once(lambda: 1) is None


def _serve(start) -> tuple[int, Lines]:
    """`serve` off the main thread (no signal handlers replaced in the test process)."""
    lines, out = Lines(), []
    thread = threading.Thread(target=lambda: out.append(serve(lines, start, stopped="bye")))
    thread.start()
    thread.join(timeout=10)
    return out[0], lines


def test_serve__start_refused__fatal_line_and_exit_1():
    refusal = "no chain to index: pass --rpc-url URL"

    def start():
        raise SafetyNetError(refusal)

    assert _serve(start) == (1, [{"name": "fatal", "error": refusal}])


def test_serve__loop_ends__stopped_line_and_exit_0():
    assert _serve(lambda: lambda stop: None) == (0, [{"name": "bye"}])
