"""Headless CLI on the same engine: ``python -m desktop.cli ask "..."``, ``info``, ``models``.

Lets the engine be exercised and benchmarked without a screen.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop import netguard
from desktop.engine import (
    CancelToken,
    ContextOverflowError,
    Engine,
    EngineConfig,
    EngineError,
    SamplingSettings,
    default_threads,
)
from models.errors import ModelError


def _model_path(arg: str | None) -> str:
    if arg:
        return arg
    from models.default_model import default_model_path

    return str(default_model_path())


def _engine(args: argparse.Namespace) -> Engine:
    return Engine(
        EngineConfig(
            model_path=_model_path(args.model),
            n_ctx=args.ctx,
            n_threads=args.threads,
            n_gpu_layers=args.gpu_layers,
            overflow="refuse" if args.refuse_overflow else "trim",
        )
    )


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine(args)
    messages = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": args.prompt})
    sampling = SamplingSettings(
        temperature=args.temperature, max_tokens=args.max_tokens, seed=args.seed
    )
    cancel = CancelToken()
    try:
        stream = engine.stream_chat(messages, sampling, cancel)
        for event in stream:
            sys.stdout.write(event.text)
            sys.stdout.flush()
    except KeyboardInterrupt:
        cancel.cancel()
    result = stream.result
    sys.stdout.write("\n")
    if result is not None and args.stats:
        print(
            f"[{result.completion_tokens} tokens, {result.tokens_per_second:.1f} tok/s, "
            f"context {result.context_used}/{result.n_ctx}, finish={result.finish_reason}]",
            file=sys.stderr,
        )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from models.gguf_info import read_gguf_info
    from models.memory import estimate_memory

    info = read_gguf_info(_model_path(args.model))
    data = info.to_dict()
    data["memory"] = estimate_memory(info, args.ctx).describe()
    print(json.dumps(data, indent=2))
    return 0


def cmd_models(_args: argparse.Namespace) -> int:
    from models.registry import ModelRegistry

    for entry in ModelRegistry().list():
        print(f"{entry.id}\t{entry.name}\t{entry.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from models.registry import ModelRegistry

    entry = ModelRegistry().import_gguf(Path(args.file), copy=not args.reference)
    print(f"imported {entry.id} (sha256 {entry.sha256})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clinical-assistant-cli", description=__doc__)
    parser.add_argument("--model", help="GGUF file (default: the embedded SmolLM2 model)")
    parser.add_argument("--ctx", type=int, default=4096, help="context size in tokens")
    parser.add_argument("--threads", type=int, default=default_threads())
    parser.add_argument("--gpu-layers", type=int, default=0)
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="stream an answer to one question")
    ask.add_argument("prompt")
    ask.add_argument("--system", default=None)
    ask.add_argument("--max-tokens", type=int, default=256)
    ask.add_argument("--temperature", type=float, default=0.2)
    ask.add_argument("--seed", type=int, default=None)
    ask.add_argument("--stats", action="store_true", help="print tokens/s and context use")
    ask.add_argument("--refuse-overflow", action="store_true", help="refuse instead of trimming")
    ask.set_defaults(func=cmd_ask)
    info = sub.add_parser("info", help="print GGUF metadata and a memory estimate")
    info.set_defaults(func=cmd_info)
    sub.add_parser("models", help="list installed models").set_defaults(func=cmd_models)
    imp = sub.add_parser("import", help="import a GGUF file into the registry")
    imp.add_argument("file")
    imp.add_argument("--reference", action="store_true", help="record the path, do not copy")
    imp.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    netguard.install()  # loopback only, as in the GUI app
    if not hasattr(args, "refuse_overflow"):
        args.refuse_overflow = False
    try:
        return int(args.func(args))
    except (ModelError, EngineError, ContextOverflowError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
