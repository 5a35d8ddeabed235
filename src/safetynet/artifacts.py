"""Contract artifacts: the Vyper sources shipped in the package, their compiled titanoboa
deployers, and the ABIs shipped for clients that attach without compiling.

`python -m safetynet.artifacts` regenerates the shipped ABIs (``safetynet/abi/*.json``) from the
sources; a test fails when they are stale. titanoboa and vyper are imported only by the functions
that compile or attach, so reading an ABI stays cheap.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from safetynet.errors import SafetyNetError

# Contract name -> path inside the package's contracts folder.
CONTRACTS: dict[str, str] = {
    "MockERC20": "mocks/MockERC20.vy",
    "MockAggregator": "mocks/MockAggregator.vy",
    "MockLogic": "mocks/MockLogic.vy",
    "MockProxy": "mocks/MockProxy.vy",
    "MockBeacon": "mocks/MockBeacon.vy",
    "MockBeaconProxy": "mocks/MockBeaconProxy.vy",
    "CapitalPool": "CapitalPool.vy",
    "Cover": "Cover.vy",
    "CoverMetadata": "CoverMetadata.vy",
    "CodeGuard": "CodeGuard.vy",
    "SNET": "SNET.vy",
    "Timelock": "Timelock.vy",
    "Parametric": "Parametric.vy",
    "Claims": "Claims.vy",
}


def contracts_dir() -> Path:
    """The folder of Vyper sources shipped inside the installed package."""
    return Path(str(resources.files("safetynet") / "contracts"))


def abi_dir() -> Path:
    """The folder of shipped ABIs (one ``<Contract>.json`` each)."""
    return Path(str(resources.files("safetynet") / "abi"))


@cache
def deployer(name: str) -> Any:
    """Compile a contract once per process and return its titanoboa deployer."""
    import boa

    try:
        rel = CONTRACTS[name]
    except KeyError as exc:
        raise SafetyNetError(f"unknown contract {name!r}; known: {', '.join(CONTRACTS)}") from exc
    return boa.load_partial(str(contracts_dir() / rel))


def compiled_abi(name: str) -> list[dict[str, Any]]:
    """The ABI of a packaged contract, compiled from its source now."""
    from vyper.compiler.output import build_abi_output

    return build_abi_output(deployer(name).compiler_data)


@cache
def abi_factory(name: str) -> Any:
    """A titanoboa ABI contract factory for a packaged contract (no compilation)."""
    import boa

    path = abi_dir() / f"{name}.json"
    try:
        text = path.read_text()
    except FileNotFoundError as exc:
        raise SafetyNetError(
            f"no shipped ABI for {name}: run `python -m safetynet.artifacts` to generate it"
        ) from exc
    return boa.loads_abi(text, name=name)


def write_abis() -> list[Path]:
    """Regenerate every shipped ABI from the contract sources."""
    written = []
    for name in CONTRACTS:
        path = abi_dir() / f"{name}.json"
        path.write_text(json.dumps(compiled_abi(name), indent=1, sort_keys=True) + "\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_abis():
        print(written.name)
