"""The index's first tables: bookkeeping (cursor, blocks, undo_log, leases), the record
(events) and the derived tables (see safetynet.indexer.models for what each column means).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attestations",
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("auditor", sa.String(length=42), nullable=False),
        sa.Column("report_hash", sa.String(length=66), nullable=False),
        sa.Column("valid_until", sa.BigInteger(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("revoked_by", sa.String(length=42), nullable=True),
        sa.Column("attested_block", sa.BigInteger(), nullable=False),
        sa.Column("attested_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("product_id"),
    )
    op.create_table(
        "blocks",
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=66), nullable=False),
        sa.Column("parent_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("cover_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("claimant", sa.String(length=42), nullable=False),
        sa.Column("amount", sa.String(length=78), nullable=False),
        sa.Column("deposit", sa.String(length=78), nullable=False),
        sa.Column("cause", sa.Integer(), nullable=False),
        sa.Column("incident_time", sa.BigInteger(), nullable=False),
        sa.Column("evidence", sa.String(length=66), nullable=False),
        sa.Column("submitted_at", sa.BigInteger(), nullable=False),
        sa.Column("voting_end", sa.BigInteger(), nullable=False),
        sa.Column("payout_at", sa.BigInteger(), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("quorum", sa.String(length=78), nullable=False),
        sa.Column("accept_weight", sa.String(length=78), nullable=False),
        sa.Column("reject_weight", sa.String(length=78), nullable=False),
        sa.Column("voters", sa.Integer(), nullable=False),
        sa.Column("quorum_reached", sa.Boolean(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("receiver", sa.String(length=42), nullable=True),
        sa.Column("payout", sa.String(length=78), nullable=False),
        sa.Column("deposit_refunded", sa.String(length=78), nullable=False),
        sa.Column("deposit_to_reserve", sa.String(length=78), nullable=False),
        sa.Column("reward", sa.String(length=78), nullable=False),
        sa.Column("by_governance", sa.Boolean(), nullable=False),
        sa.Column("frozen_by", sa.String(length=42), nullable=True),
        sa.Column("settled_at", sa.BigInteger(), nullable=True),
        sa.Column("settled_block", sa.BigInteger(), nullable=True),
        sa.Column("submitted_block", sa.BigInteger(), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_claimant"), ["claimant"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_cover_id"), ["cover_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_status"), ["status"], unique=False)

    op.create_table(
        "covers",
        sa.Column("cover_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.String(length=42), nullable=False),
        sa.Column("amount", sa.String(length=78), nullable=False),
        sa.Column("premium", sa.String(length=78), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("end", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.String(length=78), nullable=False),
        sa.Column("remaining", sa.String(length=78), nullable=False),
        sa.Column("held", sa.String(length=78), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("open_claim_id", sa.BigInteger(), nullable=True),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("bought_block", sa.BigInteger(), nullable=False),
        sa.Column("bought_at", sa.BigInteger(), nullable=False),
        sa.Column("bought_tx", sa.String(length=66), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("cover_id"),
    )
    with op.batch_alter_table("covers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_covers_end"), ["end"], unique=False)
        batch_op.create_index(batch_op.f("ix_covers_owner"), ["owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_covers_product_id"), ["product_id"], unique=False)

    op.create_table(
        "cursor",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("pool_address", sa.String(length=42), nullable=False),
        sa.Column("first_block", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=False),
        sa.Column("block_timestamp", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "events",
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=False),
        sa.Column("block_timestamp", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("tx_index", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("contract", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("block_number", "log_index"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_contract_name", ["contract", "name"], unique=False)
        batch_op.create_index("ix_events_tx_hash", ["tx_hash"], unique=False)

    op.create_table(
        "feed_rounds",
        sa.Column("feed", sa.String(length=42), nullable=False),
        sa.Column("round_id", sa.String(length=78), nullable=False),
        sa.Column("answer", sa.String(length=78), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.PrimaryKeyConstraint("feed", "round_id"),
    )
    with op.batch_alter_table("feed_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_rounds_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("reporter", sa.String(length=42), nullable=False),
        sa.Column("feed", sa.String(length=42), nullable=False),
        sa.Column("time", sa.BigInteger(), nullable=False),
        sa.Column("end", sa.BigInteger(), nullable=False),
        sa.Column("first_round", sa.String(length=78), nullable=False),
        sa.Column("last_round", sa.String(length=78), nullable=False),
        sa.Column("rounds", sa.BigInteger(), nullable=False),
        sa.Column("lowest_answer", sa.String(length=78), nullable=False),
        sa.Column("payout_bps", sa.BigInteger(), nullable=False),
        sa.Column("reported_block", sa.BigInteger(), nullable=False),
        sa.Column("reported_at", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("covers_paid", sa.BigInteger(), nullable=False),
        sa.Column("total_paid", sa.String(length=78), nullable=False),
        sa.Column("first_payout_at", sa.BigInteger(), nullable=True),
        sa.Column("last_payout_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("incident_id"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_product_id"), ["product_id"], unique=False)

    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("acquired_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "payouts",
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("cover_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=True),
        sa.Column("incident_id", sa.BigInteger(), nullable=True),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.String(length=42), nullable=False),
        sa.Column("amount", sa.String(length=78), nullable=False),
        sa.Column("held", sa.String(length=78), nullable=False),
        sa.Column("paid_at", sa.BigInteger(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("incident_time", sa.BigInteger(), nullable=False),
        sa.Column("delay_seconds", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("block_number", "log_index", "cover_id"),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payouts_cover_id"), ["cover_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_owner"), ["owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_payouts_product_id"), ["product_id"], unique=False)

    op.create_table(
        "pool_history",
        sa.Column("hour", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("total_assets", sa.String(length=78), nullable=False),
        sa.Column("total_supply", sa.String(length=78), nullable=False),
        sa.Column("share_price", sa.String(length=78), nullable=False),
        sa.Column("locked_capital", sa.String(length=78), nullable=False),
        sa.Column("active_cover", sa.String(length=78), nullable=False),
        sa.Column("open_claims", sa.String(length=78), nullable=False),
        sa.Column("unearned_premium", sa.String(length=78), nullable=False),
        sa.Column("utilization_bps", sa.BigInteger(), nullable=False),
        sa.Column("premiums", sa.String(length=78), nullable=False),
        sa.Column("paid_assessed", sa.String(length=78), nullable=False),
        sa.Column("paid_parametric", sa.String(length=78), nullable=False),
        sa.PrimaryKeyConstraint("hour"),
    )
    op.create_table(
        "positions",
        sa.Column("account", sa.String(length=42), nullable=False),
        sa.Column("shares", sa.String(length=78), nullable=False),
        sa.Column("requested_shares", sa.String(length=78), nullable=False),
        sa.Column("ready_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("deposited", sa.String(length=78), nullable=False),
        sa.Column("withdrawn", sa.String(length=78), nullable=False),
        sa.Column("stake", sa.String(length=78), nullable=False),
        sa.Column("stake_locked_until", sa.BigInteger(), nullable=False),
        sa.Column("rewards_pending", sa.String(length=78), nullable=False),
        sa.Column("rewards_claimed", sa.String(length=78), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account"),
    )
    op.create_table(
        "products",
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.Integer(), nullable=False),
        sa.Column("annual_rate_bps", sa.String(length=78), nullable=False),
        sa.Column("capacity", sa.String(length=78), nullable=False),
        sa.Column("waiting_period", sa.BigInteger(), nullable=False),
        sa.Column("min_period", sa.BigInteger(), nullable=False),
        sa.Column("max_period", sa.BigInteger(), nullable=False),
        sa.Column("terms_hash", sa.String(length=66), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("added_block", sa.BigInteger(), nullable=False),
        sa.Column("added_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.Column("covers_sold", sa.BigInteger(), nullable=False),
        sa.Column("cover_amount", sa.String(length=78), nullable=False),
        sa.Column("premiums", sa.String(length=78), nullable=False),
        sa.Column("paid", sa.String(length=78), nullable=False),
        sa.Column("claims_accepted", sa.BigInteger(), nullable=False),
        sa.Column("claims_rejected", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("product_id"),
    )
    op.create_table(
        "totals",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("covers", sa.BigInteger(), nullable=False),
        sa.Column("cover_amount", sa.String(length=78), nullable=False),
        sa.Column("premiums", sa.String(length=78), nullable=False),
        sa.Column("claims", sa.BigInteger(), nullable=False),
        sa.Column("claims_accepted", sa.BigInteger(), nullable=False),
        sa.Column("claims_rejected", sa.BigInteger(), nullable=False),
        sa.Column("paid_assessed", sa.String(length=78), nullable=False),
        sa.Column("paid_parametric", sa.String(length=78), nullable=False),
        sa.Column("incidents", sa.BigInteger(), nullable=False),
        sa.Column("deposits", sa.String(length=78), nullable=False),
        sa.Column("withdrawals", sa.String(length=78), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "triggers",
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("feed", sa.String(length=42), nullable=False),
        sa.Column("threshold", sa.String(length=78), nullable=False),
        sa.Column("min_duration", sa.BigInteger(), nullable=False),
        sa.Column("payout_bps", sa.BigInteger(), nullable=False),
        sa.Column("set_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("product_id"),
    )
    with op.batch_alter_table("triggers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_triggers_feed"), ["feed"], unique=False)

    op.create_table(
        "undo_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("pk", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("undo_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_undo_log_block_number"), ["block_number"], unique=False
        )

    op.create_table(
        "votes",
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("voter", sa.String(length=42), nullable=False),
        sa.Column("accept", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.String(length=78), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("cast_at", sa.BigInteger(), nullable=False),
        sa.Column("reward", sa.String(length=78), nullable=False),
        sa.Column("reward_claimed", sa.String(length=78), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "voter"),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_voter"), ["voter"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_voter"))

    op.drop_table("votes")
    with op.batch_alter_table("undo_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_undo_log_block_number"))

    op.drop_table("undo_log")
    with op.batch_alter_table("triggers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_triggers_feed"))

    op.drop_table("triggers")
    op.drop_table("totals")
    op.drop_table("products")
    op.drop_table("positions")
    op.drop_table("pool_history")
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payouts_product_id"))
        batch_op.drop_index(batch_op.f("ix_payouts_owner"))
        batch_op.drop_index(batch_op.f("ix_payouts_kind"))
        batch_op.drop_index(batch_op.f("ix_payouts_incident_id"))
        batch_op.drop_index(batch_op.f("ix_payouts_cover_id"))

    op.drop_table("payouts")
    op.drop_table("leases")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_product_id"))

    op.drop_table("incidents")
    with op.batch_alter_table("feed_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_rounds_updated_at"))

    op.drop_table("feed_rounds")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_tx_hash")
        batch_op.drop_index("ix_events_contract_name")

    op.drop_table("events")
    op.drop_table("cursor")
    with op.batch_alter_table("covers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_covers_product_id"))
        batch_op.drop_index(batch_op.f("ix_covers_owner"))
        batch_op.drop_index(batch_op.f("ix_covers_end"))

    op.drop_table("covers")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_status"))
        batch_op.drop_index(batch_op.f("ix_claims_product_id"))
        batch_op.drop_index(batch_op.f("ix_claims_cover_id"))
        batch_op.drop_index(batch_op.f("ix_claims_claimant"))

    op.drop_table("claims")
    op.drop_table("blocks")
    op.drop_table("attestations")
