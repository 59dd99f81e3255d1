"""What a benchmark section reports: numbers with their baselines, targets met or missed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """One measured number and the baseline it is compared with (measured in the same run)."""

    label: str
    value: float
    unit: str
    baseline: str = ""
    """What the baseline is ("connect per request", "cold", "idle"...); empty when the number is its own baseline."""
    baseline_value: float | None = None

    @property
    def ratio(self) -> float | None:
        """``value`` over the baseline's value (None without a usable baseline)."""
        if not self.baseline or not self.baseline_value:
            return None
        return self.value / self.baseline_value

    def cells(self) -> tuple[str, str, str, str]:
        """The row as text: label, value, baseline, ratio."""
        base = (
            ""
            if not self.baseline or self.baseline_value is None
            else f"{self.baseline}: {fmt(self.baseline_value, self.unit)}"
        )
        ratio = "" if self.ratio is None else f"×{self.ratio:.2f}"
        return self.label, fmt(self.value, self.unit), base, ratio


@dataclass(frozen=True)
class Target:
    """A target of the issue, whether this run met it, and (when missed) why and what would fix it."""

    goal: str
    measured: str
    met: bool
    why: str = ""


@dataclass
class Section:
    """One benchmark: how it was measured, its numbers, its targets, its plots."""

    title: str
    method: str
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)
    """File names of the PNGs drawn for this section."""
    notes: list[str] = field(default_factory=list)


def fmt(value: float, unit: str) -> str:
    """A number with its unit, to a sensible precision (a count, an int, without decimals)."""
    digits = 0 if isinstance(value, int) or abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f} {unit}".rstrip()


def table(section: Section) -> str:
    """The section as a plain-text table, its targets under it."""
    header = ("measure", "value", "baseline (same run)", "ratio")
    lines = [header, *(row.cells() for row in section.rows)]
    widths = [max(len(line[col]) for line in lines) for col in range(4)]
    out = [f"== {section.title}"]
    out += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    out += [f"  [{'met' if t.met else 'MISSED'}] {t.goal}: {t.measured}" for t in section.targets]
    out += [f"      why: {t.why}" for t in section.targets if t.why and not t.met]
    return "\n".join(line.rstrip() for line in out)
