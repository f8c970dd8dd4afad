"""Headless CLI on the same engine: ``python -m desktop.cli ask "..."``, ``info``, ``models``.

Lets the engine be exercised and benchmarked without a screen.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from common.tasks import ProgressEvent
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
from desktop.library import LibraryMode, LibraryPlan, augment_messages, finalize_answer, plan_answer
from desktop.library.modes import SearchMode
from desktop.library.passages import highlighted_markdown
from desktop.settings_store import SettingsStore
from models.default_model import default_model_path
from models.errors import ModelError
from models.gguf_info import read_gguf_info
from models.memory import estimate_memory
from models.paths import data_dir
from models.registry import ModelRegistry

if TYPE_CHECKING:
    from desktop.library.search_settings import LibrarySearch
    from desktop.library.store import LibraryStore

APP_DB_FILE = "clinassist.db"  # the app's database in the data dir (as desktop.ui.context)


def _model_path(arg: str | None) -> str:
    if arg:
        return arg
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
    plan = None
    if args.library or args.library_only:
        mode = LibraryMode.ONLY if args.library_only else LibraryMode.USE
        searcher = _library_search(_library(), None)
        try:
            _embed(searcher)
            plan = plan_answer(searcher, args.prompt, mode)
        finally:
            searcher.close()
        if plan.refusal:
            print(plan.refusal)
            return 0
    engine = _engine(args)
    messages = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": args.prompt})
    if plan is not None:
        messages = augment_messages(messages, plan)
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
    if plan is not None and result is not None:
        _print_sources(plan, result.text)
    if result is not None and args.stats:
        print(
            f"[{result.completion_tokens} tokens, {result.tokens_per_second:.1f} tok/s, "
            f"context {result.context_used}/{result.n_ctx}, finish={result.finish_reason}]",
            file=sys.stderr,
        )
    return 0


def _library() -> LibraryStore:
    # lazy: the library store pulls in SQLAlchemy and pypdf, which `ask` without it never needs
    from desktop.library import LibraryStore, ensure_sample_library

    store = LibraryStore.open(data_dir() / APP_DB_FILE)
    ensure_sample_library(store)
    return store


def _print_sources(plan: LibraryPlan, text: str) -> None:
    if not plan.passages:
        print("(no relevant passage in your library; answered without sources)")
        return
    cleaned, cited = finalize_answer(text, len(plan.passages))
    if cleaned != text:
        print("\n(markers citing no given passage were removed:)\n" + cleaned)
    print("\nSources:")
    for number, passage in enumerate(plan.passages, start=1):
        mark = "*" if number in cited else " "
        print(f"{mark}[{number}] {passage.where} — {passage.path}")


def _library_search(store: LibraryStore, mode: str | None) -> LibrarySearch:
    """The searcher of the saved setting (``--mode`` overrides it for this command)."""
    # lazy: numpy and the embedders load only for library commands
    from desktop.library.search_settings import LibrarySearch, read_search_settings

    choice = read_search_settings(SettingsStore())
    if mode:
        choice = replace(choice, mode=SearchMode(mode))
    return LibrarySearch(store, choice)


def _embed(searcher: LibrarySearch) -> None:
    """Vectors for passages without one (hybrid mode only), with progress on stderr."""

    def progress(event: ProgressEvent) -> None:
        print(f"\r{event.stage}: {event.done:.0f}/{event.total:.0f}", end="", file=sys.stderr)

    done = searcher.embed(progress=progress)
    if done is not None:
        print(file=sys.stderr)


def cmd_library(args: argparse.Namespace) -> int:
    store = _library()
    if args.library_command in ("add", "reindex", "search"):
        searcher = _library_search(store, getattr(args, "mode", None))
        try:
            return _library_command(args, store, searcher)
        finally:
            searcher.close()
    return _library_list(args, store)


def _library_command(
    args: argparse.Namespace, store: LibraryStore, searcher: LibrarySearch
) -> int:
    from desktop.library import import_paths, reindex  # lazy: pypdf, only for this command

    if args.library_command == "add":

        def progress(done: int, total: int, name: str) -> None:
            print(f"\r[{done}/{total}] {name[:60]:<60}", end="", file=sys.stderr, flush=True)

        report = import_paths(store, args.paths, args.collection, progress=progress)
        print(file=sys.stderr)
        _embed(searcher)
        print(report.text())
        return (
            1 if report.errors and not (report.added or report.updated or report.unchanged) else 0
        )
    if args.library_command == "reindex":
        report = reindex(store, args.collection)
        _embed(searcher)
        print(report.text())
        return 0
    if args.library_command == "search":
        _embed(searcher)  # hybrid: passages added since the last search get their vectors
        hits = searcher.search(args.query, limit=args.limit, collection=args.collection)
        if not hits:
            print("no matches")
        for number, hit in enumerate(hits, start=1):
            snippet = " ".join(highlighted_markdown(hit.snippet or hit.text).split())
            print(f"{number}. {hit.where} [{hit.collection}]\n   {snippet}\n   {hit.path}")
        return 0
    raise AssertionError(args.library_command)


def _library_list(args: argparse.Namespace, store: LibraryStore) -> int:
    for coll in store.collections():
        print(
            f"{coll.name}: {coll.documents} documents, {coll.pages} pages, {coll.chunks} passages"
        )
    for doc in store.documents(args.collection):
        print(f"  [{doc.collection}] {doc.title} ({doc.fmt}, {doc.chunks} passages) {doc.path}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    info = read_gguf_info(_model_path(args.model))
    data = info.to_dict()
    data["memory"] = estimate_memory(info, args.ctx).describe()
    print(json.dumps(data, indent=2))
    return 0


def cmd_models(_args: argparse.Namespace) -> int:
    for entry in ModelRegistry().list():
        print(f"{entry.id}\t{entry.name}\t{entry.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
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
    ask.add_argument("--library", action="store_true", help="cite passages of your library")
    ask.add_argument(
        "--library-only", action="store_true", help="answer only from the library (else refuse)"
    )
    ask.set_defaults(func=cmd_ask)
    lib = sub.add_parser("library", help="reference library: add, search, list, reindex")
    lib_sub = lib.add_subparsers(dest="library_command", required=True)
    add = lib_sub.add_parser("add", help="add files or folders (PDF, HTML, Markdown, text)")
    add.add_argument("paths", nargs="+")
    add.add_argument("--collection", default=None)
    find = lib_sub.add_parser("search", help="search the library (no model needed)")
    find.add_argument("query")
    find.add_argument("--limit", type=int, default=5)
    find.add_argument("--collection", default=None)
    find.add_argument(
        "--mode", choices=("bm25", "hybrid"), help="ranking (default: the saved setting, bm25)"
    )
    for name, text in (("list", "documents and counts"), ("reindex", "re-check every file")):
        extra = lib_sub.add_parser(name, help=text)
        extra.add_argument("--collection", default=None)
    lib.set_defaults(func=cmd_library)
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
    for flag in ("library", "library_only"):
        if not hasattr(args, flag):
            setattr(args, flag, False)
    try:
        return int(args.func(args))
    except (ModelError, EngineError, ContextOverflowError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
