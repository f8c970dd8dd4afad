"""Triage engine vs the old red-flag screen on the triage vignettes, in one run.

    python -m bench triage [--data FILE] [--repeats N] [--misses] [--json OUT]

First one row per vignette set for our engine: the dev set, the held-out set, the blind set
(written by a second author before reading the rules) and a second "probe" batch by the same
author; their first-look figures are in desktop/safety/README.md. Then, for the dev set (or ``--data FILE``), emergency recall, false-alarm rate (non-emergencies called emergencies), exact-level
agreement (emergency / urgent / routine), recall per kind and per-message latency (mean, p95,
max over ``--repeats`` passes) for both. Targets (issue 16): recall >= 98%, false alarms <= 5%,
< 20 ms per message.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from desktop.safety.matching import normalize
from desktop.safety.red_flags import find_red_flags
from desktop.safety.triage import triage
from training.eval_stats import wilson_ci

_SETS_DIR = Path(__file__).resolve().parents[1] / "tests" / "safety"
DEFAULT_DATA = _SETS_DIR / "triage_vignettes.jsonl"
SETS = (
    ("dev", _SETS_DIR / "triage_vignettes.jsonl"),
    ("held-out", _SETS_DIR / "triage_holdout.jsonl"),
    ("blind", _SETS_DIR / "triage_blind.jsonl"),
    ("probe", _SETS_DIR / "triage_probe.jsonl"),  # second batch, written after the rules
    ("blind2", _SETS_DIR / "triage_blind2.jsonl"),  # second blind author (first look in README)
    ("blind5", _SETS_DIR / "triage_blind5.jsonl"),  # fifth author, first look 79.3% / 5.3% in README
    # sixth author, first look 84.6% / 5.4% in README (80.8% / 6.2% before the blind5 round)
    ("blind6", _SETS_DIR / "triage_blind6.jsonl"),
    # seventh author, first look 87.7% / 5.1% rules, 93.4% / 5.1% with the backstop, in README
    ("blind7", _SETS_DIR / "triage_blind7.jsonl"),
)


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def new_level(text: str) -> str:
    return triage(text).level.name.lower()


def rules_level(text: str) -> str:
    """The discriminators alone, without the learned backstop."""
    return triage(text, use_backstop=False).level.name.lower()


def kind_match(items: list[dict]) -> float:
    """Share of emergency vignettes whose expected kind is among the emergency findings."""
    emerg = [i for i in items if i["level"] == "emergency"]
    hits = sum(i["kind"] in {f.kind for f in triage(i["text"]).emergencies} for i in emerg)
    return hits / len(emerg)


def old_level(text: str) -> str:
    return "emergency" if find_red_flags(normalize(text)) else "routine"


def _evaluate(name: str, fn: Callable[[str], str], items: list[dict], repeats: int) -> dict:
    times: list[float] = []
    predicted: list[str] = []
    for r in range(repeats):
        for item in items:
            t0 = time.perf_counter()
            level = fn(item["text"])
            times.append(time.perf_counter() - t0)
            if r == 0:
                predicted.append(level)
    emerg = [(i, p) for i, p in zip(items, predicted, strict=True) if i["level"] == "emergency"]
    other = [(i, p) for i, p in zip(items, predicted, strict=True) if i["level"] != "emergency"]
    hits = sum(p == "emergency" for _, p in emerg)
    alarms = sum(p == "emergency" for _, p in other)
    exact = sum(p == i["level"] for i, p in zip(items, predicted, strict=True))
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, p in emerg:
        per_kind[i["kind"]][0] += p == "emergency"
        per_kind[i["kind"]][1] += 1
    ms = sorted(t * 1000 for t in times)
    urg = [(i, p) for i, p in zip(items, predicted, strict=True) if i["level"] == "urgent"]
    return {
        # urgent-labelled: exactly "urgent", and "at least urgent" (not sent home as routine)
        "urgent_exact": sum(p == "urgent" for _, p in urg) / len(urg) if urg else float("nan"),
        "urgent_recall": sum(p != "routine" for _, p in urg) / len(urg) if urg else float("nan"),
        "n_urgent": len(urg),
        "name": name,
        "recall": hits / len(emerg),
        "recall_ci95": wilson_ci(hits, len(emerg)),
        "false_alarm": alarms / len(other),
        "false_alarm_ci95": wilson_ci(alarms, len(other)),
        "exact_level": exact / len(items),
        "per_kind": {k: (h, n) for k, (h, n) in sorted(per_kind.items())},
        "mean_ms": statistics.fmean(ms),
        "p95_ms": ms[int(0.95 * (len(ms) - 1))],
        "max_ms": ms[-1],
        "misses": [i["text"] for i, p in emerg if p != "emergency"],
        "alarms": [i["text"] for i, p in other if p == "emergency"],
        "wrong_level": [
            (i["level"], p, i["text"])
            for i, p in zip(items, predicted, strict=True)
            if p != i["level"] and i["level"] != "emergency" and p != "emergency"
        ],
    }


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench triage", description=__doc__)
    p.add_argument("--data", default=str(DEFAULT_DATA))
    p.add_argument("--repeats", type=int, default=5, help="timing passes (default 5)")
    p.add_argument("--misses", action="store_true", help="list missed emergencies and alarms")
    p.add_argument("--json", help="also write the figures to this JSON file")
    args = p.parse_args(argv)

    items = load(Path(args.data))
    triage(items[0]["text"])  # warm-up: compiles the lexicon's regexes once
    summary = {name: _evaluate(name, new_level, load(path), 1) for name, path in SETS}
    print("triage engine (ours) per vignette set:")
    print(
        f"  {'set':<10} {'n':>4} {'recall [95% CI]':<22} {'false alarms [95% CI]':<24} {'exact':>6} "
        f"{'urgent exact':>13} {'urgent >= urgent':>17}"
    )
    for name, row in summary.items():
        n = len(load(dict(SETS)[name]))
        rl, rh = row["recall_ci95"]
        fl, fh = row["false_alarm_ci95"]
        print(
            f"  {name:<10} {n:>4} {row['recall']:>6.1%} [{rl:.0%}, {rh:.0%}]{'':<7} "
            f"{row['false_alarm']:>5.1%} [{fl:.0%}, {fh:.0%}]{'':<10} {row['exact_level']:>6.1%} "
            f"{row['urgent_exact']:>13.1%} {row['urgent_recall']:>17.1%}  (n urgent {row['n_urgent']})"
        )
    print()
    ours = _evaluate("triage engine (ours)", new_level, items, args.repeats)
    rules = _evaluate("rules alone (no backstop)", rules_level, items, 1)
    base = _evaluate("old red-flag screen", old_level, items, args.repeats)
    n_e = sum(i["level"] == "emergency" for i in items)
    kinds = len({i["kind"] for i in items})
    print(f"{len(items)} vignettes ({n_e} emergencies, {len(items) - n_e} not), {kinds} kinds")
    print(
        f"{'method':<24} {'recall [95% CI]':<22} {'false alarms [95% CI]':<24} "
        f"{'exact level':>11} {'mean ms':>8} {'p95 ms':>7} {'max ms':>7}"
    )
    for row in (ours, rules, base):
        rl, rh = row["recall_ci95"]
        fl, fh = row["false_alarm_ci95"]
        print(
            f"{row['name']:<24} {row['recall']:.1%} [{rl:.0%}, {rh:.0%}]{'':<5} "
            f"{row['false_alarm']:.1%} [{fl:.0%}, {fh:.0%}]{'':<8} {row['exact_level']:>11.1%} "
            f"{row['mean_ms']:>8.2f} {row['p95_ms']:>7.2f} {row['max_ms']:>7.2f}"
        )
    print(
        f"recall gain: {ours['recall'] - base['recall']:+.1%}; false alarms "
        f"{ours['false_alarm'] - base['false_alarm']:+.1%}; latency ratio (ours / old): "
        f"{ours['mean_ms'] / base['mean_ms']:.1f}x  (noisy: shared machine)"
    )
    print(
        f"learned backstop: +{ours['recall'] - rules['recall']:.1%} recall, "
        f"+{ours['false_alarm'] - rules['false_alarm']:.1%} false alarms over the rules alone "
        "(it is trained on the project's sets, so only sets outside them measure it)"
    )
    print(f"expected kind among our emergency findings: {kind_match(items):.1%}")
    print(
        f"urgent-labelled ({ours['n_urgent']}): exactly urgent {ours['urgent_exact']:.1%}, "
        f"urgent or higher {ours['urgent_recall']:.1%} (old screen {base['urgent_recall']:.1%})"
    )
    print("\nrecall per kind (ours | old):")
    for kind, (h, n) in ours["per_kind"].items():
        bh, _ = base["per_kind"][kind]
        print(f"  {kind:<28} {h}/{n} {h / n:>6.0%}   | {bh}/{n} {bh / n:>6.0%}")
    if args.misses:
        print("\nmissed emergencies:", *ours["misses"], sep="\n  ")
        print("\nfalse alarms:", *ours["alarms"], sep="\n  ")
        print("\nurgent/routine mixed up:", *ours["wrong_level"], sep="\n  ")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"ours": ours, "baseline": base, "sets": summary}, indent=2)
        )
    return 0
