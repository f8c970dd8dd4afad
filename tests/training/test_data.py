"""Data readers: every accepted shape, and clear errors naming file and record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data import load_examples, read_records
from training.eci import load_labelled
from training.errors import ConfigError, DataFormatError
from training.finetune import main as finetune_main


def _write(path: Path, obj) -> Path:
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return path


def test_alpaca_json_and_jsonl_and_noinput(tmp_path: Path) -> None:
    recs = [
        {
            "instruction": "Define sepsis.",
            "input": "<noinput>",
            "output": "A dysregulated response.",
        },
        {"instruction": "Answer truthfully", "input": "What is HbA1c?", "output": "Glycated Hb."},
    ]
    js = _write(tmp_path / "a.json", recs)
    jl = _write(tmp_path / "b.jsonl", "\n".join(json.dumps(r) for r in recs) + "\n\n")
    a, b = load_examples([js]), load_examples([jl])
    assert [e.input for e in a] == ["", "What is HbA1c?"]
    assert a == [e.__class__(e.instruction, e.input, e.output, a[i].where) for i, e in enumerate(b)]
    assert a[1].where.endswith("record 2") and b[1].where.endswith("line 2")


def test_medinstruct_named_answer_field(tmp_path: Path, shared_data: Path) -> None:
    path = shared_data / "eval" / "medinstruct_test_dev.jsonl"
    ex = load_examples([path], response_field="gpt-4-answer")
    assert len(ex) == 100 and all(e.output for e in ex)
    # Auto-detection picks the reference answer when there is no "output" field.
    assert load_examples([path])[0].output == ex[0].output


def test_real_medical_meadow_reads(shared_data: Path) -> None:
    ex = load_examples([shared_data / "train" / "medical_meadow_small.json"])
    assert len(ex) == 5942 and ex[0].input.startswith("What are the symptoms")


@pytest.mark.parametrize(
    ("content", "name", "needle"),
    [
        ([{"instruction": "a", "output": "b"}, {"instruction": "c"}], "x.json", "record 2"),
        (
            [{"instruction": "a", "output": "b"}, {"instruction": "", "output": "d"}],
            "x.json",
            "record 2",
        ),
        ([{"instruction": "a", "output": 3}], "x.json", "record 1"),
        ([{"instruction": "a", "output": "b"}, ["not", "a", "dict"]], "x.json", "record 2"),
        (
            '{"instruction": "a", "output": "b"}\n{"instruction": "c", "output": \n',
            "x.jsonl",
            "line 2",
        ),
        ('[{"instruction": "a", "output": "b"},', "x.json", "invalid JSON"),
        ("", "x.json", "empty"),
    ],
)
def test_malformed_data_names_file_and_record(tmp_path: Path, content, name, needle) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(DataFormatError) as err:
        load_examples([path])
    assert str(path) in str(err.value) and needle in str(err.value)


def test_alpacare_seed_tasks_have_no_answers(shared_data: Path) -> None:
    seed = shared_data / "train" / "alpacare_med_seed.json"
    with pytest.raises(
        DataFormatError, match=r"alpacare_med_seed\.json: record 1: missing field 'output'"
    ):
        load_examples([seed])


def test_finetune_cli_rejects_bad_data_before_loading_any_model(tmp_path: Path, capsys) -> None:
    good = _write(tmp_path / "good.json", [{"instruction": "a", "output": "b"}] * 3)
    bad = _write(tmp_path / "bad.jsonl", '{"instruction": "a", "output": "b"}\n{"input": "x"}\n')
    # The base does not exist: if the data were not checked first, the error would be about it.
    rc = finetune_main(
        [
            "--data",
            str(good),
            str(bad),
            "--base",
            str(tmp_path / "no-model"),
            "--output",
            str(tmp_path / "o"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and f"{bad}: line 2: missing field 'instruction'" in err
    assert not (tmp_path / "o").exists()


def test_pubmedqa_reader_and_label_errors(tmp_path: Path, shared_data: Path) -> None:
    items = load_labelled(shared_data / "eval" / "pubmedqa_pqal_dev.json")
    assert len(items) == 500 and {i.label for i in items} == {"yes", "no", "maybe"}
    assert all(i.question and i.context for i in items)
    bad = _write(
        tmp_path / "l.jsonl",
        '{"question": "q", "label": "yes"}\n{"question": "q", "label": "perhaps"}\n',
    )
    with pytest.raises(DataFormatError, match=r"l\.jsonl: line 2: label 'perhaps'"):
        load_labelled(bad)


def test_config_yaml_and_flags_override(tmp_path: Path) -> None:
    from training.config import parse_config

    cfg_file = _write(
        tmp_path / "c.yaml",
        "data: a.json\nlora-r: 4\nlr: 0.001\ntarget_modules: [q_proj, v_proj]\n",
    )
    cfg = parse_config(["--config", str(cfg_file), "--lr", "0.01"])
    assert cfg.data == ["a.json"] and cfg.lora_r == 4 and cfg.lr == 0.01
    assert cfg.target_modules == ["q_proj", "v_proj"]
    _write(tmp_path / "bad.yaml", "data: a.json\nlora_rank: 4\n")
    with pytest.raises(ConfigError, match="unknown option 'lora_rank'"):
        parse_config(["--config", str(tmp_path / "bad.yaml")])


def test_qlora_on_cpu_fails_early(tmp_path: Path, capsys) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    good = _write(tmp_path / "good.json", [{"instruction": "a", "output": "b"}] * 3)
    rc = finetune_main(["--data", str(good), "--load-in-4bit", "--output", str(tmp_path / "o")])
    assert rc == 2 and "needs a CUDA GPU" in capsys.readouterr().err


def test_read_records_rejects_object_without_list(tmp_path: Path) -> None:
    path = _write(tmp_path / "o.json", {"foo": 1})
    with pytest.raises(DataFormatError, match="expected a JSON list"):
        read_records(path)
