"""Benchmarks against the fake cloud services (``python -m bench``)."""
