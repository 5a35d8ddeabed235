"""What the browser tests share besides fixtures: chromium's flags, the page widths, the
overflow watch, axe-core's serious violations, screenshots, and `check_page`, which does all
three checks on a page as it is now."""

from __future__ import annotations

import os
import time
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
OVERFLOW_JS = ROOT / "tests" / "browser" / "overflow_watch.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (360, 1280)
NARROW = WIDTHS[0]
HEIGHT = 900
TIMEOUT_MS = 20_000
INDEX_WAIT_S = 30.0  # the index follows the chain within about a second

# anvil dev accounts 1-8 (funded with mock USDC and SNET by `up`), one role each, so that no
# test's state is another's and the tests pass alone and in any order.
BUYER_ACCOUNT = 1  # test_buy, and the account a connected wallet opens by default
RENEWER = 2  # test_renew
UNDERWRITER = 3  # test_account: deposit, request, withdraw
ASSESSOR, HOLDER = 4, 5  # test_account: stake, file, vote, settle, collect
DEPEG_HOLDER = 6  # the depeg_payout fixture
HISTORY_ASSESSOR, HISTORY_HOLDER = 7, 8  # the claim_history fixture
NOBODY = "0x" + "5afe" * 10  # an address nothing ever happened to


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
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


def describe_overflow(report: dict) -> str:
    """One overflow report of the watch (overflow_watch.js) in words."""
    where = f" (sticking out: {report['culprit']})" if report["culprit"] else ""
    during = f" while the page said {report['during']!r}" if report["during"] else ""
    return (
        f"{report['url']} is {report['px']}px wider than a {report['width']}px screen"
        f"{where}{during}"
    )


def assert_fits(page) -> None:
    """Nothing on the page as it is now is wider than the window (no sideways scrolling)."""
    report = page.evaluate("window.__snOverflowNow()")
    assert report["px"] <= 0, describe_overflow(report)


def check_page(page, name: str, widths: tuple[int, ...] = WIDTHS, suffix: str = "") -> None:
    """The page as it is now, at each width: no wider than the screen, no serious or
    critical axe-core violation, a screenshot `<name>-<width><suffix>.png`. The viewport is
    put back as it was."""
    before = page.viewport_size
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            violations = serious_violations(page)
            screenshot(page, name, suffix)  # first, to see what failed
            assert_fits(page)
            assert violations == [], f"{name} at {width}px: {violations}"
    finally:
        page.set_viewport_size(before)


def check_visit(open_page, name: str, path: str, heading: str, width: int, scheme: str = "light"):
    """Open `path` at `width` in the colour scheme, check its first heading starts with
    `heading`, then `check_page` it at that width (screenshot `<name>-<width>[-dark].png`).
    Returns the page."""
    page = open_page(path, width=width, scheme=scheme)
    shown = page.locator("h1").first.inner_text()
    assert shown.startswith(heading), f"{path}: heading {shown!r}, expected {heading!r}"
    check_page(page, name, widths=(width,), suffix="" if scheme == "light" else f"-{scheme}")
    return page


def connect(page) -> None:
    """Connect the test wallet from the header's button."""
    page.click("header [data-wallet-connect]")
    page.wait_for_selector("body[data-wallet='connected']")


def confirmed(page, text: str, timeout: int = 60_000) -> None:
    """Wait for the transaction's status to say `text` confirmed; a failure fails at once,
    with the page's own message."""
    done = f"[data-tx-status][data-state='confirmed']:has-text('{text}')"
    failed = "[data-tx-status][data-state='failed']"
    page.wait_for_selector(f"{done}, {failed}", timeout=timeout)
    if page.locator(failed).count():
        raise AssertionError(page.locator(failed).first.inner_text())


def failed(page) -> str:
    """Wait for the transaction status to say it failed; its message."""
    page.wait_for_selector("[data-tx-status][data-state='failed']")
    return page.locator("[data-tx-status]").inner_text()


def wallet_requests(page) -> list[str]:
    """The methods the page asked the test wallet for, in order."""
    return page.evaluate("window.__testWallet.requests")


def reload_until(page, selector: str, timeout: float = INDEX_WAIT_S) -> None:
    """Reload until `selector` shows (pages that read the index show a block a moment
    after it is mined)."""
    deadline = time.monotonic() + timeout
    while True:
        page.reload()
        if page.locator(selector).count() > 0:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{selector} did not appear on {page.url}")
        page.wait_for_timeout(500)
