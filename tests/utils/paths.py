"""Where things are: the repository, the test tree and its Vyper harnesses."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
# Every test-only Vyper contract (harnesses of internal modules, hostile tokens, receivers,
# the risk engine's sample contracts) lives here, and nowhere else.
HARNESSES = TESTS / "contracts"
SRC = ROOT / "src"
