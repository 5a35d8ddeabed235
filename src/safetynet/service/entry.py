"""The process around a service's loop: one entry point under `safetynet <name>` and
`python -m safetynet.<name>`, options defaulting to Settings, the chain found where `make up`
left it, fatal errors as log lines (exit 1), SIGINT/SIGTERM as a graceful stop (exit 0)."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from safetynet.errors import SafetyNetError
from safetynet.service.log import LogFn

if TYPE_CHECKING:  # Settings loads pydantic: only when a service really starts
    from safetynet.settings import Settings

# Options every service command takes, with the same meaning.
RpcUrlOption = Annotated[
    str | None, typer.Option("--rpc-url", help="JSON-RPC node (default SAFETYNET_RPC_URL).")
]
ManifestOption = Annotated[
    Path | None, typer.Option("--manifest", help="Deployment manifest (<home>/deployment.json).")
]


def node_url(given: str | None, settings: Settings, task: str) -> str:
    """The node to `task` on: `given`, else SAFETYNET_RPC_URL, else the chain `make up` runs
    (it writes <home>/node.json while its chain runs)."""
    url = given or settings.rpc_url or _local_node_url(settings.home)
    if not url:
        raise SafetyNetError(
            f"no chain to {task}: pass --rpc-url URL (or set SAFETYNET_RPC_URL), or start "
            "the local chain with `make up`"
        )
    return url


def _local_node_url(home: Path) -> str | None:
    try:
        return json.loads((home / "node.json").read_text()).get("rpc_url")
    except (FileNotFoundError, json.JSONDecodeError, AttributeError):
        return None


def global_options(ctx: typer.Context) -> dict[str, Any]:
    """Under `safetynet`, its global --rpc-url/--account/--manifest (they count where the
    command's own are not given); nothing under `python -m`."""
    return ctx.find_root().params if ctx.parent is not None else {}


def serve(log: LogFn, start: Callable[[], Callable[[threading.Event], None]],
          stop: threading.Event | None = None, *, stopped: str = "stopped") -> int:  # fmt: skip
    """`start()` connects (and logs that it started) and returns the service's loop, which
    runs until `stop` is set (by SIGINT/SIGTERM when this is the main thread). A
    SafetyNetError on the way is logged as `fatal`; returns the process's exit code."""
    try:
        loop = start()
    except SafetyNetError as exc:
        log("fatal", error=str(exc))
        return 1
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        stop_on_signals(stop)
    try:
        loop(stop)
    except SafetyNetError as exc:
        log("fatal", error=str(exc))
        return 1
    log(stopped)
    return 0


def stop_on_signals(stop: threading.Event) -> None:
    """SIGINT and SIGTERM set `stop`: the loop finishes the pass in hand and returns."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())


def command_app(name: str, command: Callable[..., None]) -> typer.Typer:
    """`command` alone, as `python -m safetynet.<package>` runs it."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command(name=name)(command)
    return app


def run_app(app: typer.Typer, argv: list[str] | None, prog_name: str) -> int:
    """Run a `command_app`; returns the command's exit code (2: a usage error)."""
    try:
        app(args=argv, prog_name=prog_name)
    except SystemExit as exc:  # how click ends: the command's exit code, or a usage error's
        return int(exc.code or 0)
    return 0
