"""A learned safety net behind the rules: does this message *read like* an emergency?

The discriminators catch what they were written for; a sealed set of new vignettes showed that
about one emergency in six is worded in a way no rule anticipated. The backstop is a logistic
regression over two feature sets that generalise differently:

* the message's WordLlama static embedding (256 numbers from the wheel the library already
  ships; similar wording lands nearby even when no word matches a rule), standardised;
* hashed word unigrams and bigrams ("vomited", "bright_red", "not_waking"), each weighing
  1/sqrt(max(n, 30)) for a message of n of them.

It is trained on the project's labelled vignette sets (``python -m desktop.safety.backstop_train``)
and only ever *raises* a message on which no rule fired, never lowers one (``triage.py`` decides
when it is asked: not for education questions, not without a current finding). Its threshold is chosen by cross-validation on the training sets
(out-of-fold false alarms), never on the sets it is measured on. Its reasons name the words that
weighed most, so a clinician sees why it fired.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from desktop.library.embedding import Embedder, EmbedderError

WEIGHTS_DIR = Path(__file__).parent
# What each shipped model was trained to recognise: the levels counted as positive. A
# "same_day" model (emergency + urgent vs routine) was tried and not shipped: it raised
# look-alikes such as a newborn's normal blue hands to "today" (desktop/safety/README.md).
TARGETS: dict[str, frozenset[str]] = {
    "emergency": frozenset({"emergency"}),  # emergency vs urgent + routine
}
N_HASH = 2**14  # hashed n-gram buckets: 16k weights, collisions are rare for a few thousand words
MIN_GRAMS = 30  # a short message's few n-grams are weighed as if among 30: little text, little say
EMBED_SCALE = 1.0 / 16.0  # standardised embedding dims scaled so both parts start comparable
_WORD = re.compile(r"[a-z0-9]+")
# Not shown as reasons (they weigh in the model, but "and" or "her" explains nothing to a reader)
_PLAIN = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "cant", "did", "do",
    "does", "for", "from", "get", "got", "had", "has", "have", "he", "her", "hes", "him",
    "his", "i", "id", "ill", "im", "is", "it", "its", "ive", "just", "like", "me", "my", "of",
    "on", "or", "our", "out", "really", "says", "she", "shes", "so", "that", "the", "their",
    "them", "then", "there", "they", "this", "to", "too", "up", "very", "was", "we", "were",
    "what", "when", "with", "you", "your",
))  # fmt: skip


def ngrams(text: str) -> list[str]:
    """Lower-case word unigrams and adjacent bigrams (``a_b``), each once."""
    words = _WORD.findall(text.lower().replace("'", ""))
    return list(dict.fromkeys(words + [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]))


def bucket(gram: str) -> int:
    """Stable hash bucket (crc32: the same in every process and on every machine)."""
    return zlib.crc32(gram.encode("utf-8")) % N_HASH


def _plain(gram: str) -> bool:
    """Function words and bare numbers: weighed, but not shown as a reason."""
    return all(part in _PLAIN or part.isdigit() for part in gram.split("_"))


@dataclass(frozen=True)
class BackstopModel:
    """Weights of the logistic regression and the threshold chosen for them."""

    mean: np.ndarray  # embedding standardisation
    scale: np.ndarray
    w_embed: np.ndarray
    w_hash: np.ndarray
    bias: float
    threshold: float

    def save(self, path: Path) -> None:
        np.savez(path, mean=self.mean, scale=self.scale, w_embed=self.w_embed,
                 w_hash=self.w_hash, bias=self.bias, threshold=self.threshold)  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> BackstopModel:
        with np.load(path) as z:
            return cls(z["mean"], z["scale"], z["w_embed"], z["w_hash"], float(z["bias"]),
                       float(z["threshold"]))  # fmt: skip

    def logit(self, embedding: np.ndarray, grams: list[str]) -> float:
        z = (embedding - self.mean) / self.scale * EMBED_SCALE
        idx = np.fromiter((bucket(g) for g in grams), dtype=np.int64, count=len(grams))
        hashed = float(self.w_hash[idx].sum()) / np.sqrt(max(len(grams), MIN_GRAMS))
        return float(z @ self.w_embed) + hashed + self.bias


@dataclass(frozen=True)
class BackstopScore:
    """Probability that the message describes an emergency, and the words that weighed most."""

    probability: float
    fired: bool
    words: tuple[str, ...]


class Backstop:
    """The shipped model with its embedder (loaded once, on first use: ~0.2 s)."""

    def __init__(self, model: BackstopModel, embedder: Embedder) -> None:
        self.model = model
        self.embedder = embedder

    def score(self, text: str) -> BackstopScore:
        grams = ngrams(text)
        vec = self.embedder.embed_documents([text])[0]
        p = 1.0 / (1.0 + float(np.exp(-self.model.logit(np.asarray(vec, np.float64), grams))))
        weights = {g: float(self.model.w_hash[bucket(g)]) for g in grams}
        shown = [g for g in grams if weights[g] > 0 and not _plain(g)]
        top = sorted(shown, key=lambda g: -weights[g])[:4]
        return BackstopScore(p, p >= self.model.threshold, tuple(g.replace("_", " ") for g in top))


def weights_path(target: str) -> Path:
    """Where the shipped model for ``target`` (a key of :data:`TARGETS`) lives."""
    return WEIGHTS_DIR / f"backstop_{target}.npz"


@cache
def _embedder() -> Embedder | None:
    # lazy: the embedder pulls tokenizers and the 16 MB table; triage imports stay light
    from desktop.library.embed_static import WordLlamaEmbedder

    try:
        return WordLlamaEmbedder()
    except (EmbedderError, OSError):
        return None


@cache
def shipped(target: str = "emergency") -> Backstop | None:
    """The backstop shipped with the app for ``target``, or None when its weights or the
    embedder are missing (the rules then work alone; triage never fails because of it)."""
    path = weights_path(target)
    embedder = _embedder() if path.is_file() else None
    if embedder is None:
        return None
    try:
        return Backstop(BackstopModel.load(path), embedder)
    except (OSError, KeyError, ValueError):
        return None
