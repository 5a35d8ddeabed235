"""The base class of the stateful machines: a machine gets its deployment from the test
that runs it, through `Machine.factory(world)`, never through state left on a shared class."""

from __future__ import annotations

from typing import Any, ClassVar

from hypothesis.stateful import RuleBasedStateMachine


class DeployedMachine(RuleBasedStateMachine):
    """A rule-based machine over a deployment (`self.world`) built once by a fixture;
    titanoboa rolls the chain back after every example, so each run starts from it."""

    world: ClassVar[Any] = None

    def __init__(self) -> None:
        assert self.world is not None, (
            f"run {type(self).__name__}.factory(world), not the bare class: it has no deployment"
        )
        super().__init__()

    @classmethod
    def factory(cls, world: Any) -> type[DeployedMachine]:
        """A subclass of this machine (same name, so step counts and reports read the same)
        bound to `world`; hand it to run_state_machine_as_test or run_campaign."""
        return type(cls.__name__, (cls,), {"world": world, "__module__": cls.__module__})
