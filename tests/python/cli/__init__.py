"""Tests of safetynet.cli run in-process (the end-to-end CLI runs are in integration/)."""
