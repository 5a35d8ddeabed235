"""The account, claim, assess and statistics pages' server time with 100,000 covers and
10,000 claims indexed (part of `python -m bench web`; SPEC §5: p95 <= 100 ms).

The index is bench.api's synthetic one (built through the indexer's own projection and
store), written into the web stack's database; the pages read it through the API's query
layer and read the chain (the stack's anvil) for the block, positions and vote weights, as
in production. The synthetic owners do not exist on the chain, so their positions read as
zero: the same calls, the same cost.
"""

from __future__ import annotations

import random
from typing import Any

REQUESTS = 100
WARMUP = 5


def run_pages(stack: Any, client: Any, time_page: Any) -> dict[str, Any]:
    """Build the index into the stack's database, then time each page (p50/p95)."""
    from bench import api

    events, _, seconds = api.build(stack.database_url)
    rng = random.Random(5)
    owners = [f"0x{rng.randrange(1, api.OWNERS + 1):040x}" for _ in range(REQUESTS)]
    heavy = f"0x{1:040x}"  # owns covers and filed all 10,000 claims
    pages = {
        "account_many_claims": (f"/account/{heavy}", {}),
        "file_claim": (f"/claims/new?account={owners[0]}", {}),
        "claim": (f"/claims/{api.CLAIMS // 2}", {}),
        "assess": (f"/assess?account={owners[1]}", {}),
        "statistics": ("/statistics", {}),
    }
    results = {name: time_page(client, path, headers) for name, (path, headers) in pages.items()}
    results["account_random_owner"] = time_page(client, f"/account/{owners[2]}", {})
    return {
        "covers_indexed": api.COVERS,
        "claims_indexed": api.CLAIMS,
        "events_indexed": events,
        "index_build_seconds": round(seconds, 1),
        "pages": results,
    }
