"""On-device ECI applier: llama.cpp (embedding mode, last-token pooling) on the real embedded GGUF
returns the same final-normed last-token hidden state as the HF model the head is trained on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from training import eci as eci_mod
from training.eci_apply import ECIClassifier, ECIHeadError, load_head_arrays

pytestmark = pytest.mark.slow

EXAMPLE = eci_mod.LabelledExample(
    "Does aspirin reduce mortality after myocardial infarction?",
    "Randomised trial of 17187 patients. Aspirin reduced vascular mortality by 23%.",
    "yes",
)


@pytest.fixture(scope="module")
def hf_default(default_model_path: Path):
    from training.base_model import load_base_model, load_tokenizer, resolve_base

    ref = resolve_base(str(default_model_path))
    return load_base_model(ref), load_tokenizer(ref)


@pytest.fixture(scope="module")
def head_dir(tmp_path_factory: pytest.TempPathFactory, hf_default) -> Path:
    _, tok = hf_default
    fmt = eci_mod.make_prompt_format(tok, "chat", max_prompt_tokens=256)
    torch.manual_seed(0)
    head = eci_mod.ECIHead(576, ["yes", "no", "maybe"])
    torch.nn.init.normal_(head.linear.weight, std=0.01)
    out = tmp_path_factory.mktemp("head")
    eci_mod.save_head(head, fmt, out)
    return out


def test_llama_cpp_last_token_embedding_matches_hf_final_norm(
    default_model_path: Path, hf_default, head_dir: Path
) -> None:
    model, tok = hf_default
    _, fmt = eci_mod.load_head(head_dir)
    ids = eci_mod.encode_labelled(tok, fmt, EXAMPLE)
    captured = {}
    hook = model.model.norm.register_forward_hook(lambda m, i, o: captured.update(pre=i[0]))
    with torch.no_grad():
        out = model(torch.tensor([ids]), output_hidden_states=True)
    hook.remove()
    h_hf = out.hidden_states[-1][0, -1].numpy()
    h_pre = captured["pre"][0, -1].numpy()
    clf = ECIClassifier(default_model_path, head_dir, n_threads=2)
    try:
        tokens = clf.tokenize(clf.render(EXAMPLE.question, EXAMPLE.context))
        assert tokens == ids  # llama.cpp tokenizes the stored prompt exactly as training did
        h_cpp = clf.hidden_state(tokens)
        probs = clf.classify(EXAMPLE.question, EXAMPLE.context)
    finally:
        clf.close()

    def cos(a, b):
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    # Q4_1 weights are dequantized for HF, llama.cpp also quantizes activations: near, not equal.
    assert cos(h_hf, h_cpp) > 0.995
    assert abs(np.linalg.norm(h_cpp) / np.linalg.norm(h_hf) - 1) < 0.02
    assert cos(h_pre, h_cpp) < cos(h_hf, h_cpp) - 0.01  # it is the final-normed state
    head, _ = eci_mod.load_head(head_dir)
    with torch.no_grad():
        want = torch.softmax(head(torch.from_numpy(h_hf)), -1).numpy()
    assert list(probs) == ["yes", "no", "maybe"] and abs(sum(probs.values()) - 1) < 1e-5
    np.testing.assert_allclose(list(probs.values()), want, atol=0.02)


def test_bad_head_files_give_clear_errors(tmp_path: Path, head_dir: Path) -> None:
    with pytest.raises(ECIHeadError, match="not a valid ECI head"):
        load_head_arrays(tmp_path)
    (tmp_path / "eci_head.json").write_text(
        (head_dir / "eci_head.json").read_text().replace('"maybe"', '"maybe", "x"')
    )
    (tmp_path / "eci_head.safetensors").write_bytes(
        (head_dir / "eci_head.safetensors").read_bytes()
    )
    with pytest.raises(ECIHeadError, match="does not match"):
        load_head_arrays(tmp_path)
