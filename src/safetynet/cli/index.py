"""`safetynet index`: the indexer (the same command as `python -m safetynet.indexer`)."""

from __future__ import annotations

import typer

from safetynet.indexer.main import command


def register(app: typer.Typer) -> None:
    app.command("index")(command)
