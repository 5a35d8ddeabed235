"""The web pages when the server has no chain to read: pages that need it answer 503 with
what to do (never 500), the Learn page (no chain data) still answers, bad filters are 422."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from safetynet.node import free_port
from safetynet.settings import Settings
from safetynet.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = tmp_path_factory.mktemp("web-no-chain")
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = Settings(database_url=f"sqlite:///{home / 'index.db'}", rpc_url=dead, home=home)
    app = create_app(settings)
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/markets", "/products/0", "/covers/1"])
def test_page__node_down__503_page_says_what_to_do(client, path):
    answer = client.get(path)
    assert answer.status_code == 503
    assert "text/html" in answer.headers["content-type"]
    assert "cannot reach an Ethereum node" in answer.text
    assert "make up" in answer.text


def test_learn__node_down__still_served(client):
    answer = client.get("/learn")
    assert answer.status_code == 200
    assert "WazirX" in answer.text and "AnubisDAO" in answer.text


@pytest.mark.parametrize("query", ["kind=insurance", "tier=Z", "kind=%00"])
def test_markets__unknown_filter__422_with_message(client, query):
    answer = client.get(f"/markets?{query}")
    assert answer.status_code == 422
    assert "must be one of" in answer.text


def test_static__bundle_served_when_built(client):
    from safetynet.web import frontend_built

    if not frontend_built():
        message = "the front end is not built: run `make frontend`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    answer = client.get("/static/wallet.js")
    assert answer.status_code == 200
    assert "eip6963:requestProvider" in answer.text
