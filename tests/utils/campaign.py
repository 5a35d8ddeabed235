"""Long stateful campaigns: run a state machine until it has taken a number of steps.

Hypothesis decides how many steps each example takes, so a campaign counts the rule steps
that really ran (shrinking included) and keeps starting new runs until the target is met.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import settings as Settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

STEPS: Counter[str] = Counter()
# Steps each machine takes in `make test-long` (SAFETYNET_CAMPAIGN_STEPS to try fewer).
CAMPAIGN_STEPS = int(os.environ.get("SAFETYNET_CAMPAIGN_STEPS", "100000"))
# Each finished campaign also appends a line here, as soon as it ends: pytest shows a passed
# test's output only when the whole (hour-long) run is over.
LOG = Path(__file__).resolve().parents[2] / "test-artifacts" / "campaigns.log"


class CountingSteps:
    """Mixin (before RuleBasedStateMachine) that counts the steps each machine runs.

    Hypothesis checks invariants once after a machine is built and once after every step,
    so every check but the first of each instance is one step.
    """

    def check_invariants(self, settings: Any, output: Any, runtimes: Any) -> None:
        if getattr(self, "_counting_started", False):
            STEPS[type(self).__name__] += 1
        else:
            self._counting_started = True
        super().check_invariants(settings, output, runtimes)  # type: ignore[misc]


def run_campaign(machine: type[RuleBasedStateMachine], min_steps: int, settings: Settings) -> int:
    """Run `machine` until it has taken at least `min_steps` steps; return the count."""
    name = machine.__name__
    start = STEPS[name]
    while STEPS[name] - start < min_steps:
        before = STEPS[name]
        run_state_machine_as_test(machine, settings=settings)
        assert STEPS[name] > before, f"{name} ran no step: is CountingSteps mixed in?"
    taken = STEPS[name] - start
    line = f"campaign {name}: {taken} steps"
    print(line)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("a") as log:
        log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {_commit()} {line}\n")
    return taken


def _commit() -> str:
    """The commit under test (with "+" when the tree has changes), for the log line."""
    root = LOG.parents[1]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+" if dirty else "")
