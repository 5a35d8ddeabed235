"""SNET: fixed-supply ERC-20 with permit; no mint after deployment."""

import boa

from safetynet.deploy import SNET_SUPPLY
from tests.utils.events import event


def test_snet__local_deployment__whole_supply_to_admin(protocol, admin):
    p = protocol
    t = p.token
    assert (t.name(), t.symbol(), t.decimals()) == ("SafetyNet", "SNET", 18)
    assert t.totalSupply() == SNET_SUPPLY == t.balanceOf(admin)


def test_snet__transfer_and_burn__move_and_shrink_supply(protocol, admin, assessor):
    p = protocol
    with boa.env.prank(admin):
        p.token.transfer(assessor, 10**18)
        assert event(p.token, "Transfer").value == 10**18
    with boa.env.prank(assessor):
        p.token.burn(4 * 10**17)
    assert p.token.balanceOf(assessor) == 6 * 10**17
    assert p.token.totalSupply() == SNET_SUPPLY - 4 * 10**17


def test_snet__no_mint_entry_point__supply_is_fixed(protocol):
    p = protocol
    assert not hasattr(p.token, "mint")
    assert not hasattr(p.token, "set_minter")


def test_snet__zero_recipient__reverts():
    from safetynet.artifacts import deployer

    with boa.reverts("snet: zero recipient"):
        deployer("SNET").deploy(1, "0x" + "00" * 20)
