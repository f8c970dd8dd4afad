"""Letter scoring vs MedAlpaca-style generate-and-parse on a question file (MedQA dev by default).

    python -m bench mcq_scoring [--n 40 | --all] [--data FILE] [--model GGUF] [--threads N]

Letter scoring reads the option-label probabilities after one forward pass; the baseline
generates free text (greedy, up to 128 tokens), parses the letter with regexes and retries up
to 5 times (sampling) when parsing fails. Prints accuracy, invalid-answer rate, time per
question and the speed ratio (baseline time / letter time), all measured here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from desktop.engine import Engine, EngineConfig
from desktop.mcq import MCQScorer
from desktop.questions import read_questions
from training.eval_stats import wilson_ci

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eval"


def data_set_name(path: str | Path, fmt: str | None) -> str:
    """What the figures were measured on: the file (or folder) and its detected format."""
    return f"{Path(path).name} ({fmt or 'unknown'} format)"


def _run(scorer: MCQScorer, questions: list, method: str) -> dict:
    times, correct, invalid, attempts = [], 0, 0, []
    for i, q in enumerate(questions, 1):
        r = scorer.answer(q, method)
        times.append(r.latency_s)
        correct += r.choice == q.answer
        invalid += r.choice is None
        attempts.append(r.attempts)
        print(f"\r{method}: {i}/{len(questions)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    n = len(questions)
    lo, hi = wilson_ci(correct, n)
    return {
        "method": method,
        "n": n,
        "accuracy": correct / n,
        "ci95": [lo, hi],
        "invalid_rate": invalid / n,
        "mean_s": statistics.fmean(times),
        "median_s": statistics.median(times),
        "total_s": sum(times),
        "mean_attempts": statistics.fmean(attempts),
    }


def _prefill_times(scorer: MCQScorer, questions: list, free_text: bool) -> list[float]:
    """Seconds to decode each question's prompt once (shared system-prompt prefix cached)."""
    from desktop.mcq.prompts import build_free_text_messages

    backend = scorer.backend
    times = []
    for q in questions:
        if free_text:
            messages = build_free_text_messages(q, (), scorer.system_prompt)
            tokens = backend.tokenize_prompt(backend.render(messages))
        else:
            tokens = scorer.prompt_tokens(q)
        t0 = time.perf_counter()
        backend.next_logprobs(tokens)
        times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench mcq_scoring", description=__doc__)
    p.add_argument("--n", type=int, default=40, help="first N questions (default 40)")
    p.add_argument("--all", action="store_true", help="all questions of the file")
    p.add_argument("--data", default=str(DEFAULT_DATA / "medqa_usmle_dev.jsonl"))
    p.add_argument("--model", help="GGUF (default: the embedded model)")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--max-tokens", type=int, default=128, help="baseline generation budget")
    p.add_argument("--json", help="also write the numbers to this JSON file")
    args = p.parse_args(argv)

    from models.default_model import default_model_path

    report = read_questions(args.data)
    questions = report.questions
    if not args.all:
        questions = questions[: args.n]
    config = EngineConfig(args.model or str(default_model_path()), n_ctx=4096)
    if args.threads:
        config.n_threads = args.threads
    engine = Engine(config)
    try:
        scorer = MCQScorer(engine, generate_max_tokens=args.max_tokens)
        scorer.answer(questions[0], "letter")  # warm-up (weights paged in, system prompt cached)
        t0 = time.perf_counter()
        letter = _run(scorer, questions, "letter")
        baseline = _run(scorer, questions, "generate")
        letter_prefill = statistics.fmean(_prefill_times(scorer, questions, free_text=False))
        baseline_prefill = statistics.fmean(_prefill_times(scorer, questions, free_text=True))
        wall = time.perf_counter() - t0
    finally:
        engine.close()
    ratio = baseline["mean_s"] / letter["mean_s"]
    print(
        f"{data_set_name(args.data, report.fmt)}, first {len(questions)} questions, "
        f"model {Path(config.model_path).name}"
    )
    print(f"{'method':<28} {'accuracy [95% CI]':<24} {'invalid':>8} {'s/question':>11}")
    for row, name in ((letter, "letter scoring (ours)"), (baseline, "generate+parse (MedAlpaca)")):
        lo, hi = row["ci95"]
        acc = f"{row['accuracy']:.3f} [{lo:.3f}, {hi:.3f}]"
        print(f"{name:<28} {acc:<24} {row['invalid_rate']:>8.1%} {row['mean_s']:>11.3f}")
    print(f"speed ratio (baseline / letter): {ratio:.1f}x   (wall {wall:.0f} s)")
    print(f"baseline mean attempts: {baseline['mean_attempts']:.2f} (1 + retries)")
    ceiling = baseline["mean_s"] / baseline_prefill
    print(
        f"bare prefill of the baseline prompt: {baseline_prefill:.3f} s/question -> ceiling for "
        f"any method that reads the question once: {ceiling:.1f}x"
    )
    print(
        f"letter scoring vs a bare prefill of its own prompt ({letter_prefill:.3f} s): "
        f"{letter['mean_s'] / letter_prefill:.2f}x"
    )
    if args.json:
        figures = {
            "letter": letter,
            "generate": baseline,
            "speed_ratio": ratio,
            "prefill_s": {"letter_prompt": letter_prefill, "baseline_prompt": baseline_prefill},
            "one_pass_ceiling": ceiling,
        }
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0
