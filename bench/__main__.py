"""`make bench`: every benchmark's figures as one JSON document on stdout.

python -m bench [SECTION ...] [--update-snapshot]
Sections: core (pool, cover), claims, parametric, capital, cli_latency (whole CLI
processes), web (page server time and JavaScript per page).
--update-snapshot rewrites bench/gas-snapshot.json with the gas figures measured now (do it
on purpose, in the commit that earns the change; tests/python/test_gas_snapshot.py fails
when a figure grows past it).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

SECTIONS = ("core", "claims", "parametric", "capital", "cli_latency", "api", "web")
SNAPSHOT = Path(__file__).with_name("gas-snapshot.json")


def gas_figures(results: dict[str, Any]) -> dict[str, int]:
    """The flat `section.figure` -> gas map that the snapshot keeps."""
    flat: dict[str, int] = {}
    for section, data in results.items():
        if not isinstance(data, dict) or section in ("capital", "cli_latency", "api", "web"):
            continue
        figures = data.get("gas", data)
        for key, value in figures.items():
            if isinstance(value, int) and not isinstance(value, bool) and "seconds" not in key:
                flat[f"{section}.{key}"] = value
    return flat


def main(argv: list[str]) -> int:
    update = "--update-snapshot" in argv
    chosen = [a for a in argv if not a.startswith("--")] or list(SECTIONS)
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        print(
            f"unknown sections: {', '.join(sorted(unknown))}; known: {', '.join(SECTIONS)}",
            file=sys.stderr,
        )
        return 2
    results: dict[str, Any] = {}
    for name in chosen:
        started = time.perf_counter()
        results[name] = importlib.import_module(f"bench.{name}").run()
        print(f"bench {name}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    print(json.dumps(results, indent=2, default=str))
    if update:
        snapshot = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
        snapshot.update(gas_figures(results))
        SNAPSHOT.write_text(json.dumps(dict(sorted(snapshot.items())), indent=2) + "\n")
        print(f"wrote {SNAPSHOT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
