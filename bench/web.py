"""`python -m bench web`: the web app's server time per page (p50/p95 over repeated requests)
and the JavaScript each page ships, gzipped (SPEC §5: p95 <= 100 ms, JS <= 150 KB).

The whole stack runs as `make up` runs it: anvil, SafetyNet deployed with the sample market
(`up --once`), one cover bought through the CLI, and `safetynet serve` on a free port. Time
is measured from the client on 127.0.0.1 (so it includes the loopback round trip). The
catalogue pages read the chain (products, quotes, one cover) at a cost that does not grow
with the number of covers; the account, claim, assess and statistics pages read the index,
timed under `with_index` with 100,000 covers and 10,000 claims in it (bench/web_account.py). Reads
are cached per block: `markets_new_block` mines a block before every request, the cost of
the first visitor after each block.
"""

from __future__ import annotations

import gzip
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from safetynet.node import rpc_call
from tests.utils import web_stack

REQUESTS = 200
WARMUP = 10
TARGET_P95_MS = 100.0
TARGET_JS_KB = 150.0
PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "markets": ("/markets", {}),
    "markets_filtered": ("/markets?kind=protocol&tier=A", {"HX-Request": "true"}),
    "product": ("/products/0", {}),
    "product_parametric": ("/products/3", {}),
    "quote_fragment": ("/products/0/quote?amount=5&days=30", {"HX-Request": "true"}),
    "cover_receipt": ("/covers/1", {}),
    "learn": ("/learn", {}),
}
SCRIPT = re.compile(r'<script[^>]+src="([^"]+)"')


def _buy_one_cover(stack: web_stack.WebStack) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "safetynet.cli.main", "--rpc-url", stack.rpc_url,
         "--account", "1", "buy", "0", "5", "--days", "30"],
        cwd=web_stack.ROOT, env=web_stack._env(stack), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"could not buy a cover for the receipt page: {done.stderr}")


def _time_page(
    client: httpx.Client, path: str, headers: dict[str, str], new_block: Any = None
) -> dict[str, Any]:
    for _ in range(WARMUP):
        client.get(path, headers=headers)
    samples = []
    for _ in range(REQUESTS):
        if new_block is not None:
            new_block()  # not timed: a new block, so nothing is served from the per-block cache
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "requests": REQUESTS,
    }


def _js_gzipped(client: httpx.Client, path: str) -> dict[str, Any]:
    scripts = SCRIPT.findall(client.get(path).text)
    sizes = {src: len(gzip.compress(client.get(src).content, 9)) for src in scripts}
    return {"scripts": sizes, "total_kb": round(sum(sizes.values()) / 1024, 1)}


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        stack = web_stack.start(Path(tmp))
        try:
            _buy_one_cover(stack)
            with httpx.Client(base_url=stack.web_url, timeout=10) as client:
                pages = {name: _time_page(client, *spec) for name, spec in PAGES.items()}
                pages["markets_new_block"] = _time_page(
                    client, "/markets", {}, lambda: rpc_call(stack.rpc_url, "evm_mine", [])
                )
                js = _js_gzipped(client, "/products/0")
                from bench.web_account import run_pages  # account, claim, assess, statistics

                indexed = run_pages(stack, client, _time_page)
        finally:
            stack.stop()
    worst = max(p["p95_ms"] for p in [*pages.values(), *indexed["pages"].values()])
    return {
        "pages": pages,
        "with_index": indexed,
        "p95_ms_worst": worst,
        "p95_target_ms": TARGET_P95_MS,
        "p95_within_target": worst <= TARGET_P95_MS,
        "js_per_page_gzipped": js,
        "js_target_kb": TARGET_JS_KB,
        "js_within_target": js["total_kb"] <= TARGET_JS_KB,
        "note": "every page loads the same two scripts (htmx, the wallet module)",
    }
