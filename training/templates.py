"""Prompt templates: ``alpaca``, ``medalpaca`` and ``chat`` (the tokenizer's own chat template).

A template splits an example into the *prompt* (never trained on by default) and the *response*
(trained on, ending with the end-of-sequence/end-of-turn token).
"""

from __future__ import annotations

from typing import Any

from training.data import Example
from training.errors import ConfigError

TEMPLATES = ("alpaca", "medalpaca", "chat")

ALPACA_WITH_INPUT = (
    "Below is an instruction that describes a task, paired with an input that provides further "
    "context. Write a response that appropriately completes the request.\n\n"
    "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n"
)
ALPACA_NO_INPUT = (
    "Below is an instruction that describes a task. Write a response that appropriately "
    "completes the request.\n\n### Instruction:\n{instruction}\n\n### Response:\n"
)
MEDALPACA_WITH_INPUT = "Context: {instruction}\n\nQuestion: {input}\n\nAnswer: "
MEDALPACA_NO_INPUT = "Question: {instruction}\n\nAnswer: "


def check_template(name: str, tokenizer: Any | None = None) -> None:
    """Raise :class:`ConfigError` for an unknown template or a chat template the tokenizer lacks."""
    if name not in TEMPLATES:
        raise ConfigError(f"unknown template {name!r}; choose from {', '.join(TEMPLATES)}")
    if name == "chat" and tokenizer is not None and not getattr(tokenizer, "chat_template", None):
        raise ConfigError("--template chat: this tokenizer has no chat template; use alpaca")


def _fill(fmt: str, instruction: str, inp: str) -> str:
    # str.replace, not str.format: instructions may contain braces.
    return fmt.replace("{instruction}", instruction).replace("{input}", inp)


def user_message(instruction: str, inp: str) -> str:
    """The single user turn used by the ``chat`` template."""
    return f"{instruction}\n\n{inp}" if inp else instruction


def render_prompt(template: str, instruction: str, inp: str, tokenizer: Any | None = None) -> str:
    """The prompt text (everything the model sees before it starts answering)."""
    if template == "alpaca":
        return _fill(ALPACA_WITH_INPUT if inp else ALPACA_NO_INPUT, instruction, inp)
    if template == "medalpaca":
        return _fill(MEDALPACA_WITH_INPUT if inp else MEDALPACA_NO_INPUT, instruction, inp)
    if template == "chat":
        if tokenizer is None:
            raise ConfigError("the chat template needs the tokenizer")
        messages = [{"role": "user", "content": user_message(instruction, inp)}]
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    raise ConfigError(f"unknown template {template!r}; choose from {', '.join(TEMPLATES)}")


def render_response(template: str, example: Example, tokenizer: Any | None = None) -> str:
    """The response text following the prompt (chat: up to and including the end-of-turn token)."""
    if template != "chat":
        return example.output
    messages = [
        {"role": "user", "content": user_message(example.instruction, example.input)},
        {"role": "assistant", "content": example.output},
    ]
    prompt = render_prompt(template, example.instruction, example.input, tokenizer)
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    if not full.startswith(prompt):
        raise ConfigError(
            "the tokenizer's chat template renders the conversation differently from its "
            "generation prompt; use --template alpaca"
        )
    return full[len(prompt) :].rstrip()


def split_example(template: str, example: Example, tokenizer: Any | None = None) -> tuple[str, str]:
    """``(prompt, response)`` texts of one example."""
    prompt = render_prompt(template, example.instruction, example.input, tokenizer)
    return prompt, render_response(template, example, tokenizer)
