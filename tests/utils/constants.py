"""Numbers the tests share, defined once.

Time units, basis points, claim statuses and causes, product kinds and the pool's virtual
shares are read from the contracts' own `constant` declarations, so a test can never
disagree with the contract about them. Token units follow the decimals the deployment uses.
"""

from __future__ import annotations

import ast
import operator
import re
from functools import cache

from eth_utils import keccak

from safetynet.artifacts import CONTRACTS, contracts_dir
from safetynet.deploy import ASSET_DECIMALS

_DECLARATION = re.compile(
    r"^(?P<name>[A-Z][A-Z0-9_]*): (?:public\()?constant\((?:u?int\d+)\)\)? = (?P<value>[^#\n]+)",
    re.MULTILINE,
)
_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
}


def _fold(node: ast.expr, known: dict[str, int]) -> int:
    """Evaluate an integer constant expression (literals, + - * // **, earlier constants)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Name):
        return known[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_fold(node.left, known), _fold(node.right, known))
    raise ValueError(f"not an integer constant expression: {ast.dump(node)}")


@cache
def contract_constants(name: str) -> dict[str, int]:
    """The integer `constant` declarations of a packaged contract, folded to their values."""
    source = (contracts_dir() / CONTRACTS[name]).read_text()
    known: dict[str, int] = {}
    for match in _DECLARATION.finditer(source):
        known[match["name"]] = _fold(ast.parse(match["value"].strip(), mode="eval").body, known)
    return known


_COVER = contract_constants("Cover")
_POOL = contract_constants("CapitalPool")
_CLAIMS = contract_constants("Claims")

# -- time and ratios (Cover.vy) --------------------------------------------------------------
HOUR: int = _COVER["HOUR"]
DAY: int = _COVER["DAY"]
YEAR: int = _COVER["YEAR"]
MAX_BPS: int = _COVER["MAX_BPS"]

# -- product kinds (Cover.vy) ----------------------------------------------------------------
PROTOCOL: int = _COVER["PROTOCOL"]
PARAMETRIC: int = _COVER["PARAMETRIC"]
CUSTODY: int = _COVER["CUSTODY"]

# -- the pool's share maths (CapitalPool.vy) -------------------------------------------------
VIRTUAL_SHARES: int = 10 ** _POOL["DECIMALS_OFFSET"]
MAX_SHARE_SUPPLY: int = _POOL["MAX_SHARE_SUPPLY"]  # what a withdrawal request can hold

# -- claims (Claims.vy, SPEC 3.3): statuses and causes ----------------------------------------
OPEN: int = _CLAIMS["OPEN"]
ACCEPTED: int = _CLAIMS["ACCEPTED"]
REJECTED: int = _CLAIMS["REJECTED"]
PAID: int = _CLAIMS["PAID"]
FROZEN: int = _CLAIMS["FROZEN"]
EXPLOIT: int = _CLAIMS["EXPLOIT"]
ORACLE: int = _CLAIMS["ORACLE_MANIPULATION"]
ECONOMIC: int = _CLAIMS["ECONOMIC_ATTACK"]
CUSTODIAN: int = _CLAIMS["CUSTODIAN_HALT"]
RUG_PULL: int = _CLAIMS["RUG_PULL"]
SCAM: int = _CLAIMS["SCAM"]
PHISHING: int = _CLAIMS["PHISHING"]
FAKE_TOKEN: int = _CLAIMS["FAKE_TOKEN"]

# -- token units -----------------------------------------------------------------------------
USDC = 10**ASSET_DECIMALS  # one unit of the pool asset (the deployment's MockERC20)
SNET = 10**18  # one SNET (SNET.vy mints with 18 decimals)

# -- addresses and sentinels -----------------------------------------------------------------
ZERO = "0x" + "00" * 20
MAX_UINT = 2**256 - 1
EVIDENCE = keccak(text="post-mortem.pdf")  # the evidence hash a test claim carries

# -- the USDC/USD test feed (8 decimals) and its PARAMETRIC product ---------------------------
PEG = 100_000_000  # 1.00 USD
THRESHOLD = 97_000_000  # 0.97: below it, the depeg clock runs
DEPEG = 93_000_000  # 0.93
MIN_DURATION = HOUR  # how long below threshold proves a depeg
WAITING = HOUR  # the minimum waiting period of a PARAMETRIC product (SPEC 3.2)
COVER_AMOUNT = 10_000 * USDC
