"""The keeper's one entry point and its runner: options from Settings, the same command
under `safetynet keeper` and `python -m safetynet.keeper`, a failing task that does not stop
the pass, a stop that ends the loop."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from safetynet.chain import ANVIL_KEYS
from safetynet.errors import SafetyNetError
from safetynet.keeper import main as keeper_main
from safetynet.keeper.context import KeeperContext
from safetynet.keeper.runner import Runner, Task
from safetynet.keeper.state import KeeperState
from safetynet.settings import Settings

URL = "http://127.0.0.1:1"


def test_resolve__nothing_given__the_keepers_own_account_and_settings_defaults(tmp_path):
    opts = keeper_main.KeeperOptions.resolve(Settings(rpc_url=URL, home=tmp_path))
    assert opts.account == 9 and opts.private_key is None  # not one of the users' 1-8
    assert opts.manifest == tmp_path / "deployment.json"
    assert opts.state_dir == tmp_path / "keeper"
    assert (opts.interval, opts.batch, opts.from_block) == (5.0, 100, 0)


def test_resolve__keeper_key_in_settings__signs_with_it_not_the_users_key(tmp_path):
    settings = Settings(rpc_url=URL, home=tmp_path, private_key=ANVIL_KEYS[1],
                        keeper_private_key=ANVIL_KEYS[7])  # fmt: skip
    opts = keeper_main.KeeperOptions.resolve(settings)
    assert opts.private_key == ANVIL_KEYS[7] and opts.account is None


def test_resolve__options_given__override_settings(tmp_path):
    settings = Settings(rpc_url=URL, home=tmp_path, keeper_interval=9.0, keeper_batch=7)
    opts = keeper_main.KeeperOptions.resolve(
        settings, rpc_url="http://node:8545", account=3, interval=0.5, state_dir=tmp_path / "s"
    )
    assert (opts.rpc_url, opts.account, opts.interval) == ("http://node:8545", 3, 0.5)
    assert opts.batch == 7 and opts.state_dir == tmp_path / "s"


def test_resolve__no_chain_anywhere__error_says_what_to_do(tmp_path):
    with pytest.raises(SafetyNetError, match="pass --rpc-url URL"):
        keeper_main.KeeperOptions.resolve(Settings(rpc_url=None, home=tmp_path))


def test_resolve__make_up_chain_running__its_url(tmp_path):
    (tmp_path / "node.json").write_text(json.dumps({"rpc_url": "http://127.0.0.1:8999"}))
    opts = keeper_main.KeeperOptions.resolve(Settings(rpc_url=None, home=tmp_path))
    assert opts.rpc_url == "http://127.0.0.1:8999"


def _options(command: typer.main.TyperCommand) -> set[str]:
    return {opt for p in command.params for opt in p.opts}


def test_entry_points__cli_and_module__one_command_with_the_same_options():
    from safetynet.cli import parametric as cli_parametric
    from safetynet.cli.main import app

    cli = typer.main.get_command(app).commands["keeper"]
    assert cli_parametric.keeper is keeper_main.command  # one implementation
    module = typer.main.get_command(keeper_main.module_app())
    assert _options(cli) == _options(module)
    assert _options(cli) >= {
        "--rpc-url", "--account", "--private-key", "--state-dir", "--interval", "--batch",
        "--from-block", "--mock-heartbeat", "--once", "--manifest",
    }  # fmt: skip


def test_cli_keeper__global_options__reach_the_keeper(monkeypatch, tmp_path):
    from safetynet.cli.main import app

    seen: list[keeper_main.KeeperOptions] = []
    monkeypatch.setattr(keeper_main, "run", lambda opts: seen.append(opts) or 0)
    monkeypatch.setenv("SAFETYNET_HOME", str(tmp_path))
    result = CliRunner().invoke(
        app, ["--rpc-url", URL, "--manifest", "m.json", "keeper", "--once", "--batch", "3"]
    )
    assert result.exit_code == 0, result.output
    assert seen[0].rpc_url == URL and seen[0].manifest == Path("m.json")
    assert seen[0].once and seen[0].batch == 3 and seen[0].account == 9


def test_module_main__bad_option__usage_error_exit_2():
    assert keeper_main.main(["--no-such-option"]) == 2


# ------------------------------------------------------------------------------ runner


def _runner(tmp_path, tasks, lines):
    ctx = KeeperContext(p=None, state=KeeperState(31337, "0x0"), path=tmp_path / "k.json",
                        log=lambda action, **f: lines.append({"action": action, **f}))  # fmt: skip
    return Runner(ctx, tasks)


def test_runner__a_task_fails__logged_and_the_pass_goes_on(tmp_path):
    lines: list[dict] = []

    def broken(ctx):
        raise ValueError("bug in one task")

    runner = _runner(tmp_path, [Task("broken", broken, "a"), Task("fine", lambda c: 2, "b")], lines)
    assert runner.run_once() == {"a": 0, "b": 2}
    assert lines == [{"action": "error", "step": "broken", "error": "ValueError: bug in one task"}]
    assert json.loads((tmp_path / "k.json").read_text())["chain_id"] == 31337  # checkpointed


def test_runner__stop_set__loop_ends_after_the_pass_in_hand(tmp_path):
    stop = threading.Event()
    passes: list[int] = []

    def task(ctx):
        passes.append(1)
        if len(passes) == 3:
            stop.set()  # as SIGINT/SIGTERM do
        return 1

    _runner(tmp_path, [Task("t", task, "t")], []).run(interval=0.01, stop=stop)
    assert len(passes) == 3
