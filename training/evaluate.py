"""Medical MCQ evaluation harness (MedQA, MedMCQA, PubMedQA, MMLU medical, USMLE, custom).

    python -m training.evaluate --bench medqa --data ../shared/data/eval/medqa_usmle_dev.jsonl \
        [--model PATH] [--method letter|rationale|loglik|generate] [--shots K] [--dev FILE] \
        [--limit N] [--backend gguf|hf] [--out DIR] [--compare PATH2]
    python -m training.evaluate --bench medqa --server URL --server-model NAME \
        [--api-key-env VAR] [--server-template GGUF]   # a clinic's OpenAI-compatible server
    python -m training.evaluate --bench pubmedqa --data HELD_OUT.json --model tuned.gguf \
        --method eci [--eci-head DIR]     # the model's trained classification head (LlamaCare)

Writes ``<out>/<bench>_<method>_<k>shot_<model>.json`` and ``.md``: accuracy with a 95% Wilson
interval, invalid-answer rate, per-step/subject breakdown, latency per question; with
``--compare`` also the paired difference between the two models (95% CI and McNemar test).
``--method eci`` scores the same items with letter scoring too and reports both accuracies.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common.tasks import CancelToken
from desktop.engine.remote import RemoteBackend, ServerConfig, ServerError
from desktop.mcq import METHODS, MCQScorer, eci_head_from_classifier
from desktop.questions import Question, QuestionFileError, format_names, formats, read_questions
from models.eci_head import find_head, head_fits
from models.gguf_info import read_gguf_info
from training.eci_apply import ECIClassifier
from training.errors import ConfigError
from training.eval_report import ItemResult, compare_reports, summarise, write_report

# Every registered question format is a benchmark; its default data is the shared dev file.
BENCHES = format_names()
EVAL_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eval"
DEFAULT_DATA = {f.name: f.default_data for f in formats() if f.default_data}
ShotsFor = Callable[[Question], Sequence[Question]]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m training.evaluate", description=__doc__.split("\n")[0]
    )
    p.add_argument(
        "--model",
        help="GGUF file (gguf backend) or HF folder/GGUF (hf backend); default: the embedded model",
    )
    p.add_argument("--bench", required=True, choices=BENCHES)
    p.add_argument("--data", help="question file or folder (default: the shared dev file)")
    p.add_argument("--method", default="letter", choices=list(METHODS))
    p.add_argument(
        "--eci-head",
        help="--method eci: folder with eci_head.{json,safetensors} (default: the head found "
        "next to the GGUF); it must have been trained on this model",
    )
    p.add_argument("--shots", type=int, default=0, help="k solved exemplars before each question")
    p.add_argument(
        "--dev",
        help="exemplar file/folder (default: MMLU *_dev.csv per subject, "
        "else the first k items, which are then not scored)",
    )
    p.add_argument("--limit", type=int, help="score only the first N items")
    p.add_argument("--backend", default="gguf", choices=("gguf", "hf"))
    p.add_argument("--out", default="eval-results", help="output folder for JSON + Markdown")
    p.add_argument("--compare", help="second model to run on the same items (paired difference)")
    p.add_argument("--n-ctx", type=int, default=4096)
    p.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: all)")
    p.add_argument("--no-progress", action="store_true")
    server = p.add_argument_group("clinic server (letter scoring from the server's logprobs)")
    server.add_argument("--server", help="OpenAI-compatible server URL, e.g. http://10.0.0.5:8080")
    server.add_argument("--server-model", default="", help="model id from the server's /v1/models")
    server.add_argument(
        "--api-key-env", help="environment variable holding the server's API key (never argv)"
    )
    server.add_argument(
        "--server-template",
        help="local GGUF of the same model whose chat template the prompts use, for servers "
        "that do not publish theirs (vLLM, llama-cpp-python)",
    )
    return p


def server_config(args: argparse.Namespace) -> ServerConfig | None:
    """The ``--server`` options as a :class:`ServerConfig` (key read from ``--api-key-env``)."""
    if not args.server:
        return None
    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            raise ConfigError(f"--api-key-env {args.api_key_env}: that variable is not set")
    if args.method != "letter":
        raise ConfigError("--server supports --method letter (the server gives logprobs)")
    return ServerConfig(
        url=args.server,
        model=args.server_model,
        api_key=key,
        template_gguf=args.server_template,
    )


def load_questions(bench: str, data: str | None) -> list[Question]:
    path = Path(data) if data else EVAL_DIR / DEFAULT_DATA.get(bench, "")
    if not data and bench not in DEFAULT_DATA:
        raise ConfigError(f"--bench {bench} needs --data FILE")
    report = read_questions(path, fmt=None if bench == "custom" else bench)
    for error in report.errors[:10]:
        print(f"warning: {path}: {error}", file=sys.stderr)
    if len(report.errors) > 10:
        print(f"warning: {len(report.errors) - 10} more bad rows skipped", file=sys.stderr)
    if not report.questions:
        raise ConfigError(f"{path}: no readable questions")
    return report.questions


def plan_shots(
    bench: str, data: str | None, dev: str | None, questions: list[Question], k: int
) -> tuple[list[Question], ShotsFor]:
    """Return (items to score, exemplars for each item)."""
    if k <= 0:
        return questions, lambda q: ()
    if dev is None and bench == "mmlu":
        folder = Path(data) if data else EVAL_DIR / DEFAULT_DATA["mmlu"]
        dev = str(folder if folder.is_dir() else folder.parent)
    if dev is not None:
        dev_path = Path(dev)
        pool = (
            read_questions(dev_path, split="dev").questions
            if dev_path.is_dir()
            else (read_questions(dev_path).questions)
        )
        pool = [q for q in pool if q.answer is not None]
        by_subject: dict[str | None, list[Question]] = {}
        for q in pool:
            by_subject.setdefault(q.subject, []).append(q)
        if len(pool) < k:
            raise ConfigError(f"--dev {dev}: only {len(pool)} answered exemplars for {k} shots")

        def shots_for(q: Question) -> Sequence[Question]:
            same = by_subject.get(q.subject, [])
            return same[:k] if len(same) >= k else pool[:k]

        return questions, shots_for
    if len(questions) <= k:
        raise ConfigError(f"{k} shots leave no items to score")
    fixed = questions[:k]
    return questions[k:], lambda q: fixed


def run_items(
    scorer: MCQScorer,
    questions: Sequence[Question],
    method: str,
    shots_for: ShotsFor,
    progress: bool = True,
    desc: str = "",
    cancel: CancelToken | None = None,
) -> list[ItemResult]:
    """Score every item (a cancel or Ctrl+C stops early and keeps the items scored so far)."""
    from tqdm import tqdm

    items: list[ItemResult] = []
    correct = 0
    bar = tqdm(questions, desc=desc, unit="q", disable=not progress, file=sys.stderr)
    for q in bar:
        if cancel is not None and cancel.cancelled:
            break
        try:
            r = scorer.answer(q, method, shots=shots_for(q))
        except KeyboardInterrupt:  # Ctrl+C: stop and report the items scored so far
            print(f"\ninterrupted after {len(items)} items", file=sys.stderr)
            break
        item = ItemResult(
            id=q.id,
            answer=q.answer,
            choice=r.choice,
            probabilities={k: round(v, 6) for k, v in r.probabilities.items()},
            latency_s=r.latency_s,
            subject=q.subject,
            step=q.step,
            attempts=r.attempts,
        )
        items.append(item)
        correct += item.correct
        bar.set_postfix(acc=f"{correct / len(items):.3f}")
    return items


def resolve_eci_head(model: str, given: str | None) -> Path:
    """The head to use for ``model``: ``--eci-head`` or the one beside the GGUF; refuses a head
    trained on other weights (its fingerprint must match the GGUF's provenance)."""
    info = read_gguf_info(model)
    if given:
        head = Path(given)
        if not head_fits(head, info):
            raise ConfigError(
                f"--eci-head {given}: not a head trained on {Path(model).name} (missing files, "
                "or its model fingerprint differs from the GGUF's provenance)"
            )
        return head
    found = find_head(Path(model), info)
    if found is None:
        raise ConfigError(
            f"--method eci: no classification head for {Path(model).name} (train one with "
            "python -m training.finetune --eci-data ..., then merge and convert)"
        )
    return found


def make_scorer(
    model: str | None,
    backend: str,
    n_ctx: int,
    threads: int | None,
    server: ServerConfig | None = None,
    eci_head: Path | None = None,
) -> Any:
    """Returns (scorer, closer, model label)."""
    from models.default_model import default_model_path

    if server is not None:
        if eci_head is not None:
            raise ConfigError("--method eci needs the model's GGUF on this computer, not --server")
        try:
            remote = RemoteBackend(server)
        except ServerError as exc:
            raise ConfigError(str(exc)) from exc
        return MCQScorer(remote), remote.close, remote.describe().model_id

    path = model or str(default_model_path())
    if not Path(path).exists():
        raise ConfigError(f"--model {path}: not found")
    if backend == "hf":
        if eci_head is not None:
            raise ConfigError("--method eci runs on the GGUF backend")
        from training.eval_hf import HFBackend

        return MCQScorer(HFBackend.load(path)), (lambda: None), path
    from desktop.engine import Engine, EngineConfig

    config = EngineConfig(path, n_ctx=n_ctx)
    if threads:
        config.n_threads = threads
    engine = Engine(config)
    eci = None
    if eci_head is not None:  # the head shares the engine's Llama: one model in memory
        eci = eci_head_from_classifier(ECIClassifier(engine.llama, eci_head))
    return MCQScorer(engine, eci=eci), engine.close, path


def evaluate_model(
    args: argparse.Namespace,
    model: str | None,
    items: list[Question],
    shots_for: ShotsFor,
    command: str,
) -> dict[str, Any]:
    server = server_config(args) if model is args.model else None
    head = None
    if args.method == "eci":
        head = resolve_eci_head(model or _default_model(), args.eci_head)
    scorer, close, label = make_scorer(model, args.backend, args.n_ctx, args.threads, server, head)
    letter: list[ItemResult] = []
    try:
        t0 = time.perf_counter()
        results = run_items(
            scorer,
            items,
            args.method,
            shots_for,
            not args.no_progress,
            desc=f"{args.bench}:{Path(label).stem}",
        )
        wall = time.perf_counter() - t0
        if head is not None:  # the baseline on the same items, same model
            letter = run_items(scorer, items[: len(results)], "letter", shots_for, False)
    finally:
        close()
    if not results:
        raise ConfigError("no items were scored")
    meta = {
        "interrupted": len(results) < len(items),
        "bench": args.bench,
        "model": label,
        "backend": "server" if server is not None else args.backend,
        "data": args.data or str(EVAL_DIR / DEFAULT_DATA.get(args.bench, "")),
        "method": args.method,
        "shots": args.shots,
        "limit": args.limit,
        "wall_s": wall,
        "command": command,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if head is not None:
        meta["eci_head"] = str(head)
    report = summarise(results, meta)
    if letter:
        base = summarise(letter, {**meta, "method": "letter"})
        report["letter"] = {k: base[k] for k in ("accuracy", "ci95", "n", "invalid_rate")}
    return report


def _default_model() -> str:
    from models.default_model import default_model_path

    return str(default_model_path())


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    command = "python -m training.evaluate " + shlex.join(argv)
    try:
        questions = load_questions(args.bench, args.data)
        items, shots_for = plan_shots(args.bench, args.data, args.dev, questions, args.shots)
        if args.limit:
            items = items[: args.limit]
        report = evaluate_model(args, args.model, items, shots_for, command)
        stem = f"{args.bench}_{args.method}_{args.shots}shot_{Path(report['model']).stem}"
        if args.compare:
            other = evaluate_model(args, args.compare, items, shots_for, command)
            report["comparison"] = compare_reports(report, other)
            write_report(other, Path(args.out), stem + "_B")
        json_path, md_path = write_report(report, Path(args.out), stem)
    except (ConfigError, QuestionFileError, ServerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    lo, hi = report["ci95"]
    print(
        f"{args.bench}: accuracy {report['accuracy']:.3f} [95% CI {lo:.3f}-{hi:.3f}] "
        f"on {report['n']} items, invalid {report['invalid_rate']:.1%}, "
        f"{report['latency_s']['mean']:.3f} s/question"
    )
    if "letter" in report:
        b = report["letter"]
        print(
            f"letter scoring on the same items: accuracy {b['accuracy']:.3f} "
            f"[95% CI {b['ci95'][0]:.3f}-{b['ci95'][1]:.3f}]"
        )
    if "comparison" in report:
        c = report["comparison"]
        print(
            f"paired difference A-B: {c['difference']:+.3f} "
            f"[{c['difference_ci95'][0]:+.3f}, {c['difference_ci95'][1]:+.3f}], "
            f"McNemar p={c['mcnemar_p']:.3g}"
        )
    print(f"wrote {json_path} and {md_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
