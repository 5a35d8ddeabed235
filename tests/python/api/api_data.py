"""A small index written through the indexer's models, for the API's TestClient tests:
two products (one parametric), five covers, two claims (one paid, one in its vote), an
incident with its payout, feed rounds, three hours of pool history, totals and a position.
The integration test (tests/integration/test_api.py) checks the same routes against an
index the indexer wrote from a real chain."""

from __future__ import annotations

import json

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from safetynet.indexer import models as m
from tests.utils.constants import DAY, USDC

NOW = 1_800_000_000  # the indexed block's time
BLOCK = 120
HOLDER = "0x" + "a1" * 20
OTHER = "0x" + "b2" * 20
ASSESSOR = "0x" + "c3" * 20
AUDITOR = "0x" + "d4" * 20
FEED = "0x" + "e5" * 20
TX = "0x" + "ab" * 32


def _cover(cover_id, product_id, owner, amount, start, end, paid=0, **kw):
    row = dict(
        cover_id=cover_id, product_id=product_id, owner=owner, amount=amount,
        premium=amount // 100, start=start, end=end, paid=paid, remaining=amount - paid,
        held=0, status="exhausted" if paid >= amount else "open", open_claim_id=None,
        claims=0, bought_block=10 + cover_id, bought_at=start - DAY, bought_tx=TX,
        updated_block=10 + cover_id,
    )  # fmt: skip
    row.update(kw)
    return m.Cover(**row)


def _claim(claim_id, cover_id, status, **kw):
    base = dict(
        claim_id=claim_id, cover_id=cover_id, product_id=0, claimant=HOLDER, amount=400 * USDC,
        deposit=4 * USDC, cause=0, incident_time=NOW - 20 * DAY, evidence=TX,
        submitted_at=NOW - 19 * DAY, voting_end=NOW - 16 * DAY, payout_at=NOW - 15 * DAY,
        extensions=0, quorum=10_000 * 10**18, accept_weight=0, reject_weight=0, voters=0,
        quorum_reached=False, status=status, receiver=None, payout=0, deposit_refunded=0,
        deposit_to_reserve=0, reward=0, by_governance=False, frozen_by=None, settled_at=None,
        settled_block=None, submitted_block=50, updated_block=50,
    )  # fmt: skip
    base.update(kw)
    return m.Claim(**base)


def fill(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        s.add(m.Cursor(name="main", chain_id=31337, pool_address="0x" + "01" * 20,
                       first_block=1, block_number=BLOCK, block_hash=TX,
                       block_timestamp=NOW, updated_at=0.0))  # fmt: skip
        for pid, name, kind in ((0, "Aave v3", 0), (1, "USDC depeg", 1)):
            s.add(m.Product(
                product_id=pid, name=name, kind=kind, annual_rate_bps=250,
                capacity=1_000_000 * USDC, waiting_period=DAY, min_period=7 * DAY,
                max_period=365 * DAY, terms_hash=TX, paused=False, added_block=2, added_at=NOW,
                updated_block=2, covers_sold=3 if pid == 0 else 2, cover_amount=0, premiums=0,
                paid=400 * USDC if pid == 0 else 1_000 * USDC, claims_accepted=1 - pid,
                claims_rejected=0,
            ))  # fmt: skip
            s.add(m.Attestation(product_id=pid, auditor=AUDITOR, report_hash=TX,
                                valid_until=NOW + 300 * DAY, revoked=False, revoked_by=None,
                                attested_block=3, attested_at=NOW - 100 * DAY))  # fmt: skip
        s.add(m.Trigger(product_id=1, feed=FEED, threshold=97_000_000, min_duration=3_600,
                        payout_bps=10_000, set_block=4))  # fmt: skip
        s.add_all([
            _cover(1, 0, HOLDER, 1_000 * USDC, NOW - 25 * DAY, NOW + 5 * DAY, paid=400 * USDC,
                   status="open", open_claim_id=None, claims=1),
            _cover(2, 0, HOLDER, 2_000 * USDC, NOW - 20 * DAY, NOW + 10 * DAY, status="claimed",
                   open_claim_id=2, claims=1),
            _cover(3, 0, OTHER, 500 * USDC, NOW + DAY, NOW + 31 * DAY),  # waiting
            _cover(4, 1, HOLDER, 1_000 * USDC, NOW - 60 * DAY, NOW - 30 * DAY,
                   paid=1_000 * USDC),  # paid out by incident 1
            _cover(5, 1, OTHER, 3_000 * USDC, NOW - 90 * DAY, NOW - 60 * DAY),  # expired
        ])  # fmt: skip
        s.add(
            _claim(
                1,
                1,
                m.CLAIM_PAID,
                accept_weight=20_000 * 10**18,
                voters=2,
                quorum_reached=True,
                receiver=HOLDER,
                payout=400 * USDC,
                deposit_refunded=4 * USDC,
                settled_at=NOW - 14 * DAY,
                settled_block=60,
            )
        )
        s.add(_claim(2, 2, m.CLAIM_OPEN, submitted_at=NOW - DAY, voting_end=NOW + 2 * DAY,
                     payout_at=NOW + 3 * DAY, accept_weight=5_000 * 10**18,
                     reject_weight=1_000 * 10**18, voters=2))  # fmt: skip
        for claim_id, accept, weight in ((1, True, 20_000), (2, True, 5_000), (2, False, 1_000)):
            voter = ASSESSOR if accept else OTHER
            s.add(m.Vote(claim_id=claim_id, voter=voter, accept=accept, weight=weight * 10**18,
                         block_number=55 + claim_id, log_index=int(accept), tx_hash=TX,
                         cast_at=NOW - 18 * DAY, reward=0, reward_claimed=0))  # fmt: skip
        s.add(m.Incident(
            incident_id=1, product_id=1, reporter=ASSESSOR, feed=FEED, time=NOW - 40 * DAY,
            end=NOW - 40 * DAY + 3_700, first_round=5, last_round=7, rounds=3,
            lowest_answer=93_000_000, payout_bps=10_000, reported_block=70,
            reported_at=NOW - 40 * DAY + 3_800, tx_hash=TX, covers_paid=1,
            total_paid=1_000 * USDC, first_payout_at=NOW - 40 * DAY + 3_800,
            last_payout_at=NOW - 40 * DAY + 3_800,
        ))  # fmt: skip
        s.add_all([
            m.Payout(block_number=60, log_index=3, cover_id=1, kind="assessed", claim_id=1,
                     incident_id=None, product_id=0, owner=HOLDER, amount=400 * USDC, held=0,
                     paid_at=NOW - 14 * DAY, tx_hash=TX, incident_time=NOW - 20 * DAY,
                     delay_seconds=6 * DAY),
            m.Payout(block_number=70, log_index=2, cover_id=4, kind="parametric", claim_id=None,
                     incident_id=1, product_id=1, owner=HOLDER, amount=1_000 * USDC, held=0,
                     paid_at=NOW - 40 * DAY + 3_800, tx_hash=TX, incident_time=NOW - 40 * DAY,
                     delay_seconds=3_800),
        ])  # fmt: skip
        for r, answer in enumerate((100_000_000, 99_000_000, 96_000_000, 93_000_000), start=4):
            s.add(m.FeedRound(feed=FEED, round_id=r, answer=answer,
                              updated_at=NOW - 40 * DAY + (r - 5) * 1_800, block_number=60 + r,
                              log_index=0, tx_hash=TX))  # fmt: skip
        for h in range(3):
            s.add(m.PoolSnapshot(
                hour=NOW - NOW % 3_600 - h * 3_600, block_number=BLOCK - h * 10,
                timestamp=NOW - h * 3_600, total_assets=5_000_000 * USDC,
                total_supply=5_000_000 * 10**9, share_price=10**6, locked_capital=3_500 * USDC,
                active_cover=3_500 * USDC, open_claims=0, unearned_premium=30 * USDC,
                utilization_bps=7, premiums=75 * USDC, paid_assessed=400 * USDC,
                paid_parametric=1_000 * USDC,
            ))  # fmt: skip
        s.add(m.Totals(name="all", covers=5, cover_amount=7_500 * USDC, premiums=75 * USDC,
                       claims=2, claims_accepted=1, claims_rejected=0, paid_assessed=400 * USDC,
                       paid_parametric=1_000 * USDC, incidents=1, deposits=5_000_000 * USDC,
                       withdrawals=0))  # fmt: skip
        s.add(m.Position(account=HOLDER, shares=10**15, requested_shares=0, ready_at=0,
                         expires_at=0, deposited=10**9, withdrawn=0, stake=50_000 * 10**18,
                         stake_locked_until=NOW + 14 * DAY, rewards_pending=0,
                         rewards_claimed=0, updated_block=BLOCK))  # fmt: skip
        s.add(
            m.Event(
                block_number=5,
                log_index=0,
                block_hash=TX,
                block_timestamp=NOW - 200 * DAY,
                tx_hash=TX,
                tx_index=0,
                address="0x" + "02" * 20,
                contract="claims",
                name="ParametersSet",
                args=json.dumps({"claim_grace": str(30 * DAY)}),
            )
        )
        s.add(m.Event(block_number=80, log_index=0, block_hash=TX, block_timestamp=NOW - 10 * DAY,
                      tx_hash=TX, tx_index=0, address="0x" + "03" * 20, contract="cover",
                      name="Transfer", args=json.dumps(
                          {"sender": OTHER, "receiver": HOLDER, "token_id": "2"})))  # fmt: skip
