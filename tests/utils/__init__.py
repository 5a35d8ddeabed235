"""Test helpers shared by the suites (nothing here is a fixture)."""
