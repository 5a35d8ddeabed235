"""Backtest: replay of real 2020-2024 incidents against a book, month by month."""

from __future__ import annotations

import pytest
import yaml

from safetynet.capital.backtest import run_backtest
from safetynet.capital.book import load_book
from safetynet.errors import SafetyNetError


def _book(tmp_path, products, **pool):
    doc = {
        "name": "test book",
        "pool": {"capital": 1_000_000, "max_leverage_bps": 10_000, **pool},
        "common_shock": {"rate_per_year": 0.5},
        "products": products,
    }
    path = tmp_path / "book.yaml"
    path.write_text(yaml.safe_dump(doc))
    return load_book(path)


def test_backtest__sample_book__documented_fields_and_equity_identity():
    result = run_backtest(load_book())
    for key in ("final_equity", "gross_premium", "net_premium", "payouts", "recoveries",
                "worst_drawdown", "worst_drawdown_pct", "min_solvency_ratio", "events",
                "monthly", "months_insolvent", "loss_ratio"):  # fmt: skip
        assert key in result
    assert len(result["monthly"]) == 60
    expected = (result["initial_capital"] + result["net_premium"] - result["payouts"]
                + result["recoveries"])  # fmt: skip
    assert result["final_equity"] == pytest.approx(expected)
    month = result["monthly"][-1]
    assert month["solvency_ratio"] == pytest.approx(month["equity"] / month["locked_capital"])
    assert result["payouts"] > 0 and result["events"]


def test_backtest__curve_cover__pays_the_vyper_exploit_not_the_dns_hijack(tmp_path):
    book = _book(tmp_path, [{"name": "curve", "protocol": "curve", "amount": 1_000_000,
                             "rate_bps": 200}])  # fmt: skip
    result = run_backtest(book)
    dates = [e["date"] for e in result["events"]]
    assert "2023-07-30" in dates
    assert "2022-08-09" not in dates  # front-end phishing: excluded
    vyper = next(e for e in result["events"] if e["date"] == "2023-07-30")
    assert vyper["payout"] == pytest.approx(1_000_000 * (61.7e6 - 6_820_757) / 3.3e9)


def test_backtest__product_before_launch__earns_and_pays_nothing(tmp_path):
    book = _book(tmp_path, [{"name": "eigen", "protocol": "eigenlayer", "amount": 1_000_000,
                             "rate_bps": 120}])  # fmt: skip
    result = run_backtest(book)
    before = [m for m in result["monthly"] if m["month"] < "2023-06"]
    assert all(m["premium"] == 0 and m["active_cover"] == 0 for m in before)
    assert result["gross_premium"] == pytest.approx(1_000_000 * 0.012 / 12 * 19)


def test_backtest__custody_halt__paid_then_recovered(tmp_path):
    book = _book(tmp_path, [{"name": "okx", "protocol": "okx", "amount": 500_000,
                             "rate_bps": 300}])  # fmt: skip
    result = run_backtest(book)
    payouts = [e for e in result["events"] if e["payout"] > 0]
    recoveries = [e for e in result["events"] if e["recovery"] > 0]
    assert payouts and payouts[0]["date"] == "2020-10-23"
    assert recoveries and recoveries[0]["recovery"] == 500_000
    assert result["worst_drawdown"] > 0


def test_backtest__parametric_depeg__triggers_on_record_below_threshold(tmp_path):
    product = {"name": "usdc", "protocol": "circle-usdc", "kind": "parametric",
               "amount": 1_000_000, "trigger_below": 0.95, "trigger_min_days": 1,
               "payout_bps": 2_000, "frequency": 0.1, "rate_bps": 400}  # fmt: skip
    fired = run_backtest(_book(tmp_path, [product]))["events"]
    assert [(e["date"], e["payout"]) for e in fired] == [("2023-03-11", 200_000)]
    strict = run_backtest(_book(tmp_path, [{**product, "trigger_below": 0.80}]))["events"]
    assert strict == []


def test_backtest__thin_capital_high_leverage__solvency_ratio_below_one(tmp_path):
    book = _book(tmp_path, [{"name": "okx", "protocol": "okx", "amount": 5_000_000,
                             "rate_bps": 300}], capital=100_000)  # fmt: skip
    result = run_backtest(book)
    assert result["min_solvency_ratio"] < 1.0
    assert result["months_insolvent"] >= 1


def test_load_book__not_insurable_protocol__refused_with_reason(tmp_path):
    with pytest.raises(SafetyNetError, match="Remove it from the book"):
        _book(tmp_path, [{"protocol": "multichain", "amount": 1_000}])


def test_load_book__missing_file__says_how_to_fix(tmp_path):
    with pytest.raises(SafetyNetError, match="omit --book"):
        load_book(tmp_path / "nope.yaml")


def test_load_book__sample__fifty_products_priced_from_the_model():
    book = load_book()
    assert len(book.items) == 50
    aave = next(p for p in book.products if p.protocol == "aave-v3")
    assert aave.rate_bps > 0 and 0 < aave.frequency < 1 and aave.severity.fixed is None
    assert {p.kind for p in book.products} == {"protocol", "custody", "parametric"}
