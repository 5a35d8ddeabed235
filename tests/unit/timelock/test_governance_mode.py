"""deploy_protocol(governance="timelock"): every admin function goes through the Timelock.

The deployer keeps no admin role; a change is scheduled, waits the 2-day minimum delay,
then executes (SPEC §3.5).
"""

import boa
import pytest

from safetynet.deploy import DEFAULT_ADMIN_ROLE
from tests.utils.constants import DAY, USDC, ZERO
from tests.utils.deploy import deploy_world
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"
NO_SALT = b"\x00" * 32


@pytest.fixture
def governed(admin, treasury, auditor, guardian):
    return deploy_world(admin, treasury, auditor, guardian, governance="timelock")


def _through_timelock(p, target, fn, *args, salt=NO_SALT, wait=2 * DAY):
    payload = getattr(target, fn).prepare_calldata(*args)
    with boa.env.prank(p.admin):
        p.timelock.schedule(target.address, 0, payload, NO_SALT, salt, 2 * DAY)
    boa.env.time_travel(seconds=wait)
    with boa.env.prank(p.admin):
        p.timelock.execute(target.address, 0, payload, NO_SALT, salt)
    return payload


def test_timelock_mode__deployment__timelock_alone_holds_admin(governed):
    p = governed
    assert p.timelock.get_minimum_delay() == 2 * DAY
    for contract in (p.pool, p.cover, p.claims, p.parametric):
        assert contract.hasRole(DEFAULT_ADMIN_ROLE, p.timelock.address)
        assert not contract.hasRole(DEFAULT_ADMIN_ROLE, p.admin)
    assert p.token.balanceOf(p.treasury) == p.token.totalSupply()


def test_timelock_mode__deployer_calls_admin_functions__reverts(governed):
    p = governed
    calls = [
        lambda: p.cover.add_product("Aave v3", 0, 250, USDC, 0, DAY, DAY, b"\x01" * 32),
        lambda: p.cover.set_payers(p.admin, p.admin),
        lambda: p.cover.pause_sales(False),
        lambda: p.pool.set_fees(0, 0),
        lambda: p.pool.set_withdrawal_periods(0, DAY),
        lambda: p.pool.set_max_leverage_bps(20_000, b"\x01" * 32),
        lambda: p.pool.set_treasury(p.admin),
        lambda: p.pool.set_payers(p.admin, ZERO),
    ]
    for call in calls:
        with boa.env.prank(p.admin), boa.reverts(MISSING_ROLE):
            call()


def test_timelock_mode__scheduled_change__executes_after_two_days(governed):
    p = governed
    _through_timelock(p, p.pool, "set_fees", 700, 300)
    assert (p.pool.treasury_fee_bps(), p.pool.assessment_fee_bps()) == (700, 300)
    _through_timelock(p, p.cover, "add_product", "Aave v3", 0, 250, USDC, 0, DAY, DAY, b"\x01" * 32)
    assert p.cover.product_count() == 1
    assert event(p.timelock, "ProductAdded", emitter=p.cover).name == "Aave v3"


def test_timelock_mode__before_delay__execute_reverts(governed):
    p = governed
    payload = p.pool.set_fees.prepare_calldata(0, 0)
    with boa.env.prank(p.admin):
        p.timelock.schedule(p.pool.address, 0, payload, NO_SALT, NO_SALT, 2 * DAY)
    boa.env.time_travel(seconds=2 * DAY - 1)
    with boa.env.prank(p.admin), boa.reverts("timelock_controller: operation is not ready"):
        p.timelock.execute(p.pool.address, 0, payload, NO_SALT, NO_SALT)
    assert p.pool.treasury_fee_bps() == 1_000


def test_timelock_mode__delay_below_minimum__schedule_reverts(governed):
    p = governed
    payload = p.pool.set_fees.prepare_calldata(0, 0)
    with boa.env.prank(p.admin), boa.reverts("timelock_controller: insufficient delay"):
        p.timelock.schedule(p.pool.address, 0, payload, NO_SALT, NO_SALT, 2 * DAY - 1)


def test_timelock_mode__stranger__cannot_schedule(governed, attacker):
    p = governed
    payload = p.pool.set_treasury.prepare_calldata(attacker)
    with boa.env.prank(attacker), boa.reverts(MISSING_ROLE):
        p.timelock.schedule(p.pool.address, 0, payload, NO_SALT, NO_SALT, 2 * DAY)


def test_timelock_mode__guardian_granted_via_timelock__can_pause_not_govern(governed, guardian):
    p = governed
    role = p.cover.GUARDIAN_ROLE()
    _through_timelock(p, p.cover, "grantRole", role, guardian)
    with boa.env.prank(guardian):
        p.cover.pause_sales(True)
    assert p.cover.sales_paused()
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        p.cover.pause_sales(False)
    _through_timelock(p, p.cover, "pause_sales", False, salt=b"\x01" * 32)
    assert not p.cover.sales_paused()
