"""The product page's claims history reads the index through the API's query layer: the
product's claims newest first with their stage, the indexed block named; an index that
cannot be read is said in words (the page still renders)."""

from __future__ import annotations

from types import SimpleNamespace

from api_data import BLOCK
from sqlalchemy.orm import sessionmaker

from safetynet.indexer.db import make_engine
from safetynet.web.history import product_claims


def test_product_claims__indexed__newest_first_with_stage(database_url):
    engine = make_engine(database_url)
    try:
        history = product_claims(SimpleNamespace(sessions=sessionmaker(engine)), 0)
    finally:
        engine.dispose()
    assert history.unavailable == ""
    assert history.indexed_block == BLOCK
    assert [c.claim_id for c in history.claims] == [2, 1]
    assert history.claims[0].stage == "voting"
    assert all(c.product_id == 0 for c in history.claims)


def test_product_claims__no_claims_on_product__empty(database_url):
    engine = make_engine(database_url)
    try:
        history = product_claims(SimpleNamespace(sessions=sessionmaker(engine)), 1)
    finally:
        engine.dispose()
    assert history.claims == [] and history.unavailable == ""


def test_product_claims__index_not_built__says_so(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables: never migrated
    try:
        history = product_claims(SimpleNamespace(sessions=sessionmaker(engine)), 0)
    finally:
        engine.dispose()
    assert history.claims == []
    assert "indexer" in history.unavailable
