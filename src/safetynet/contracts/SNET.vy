# pragma version ~=0.4.3
"""
@title SafetyNet token (SNET)
@license AGPL-3.0-only
@notice The governance and assessment token: an ERC-20 with EIP-2612 permit and
        a fixed supply minted once at deployment.
@custom:security No mint after deployment: the minter flag set by the module's
        constructor is cleared and no mint function is exported.
@custom:kill Not pausable; transfers cannot be stopped by anyone.
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
    erc20.burn,
    erc20.permit,
    erc20.nonces,
    erc20.DOMAIN_SEPARATOR,
    erc20.eip712Domain,
)


@deploy
def __init__(supply: uint256, recipient: address):
    """
    @param supply The whole fixed supply (18 decimals).
    @param recipient Who receives it (the admin locally, the treasury in production).
    """
    ownable.__init__()
    erc20.__init__("SafetyNet", "SNET", 18, "SafetyNet", "1")
    assert recipient != empty(address), "snet: zero recipient"
    erc20._mint(recipient, supply)
    erc20.is_minter[msg.sender] = False
