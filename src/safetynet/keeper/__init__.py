"""The keeper service: parametric incidents reported and paid, assessed claims settled.

A runner (`runner.py`) and one module per task (`tasks/`); `main.py` is the one entry point.
Names load on first use, so `safetynet --help` does not import titanoboa through here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Keeper": "safetynet.keeper.service",
    "KeeperState": "safetynet.keeper.state",
    "log_action": "safetynet.keeper.log",
    "spawn_keeper": "safetynet.keeper.process",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'safetynet.keeper' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
