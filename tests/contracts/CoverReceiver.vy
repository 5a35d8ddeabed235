# pragma version ~=0.4.3
"""
@title CoverReceiver (tests only)
@notice An ERC-721 receiver that records what it was sent and answers with a
        chosen selector, to test Cover.safeTransferFrom.
"""

from snekmate.tokens.interfaces import IERC721Receiver

implements: IERC721Receiver

answer: public(bytes4)
last_operator: public(address)
last_owner: public(address)
last_token_id: public(uint256)
last_data: public(Bytes[1_024])


@deploy
def __init__(answer_: bytes4):
    self.answer = answer_


@external
def onERC721Received(
    operator: address, owner: address, token_id: uint256, data: Bytes[1_024]
) -> bytes4:
    self.last_operator = operator
    self.last_owner = owner
    self.last_token_id = token_id
    self.last_data = data
    return self.answer
