# pragma version ~=0.4.3
"""
@title HookToken
@license AGPL-3.0-only
@notice An ERC-20 (6 decimals, open mint) that calls a chosen contract with
        chosen calldata on every transfer, like an ERC-777 hook: the attacker's
        tool for re-entering Claims. Records whether the re-entry succeeded.
@custom:security Malicious by design; tests only.
@custom:kill None; a throwaway test token.
"""

name: public(String[25])
symbol: public(String[5])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
# @dev The hook: whom to call with what, and what happened last time.
hook_target: public(address)
hook_data: public(Bytes[260])
hook_calls: public(uint256)
hook_successes: public(uint256)
last_hook_response: public(Bytes[128])
_in_hook: bool


event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256


event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256


@deploy
def __init__():
    self.name = "Hook USD"
    self.symbol = "HUSD"
    self.decimals = 6


@external
def set_hook(target: address, data: Bytes[260]):
    self.hook_target = target
    self.hook_data = data


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount
    self.totalSupply += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self._move(msg.sender, receiver, amount)
    return True


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    allowed: uint256 = self.allowance[owner][msg.sender]
    if allowed != max_value(uint256):
        self.allowance[owner][msg.sender] = allowed - amount
    self._move(owner, receiver, amount)
    return True


@internal
def _move(owner: address, receiver: address, amount: uint256):
    self.balanceOf[owner] -= amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=owner, receiver=receiver, value=amount)
    target: address = self.hook_target
    if target != empty(address) and not self._in_hook:
        self._in_hook = True
        self.hook_calls += 1
        success: bool = False
        response: Bytes[128] = b""
        success, response = raw_call(
            target, self.hook_data, max_outsize=128, revert_on_failure=False
        )
        if success:
            self.hook_successes += 1
        self.last_hook_response = response
        self._in_hook = False
