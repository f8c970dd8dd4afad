"""Prompt templates as real Jinja chat templates: ``alpaca``, ``medalpaca`` and ``chat``.

``chat`` is the tokenizer's own chat template. ``alpaca`` and ``medalpaca`` are Jinja templates
written into the trained tokenizer (``tokenizer.chat_template``), so merge -> convert carries them
into the GGUF and the app renders exactly the prompt the model was trained on.

The templates never contain ``bos_token``: BOS is added by one rule everywhere (training, the
converter's ``add_bos`` flag and the app's engine): prepend it if the tokenizer adds one and the
rendered text does not already start with it. A user message may carry an ``input`` key (Alpaca's
"### Input:" section); the app sends plain ``content``, which renders the no-input form. A system
message replaces Alpaca's preamble (and precedes MedAlpaca's prompt).
"""

from __future__ import annotations

from typing import Any

from training.errors import ConfigError

TEMPLATES = ("alpaca", "medalpaca", "chat")

ALPACA_PREAMBLE = (
    "Below is an instruction that describes a task. Write a response that appropriately "
    "completes the request."
)
ALPACA_PREAMBLE_WITH_INPUT = (
    "Below is an instruction that describes a task, paired with an input that provides further "
    "context. Write a response that appropriately completes the request."
)

# One line per statement; whitespace control (``-``) so the rendering does not depend on the
# renderer's trim_blocks/lstrip_blocks (HF and the app both use trim + lstrip, as does llama.cpp).
ALPACA_CHAT_TEMPLATE = (
    "{%- if messages and messages[0]['role'] == 'system' -%}"
    "{{- messages[0]['content'] + '\\n\\n' -}}"
    "{%- set loop_messages = messages[1:] -%}"
    "{%- else -%}"
    "{%- set loop_messages = messages -%}"
    "{%- if messages and messages[0].get('input') -%}"
    "{{- '" + ALPACA_PREAMBLE_WITH_INPUT + "\\n\\n' -}}"
    "{%- else -%}"
    "{{- '" + ALPACA_PREAMBLE + "\\n\\n' -}}"
    "{%- endif -%}"
    "{%- endif -%}"
    "{%- for message in loop_messages -%}"
    "{%- if message['role'] == 'user' -%}"
    "{{- '### Instruction:\\n' + message['content'] + '\\n\\n' -}}"
    "{%- if message.get('input') -%}"
    "{{- '### Input:\\n' + message['input'] + '\\n\\n' -}}"
    "{%- endif -%}"
    "{%- elif message['role'] == 'assistant' -%}"
    "{{- '### Response:\\n' + message['content'] + eos_token + '\\n\\n' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '### Response:\\n' -}}{%- endif -%}"
)

# MedAlpaca's prompt ends in "Answer: "; the space belongs to the answer here so the prompt ends
# at a token boundary (a trailing space would be its own token at inference but merged into the
# answer's first token in training).
MEDALPACA_CHAT_TEMPLATE = (
    "{%- if messages and messages[0]['role'] == 'system' -%}"
    "{{- messages[0]['content'] + '\\n\\n' -}}"
    "{%- set loop_messages = messages[1:] -%}"
    "{%- else -%}"
    "{%- set loop_messages = messages -%}"
    "{%- endif -%}"
    "{%- for message in loop_messages -%}"
    "{%- if message['role'] == 'user' -%}"
    "{%- if message.get('input') -%}"
    "{{- 'Context: ' + message['content'] + '\\n\\nQuestion: ' + message['input'] + '\\n\\n' -}}"
    "{%- else -%}"
    "{{- 'Question: ' + message['content'] + '\\n\\n' -}}"
    "{%- endif -%}"
    "{%- elif message['role'] == 'assistant' -%}"
    "{{- 'Answer: ' + message['content'] + eos_token + '\\n\\n' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- 'Answer:' -}}{%- endif -%}"
)

BUILTIN_TEMPLATES = {"alpaca": ALPACA_CHAT_TEMPLATE, "medalpaca": MEDALPACA_CHAT_TEMPLATE}
Message = dict[str, str]


def check_template(name: str, tokenizer: Any | None = None) -> None:
    """Raise :class:`ConfigError` for an unknown template or a chat template the tokenizer lacks."""
    if name not in TEMPLATES:
        raise ConfigError(f"unknown template {name!r}; choose from {', '.join(TEMPLATES)}")
    if name == "chat" and tokenizer is not None and not getattr(tokenizer, "chat_template", None):
        raise ConfigError("--template chat: this tokenizer has no chat template; use alpaca")


def template_source(template: str, tokenizer: Any) -> str:
    """The Jinja source used for ``template`` (the tokenizer's own one for ``chat``)."""
    check_template(template, tokenizer)
    if template == "chat":
        return str(tokenizer.chat_template)
    return BUILTIN_TEMPLATES[template]


def install_template(tokenizer: Any, template: str) -> None:
    """Write the training template into the tokenizer (saved with it -> merged model -> GGUF)."""
    tokenizer.chat_template = template_source(template, tokenizer)


def user_message(instruction: str, inp: str) -> str:
    """The single user turn used by the ``chat`` template."""
    return f"{instruction}\n\n{inp}" if inp else instruction


def user_turn(template: str, instruction: str, inp: str) -> Message:
    """An instruction/input pair as a user message (Alpaca-style templates keep ``input``)."""
    if template == "chat" or not inp:
        return {"role": "user", "content": user_message(instruction, inp)}
    return {"role": "user", "content": instruction, "input": inp}


def render(
    template: str, messages: list[Message], tokenizer: Any, add_generation_prompt: bool
) -> str:
    """Render ``messages`` with the template (HF's sandboxed Jinja, like the app's engine)."""
    if tokenizer is None:
        raise ConfigError("rendering a template needs the tokenizer")
    return tokenizer.apply_chat_template(
        messages,
        chat_template=template_source(template, tokenizer),
        tokenize=False,
        add_generation_prompt=add_generation_prompt,
    )


def render_prompt(
    template: str,
    instruction: str,
    inp: str,
    tokenizer: Any | None = None,
    system: str | None = None,
) -> str:
    """The prompt text (everything the model sees before it starts answering)."""
    messages = [{"role": "system", "content": system}] if system else []
    messages.append(user_turn(template, instruction, inp))
    return render(template, messages, tokenizer, add_generation_prompt=True)
