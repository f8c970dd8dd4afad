"""Train the triage backstop on labelled vignette sets and write ``backstop_weights.npz``.

    python -m desktop.safety.backstop_train [SET.jsonl ...] [--target emergency]
        [--out PATH] [--target-fa F]

``emergency`` learns emergency vs the rest (urgent and routine).

Full-batch gradient descent on the L2-regularised log loss (deterministic: the same sets give
the same weights on every machine). The threshold is the lowest that keeps the out-of-fold
(5-fold cross-validated) false-alarm rate among non-emergencies at or below ``--target-fa``;
the out-of-fold recall at that threshold is printed, as an honest estimate for new text.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.library.embed_static import WordLlamaEmbedder
from desktop.safety.backstop import (
    EMBED_SCALE,
    MIN_GRAMS,
    N_HASH,
    TARGETS,
    BackstopModel,
    bucket,
    ngrams,
    weights_path,
)

SETS_DIR = Path(__file__).resolve().parents[2] / "tests" / "safety"
L2 = 1e-4
STEPS = 1500
LEARNING_RATE = 1.0
FOLDS = 5
# Out-of-fold false-alarm target per model: the rules already spend most of the 5 % budget.
TARGET_FA = {"emergency": 0.01}


@dataclass
class Features:
    """Standardised embeddings (dense) and hashed n-grams (sparse: bucket ids per row)."""

    embed: np.ndarray
    rows: np.ndarray  # row of each n-gram occurrence
    cols: np.ndarray  # its bucket
    vals: np.ndarray  # 1/sqrt(n-grams of the row)

    def subset(self, keep: np.ndarray) -> Features:
        index = np.full(len(self.embed), -1)
        index[keep] = np.arange(len(keep))
        sel = index[self.rows] >= 0
        return Features(self.embed[keep], index[self.rows[sel]], self.cols[sel], self.vals[sel])


def load_sets(paths: Sequence[Path], target: str) -> tuple[list[str], np.ndarray]:
    """Texts and labels (1 = a level of ``target``'s positives) from JSONL vignette files."""
    positive = TARGETS[target]
    texts, labels = [], []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(row["level"] in positive)
    return texts, np.asarray(labels, dtype=np.float64)


def featurise(texts: Sequence[str], embeddings: np.ndarray, mean: np.ndarray,
              scale: np.ndarray) -> Features:  # fmt: skip
    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        grams = ngrams(text)
        rows += [r] * len(grams)
        cols += [bucket(g) for g in grams]
        vals += [1.0 / np.sqrt(max(len(grams), MIN_GRAMS))] * len(grams)
    z = (embeddings - mean) / scale * EMBED_SCALE
    return Features(z, np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(vals))


def _logits(f: Features, w_e: np.ndarray, w_h: np.ndarray, b: float) -> np.ndarray:
    hashed = np.bincount(f.rows, weights=w_h[f.cols] * f.vals, minlength=len(f.embed))
    return f.embed @ w_e + hashed + b


def fit(f: Features, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Logistic regression by full-batch gradient descent (deterministic)."""
    w_e, w_h, b = np.zeros(f.embed.shape[1]), np.zeros(N_HASH), 0.0
    n = float(len(y))
    for _ in range(STEPS):
        r = 1.0 / (1.0 + np.exp(-_logits(f, w_e, w_h, b))) - y
        w_e -= LEARNING_RATE * (f.embed.T @ r / n + L2 * w_e)
        w_h -= LEARNING_RATE * (np.bincount(f.cols, weights=r[f.rows] * f.vals,
                                            minlength=N_HASH) / n + L2 * w_h)  # fmt: skip
        b -= LEARNING_RATE * float(r.sum() / n)
    return w_e, w_h, b


def out_of_fold(f: Features, y: np.ndarray) -> np.ndarray:
    """Each row's probability from a model trained without its fold."""
    order = np.random.default_rng(0).permutation(len(y))
    p = np.zeros(len(y))
    for fold in np.array_split(order, FOLDS):
        held = np.sort(fold)
        train = np.setdiff1d(np.arange(len(y)), held)
        w_e, w_h, b = fit(f.subset(train), y[train])
        p[held] = 1.0 / (1.0 + np.exp(-_logits(f.subset(held), w_e, w_h, b)))
    return p


def choose_threshold(p: np.ndarray, y: np.ndarray, target_fa: float) -> tuple[float, float, float]:
    """Lowest threshold whose out-of-fold false-alarm rate is <= ``target_fa``; its recall."""
    negatives = np.sort(p[y == 0])[::-1]
    k = int(np.floor(target_fa * len(negatives)))
    threshold = float(min(max(negatives[k] + 1e-6, 0.5), 0.99)) if len(negatives) else 0.5
    fired = p >= threshold
    return threshold, float(fired[y == 1].mean()), float(fired[y == 0].mean())


def train(
    paths: Sequence[Path], target: str = "emergency", target_fa: float | None = None
) -> tuple[BackstopModel, dict[str, float]]:
    """Fit the ``target`` model on ``paths``; the threshold meets ``target_fa`` out of fold."""
    target_fa = TARGET_FA[target] if target_fa is None else target_fa
    texts, y = load_sets(paths, target)
    embedder = WordLlamaEmbedder()
    emb = np.asarray(embedder.embed_documents(texts), dtype=np.float64)
    mean, scale = emb.mean(axis=0), emb.std(axis=0) + 1e-6
    f = featurise(texts, emb, mean, scale)
    threshold, recall, fa = choose_threshold(out_of_fold(f, y), y, target_fa)
    w_e, w_h, b = fit(f, y)
    model = BackstopModel(mean, scale, w_e, w_h.astype(np.float32), b, threshold)
    return model, {"n": len(y), "threshold": threshold, "oof_recall": recall, "oof_fa": fa}


def default_sets() -> list[Path]:
    return sorted(SETS_DIR.glob("triage_*.jsonl"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m desktop.safety.backstop_train", description=__doc__)
    p.add_argument("sets", nargs="*", type=Path, help="JSONL vignette sets (default: tests/safety)")
    p.add_argument("--target", choices=sorted(TARGETS), default=None,
                   help="one model (default: every model)")  # fmt: skip
    p.add_argument("--out", type=Path, help="with --target: where to write (default: shipped)")
    p.add_argument("--target-fa", type=float, default=None, help="out-of-fold false alarms")
    args = p.parse_args(argv)
    for target in [args.target] if args.target else sorted(TARGETS):
        model, stats = train(args.sets or default_sets(), target, args.target_fa)
        out = args.out if args.out and args.target else weights_path(target)
        model.save(out)
        print(f"{target}: {stats['n']} vignettes; threshold {stats['threshold']:.3f}; out of "
              f"fold it alone catches {stats['oof_recall']:.1%} of positives at "
              f"{stats['oof_fa']:.1%} false alarms; wrote {out}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
