# pragma version ~=0.4.3
"""
@title Fixed-supply token without owner powers (test fixture)
@license AGPL-3.0-only
@notice The negative twin of RugToken: supply minted once, no owner, no blacklist.
@custom:security test-only.
"""


# @dev Token balances.
balanceOf: public(HashMap[address, uint256])
# @dev Total supply, fixed at deployment.
totalSupply: public(uint256)


@deploy
def __init__(supply: uint256):
    self.balanceOf[msg.sender] = supply
    self.totalSupply = supply


@external
def transfer(to: address, amount: uint256) -> bool:
    """
    @notice Move tokens.
    """
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    return True
