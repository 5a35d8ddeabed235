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
    database_url: str = "sqlite:///.safetynet/index.db"


def get_settings() -> Settings:
    return Settings()
