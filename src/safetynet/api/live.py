"""Answers read from the chain now, through the SDK's read-only deployment (no titanoboa).

The quote must equal what `buy_cover` would charge at this block, so it is never served from
the index: the API asks the contract (`sdk.quote_breakdown`) over plain JSON-RPC. The
connection is opened on first use; without a node or a manifest the quote routes answer
503 and every indexed route keeps working.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from safetynet.api.errors import Unavailable
from safetynet.errors import SafetyNetError


class LiveChain:
    """The deployment in `manifest` on the node at `rpc_url`, attached on first use."""

    def __init__(self, rpc_url: str | None, manifest: Path) -> None:
        self.rpc_url = rpc_url
        self.manifest = manifest
        self._deployment: Any = None
        self._lock = threading.Lock()

    def deployment(self) -> Any:
        """The read-only deployment; raises Unavailable (503) when it cannot be reached."""
        if self._deployment is not None:
            return self._deployment
        if self.rpc_url is None:
            raise Unavailable(
                "this API has no chain to quote from: start it with SAFETYNET_RPC_URL (or "
                "`safetynet --rpc-url URL serve`)"
            )
        with self._lock:
            if self._deployment is None:
                from safetynet import chain
                from safetynet.sdk.deployment import load_read_only

                try:
                    chain.use_reader(self.rpc_url)
                    self._deployment = load_read_only(self.manifest)
                except SafetyNetError as exc:
                    raise Unavailable(f"cannot read the chain now: {exc}") from exc
        return self._deployment

    def reset(self) -> None:
        """Forget the connection (the next call attaches again, e.g. after a node restart)."""
        with self._lock:
            self._deployment = None
