# pragma version ~=0.4.3
"""
@title Safe-like multisig views (test fixture)
@license AGPL-3.0-only
@notice Only the views the scanner reads: getThreshold() and getOwners().
@custom:security test-only; holds no keys and executes nothing.
"""


# @dev Signatures required.
threshold: uint256
# @dev Signers.
owners: DynArray[address, 16]


@deploy
def __init__(threshold_: uint256, owners_: DynArray[address, 16]):
    self.threshold = threshold_
    self.owners = owners_


@external
@view
def getThreshold() -> uint256:
    return self.threshold


@external
@view
def getOwners() -> DynArray[address, 16]:
    return self.owners
