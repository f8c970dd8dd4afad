"""Peak memory of HF -> GGUF conversion: our streaming writer vs loading the whole model first.

``python -m bench convert_memory [--size-gb 1.1] [--workdir DIR] [--keep]``
Builds a synthetic llama checkpoint (fp32 safetensors, written shard by shard), converts it to
F16 twice in subprocesses — (1) ``convert_model`` (streams one tensor at a time), (2) a baseline
that reads every tensor into RAM and then writes — and reports peak RSS (the child's
VmHWM), wall time and the largest tensor. Target (issue 6): streaming peak <= 1.5 x largest
tensor + 300 MB. A third child converts and runs the default verification (issue 18): its peak
must stay <= 1.5 x the model's size in its own dtype. The big files are deleted afterwards
unless --keep.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

MB = 1024 * 1024
REPO = Path(__file__).resolve().parents[1]

PEAK_RSS = """
def peak_kb():
    # VmHWM is this address space's peak RSS; ru_maxrss can carry the parent's RSS across exec
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

STREAMING_CHILD = (
    PEAK_RSS
    + """
import json, sys, time
from convert import convert_model
t0 = time.perf_counter()
convert_model(sys.argv[1], sys.argv[2], "F16", verify=False, overwrite=True, pre="gpt-2")
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "peak_kb": peak_kb()}))
"""
)

# conversion followed by the default fidelity check (HF in its own dtype, then llama.cpp)
VERIFY_CHILD = (
    PEAK_RSS
    + """
import json, sys, time
from convert import ParityError, convert_model
t0 = time.perf_counter()
try:
    report = convert_model(sys.argv[1], sys.argv[2], "F16", overwrite=True, pre="gpt-2",
                           verify_tokens=128, n_threads=2)
except ParityError as exc:  # random weights: the memory figure is what is measured here
    report = exc.report
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_kb": peak_kb(),
                  "verify_peak_kb": (report.verify.peak_rss_bytes or 0) / 1024,
                  "verify_seconds": report.verify.seconds, "passed": report.passed}))
"""
)

WHOLE_MODEL_CHILD = (
    PEAK_RSS
    + """
import json, sys, time
from pathlib import Path
import gguf
from convert.arch import resolve_architecture
from convert.arch.base import rotary_row_permutation
from convert.gguf_write import load_config, plan_tensors
from convert.provenance import Provenance, add_provenance
from convert.tensor_source import TensorSource
from convert.vocab import add_vocab
t0 = time.perf_counter()
src, out = Path(sys.argv[1]), Path(sys.argv[2])
config = load_config(src)
arch = resolve_architecture(config)
source = TensorSource(src)
# 1) load everything into RAM, 2) convert, 3) write — the simple non-streaming way
loaded = {name: source.read_f32(name) for name in source.names()}
writer = gguf.GGUFWriter(out, arch.gguf_name)
add_provenance(writer, Provenance(name="bench"))
extra = arch.add_hparams(writer, loaded["model.embed_tokens.weight"].shape[0])
add_vocab(writer, src, config, loaded["model.embed_tokens.weight"].shape[0], "gpt-2", arch)
for plan in plan_tensors(source, config, arch, gguf.GGMLQuantizationType.F16, extra):
    data = plan.data if plan.data is not None else loaded.pop(plan.source)
    if plan.permute_heads:
        data = data[rotary_row_permutation(data.shape[0], plan.permute_heads)]
    writer.add_tensor(plan.name, data.astype("float16" if data.ndim == 2 else "float32"))
writer.write_header_to_file()
writer.write_kv_data_to_file()
writer.write_tensors_to_file()
writer.close()
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "peak_kb": peak_kb()}))
"""
)


def write_tokenizer(folder: Path, n_vocab: int) -> None:
    """A byte-level BPE tokenizer.json with ``n_vocab`` entries (enough for conversion)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab = {ch: i for i, ch in enumerate(alphabet)}
    merges = []  # two-byte merges: llama.cpp refuses a BPE vocabulary without any
    for a in alphabet:
        for b in alphabet:
            if len(vocab) >= n_vocab - 1:
                break
            vocab[a + b] = len(vocab)
            merges.append((a, b))
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens(["<|endoftext|>"])
    tok.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"eos_token": "<|endoftext|>", "bos_token": "<|endoftext|>",
                    "tokenizer_class": "PreTrainedTokenizerFast"})  # fmt: skip
    )


def build_model(folder: Path, size_gb: float) -> tuple[int, int]:
    """Write a random fp32 llama checkpoint shard by shard; return (total, largest) bytes."""
    from safetensors.numpy import save_file

    hidden, n_vocab, inter, heads, kv = 2048, 32000, 5632, 16, 4
    per_layer = 4 * (2 * hidden * hidden + 2 * hidden * (hidden // heads * kv) + 3 * hidden * inter)
    layers = max(1, round((size_gb * 1024**3 - 2 * 4 * n_vocab * hidden) / per_layer))
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": n_vocab,
        "hidden_size": hidden, "intermediate_size": inter, "num_hidden_layers": layers,
        "num_attention_heads": heads, "num_key_value_heads": kv, "rms_norm_eps": 1e-5,
        "max_position_embeddings": 4096, "tie_word_embeddings": False, "torch_dtype": "float32",
    }  # fmt: skip
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(config))
    write_tokenizer(folder, n_vocab)
    rng = np.random.default_rng(0)
    hd = hidden // heads

    def rand(*shape: int) -> np.ndarray:
        return rng.standard_normal(shape, dtype=np.float32) * 0.02

    shards: list[dict[str, tuple[int, ...]]] = [{"model.embed_tokens.weight": (n_vocab, hidden)}]
    for i in range(layers):
        p = f"model.layers.{i}."
        shards.append({
            p + "input_layernorm.weight": (hidden,), p + "post_attention_layernorm.weight": (hidden,),
            p + "self_attn.q_proj.weight": (hidden, hidden), p + "self_attn.k_proj.weight": (kv * hd, hidden),
            p + "self_attn.v_proj.weight": (kv * hd, hidden), p + "self_attn.o_proj.weight": (hidden, hidden),
            p + "mlp.gate_proj.weight": (inter, hidden), p + "mlp.up_proj.weight": (inter, hidden),
            p + "mlp.down_proj.weight": (hidden, inter),
        })  # fmt: skip
    shards.append({"model.norm.weight": (hidden,), "lm_head.weight": (n_vocab, hidden)})
    weight_map, total, largest = {}, 0, 0
    for k, shapes in enumerate(shards):
        fname = f"model-{k + 1:05d}-of-{len(shards):05d}.safetensors"
        tensors = {name: rand(*shape) for name, shape in shapes.items()}
        save_file(tensors, folder / fname)
        for name, arr in tensors.items():
            weight_map[name] = fname
            total += arr.nbytes
            largest = max(largest, arr.nbytes)
        del tensors
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    return total, largest


def run_child(code: str, src: Path, out: Path) -> dict[str, float]:
    import psutil

    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(src), str(out)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    polled = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            polled = max(polled, ps.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"conversion child failed:\n{stderr[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_mb"] = result["peak_kb"] / 1024
    result["polled_mb"] = polled / MB
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-gb", type=float, default=1.1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic model and outputs")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="convert_memory_", dir=args.workdir))
    try:
        t0 = time.perf_counter()
        total, largest = build_model(work / "model", args.size_gb)
        print(f"synthetic llama: {total / MB:.0f} MB fp32 on disk, largest tensor "
              f"{largest / MB:.0f} MB (built in {time.perf_counter() - t0:.0f}s)")  # fmt: skip
        stream = run_child(STREAMING_CHILD, work / "model", work / "stream.gguf")
        size_stream = (work / "stream.gguf").stat().st_size
        (work / "stream.gguf").unlink()
        whole = run_child(WHOLE_MODEL_CHILD, work / "model", work / "whole.gguf")
        size_whole = (work / "whole.gguf").stat().st_size
        (work / "whole.gguf").unlink()
        checked = run_child(VERIFY_CHILD, work / "model", work / "verified.gguf")
        limit = 1.5 * largest / MB + 300
        print(f"{'approach':<28}{'peak RSS':>12}{'(polled)':>12}{'time':>9}{'output':>11}")
        for label, r, size in (("streaming (convert_model)", stream, size_stream),
                               ("whole model in RAM", whole, size_whole)):  # fmt: skip
            print(f"{label:<28}{r['peak_mb']:>9.0f} MB{r['polled_mb']:>9.0f} MB"
                  f"{r['seconds']:>8.1f}s{size / MB:>8.0f} MB")  # fmt: skip
        print(f"peak ratio whole/streaming: {whole['peak_mb'] / stream['peak_mb']:.2f}x; "
              f"time ratio: {whole['seconds'] / stream['seconds']:.2f}x")  # fmt: skip
        ok = stream["peak_mb"] <= limit
        print(f"target: streaming peak {stream['peak_mb']:.0f} MB <= 1.5 x largest tensor + 300 MB "
              f"= {limit:.0f} MB -> {'PASS' if ok else 'FAIL'}")  # fmt: skip
        model_mb = total / MB  # the checkpoint's own dtype (fp32 here)
        ratio = checked["peak_mb"] / model_mb
        print(f"conversion + verification: peak {checked['peak_mb']:.0f} MB "
              f"(verification alone {checked['verify_peak_kb'] / 1024:.0f} MB, "
              f"{checked['verify_seconds']:.0f}s, parity {'passed' if checked['passed'] else 'FAILED'})"
              f" = {ratio:.2f} x the model's {model_mb:.0f} MB -> target <= 1.5x: "
              f"{'PASS' if ratio <= 1.5 else 'FAIL'}")  # fmt: skip
        return 0 if ok and ratio <= 1.5 else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
