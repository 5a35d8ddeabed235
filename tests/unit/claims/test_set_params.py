"""Claims.set_params: governance tunes assessment, within bounds; deployment overrides."""

import boa
import pytest

from safetynet.deploy import DEFAULT_ADMIN_ROLE, deploy_protocol
from tests.utils.constants import DAY, SNET, USDC
from tests.utils.events import events

DEFAULTS = (14 * DAY, 3 * DAY, DAY, DAY, 30 * DAY, 100, 1 * USDC, 200, 10_000 * SNET)
NAMES = (
    "stake_lock", "voting_period", "silent_ending", "payout_cooldown", "claim_grace",
    "claim_deposit_bps", "min_claim_deposit", "assessment_reward_bps", "quorum",
)  # fmt: skip


def test_set_params__defaults__as_specified(claims):
    assert tuple(getattr(claims, n)() for n in NAMES) == DEFAULTS
    assert claims.max_window() == 3 * DAY + 2 * DAY


def test_set_params__admin__updates_and_emits(protocol, claims):
    new = (7 * DAY, 5 * DAY, 2 * DAY, 2 * DAY, 60 * DAY, 200, 5 * USDC, 300, 50_000 * SNET)
    with boa.env.prank(protocol.admin):
        claims.set_params(*new)
    (log,) = events(claims, "ParametersSet")
    assert tuple(getattr(claims, n)() for n in NAMES) == new
    assert tuple(getattr(log, n) for n in NAMES) == new
    assert claims.max_window() == 9 * DAY


def test_set_params__shorter_window__max_window_never_shrinks(protocol, claims):
    with boa.env.prank(protocol.admin):
        claims.set_params(14 * DAY, DAY, 3_600, DAY, 30 * DAY, 100, USDC, 200, SNET)
    assert claims.max_window() == 5 * DAY


def test_set_params__not_admin__reverts(claims, attacker):
    with boa.env.prank(attacker), boa.reverts("access_control: account is missing role"):
        claims.set_params(*DEFAULTS)


@pytest.mark.parametrize(
    "index,value,reason",
    [
        (0, 91 * DAY, "claims: stake lock above 90 days"),
        (1, 3_599, "claims: voting period out of bounds"),
        (1, 31 * DAY, "claims: voting period out of bounds"),
        (2, 0, "claims: silent ending out of bounds"),
        (2, 8 * DAY, "claims: silent ending out of bounds"),
        (3, 31 * DAY, "claims: payout cooldown above 30 days"),
        (4, 181 * DAY, "claims: claim grace above 180 days"),
        (5, 2_001, "claims: deposit above 20%"),
        (6, 0, "claims: zero minimum deposit"),
        (7, 2_001, "claims: reward above 20%"),
        (8, 0, "claims: quorum out of bounds"),
    ],
)
def test_set_params__out_of_bounds__reverts(protocol, claims, index, value, reason):
    params = list(DEFAULTS)
    params[index] = value
    with boa.env.prank(protocol.admin), boa.reverts(reason):
        claims.set_params(*params)


def test_set_params__silent_longer_than_voting__reverts(protocol, claims):
    with boa.env.prank(protocol.admin), boa.reverts("claims: silent ending longer than voting"):
        claims.set_params(14 * DAY, 2 * 3_600, 3 * 3_600, DAY, 30 * DAY, 100, USDC, 200, SNET)


def test_deploy__claims_params__applied(admin):
    p = deploy_protocol(admin=admin, params={"voting_period": DAY, "quorum": 5 * SNET})
    assert (p.claims.voting_period(), p.claims.quorum(), p.claims.stake_lock()) == (
        DAY, 5 * SNET, 14 * DAY,
    )  # fmt: skip
    assert p.pool.claims() == p.claims.address == p.cover.claims()


def test_deploy__timelock__holds_claims_admin(admin):
    p = deploy_protocol(admin=admin, governance="timelock")
    assert p.claims.hasRole(DEFAULT_ADMIN_ROLE, p.timelock.address)
    assert not p.claims.hasRole(DEFAULT_ADMIN_ROLE, admin)
