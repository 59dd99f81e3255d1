"""Packaging and distribution: what a release ships, checked the way its users' tools read it."""
