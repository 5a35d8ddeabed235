"""The keeper's runner: its tasks in order, one pass at a time, with a checkpoint after every
task; `run` hands the passes to the service loop (safetynet.service.loop: interval, lease,
transport errors retried with backoff, a graceful stop on SIGINT/SIGTERM).

A task is a name, a function of the context returning how much it did, and the key it
reports under in a pass's summary. A task's refusal or bug is logged and the pass goes on;
only errors of the connection to the node abort the pass, to be retried.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from safetynet import chain
from safetynet.keeper.context import KeeperContext
from safetynet.service.log import short_error
from safetynet.service.loop import Lease, ServiceLoop

T = TypeVar("T")


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
        return self._logged(task.name, lambda: task.run(self.ctx), 0)

    def run_pass(self) -> dict[str, int]:
        """One pass; an error that is not the node's ends it (the cursor kept: the next pass
        tries again)."""
        return self._logged("pass", self.run_once, {})

    def _logged(self, step: str, work: Callable[[], T], nothing: T) -> T:
        """`work()`; an error that is not the node's is logged under `step` and gives
        `nothing`. The node's errors go up, to be retried."""
        try:
            return work()
        except Exception as exc:
            if chain.is_transport_error(exc):
                raise
            self.ctx.log("error", step=step, error=short_error(exc))
            return nothing

    def run(self, interval: float = 5.0, stop: threading.Event | None = None,
            lease: Lease | None = None) -> None:  # fmt: skip
        """Pass after pass until `stop` is set; only while holding `lease` when given one."""
        loop = ServiceLoop(self.ctx.log, stop or threading.Event(), interval=interval, lease=lease)
        loop.run(self._pass)

    def _pass(self) -> bool:
        self.run_pass()
        return False  # a pass does all that is due: the next one waits for the interval
