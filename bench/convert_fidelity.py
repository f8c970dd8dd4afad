"""Round-trip fidelity of the default model through our converter, on long medical text.

``python -m bench convert_fidelity [--tokens 2000] [--threads 2] [--workdir DIR]``

Dequantizes the embedded SmolLM2 (Q4_1) to an HF fp32 folder (the reference: exactly the
weights the original GGUF encodes), converts it with ``convert_model`` to F32, F16, Q8_0 and
Q4_K_M, and also quantizes our F32 GGUF to Q8_0 with llama.cpp's own quantizer. Every GGUF
is then run by llama.cpp on PubMedQA abstracts (``../shared/data/eval``, by path) and
compared with HF fp32: top-1 agreement, top-1 agreement where HF's top-2 logit gap >= 0.1,
and mean KL. The original Q4_1 file has zero weight error against the reference, so its row
is the floor set by llama.cpp's quantized arithmetic (8-bit activations in quantized
matmuls); ratios are printed against it, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np

from convert import convert_model
from convert.quantize import quantize_gguf
from convert.verify import decisive_agreement, gguf_logits, hf_logits, softmax_stats

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eval"


def medical_text(n_abstracts: int = 40) -> str:
    """PubMedQA abstracts with their long answers, joined (real clinical-research prose)."""
    items = json.loads((DATA / "pubmedqa_pqal_dev.json").read_text(encoding="utf-8"))
    parts = [" ".join(v["CONTEXTS"]) + " " + v["LONG_ANSWER"] for v in items.values()]
    return "\n\n".join(parts[:n_abstracts])


def same_tensor_data(a: Path, b: Path) -> bool:
    from gguf import GGUFReader

    ta = {t.name: t for t in GGUFReader(a).tensors}
    tb = {t.name: t for t in GGUFReader(b).tensors}
    return ta.keys() == tb.keys() and all(
        ta[n].tensor_type == tb[n].tensor_type
        and np.asarray(ta[n].data).tobytes() == np.asarray(tb[n].data).tobytes()
        for n in ta
    )


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench convert_fidelity", description=__doc__)
    p.add_argument("--tokens", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workdir", help="keep the files here (default: a temporary folder)")
    p.add_argument("--json", help="also write the figures to this JSON file")
    args = p.parse_args(argv)

    from transformers import AutoTokenizer

    from convert.hf_from_gguf import dequantize_gguf_to_hf
    from models.default_model import default_model_path

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="fidelity-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        original = default_model_path()
        hf_dir = work / "hf"
        if not (hf_dir / "config.json").is_file():
            hf_dir.mkdir(exist_ok=True)
            dequantize_gguf_to_hf(original, hf_dir)
        ids = AutoTokenizer.from_pretrained(str(hf_dir))(medical_text())["input_ids"]
        ids = ids[: args.tokens]
        ref = hf_logits(hf_dir, ids)

        files: dict[str, Path] = {}
        for quant in ("F32", "F16", "Q8_0", "Q4_K_M"):
            out = work / f"ours-{quant}.gguf"
            if not out.is_file():
                convert_model(hf_dir, out, quant, verify=False)
            files[f"ours {quant}"] = out
        ref_q8 = work / "llama.cpp-Q8_0.gguf"
        if not ref_q8.is_file():
            quantize_gguf(files["ours F32"], ref_q8, "Q8_0", args.threads)
        files["llama.cpp quantizer Q8_0"] = ref_q8
        files["original Q4_1 (floor)"] = original

        rows: dict[str, dict[str, float]] = {}
        for name, path in files.items():
            gg = gguf_logits(path, ids, args.threads)
            _, kl, top1 = softmax_stats(ref, gg)
            decisive, near = decisive_agreement(ref, gg)
            rows[name] = {"top1": top1, "top1_decisive": decisive, "kl": kl, "near_ties": near}
        identical = same_tensor_data(files["ours Q8_0"], ref_q8)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    floor = rows["original Q4_1 (floor)"]["top1"]
    print(f"SmolLM2-135M round trip vs HF fp32, {len(ids)} tokens of PubMedQA abstracts")
    print(f"near-ties (HF top-2 logit gap < 0.1): {rows['ours F32']['near_ties']:.1%} of positions")
    print(f"{'GGUF':<28} {'top-1':>7} {'top-1 decisive':>15} {'mean KL':>9} {'top-1/floor':>12}")
    for name, r in rows.items():
        print(
            f"{name:<28} {r['top1']:>7.2%} {r['top1_decisive']:>15.2%} {r['kl']:>9.2e} "
            f"{r['top1'] / floor:>12.3f}"
        )
    print(
        f"our Q8_0 tensor data identical to llama.cpp's quantizer: {'yes' if identical else 'NO'}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"tokens": len(ids), "rows": rows, "q8_0_identical": identical}, indent=2)
        )
    return 0
