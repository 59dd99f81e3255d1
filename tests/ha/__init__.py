"""Tests that run inside a real Home Assistant (pytest-homeassistant-custom-component)."""
