"""python -m safetynet.keeper --rpc-url URL [--manifest PATH] [--state-dir DIR] [--once]

The keeper as its own process (what `safetynet up` runs next to anvil and what the
integration tests start and kill). Logs one JSON line per action on stdout.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import warnings
from pathlib import Path

from safetynet.errors import SafetyNetError
from safetynet.keeper.service import Keeper, log_action


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m safetynet.keeper", description=__doc__)
    parser.add_argument("--rpc-url", required=True, help="JSON-RPC node")
    parser.add_argument("--manifest", type=Path, default=Path(".safetynet/deployment.json"))
    parser.add_argument("--state-dir", type=Path, default=Path(".safetynet/keeper"))
    parser.add_argument("--account", type=int, default=None, help="anvil dev account N")
    parser.add_argument("--private-key", default=None, help="or SAFETYNET_PRIVATE_KEY")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes")
    parser.add_argument("--batch", type=int, default=100, help="covers per payout_many")
    parser.add_argument("--from-block", type=int, default=0, help="first block to index")
    parser.add_argument(
        "--mock-heartbeat",
        type=int,
        default=None,
        help="local mock feeds: re-post the answer after S seconds of silence",
    )
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning, module="boa")

    from safetynet.chain import use_network
    from safetynet.deploy import Protocol
    from safetynet.settings import get_settings

    try:
        key = args.private_key or (get_settings().private_key if args.account is None else None)
        sender = use_network(args.rpc_url, private_key=key, account=args.account)
        p = Protocol.load(args.manifest, abi_only=True)
        keeper = Keeper(p, args.state_dir, batch=args.batch, from_block=args.from_block,
                        mock_heartbeat=args.mock_heartbeat)  # fmt: skip
    except SafetyNetError as exc:
        log_action("fatal", error=str(exc))
        return 1
    log_action("keeper_started", sender=sender, rpc_url=args.rpc_url, interval=args.interval)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if args.once:
            keeper.run_with_retry(attempts=5)
        else:
            keeper.run(args.interval, stop)
    except KeyboardInterrupt:
        pass
    except SafetyNetError as exc:
        log_action("fatal", error=str(exc))
        return 1
    log_action("keeper_stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
