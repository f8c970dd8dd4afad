"""Reference-library retrieval on real data: recall, latency at scale, import speed, answers.

    python -m bench retrieval [--n 20] [--scale-chunks 100000] [--pdf-pages 500] [--json FILE]

1. PubMedQA PQA-L dev: each item's CONTEXTS is one document (500 text files imported through
   the library importer); each QUESTION is a query; recall@1, recall@5 and MRR of its own
   abstract (document rank = rank of its best passage). Target recall@5 >= 0.95.
2. Medical Meadow: the answers are indexed (identical answers are one document), the questions
   are the queries; recall@1/@5 of the question's own answer.
3. Scale: BM25 query latency p50/p95 at ``--scale-chunks`` passages (sentences of both corpora
   recombined) for our search (FTS5 sorts by rank internally, highlights only the rows
   returned) against the straightforward query that orders by ``bm25()`` and highlights every
   matching row, measured in the same run. Target p95 <= 50 ms.
4. Import throughput in pages/s on a generated ``--pdf-pages``-page PDF, against pypdf's bare
   text extraction of the same file; peak memory (VmHWM) of this process.
5. Answer quality: PubMedQA accuracy of the default model (MCQ letter scoring) with the
   retrieved abstract in the prompt vs without any, same run, same model, first ``--n`` items;
   the retrieved document is recorded per item.

Dense and hybrid retrieval, same run, same stores: every download-free embedder candidate
(``wordllama``: static embeddings shipped inside its wheel; the embedded chat model
SmolLM2-135M mean-pooled by llama.cpp, not an embedding model; any ``--embedding-gguf`` the
user has) gives a ``dense`` row (cosine alone) and a ``hybrid`` row (BM25 ⊕ cosine by RRF,
k = 60), with the query latency of each against BM25's. llama.cpp embedders are slow on one
thread, so they run on the first ``--gguf-limit`` abstracts / Meadow rows, where BM25 and the
static embedder are measured again on the same subset.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from desktop.library import LibraryStore, import_paths
from desktop.library.chunking import ChunkSpec
from desktop.library.embedders import DEFAULT_EMBEDDER, load_embedder
from desktop.library.embedding import Embedder, EmbedderSpec
from desktop.library.extracted import ExtractedDocument
from desktop.library.hybrid import dense_search, hybrid_search
from desktop.library.passages import ELLIPSIS, HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, Passage
from desktop.library.pdf_writer import write_pdf
from desktop.library.query import match_expression, query_terms
from desktop.library.tables import FTS_TABLE
from desktop.library.vectors import VectorIndex, embed_missing
from desktop.storage.db import open_database
from models.default_model import default_model_path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
PUBMEDQA = DATA / "eval" / "pubmedqa_pqal_dev.json"
MEADOW = DATA / "train" / "medical_meadow_small.json"
DEPTH = 50  # passages fetched per query for document ranks (MRR counts ranks up to this)


def peak_rss_mb() -> float:
    """VmHWM: this process's peak resident memory."""
    try:
        with open("/proc/self/status") as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


Search = Callable[[str, int], list[Passage]]  # (query, limit) -> passages, best first


def doc_ranking(search: Search, query: str) -> list[int]:
    """Document ids in the order of their best passage."""
    seen: list[int] = []
    for passage in search(query, DEPTH):
        if passage.document_id not in seen:
            seen.append(passage.document_id)
    return seen


def recall_figures(ranks: list[int | None]) -> dict[str, float]:
    """recall@1, recall@5 and MRR from 1-based ranks (None: not in the top DEPTH)."""
    n = len(ranks)
    return {
        "n": n,
        "recall@1": sum(r == 1 for r in ranks) / n,
        "recall@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "mrr": sum(1.0 / r for r in ranks if r) / n,
    }


def _rank(ranking: list[int], target: int) -> int | None:
    return ranking.index(target) + 1 if target in ranking else None


def _new_store(folder: Path, name: str) -> LibraryStore:
    return LibraryStore(open_database(folder / f"{name}.db", check=False))


def pubmedqa_abstracts(limit: int | None) -> dict[str, tuple[str, str]]:
    """PMID -> (question, abstract: the CONTEXTS joined)."""
    data = json.loads(PUBMEDQA.read_text(encoding="utf-8"))
    items = list(data.items())[:limit] if limit else list(data.items())
    return {pmid: (e["QUESTION"], "\n".join(e["CONTEXTS"])) for pmid, e in items}


Queries = list[tuple[str, int]]  # (question, id of the document that answers it)


def build_pubmedqa(folder: Path, limit: int | None, name: str = "pubmedqa") -> tuple:
    """A store with the abstracts imported as text files; the questions; import figures."""
    items = pubmedqa_abstracts(limit)
    docs = folder / name
    docs.mkdir()
    for pmid, (_q, abstract) in items.items():
        (docs / f"{pmid}.txt").write_text(abstract, encoding="utf-8")
    store = _new_store(folder, name)
    t0 = time.perf_counter()
    report = import_paths(store, [docs])
    import_s = time.perf_counter() - t0
    by_path = {Path(d.path).stem: d.id for d in store.documents()}
    queries = [(question, by_path[pmid]) for pmid, (question, _a) in items.items()]
    figures = {
        "documents": len(items),
        "passages": report.chunks,
        "import_s": import_s,
        "errors": len(report.errors),
    }
    return store, queries, figures, {v: k for k, v in by_path.items()}


def build_meadow(folder: Path, limit: int | None, name: str = "meadow") -> tuple:
    rows = json.loads(MEADOW.read_text(encoding="utf-8"))
    rows = [r for r in rows if r.get("input", "").strip() and r.get("output", "").strip()]
    rows = rows[:limit] if limit else rows
    store = _new_store(folder, name)
    answer_doc: dict[str, int] = {}
    t0 = time.perf_counter()
    for i, row in enumerate(rows):
        answer = row["output"].strip()
        if answer in answer_doc:
            continue
        doc = ExtractedDocument(f"answer {i}", "text", [answer], paged=False)
        info = store.put_document(f"meadow://{i}", doc, sha256=str(i))
        answer_doc[answer] = info.id
    index_s = time.perf_counter() - t0
    queries = [(row["input"], answer_doc[row["output"].strip()]) for row in rows]
    figures = {"documents": len(answer_doc), "passages": store.chunk_count(), "index_s": index_s}
    return store, queries, figures


def evaluate(search: Search, queries: Queries) -> tuple[dict, list[int | None]]:
    """Recall figures and per-query latency of one retriever; also each query's top doc."""
    ranks, times, top = [], [], []
    for question, target in queries:
        t0 = time.perf_counter()
        ranking = doc_ranking(search, question)
        times.append((time.perf_counter() - t0) * 1000)
        ranks.append(_rank(ranking, target))
        top.append(ranking[0] if ranking else None)
    figures = recall_figures(ranks)
    times.sort()
    figures["query_ms_p50"] = statistics.median(times)
    figures["query_ms_p95"] = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return figures, top


def retrievers(
    store: LibraryStore, embedders: dict[str, Embedder]
) -> tuple[dict[str, Search], dict[str, float]]:
    """BM25, and dense + hybrid for each embedder (its passages embedded first, timed)."""
    out: dict[str, Search] = {"bm25": lambda q, n: store.search(q, limit=n)}
    embed_s: dict[str, float] = {}
    for name, embedder in embedders.items():
        t0 = time.perf_counter()
        embed_missing(store, embedder)
        embed_s[name] = time.perf_counter() - t0
        index = VectorIndex(store, embedder)
        index.search("warm up", 1)  # loads the matrix once, as a running app has it
        out[f"dense:{name}"] = lambda q, n, ix=index: dense_search(store, ix, q, n)
        out[f"hybrid:{name}"] = lambda q, n, ix=index: hybrid_search(store, ix, q, n)
    return out, embed_s


def run_suite(
    title: str, store: LibraryStore, queries: Queries, embedders: dict[str, Embedder]
) -> dict:
    """Every retriever on one store and query set; printed with ratios against BM25."""
    searches, embed_s = retrievers(store, embedders)
    rows: dict[str, dict] = {}
    tops: dict[str, list[int | None]] = {}
    for name, search in searches.items():
        rows[name], tops[name] = evaluate(search, queries)
    base = rows["bm25"]
    print(f"{title}: {len(queries)} questions, {store.chunk_count()} passages")
    for name, r in rows.items():
        ratio = "" if name == "bm25" else (
            f"  (R@5 {r['recall@5'] - base['recall@5']:+.3f} vs BM25, latency "
            f"{r['query_ms_p50'] / base['query_ms_p50']:.1f}x)"
        )  # fmt: skip
        print(
            f"  {name:<34} R@1 {r['recall@1']:.3f}  R@5 {r['recall@5']:.3f}  "
            f"MRR {r['mrr']:.3f}  p50 {r['query_ms_p50']:.1f} ms{ratio}"
        )
    for name, seconds in embed_s.items():
        print(f"  embedding with {name}: {seconds:.1f} s for {store.chunk_count()} passages")
    return {"retrievers": rows, "embed_s": embed_s, "top": tops}


def _sentences(limit_chars: int = 40_000_000) -> list[str]:
    pool: list[str] = []
    for _q, abstract in pubmedqa_abstracts(None).values():
        pool.extend(s.strip() + "." for s in abstract.split(". ") if len(s) > 30)
    for row in json.loads(MEADOW.read_text(encoding="utf-8")):
        pool.extend(s.strip() + "." for s in row.get("output", "").split(". ") if len(s) > 30)
    return pool


def build_scale_store(folder: Path, n_chunks: int, seed: int = 0) -> LibraryStore:
    """``n_chunks`` passages of ~800 characters recombined from real sentences."""
    rng = random.Random(seed)
    pool = _sentences()
    store = _new_store(folder, "scale")
    per_doc = 200
    for d in range(0, n_chunks, per_doc):
        specs = []
        for _ in range(min(per_doc, n_chunks - d)):
            parts: list[str] = []
            while sum(len(p) + 1 for p in parts) < 800:
                parts.append(rng.choice(pool))
            body = " ".join(parts)
            specs.append(ChunkSpec(None, 0, len(body), body))
        doc = ExtractedDocument(f"synthetic {d}", "text", [""], paged=False)
        store.put_document(f"scale://{d}", doc, sha256=str(d), chunks=specs)
    return store


def naive_search(store: LibraryStore, query: str, limit: int = 5) -> list[tuple]:
    """The straightforward query: ORDER BY bm25() over a join, highlighting every match."""
    match = match_expression(query_terms(query))
    if match is None:
        return []
    sql = text(
        f"SELECT c.id, d.title, highlight({FTS_TABLE}, 0, :o, :c) AS hl, "
        f"snippet({FTS_TABLE}, 0, :o, :c, :e, 24) AS snip, bm25({FTS_TABLE}) AS score "
        f"FROM {FTS_TABLE} JOIN library_chunks c ON c.id = {FTS_TABLE}.rowid "
        f"JOIN library_documents d ON d.id = c.document_id "
        f"WHERE {FTS_TABLE} MATCH :m ORDER BY score LIMIT :k"
    )
    params = {"o": HIGHLIGHT_OPEN, "c": HIGHLIGHT_CLOSE, "e": ELLIPSIS, "m": match, "k": limit}
    with store.engine.connect() as conn:
        return list(conn.execute(sql, params).all())


def _latencies(fn: Callable[[str], object], queries: list[str]) -> dict[str, float]:
    times = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))],
        "max_ms": times[-1],
        "queries": len(times),
    }


def bench_scale(folder: Path, n_chunks: int, n_queries: int, embedder: Embedder) -> dict:
    t0 = time.perf_counter()
    store = build_scale_store(folder, n_chunks)
    build_s = time.perf_counter() - t0
    questions = [q for q, _a in pubmedqa_abstracts(None).values()][:n_queries]
    for q in questions[:5]:  # warm the page cache as a running app would have it
        store.search(q, limit=5)
    # First pass: each word's passage count is computed once and cached (until the library
    # changes); second pass: the same questions again, as a running app sees repeated words.
    first = _latencies(lambda q: store.search(q, limit=5), questions)
    ours = _latencies(lambda q: store.search(q, limit=5), questions)
    naive = _latencies(lambda q: naive_search(store, q, 5), questions)
    t0 = time.perf_counter()
    embed_missing(store, embedder)
    embed_s = time.perf_counter() - t0
    index = VectorIndex(store, embedder)
    index.search("warm up", 1)
    hybrid = _latencies(lambda q: hybrid_search(store, index, q, 5), questions)
    return {
        "hybrid": hybrid,
        "hybrid_embedder": embedder.identity,
        "embed_s": embed_s,
        "p95_ratio_hybrid_over_ours": hybrid["p95_ms"] / ours["p95_ms"],
        "chunks": store.chunk_count(),
        "build_s": build_s,
        "ours_first_pass": first,
        "ours": ours,
        "naive": naive,
        "p95_ratio_naive_over_ours": naive["p95_ms"] / ours["p95_ms"],
    }


def bench_pdf_import(folder: Path, pages: int) -> dict:
    rng = random.Random(1)
    pool = _sentences()
    texts = []
    for _ in range(pages):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 2800:
            parts.append(rng.choice(pool))
        texts.append(" ".join(parts))
    path = write_pdf(folder / "generated.pdf", texts, title="Generated benchmark PDF")
    from pypdf import PdfReader

    t0 = time.perf_counter()
    extracted = [p.extract_text() for p in PdfReader(str(path)).pages]
    bare_s = time.perf_counter() - t0
    store = _new_store(folder, "pdf")
    t0 = time.perf_counter()
    report = import_paths(store, [path])
    import_s = time.perf_counter() - t0
    assert len(extracted) == pages and report.pages == pages, report.text()
    return {
        "pages": pages,
        "bytes": path.stat().st_size,
        "passages": report.chunks,
        "import_s": import_s,
        "pages_per_s": pages / import_s,
        "bare_extract_pages_per_s": pages / bare_s,
        "import_over_bare_time": import_s / bare_s,
    }


def bench_answers(
    store: LibraryStore, top: dict[str, str | None], n: int, model: str | None
) -> dict:
    """Letter-scoring accuracy without context vs with the retrieved abstract."""
    from desktop.engine import Engine, EngineConfig
    from desktop.mcq import MCQScorer
    from desktop.questions import Question, read_questions
    from models.default_model import default_model_path

    questions = {q.id: q for q in read_questions(PUBMEDQA).questions}
    abstracts = {pmid: a for pmid, (_q, a) in pubmedqa_abstracts(None).items()}
    ids = [pmid for pmid in top if pmid in questions][:n]
    engine = Engine(EngineConfig(model or str(default_model_path()), n_ctx=4096))
    rows, right = [], {"without": 0, "with_retrieved": 0}
    try:
        scorer = MCQScorer(engine)
        for i, pmid in enumerate(ids, 1):
            q = questions[pmid]
            retrieved = top[pmid]
            bare = Question(q.id, q.question, dict(q.options), q.answer, None, source=q.source)
            ctx = abstracts.get(retrieved) if retrieved else None
            rag = Question(q.id, q.question, dict(q.options), q.answer, ctx, source=q.source)
            a = scorer.answer(bare, "letter").choice
            b = scorer.answer(rag, "letter").choice
            right["without"] += a == q.answer
            right["with_retrieved"] += b == q.answer
            rows.append(
                {
                    "pmid": pmid,
                    "gold": q.answer,
                    "retrieved_pmid": retrieved,
                    "retrieved_is_own": retrieved == pmid,
                    "without": a,
                    "with_retrieved": b,
                }
            )
            print(f"\ranswers: {i}/{len(ids)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    finally:
        engine.close()
    count = max(1, len(ids))
    return {
        "n": len(ids),
        "model": Path(engine.config.model_path).name,
        "accuracy_without": right["without"] / count,
        "accuracy_with_retrieved": right["with_retrieved"] / count,
        "items": rows,
    }


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench retrieval", description=__doc__)
    p.add_argument("--n", type=int, default=20, help="PubMedQA items for answer quality (0: skip)")
    p.add_argument("--scale-chunks", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=200, help="queries for the latency figures")
    p.add_argument("--pdf-pages", type=int, default=500)
    p.add_argument("--pubmedqa-limit", type=int, default=None, help="first N abstracts only")
    p.add_argument("--meadow-limit", type=int, default=None, help="first N Meadow rows only")
    p.add_argument("--model", help="GGUF for answer quality (default: the embedded model)")
    p.add_argument("--json", help="also write every figure to this JSON file")
    p.add_argument(
        "--gguf-limit", type=int, default=100,
        help="abstracts / Meadow rows for the llama.cpp embedders (0: skip them)",
    )  # fmt: skip
    p.add_argument("--chat-gguf", help="chat GGUF measured as an embedder (default: embedded)")
    p.add_argument(
        "--embedding-gguf", action="append", default=[], help="an embedding GGUF to measure"
    )
    p.add_argument("--query-prefix", default="", help="e.g. 'search_query: ' for nomic-embed")
    p.add_argument("--document-prefix", default="", help="e.g. 'search_document: '")
    args = p.parse_args(argv)

    out: dict = {}
    static = load_embedder(DEFAULT_EMBEDDER)
    static_name = static.identity.split(":", 1)[0]
    slow: dict[str, Embedder] = {}
    if args.gguf_limit > 0:
        chat = str(args.chat_gguf or default_model_path())
        slow["smollm2-chat-meanpool"] = load_embedder(EmbedderSpec("gguf", chat))
        for path in args.embedding_gguf:
            spec = EmbedderSpec("gguf", path, args.query_prefix, args.document_prefix)
            slow[Path(path).stem] = load_embedder(spec)
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        folder = Path(tmp)
        pqa_store, queries, pqa, id_to_pmid = build_pubmedqa(folder, args.pubmedqa_limit)
        suite = run_suite(
            f"PubMedQA PQA-L dev, {pqa['documents']} abstracts", pqa_store, queries,
            {static_name: static},
        )  # fmt: skip
        out["pubmedqa"] = {**pqa, **suite["retrievers"]["bm25"]}
        out["pubmedqa_retrievers"] = suite["retrievers"]
        out["pubmedqa_embed_s"] = suite["embed_s"]
        pmids = [id_to_pmid[target] for _q, target in queries]
        top = {
            pmid: id_to_pmid.get(doc) if doc else None
            for pmid, doc in zip(pmids, suite["top"]["bm25"], strict=True)
        }
        meadow_store, m_queries, meadow = build_meadow(folder, args.meadow_limit)
        suite = run_suite(
            f"Medical Meadow, {meadow['documents']} answers", meadow_store, m_queries,
            {static_name: static},
        )  # fmt: skip
        out["meadow"] = {**meadow, **suite["retrievers"]["bm25"]}
        out["meadow_retrievers"] = suite["retrievers"]
        out["meadow_embed_s"] = suite["embed_s"]
        meadow_store.engine.dispose()
        if slow:
            both = {static_name: static, **slow}
            n = args.gguf_limit
            sub_store, sub_q, _f, _ids = build_pubmedqa(folder, n, "pubmedqa-subset")
            suite = run_suite(f"PubMedQA subset, first {n} abstracts", sub_store, sub_q, both)
            out["pubmedqa_subset"] = {k: v for k, v in suite.items() if k != "top"}
            sub_store.engine.dispose()
            sub_store, sub_q, _f = build_meadow(folder, n, "meadow-subset")
            suite = run_suite(f"Medical Meadow subset, first {n} rows", sub_store, sub_q, both)
            out["meadow_subset"] = {k: v for k, v in suite.items() if k != "top"}
            sub_store.engine.dispose()
            for embedder in slow.values():
                embedder.close()
        if args.scale_chunks > 0:
            _print_scale(out, bench_scale(folder, args.scale_chunks, args.queries, static))
        if args.pdf_pages > 0:
            _print_pdf(out, bench_pdf_import(folder, args.pdf_pages))
        out["peak_rss_mb_before_model"] = peak_rss_mb()
        print(f"peak memory (VmHWM) so far: {out['peak_rss_mb_before_model']:.0f} MB")
        if args.n > 0:
            _print_answers(out, bench_answers(pqa_store, top, args.n, args.model))
        out["peak_rss_mb"] = peak_rss_mb()
        print(f"peak memory (VmHWM): {out['peak_rss_mb']:.0f} MB")
        pqa_store.engine.dispose()
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


def _print_scale(out: dict, scale: dict) -> None:
    out["scale"] = scale
    ours, naive, first = scale["ours"], scale["naive"], scale["ours_first_pass"]
    print(
        f"BM25 latency at {scale['chunks']} passages ({ours['queries']} PubMedQA questions): "
        f"first pass p50 {first['p50_ms']:.1f} ms  p95 {first['p95_ms']:.1f} ms; "
        f"p50 {ours['p50_ms']:.1f} ms  p95 {ours['p95_ms']:.1f} ms (target 50) | naive "
        f"ORDER BY bm25() + highlight every match: p50 {naive['p50_ms']:.1f} ms  "
        f"p95 {naive['p95_ms']:.1f} ms -> {scale['p95_ratio_naive_over_ours']:.1f}x"
    )
    hybrid = scale["hybrid"]
    print(
        f"Hybrid ({scale['hybrid_embedder']}) latency at {scale['chunks']} passages: "
        f"p50 {hybrid['p50_ms']:.1f} ms  p95 {hybrid['p95_ms']:.1f} ms -> "
        f"{scale['p95_ratio_hybrid_over_ours']:.1f}x BM25's p95; embedding all passages took "
        f"{scale['embed_s']:.0f} s"
    )


def _print_pdf(out: dict, pdf: dict) -> None:
    out["pdf_import"] = pdf
    print(
        f"Import of a generated {pdf['pages']}-page PDF ({pdf['bytes'] / 2**20:.1f} MB): "
        f"{pdf['pages_per_s']:.1f} pages/s ({pdf['passages']} passages) vs pypdf bare "
        f"extraction {pdf['bare_extract_pages_per_s']:.1f} pages/s "
        f"(import takes {pdf['import_over_bare_time']:.2f}x the bare extraction)"
    )


def _print_answers(out: dict, answers: dict) -> None:
    out["answers"] = answers
    own = sum(r["retrieved_is_own"] for r in answers["items"])
    print(
        f"PubMedQA accuracy, {answers['model']}, first {answers['n']} items, letter "
        f"scoring: without context {answers['accuracy_without']:.3f}, with the "
        f"retrieved abstract {answers['accuracy_with_retrieved']:.3f} (retrieved = own "
        f"abstract for {own}/{answers['n']})"
    )
