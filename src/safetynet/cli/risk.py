"""CLI of the risk engine and capital model: `risk scan|price|validate|propose-rates`,
`capital simulate`, `backtest`.

``register(app)`` adds the commands to the main typer app (src/safetynet/cli/main.py). Every
command has ``--json`` for programs; errors are ``SafetyNetError`` with a next step.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from safetynet.errors import SafetyNetError

ADDRESS_RE = re.compile(r"^0x[0-9a-fA-F]{40}$")
PROGRESS_MIN_SIMS = 100_000

risk_app = typer.Typer(help="Red-flag scans and cover pricing.", no_args_is_help=True)
capital_app = typer.Typer(
    help="Capital model: Monte Carlo of yearly pool losses.", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
PlotOpt = Annotated[
    Path | None, typer.Option("--plot", help="Write a PNG chart to this file.", dir_okay=False)
]
BookOpt = Annotated[
    Path | None,
    typer.Option("--book", help="Book of covers (YAML/JSON); default: the packaged sample book."),
]


def _out() -> Console:
    return Console(soft_wrap=True)


def _print_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, indent=2, default=str))


def _usd(x: float | None) -> str:
    return "-" if x is None else f"${x:,.0f}"


def _check_plot(path: Path | None) -> None:
    if path is not None and not path.resolve().parent.is_dir():
        raise SafetyNetError(f"cannot write {path}: folder {path.parent} does not exist; create it")


def _ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _report(
    payload: dict[str, Any],
    as_json: bool,
    plot: Path | None,
    draw: Callable[[Path], None],
    text: Callable[[Console], None],
) -> None:
    """How the commands with --plot end: the chart drawn (its path in the payload), then
    JSON for programs, or `text` for people followed by where the chart went."""
    if plot is not None:
        draw(plot)
        payload["plot"] = str(plot)
    if as_json:
        _print_json(payload)
        return
    con = _out()
    text(con)
    if plot is not None:
        con.print(f"plot written to {plot}")


# ------------------------------------------------------------------------------------- risk scan
@risk_app.command("scan")
def scan(
    name_or_address: Annotated[str, typer.Argument(help="Protocol name (e.g. aave-v3) or 0x...")],
    rpc_url: Annotated[
        str | None, typer.Option("--rpc-url", help="JSON-RPC node for an address scan.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score a protocol's red flags: curated facts for a name, on-chain checks for an address."""
    from safetynet.risk import scan as scan_subject

    if rpc_url is None and ADDRESS_RE.match(name_or_address):
        from safetynet.cli import context

        # the global --rpc-url, SAFETYNET_RPC_URL or the running `make up` chain
        rpc_url = context.chain_url(required=False)
    if rpc_url:
        if not ADDRESS_RE.match(name_or_address):
            raise SafetyNetError("--rpc-url applies to an address scan; pass a 0x... address")
        from safetynet.chain import use_network

        use_network(rpc_url)
    report = scan_subject(name_or_address)
    payload = report.to_json()
    covered_by = _covered_by(name_or_address) if rpc_url else []
    if covered_by:
        payload["covered_by"] = covered_by
    if as_json:
        _print_json(payload)
        return
    con = _out()
    verdict = "[green]insurable[/]" if report.insurable else "[bold red]NOT insurable[/]"
    con.print(
        f"[bold]{report.subject}[/] ({report.source}): score {report.score}/100, "
        f"tier {report.tier}, {verdict}, frequency x{report.multiplier:.2f}"
    )
    table = Table("rule", "group", "weight", "why it matters", "evidence")
    for f in sorted(report.findings, key=lambda f: -f.rule.weight):
        table.add_row(f.rule.id, f.rule.group, str(f.rule.weight), f.rule.sentence, f.detail)
    if report.findings:
        con.print(table)
    else:
        con.print("No red flag found by the rules.")
    for note in report.notes:
        con.print(f"[dim]note: {note}[/]")
    for item in covered_by:
        con.print(f"covered code of product {item['product_id']} ({item['name']}): {item['code']}")


def _covered_by(address: str) -> list[dict[str, Any]]:
    """Products of the CLI's deployment whose attestation covers `address`, with their code
    state; nothing when there is no deployment on this chain."""
    from safetynet.cli.context import manifest_path
    from safetynet.deploy import Protocol
    from safetynet.sdk.code import products_covering

    try:
        p = Protocol.load(manifest_path(), abi_only=True)
    except (SafetyNetError, KeyError):
        return []
    return products_covering(p, address)


# ------------------------------------------------------------------------------------ risk price
@risk_app.command("price")
def price_cmd(
    name: Annotated[str, typer.Argument(help="Protocol name, e.g. aave-v3")],
    as_json: JsonOpt = False,
) -> None:
    """Recommended annual_rate_bps for cover on a protocol, with an interval and the arithmetic."""
    from safetynet.risk.pricing import price

    quote = price(name)
    payload = quote.to_json()
    if as_json:
        _print_json(payload)
        return
    con = _out()
    if quote.insurable:
        lo, hi = quote.interval_bps or (None, None)
        con.print(
            f"[bold]{quote.protocol}[/]: [bold]{quote.annual_rate_bps} bps[/] a year "
            f"(interval {lo}-{hi} bps), tier {quote.report.tier}"
        )
    else:
        con.print(f"[bold]{quote.protocol}[/]: [bold red]not insurable[/], no rate")
    for line in quote.reasons:
        con.print(f" - {line}")


# --------------------------------------------------------------------------------- risk validate
MODEL_STYLE = {"poisson": ("#ff7f0e", -0.18, "o"), "negbin": ("#1f77b4", 0.18, "s")}


def _plot_validation(path: Path, result: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    splits = result["splits"]
    fig, axes = plt.subplots(1, len(splits), figsize=(5.2 * len(splits), 5.2), dpi=110, sharey=True)
    axes = list(axes) if len(splits) > 1 else [axes]
    cal = result["calibration"]
    for ax, split in zip(axes, splits, strict=True):
        rows = split["counts"]
        x = list(range(len(rows)))
        ax.bar(x, [r["actual"] for r in rows], color="#bbbbbb", width=0.7, label="actual count")
        for model, (color, dx, marker) in MODEL_STYLE.items():
            means = [r[model]["mean"] for r in rows]
            lo = [r[model]["mean"] - r[model]["interval_90"][0] for r in rows]
            hi = [r[model]["interval_90"][1] - r[model]["mean"] for r in rows]
            score = cal[model]
            ax.errorbar(
                [i + dx for i in x],
                means,
                yerr=[lo, hi],
                fmt=marker,
                color=color,
                capsize=3,
                label=(
                    f"{model}: mean and 90% interval (coverage {score['coverage_90']:.0%}, "
                    f"log score {score['mean_log_score']:.2f})"
                ),
            )
        ax.set_xticks(x, [r["category"] for r in rows], rotation=45, ha="right")
        ax.set_title(
            f"fit {split['fit_years'][0]}-{split['fit_years'][1]} -> predict "
            f"{split['predict_year']} (phi {split['dispersion_phi']:.2f})"
        )
        ax.grid(alpha=0.3, axis="y")
    axes[0].set_ylabel(f"insured incidents >= ${result['threshold_usd'] / 1e6:g}m in the year")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=9)
    fig.suptitle("Rolling-origin validation of yearly insured-incident counts")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(path)
    plt.close(fig)


@risk_app.command("validate")
def validate_cmd(
    incidents: Annotated[
        Path | None,
        typer.Option(
            "--incidents",
            help="Incidents CSV in the shipped incidents.csv format (default: the packaged one).",
        ),
    ] = None,
    first_year: Annotated[
        int, typer.Option("--first-year", help="First year of every fitting window.")
    ] = 2020,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Net loss (USD) an incident must reach.")
    ] = 1_000_000.0,
    as_json: JsonOpt = False,
    plot: PlotOpt = None,
) -> None:
    """Out-of-sample check: fit on years up to Y, predict Y+1; Poisson vs negative binomial."""
    from safetynet.risk.validation import ValidationConfig, read_incidents_file, validate

    _check_plot(plot)
    rows = read_incidents_file(incidents) if incidents is not None else None
    result = validate(rows, ValidationConfig(threshold_usd=threshold, first_year=first_year))
    result["incidents"] = str(incidents) if incidents else "package:safetynet/data/incidents.csv"
    _report(
        result, as_json, plot, lambda path: _plot_validation(path, result),
        lambda con: _print_validation(con, result),
    )  # fmt: skip


def _print_validation(con: Console, result: dict[str, Any]) -> None:
    for split in result["splits"]:
        table = Table(
            "category",
            "actual",
            "poisson mean [90%]",
            "negbin mean [90%]",
            title=(
                f"fit {split['fit_years'][0]}-{split['fit_years'][1]}, predict "
                f"{split['predict_year']} (phi {split['dispersion_phi']:.3f})"
            ),
        )
        for r in split["counts"]:
            cells = []
            for model in ("poisson", "negbin"):
                lo, hi = r[model]["interval_90"]
                mark = "" if r[model]["inside"] else " [red]miss[/]"
                cells.append(f"{r[model]['mean']:.1f} [{lo}-{hi}]{mark}")
            table.add_row(r["category"], str(r["actual"]), *cells)
        con.print(table)
        for t in split["severity"]["tail"]:
            actual = "-" if t["actual_share"] is None else f"{t['actual_share']:.1%}"
            con.print(
                f"  losses above ${t['above_usd'] / 1e6:g}m: predicted {t['predicted_share']:.1%}, "
                f"actual {actual} ({t['actual_count']} of {split['severity']['n_actual']})"
            )
    for model, score in result["calibration"].items():
        con.print(
            f"[bold]{model}[/]: {score['coverage_90']:.0%} of actual counts inside the 90% "
            f"interval, mean log score {score['mean_log_score']:.3f}"
        )
    con.print(f"better model (log score): [bold]{result['better_model']}[/]")


# ---------------------------------------------------------------------------- risk propose-rates
MODES = ("auto", "admin", "timelock", "calldata")


def _proposal_file(path: Path | None) -> Path:
    from safetynet.cli import context

    return path or context.STATE.home / "proposals" / "rates.json"


def _print_plan(changes, mode: str) -> None:
    con = _out()
    table = Table(
        "id", "product", "on-chain", "model", "interval", "action", title="Rates vs model"
    )
    for c in changes:
        lo_hi = f"{c.interval_bps[0]}-{c.interval_bps[1]}" if c.interval_bps else "-"
        model = {"set_rate": str(c.proposed_bps), "keep": "="}.get(c.action, "-")
        table.add_row(str(c.product_id), c.name, f"{c.current_bps} bps", model, lo_hi, c.action)
    con.print(table)
    for c in changes:
        con.print(f"[bold]#{c.product_id} {c.name}[/] ({c.action}):")
        for line in c.reasons:
            con.print(f"   - {line}")
    con.print(f"governance path: [bold]{mode}[/]")


@risk_app.command("propose-rates")
def propose_rates_cmd(
    tolerance_bps: Annotated[
        int, typer.Option("--tolerance-bps", help="Leave a rate alone within this many bps.")
    ] = 5,
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            help="auto (timelock if it holds the admin role, else admin), admin, timelock, or "
            "calldata (print the transactions for a multisig).",
        ),
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Compare and prepare; send nothing.")
    ] = False,
    execute: Annotated[
        bool,
        typer.Option("--execute", help="Execute the batch scheduled earlier, after the delay."),
    ] = False,
    proposal: Annotated[
        Path | None,
        typer.Option(
            "--proposal", help="Where the scheduled batch is kept (default .safetynet/proposals)."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare on-chain rates with the model and apply, schedule or print the set_product batch."""
    from safetynet import sdk
    from safetynet.cli.context import open_protocol
    from safetynet.risk.rates import plan_rates
    from safetynet.sdk import governance as gov

    if mode not in MODES:
        raise SafetyNetError(f"--mode {mode}: use one of {', '.join(MODES)}")
    path = _proposal_file(proposal)
    p, sender = open_protocol()
    if execute:
        if not path.is_file():
            raise SafetyNetError(f"no scheduled batch at {path}: run propose-rates first")
        saved = json.loads(path.read_text())
        batch = gov.Batch.from_json(saved["batch"])
        gov.execute_batch(p, batch, sender=sender)
        path.unlink()
        applied = [c for c in saved["changes"] if c["action"] in ("set_rate", "pause")]
        payload = {"mode": "timelock", "executed": True, "batch": batch.to_json(),
                   "changes": applied}  # fmt: skip
        if as_json:
            _print_json(payload)
            return
        _out().print(
            f"executed Timelock batch {batch.operation_id[:18]}...: "
            + ", ".join(
                f"#{c['product_id']} {c['name']} -> {c['proposed_bps']} bps" for c in applied
            )  # fmt: skip
        )
        return
    changes = plan_rates(sdk.products(p), tolerance_bps)
    todo = [c for c in changes if c.changes_chain]
    onchain = gov.governance_mode(p)
    path_mode = onchain if mode == "auto" else mode
    if path_mode == "admin" and onchain == "timelock":
        raise SafetyNetError("the Timelock holds the admin role: use --mode timelock or calldata")
    calls = [gov.set_product_call(p, c.product_id, c.proposed_bps, c.capacity, c.paused)
             for c in todo]  # fmt: skip
    payload: dict[str, Any] = {
        "mode": path_mode,
        "governance": onchain,
        "tolerance_bps": tolerance_bps,
        "changes": [c.to_json() for c in changes],
        "calls": [call.to_json() for call in calls],
        "sent": False,
    }
    if todo and not dry_run:
        if path_mode == "admin":
            gov.send_calls(p, calls, sender=sender)
            payload["sent"] = True
        elif path_mode == "timelock":
            batch = gov.schedule_batch(p, calls, sender=sender)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                json.dumps({"batch": batch.to_json(), "changes": payload["changes"]}, indent=2)
            )
            payload.update(sent=True, batch=batch.to_json(), proposal=str(path))
    if path_mode == "calldata" and calls and p.timelock is not None:
        payload["timelock_schedule_batch"] = gov.schedule_batch_calldata(p, calls)
    if as_json:
        _print_json(payload)
        return
    _print_plan(changes, path_mode)
    con = _out()
    if not todo:
        con.print("every listed rate matches the model: nothing to propose")
    elif dry_run:
        con.print(f"dry run: {len(todo)} set_product call(s) prepared, nothing sent")
    elif path_mode == "admin":
        con.print(f"applied {len(todo)} set_product call(s) as the admin; see `safetynet products`")
    elif path_mode == "timelock":
        b = payload["batch"]
        con.print(
            f"scheduled {len(todo)} set_product call(s) on the Timelock (operation "
            f"{b['operation_id'][:18]}...), ready at unix time {b['ready_at']}; run "
            f"`safetynet risk propose-rates --execute` after that (batch saved to {path})"
        )
    else:
        for call in payload["calls"]:
            con.print(f"to {call['to']} data {call['data']}")
        if "timelock_schedule_batch" in payload:
            t = payload["timelock_schedule_batch"]
            con.print(f"Timelock schedule_batch: to {t['to']} data {t['data']}")


# ------------------------------------------------------------------------------ capital simulate
def _plot_losses(path: Path, losses, summary: dict[str, Any], title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(10, 6.5), dpi=120)
    m = 1e6
    top = max(float(losses.max()), summary.get("capital") or 0.0, summary["tvar"]) / m
    bins = np.linspace(0.0, top * 1.02 if top > 0 else 1.0, 120)
    ax.hist(losses / m, bins=bins, color="#4C72B0", alpha=0.85, label="simulated yearly loss")
    ax.set_yscale("log")
    lines = [
        ("expected loss", summary["expected_loss"], "#2ca02c", "-"),
        (f"VaR {summary['level']:.1%}", summary["var"], "#ff7f0e", "--"),
        (f"TVaR {summary['level']:.1%} = required capital", summary["tvar"], "#d62728", "-"),
    ]
    if summary.get("capital") is not None:
        lines.append(("pool capital", summary["capital"], "black", ":"))
    for label, x, color, style in lines:
        ax.axvline(
            x / m, color=color, linestyle=style, linewidth=2, label=f"{label}: ${x / m:,.1f}m"
        )
    ax.set_xlabel("pool loss in one year (USD millions)")
    ax.set_ylabel("number of simulated years (log scale)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    # Below the axes: inside, at few simulations, it covered the capital line at the right edge.
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=9)
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    fig.savefig(path)
    plt.close(fig)


@capital_app.command("simulate")
def simulate_cmd(
    book: BookOpt = None,
    sims: Annotated[int, typer.Option("--sims", help="Simulated years.", min=1)] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same result).")] = 1,
    capital: Annotated[
        float | None, typer.Option("--capital", help="Pool capital in USD (default: the book's).")
    ] = None,
    frequency: Annotated[
        str | None,
        typer.Option(
            "--frequency",
            help="Yearly counts: negbin (common yearly random effect, the default) or poisson.",
        ),
    ] = None,
    as_json: JsonOpt = False,
    plot: PlotOpt = None,
) -> None:
    """Monte Carlo of one year of pool losses: EL, VaR/TVaR 99.5%, capital, safe leverage."""
    from safetynet.actuarial.simulation import simulate
    from safetynet.capital.book import load_book
    from safetynet.capital.solvency import summarize

    _check_plot(plot)
    b = load_book(book)
    if frequency not in (None, "negbin", "poisson"):
        raise SafetyNetError(f"--frequency {frequency}: use negbin or poisson")
    dispersion = 0.0 if frequency == "poisson" else b.dispersion
    err = Console(stderr=True)
    started = time.perf_counter()
    if sims >= PROGRESS_MIN_SIMS and err.is_terminal:
        columns = (
            TextColumn("simulating"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,} years"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("sim", total=sims)
            result = simulate(
                b.products,
                sims,
                seed,
                b.shock_rate,
                progress=lambda done, _: bar.update(task, completed=done),
                dispersion=dispersion,
            )
    else:
        result = simulate(b.products, sims, seed, b.shock_rate, dispersion=dispersion)
    elapsed = time.perf_counter() - started
    cap = b.pool.capital if capital is None else capital
    summary = summarize(result, cap, expense_ratio=b.pool.expense_ratio)
    payload = {"book": b.name, "book_source": b.source, **summary, "seconds": round(elapsed, 3)}
    chart = f"{b.name}: {sims:,} simulated years, {len(b.products)} products"
    title = f"{b.name} - {sims:,} years, seed {seed}"
    _report(
        payload, as_json, plot, lambda path: _plot_losses(path, result.losses, summary, chart),
        lambda con: _print_summary(con, title, summary, cap, elapsed),
    )  # fmt: skip


def _print_summary(
    con: Console, title: str, summary: dict[str, Any], cap: float, elapsed: float
) -> None:
    table = Table("figure", "value", title=title)
    rows = [
        ("total cover", _usd(summary["total_cover"])),
        ("annual premium", _usd(summary["annual_premium"])),
        ("expected loss", _usd(summary["expected_loss"])),
        (f"VaR {summary['level']:.1%}", _usd(summary["var"])),
        (f"TVaR {summary['level']:.1%}", _usd(summary["tvar"])),
        ("required capital", _usd(summary["required_capital"])),
        ("largest safe max_leverage_bps", str(summary["max_leverage_bps"])),
        ("yearly counts", f"{summary['frequency_model']} (phi {summary['dispersion_phi']:.4f})"),
        ("pool capital", _usd(cap)),
        ("probability of ruin", f"{summary['probability_of_ruin']:.4%}"),
        ("time", f"{elapsed:.2f} s"),
    ]
    for k, v in rows:
        table.add_row(k, v)
    con.print(table)


# -------------------------------------------------------------------------------------- backtest
def _plot_backtest(path: Path, result: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from datetime import datetime, timedelta

    import matplotlib.pyplot as plt

    monthly = result["monthly"]
    months = [datetime.strptime(r["month"], "%Y-%m") for r in monthly]
    m = 1e6
    fig, (ax, ax2) = plt.subplots(
        2, 1, figsize=(11, 7), dpi=120, sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    lines = {
        "equity": {"color": "#1f77b4", "linewidth": 2, "label": "pool equity"},
        "locked_capital": {
            "color": "#d62728",
            "linestyle": "--",
            "label": "locked capital (active cover / leverage)",
        },
        "active_cover": {"color": "grey", "linestyle": ":", "label": "active cover"},
    }
    for key, style in lines.items():
        ax.plot(months, [r[key] / m for r in monthly], **style)
    ax.set_ylabel("USD millions")
    ax.set_title(
        f"Backtest {result['window'][0]} .. {result['window'][1]}: worst drawdown "
        f"{result['worst_drawdown_pct']:.1%}, min solvency ratio "
        f"{(result['min_solvency_ratio'] or 0):.2f}"
    )
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    # Amounts, side by side and both upwards: payouts (out of the pool) and recoveries (back in).
    half = timedelta(days=6)
    for shift, key, color, label in (
        (-half, "payouts", "#d62728", "payouts (paid out)"),
        (half, "recoveries", "#2ca02c", "recoveries (paid back to the pool)"),
    ):
        bars = [r[key] / m for r in monthly]
        ax2.bar([d + shift for d in months], bars, width=12, color=color, label=label)
    ax2.set_ylim(0, max(1e-9, ax2.get_ylim()[1]) * 1.15)
    ax2.set_ylabel("USD millions")
    ax2.legend(loc="upper right", fontsize=8)
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def backtest_cmd(book: BookOpt = None, as_json: JsonOpt = False, plot: PlotOpt = None) -> None:
    """Replay real incidents 2020-2024 against a book: equity, payouts, solvency, drawdown."""
    from safetynet.capital.backtest import run_backtest
    from safetynet.capital.book import load_book

    _check_plot(plot)
    result = run_backtest(load_book(book))
    _report(
        result, as_json, plot, lambda path: _plot_backtest(path, result),
        lambda con: _print_backtest(con, result),
    )  # fmt: skip


def _print_backtest(con: Console, result: dict[str, Any]) -> None:
    con.print(
        f"[bold]{result['book']}[/] {result['window'][0]} .. {result['window'][1]}: capital "
        f"{_usd(result['initial_capital'])} -> {_usd(result['final_equity'])} "
        f"({result['return_on_capital']:+.1%}); premiums {_usd(result['gross_premium'])}, "
        f"payouts {_usd(result['payouts'])}, recoveries {_usd(result['recoveries'])}; "
        f"worst drawdown {_usd(result['worst_drawdown'])} ({result['worst_drawdown_pct']:.1%}); "
        f"min solvency ratio {_ratio(result['min_solvency_ratio'])}"
    )
    table = Table("date", "product", "payout", "recovery", "cause")
    for e in result["events"]:
        table.add_row(e["date"], e["product"], _usd(e["payout"]), _usd(e["recovery"]), e["cause"])
    con.print(table)


def register(app: typer.Typer) -> None:
    """Add `risk`, `capital` and `backtest` to the main app."""
    app.add_typer(risk_app, name="risk")
    app.add_typer(capital_app, name="capital")
    app.command("backtest")(backtest_cmd)
