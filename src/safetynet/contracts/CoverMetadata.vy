# pragma version ~=0.4.3
"""
@title SafetyNet cover metadata
@license AGPL-3.0-only
@notice Renders a cover NFT's tokenURI as on-chain JSON (product, amount, start,
        end), read back from the Cover contract that asks. Kept out of Cover,
        whose bytecode is close to the 24,576-byte limit.
@custom:security Stateless and trusts nothing: it formats what the given Cover's
        views return.
@custom:kill Nothing to pause or shut down: a view with no state.
"""

from .interfaces import ICover
from .interfaces import ICoverMetadata

implements: ICoverMetadata


@external
@view
def token_uri(cover: address, token_id: uint256) -> String[640]:
    """
    @notice On-chain JSON metadata of `cover`'s token `token_id`: product, amount,
            start, end. Reverts with Cover's reason for an unknown cover.
    @param cover The Cover contract the token belongs to.
    @param token_id The cover id.
    @return A data URI of the JSON object.
    """
    data: ICover.CoverData = staticcall ICover(cover).covers(token_id)
    product: ICover.Product = staticcall ICover(cover).products(data.product_id)
    return concat(
        'data:application/json;utf8,{"name":"SafetyNet Cover #',
        uint2str(token_id),
        '","product_id":',
        uint2str(data.product_id),
        ',"product":"',
        product.name,
        '","amount":',
        uint2str(data.amount),
        ',"start":',
        uint2str(data.start),
        ',"end":',
        uint2str(data.end),
        "}",
    )
