"""The whole app session runs with networking unavailable, and opens no network socket.

A child process (``tests/hardening/offline_session.py``) runs a real session: question import,
model registry, the GUI app's headless smoke mode (``desktop.app.main(['--quit-after-load'])``:
Qt offscreen, model load, streamed answer — this installs the app's own network guard,
``desktop.netguard``), then every page under that guard: MCQ with its explanation, a Study
review explanation, Models (convert a Hugging Face folder, "Make faster copy (Q8_0)"), and
history writes and search. It runs:

* inside a new network namespace (``unshare -n``, or ``unshare -rn`` when not root) where only
  a down loopback exists, so any network access would fail, and
* with a Python audit hook that records every socket created/connected/resolved; any
  AF_INET/AF_INET6 socket or name lookup fails the test (AF_UNIX local IPC is allowed).

Without ``unshare`` (e.g. macOS CI) only the audit hook and the guard apply, and the test
reports itself as an expected failure naming the missing isolation instead of passing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _isolation_prefix() -> list[str]:
    """``unshare`` arguments that give the child a private, empty network namespace."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return []
    for args in ([unshare, "-n"], [unshare, "-rn"]):
        probe = subprocess.run([*args, "true"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return args
    return []


def _tiny_hf_model(out: Path, gguf: Path) -> Path:
    """A tiny random LLaMA with the embedded model's real tokenizer, as an HF folder."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        tie_word_embeddings=True, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
    )  # fmt: skip
    LlamaForCausalLM(config).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def test_session_without_network(tmp_path: Path, default_model_path: Path) -> None:
    started = time.monotonic()
    tiny = _tiny_hf_model(tmp_path / "tiny-hf", default_model_path)
    print(f"tiny HF model built in {time.monotonic() - started:.1f} s")
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
        "OMP_NUM_THREADS": "1",
    }
    for name in ("CLINASSIST_EMBEDDED_DIR",):  # where a dev checkout keeps the default model
        if name in os.environ:
            env[name] = os.environ[name]
    prefix = _isolation_prefix()
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "tests.hardening.offline_session", str(home), str(tiny)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=800,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("SESSION-RESULT "))
    out = json.loads(line.removeprefix("SESSION-RESULT "))
    print(f"offline session ({' '.join(prefix) or 'audit hook only'}): {out}")
    if prefix:
        assert out["interfaces"] == ["lo"], "the child was not in an isolated network namespace"
    assert out["app_exit"] == 0
    assert out["questions"] > 0
    assert out["models"], "the registry lists the embedded model"
    assert out["search_hits"] == 1
    assert out["socket_events"] == [], f"network activity: {out['socket_events']}"
    assert out["control_events"] and "family=2" in out["control_events"][0]
    # Every page ran, inside the process that installed the guard at start-up.
    assert out["guard_installed"] is True
    assert out["mcq_choice"] in list("ABCDE"), out["mcq_choice"]
    assert out["mcq_explanation_chars"] > 0
    assert out["study_explanation_chars"] > 0
    assert out["convert_error"] is None and out["fast_copy_error"] is None, out
    assert out["models_after"] == ["F16", "Q8_0"]
    assert out["guard_refused"] == []  # nothing even tried to leave the machine
    if not prefix:
        pytest.xfail(
            "unshare -n is not available here: the session ran under the audit hook and the "
            "app's network guard only, not in an isolated network namespace"
        )
