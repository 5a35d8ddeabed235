# pragma version ~=0.4.3
"""
@title Bench only: snekmate 0.1.2's erc721 module with a plain mint, to compare with Cover
@notice Not deployed by SafetyNet; bench/erc_by_hand.py measures it (docs/erc-by-hand.md).
"""

from snekmate.auth import ownable
from snekmate.tokens import erc721

initializes: ownable
initializes: erc721[ownable := ownable]

exports: (erc721.transferFrom, erc721.ownerOf, erc721.balanceOf)


@deploy
def __init__():
    ownable.__init__()
    erc721.__init__("Cover", "COVER", "", "Cover", "1")


@external
def mint(owner: address, token_id: uint256):
    """
    @notice Mint `token_id` to `owner` (what Cover does inside buy_cover).
    """
    erc721._mint(owner, token_id)
