"""Engine tests: no Home Assistant, no Wyoming; run on Python 3.11 too."""
