"""The shape of the test tree (docs/testing.md) holds: no test imports from a conftest,
every test-only contract sits in tests/contracts/, the shared numbers are defined once and
agree with the deployment, and a machine cannot run without its deployment."""

from __future__ import annotations

import ast

import pytest
from hypothesis.stateful import run_state_machine_as_test

from tests.utils import constants
from tests.utils.machines import DeployedMachine
from tests.utils.paths import HARNESSES, TESTS

# Names tests/utils/constants.py owns; no other test module may define its own copy.
SHARED = {"DAY", "HOUR", "YEAR", "USDC", "SNET", "MAX_BPS", "MAX_UINT", "ZERO", "PEG", "DEPEG",
          "THRESHOLD", "WAITING", "MIN_DURATION", "COVER_AMOUNT", "EVIDENCE"}  # fmt: skip


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(TESTS)), ast.parse(path.read_text()))
        for path in sorted(TESTS.rglob("*.py"))
    ]


def test_tree__no_module_imports_from_a_conftest():
    offenders = [
        f"{name}:{node.lineno} imports {node.module}"
        for name, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and (node.module.split(".")[-1] == "conftest" or node.module.startswith("tests.fixtures"))
    ]
    assert offenders == [], "import helpers from tests.utils, never from a conftest or fixtures"


def test_tree__test_contracts__all_in_tests_contracts():
    stray = [p for p in TESTS.rglob("*.vy") if p.parent != HARNESSES]
    assert stray == [], f"test-only contracts belong in {HARNESSES.relative_to(TESTS.parent)}"


def test_tree__shared_numbers__defined_once_in_utils_constants():
    copies = [
        f"{name}:{node.lineno} {target.id}"
        for name, tree in _modules()
        if name != "utils/constants.py"
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id in SHARED
    ]
    assert copies == [], "import these from tests.utils.constants"


def test_constants__token_units__match_the_deployment(protocol):
    assert constants.USDC == 10 ** protocol.asset.decimals()
    assert constants.SNET == 10 ** protocol.token.decimals()


def test_constants__read_from_the_contracts__have_the_spec_values():
    # folded from Cover.vy and Claims.vy declarations: a check that the reader folds right
    statuses = (constants.OPEN, constants.ACCEPTED, constants.REJECTED, constants.PAID,
                constants.FROZEN)  # fmt: skip
    assert statuses == (0, 1, 2, 3, 4)
    assert (constants.DAY, constants.HOUR, constants.YEAR) == (86_400, 3_600, 365 * 86_400)


def test_machine__bare_class_without_deployment__refused():
    class Bare(DeployedMachine):
        pass

    with pytest.raises(AssertionError, match="factory"):
        run_state_machine_as_test(Bare)


def test_machine__factory__binds_the_world_to_a_subclass_only():
    class Bound(DeployedMachine):
        pass

    machine = Bound.factory({"p": "deployment"})
    assert machine.__name__ == "Bound" and issubclass(machine, Bound)
    assert machine.world == {"p": "deployment"} and Bound.world is None
