"""Tests of safetynet.demo: each act tells the story it promises."""
