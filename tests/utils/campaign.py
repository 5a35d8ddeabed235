"""Long stateful campaigns: run a state machine until it has taken a number of steps.

Hypothesis decides how many steps each example takes, so a campaign counts the rule steps
that really ran (shrinking included) and keeps starting new runs until the target is met.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from hypothesis import settings as Settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

STEPS: Counter[str] = Counter()
# Steps each machine takes in `make test-long` (SAFETYNET_CAMPAIGN_STEPS to try fewer).
CAMPAIGN_STEPS = int(os.environ.get("SAFETYNET_CAMPAIGN_STEPS", "100000"))


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
    print(f"campaign {name}: {taken} steps")
    return taken
