"""Summarise harness reports into one Markdown table: ``python -m training.eval_summary DIR``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def summary_table(folder: Path) -> str:
    rows = [
        "| bench | items | method | shots | accuracy [95% Wilson CI] | invalid | s / question |"
        " command |",
        "|---|---:|---|---:|---|---:|---:|---|",
    ]
    for path in sorted(Path(folder).glob("*.json")):
        report = json.loads(path.read_text())
        if "items" not in report or "ci95" not in report:
            continue
        lo, hi = report["ci95"]
        rows.append(
            f"| {report['bench']} | {report['n']} | {report['method']} | {report['shots']} | "
            f"{100 * report['accuracy']:.1f}% [{100 * lo:.1f}, {100 * hi:.1f}] | "
            f"{100 * report['invalid_rate']:.1f}% | {report['latency_s']['mean']:.2f} | "
            f"`{report['command']}` |"
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m training.eval_summary REPORT_DIR", file=sys.stderr)
        return 2
    print(summary_table(Path(argv[0])), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
