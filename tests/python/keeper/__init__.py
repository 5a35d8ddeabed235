"""Tests of safetynet.keeper: its entry point, runner and tasks, on the in-process EVM."""
