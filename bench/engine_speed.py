"""Generation speed: our engine vs raw llama-cpp-python vs HF transformers fp32, one run.

``python -m bench engine_speed [--tokens N] [--repeats R] [--skip-hf] [--skip-threads]``
Targets (issue 2): engine >= 6x HF transformers, and within 10% of raw llama-cpp-python.
Targets (issue 13): the default thread count reaches >= 80% of the best thread count, idle and
with one competing CPU-bound process (started and stopped here), in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

from desktop.engine import Engine, EngineConfig, SamplingSettings, default_threads
from desktop.engine.threads import usable_cpus
from models.default_model import default_model_path

PROMPT = "Explain the pathophysiology, symptoms and treatment of type 2 diabetes mellitus."


def raw_llama_tps(llama, tokens: list[int], n: int) -> float:
    """Raw llama-cpp-python streaming completion of the same prompt tokens."""
    llama.reset()
    count = 0
    t_first = 0.0
    for _chunk in llama.create_completion(
        prompt=tokens, max_tokens=n, temperature=0.0, stream=True, repeat_penalty=1.0
    ):
        count += 1
        if count == 1:
            t_first = time.perf_counter()
    elapsed = time.perf_counter() - t_first
    return (count - 1) / elapsed


def engine_tps(engine: Engine, n: int) -> float:
    engine.llama.reset()
    result = engine.chat(
        [{"role": "user", "content": PROMPT}],
        SamplingSettings(temperature=0.0, max_tokens=n, repeat_penalty=1.0),
    )
    return result.tokens_per_second


def hf_tps(path: str, prompt_ids: list[int], n: int, threads: int) -> float:
    import torch
    from transformers import AutoModelForCausalLM

    torch.set_num_threads(threads)
    model = AutoModelForCausalLM.from_pretrained(
        str(path.parent), gguf_file=path.name, dtype=torch.float32
    )
    model.eval()
    ids = torch.tensor([prompt_ids])
    with torch.inference_mode():
        model.generate(ids, max_new_tokens=4, min_new_tokens=4, do_sample=False)  # warm-up
        t0 = time.perf_counter()
        out = model.generate(ids, max_new_tokens=n, min_new_tokens=n, do_sample=False)
        elapsed = time.perf_counter() - t0
    return (out.shape[1] - ids.shape[1]) / elapsed


@contextlib.contextmanager
def competing_process() -> Iterator[subprocess.Popen[bytes]]:
    """One CPU-bound process (a busy loop) for the duration of the block."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)  # let the scheduler see it
        yield proc
    finally:
        proc.kill()
        proc.wait()


def thread_rows(path: str, tokens: int, repeats: int) -> int:
    """Decode speed per thread count, idle and under one competing process; default vs best."""
    candidates = list(range(1, len(usable_cpus()) + 1))
    default = default_threads()
    engines = {
        n: Engine(EngineConfig(model_path=path, n_ctx=1024, n_threads=n)) for n in candidates
    }
    table: dict[str, dict[int, float]] = {}
    try:
        for label in ("idle", "one busy process"):
            load = competing_process() if label != "idle" else contextlib.nullcontext()
            with load:
                runs: dict[int, list[float]] = {n: [] for n in candidates}
                for _ in range(repeats):  # interleaved: load drift hits every count alike
                    for n in candidates:
                        runs[n].append(engine_tps(engines[n], tokens))
            table[label] = {n: statistics.median(v) for n, v in runs.items()}
    finally:
        for engine in engines.values():
            engine.close()
    print(f"\nthreads (default here: {default}; {len(candidates)} usable CPUs), median tok/s:")
    print("condition          " + "".join(f"{n:>8}" for n in candidates) + "  default/best")
    for label, speeds in table.items():
        best = max(speeds.values())
        ratio = speeds[default] / best if best > 0 else 0.0
        cells = "".join(f"{speeds[n]:8.1f}" for n in candidates)
        print(f"{label:<18} {cells}  {ratio:9.2f}  (target >= 0.80)")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=default_threads())
    parser.add_argument("--skip-hf", action="store_true")
    parser.add_argument("--skip-threads", action="store_true", help="no idle/under-load rows")
    parser.add_argument("--thread-tokens", type=int, default=64)
    args = parser.parse_args(argv)
    path = default_model_path()
    engine = Engine(EngineConfig(model_path=str(path), n_ctx=2048, n_threads=args.threads))
    tokens = engine.count_chat_tokens([{"role": "user", "content": PROMPT}])
    # Interleave runs so drift in machine load hits both sides equally.
    raw, ours = [], []
    for _ in range(args.repeats):
        raw.append(raw_llama_tps(engine.llama, tokens, args.tokens))
        ours.append(engine_tps(engine, args.tokens))
    raw_med, ours_med = statistics.median(raw), statistics.median(ours)
    print(
        f"model: {path.name}, threads={args.threads}, {args.tokens} new tokens, "
        f"{args.repeats} repeats (median)"
    )
    print(f"raw llama-cpp-python : {raw_med:7.1f} tok/s  {[round(x, 1) for x in raw]}")
    print(f"engine               : {ours_med:7.1f} tok/s  {[round(x, 1) for x in ours]}")
    print(f"engine / raw         : {ours_med / raw_med:7.3f}  (target >= 0.90)")
    if not args.skip_hf:
        engine.close()
        hf = hf_tps(path, tokens, args.tokens, args.threads)
        print(f"HF transformers fp32 : {hf:7.1f} tok/s")
        print(f"engine / HF          : {ours_med / hf:7.2f}x (target >= 6x)")
    if not args.skip_threads:
        thread_rows(str(path), args.thread_tokens, args.repeats)
    return 0
