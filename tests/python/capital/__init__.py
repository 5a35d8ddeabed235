"""Tests of safetynet.capital: the Monte Carlo model and the backtest."""
