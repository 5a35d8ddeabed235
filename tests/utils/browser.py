"""What the browser tests share besides fixtures: chromium's flags, the page widths,
axe-core's serious violations and screenshots."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SAFETYNET_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "src/safetynet/web/frontend/node_modules/axe-core/axe.min.js"
WALLET_JS = ROOT / "tests" / "browser" / "test_wallet.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (360, 1280)
BUYER_ACCOUNT = 1  # anvil dev account 1: funded with mock USDC by `up`
TIMEOUT_MS = 20_000


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]  # fmt: skip


def screenshot(page, name: str, suffix: str = "") -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{width}{suffix}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
