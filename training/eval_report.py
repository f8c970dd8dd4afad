"""Evaluation reports: per-item records -> summary dict, JSON and Markdown files."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from training.eval_stats import accuracy_block, paired_comparison


@dataclass
class ItemResult:
    id: str
    answer: str | None
    choice: str | None
    probabilities: dict[str, float]
    latency_s: float
    subject: str | None = None
    step: str | None = None
    attempts: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.choice is not None

    @property
    def correct(self) -> bool:
        return self.choice is not None and self.choice == self.answer


def _groups(items: list[ItemResult], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for item in items:
        value = getattr(item, key)
        if value:
            groups[value].append(item.correct)
    return {name: accuracy_block(vals) for name, vals in sorted(groups.items())}


def summarise(items: list[ItemResult], meta: dict[str, Any]) -> dict[str, Any]:
    """The report: accuracy with Wilson 95% CI, invalid rate, breakdowns, latency, items."""
    latencies = [i.latency_s for i in items]
    invalid = sum(1 for i in items if not i.valid)
    n = len(items)
    return {
        **meta,
        **accuracy_block([i.correct for i in items]),
        "invalid": invalid,
        "invalid_rate": invalid / n if n else 0.0,
        "latency_s": {
            "mean": statistics.fmean(latencies) if latencies else 0.0,
            "median": statistics.median(latencies) if latencies else 0.0,
            "total": sum(latencies),
        },
        "by_subject": _groups(items, "subject"),
        "by_step": _groups(items, "step"),
        "items": [asdict(i) for i in items],
    }


def compare_reports(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Paired difference of two reports on the same item ids (``a`` minus ``b``)."""
    b_by_id = {item["id"]: item for item in b["items"]}
    pairs = [(item, b_by_id[item["id"]]) for item in a["items"] if item["id"] in b_by_id]

    def ok(item: dict[str, Any]) -> bool:
        return item["choice"] is not None and item["choice"] == item["answer"]

    result = paired_comparison([ok(x) for x, _ in pairs], [ok(y) for _, y in pairs])
    result["model_a"], result["model_b"] = a.get("model"), b.get("model")
    return result


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _ci(block: dict[str, Any]) -> str:
    lo, hi = block["ci95"]
    return f"{_pct(block['accuracy'])} [{_pct(lo)}, {_pct(hi)}]"


def to_markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# {report.get('bench', '?')} evaluation",
        "",
        f"- model: `{report.get('model')}` ({report.get('backend')})",
        f"- data: `{report.get('data')}`; method `{report.get('method')}`, "
        f"{report.get('shots', 0)}-shot",
        f"- command: `{report.get('command', '')}`",
        *(
            ["- **interrupted**: only the items below were scored"]
            if report.get("interrupted")
            else []
        ),
        "",
        "| items | accuracy [95% Wilson CI] | invalid | mean latency / question |",
        "|---:|---|---:|---:|",
        f"| {report['n']} | {_ci(report)} | {report['invalid']} ({_pct(report['invalid_rate'])}) "
        f"| {report['latency_s']['mean']:.3f} s |",
    ]
    for key, title in (("by_step", "Step"), ("by_subject", "Subject")):
        if report.get(key):
            lines += ["", f"| {title} | items | accuracy [95% CI] |", "|---|---:|---|"]
            lines += [f"| {k} | {v['n']} | {_ci(v)} |" for k, v in report[key].items()]
    cmp = report.get("comparison")
    if cmp:
        lo, hi = cmp["difference_ci95"]
        lines += [
            "",
            "## Paired comparison",
            "",
            f"A = `{cmp['model_a']}`, B = `{cmp['model_b']}`, {cmp['n']} shared items.",
            "",
            "| acc A | acc B | A - B [95% paired CI] | only A right | only B right | McNemar p |",
            "|---:|---:|---|---:|---:|---:|",
            f"| {_pct(cmp['accuracy_a'])} | {_pct(cmp['accuracy_b'])} | "
            f"{100 * cmp['difference']:+.1f} pts [{100 * lo:+.1f}, {100 * hi:+.1f}] | "
            f"{cmp['only_a_correct']} | {cmp['only_b_correct']} | {cmp['mcnemar_p']:.3g} |",
        ]
    lines += [
        "",
        "Decision support evaluation only; accuracy on exam items is not clinical validity.",
    ]
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], out_dir: Path, stem: str) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    md_path.write_text(to_markdown(report), encoding="utf-8")
    return json_path, md_path
