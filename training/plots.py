"""The loss-curve PNG (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def plot_loss_curve(metrics: dict[str, Any], path: str | Path) -> Path:
    """Training loss (and eval loss, ECI cross-entropy when present) against optimizer step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    hist = metrics.get("history", [])
    if hist:
        ax.plot([h["step"] for h in hist], [h["loss"] for h in hist], label="train loss (response)")
        if any("eci_ce" in h for h in hist):
            pts = [(h["step"], h["eci_ce"]) for h in hist if "eci_ce" in h]
            ax.plot(*zip(*pts, strict=True), label="train ECI cross-entropy", alpha=0.7)
    evals = [e for e in metrics.get("eval_history", []) if "eval_loss" in e]
    if evals:
        ax.plot(
            [e["step"] for e in evals], [e["eval_loss"] for e in evals], "o-", label="eval loss"
        )
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("cross-entropy (nats/token)")
    ax.set_title("Fine-tuning loss")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return Path(path)
