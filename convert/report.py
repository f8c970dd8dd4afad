"""Result records: progress events, verification figures and the conversion report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from common.tasks import ProgressEvent  # noqa: F401 - re-exported: one progress record


@dataclass
class TokenizationCheck:
    label: str
    n_tokens: int
    identical: bool
    first_mismatch: int | None = None
    hf_tokens: list[int] = field(default_factory=list)  # a window around the first mismatch
    gguf_tokens: list[int] = field(default_factory=list)


@dataclass
class VerifyReport:
    n_tokens: int
    tokenization: list[TokenizationCheck]
    max_abs_logit_diff: float
    mean_kl: float
    top1_agreement: float
    thresholds: dict[str, float | None]
    failures: list[str]
    seconds: float
    top1_decisive: float = 1.0  # agreement where HF's top-2 logit gap >= 0.1
    near_tie_fraction: float = 0.0  # positions where it is not
    peak_rss_bytes: int | None = None  # process peak RSS during the check (Linux VmHWM)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class ConvertReport:
    src_dir: str
    out_path: str
    quant: str
    architecture: str
    tokenizer_model: str
    tokenizer_pre: str | None
    n_tensors: int
    n_params: int
    out_bytes: int
    largest_tensor_bytes: int
    write_seconds: float
    quantize_seconds: float = 0.0
    verify: VerifyReport | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.verify is None or self.verify.passed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def summary(self) -> str:
        lines = [
            f"wrote {self.out_path} ({self.out_bytes / 1e6:.1f} MB, {self.quant}, "
            f"{self.architecture}, {self.n_params / 1e6:.1f}M params, {self.n_tensors} tensors)",
            f"tokenizer: {self.tokenizer_model} pre={self.tokenizer_pre}",
            f"time: write {self.write_seconds:.1f}s, quantize {self.quantize_seconds:.1f}s",
        ]
        v = self.verify
        if v is None:
            lines.append("verification: skipped")
        else:
            toks = ", ".join(
                f"{t.label}: {'identical' if t.identical else f'DIFFERS at {t.first_mismatch}'}"
                f" ({t.n_tokens} tokens)"
                for t in v.tokenization
            )
            lines.append(f"tokenization: {toks}")
            lines.append(
                f"logits on {v.n_tokens} tokens: max |diff| {v.max_abs_logit_diff:.3g}, "
                f"mean KL(HF||GGUF) {v.mean_kl:.4g}, top-1 agreement {v.top1_agreement:.2%} "
                f"({v.top1_decisive:.2%} where HF's top-2 logit gap >= 0.1; "
                f"{v.near_tie_fraction:.1%} of positions are near-ties) ({v.seconds:.1f}s)"
            )
            if v.peak_rss_bytes:
                lines.append(f"verification peak memory: {v.peak_rss_bytes / 2**20:.0f} MB RSS")
            lines.append("verification: PASSED" if v.passed else "verification: FAILED")
            lines.extend(f"  - {f}" for f in v.failures)
        lines.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(lines)
