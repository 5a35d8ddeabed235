"""Tests of bench/: gas snapshots and speed budgets hold; the populate trick is exact."""
