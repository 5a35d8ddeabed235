"""Why Cover's ERC-721 and CapitalPool's ERC-4626 are written by hand (docs/erc-by-hand.md).

Receipt-style gas (bench/gas.py) of the same token operations on our contracts and on snekmate
0.1.2's modules (bench/contracts/, bench only): minting a token to a new holder, moving it to a
new holder, and a second depositor's vault deposit. Run: `python -m bench.erc_by_hand`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boa

from bench.gas import measure, pin_clock
from safetynet.units import DAY

HERE = Path(__file__).parent / "contracts"
USDC = 10**6


def _snekmate() -> dict[str, int]:
    pin_clock()
    out: dict[str, int] = {}
    admin = boa.env.generate_address("admin")
    holder = boa.env.generate_address("policyholder")
    other = boa.env.generate_address("new holder")
    with boa.env.prank(admin):
        nft = boa.load(str(HERE / "SnekmateNFT.vy"))
        nft.mint(admin, 1)  # the collection is not empty: no first-token slots
        out["erc721_mint_new_holder"], _ = measure(nft, lambda: nft.mint(holder, 2))
    with boa.env.prank(holder):
        out["erc721_transfer_new_holder"], _ = measure(
            nft, lambda: nft.transferFrom(holder, other, 2)
        )

    from safetynet.artifacts import deployer

    asset = deployer("MockERC20").deploy("USD Coin (mock)", "USDC", 6)
    vault = boa.load(str(HERE / "SnekmateVault.vy"), asset.address)
    for who in (admin, holder):
        asset.mint(who, 1_000 * USDC)
        with boa.env.prank(who):
            asset.approve(vault.address, 2**256 - 1)
    with boa.env.prank(admin):
        vault.deposit(1_000 * USDC, admin)
    with boa.env.prank(holder):
        out["erc4626_deposit_new_depositor"], _ = measure(
            vault, lambda: vault.deposit(1_000 * USDC, holder)
        )
    return out


def _ours() -> dict[str, int]:
    from safetynet.deploy import AUDITOR_ROLE, deploy_protocol

    out: dict[str, int] = {}
    admin = boa.env.generate_address("admin")
    auditor = boa.env.generate_address("auditor")
    underwriter = boa.env.generate_address("underwriter")
    second = boa.env.generate_address("second underwriter")
    holder = boa.env.generate_address("policyholder")
    other = boa.env.generate_address("new holder")
    p = deploy_protocol(admin=admin)
    with boa.env.prank(admin):
        p.cover.grantRole(AUDITOR_ROLE, auditor)
        pid = p.cover.add_product(
            "Bench", 0, 200, 10**9 * USDC, DAY, 7 * DAY, 365 * DAY, b"\x02" * 32
        )
    with boa.env.prank(auditor):
        p.cover.attest(pid, b"\x01" * 32, boa.env.evm.patch.timestamp + 365 * DAY)
    for who in (underwriter, second, holder):
        p.asset.mint(who, 10**7 * USDC)
        with boa.env.prank(who):
            p.asset.approve(p.pool.address, 2**256 - 1)
            p.asset.approve(p.cover.address, 2**256 - 1)
    with boa.env.prank(underwriter):
        p.pool.deposit(10**6 * USDC, underwriter)
    with boa.env.prank(second):
        out["pool_deposit_new_depositor"], _ = measure(
            p.pool, lambda: p.pool.deposit(1_000 * USDC, second)
        )
    with boa.env.prank(holder):
        p.cover.buy_cover(pid, 1_000 * USDC, 30 * DAY, 2**256 - 1, holder)
        buy, cover_id = measure(
            p.cover, lambda: p.cover.buy_cover(pid, 1_000 * USDC, 30 * DAY, 2**256 - 1, holder)
        )
        out["cover_buy_cover_whole_purchase"] = buy
        out["cover_transfer_new_holder"], _ = measure(
            p.cover, lambda: p.cover.transferFrom(holder, other, cover_id)
        )
    return out


def run() -> dict[str, Any]:
    return {"snekmate_0_1_2": _snekmate(), "safetynet": _ours()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
