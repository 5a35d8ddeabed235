# pragma version ~=0.4.3
"""
@title Stand-in upgradeable beacon (local use and tests only)
@license AGPL-3.0-only
@notice Answers `implementation()` for beacon proxies; its owner repoints every
        proxy at once with `upgradeTo`.
@custom:security local and test use only: no delay.
@custom:kill Nothing to stop: the owner repoints it.
"""

# @dev The logic every beacon proxy runs.
implementation: public(address)
# @dev Who may upgrade.
owner: public(address)


# @dev Every proxy of this beacon now runs `implementation`.
event Upgraded:
    implementation: indexed(address)


@deploy
def __init__(implementation_: address):
    self.implementation = implementation_
    self.owner = msg.sender
    log Upgraded(implementation=implementation_)


@external
def upgradeTo(new_implementation: address):
    """
    @notice Repoint every proxy of this beacon at once: the owner only.
    """
    assert msg.sender == self.owner, "beacon: caller is not the owner"
    self.implementation = new_implementation
    log Upgraded(implementation=new_implementation)
