"""`safetynet demo`: the story on the in-process EVM."""

from __future__ import annotations

import typer

from safetynet.cli.context import console


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo() -> None:
    """Deploy on the in-process EVM and tell the story: underwriters, buyers, time, withdrawal."""
    from safetynet.demo import run_demo

    run_demo(console)
