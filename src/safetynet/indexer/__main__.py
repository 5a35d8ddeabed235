"""python -m safetynet.indexer [--rpc-url URL] [--manifest PATH] [--database-url URL] ...

The indexer as its own process (what `safetynet up` runs next to anvil and the keeper, and
what the integration tests start and kill): the same command as `safetynet index`.
"""

import sys

from safetynet.indexer.main import main

if __name__ == "__main__":
    sys.exit(main())
