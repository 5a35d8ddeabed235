"""Parametric commands: `incident report|list`, `keeper`, `dev feed set|show`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from safetynet import chain, sdk
from safetynet.cli.context import JsonOpt, console, emit_json, open_protocol
from safetynet.errors import SafetyNetError
from safetynet.keeper.main import command as keeper
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tfeeds
from safetynet.units import fmt_duration, fmt_time, fmt_utc, parse_price

# Why `incident report` has nothing to report, for product {pid}.
NO_WINDOW = (
    "product {pid}'s feed proves no incident now: its answer has not stayed below the "
    "threshold for the trigger's duration since the last incident"
)
NO_WINDOWS = (
    "product {pid}'s feeds prove no incident now: fewer than the required number of them "
    "have stayed below the threshold for the trigger's duration, together"
)
T = TypeVar("T")

incident_app = typer.Typer(help="Parametric incidents proved by data feeds.", no_args_is_help=True)
feed_app = typer.Typer(
    help="Mock feeds of parametric products (local chains).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(incident_app, name="incident")
    # The same command as `python -m safetynet.keeper`: one implementation, one set of
    # options, defaults from Settings; the global --rpc-url/--account/--manifest apply.
    app.command("keeper")(keeper)
    try:
        from safetynet.cli.dev import dev_app
    except ImportError:  # no dev commands installed: give feeds their own group
        app.add_typer(feed_app, name="feed")
    else:
        dev_app.add_typer(feed_app, name="feed")


def _when(ts: int) -> str:
    return fmt_utc(ts, "%Y-%m-%d %H:%M:%S")


def _product(p, product: str) -> int:  # noqa: ANN001 - Protocol
    from safetynet.samples.parametric import resolve_product

    return resolve_product(p, product)


# ------------------------------------------------------------------------------ incident


@incident_app.command("list")
def incident_list(
    as_json: JsonOpt = False,
) -> None:
    """Incidents reported so far."""
    p, _ = open_protocol()
    items = par.incidents(p)
    if as_json:
        emit_json([i.as_dict() for i in items])
        return
    table = Table(title="Incidents")
    for col in ("id", "product", "from", "to", "payout", "rounds"):
        table.add_column(col)
    for i in items:
        table.add_row(
            str(i.incident_id), str(i.product_id), _when(i.time), _when(i.end),
            f"{i.payout_bps / 100:g}%", f"{i.first_round:#x}..{i.last_round:#x}",
        )  # fmt: skip
    console.print(table if items else "no incidents reported")


@incident_app.command("report")
def incident_report(
    product: Annotated[str, typer.Argument(help="Product id or sample slug (usdc-depeg)")],
    rounds: Annotated[
        list[str] | None,
        typer.Argument(
            help="Consecutive round ids (default: search the feed for a window); for a "
            "multi-feed trigger one FEED:ROUND,ROUND,... per feed, e.g. 0:0x10001,0x10002"
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Report an incident: the contract reads the rounds and checks them itself."""
    p, _ = open_protocol()
    pid = _product(p, product)
    extra: dict[str, list[int]] = {}  # in --json, beside the incident
    if tfeeds.trigger_feeds(p, pid) is None:
        ids = (
            _parse_rounds(rounds)
            if rounds
            else _proved(par.provable_window(p, pid), NO_WINDOW, pid)
        )
        incident_id = par.report_incident(p, pid, ids)
        what, after = "feed below threshold", f" ({len(ids)} rounds)"
    else:
        windows = (
            [_parse_window(w) for w in rounds]
            if rounds
            else _proved(tfeeds.provable_windows(p, pid), NO_WINDOWS, pid)
        )
        incident_id = tfeeds.report_incident_multi(p, pid, windows)
        extra["feeds"] = [w.feed_index for w in windows]
        what, after = f"feeds {', '.join(map(str, extra['feeds']))} below threshold together", ""
    info = par.incident(p, incident_id)
    if as_json:
        emit_json({**info.as_dict(), **extra})
        return
    console.print(
        f"incident #{incident_id} on product {pid}: {what} from {_when(info.time)} to "
        f"{_when(info.end)}{after}"
    )


def _proved(found: T | None, why_not: str, pid: int) -> T:
    """The rounds the feed (or feeds) of product `pid` prove an incident with, or why not."""
    if found is None:
        raise SafetyNetError(why_not.format(pid=pid))
    return found


def _parse_rounds(rounds: list[str]) -> list[int]:
    try:
        return [int(r, 0) for r in rounds]
    except ValueError as exc:
        raise SafetyNetError(f"round ids must be integers (decimal or 0x…): {exc}") from exc


def _parse_window(text: str) -> tfeeds.FeedWindow:
    index, sep, ids = text.partition(":")
    try:
        if not sep:
            raise ValueError(f"{text!r} has no FEED: prefix")
        return tfeeds.FeedWindow(int(index), [int(r, 0) for r in ids.split(",") if r])
    except ValueError as exc:
        raise SafetyNetError(
            "round ids must be given per feed for a multi-feed trigger, as FEED:ROUND,ROUND,..."
            f" (e.g. 0:0x10001,0x10002): {exc}"
        ) from exc


# ------------------------------------------------------------------------------ dev feed


@feed_app.command("set")
def feed_set(
    product: Annotated[str, typer.Argument(help="Product id or sample slug (usdc-depeg)")],
    price: Annotated[str, typer.Argument(help="New answer in feed units, e.g. 0.93")],
    feed: Annotated[
        int | None,
        typer.Option("--feed", help="Move only trigger feed N (0, 1, ...); default: all of them"),
    ] = None,
) -> None:
    """Push a round with PRICE to the product's mock feeds (local chains only): all of its
    trigger feeds, each in its own decimals, or only the one named by --feed."""
    value = parse_price(price)
    p, _ = open_protocol()
    pid = _product(p, product)
    if par.trigger(p, pid) is None:
        raise SafetyNetError(f"product {pid} has no parametric trigger (so no feed to set)")
    moved = tfeeds.set_feed_prices(p, pid, str(value), feed_index=feed)
    for f, r in moved:
        below = "below" if r.answer < f.threshold else "at or above"
        console.print(
            f"feed {f.index} of product {pid} now answers {value} (round {r.round_id:#x}, "
            f"{_when(r.updated_at)}), {below} the trigger threshold {f.threshold_price}"
        )
    tf = tfeeds.trigger_feeds(p, pid)
    if tf is not None:
        below_now = sum(
            par.latest_round(par.feed_contract(f.feed)).answer < f.threshold for f in tf.feeds
        )
        console.print(
            f"{below_now} of {len(tf.feeds)} feeds below the threshold; an incident needs "
            f"{tf.required} of them below it for the trigger's duration, together"
        )


@feed_app.command("show")
def feed_show(
    product: Annotated[str, typer.Argument(help="Product id or sample slug (usdc-depeg)")],
    as_json: JsonOpt = False,
) -> None:
    """The product's trigger and its feed's latest round."""
    p, _ = open_protocol()
    pid = _product(p, product)
    t = par.trigger(p, pid)
    if t is None:
        raise SafetyNetError(f"product {pid} has no parametric trigger")
    r = par.latest_round(par.feed_contract(t.feed))
    data = {**t.as_dict(), "latest_round": r.round_id, "latest_answer": r.answer,
            "latest_updated_at": r.updated_at,
            "trigger_active": bool(sdk.trigger_active(p, pid))}  # fmt: skip
    tf = tfeeds.trigger_feeds(p, pid)
    if tf is not None:
        rounds = [par.latest_round(par.feed_contract(f.feed)) for f in tf.feeds]
        data["required"] = tf.required
        data["feeds"] = [{**f.as_dict(), "latest_round": x.round_id, "latest_answer": x.answer,
                          "latest_updated_at": x.updated_at}
                         for f, x in zip(tf.feeds, rounds, strict=True)]  # fmt: skip
    if as_json:
        emit_json(data)
        return
    if tf is not None:
        _show_multi(pid, t, tf, rounds, bool(data["trigger_active"]))
        return
    now = chain.now()
    price = Decimal(r.answer).scaleb(-t.decimals)
    below = "below" if r.answer < t.threshold else "at or above"
    console.print(f"product {pid}: feed {t.feed}")
    console.print(
        f"  trigger: answer below {t.threshold_price} for {fmt_duration(t.min_duration)} pays "
        f"{t.payout_bps / 100:g}% of each cover"
    )
    console.print(
        f"  latest round {r.round_id:#x}: {price} ({below} the threshold), posted "
        f"{fmt_time(r.updated_at, now)}"
    )
    console.print(
        f"  sales paused by an active trigger: {'yes' if data['trigger_active'] else 'no'}"
    )


def _show_multi(
    pid: int, t: par.TriggerInfo, tf: tfeeds.TriggerFeeds, rounds: list[par.Round], active: bool
) -> None:
    now = chain.now()
    console.print(
        f"product {pid}: {tf.required} of {len(tf.feeds)} feeds below "
        f"{tf.feeds[0].threshold_price if tf.feeds[0].feed == t.feed else t.threshold_price} for "
        f"{fmt_duration(t.min_duration)} pays {t.payout_bps / 100:g}% of each cover"
    )
    for f, r in zip(tf.feeds, rounds, strict=True):
        below = "below" if r.answer < f.threshold else "at or above"
        console.print(
            f"  feed {f.index} {f.feed} ({f.decimals} decimals): round {r.round_id:#x} "
            f"{Decimal(r.answer).scaleb(-f.decimals).normalize()} ({below}), posted "
            f"{fmt_time(r.updated_at, now)}"
        )
    console.print(f"  sales paused by an active trigger: {'yes' if active else 'no'}")
