# pragma version ~=0.4.3
"""
@title BlacklistToken (tests only)
@license AGPL-3.0-only
@notice A 6-decimal ERC-20 that, like USDC, reverts any transfer to or from a
        blacklisted address, and, like some older tokens, can instead return
        False for transfers to addresses marked `refuse_quietly`.
@custom:security Anyone may blacklist anyone: a test double, never deploy it.
@custom:kill Not pausable; a throwaway test token.
"""

name: public(constant(String[16])) = "Blacklist USD"
symbol: public(constant(String[5])) = "BUSD"
decimals: public(constant(uint8)) = 6
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
# @dev Transfers to or from these revert.
blacklisted: public(HashMap[address, bool])
# @dev Transfers to these return False and move nothing.
refuse_quietly: public(HashMap[address, bool])


event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256


event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256


@external
def set_blacklisted(account: address, blocked: bool):
    """
    @notice Block (revert) every transfer to or from `account`.
    """
    self.blacklisted[account] = blocked


@external
def set_refuse_quietly(account: address, refuse: bool):
    """
    @notice Make transfers to `account` return False instead of moving funds.
    """
    self.refuse_quietly[account] = refuse


@external
def mint(to: address, amount: uint256):
    """
    @notice Mint test tokens.
    """
    self.balanceOf[to] += amount
    self.totalSupply += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice ERC-20 approve.
    """
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    """
    @notice ERC-20 transfer (reverts on a blacklisted party, False on a quiet refusal).
    """
    return self._move(msg.sender, to, amount)


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    """
    @notice ERC-20 transferFrom.
    """
    if self.allowance[owner][msg.sender] != max_value(uint256):
        self.allowance[owner][msg.sender] -= amount
    return self._move(owner, to, amount)


@internal
def _move(owner: address, to: address, amount: uint256) -> bool:
    assert not self.blacklisted[owner], "token: sender blacklisted"
    assert not self.blacklisted[to], "token: receiver blacklisted"
    if self.refuse_quietly[to]:
        return False
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=owner, receiver=to, value=amount)
    return True
