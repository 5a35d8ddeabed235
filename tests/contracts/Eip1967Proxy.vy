# pragma version ~=0.4.3
"""
@title EIP-1967 upgradeable proxy (test fixture)
@license AGPL-3.0-only
@notice Forwards every call to `implementation` with DELEGATECALL; `admin` may upgrade it at
        once. The two variables are placed at the EIP-1967 slots by a storage layout override
        (tests/utils/contracts.py), as an OpenZeppelin TransparentUpgradeableProxy places them.
@custom:security test-only: no access control beyond `admin`, no admin/user call separation.
"""


# @dev EIP-1967 implementation slot (layout override).
implementation: public(address)
# @dev EIP-1967 admin slot (layout override).
admin: public(address)


@deploy
def __init__(implementation_: address, admin_: address):
    self.implementation = implementation_
    self.admin = admin_


@external
def upgradeTo(new_implementation: address):
    """
    @notice Replace the implementation immediately (no delay): only the admin.
    @param new_implementation The new logic contract.
    """
    assert msg.sender == self.admin, "proxy: caller is not the admin"
    self.implementation = new_implementation


@external
@payable
def __default__() -> Bytes[256]:
    return raw_call(self.implementation, msg.data, max_outsize=256, is_delegate_call=True)
