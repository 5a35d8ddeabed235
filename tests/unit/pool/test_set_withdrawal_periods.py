"""CapitalPool.set_withdrawal_periods: admin sets cooldown and window, within bounds."""

import boa
import pytest

from tests.utils.constants import DAY
from tests.utils.events import events

MISSING_ROLE = "access_control: account is missing role"


@pytest.mark.parametrize("cooldown,window", [(0, DAY), (90 * DAY, 30 * DAY), (14 * DAY, 2 * DAY)])
def test_set_withdrawal_periods__in_bounds__sets_both(pool, protocol, cooldown, window):
    with boa.env.prank(protocol.admin):
        pool.set_withdrawal_periods(cooldown, window)
        logs = events(pool, "ParameterSet")
    assert [(e.name, e.value) for e in logs] == [
        ("withdrawal_cooldown", cooldown),
        ("withdrawal_window", window),
    ]
    assert (pool.withdrawal_cooldown(), pool.withdrawal_window()) == (cooldown, window)


def test_set_withdrawal_periods__cooldown_above_90_days__reverts(pool, protocol):
    with boa.env.prank(protocol.admin), boa.reverts("pool: cooldown too long"):
        pool.set_withdrawal_periods(90 * DAY + 1, DAY)


@pytest.mark.parametrize("window", [0, DAY - 1, 30 * DAY + 1])
def test_set_withdrawal_periods__window_out_of_bounds__reverts(pool, protocol, window):
    with boa.env.prank(protocol.admin), boa.reverts("pool: window out of bounds"):
        pool.set_withdrawal_periods(DAY, window)


def test_set_withdrawal_periods__not_admin__reverts(pool, guardian):
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        pool.set_withdrawal_periods(0, DAY)
