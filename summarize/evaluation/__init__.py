"""Benchmarks: loaders for the labelled sets, metrics, and the report writers."""
