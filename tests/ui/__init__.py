"""The config UI in Home Assistant's real frontend, driven in headless Chromium (script/ui-test)."""
