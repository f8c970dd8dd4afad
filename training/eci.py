"""ECI ("Extended Classification Integration", LlamaCare): a classification head trained jointly.

The head is a linear layer over the final hidden state (after the model's final norm) of the LAST
PROMPT TOKEN -- the same vector llama.cpp returns in embedding mode with last-token pooling, so the
exported head can be applied on-device to a GGUF (see :mod:`training.eci_apply`).
Joint loss: ``(1 - w) * LM + w * CE``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from training.data import read_records
from training.encoding import adds_bos, tokenize_text
from training.errors import ConfigError, DataFormatError
from training.losses import response_loss_sum
from training.templates import render_prompt

HEAD_FILE = "eci_head.safetensors"
META_FILE = "eci_head.json"
PUBMEDQA_LABELS = ("yes", "no", "maybe")
SHARED_EVAL_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "eval"
PUBMEDQA_EVAL_FILE = SHARED_EVAL_DIR / "pubmedqa_pqal_dev.json"
PUBMEDQA_INSTRUCTION = "Read the abstract and answer the research question with yes, no or maybe."
INPUT_FORMAT = "Question: {question}\n\nAbstract: {context}"


@dataclass(frozen=True)
class LabelledExample:
    question: str
    context: str
    label: str
    where: str = ""


@dataclass
class ECIPromptFormat:
    """Everything needed to rebuild the exact prompt the head was trained on."""

    template: str
    instruction: str
    input_format: str
    prompt_format: str  # rendered template with {question} and {context} placeholders
    add_bos: bool
    max_prompt_tokens: int

    def render(self, question: str, context: str) -> str:
        # Fill context last so braces in the question cannot be mistaken for the placeholder.
        marker = "\x00CTX\x00"
        text = self.prompt_format.replace("{context}", marker).replace("{question}", question)
        return text.replace(marker, context)


def make_prompt_format(
    tokenizer: Any, template: str, max_prompt_tokens: int, instruction: str = PUBMEDQA_INSTRUCTION
) -> ECIPromptFormat:
    """Render the template once with placeholders (they survive the chat template verbatim)."""
    rendered = render_prompt(template, instruction, INPUT_FORMAT, tokenizer)
    bos = tokenizer.bos_token
    return ECIPromptFormat(
        template=template,
        instruction=instruction,
        input_format=INPUT_FORMAT,
        prompt_format=rendered,
        add_bos=adds_bos(tokenizer) and not (bos and rendered.startswith(bos)),
        max_prompt_tokens=max_prompt_tokens,
    )


def load_labelled(
    path: str | Path, labels: Sequence[str] = PUBMEDQA_LABELS
) -> list[LabelledExample]:
    """Read labelled data: PubMedQA (dict PMID -> {QUESTION, CONTEXTS, final_decision}) or
    JSON/JSONL records ``{question, context, label}``. Errors name file and record."""
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(f"{path}: labelled data file not found")
    text = path.read_text(encoding="utf-8")
    out: list[LabelledExample] = []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
        for key, rec in data.items():
            where = f"{path}: record {key}"
            q, ctx, lab = rec.get("QUESTION"), rec.get("CONTEXTS"), rec.get("final_decision")
            if not isinstance(q, str) or not q.strip():
                raise DataFormatError(f"{where}: missing or empty 'QUESTION'")
            if isinstance(ctx, list) and all(isinstance(c, str) for c in ctx):
                ctx = " ".join(ctx)
            if not isinstance(ctx, str):
                raise DataFormatError(f"{where}: 'CONTEXTS' must be a list of strings")
            out.append(LabelledExample(q.strip(), ctx.strip(), _label(where, lab, labels), where))
    else:
        for where, rec in read_records(path):
            q = rec.get("question", rec.get("text"))
            if not isinstance(q, str) or not q.strip():
                raise DataFormatError(f"{where}: missing or empty 'question'")
            ctx = rec.get("context", "")
            if not isinstance(ctx, str):
                raise DataFormatError(f"{where}: 'context' must be a string")
            out.append(
                LabelledExample(
                    q.strip(), ctx.strip(), _label(where, rec.get("label"), labels), where
                )
            )
    if not out:
        raise DataFormatError(f"{path}: contains no labelled records")
    return out


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def holdout_files(given: list[str] | None) -> list[Path]:
    """Files the head will be evaluated on (default: the PubMedQA file ``--bench pubmedqa``
    scores, when it is present)."""
    if given:
        return [Path(p) for p in given]
    return [PUBMEDQA_EVAL_FILE] if PUBMEDQA_EVAL_FILE.is_file() else []


def check_disjoint(
    items: Sequence[LabelledExample], source: str | Path, holdout: Sequence[Path]
) -> None:
    """Refuse head-training data that shares a question with an evaluation file."""
    for path in holdout:
        if Path(path).resolve() == Path(source).resolve():
            overlap = len(items)
        else:
            held = {_normalise(x.question) for x in load_labelled(path)}
            overlap = sum(_normalise(x.question) in held for x in items)
        if overlap:
            raise ConfigError(
                f"--eci-data {source}: {overlap} of {len(items)} questions are also in {path}, "
                "which the head would be evaluated on. Train on a disjoint part (split the file, "
                "then pass the evaluation part with --eci-holdout FILE)."
            )


def _label(where: str, value: Any, labels: Sequence[str]) -> str:
    if not isinstance(value, str) or value.strip().lower() not in labels:
        raise DataFormatError(f"{where}: label {value!r} is not one of {list(labels)}")
    return value.strip().lower()


def encode_labelled(tokenizer: Any, fmt: ECIPromptFormat, example: LabelledExample) -> list[int]:
    """Prompt token ids, with the context cut (never the question or the template) to fit."""
    ids = _prompt_ids(tokenizer, fmt.render(example.question, example.context))
    excess = len(ids) - fmt.max_prompt_tokens
    if excess <= 0:
        return ids
    ctx_ids = tokenizer(example.context, add_special_tokens=False)["input_ids"]
    keep = max(0, len(ctx_ids) - excess - 8)
    context = tokenizer.decode(ctx_ids[:keep]) + " ..."
    ids = _prompt_ids(tokenizer, fmt.render(example.question, context))
    if len(ids) > fmt.max_prompt_tokens:
        raise DataFormatError(
            f"{example.where}: question alone is longer than {fmt.max_prompt_tokens} tokens"
        )
    return ids


def _prompt_ids(tokenizer: Any, text: str) -> list[int]:
    """Tokens of a rendered prompt: special tokens parsed, BOS by the app's rule (which is what
    ``fmt.add_bos`` records for the on-device applier)."""
    return list(tokenize_text(tokenizer, text)["input_ids"])


class ECIHead(torch.nn.Module):
    """Linear classifier over the final-normed hidden state of the last prompt token."""

    def __init__(self, hidden_size: int, labels: Sequence[str]) -> None:
        super().__init__()
        self.labels = list(labels)
        self.linear = torch.nn.Linear(hidden_size, len(self.labels))
        torch.nn.init.normal_(self.linear.weight, std=0.02)
        torch.nn.init.zeros_(self.linear.bias)

    def forward(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.linear(pooled.to(self.linear.weight.dtype))


def pool_last_prompt_token(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Hidden state of each row's last real token (right padding)."""
    last = attention_mask.sum(dim=1) - 1
    return hidden[torch.arange(hidden.shape[0], device=hidden.device), last]


def eci_logits(model: Any, head: ECIHead, input_ids: torch.Tensor, attention_mask: torch.Tensor):
    """Head logits for a right-padded batch of prompts."""
    out = model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
    return head(pool_last_prompt_token(out.hidden_states[-1], attention_mask))


class JointModel(torch.nn.Module):
    """The (PEFT) causal LM plus the optional ECI head; one forward = one optimisation micro-step."""

    def __init__(self, model: torch.nn.Module, head: ECIHead | None) -> None:
        super().__init__()
        self.model = model
        self.head = head

    def forward(
        self,
        lm: dict[str, torch.Tensor] | None = None,
        eci: dict[str, torch.Tensor] | None = None,
    ) -> dict[str, torch.Tensor]:
        out: dict[str, torch.Tensor] = {}
        if lm is not None:
            out["lm_sum"], out["lm_count"] = response_loss_sum(self.model, lm)
        if eci is not None and self.head is not None:
            logits = eci_logits(self.model, self.head, eci["input_ids"], eci["attention_mask"])
            out["eci_logits"] = logits
            out["eci_ce"] = torch.nn.functional.cross_entropy(logits.float(), eci["labels"])
        return out


def eci_batch(items: Sequence[tuple[list[int], int]], pad_id: int) -> dict[str, torch.Tensor]:
    """A right-padded batch of ``(prompt ids, label index)`` items."""
    width = max(len(ids) for ids, _ in items)
    ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    for row, (toks, _) in enumerate(items):
        ids[row, : len(toks)] = torch.tensor(toks)
        mask[row, : len(toks)] = 1
    labels = torch.tensor([lab for _, lab in items], dtype=torch.long)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def save_head(head: ECIHead, fmt: ECIPromptFormat, out_dir: str | Path, extra: dict | None = None):
    """Write ``eci_head.safetensors`` (weight, bias) and ``eci_head.json`` (labels, prompt)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tensors = {
        "weight": head.linear.weight.detach().float().cpu().contiguous(),
        "bias": head.linear.bias.detach().float().cpu().contiguous(),
    }
    save_file(tensors, str(out_dir / HEAD_FILE))
    meta = {
        "labels": head.labels,
        "hidden_size": head.linear.in_features,
        "pooling": "last prompt token, final hidden state after the model's final norm",
        "prompt": asdict(fmt),
        **(extra or {}),
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def load_head(folder: str | Path) -> tuple[ECIHead, ECIPromptFormat]:
    """Load a head exported by :func:`save_head`."""
    folder = Path(folder)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    tensors = load_file(str(folder / HEAD_FILE))
    head = ECIHead(int(meta["hidden_size"]), meta["labels"])
    with torch.no_grad():
        head.linear.weight.copy_(tensors["weight"])
        head.linear.bias.copy_(tensors["bias"])
    return head, ECIPromptFormat(**meta["prompt"])
