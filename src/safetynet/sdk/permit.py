"""EIP-2612 permits: sign once, buy cover in one transaction (Cover.buy_cover_with_permit)."""

from __future__ import annotations

from typing import Any

from safetynet import chain


def sign_permit(
    token: Any, key: Any, spender: str, value: int, deadline: int, nonce: int | None = None
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit signed with `key` over `token`'s EIP-712 domain (version "1");
    returns (v, r, s) for `permit` or Cover.buy_cover_with_permit."""
    from eth_account import Account

    owner = Account.from_key(key).address
    data = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {
            "name": token.name(),
            "version": "1",
            "chainId": chain.chain_id(),
            "verifyingContract": str(token.address),
        },
        "message": {
            "owner": owner,
            "spender": str(spender),
            "value": value,
            "nonce": token.nonces(owner) if nonce is None else nonce,
            "deadline": deadline,
        },
    }
    signed = Account.sign_typed_data(key, full_message=data)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")
