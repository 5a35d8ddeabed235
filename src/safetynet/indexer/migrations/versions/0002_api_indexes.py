"""Indexes for the API's lists and statistics (bench/api.py measures them):
covers of an owner and of a product newest first, claims by status/product/claimant newest
first, and payouts by kind ordered by delay (the median time to payout is an OFFSET into it).

Revision ID: 0002_api
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002_api"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_api_covers_owner_id", "covers", ["owner", "cover_id"]),
    ("ix_api_covers_product_id", "covers", ["product_id", "cover_id"]),
    ("ix_api_claims_status_id", "claims", ["status", "claim_id"]),
    ("ix_api_claims_product_id", "claims", ["product_id", "claim_id"]),
    ("ix_api_claims_claimant_id", "claims", ["claimant", "claim_id"]),
    ("ix_api_payouts_kind_delay", "payouts", ["kind", "delay_seconds"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
