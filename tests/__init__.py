"""Tests for the Cloud TTS engine, server and integration."""
