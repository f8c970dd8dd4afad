"""Clinic-server backend vs in-process engine on the same model, in one run.

``python -m bench server_backend [--tokens N] [--repeats R] [--threads T] [--mcq N] [--json F]``

1. Chat: decode tokens/s and time to first token, in-process ``Engine`` vs ``RemoteBackend``
   streaming from ``python -m llama_cpp.server`` on 127.0.0.1 (same GGUF, same threads; a new
   prompt each repeat so neither side reuses a cached prefix). Target: server >= 0.9x.
2. MCQ: letter scoring seconds/question both ways on MedQA dev, plus agreement (same option,
   largest probability difference). llama-cpp-python's server needs ``--logits_all`` to give
   logprobs, which computes vocabulary logits for every prompt token: that is its cost, not
   HTTP's (llama-server and vLLM compute them for the last token only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from desktop.engine import Engine, EngineConfig, SamplingSettings
from desktop.engine.local_server import start_server
from desktop.engine.remote import RemoteBackend, ServerConfig
from desktop.mcq import MCQScorer
from desktop.questions import read_questions
from models.default_model import default_model_path

PROMPT = "Case {i}: explain the pathophysiology, symptoms and treatment of type 2 diabetes."
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eval"
KEY = "bench-key"


def chat_figures(
    path: Path, threads: int, tokens: int, repeats: int, log: Path
) -> dict[str, object]:
    engine = Engine(EngineConfig(str(path), n_ctx=2048, n_threads=threads))
    server = start_server(path, KEY, log, n_threads=threads, n_ctx=2048, logits_all=False)
    remote = RemoteBackend(ServerConfig(url=server.url, api_key=KEY))
    sampling = SamplingSettings(temperature=0.0, max_tokens=tokens, repeat_penalty=1.0, seed=1)
    local_tps, local_ttft, server_tps, server_ttft = [], [], [], []
    try:
        for i in range(repeats):  # interleaved so load drift hits both sides
            messages = [{"role": "user", "content": PROMPT.format(i=i)}]
            a = engine.chat(messages, sampling)
            local_tps.append(a.tokens_per_second)
            local_ttft.append(a.prompt_seconds)
            b = remote.chat(messages, sampling)
            server_tps.append(b.tokens_per_second)
            server_ttft.append(b.prompt_seconds)
    finally:
        remote.close()
        server.stop()
        engine.close()
    return {
        "local_tps": local_tps,
        "server_tps": server_tps,
        "local_ttft_s": local_ttft,
        "server_ttft_s": server_ttft,
        "tps_ratio": statistics.median(server_tps) / statistics.median(local_tps),
        "ttft_ratio": statistics.median(server_ttft) / statistics.median(local_ttft),
        "server_start_s": server.started_s,
    }


def mcq_figures(path: Path, threads: int, n: int, log: Path) -> dict[str, object]:
    questions = read_questions(DATA / "medqa_usmle_dev.jsonl", fmt="medqa").questions[:n]
    engine = Engine(EngineConfig(str(path), n_ctx=1024, n_threads=threads))
    t0 = time.perf_counter()
    local = [MCQScorer(engine).answer(q) for q in questions]
    local_s = (time.perf_counter() - t0) / len(questions)
    engine.close()
    server = start_server(path, KEY, log, n_threads=threads, n_ctx=1024, logits_all=True)
    try:
        remote_backend = RemoteBackend(
            ServerConfig(url=server.url, api_key=KEY, template_gguf=str(path))
        )
        scorer = MCQScorer(remote_backend)
        t0 = time.perf_counter()
        remote = [scorer.answer(q) for q in questions]
        server_s = (time.perf_counter() - t0) / len(questions)
        remote_backend.close()
    finally:
        server.stop()
    same = sum(a.choice == b.choice for a, b in zip(local, remote, strict=True))
    worst = max(
        abs(a.probabilities[k] - b.probabilities[k])
        for a, b in zip(local, remote, strict=True)
        for k in a.probabilities
    )
    mass = max(
        abs((a.label_mass or 0.0) - (b.label_mass or 0.0))
        for a, b in zip(local, remote, strict=True)
    )
    return {
        "n": len(questions),
        "local_s_per_q": local_s,
        "server_s_per_q": server_s,
        "same_choice": same,
        "max_abs_prob_diff": worst,
        "max_label_mass_diff": mass,
        "scoring": sorted({str(r.extra.get("scoring")) for r in remote}),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="same for both sides")
    parser.add_argument("--mcq", type=int, default=40, help="MedQA dev questions (0: skip)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)
    path = default_model_path()
    logs = Path(tempfile.mkdtemp(prefix="bench-server-"))
    chat = chat_figures(path, args.threads, args.tokens, args.repeats, logs / "chat.log")
    figures: dict[str, object] = {"model": path.name, "threads": args.threads, "chat": chat}
    print(f"model: {path.name}, threads={args.threads}, {args.tokens} new tokens, median of "
          f"{args.repeats} (machine shared with other jobs: figures are noisy)")  # fmt: skip
    med = statistics.median
    print(
        f"in-process : {med(chat['local_tps']):7.1f} tok/s, first token {med(chat['local_ttft_s']):.3f} s"
    )  # type: ignore[arg-type]  # noqa: E501
    print(
        f"server     : {med(chat['server_tps']):7.1f} tok/s, first token {med(chat['server_ttft_s']):.3f} s"
    )  # type: ignore[arg-type]  # noqa: E501
    print(f"server / in-process tokens/s: {chat['tps_ratio']:.3f} (target >= 0.90); "
          f"first-token time ratio {chat['ttft_ratio']:.2f}")  # fmt: skip
    if args.mcq > 0:
        mcq = mcq_figures(path, args.threads, args.mcq, logs / "mcq.log")
        figures["mcq"] = mcq
        print(
            f"MCQ letter scoring on {mcq['n']} MedQA dev questions: in-process "
            f"{mcq['local_s_per_q']:.2f} s/q, server {mcq['server_s_per_q']:.2f} s/q "
            f"({mcq['server_s_per_q'] / mcq['local_s_per_q']:.2f}x; server needs --logits_all)"  # type: ignore[operator]
        )
        print(
            f"agreement: same option {mcq['same_choice']}/{mcq['n']}, max |p diff| "
            f"{mcq['max_abs_prob_diff']:.2e}, max label-mass diff {mcq['max_label_mass_diff']:.2e}"
            f", scoring {mcq['scoring']}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0
