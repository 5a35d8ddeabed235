"""CapitalPool and Cover constructors, and assets whose transfers return False."""


import boa
import pytest

from safetynet.artifacts import deployer
from safetynet.deploy import deploy_protocol
from tests.utils.constants import DAY, USDC, ZERO
from tests.utils.contracts import harness_deployer
from tests.utils.deploy import add_product


def test_constructor__cover_creates_pool__pool_knows_cover_and_admin(protocol):
    assert protocol.pool.cover() == protocol.cover.address
    assert protocol.pool.hasRole(protocol.pool.DEFAULT_ADMIN_ROLE(), protocol.admin)


def test_constructor__zero_asset__reverts(admin, treasury):
    with boa.reverts("pool: zero asset"):
        deployer("CapitalPool").deploy(ZERO, treasury, admin)
    blueprint = deployer("CapitalPool").deploy_as_blueprint()
    with boa.reverts("cover: zero asset"):
        deployer("Cover").deploy(blueprint.address, ZERO, treasury, treasury)


def test_constructor__zero_treasury__reverts(protocol, admin):
    with boa.reverts("pool: zero treasury"):
        deployer("CapitalPool").deploy(protocol.asset.address, ZERO, admin)


@pytest.fixture
def false_world(admin, treasury, auditor, underwriter, policyholder):
    token = harness_deployer("FalseToken").deploy()
    p = deploy_protocol(asset=token, admin=admin, params={"treasury": treasury})
    with boa.env.prank(admin):
        p.cover.grantRole(p.cover.AUDITOR_ROLE(), auditor)
    pid = add_product(p, auditor)
    for who, spender in ((underwriter, p.pool), (policyholder, p.cover)):
        token.mint(who, 10**12)
        with boa.env.prank(who):
            token.approve(spender.address, 2**256 - 1)
    with boa.env.prank(underwriter):
        shares = p.pool.deposit(10**12, underwriter)
    return p, token, pid, shares


def test_transfers__asset_returns_false__pool_refuses(false_world, underwriter):
    p, token, _, shares = false_world
    with boa.env.prank(underwriter):
        p.pool.request_withdrawal(shares)
    boa.env.time_travel(seconds=7 * DAY)
    token.set_fail(True)
    with boa.env.prank(underwriter), boa.reverts("pool: transfer failed"):
        p.pool.deposit(USDC, underwriter)
    with boa.env.prank(underwriter), boa.reverts("pool: transfer failed"):
        p.pool.redeem(shares, underwriter, underwriter)
    token.set_fail(False)
    with boa.env.prank(underwriter):
        p.pool.redeem(shares, underwriter, underwriter)


def test_transfers__asset_returns_false__cover_refuses(false_world, policyholder):
    p, token, pid, _ = false_world
    token.set_fail(True)
    with boa.env.prank(policyholder), boa.reverts("cover: premium transfer failed"):
        p.cover.buy_cover(pid, USDC, 30 * DAY, 2**255, policyholder)
    token.set_fail(False)
    with boa.env.prank(policyholder):
        p.cover.buy_cover(pid, USDC, 30 * DAY, 2**255, policyholder)
