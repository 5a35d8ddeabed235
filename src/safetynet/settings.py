"""Process-wide settings (env prefix SAFETYNET_)."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """RPC URL, signing key, state folder and ports, read from SAFETYNET_* variables."""

    model_config = SettingsConfigDict(env_prefix="SAFETYNET_")

    rpc_url: str | None = None
    private_key: str | None = None
    home: Path = Path(".safetynet")
    anvil_port: int = 8545
    web_port: int = 8000
    web_host: str = "127.0.0.1"  # the web app listens here only (a public host is a choice)
    database_url: str = "sqlite:///.safetynet/index.db"
    # The keeper (`python -m safetynet.keeper`, `safetynet keeper`, started by `make up`).
    # It signs with its own key: SAFETYNET_KEEPER_PRIVATE_KEY, else anvil dev account
    # `keeper_account` (9: the README hands accounts 1-8 to people, 0 underwrites).
    keeper_private_key: str | None = None
    keeper_account: int = 9
    keeper_state_dir: Path | None = None  # default <home>/keeper
    keeper_interval: float = 5.0  # seconds between passes
    keeper_batch: int = 100  # covers per payout_many (at most 100)
    keeper_from_block: int = 0  # first block to index covers from
    keeper_mock_heartbeat: int | None = None  # local mock feeds: re-post after S silent seconds
    keeper_report_backoff: float = 5.0  # a refused report waits this long, doubling per refusal
    keeper_report_backoff_max: float = 600.0
    # The indexer (`safetynet index`, `python -m safetynet.indexer`, started by `make up`)
    # writes into database_url. Confirmations: blocks below the head it stays (None: 0 on
    # local chains 31337/1337, elsewhere the node's `safe` block, else 12).
    index_confirmations: int | None = None
    index_reorg_window: int = 128  # blocks whose hashes and undo entries are kept
    index_chunk_blocks: int = 2_000  # blocks per eth_getLogs (halved when a node refuses)
    index_batch_blocks: int = 5_000  # blocks per database transaction at most
    index_batch_logs: int = 5_000  # events per database transaction, about
    index_interval: float = 1.0  # seconds between polls once caught up
    index_lease_seconds: float = 6.0  # a dead replica's lease expires after this


def get_settings() -> Settings:
    return Settings()
