# pragma version ~=0.4.3
"""
@title Bench only: snekmate 0.1.2's erc4626 module as is, to compare with CapitalPool
@notice Not deployed by SafetyNet; bench/erc_by_hand.py measures it (docs/erc-by-hand.md).
"""

from ethereum.ercs import IERC20
from snekmate.extensions import erc4626

initializes: erc4626

exports: (erc4626.deposit, erc4626.redeem, erc4626.balanceOf)


@deploy
def __init__(asset_: IERC20):
    erc4626.__init__("Vault", "V", asset_, 3, "Vault", "1")
