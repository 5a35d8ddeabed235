# pragma version ~=0.4.3
"""
@title Minimal deposit vault (test fixture)
@license AGPL-3.0-only
@notice Holds ether per depositor; used as the implementation behind the test proxies.
@custom:security test-only.
"""


# @dev Ether held for each depositor.
balances: public(HashMap[address, uint256])


@external
@payable
def deposit():
    """
    @notice Deposit ether.
    """
    self.balances[msg.sender] += msg.value


@external
def withdraw(amount: uint256):
    """
    @notice Withdraw up to your balance.
    @param amount Wei to withdraw.
    """
    self.balances[msg.sender] -= amount
    send(msg.sender, amount)
