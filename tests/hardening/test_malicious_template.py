"""A GGUF's chat template is untrusted code: it must not reach Python internals or the OS.

``desktop.engine.chat_template.ChatTemplate`` renders it in Jinja's
``ImmutableSandboxedEnvironment``. Each attack below is a known Jinja sandbox-escape pattern
that would run ``touch MARKER`` if it worked; the test checks the render fails with
``ChatTemplateError`` and the marker file does not exist. The last test loads a real GGUF
(the embedded model with its template replaced) through ``desktop.engine.Engine``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.engine.chat_template import ChatTemplate, ChatTemplateError

MESSAGES = [{"role": "user", "content": "hello"}]

ATTACKS = {
    "mro_subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "subclasses_popen": (
        "{% for c in ''.__class__.__base__.__subclasses__() %}{% if c.__name__ == 'Popen' %}"
        "{{ c(['touch', '@MARKER@']) }}{% endif %}{% endfor %}"
    ),
    "cycler_globals_os": "{{ cycler.__init__.__globals__.os.system('touch @MARKER@') }}",
    "joiner_globals": "{{ joiner.__init__.__globals__.os.popen('touch @MARKER@').read() }}",
    "namespace_globals": "{{ namespace.__init__.__globals__['os'].system('touch @MARKER@') }}",
    "lipsum_globals": "{{ lipsum.__globals__['os'].system('touch @MARKER@') }}",
    "raise_exception_globals": (
        "{{ raise_exception.__globals__['__builtins__']['__import__']('os')"
        ".system('touch @MARKER@') }}"
    ),
    "strftime_globals": "{{ strftime_now.__globals__.__builtins__.open('@MARKER@', 'w') }}",
    "template_reference_context": "{{ self._TemplateReference__context.cycler.__init__ }}",
    "attr_filter": "{{ (messages|attr('__class__')|attr('__mro__'))[1].__subclasses__() }}",
    "format_string": "{{ '{0.__class__.__mro__}'.format(messages) }}",
    "format_map": "{{ '{0.__init__.__globals__}'.format_map({'0': cycler}) }}",
    "mutate_messages": "{% set _ = messages.append({'role': 'system', 'content': 'x'}) %}",
    "mutate_dict": "{% set _ = messages[0].update({'content': 'pwned'}) %}",
    "huge_range": "{% for i in range(10**9) %}{% endfor %}",
    "include_file": "{% include '/etc/passwd' %}",
    "import_module": "{% import 'os' as os %}{{ os.system('touch @MARKER@') }}",
    "explicit_raise": "{{ raise_exception('refused by template') }}",
    # The transformers features (generation tag, loop controls, dict, namespace, tojson) are
    # no way around the sandbox either.
    "generation_block": (
        "{% generation %}{{ ''.__class__.__mro__[1].__subclasses__() }}{% endgeneration %}"
    ),
    "loop_controls": (
        "{% for c in ''.__class__.__base__.__subclasses__() %}{% if c.__name__ == 'Popen' %}"
        "{{ c(['touch', '@MARKER@']) }}{% break %}{% endif %}{% endfor %}"
    ),
    "dict_global": "{{ dict.__call__.__globals__['os'].system('touch @MARKER@') }}",
    "namespace_dunder": "{% set ns = namespace() %}{% set ns.__class__ = 1 %}{{ ns }}",
    "tojson_filter": "{{ (messages | tojson).__class__.__mro__[1].__subclasses__() }}",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_sandbox_blocks_attack(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    source = ATTACKS[name].replace("@MARKER@", str(marker))
    messages = [dict(m) for m in MESSAGES]
    with pytest.raises(ChatTemplateError):
        ChatTemplate(source, "<s>", "</s>").render(messages)
    assert not marker.exists(), f"{name}: the template ran code"
    assert messages == MESSAGES, f"{name}: the template changed the caller's messages"


def test_benign_template_still_renders() -> None:
    out = ChatTemplate(None).render(MESSAGES)
    assert out == "<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n"


def test_syntax_error_is_a_clear_error() -> None:
    with pytest.raises(ChatTemplateError, match="does not compile"):
        ChatTemplate("{% for x in %}")


def test_malicious_template_in_a_real_gguf(default_model_path: Path, tmp_path: Path) -> None:
    """Load a real model whose GGUF metadata carries an escape attempt; nothing runs."""
    from desktop.engine import Engine, EngineConfig, SamplingSettings
    from models.gguf_info import read_gguf_info
    from tests.hardening.conftest import copy_with_template

    marker = tmp_path / "PWNED"
    attack = (
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
        "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    )
    hostile = copy_with_template(default_model_path, tmp_path / "hostile.gguf", attack)
    assert read_gguf_info(hostile).chat_template.startswith(attack)

    # The template compiles (the attack only runs at render time), so the model loads ...
    engine = Engine(EngineConfig(model_path=str(hostile), n_ctx=256, n_threads=1))
    try:
        # ... and every render is refused.
        with pytest.raises(ChatTemplateError):
            engine.render(MESSAGES)
        with pytest.raises(ChatTemplateError):
            engine.chat(MESSAGES, SamplingSettings(max_tokens=4, temperature=0.0))
        # The model itself still works for raw prompts: only the template is refused.
        assert engine.tokenize("hello")
    finally:
        engine.close()
    assert not marker.exists()
