"""Fixtures of the browser tests: the whole stack (anvil + deployment + web server, once per
session), Debian's chromium through Playwright, a page with the test wallet injected, axe-core
and screenshots. With CI=true a missing chromium or front-end build fails the run."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from safetynet.chain import dev_address
from tests.integration import require_anvil
from tests.utils import web_stack
from tests.utils.browser import (
    BUYER_ACCOUNT,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    WALLET_JS,
)


def _require(condition: bool, message: str) -> None:
    """Skip on a developer's machine; fail under CI (browser tests must run there)."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[web_stack.WebStack]:
    require_anvil()
    from safetynet.web import frontend_built

    _require(frontend_built(), "the front end is not built: run `make frontend`")
    running = web_stack.start(tmp_path_factory.mktemp("web-stack"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def indexed_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[web_stack.WebStack]:
    """A second stack with the indexer running, for the account, claim, assess and
    statistics flows (they file claims, move the clock and the feeds: kept apart from the
    catalogue and buying tests' chain). Modules use it by overriding `stack`."""
    require_anvil()
    from safetynet.web import frontend_built

    _require(frontend_built(), "the front end is not built: run `make frontend`")
    running = web_stack.start(tmp_path_factory.mktemp("indexed-stack"), indexer=True)
    try:
        yield running
    finally:
        running.stop()


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
    """open_page(path, width=1280, start_chain=None, scheme="light", account=1, wallet=True)
    -> a page with the test wallet (anvil dev account `account`) injected, unless
    wallet=False (a browser without any wallet), in the given colour scheme."""
    contexts = []

    def _open(
        path: str,
        width: int = 1280,
        start_chain: int | None = None,
        scheme: str = "light",
        account: int = BUYER_ACCOUNT,
        wallet: bool = True,
    ):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        if wallet:
            context.add_init_script(wallet_script(stack, start_chain, account))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(stack.web_url + path)
        return page

    yield _open
    for context in contexts:
        context.close()
