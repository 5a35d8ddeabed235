# pragma version ~=0.4.3
"""
@title Contract with SELFDESTRUCT and an arbitrary DELEGATECALL (test fixture)
@license AGPL-3.0-only
@notice The owner can run any code with this contract's storage, or destroy it.
@custom:security deliberately unsafe; test-only.
"""


# @dev The single key in control.
owner: public(address)


@deploy
def __init__():
    self.owner = msg.sender


@external
def execute(target: address, data: Bytes[1024]) -> Bytes[32]:
    """
    @notice Run foreign code in this contract's context: owner only.
    """
    assert msg.sender == self.owner, "dangerous: caller is not the owner"
    return raw_call(target, data, max_outsize=32, is_delegate_call=True)


@external
def kill():
    """
    @notice Send the ether away (SELFDESTRUCT): owner only.
    """
    assert msg.sender == self.owner, "dangerous: caller is not the owner"
    selfdestruct(self.owner)


@external
def pause():
    """
    @notice A privileged switch (detected by selector).
    """
    assert msg.sender == self.owner, "dangerous: caller is not the owner"
