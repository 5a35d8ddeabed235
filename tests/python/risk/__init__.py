"""Tests of safetynet.risk: data, pricing, rules, the on-chain scanner, validation."""
