# pragma version ~=0.4.3
"""
@title Token with a blacklist and an open mint (test fixture)
@license AGPL-3.0-only
@notice What a rug pull looks like on-chain: anyone can mint, the owner can freeze holders.
@custom:security deliberately unsafe; test-only.
"""


# @dev Token balances.
balanceOf: public(HashMap[address, uint256])
# @dev Total supply.
totalSupply: public(uint256)
# @dev The single key that can blacklist.
owner: public(address)
# @dev Frozen holders.
blacklisted: public(HashMap[address, bool])


@deploy
def __init__():
    self.owner = msg.sender


@external
def mint(to: address, amount: uint256):
    """
    @notice Create tokens: open to anyone (the flaw under test).
    """
    self.balanceOf[to] += amount
    self.totalSupply += amount


@external
def blacklist(account: address):
    """
    @notice Freeze a holder: owner only.
    """
    assert msg.sender == self.owner, "token: caller is not the owner"
    self.blacklisted[account] = True


@external
def transfer(to: address, amount: uint256) -> bool:
    """
    @notice Move tokens unless the sender is blacklisted.
    """
    assert not self.blacklisted[msg.sender], "token: sender is blacklisted"
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    return True
