"""The evaluation harness: statistics, reports and a small real run (GGUF, paired compare)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.questions import read_questions
from training.eval_stats import mcnemar_exact_p, paired_comparison, wilson_ci
from training.eval_summary import summary_table
from training.evaluate import main, plan_shots


def test_wilson_and_mcnemar_known_values() -> None:
    lo, hi = wilson_ci(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    lo, hi = wilson_ci(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)
    assert mcnemar_exact_p(0, 5) == pytest.approx(0.0625)
    assert mcnemar_exact_p(3, 3) == 1.0
    cmp = paired_comparison([True, True, False, True], [True, False, False, False])
    assert cmp["difference"] == 0.5 and cmp["only_a_correct"] == 2 and cmp["only_b_correct"] == 0
    lo, hi = cmp["difference_ci95"]
    assert lo < 0.5 < hi


def test_k_shot_planning(shared_data: Path) -> None:
    mmlu = read_questions(shared_data / "eval" / "mmlu_medical").questions
    items, shots_for = plan_shots("mmlu", None, None, mmlu, 3)
    assert items == mmlu  # MMLU exemplars come from the *_dev.csv files, per subject
    q = next(q for q in mmlu if q.subject == "medical_genetics")
    shots = shots_for(q)
    assert len(shots) == 3 and {s.subject for s in shots} == {"medical_genetics"}
    assert all(s.id.startswith("medical_genetics_dev/") for s in shots)
    medqa = read_questions(shared_data / "eval" / "medqa_usmle_dev.jsonl").questions
    items, shots_for = plan_shots("medqa", None, None, medqa, 2)
    assert items == medqa[2:] and list(shots_for(items[0])) == medqa[:2]


def test_harness_writes_json_and_markdown_with_ci_and_comparison(
    tmp_path: Path, shared_data: Path, default_model_path: Path
) -> None:
    data = shared_data / "eval" / "medqa_usmle_dev.jsonl"
    out = tmp_path / "out"
    argv = ["--bench", "medqa", "--data", str(data), "--limit", "2", "--out", str(out)]
    argv += ["--no-progress", "--n-ctx", "2048", "--compare", str(default_model_path)]
    assert main(argv) == 0
    stem = f"medqa_letter_0shot_{default_model_path.stem}"
    report = json.loads((out / f"{stem}.json").read_text())
    assert report["n"] == 2 and report["invalid_rate"] == 0.0
    assert len(report["items"]) == 2
    assert all(item["choice"] in "ABCD" for item in report["items"])
    lo, hi = report["ci95"]
    assert 0.0 <= lo <= report["accuracy"] <= hi <= 1.0
    assert set(report["by_step"]) <= {"step1", "step2&3"}
    assert report["latency_s"]["mean"] > 0
    # Same model twice: identical answers, zero difference, McNemar p = 1.
    cmp = report["comparison"]
    assert cmp["difference"] == 0.0 and cmp["mcnemar_p"] == 1.0 and cmp["n"] == 2
    markdown = (out / f"{stem}.md").read_text()
    assert "95% Wilson CI" in markdown and "Paired comparison" in markdown
    assert (out / f"{stem}_B.json").exists()
    table = summary_table(out)
    assert table.count("| medqa | 2 | letter | 0 |") == 2 and "--compare" in table


def test_harness_reports_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "empty.jsonl"
    bad.write_text("not json\n")
    assert main(["--bench", "medqa", "--data", str(bad), "--out", str(tmp_path)]) == 2


def test_ctrl_c_keeps_the_items_scored_so_far(shared_data: Path) -> None:
    from desktop.mcq import MCQResult
    from training.evaluate import run_items

    questions = read_questions(shared_data / "eval" / "medqa_usmle_dev.jsonl").questions[:5]

    class StopsAfterTwo:  # stands in for MCQScorer; the user presses Ctrl+C on item 3
        calls = 0

        def answer(self, q, method, shots=()):  # noqa: ANN001, ANN201
            self.calls += 1
            if self.calls == 3:
                raise KeyboardInterrupt
            return MCQResult("A", {"A": 1.0, "B": 0.0, "C": 0.0, "D": 0.0}, 0.01, method)

    items = run_items(StopsAfterTwo(), questions, "letter", lambda q: (), progress=False)
    assert [i.id for i in items] == [q.id for q in questions[:2]]
