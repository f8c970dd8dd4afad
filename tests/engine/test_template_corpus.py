"""Every real chat template in llama.cpp's corpus renders exactly as transformers renders it.

``../shared/peer/llama.cpp/models/templates/`` holds 70 templates shipped with real models
(Llama 3.x, Qwen, Gemma, Mistral, DeepSeek, Cohere, Kimi, LFM, ...). For each one and several
conversations (with and without a system message, one and several turns, with and without the
generation prompt) the app's sandboxed :class:`ChatTemplate` must give the same text as
transformers' own renderer (``render_jinja_template``, called directly: no tokenizer, no hub),
or, where transformers refuses the template or the conversation, a :class:`ChatTemplateError`.
The oracle is transformers itself; nothing here is a recorded expectation.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import pytest
from transformers.utils.chat_template_utils import render_jinja_template

from desktop.engine.chat_template import ChatTemplate, ChatTemplateError

REPO = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = (REPO / ".." / "shared" / "peer" / "llama.cpp" / "models" / "templates").resolve()
TEMPLATES = sorted(p.name for p in TEMPLATES_DIR.glob("*.jinja"))

# A fixed pair, passed to both renderers the way apply_chat_template passes a tokenizer's tokens.
BOS, EOS = "<s>", "</s>"

SYSTEM = {"role": "system", "content": "You are a careful clinical assistant. Be brief."}
# Non-ASCII, quotes, <, & : text that a careless tojson or escaping step would change.
USER_1 = {"role": "user", "content": "Fièvre à 39 °C & toux <3 jours, l'enfant a 4 ans."}
ASSISTANT_1 = {"role": "assistant", "content": 'Check "red flags" first: breathing, hydration.'}
USER_2 = {"role": "user", "content": "What dose of paracetamol?\nShe weighs 16 kg."}
CONVERSATIONS = {
    "one_turn": [USER_1],
    "system_one_turn": [SYSTEM, USER_1],
    "several_turns": [USER_1, ASSISTANT_1, USER_2],
    "system_several_turns": [SYSTEM, USER_1, ASSISTANT_1, USER_2],
}

# The templates that failed to compile before loop controls and {% generation %} were added.
NEEDED_NEW_FEATURES = {
    "Cohere2MoE.jinja",
    "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja",
    "Kimi-K3.jinja",
    "Reka-Edge.jinja",
    "LFM2.5-8B-A1B.jinja",
    "poolside-Laguna-S-2.1.jinja",
    "poolside-Laguna-XS-2.1.jinja",
    "poolside-Laguna-XS.2.jinja",
}


def _source(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


@functools.cache
def _ours(name: str) -> ChatTemplate | ChatTemplateError:
    """Compile each template once; a compile failure is kept as the outcome to compare."""
    try:
        return ChatTemplate(_source(name), BOS, EOS)
    except ChatTemplateError as exc:
        return exc


def _transformers(source: str, messages: list[dict[str, str]], generation: bool) -> str:
    rendered, _indices = render_jinja_template(
        [messages],
        chat_template=source,
        add_generation_prompt=generation,
        bos_token=BOS,
        eos_token=EOS,
    )
    return rendered[0]


def _reference(name: str, conversation: str, generation: bool) -> str | Exception:
    try:
        return _transformers(_source(name), CONVERSATIONS[conversation], generation)
    except Exception as exc:  # noqa: BLE001 - transformers' refusal is the expected outcome
        return exc


def test_the_corpus_is_there() -> None:
    assert len(TEMPLATES) == 70, f"expected llama.cpp's 70 templates in {TEMPLATES_DIR}"
    assert set(TEMPLATES) >= NEEDED_NEW_FEATURES


REFUSED_MARK = "<refused>"


def _outcome(result: str | BaseException) -> str:
    """The rendered text, or one mark for "refused" (by transformers, or by us clearly)."""
    return result if isinstance(result, str) else REFUSED_MARK


def _ours_render(name: str, messages: list[dict[str, str]], generation: bool) -> str | Exception:
    """Our text, or our ChatTemplateError; any other exception propagates and fails the test."""
    compiled = _ours(name)
    if isinstance(compiled, ChatTemplateError):
        return compiled
    try:
        return compiled.render(messages, add_generation_prompt=generation)
    except ChatTemplateError as exc:
        return exc


@pytest.mark.parametrize("generation", [True, False], ids=["gen_prompt", "no_gen_prompt"])
@pytest.mark.parametrize("conversation", sorted(CONVERSATIONS))
@pytest.mark.parametrize("name", TEMPLATES)
def test_renders_like_transformers(name: str, conversation: str, generation: bool) -> None:
    expected = _reference(name, conversation, generation)
    messages = [dict(m) for m in CONVERSATIONS[conversation]]
    ours = _ours_render(name, messages, generation)
    # Same text where transformers renders; a ChatTemplateError where it refuses.
    assert _outcome(ours) == _outcome(expected), f"transformers: {expected!r}\nours: {ours!r}"
    assert messages == CONVERSATIONS[conversation]  # the caller's messages are untouched


def test_most_templates_render_and_the_new_features_are_used() -> None:
    """Outcome summary: transformers renders the bulk of the corpus, including the 8 that
    need loop controls or the generation tag, for the plain system + several-turns chat."""
    rendered = [
        n
        for n in TEMPLATES
        if isinstance(_reference(n, "system_several_turns", True), str)
        and isinstance(_reference(n, "several_turns", True), str)
    ]
    assert len(rendered) >= 60
    assert set(rendered) >= NEEDED_NEW_FEATURES
    for name in NEEDED_NEW_FEATURES:
        assert isinstance(_ours(name), ChatTemplate), name


# Small templates for each feature transformers adds, compared with transformers directly.
FEATURES = {
    "break": "{% for m in messages %}{% if loop.index > 1 %}{% break %}{% endif %}{{ m.role }}"
    "{% endfor %}",
    "continue": "{% for m in messages %}{% if m.role == 'system' %}{% continue %}{% endif %}"
    "[{{ m.content }}]{% endfor %}",
    "generation_body": "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}"
    "<a>{{ m.content }}</a>{% endgeneration %}{% else %}{{ m.content }}{% endif %}{% endfor %}",
    "generation_scope": "{% set x = 'outer' %}{% generation %}{% set x = 'inner' %}{{ x }}"
    "{% endgeneration %}|{{ x }}",
    "tojson_default": "{{ messages | tojson }}",
    "tojson_ascii": "{{ messages | tojson(ensure_ascii=True) }}",
    "tojson_indent_sorted": "{{ {'b': 1, 'a': ['é', '<&>']} | tojson(indent=2, sort_keys=True) }}",
    "tojson_separators": "{{ {'k': [1, 2]} | tojson(separators=(',', ':')) }}",
    "tools_none": "{{ tools is none }}|{{ documents is none }}|{{ tools is defined }}",
    "dict_global": "{{ dict(a=1, b=2) | tojson }}{{ dict.fromkeys(['x'], 0) | tojson }}",
    "namespace": "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}"
    "{% endfor %}{{ ns.n }}",
    "trim_lstrip_blocks": "  {% for m in messages %}\n  {{ m.role }}\n  {% endfor %}\nend",
    "strftime_year": "{{ strftime_now('%Y') | length }}",
    "bos_eos": "{{ bos_token }}{{ messages[0].content }}{{ eos_token }}",
}


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_feature_matches_transformers(feature: str) -> None:
    messages = [dict(m) for m in CONVERSATIONS["system_several_turns"]]
    expected = _transformers(FEATURES[feature], messages, True)
    assert ChatTemplate(FEATURES[feature], BOS, EOS).render(messages) == expected


REFUSED = {
    "raise_exception": "{{ raise_exception('Conversation roles must alternate') }}",
    "namespace_underscore_kw": "{% set ns = namespace(_hidden=1) %}{{ ns._hidden }}",
    "namespace_underscore_set": "{% set ns = namespace() %}{% set ns.__class__ = 1 %}",
    "break_outside_loop": "{% break %}",
    "unclosed_generation": "{% generation %}text",
    "tojson_undefined": "{{ no_such_variable | tojson }}",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_where_transformers_refuses(case: str) -> None:
    messages = [dict(m) for m in CONVERSATIONS["one_turn"]]
    with pytest.raises((jinja2.TemplateError, TypeError, SyntaxError)):
        _transformers(REFUSED[case], messages, True)
    with pytest.raises(ChatTemplateError, match="chat template"):
        ChatTemplate(REFUSED[case], BOS, EOS).render(messages)


def test_raise_exception_message_reaches_the_user() -> None:
    template = ChatTemplate("{{ raise_exception('System role not supported') }}")
    with pytest.raises(ChatTemplateError, match="System role not supported"):
        template.render([dict(SYSTEM)])
