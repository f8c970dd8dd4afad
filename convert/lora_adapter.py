"""Export a peft LoRA adapter as a llama.cpp LoRA GGUF, to apply to an installed base model.

``python -m convert lora ADAPTER_DIR --base BASE -o adapter.gguf`` reads ``adapter_config.json``
and ``adapter_model.safetensors`` (what ``python -m training.finetune`` writes) and maps every
adapted module to its GGUF tensor with the *same* plan the converter uses for the base
(:func:`convert.gguf_write.plan_tensor`: the architecture registry, gguf's name map and the
architecture's tensor rule). A base transform is affine, ``W' = P·W + c`` (``P`` the llama
rotary row permutation of Q/K, ``c`` Gemma's norm offset, which no LoRA touches), so the delta
``B·A`` becomes ``P·B·A``: ``lora_b`` gets the base rows' permutation, ``lora_a`` is unchanged.

llama.cpp's format: ``general.type = adapter``, ``adapter.type = lora``, ``adapter.lora.alpha``,
tensors ``<base tensor>.lora_a`` (ggml ne ``[n_in, r]``, i.e. peft's ``lora_A`` ``(r, n_in)``)
and ``<base tensor>.lora_b`` (ne ``[r, n_out]``, peft's ``lora_B`` ``(n_out, r)``); it scales
the product by ``alpha / r`` (r read from ``lora_b``), as peft does. What llama.cpp cannot
reproduce is refused: DoRA, rank-stabilised scaling, per-module alphas, ``modules_to_save``,
trained biases, embedding LoRA, base-mutating initialisations, unknown modules.

The base (HF folder or GGUF) also gives the record of which weights the adapter belongs to
(:class:`models.adapters.BaseRecord`); the app attaches the adapter only to that base.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gguf
import numpy as np

from common.tasks import CancelToken
from convert.arch import Architecture, registered, resolve_architecture
from convert.arch.base import rotary_row_permutation
from convert.errors import ConvertCancelled, ConvertError, ModelSourceError
from convert.gguf_write import TensorPlan, load_config, plan_tensor, plan_tensors
from convert.tensor_source import TensorSource
from models.adapters import (
    ADAPTER_KEY,
    ADAPTER_TEMPLATE_KEY,
    BaseRecord,
    base_record_for_gguf,
    gguf_matrix_shapes,
)
from models.checksum import sha256_file
from models.fingerprint import shapes_fingerprint, weights_fingerprint
from models.gguf_bounds import check_bounds

Q = gguf.GGMLQuantizationType
ADAPTER_TYPES = {"F32": Q.F32, "F16": Q.F16}
_PREFIX = "base_model.model."
_LORA_KEY = re.compile(r"^(?P<module>.+)\.lora_(?P<part>[AB])\.weight$")
# peft options llama.cpp's plain "x + alpha/r * B(A(x))" cannot express, and why.
_REFUSED_FLAGS = {
    "use_dora": "DoRA (weight-decomposed LoRA) needs a magnitude vector llama.cpp does not apply",
    "use_rslora": "rank-stabilised LoRA scales by alpha/sqrt(r); llama.cpp scales by alpha/r",
    "lora_bias": "LoRA with a trained bias on lora_B is not supported by llama.cpp",
    "fan_in_fan_out": "fan_in_fan_out (GPT-2 Conv1D layers) is not an architecture we convert",
    "use_qalora": "QA-LoRA pools the input; llama.cpp applies plain LoRA",
}
_REFUSED_SETTINGS = (
    "modules_to_save", "trainable_token_indices", "layer_replication", "target_parameters",
    "alora_invocation_tokens", "use_bdlora", "velora_config", "monteclora_config",
    "kasa_config", "arrow_config", "megatron_config",
)  # fmt: skip
# initialisations that change the base weights themselves (unless converted back on save)
_BASE_CHANGING_INIT = ("pissa", "olora", "corda", "loftq")


class UnsupportedAdapterError(ConvertError):
    """The adapter uses something a llama.cpp LoRA GGUF cannot reproduce; nothing written."""


@dataclass
class LoraExportReport:
    adapter_dir: str
    out_path: str
    architecture: str
    n_modules: int
    rank: int
    alpha: float
    out_type: str
    base: BaseRecord
    permuted: list[str] = field(default_factory=list)  # GGUF tensors whose lora_b was permuted
    chat_template: bool = False  # the training template travels with the adapter
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.out_path}: LoRA r={self.rank} alpha={self.alpha:g} on {self.n_modules} "
            f"{self.architecture} tensors ({self.out_type}; {len(self.permuted)} with rotary "
            f"row order), for base {self.base.name or '?'}, in {self.seconds:.1f} s"
        )


# -- the adapter ----------------------------------------------------------------------------
def read_adapter_config(adapter_dir: Path) -> dict[str, Any]:
    """``adapter_config.json``, refusing what cannot become a llama.cpp LoRA."""
    path = adapter_dir / "adapter_config.json"
    if not path.is_file():
        raise ModelSourceError(f"{adapter_dir}: no adapter_config.json — not a peft adapter.")
    try:
        cfg = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelSourceError(f"{path}: not valid JSON ({exc}).") from exc
    if not isinstance(cfg, dict):
        raise ModelSourceError(f"{path}: not a JSON object.")
    if str(cfg.get("peft_type", "LORA")).upper() != "LORA":
        raise UnsupportedAdapterError(
            f"{adapter_dir.name} is a {cfg.get('peft_type')} adapter; only LoRA can be exported."
        )
    for key, why in _REFUSED_FLAGS.items():
        if cfg.get(key):
            raise UnsupportedAdapterError(f"{adapter_dir.name} uses {key}: {why}.")
    for key in _REFUSED_SETTINGS:
        if cfg.get(key):
            raise UnsupportedAdapterError(
                f"{adapter_dir.name} sets {key}={cfg[key]!r}; llama.cpp LoRA adapters hold only "
                "low-rank deltas of existing weights, so this cannot be exported. Merge the "
                "adapter (python -m training.merge) and convert the merged model instead."
            )
    if str(cfg.get("bias", "none")) != "none":
        raise UnsupportedAdapterError(
            f"{adapter_dir.name} trains biases (bias={cfg['bias']!r}); llama.cpp LoRA adapters "
            "cannot carry them. Merge the adapter instead."
        )
    init = str(cfg.get("init_lora_weights", True)).lower()
    if init.startswith(_BASE_CHANGING_INIT):
        raise UnsupportedAdapterError(
            f"{adapter_dir.name} was initialised with {init}, which changes the base weights; "
            "save it with peft's path_initial_model_for_weight_conversion or merge it instead."
        )
    alpha = float(cfg.get("lora_alpha") or 0)
    if alpha <= 0:
        raise UnsupportedAdapterError(f"{adapter_dir.name}: lora_alpha must be positive.")
    if any(float(v) != alpha for v in (cfg.get("alpha_pattern") or {}).values()):
        raise UnsupportedAdapterError(
            f"{adapter_dir.name} has per-module alphas (alpha_pattern); a llama.cpp adapter has "
            "one alpha."
        )
    return cfg


@dataclass(frozen=True)
class LoraPair:
    module: str  # HF module name, e.g. model.layers.0.self_attn.q_proj
    a_key: str
    b_key: str


def adapter_pairs(source: TensorSource, adapter_dir: Path) -> list[LoraPair]:
    """The (lora_A, lora_B) tensors of every adapted module; anything else is refused."""
    parts: dict[str, dict[str, str]] = {}
    for key in source.names():
        name = key.removeprefix(_PREFIX)
        match = _LORA_KEY.match(name)
        if match is None:
            if "lora_magnitude_vector" in name:
                why = "a DoRA magnitude vector"
            elif "lora_embedding_" in name:
                why = "a LoRA on an embedding layer (not supported here)"
            else:
                why = "not a LoRA weight (modules_to_save or another method?)"
            raise UnsupportedAdapterError(
                f"{adapter_dir.name}: tensor {key!r} is {why}; it cannot go into a llama.cpp "
                "LoRA adapter."
            )
        parts.setdefault(match["module"], {})[match["part"]] = key
    pairs = []
    for module, ab in sorted(parts.items()):
        if set(ab) != {"A", "B"}:
            raise ModelSourceError(f"{adapter_dir.name}: module {module} lacks lora_A or lora_B.")
        pairs.append(LoraPair(module, ab["A"], ab["B"]))
    if not pairs:
        raise ModelSourceError(f"{adapter_dir.name}: the adapter holds no LoRA weights.")
    return pairs


def training_chat_template(adapter_dir: Path) -> str | None:
    """The chat template the adapter was trained with (saved with its tokenizer), if any."""
    jinja = adapter_dir / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    config = adapter_dir / "tokenizer_config.json"
    try:
        template = json.loads(config.read_text(encoding="utf-8")).get("chat_template")
    except (OSError, ValueError, AttributeError):
        return None
    return template if isinstance(template, str) and template else None


# -- the base -------------------------------------------------------------------------------
@dataclass
class BaseModel:
    """What the export needs of the base: architecture, name map, weight shapes, identity."""

    arch: Architecture
    tmap: gguf.TensorNameMap
    shapes: dict[str, tuple[int, ...]]  # GGUF name -> numpy (row-major) shape
    record: BaseRecord
    skip: set[str] = field(default_factory=set)  # HF tensors the base conversion leaves out


def _base_from_hf(base_dir: Path) -> BaseModel:
    config = load_config(base_dir)
    arch = resolve_architecture(config)
    source = TensorSource(base_dir)
    plans = plan_tensors(source, config, arch, Q.F32, {})
    shapes = {p.name: tuple(p.shape) for p in plans}
    record = BaseRecord(
        architecture=arch.gguf_name,
        shapes_sha256=shapes_fingerprint(
            arch.gguf_name, {n: tuple(reversed(s)) for n, s in shapes.items()}
        ),
        name=base_dir.resolve().name,
        model_fingerprint=weights_fingerprint(base_dir),
    )
    skip = {n for n in source.names() if arch.skip_tensor(n)}
    tmap = gguf.get_tensor_name_map(arch.gguf_arch, arch.n_layers)
    return BaseModel(arch, tmap, shapes, record, skip)


def _base_from_gguf(path: Path) -> BaseModel:
    record = base_record_for_gguf(path)
    classes = [c for c in registered() if gguf.MODEL_ARCH_NAMES[c.gguf_arch] == record.architecture]
    if not classes:
        known = sorted({gguf.MODEL_ARCH_NAMES[c.gguf_arch] for c in registered()})
        raise ConvertError(
            f"{path.name} is a {record.architecture!r} model; LoRA export supports the "
            f"converter's architectures: {', '.join(known)}."
        )
    numbers = check_bounds(path).numbers

    def number(key: str) -> int | None:
        value = numbers.get(f"{record.architecture}.{key}")
        return None if value is None else int(value)

    n_heads = number("attention.head_count")
    n_layers = number("block_count")
    n_embd = number("embedding_length")
    if not (n_heads and n_layers and n_embd):
        raise ModelSourceError(f"{path.name}: head count, block count or width missing.")
    # the hyper-parameters the tensor rules read (rotary permutation: heads of Q and of K)
    config = {
        "architectures": [classes[0].hf_classes[0]],
        "num_attention_heads": n_heads,
        "num_key_value_heads": number("attention.head_count_kv") or n_heads,
        "num_hidden_layers": n_layers,
        "hidden_size": n_embd,
    }
    if (head_dim := number("attention.key_length")) is not None:
        config["head_dim"] = head_dim
    arch = classes[0](config)  # same-GGUF-arch classes share tensor rules (Mistral = Llama)
    shapes = {n: tuple(reversed(s)) for n, s in gguf_matrix_shapes(path).items()}
    tmap = gguf.get_tensor_name_map(arch.gguf_arch, n_layers)
    return BaseModel(arch, tmap, shapes, record)


def load_base(base: str | Path) -> BaseModel:
    """The base model an adapter is exported against: an HF folder or a GGUF file."""
    path = Path(base).expanduser()
    if path.is_dir():
        return _base_from_hf(path)
    if path.is_file():
        return _base_from_gguf(path)
    raise ModelSourceError(f"{path}: no such base model (give its HF folder or GGUF file).")


def _plan(base: BaseModel, pair: LoraPair, shape: tuple[int, int]) -> TensorPlan:
    """The base tensor ``pair`` changes, with the same plan the base conversion uses."""
    hf_name = pair.module + ".weight"
    where = f"adapter module {pair.module}"
    if hf_name in base.skip:
        raise UnsupportedAdapterError(
            f"{where} adapts a tensor the base GGUF does not hold (e.g. a tied lm_head)."
        )
    try:
        plan = plan_tensor(base.arch, base.tmap, hf_name, shape, Q.F32)
    except ModelSourceError as exc:
        raise UnsupportedAdapterError(
            f"{where} has no GGUF tensor for {base.arch.gguf_name} models; the adapter does not "
            "target this architecture's known layers."
        ) from exc
    got = base.shapes.get(plan.name)
    if got is None:
        raise UnsupportedAdapterError(f"{where}: the base model has no tensor {plan.name}.")
    if tuple(got) != shape:
        raise UnsupportedAdapterError(
            f"{where} changes a {list(shape)} weight but {plan.name} of the base is {list(got)}: "
            "the adapter was trained on another model."
        )
    return plan


# -- export ---------------------------------------------------------------------------------
def export_lora_adapter(
    adapter_dir: str | Path,
    base: str | Path,
    out_path: str | Path,
    out_type: str = "F16",
    *,
    name: str | None = None,
    overwrite: bool = False,
    cancel: CancelToken | None = None,
) -> LoraExportReport:
    """Write ``adapter_dir`` (peft LoRA) as a llama.cpp LoRA GGUF for ``base`` at ``out_path``."""
    t0 = time.perf_counter()
    adapter_dir, out = Path(adapter_dir).expanduser(), Path(out_path).expanduser()
    out_type = out_type.upper()
    if out_type not in ADAPTER_TYPES:
        raise ConvertError(f"adapter type must be one of {', '.join(ADAPTER_TYPES)}")
    if out.exists() and not overwrite:
        raise ConvertError(f"{out} already exists; pass overwrite=True / --force to replace it.")
    if not out.parent.is_dir():
        raise ConvertError(f"output folder {out.parent} does not exist.")
    cfg = read_adapter_config(adapter_dir)
    weights = adapter_dir / "adapter_model.safetensors"
    if not weights.is_file():
        raise ModelSourceError(
            f"{adapter_dir}: no adapter_model.safetensors (older .bin adapters: load and save "
            "them again with peft to get safetensors)."
        )
    source = TensorSource.from_file(weights)
    pairs = adapter_pairs(source, adapter_dir)
    model = load_base(base)
    alpha = float(cfg["lora_alpha"])
    qtype = ADAPTER_TYPES[out_type]
    dtype = np.float32 if qtype == Q.F32 else np.float16

    tensors: list[tuple[str, np.ndarray]] = []
    permuted: list[str] = []
    ranks = set()
    for pair in pairs:
        if cancel is not None and cancel.cancelled:
            raise ConvertCancelled("export cancelled")
        a, b = source.read_f32(pair.a_key), source.read_f32(pair.b_key)
        if a.ndim != 2 or b.ndim != 2 or a.shape[0] != b.shape[1]:
            raise ModelSourceError(
                f"{pair.module}: lora_A {list(a.shape)} and lora_B {list(b.shape)} do not pair."
            )
        plan = _plan(model, pair, (b.shape[0], a.shape[1]))
        if plan.permute_heads:
            # the base rows were reordered for llama.cpp's rotary layout: so are the delta's
            b = b[rotary_row_permutation(b.shape[0], plan.permute_heads)]
            permuted.append(plan.name)
        tensors.append((f"{plan.name}.lora_a", a.astype(dtype)))
        tensors.append((f"{plan.name}.lora_b", np.ascontiguousarray(b).astype(dtype)))
        ranks.add(a.shape[0])

    title = name or adapter_dir.resolve().name
    if title == "adapter":  # training writes RUN/adapter: the run's name says more
        title = adapter_dir.resolve().parent.name
    record = {
        "base": model.record.to_dict(),
        "lora": {
            "r": sorted(ranks),
            "alpha": alpha,
            "target_modules": cfg.get("target_modules"),
            "adapter_sha256": sha256_file(weights),
            "base_model_name_or_path": cfg.get("base_model_name_or_path"),
        },
    }
    template = training_chat_template(adapter_dir)
    part = out.with_name(out.name + ".part")
    writer = gguf.GGUFWriter(part, model.arch.gguf_name)
    try:
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
        writer.add_name(title)
        writer.add_string(ADAPTER_KEY, json.dumps(record, sort_keys=True))
        if template:  # the app renders prompts with it while the adapter is applied
            writer.add_string(ADAPTER_TEMPLATE_KEY, template)
        for tname, data in tensors:
            writer.add_tensor(tname, data)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
    except BaseException:
        writer.close()
        part.unlink(missing_ok=True)
        raise
    writer.close()
    part.replace(out)
    return LoraExportReport(
        adapter_dir=str(adapter_dir),
        out_path=str(out),
        architecture=model.arch.gguf_name,
        n_modules=len(pairs),
        rank=max(ranks),
        alpha=alpha,
        out_type=out_type,
        base=model.record,
        permuted=permuted,
        chat_template=template is not None,
        seconds=time.perf_counter() - t0,
    )
