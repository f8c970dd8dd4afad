"""Early-warning scores from parsed vitals: NEWS2 (RCP 2017) and qSOFA (Sepsis-3, 2016).

Missing parameters score 0 and are reported, so a partial score is a lower bound and never
shown as more certain than it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.safety.vitals import Vitals


@dataclass(frozen=True)
class Score:
    name: str
    total: int
    parts: dict[str, int] = field(default_factory=dict)  # parameter -> points
    missing: tuple[str, ...] = ()

    @property
    def max_single(self) -> int:
        return max(self.parts.values(), default=0)

    def describe(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in self.parts.items() if v)
        gap = f"; not given: {', '.join(self.missing)}" if self.missing else ""
        return f"{self.name} {self.total} ({shown or 'all normal'}{gap})"


def _band(value: float, bands: list[tuple[float, int]]) -> int:
    """Points of the first band whose upper bound is >= value (bands sorted ascending)."""
    for upper, points in bands:
        if value <= upper:
            return points
    return bands[-1][1]


def news2(v: Vitals, new_confusion: bool = False) -> Score:
    """NEWS2 with SpO2 scale 1 (the scale 2 for hypercapnic failure needs a clinician's call)."""
    parts: dict[str, int] = {}
    missing: list[str] = []
    if v.rr is not None:
        parts["RR"] = _band(v.rr, [(8, 3), (11, 1), (20, 0), (24, 2), (999, 3)])
    else:
        missing.append("RR")
    if v.spo2 is not None:
        parts["SpO2"] = _band(v.spo2, [(91, 3), (93, 2), (95, 1), (100, 0)])
    else:
        missing.append("SpO2")
    parts["O2"] = 2 if v.on_oxygen else 0
    if v.sbp is not None:
        parts["SBP"] = _band(v.sbp, [(90, 3), (100, 2), (110, 1), (219, 0), (999, 3)])
    else:
        missing.append("SBP")
    if v.hr is not None:
        parts["HR"] = _band(v.hr, [(40, 3), (50, 1), (90, 0), (110, 1), (130, 2), (999, 3)])
    else:
        missing.append("HR")
    altered = new_confusion or (v.gcs is not None and v.gcs < 15)
    parts["ACVPU"] = 3 if altered else 0
    if v.temp_c is not None:
        parts["Temp"] = _band(v.temp_c, [(35.0, 3), (36.0, 1), (38.0, 0), (39.0, 1), (99, 2)])
    else:
        missing.append("Temp")
    return Score("NEWS2", sum(parts.values()), parts, tuple(missing))


def qsofa(v: Vitals, new_confusion: bool = False) -> Score:
    """qSOFA: RR >= 22, altered mentation (GCS < 15 or new confusion), SBP <= 100."""
    parts = {
        "RR>=22": int(v.rr is not None and v.rr >= 22),
        "altered mentation": int(new_confusion or (v.gcs is not None and v.gcs < 15)),
        "SBP<=100": int(v.sbp is not None and v.sbp <= 100),
    }
    missing = tuple(n for n, val in (("RR", v.rr), ("SBP", v.sbp)) if val is None)
    return Score("qSOFA", sum(parts.values()), parts, missing)
