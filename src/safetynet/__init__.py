"""SafetyNet: decentralized cover for DeFi (Vyper contracts + Python stack)."""

from safetynet.errors import SafetyNetError

__all__ = ["SafetyNetError"]
__version__ = "0.1.0"
