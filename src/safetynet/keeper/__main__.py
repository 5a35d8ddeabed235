"""python -m safetynet.keeper [--rpc-url URL] [--manifest PATH] [--state-dir DIR] [--once] ...

The keeper as its own process (what `safetynet up` runs next to anvil and what the
integration tests start and kill): the same command as `safetynet keeper`
(`safetynet.keeper.main.command`), defaults from Settings. Logs one JSON line per action.
"""

import sys

from safetynet.keeper.main import main

if __name__ == "__main__":
    sys.exit(main())
