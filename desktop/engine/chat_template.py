"""Render a model's own chat template (from GGUF metadata) in a sandboxed Jinja environment.

The environment gives templates what transformers' ``apply_chat_template`` gives them, so a
template written for transformers renders byte for byte the same here: ``trim_blocks`` and
``lstrip_blocks``, Jinja's loop controls (``{% break %}`` / ``{% continue %}``), the
``{% generation %}`` block (transformers uses it to mark assistant tokens for training; its body
is rendered unchanged), a ``tojson`` filter that keeps non-ASCII text and takes ``indent`` /
``separators`` / ``sort_keys``, ``raise_exception(message)`` and ``strftime_now(format)``, and
``tools`` / ``documents`` set to ``None``. Everything still runs in Jinja's
``ImmutableSandboxedEnvironment``: a template is untrusted code from a downloaded file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from jinja2 import TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension, loopcontrols
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from desktop.engine.errors import EngineError

# Used only when a GGUF carries no template: ChatML, which SmolLM2/Qwen-style models expect.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + "
    "message['content'] + '<|im_end|>' + '\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class ChatTemplateError(EngineError):
    """The model's chat template failed to render."""


def _raise(message: str) -> None:
    raise ChatTemplateError(f"chat template error: {message}")


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _tojson(
    value: Any,
    ensure_ascii: bool = False,
    indent: int | str | None = None,
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
) -> str:
    # Jinja's own tojson escapes <, >, & and ' for HTML; a prompt is not HTML, and transformers
    # (whose output the model was trained on) keeps the text as json.dumps writes it.
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


class _GenerationBlock(Extension):
    """``{% generation %}…{% endgeneration %}``: renders its body unchanged, in its own scope.

    transformers compiles the body as a call block (so a plain ``{% set %}`` inside does not
    leak out); this does the same so the rendered text is identical.
    """

    tags = {"generation"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        call = self.call_method("_render_body")
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render_body(self, caller: Callable[[], str]) -> str:
        return caller()


class _TemplateDict:
    """``dict(...)`` / ``dict.fromkeys(...)`` without exposing the ``dict`` type itself."""

    def __call__(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        return dict(*args, **kwargs)

    def fromkeys(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        return dict.fromkeys(*args, **kwargs)


def _check_namespace_name(name: object) -> None:
    if isinstance(name, str) and name.startswith("_"):
        raise SecurityError(f"a chat template cannot store {name!r} (underscore) on a namespace")


class _TemplateNamespace(Namespace):
    """Jinja's ``namespace()`` refusing underscore-prefixed attributes (Python internals)."""

    def __init__(*args: Any, **kwargs: Any) -> None:  # noqa: N805 - Namespace's own signature
        self, rest = args[0], args[1:]
        attrs = dict(*rest, **kwargs)
        for name in attrs:
            _check_namespace_name(name)
        Namespace.__init__(self, attrs)

    def __setitem__(self, name: str, value: Any) -> None:
        _check_namespace_name(name)
        Namespace.__setitem__(self, name, value)


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[_GenerationBlock, loopcontrols]
    )
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise
    env.globals["strftime_now"] = _strftime_now
    env.globals["dict"] = _TemplateDict()
    env.globals["namespace"] = _TemplateNamespace
    return env


class ChatTemplate:
    """A compiled chat template; rendering cannot reach Python internals (sandboxed Jinja)."""

    def __init__(self, source: str | None, bos_token: str = "", eos_token: str = "") -> None:
        self.source = source or CHATML_TEMPLATE
        try:
            self._template = _environment().from_string(self.source)
        except (TemplateError, SyntaxError, RecursionError, MemoryError) as exc:
            # Jinja reports most mistakes as TemplateError, but e.g. a {% break %} outside a loop
            # reaches Python's compile() and comes back as a SyntaxError.
            raise ChatTemplateError(f"the model's chat template does not compile: {exc}") from exc
        self.bos_token = bos_token
        self.eos_token = eos_token

    def render(self, messages: list[dict[str, Any]], add_generation_prompt: bool = True) -> str:
        try:
            return self._template.render(
                messages=messages,
                tools=None,  # as transformers passes them when the caller gives none
                documents=None,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        except ChatTemplateError:
            raise
        except Exception as exc:  # SecurityError, TypeError, ... from a hostile/broken template
            raise ChatTemplateError(f"the model's chat template failed: {exc}") from exc
