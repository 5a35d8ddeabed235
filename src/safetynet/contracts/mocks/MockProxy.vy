# pragma version ~=0.4.3
"""
@title Stand-in upgradeable proxy (local use and tests only)
@license AGPL-3.0-only
@notice Forwards every call to `implementation` with DELEGATECALL and answers
        `implementation()`, as an EIP-1967 proxy that exposes it does; `admin`
        may upgrade it at once. Storage is not at the EIP-1967 slots; return data
        comes back ABI-wrapped as bytes (a stand-in, not a faithful proxy).
@custom:security local and test use only: no delay, no admin/user call separation.
@custom:kill Nothing to stop: the admin repoints it.
"""

# @dev The logic contract calls are delegated to.
implementation: public(address)
# @dev Who may upgrade.
admin: public(address)


# @dev The proxy now delegates to `implementation`.
event Upgraded:
    implementation: indexed(address)


@deploy
def __init__(implementation_: address):
    self.implementation = implementation_
    self.admin = msg.sender
    log Upgraded(implementation=implementation_)


@external
def upgradeTo(new_implementation: address):
    """
    @notice Replace the implementation immediately: the admin only.
    """
    assert msg.sender == self.admin, "proxy: caller is not the admin"
    self.implementation = new_implementation
    log Upgraded(implementation=new_implementation)


@external
@payable
def __default__() -> Bytes[256]:
    return raw_call(self.implementation, msg.data, max_outsize=256, is_delegate_call=True)
