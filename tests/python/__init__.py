"""Tests of the Python package, grouped by the package they test."""
