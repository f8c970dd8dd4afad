"""Notice when generation speed collapses, and say what to do (Qt-free).

The expected rate of a model on this machine is the best decode speed it reached here (kept
across restarts by the app). A finished answer far below it almost always means the CPU is
shared: llama.cpp's threads wait for each other when one of them is descheduled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COLLAPSE_RATIO = 0.3  # below 30% of the usual speed is not noise any more
MIN_TOKENS = 16  # shorter answers measure start-up more than speed
# Before any good answer was seen: decoding reads every weight once per token, and any CPU of
# the last decade streams at least ~2 GB/s from RAM on one core, so a model of B bytes should
# manage 2e9 / B tokens/s (very conservative: typical machines do 5-20x better).
FLOOR_BYTES_PER_SECOND = 2e9


@dataclass(frozen=True)
class SpeedHint:
    """A plain-language explanation of a slow answer and what the user can do."""

    tokens_per_second: float
    expected: float
    n_threads: int
    suggested_threads: int

    @property
    def message(self) -> str:
        head = (
            f"Answers are much slower than usual ({self.tokens_per_second:.1f} tokens/s; this "
            f"model reached {self.expected:.0f} tokens/s on this computer). Another program is "
            "probably using the processor."
        )
        if self.suggested_threads < self.n_threads:
            return (
                f"{head} Close it, or lower Settings → CPU threads from {self.n_threads} to "
                f"{self.suggested_threads}."
            )
        return f"{head} Close programs you do not need while the assistant answers."


@dataclass
class SpeedWatch:
    """Tracks the best speed per model and flags answers that fall far below it."""

    best: dict[str, float] = field(default_factory=dict)
    ratio: float = COLLAPSE_RATIO
    min_tokens: int = MIN_TOKENS

    def observe(
        self,
        model_key: str,
        tokens_per_second: float,
        completion_tokens: int,
        n_threads: int,
        model_bytes: int = 0,
    ) -> SpeedHint | None:
        """Record one finished answer; a :class:`SpeedHint` if it ran far below the usual speed."""
        if completion_tokens < self.min_tokens or tokens_per_second <= 0:
            return None
        floor = FLOOR_BYTES_PER_SECOND / model_bytes if model_bytes > 0 else 0.0
        best = self.best.get(model_key, 0.0)
        if tokens_per_second > best:
            self.best[model_key] = tokens_per_second
        expected = max(best, floor)
        if tokens_per_second >= self.ratio * expected:
            return None
        return SpeedHint(
            tokens_per_second=tokens_per_second,
            expected=expected,
            n_threads=n_threads,
            suggested_threads=max(1, n_threads // 2),
        )
