"""The `safetynet` command: global options, then one command per thing a user does."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from safetynet.cli import context
from safetynet.errors import SafetyNetError

app = typer.Typer(
    name="safetynet",
    help="SafetyNet: decentralized cover for DeFi. Global options go before the command.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Command groups, each a module of this package with `register(app)`.
COMMAND_MODULES = ("pool", "cover", "demo", "up", "dev", "claims", "parametric", "risk")


@app.callback()
def main(
    rpc_url: Annotated[
        str | None,
        typer.Option("--rpc-url", envvar="SAFETYNET_RPC_URL", help="JSON-RPC node to use."),
    ] = None,
    account: Annotated[
        int | None,
        typer.Option("--account", help="Sign with anvil development account N (0-9)."),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest", help="Deployment manifest (default .safetynet/deployment.json)."
        ),
    ] = None,
) -> None:
    """Talk to the chain of `make up` by default, or to --rpc-url; sign with --account N or
    the key in SAFETYNET_PRIVATE_KEY."""
    context.configure(rpc_url, account, manifest)
    # titanoboa warns when attaching to code compiled by another build; the manifest is ours.
    warnings.filterwarnings("ignore", category=UserWarning, module="boa")


def _register_all() -> None:
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(f"safetynet.cli.{name}") is None:
            continue
        importlib.import_module(f"safetynet.cli.{name}").register(app)


_register_all()


def run() -> None:
    """Console entry point: errors print as one line and exit non-zero, without a traceback."""
    try:
        app()
    except SafetyNetError as exc:
        context.err_console.print(f"[bold red]error:[/] {exc}")
        sys.exit(1)


if __name__ == "__main__":
    run()
