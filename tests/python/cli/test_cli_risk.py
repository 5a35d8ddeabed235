"""CLI: --json outputs parse and hold the documented fields; plots are PNG files."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from safetynet.cli.risk import register
from safetynet.errors import SafetyNetError
from tests.utils.contracts import harness_deployer
from tests.utils.paths import ROOT

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _json(runner, app, *args) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_risk_scan__aave_json__documented_fields(runner, app):
    out = _json(runner, app, "risk", "scan", "aave-v3", "--json")
    for key in ("subject", "score", "tier", "insurable", "reasons", "findings", "details"):
        assert key in out
    assert out["subject"] == "aave-v3" and out["insurable"] is True
    assert out["details"]["sources"] and out["details"]["launch_date"]


def test_risk_scan__contract_address__onchain_report(runner, app):
    token = harness_deployer("RugToken").deploy()
    out = _json(runner, app, "risk", "scan", token.address, "--json")
    assert out["source"] == "onchain" and out["insurable"] is False
    assert "rug_pull" in out["score_by_group"]


def test_risk_scan__human_output__table_and_verdict(runner, app):
    result = runner.invoke(app, ["risk", "scan", "wazirx"])
    assert result.exit_code == 0
    assert "NOT insurable" in result.stdout


def test_risk_scan__unknown_name__safetynet_error(runner, app):
    result = runner.invoke(app, ["risk", "scan", "no-such-protocol"])
    assert isinstance(result.exception, SafetyNetError)
    assert "Known names" in str(result.exception)


def test_risk_price__aave_json__rate_interval_and_arithmetic(runner, app):
    out = _json(runner, app, "risk", "price", "aave-v3", "--json")
    for key in ("annual_rate_bps", "interval_bps", "expected_loss_bps", "frequency",
                "severity", "loadings", "expected_loss", "reasons"):  # fmt: skip
        assert key in out
    lo, hi = out["interval_bps"]
    assert lo <= out["annual_rate_bps"] <= hi
    assert "exposure_assumption" in out["frequency"]
    assert out["severity"]["sigma"] > 0


def test_capital_simulate__json_reproducible_and_plot_is_png(runner, app, tmp_path):
    png = tmp_path / "losses.png"
    args = ["capital", "simulate", "--sims", "20000", "--seed", "7", "--json"]
    first = _json(runner, app, *args, "--plot", str(png))
    second = _json(runner, app, *args)
    for key in ("expected_loss", "var", "tvar", "required_capital", "max_leverage_bps",
                "probability_of_ruin", "sims", "seed", "seconds"):  # fmt: skip
        assert key in first
    assert first["var"] == second["var"] and first["tvar"] == second["tvar"]
    assert first["products"] == 50
    assert png.read_bytes()[:8] == PNG_MAGIC and png.stat().st_size > 20_000


def test_capital_simulate__missing_book__safetynet_error(runner, app, tmp_path):
    result = runner.invoke(app, ["capital", "simulate", "--book", str(tmp_path / "x.yaml")])
    assert isinstance(result.exception, SafetyNetError)


def test_backtest__json_and_plot(runner, app, tmp_path):
    png = tmp_path / "backtest.png"
    out = _json(runner, app, "backtest", "--json", "--plot", str(png))
    for key in ("final_equity", "payouts", "worst_drawdown", "min_solvency_ratio", "monthly",
                "events"):  # fmt: skip
        assert key in out
    assert {"month", "equity", "payouts", "solvency_ratio"} <= set(out["monthly"][0])
    assert png.read_bytes()[:8] == PNG_MAGIC


def test_plot__missing_folder__safetynet_error_before_work(runner, app, tmp_path):
    result = runner.invoke(app, ["backtest", "--plot", str(tmp_path / "no" / "x.png")])
    assert isinstance(result.exception, SafetyNetError)
    assert "does not exist" in str(result.exception)


def test_risk_validate__json__rolling_splits_calibration_and_plot(runner, app, tmp_path):
    png = tmp_path / "validate.png"
    out = _json(runner, app, "risk", "validate", "--json", "--plot", str(png))
    assert [s["predict_year"] for s in out["splits"]] == [2022, 2023, 2024]
    assert set(out["calibration"]) == {"poisson", "negbin"}
    assert out["better_model"] == "negbin"
    assert png.read_bytes()[:8] == PNG_MAGIC and png.stat().st_size > 20_000


def test_risk_validate__incidents_file_with_next_year__adds_a_split(runner, app, tmp_path):
    shipped = (ROOT / "src/safetynet/data/incidents.csv").read_text()
    head = shipped.splitlines()[0].split(",")
    rows = []
    for i in range(3):
        row = dict.fromkeys(head, "")
        row.update(
            date=f"2025-03-0{i + 1}", protocol=f"Next{i}", chain="ethereum", category="lending",
            attack_type="smart_contract_bug", attack_subtype="contract_bug",
            target_kind="defi_protocol", is_rug_or_scam="False", loss_usd="5000000.0",
            source="test",
        )  # fmt: skip
        rows.append(",".join(row[h] for h in head))
    path = tmp_path / "incidents-2025.csv"
    path.write_text(shipped.rstrip("\n") + "\n" + "\n".join(rows) + "\n")
    out = _json(runner, app, "risk", "validate", "--json", "--incidents", str(path))
    last = out["splits"][-1]
    assert last["predict_year"] == 2025
    lending = next(r for r in last["counts"] if r["category"] == "lending")
    assert lending["actual"] == 3


def test_risk_validate__incidents_file_missing__safetynet_error(runner, app, tmp_path):
    result = runner.invoke(app, ["risk", "validate", "--incidents", str(tmp_path / "x.csv")])
    assert isinstance(result.exception, SafetyNetError)
    assert "not found" in str(result.exception)


@pytest.fixture
def saved_figures(monkeypatch):
    """Keep every matplotlib figure the CLI saves, drawn, for inspection."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figures = []
    original = Figure.savefig

    def keep(self, *args, **kwargs):
        figures.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return figures


def test_backtest_plot__recoveries__drawn_as_positive_bars(runner, app, tmp_path, saved_figures):
    _json(runner, app, "backtest", "--json", "--plot", str(tmp_path / "b.png"))
    (fig,) = saved_figures
    bars = {c.get_label(): [r.get_height() for r in c] for ax in fig.axes for c in ax.containers}
    recoveries = next(v for k, v in bars.items() if k.startswith("recoveries"))
    assert max(recoveries) > 0 and min(recoveries) >= 0
    assert min(next(v for k, v in bars.items() if k.startswith("payouts"))) >= 0


@pytest.mark.parametrize("sims", ["50", "2000"])
def test_capital_plot__few_simulations__legend_does_not_hide_capital_line(
    runner, app, tmp_path, saved_figures, sims
):
    args = ["capital", "simulate", "--sims", sims, "--json", "--plot", str(tmp_path / "c.png")]
    _json(runner, app, *args)
    (fig,) = saved_figures
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    (ax,) = fig.axes
    (line,) = [ln for ln in ax.get_lines() if ln.get_label().startswith("pool capital")]
    x = ax.transData.transform((line.get_xdata()[0], 1))[0]
    legends = [leg for leg in (ax.get_legend(), *fig.legends) if leg is not None]
    box = ax.get_window_extent(renderer)
    for legend in legends:
        lb = legend.get_window_extent(renderer)
        crosses = lb.x0 <= x <= lb.x1 and lb.y0 < box.y1 and lb.y1 > box.y0
        assert not crosses, "the legend covers the pool-capital line"
