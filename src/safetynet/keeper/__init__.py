"""The keeper service: parametric incidents reported and paid, assessed claims settled."""

from safetynet.keeper.process import spawn_keeper
from safetynet.keeper.service import Keeper, log_action
from safetynet.keeper.state import KeeperState

__all__ = ["Keeper", "KeeperState", "log_action", "spawn_keeper"]
