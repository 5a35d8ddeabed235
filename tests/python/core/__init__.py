"""Tests of the package as a whole: import graph, shipped ABIs, interfaces, units."""
