"""Contract ABIs shipped with the package, so clients attach without compiling.

`python -m safetynet.abi` regenerates them from the sources (a test fails when they are stale).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import boa

from safetynet.errors import SafetyNetError


def abi_dir() -> Path:
    return Path(str(resources.files("safetynet") / "abi"))


def compiled_abi(name: str) -> list[dict[str, Any]]:
    """The ABI of a packaged contract, compiled from its source now."""
    from vyper.compiler.output import build_abi_output

    from safetynet.deploy import deployer

    return build_abi_output(deployer(name).compiler_data)


@cache
def abi_factory(name: str) -> Any:
    """A titanoboa ABI contract factory for a packaged contract (no compilation)."""
    path = abi_dir() / f"{name}.json"
    try:
        text = path.read_text()
    except FileNotFoundError as exc:
        raise SafetyNetError(
            f"no shipped ABI for {name}: run `python -m safetynet.abi` to generate it"
        ) from exc
    return boa.loads_abi(text, name=name)


def write_all() -> list[Path]:
    """Regenerate every shipped ABI from the contract sources."""
    from safetynet.deploy import CONTRACTS

    written = []
    for name in CONTRACTS:
        path = abi_dir() / f"{name}.json"
        path.write_text(json.dumps(compiled_abi(name), indent=1, sort_keys=True) + "\n")
        written.append(path)
    return written
