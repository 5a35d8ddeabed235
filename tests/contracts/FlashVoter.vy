# pragma version ~=0.4.3
"""
@title FlashVoter
@license AGPL-3.0-only
@notice Holds borrowed SNET for one transaction: stakes it and votes in the same call,
        the way a flash-loaned stake would. Tests only.
@custom:security Attacker tool; tests only.
@custom:kill None.
"""

from ethereum.ercs import IERC20


interface IClaimsVote:
    def stake(amount: uint256): nonpayable
    def vote(claim_id: uint256, accept: bool): nonpayable


@external
def stake_and_vote(token: address, claims: address, amount: uint256, claim_id: uint256):
    extcall IERC20(token).approve(claims, amount)
    extcall IClaimsVote(claims).stake(amount)
    extcall IClaimsVote(claims).vote(claim_id, True)
