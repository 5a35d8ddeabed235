"""The CLI (and the keeper) reach contracts only through the SDK: no `<x>.cover.f(...)`,
`<x>.pool.f(...)`, ... calls of their own, and no titanoboa import."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.utils.paths import SRC

PACKAGE = SRC / "safetynet"
CONTRACT_HANDLES = {"cover", "pool", "claims", "parametric", "token", "asset", "timelock"}
SDK_NAMES = {"sdk", "safetynet"}  # sdk.claims.f(...) is the SDK's own module, not a contract


def contract_calls(folder: Path) -> list[str]:
    """`file:line <call>` for every call of a contract handle's method under `folder`."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n == "boa" or n.startswith("boa.") for n in names):
                    found.append(f"{path.name}:{node.lineno} imports titanoboa")
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            handle = node.func.value
            if not isinstance(handle, ast.Attribute) or handle.attr not in CONTRACT_HANDLES:
                continue
            if isinstance(handle.value, ast.Name) and handle.value.id in SDK_NAMES:
                continue
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}()")
    return found


def test_contract_calls__planted_call__found(tmp_path):
    (tmp_path / "bad.py").write_text("def f(p):\n    return p.pool.totalAssets()\n")
    (tmp_path / "bad2.py").write_text("import boa\n")
    assert contract_calls(tmp_path) == [
        "bad.py:2 p.pool.totalAssets()",
        "bad2.py:1 imports titanoboa",
    ]


def test_cli__every_command__touches_contracts_only_through_the_sdk():
    assert contract_calls(PACKAGE / "cli") == []


def test_keeper__every_task__touches_contracts_only_through_the_sdk():
    assert contract_calls(PACKAGE / "keeper") == []


HEAVY = ("boa", "eth_account", "eth_abi", "pydantic_settings", "vyper", "numpy")


def test_cli_help__whole_process__loads_no_heavy_module():
    """`safetynet --help` stays fast (bench cli_latency) because it imports none of these."""
    import subprocess
    import sys

    script = (
        "import sys\nfrom safetynet.cli import main\nsys.argv = ['safetynet', '--help']\n"
        "try:\n    main.app()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "PYTHONPATH": str(PACKAGE.parent)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
