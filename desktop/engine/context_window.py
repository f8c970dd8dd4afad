"""Fit a conversation into the context window by dropping the oldest turns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.engine.errors import ContextOverflowError

Message = dict[str, Any]


@dataclass(frozen=True)
class FittedPrompt:
    messages: list[Message]
    tokens: list[int]
    trimmed: int  # how many old messages were dropped


def fit_messages(
    messages: list[Message],
    count: Callable[[list[Message]], list[int]],
    n_ctx: int,
    reserve: int,
    policy: str = "trim",
) -> FittedPrompt:
    """Return the prompt tokens for ``messages`` within ``n_ctx - reserve`` tokens.

    ``count`` renders and tokenizes a message list. With ``policy="trim"`` the oldest
    non-system messages are dropped (never the last one); otherwise, or when even the
    system prompt plus the last message is too long, :class:`ContextOverflowError` is raised.
    """
    if not messages:
        raise ValueError("no messages to send")
    budget = n_ctx - reserve
    tokens = count(messages)
    if len(tokens) <= budget:
        return FittedPrompt(list(messages), tokens, 0)
    if policy != "trim":
        raise ContextOverflowError(len(tokens), n_ctx, reserve)
    system = [m for m in messages[:1] if m.get("role") == "system"]
    rest = list(messages[len(system) :])
    dropped = 0
    while len(rest) > 1:
        rest.pop(0)
        dropped += 1
        # A history should open with a user turn, not a dangling assistant answer.
        while len(rest) > 1 and rest[0].get("role") == "assistant":
            rest.pop(0)
            dropped += 1
        tokens = count(system + rest)
        if len(tokens) <= budget:
            return FittedPrompt(system + rest, tokens, dropped)
    raise ContextOverflowError(len(tokens), n_ctx, reserve)
