# pragma version ~=0.4.3
"""
@title MockERC20
@license AGPL-3.0-only
@notice An ERC-20 with EIP-2612 permit and a mint anyone may call. Local use and tests only.
@custom:security Anyone can mint: never deploy where value is at stake.
@custom:kill Not pausable; a throwaway test token.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc20

initializes: ownable
initializes: erc20[ownable := ownable]

exports: (
    erc20.totalSupply,
    erc20.balanceOf,
    erc20.allowance,
    erc20.name,
    erc20.symbol,
    erc20.decimals,
    erc20.transfer,
    erc20.transferFrom,
    erc20.approve,
    erc20.permit,
    erc20.nonces,
    erc20.DOMAIN_SEPARATOR,
    erc20.eip712Domain,
)


@deploy
def __init__(name_: String[25], symbol_: String[5], decimals_: uint8):
    ownable.__init__()
    erc20.__init__(name_, symbol_, decimals_, name_, "1")


@external
def mint(to: address, amount: uint256):
    """
    @notice Mint `amount` to `to`. Open to anyone (test token).
    """
    erc20._mint(to, amount)
