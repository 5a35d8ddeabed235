"""Fixtures of the browser tests: the whole stack (anvil + deployment + web server, once per
session; a second one with the indexer for the pages that read the index), Debian's chromium
through Playwright, a page with the test wallet and the overflow watch injected, and the
history the account pages show (built once per session by the fixture that needs it, so every
test passes alone and in any order). With CI=true a missing chromium or front-end build
fails the run."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetynet.chain import dev_address
from tests.integration import require_anvil
from tests.utils import web_history, web_stack
from tests.utils.browser import (
    BUYER_ACCOUNT,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEPEG_HOLDER,
    HEIGHT,
    HISTORY_ASSESSOR,
    HISTORY_HOLDER,
    NARROW,
    OVERFLOW_JS,
    TIMEOUT_MS,
    WALLET_JS,
    describe_overflow,
)


def _require(condition: bool, message: str) -> None:
    """Skip on a developer's machine; fail under CI (browser tests must run there)."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _running_stack(workdir: Path, indexer: bool) -> Iterator[web_stack.WebStack]:
    require_anvil()
    from safetynet.web import frontend_built

    _require(frontend_built(), "the front end is not built: run `make frontend`")
    running = web_stack.start(workdir, indexer=indexer)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[web_stack.WebStack]:
    """The catalogue and buying tests' stack: no indexer (their pages read the chain)."""
    yield from _running_stack(tmp_path_factory.mktemp("web-stack"), indexer=False)


@pytest.fixture(scope="session")
def indexed_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[web_stack.WebStack]:
    """A second stack with the indexer running, for the account, claim, assess and
    statistics flows (they file claims, move the clock and the feeds: kept apart from the
    catalogue and buying tests' chain). Modules use it by overriding `stack`."""
    yield from _running_stack(tmp_path_factory.mktemp("indexed-stack"), indexer=True)


@pytest.fixture(scope="session")
def claim_history(indexed_stack) -> web_history.ClaimHistory:
    """On the indexed stack: a staked assessor, a holder with a claim paid (the assessor's
    reward still to collect) and a claim open for votes; indexed."""
    history = web_history.claim_history(indexed_stack.world, HISTORY_HOLDER, HISTORY_ASSESSOR)
    web_stack.wait_indexed(indexed_stack)
    return history


@pytest.fixture(scope="session")
def depeg_payout(indexed_stack) -> web_history.DepegPayout:
    """On the indexed stack: a depeg cover paid by the keeper after two feeds moved; indexed."""
    payout = web_history.depeg_payout(indexed_stack, DEPEG_HOLDER)
    web_stack.wait_indexed(indexed_stack)
    return payout


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require(CHROMIUM.exists(), f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def wallet_script(
    stack: web_stack.WebStack, start_chain: int | None = None, account: int = BUYER_ACCOUNT
) -> str:
    home = stack.chain_id
    return (
        WALLET_JS.read_text()
        .replace("__RPC_URL__", json.dumps(stack.rpc_url))
        .replace("__ACCOUNT__", json.dumps(dev_address(account)))
        .replace("__HOME_CHAIN__", str(home))
        .replace("__START_CHAIN__", str(home if start_chain is None else start_chain))
    )


@pytest.fixture
def open_page(browser, stack):
    """open_page(path, width=360, start_chain=None, scheme="light", account=1, wallet=True)
    -> a page with the test wallet (anvil dev account `account`) injected, unless
    wallet=False (a browser without any wallet), in the given colour scheme.

    Every page also gets the overflow watch (overflow_watch.js): any state the test visits
    that is wider than the window (sideways scrolling) fails the test when it ends."""
    contexts = []
    overflows: list[dict] = []

    def _open(
        path: str,
        width: int = NARROW,
        start_chain: int | None = None,
        scheme: str = "light",
        account: int = BUYER_ACCOUNT,
        wallet: bool = True,
    ):
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, color_scheme=scheme
        )
        contexts.append(context)
        context.expose_binding("__snOverflowSeen", lambda _source, report: overflows.append(report))
        context.add_init_script(path=str(OVERFLOW_JS))
        if wallet:
            context.add_init_script(wallet_script(stack, start_chain, account))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(stack.web_url + path)
        return page

    yield _open
    for context in contexts:
        context.close()
    seen = list(dict.fromkeys(describe_overflow(report) for report in overflows))
    assert not seen, "wider than the screen (sideways scrolling): " + "; ".join(seen)
