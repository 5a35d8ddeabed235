# pragma version ~=0.4.3
"""
@title Upgradeable beacon (test fixture)
@license AGPL-3.0-only
@notice Answers `implementation()` for beacon proxies; its owner can repoint it at once.
@custom:security test-only.
"""


# @dev The logic contract every beacon proxy runs.
implementation: public(address)
# @dev The key that can repoint the beacon.
owner: public(address)


@deploy
def __init__(implementation_: address):
    self.implementation = implementation_
    self.owner = msg.sender
