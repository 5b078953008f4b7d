"""Benchmarks for startnow: start-up in a real terminal, and quick add (see README.md)."""
