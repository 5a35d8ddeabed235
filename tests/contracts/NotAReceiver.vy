# pragma version ~=0.4.3
"""
@title NotAReceiver (tests only)
@notice A contract without onERC721Received.
"""


@external
@view
def hello() -> uint256:
    return 1
