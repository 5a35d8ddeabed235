"""The keeper's runner: passes over its tasks in a loop, every `interval` seconds, with
transport errors retried under exponential backoff (tenacity), a checkpoint after every
task, and a graceful stop on SIGINT/SIGTERM (the current action finishes, then it exits).

A task is a name, a function of the context returning how much it did, and the key it
reports under in a pass's summary. A task's refusal or bug is logged and the pass goes on;
only errors of the connection to the node abort the pass, to be retried.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_never,
    wait_exponential,
)

from safetynet import chain
from safetynet.keeper.context import KeeperContext


@dataclass(frozen=True)
class Task:
    """One unit of keeper work run once per pass."""

    name: str
    run: Callable[[KeeperContext], int]
    summary: str | None = None  # key in the pass summary (None: not reported)


class Runner:
    """Runs `tasks` in order, pass after pass."""

    def __init__(
        self,
        ctx: KeeperContext,
        tasks: Sequence[Task],
        before_pass: Callable[[], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.tasks = list(tasks)
        self.before_pass = before_pass

    def run_once(self) -> dict[str, int]:
        """One pass over every task; returns the summary (what each task did)."""
        if self.before_pass is not None:
            self.before_pass()
        summary = {t.summary: 0 for t in self.tasks if t.summary}
        for task in self.tasks:
            done = self._guard(task)
            if task.summary:
                summary[task.summary] += done
            self.ctx.save()
        return summary

    def _guard(self, task: Task) -> int:
        try:
            return task.run(self.ctx)
        except Exception as exc:
            if chain.is_transport_error(exc):
                raise
            self.ctx.log("error", step=task.name, error=short_error(exc))
            return 0

    def run_with_retry(
        self, attempts: int | None = None, stop: threading.Event | None = None
    ) -> dict[str, int]:
        """One pass; transport errors (node down, timeouts) retry with exponential backoff."""
        log = self.ctx.log

        def _before_sleep(rs: RetryCallState) -> None:
            exc = rs.outcome.exception() if rs.outcome else None
            log(
                "rpc_error", attempt=rs.attempt_number, error=short_error(exc),
                retry_in=round(rs.next_action.sleep, 2) if rs.next_action else None,
            )  # fmt: skip

        retrying = Retrying(
            retry=retry_if_exception(chain.is_transport_error),
            wait=wait_exponential(multiplier=0.5, min=0.5, max=30),
            stop=stop_after_attempt(attempts) if attempts else stop_never,
            before_sleep=_before_sleep,
            sleep=(lambda s: stop.wait(s)) if stop is not None else time.sleep,
            reraise=True,
        )
        summary: dict[str, int] = {}
        for attempt in retrying:
            with attempt:
                if stop is not None and stop.is_set():
                    return {}
                try:
                    summary = self.run_once()
                except Exception as exc:
                    if chain.is_transport_error(exc):
                        raise
                    # Not the node's fault: log it, keep the cursor, try again next pass.
                    log("error", step="pass", error=short_error(exc))
                    return {}
        if retrying.statistics.get("attempt_number", 1) > 1:
            log("rpc_recovered", attempts=retrying.statistics["attempt_number"])
        return summary

    def run(
        self,
        interval: float = 5.0,
        stop: threading.Event | None = None,
        max_passes: int | None = None,
    ) -> None:
        """Pass after pass until `stop` is set; RPC errors back off and retry, forever."""
        stop = stop or threading.Event()
        passes = 0
        while not stop.is_set():
            self.run_with_retry(stop=stop)
            passes += 1
            if max_passes is not None and passes >= max_passes:
                return
            stop.wait(interval)


def stop_on_signals(stop: threading.Event) -> None:
    """SIGINT and SIGTERM set `stop`: the runner finishes the action in hand and returns."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())


def short_error(exc: BaseException | None) -> str:
    """A refusal's reason, or the error's first lines (one log field, bounded)."""
    if exc is None:
        return ""
    reason = chain.revert_reason(exc)
    if reason:
        return reason
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and "====" not in ln]
    return f"{type(exc).__name__}: {' | '.join(lines)}"[:600]
