"""Fidelity check: does the written GGUF reproduce the HF model?

Loads the GGUF in llama.cpp (llama-cpp-python, ``logits_all=True``) and the HF model in
transformers and compares, on fixed medical text:
- tokenization, token for token (plain text, a corpus with numbers/units/unicode, the chat
  template rendering and a string of every special token);
- next-token logits at every position: max |diff| (float outputs), mean KL(HF || GGUF) and top-1
  agreement. Thresholds depend on the output type and can be overridden.

Memory: the HF model is loaded in its own dtype (a bf16 checkpoint stays bf16: half of an fp32
copy) and computed in fp32 one module at a time — each module's weights are widened just before
it runs and narrowed back after (bf16/f16 -> f32 -> bf16/f16 is exact), so the logits are fp32
logits while the peak is the stored model plus one module in fp32. HF and llama.cpp run one
after the other, never both loaded. The peak RSS of the check is measured and reported.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from convert.report import TokenizationCheck, VerifyReport

MEDICAL_TEXT = (
    "A 58-year-old man with type 2 diabetes mellitus and hypertension presents to the emergency "
    "department with crushing substernal chest pain radiating to the left arm for 45 minutes. "
    "He is diaphoretic; blood pressure is 152/94 mmHg, heart rate 104/min and SpO2 95% on room "
    "air. The ECG shows ST-segment elevation in leads II, III and aVF. High-sensitivity troponin "
    "is elevated. The most likely diagnosis is an acute inferior myocardial infarction, most "
    "often caused by occlusion of the right coronary artery. Immediate management includes "
    "aspirin 325 mg chewed, a P2Y12 inhibitor, anticoagulation with unfractionated heparin and "
    "urgent percutaneous coronary intervention within 90 minutes of first medical contact. "
    "Nitrates should be avoided if right ventricular involvement is suspected, because these "
    "patients are preload dependent and may become profoundly hypotensive. Beta-blockers, "
    "high-intensity statins and ACE inhibitors are started once the patient is stable. "
    "Complications to monitor include ventricular arrhythmias, complete heart block, papillary "
    "muscle rupture with acute mitral regurgitation, and cardiogenic shock."
)

MEDICAL_CORPUS = [
    "Temp 38.7 °C, HbA1c 7.2 %, eGFR 48 mL/min/1.73 m², K⁺ 5.9 mmol/L.",
    "Start metformin 500mg PO BID; titrate to 1000 mg twice daily as tolerated.\n\n",
    "β-blockers (e.g., metoprolol) ↓ mortality post-MI — but avoid in cocaine-induced ischemia!",
    "Dx: community-acquired pneumonia (CURB-65 = 2) → admit; ceftriaxone 1 g IV q24h + azithro.",
    "  Indented\tline with tabs, 1234567890 and URLs like https://example.org/path?q=1  ",
    "Patientin mit Fieber (39,5 °C) und Husten; ¿dolor torácico? 胸痛 🙂",
    "Q: Which nerve is injured in a midshaft humerus fracture?\nA) Radial B) Ulnar C) Median",
]


@dataclass
class Thresholds:
    max_logit_diff: float | None = None  # only checked for float outputs
    min_top1: float | None = None
    max_kl: float | None = None


def default_thresholds(quant: str) -> Thresholds:
    """Sensible pass/fail limits per output type."""
    if quant == "F32":
        return Thresholds(max_logit_diff=0.1, min_top1=0.99, max_kl=1e-4)
    if quant == "F16":
        return Thresholds(max_logit_diff=0.5, min_top1=0.97, max_kl=5e-3)
    if quant == "BF16":
        return Thresholds(max_logit_diff=2.0, min_top1=0.93, max_kl=0.03)
    if quant in ("Q8_0", "Q6_K"):
        return Thresholds(
            min_top1=0.95 if quant == "Q8_0" else 0.92, max_kl=0.03 if quant == "Q8_0" else 0.06
        )
    if quant.startswith("Q5"):
        return Thresholds(min_top1=0.88, max_kl=0.1)
    if quant.startswith("Q4"):
        return Thresholds(min_top1=0.80, max_kl=0.25)
    return Thresholds(min_top1=0.60, max_kl=0.8)


def _first_mismatch(a: list[int], b: list[int]) -> int | None:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def compare_tokenization(label: str, hf_ids: list[int], gg_ids: list[int]) -> TokenizationCheck:
    pos = _first_mismatch(hf_ids, gg_ids)
    if pos is None:
        return TokenizationCheck(label, len(hf_ids), True)
    lo = max(0, pos - 3)
    return TokenizationCheck(
        label, len(hf_ids), False, pos, hf_ids[lo : pos + 5], gg_ids[lo : pos + 5]
    )


def tokenization_texts(tokenizer) -> list[tuple[str, str]]:
    """(label, text) pairs covering plain text, edge cases and special tokens."""
    texts = [("medical text", MEDICAL_TEXT)]
    texts += [(f"corpus[{i}]", t) for i, t in enumerate(MEDICAL_CORPUS)]
    specials = [t for t in tokenizer.all_special_tokens if t]
    added = [t for t in tokenizer.get_added_vocab() if t not in specials]
    markers = specials + added
    if markers:
        words = ["fever", " cough\n", "dyspnea", " 12 mg", "\n\n"]
        mixed = "".join(f"{m}{words[i % len(words)]}" for i, m in enumerate(markers))
        texts.append(("special tokens", mixed))
    if getattr(tokenizer, "chat_template", None):
        messages = [
            {"role": "system", "content": "You are a careful clinical decision-support assistant."},
            {"role": "user", "content": "What is the first-line treatment for anaphylaxis?"},
            {"role": "assistant", "content": "Intramuscular epinephrine 0.5 mg (1 mg/mL)."},
            {"role": "user", "content": "And for a 20 kg child?"},
        ]
        try:
            rendered = tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True
            )
            texts.append(("chat template", rendered))
        except Exception:  # noqa: BLE001 - a template that fails to render is not our concern
            pass
    return texts


def softmax_stats(hf: np.ndarray, gg: np.ndarray) -> tuple[float, float, float]:
    """(max |diff|, mean KL(hf || gg), top-1 agreement) over positions (rows)."""
    hf = hf.astype(np.float64)
    gg = gg.astype(np.float64)
    max_abs = float(np.max(np.abs(hf - gg)))

    def log_softmax(x: np.ndarray) -> np.ndarray:
        x = x - x.max(axis=-1, keepdims=True)
        return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))

    lp, lq = log_softmax(hf), log_softmax(gg)
    kl = float(np.mean(np.sum(np.exp(lp) * (lp - lq), axis=-1)))
    top1 = float(np.mean(hf.argmax(-1) == gg.argmax(-1)))
    return max_abs, kl, top1


NEAR_TIE_GAP = 0.1  # logits: below this the reference itself barely prefers its top-1


def decisive_agreement(
    hf: np.ndarray, gg: np.ndarray, gap: float = NEAR_TIE_GAP
) -> tuple[float, float]:
    """(top-1 agreement where HF's top-2 logit gap >= ``gap``, fraction of near-tie rows).

    At a near tie any rounding (a quantized weight, llama.cpp's 8-bit activations) can swap
    the top two tokens, so raw top-1 agreement mixes converter errors with coin flips.
    """
    top2 = np.sort(hf, axis=-1)[:, -2:]
    decisive = (top2[:, 1] - top2[:, 0]) >= gap
    agree = hf.argmax(-1) == gg.argmax(-1)
    rate = float(agree[decisive].mean()) if decisive.any() else 1.0
    return rate, float(1.0 - decisive.mean())


def gguf_logits(gguf_path: Path, ids: list[int], n_threads: int | None = None) -> np.ndarray:
    from llama_cpp import Llama

    llama = Llama(
        model_path=str(gguf_path),
        n_ctx=max(64, len(ids) + 16),
        n_batch=max(32, len(ids)),
        logits_all=True,
        verbose=False,
        type_k=0,  # F32 KV cache: measure the weights, not the runtime cache rounding
        type_v=0,
        n_threads=n_threads or max(1, os.cpu_count() or 1),
    )
    try:
        llama.eval(ids)
        return np.array(llama.scores[: len(ids)], dtype=np.float32)
    finally:
        llama.close()


_HF_CACHE: dict[tuple[str, float, tuple[int, ...]], np.ndarray] = {}


def hf_logits(hf_dir: Path, ids: list[int]) -> np.ndarray:
    """HF fp32 logits for ``ids``; the last result is cached (same folder, same weights)."""
    weights = sorted(Path(hf_dir).glob("*.safetensors")) or sorted(Path(hf_dir).glob("*.bin"))
    stamp = max((w.stat().st_mtime for w in weights), default=0.0)
    key = (str(Path(hf_dir).resolve()), stamp, tuple(ids))
    if key in _HF_CACHE:
        return _HF_CACHE[key]
    _HF_CACHE.clear()
    _HF_CACHE[key] = _hf_logits_uncached(hf_dir, ids)
    return _HF_CACHE[key]


def upcast_module_by_module(model) -> None:  # noqa: ANN001 - a torch.nn.Module
    """Run every parameter-owning module of ``model`` in fp32, its weights stored as they are.

    Forward pre-hooks widen a module's own parameters to fp32, forward hooks narrow them back,
    so only the running module is held in fp32. Tied weights (one Parameter in two modules)
    are widened and narrowed by each user in turn.
    """
    import torch

    stored = {id(p): p.dtype for p in model.parameters()}

    def widen(module, _args) -> None:  # noqa: ANN001
        for p in module.parameters(recurse=False):
            if p.dtype != torch.float32:
                p.data = p.data.float()

    def narrow(module, _args, _out) -> None:  # noqa: ANN001
        for p in module.parameters(recurse=False):
            if stored[id(p)] != torch.float32:
                p.data = p.data.to(stored[id(p)])

    for module in model.modules():
        if any(True for _ in module.parameters(recurse=False)):
            module.register_forward_pre_hook(widen)
            module.register_forward_hook(narrow)


def _hf_logits_uncached(hf_dir: Path, ids: list[int]) -> np.ndarray:
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(
        str(hf_dir), dtype="auto", local_files_only=True, attn_implementation="eager"
    )
    model.eval()
    if any(p.dtype != torch.float32 for p in model.parameters()):
        upcast_module_by_module(model)
    with torch.inference_mode():
        out = model(torch.tensor([ids])).logits[0].float().numpy()
    del model
    return out


def reset_peak_rss() -> None:
    """Restart the kernel's peak-RSS counter (VmHWM) of this process, where Linux allows it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_bytes() -> int | None:
    """This process's peak RSS since start or the last :func:`reset_peak_rss` (Linux)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def gguf_tokenize(gguf_path: Path, texts: list[str]) -> list[list[int]]:
    from llama_cpp import Llama

    llama = Llama(model_path=str(gguf_path), vocab_only=True, verbose=False)
    try:
        return [llama.tokenize(t.encode("utf-8"), add_bos=True, special=True) for t in texts]
    finally:
        llama.close()


def verify_gguf(
    gguf_path: Path,
    hf_dir: Path,
    quant: str,
    thresholds: Thresholds | None = None,
    max_tokens: int = 256,
    n_threads: int | None = None,
) -> VerifyReport:
    """Compare ``gguf_path`` with the HF model in ``hf_dir``; the report lists any failures."""
    from transformers import AutoTokenizer

    t0 = time.perf_counter()
    reset_peak_rss()
    th = thresholds or default_thresholds(quant)
    tokenizer = AutoTokenizer.from_pretrained(str(hf_dir), local_files_only=True)
    pairs = tokenization_texts(tokenizer)
    gg_all = gguf_tokenize(gguf_path, [t for _, t in pairs])
    checks = []
    for (label, text), gg_ids in zip(pairs, gg_all, strict=True):
        hf_ids = tokenizer(text, add_special_tokens=True)["input_ids"]
        checks.append(compare_tokenization(label, list(hf_ids), list(gg_ids)))
    ids = list(tokenizer(MEDICAL_TEXT, add_special_tokens=True)["input_ids"])[:max_tokens]
    hf = hf_logits(hf_dir, ids)
    gg = gguf_logits(gguf_path, ids, n_threads)
    failures = [
        f"tokenization differs on {c.label} at token {c.first_mismatch}: "
        f"HF {c.hf_tokens} vs GGUF {c.gguf_tokens}"
        for c in checks
        if not c.identical
    ]
    if hf.shape != gg.shape:
        failures.append(f"logit shapes differ: HF {hf.shape} vs GGUF {gg.shape}")
        max_abs, kl, top1 = float("inf"), float("inf"), 0.0
        decisive, near_ties = 0.0, 0.0
    else:
        max_abs, kl, top1 = softmax_stats(hf, gg)
        decisive, near_ties = decisive_agreement(hf, gg)
    is_float = quant in ("F32", "F16", "BF16")
    if is_float and th.max_logit_diff is not None and not max_abs <= th.max_logit_diff:
        failures.append(f"max |logit diff| {max_abs:.4g} > {th.max_logit_diff:g}")
    if th.min_top1 is not None and not top1 >= th.min_top1:
        failures.append(f"top-1 agreement {top1:.2%} < {th.min_top1:.2%}")
    if th.max_kl is not None and not kl <= th.max_kl:
        failures.append(f"mean KL divergence {kl:.4g} > {th.max_kl:g}")
    return VerifyReport(
        n_tokens=len(ids),
        tokenization=checks,
        max_abs_logit_diff=max_abs,
        mean_kl=kl,
        top1_agreement=top1,
        top1_decisive=decisive,
        near_tie_fraction=near_ties,
        thresholds={k: v for k, v in asdict(th).items()},
        failures=failures,
        seconds=time.perf_counter() - t0,
        peak_rss_bytes=peak_rss_bytes(),
    )
