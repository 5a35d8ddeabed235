# pragma version ~=0.4.3
"""
@title Stand-in logic contract (local use and tests only)
@license AGPL-3.0-only
@notice What a stand-in proxy delegates to: `version` is an immutable, so two
        versions have different code and different code hashes.
@custom:security local and test use only.
@custom:kill Nothing to stop: it holds nothing.
"""

# @dev The release this code stands for (part of the runtime code).
VERSION: immutable(uint256)


@deploy
def __init__(version_: uint256):
    VERSION = version_


@external
@view
def version() -> uint256:
    """
    @notice The release this code stands for.
    """
    return VERSION
