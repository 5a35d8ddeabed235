"""safetynet.sdk.claims against the in-process EVM: the claims path end to end."""

import subprocess
import sys

import boa
import pytest
from eth_utils import keccak
from typer.testing import CliRunner

from safetynet.cli.main import app
from safetynet.errors import SafetyNetError
from safetynet.sdk import claims as sc
from tests.utils.constants import DAY, SNET, USDC
from tests.utils.paths import ROOT


def _now() -> int:
    return boa.env.evm.patch.timestamp


@pytest.fixture
def staked(protocol, assessor):
    with boa.env.prank(protocol.admin):
        protocol.token.transfer(assessor, 20_000 * SNET)
    info = sc.stake(protocol, 12_000 * SNET, sender=assessor)
    boa.env.time_travel(seconds=3_600)
    return info


def test_sdk_claims__stake_submit_vote_redeem__paid_and_listed(
    protocol, buy, policyholder, assessor, staked, tmp_path
):
    assert staked.amount == 12_000 * SNET and staked.fresh == 12_000 * SNET
    cover_id = buy()
    boa.env.time_travel(seconds=DAY + 60)
    evidence = tmp_path / "report.txt"
    evidence.write_text("the vault's withdraw() skipped the share check")
    digest = sc.evidence_hash(evidence)
    assert digest == keccak(evidence.read_bytes())
    claim_id = sc.submit_claim(
        protocol, cover_id, 2_000 * USDC, _now() - 10, "exploit", digest, sender=policyholder
    )
    boa.env.time_travel(seconds=60)
    info = sc.vote(protocol, claim_id, True, sender=assessor)
    assert info.accept_weight == 12_000 * SNET and info.quorum_reached
    boa.env.time_travel(seconds=info.payout_at - _now())
    before = protocol.asset.balanceOf(policyholder)
    settled = sc.redeem(protocol, claim_id)
    assert settled.status_name == "paid"
    assert protocol.asset.balanceOf(policyholder) == before + 2_000 * USDC + info.deposit
    (listed,) = sc.list_claims(protocol)
    assert listed.claim_id == claim_id and listed.cause_name == "exploit"
    assert sc.list_claims(protocol, "open") == []


@pytest.mark.parametrize("cause", ["rug-pull", "scam", "phishing", "fake-token", 10, 13])
def test_sdk_claims__excluded_cause__refused_before_sending(protocol, buy, policyholder, cause):
    cover_id = buy()
    boa.env.time_travel(seconds=DAY + 60)
    with pytest.raises(SafetyNetError, match="excluded cause"):
        sc.submit_claim(protocol, cover_id, USDC, _now() - 1, cause, b"\x01" * 32,
                        sender=policyholder)  # fmt: skip
    assert protocol.claims.claim_count() == 0


def test_sdk_claims__unknown_cause__refused(protocol):
    with pytest.raises(SafetyNetError, match="unknown cause"):
        sc.parse_cause("act-of-god")


def test_sdk_claims__contract_refusal__carries_reason(protocol, buy, attacker):
    cover_id = buy()
    boa.env.time_travel(seconds=DAY + 60)
    protocol.asset.mint(attacker, 100 * USDC)
    with pytest.raises(SafetyNetError, match="claims: caller is not the cover owner"):
        sc.submit_claim(protocol, cover_id, USDC, _now() - 1, 0, b"\x01" * 32, sender=attacker)


def test_sdk_claims__unstake_while_locked__refused_with_date(protocol, buy, policyholder,
                                                             assessor, staked):  # fmt: skip
    cover_id = buy()
    boa.env.time_travel(seconds=DAY + 60)
    claim_id = sc.submit_claim(protocol, cover_id, USDC, _now() - 1, 0, b"\x01" * 32,
                               sender=policyholder)  # fmt: skip
    boa.env.time_travel(seconds=60)
    sc.vote(protocol, claim_id, False, sender=assessor)
    with pytest.raises(SafetyNetError, match="stake locked after voting until"):
        sc.unstake(protocol, SNET, sender=assessor)


def test_sdk_claims__rewards__collected_for_pending_claims(protocol, buy, policyholder, assessor,
                                                          staked):  # fmt: skip
    cover_id = buy(100_000 * USDC)
    reserve = sc.fund_reserve(protocol)  # the assessment fee of that premium
    assert reserve > 0
    boa.env.time_travel(seconds=DAY + 60)
    claim_id = sc.submit_claim(protocol, cover_id, 1_000 * USDC, _now() - 1, 0, b"\x01" * 32,
                               sender=policyholder)  # fmt: skip
    boa.env.time_travel(seconds=60)
    info = sc.vote(protocol, claim_id, True, sender=assessor)
    boa.env.time_travel(seconds=info.payout_at - _now())
    reward = sc.redeem(protocol, claim_id).reward
    assert reward == min(20 * USDC, reserve - reserve % 100_000)  # 2% of 1,000, capped
    assert sc.pending_rewards(protocol, assessor) == {claim_id: reward}
    assert sc.claim_rewards(protocol, sender=assessor) == reward
    assert sc.pending_rewards(protocol, assessor) == {}


def test_cli_claim_submit__excluded_cause__explains_and_exits_nonzero(tmp_path):
    evidence = tmp_path / "e.txt"
    evidence.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "safetynet.cli.main", "--rpc-url", "http://127.0.0.1:9",
         "claim", "submit", "1", "100", "--incident-time", "1", "--cause", "rug-pull",
         "--evidence", str(evidence)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "excluded cause: rug pull" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("cause", ["scam", "phishing", "fake-token"])
def test_cli_claim_submit__other_excluded_causes__refused_before_connecting(tmp_path, cause):
    evidence = tmp_path / "e.txt"
    evidence.write_text("x")
    result = CliRunner().invoke(app, [
        "--rpc-url", "http://127.0.0.1:9", "claim", "submit", "1", "100",
        "--incident-time", "1", "--cause", cause, "--evidence", str(evidence),
    ])  # fmt: skip
    assert isinstance(result.exception, SafetyNetError)
    assert f"excluded cause: {cause.replace('-', ' ')}" in str(result.exception)


def test_cli_claim_submit__unknown_cause__usage_error(tmp_path):
    result = CliRunner().invoke(app, [
        "claim", "submit", "1", "100", "--incident-time", "1", "--cause", "weather",
        "--evidence", str(tmp_path / "e"),
    ])  # fmt: skip
    assert result.exit_code == 2
