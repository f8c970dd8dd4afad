"""How fast Stop takes effect: cancel-to-end latency vs one token's decode time, in one run.

``python -m bench cancel_latency [--repeats R] [--threads N] [--batch B] [--long-prompt-words W]``

The engine checks its cancel token after every generated token and between prompt batches, so
cancelling should cost at most about one token (while generating) or one prompt batch (while
reading a long prompt). Three cases are timed from ``cancel()`` to the stream's end:
the consumer's own thread (the 5th piece), another thread (mid-generation) and another thread
while a long prompt is still being processed. Each is printed as seconds and as a ratio to the
median per-token decode time (and per-batch prompt time) measured in the same run. The tests
assert the behaviour (no token after the cancel); this measures the time.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

from desktop.engine import CancelToken, Engine, EngineConfig, SamplingSettings, default_threads
from models.default_model import default_model_path

QUESTION = [{"role": "user", "content": "Write a long essay on the management of sepsis."}]
SAMPLING = SamplingSettings(temperature=0.8, max_tokens=400, seed=3)


def _token_seconds(engine: Engine) -> float:
    """Median decode time per token of a plain (uncancelled) stream."""
    result = engine.chat(QUESTION, SamplingSettings(temperature=0.0, max_tokens=64, seed=1))
    return 1.0 / result.tokens_per_second


def _batch_seconds(engine: Engine, prompt: list[dict[str, str]]) -> tuple[float, int]:
    """Seconds per prompt batch for ``prompt`` (cold cache), and its token count."""
    engine.llama.reset()
    result = engine.chat(prompt, SamplingSettings(temperature=0.0, max_tokens=1))
    n = result.prompt_tokens
    batches = max(1, -(-n // engine.config.n_batch))
    return result.prompt_seconds / batches, n


def same_thread(engine: Engine) -> float:
    cancel = CancelToken()
    stream = engine.stream_chat(QUESTION, SAMPLING, cancel)
    t_cancel = 0.0
    for seen, _event in enumerate(stream, start=1):
        if seen == 5:
            t_cancel = time.perf_counter()
            cancel.cancel()
    return time.perf_counter() - t_cancel


def other_thread(engine: Engine, prompt: list[dict[str, str]], after_pieces: int) -> float:
    """Cancel from this thread once ``after_pieces`` pieces arrived (0: during the prompt)."""
    cancel = CancelToken()
    ready = threading.Event()
    ended: list[float] = []

    def consume() -> None:
        for count, _event in enumerate(engine.stream_chat(prompt, SAMPLING, cancel), start=1):
            if count == after_pieces:
                ready.set()
        ended.append(time.perf_counter())

    engine.llama.reset()  # a cold cache: the prompt is processed in full
    thread = threading.Thread(target=consume)
    thread.start()
    if after_pieces:
        ready.wait(300)
    else:  # wait until the first prompt batch is in: the prompt is being read
        while engine.llama.n_tokens < engine.config.n_batch and thread.is_alive():
            time.sleep(0.001)
    t_cancel = time.perf_counter()
    cancel.cancel()
    thread.join(300)
    return ended[0] - t_cancel


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cancel_latency", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=default_threads())
    parser.add_argument("--batch", type=int, default=512, help="prompt batch (n_batch)")
    parser.add_argument("--long-prompt-words", type=int, default=600)
    args = parser.parse_args(argv)
    path = default_model_path()
    engine = Engine(
        EngineConfig(model_path=str(path), n_ctx=4096, n_threads=args.threads, n_batch=args.batch)
    )
    long_prompt = [
        {
            "role": "user",
            "content": "Summarise: " + "fever cough dyspnoea " * (args.long_prompt_words // 3),
        }
    ]
    try:
        token_s = statistics.median(_token_seconds(engine) for _ in range(args.repeats))
        batch_s, n_prompt = _batch_seconds(engine, long_prompt)
        rows = {
            "same thread, mid-generation": [same_thread(engine) for _ in range(args.repeats)],
            "other thread, mid-generation": [
                other_thread(engine, QUESTION, 5) for _ in range(args.repeats)
            ],
            f"other thread, reading a {n_prompt}-token prompt": [
                other_thread(engine, long_prompt, 0) for _ in range(args.repeats)
            ],
        }
    finally:
        engine.close()
    print(f"model {path.name}, threads={args.threads}, {args.repeats} repeats (median)")
    print(f"baseline: one token {token_s * 1000:.1f} ms, one prompt batch {batch_s * 1000:.1f} ms")
    for name, values in rows.items():
        med = statistics.median(values)
        unit, base = ("batch", batch_s) if "prompt" in name else ("token", token_s)
        print(
            f"cancel -> end, {name:<40} {med * 1000:8.1f} ms = {med / base:5.2f} x one {unit}"
            f"   (max {max(values) * 1000:.1f} ms)"
        )
    return 0
