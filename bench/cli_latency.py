"""CLI latency: whole `safetynet` processes, as a user starts them (issue 9 item 8).

``run()`` starts a fresh anvil, deploys the `make up` sample market on it (`up --once`, not
timed), then times `safetynet --help` and the read commands `products --json` and
`pool --json` against that chain: the median of RUNS runs of each, in seconds, next to the
targets (--help <= 0.3 s, reads <= 0.8 s on the 2-core machine). Figures only: no test asserts
timings (a loaded machine would make such a test flaky).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 5
TARGETS = {"help": 0.3, "products_json": 0.8, "pool_json": 0.8}
ROOT = Path(__file__).resolve().parents[1]
# What the `safetynet` console script runs.
ENTRY = [sys.executable, "-c", "import sys; sys.argv[0] = 'safetynet'; "
         "from safetynet.cli.main import run; run()"]  # fmt: skip


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [*ENTRY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"safetynet {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed


def run() -> dict[str, Any]:
    from safetynet.node import free_port, start_anvil

    with tempfile.TemporaryDirectory(prefix="safetynet-bench-") as tmp:
        home = Path(tmp)
        env = dict(os.environ, SAFETYNET_HOME=str(home), PYTHONPATH=str(ROOT / "src"))
        env.pop("SAFETYNET_PRIVATE_KEY", None)
        env.pop("SAFETYNET_RPC_URL", None)
        # As an installed package runs: with its bytecode cached (a session that sets
        # PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every run).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        with start_anvil(free_port(), log_path=home / "anvil.log") as node:
            _timed(["--rpc-url", node.url, "up", "--once"], env)
            commands = {
                "help": ["--help"],
                "products_json": ["--rpc-url", node.url, "products", "--json"],
                "pool_json": ["--rpc-url", node.url, "pool", "--json"],
            }
            for args in commands.values():  # write the bytecode, warm the file cache
                _timed(args, env)
            samples = {
                name: [_timed(args, env) for _ in range(RUNS)] for name, args in commands.items()
            }
    medians = {name: round(statistics.median(times), 3) for name, times in samples.items()}
    return {
        "runs": RUNS,
        **{f"{name}_median_seconds": value for name, value in medians.items()},
        "targets_seconds": TARGETS,
        "within_targets": all(medians[name] <= TARGETS[name] for name in TARGETS),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
