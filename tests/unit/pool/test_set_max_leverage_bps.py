"""CapitalPool.set_max_leverage_bps: raising leverage needs a capital-model report."""

import boa

from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"
REPORT = b"\x07" * 32
NO_REPORT = b"\x00" * 32


def test_set_max_leverage_bps__raise_with_report__sets_and_logs_report(pool, protocol):
    with boa.env.prank(protocol.admin):
        pool.set_max_leverage_bps(30_000, REPORT)
        log = event(pool, "ParameterSet")
    assert (log.name, log.value, log.report_hash) == ("max_leverage_bps", 30_000, REPORT)
    assert pool.max_leverage_bps() == 30_000
    assert (pool.treasury_fee_bps(), pool.assessment_fee_bps()) == (1_000, 500)


def test_set_max_leverage_bps__raise_without_report__reverts(pool, protocol):
    with (
        boa.env.prank(protocol.admin),
        boa.reverts("pool: raising leverage needs a capital-model report"),
    ):
        pool.set_max_leverage_bps(10_001, NO_REPORT)


def test_set_max_leverage_bps__lower_without_report__is_allowed(pool, protocol):
    with boa.env.prank(protocol.admin):
        pool.set_max_leverage_bps(20_000, REPORT)
        pool.set_max_leverage_bps(10_000, NO_REPORT)
    assert pool.max_leverage_bps() == 10_000


def test_set_max_leverage_bps__below_full_backing__reverts(pool, protocol):
    with boa.env.prank(protocol.admin), boa.reverts("pool: leverage below full backing"):
        pool.set_max_leverage_bps(9_999, REPORT)


def test_set_max_leverage_bps__above_10x__reverts(pool, protocol):
    with boa.env.prank(protocol.admin), boa.reverts("pool: leverage above 10x"):
        pool.set_max_leverage_bps(100_001, REPORT)


def test_set_max_leverage_bps__not_admin__reverts(pool, guardian):
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        pool.set_max_leverage_bps(20_000, REPORT)
