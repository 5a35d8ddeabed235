"""Integration tests: a real anvil node and subprocesses (keeper, make up)."""

import os
from pathlib import Path

import pytest

from tests.utils.paths import ROOT

ANVIL = ROOT / ".tools/node_modules/.bin/anvil"


def require_anvil() -> Path:
    """The anvil `make` installs into .tools/. Without it a developer's run skips, but CI
    (CI=true) fails: integration tests must run there, never skip."""
    if not ANVIL.exists():
        message = "anvil is not installed (make installs it into .tools/)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return ANVIL
