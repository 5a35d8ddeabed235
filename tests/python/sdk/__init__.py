"""Tests of safetynet.sdk on the in-process EVM: the calls the CLI and keeper make."""
