"""Percentiles of a sample."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """The median and 99th percentile of a sample (nearest rank), and its size."""

    p50: float
    p99: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        """Summarize ``values`` (an empty sample is NaN)."""
        return cls(percentile(values, 50), percentile(values, 99), len(values))

    def scaled(self, factor: float) -> Spread:
        """The same spread in other units (e.g. seconds to milliseconds)."""
        return Spread(self.p50 * factor, self.p99 * factor, self.n)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile of ``values``."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]
