"""The `safetynet` command: global options, then one command per thing a user does."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

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
COMMAND_MODULES = (
    "pool",
    "cover",
    "account",
    "demo",
    "up",
    "dev",
    "claims",
    "parametric",
    "risk",
    "serve",
    "index",
)


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


_NEGATIVE = re.compile(r"-\d[\d_,]*(\.\d*)?")


def _refuse_negative_arguments(args: list[str]) -> None:
    """click reads a positional `-1` as an unknown option ("No such option: -1"); say what is
    wrong instead. A negative value of an option (`--days -3`) is left to the command."""
    for i, token in enumerate(args):
        if token == "--":
            return
        if _NEGATIVE.fullmatch(token):
            before = args[i - 1] if i else ""
            if not (
                before.startswith("-") and "=" not in before and not _NEGATIVE.fullmatch(before)
            ):
                raise SafetyNetError(f"amount must not be negative (got {token})")


def run() -> None:
    """Console entry point: errors print as one line and exit non-zero, without a traceback.

    SafetyNetError carries its own advice; anything else (a node error, a bad value deep in
    a library) is explained by `chain.explain_error` in one line. SAFETYNET_DEBUG=1 shows the
    traceback instead."""
    try:
        _refuse_negative_arguments(sys.argv[1:])
        app()
    except SafetyNetError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SAFETYNET_DEBUG"):
            raise
        from safetynet.chain import explain_error

        _fail(explain_error(exc))


def _fail(message: str) -> None:
    try:
        context.err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    except OSError:
        pass
    sys.exit(1)


if __name__ == "__main__":
    run()
