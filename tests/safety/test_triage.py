"""Triage engine: dev-set targets, context (negation/history) properties, vitals parsing from many
written forms, NEWS2/qSOFA against hand-computed worked examples, dose notices that fit the
patient, and the advice reaching the prompt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.safety import assess, safety_instructions
from desktop.safety.discriminators import REGISTRY, Level
from desktop.safety.scores import news2, qsofa
from desktop.safety.spelling import Speller
from desktop.safety.triage import triage
from desktop.safety.vitals import Vitals, parse_vitals

HERE = Path(__file__).parent


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["triage_vignettes.jsonl", "triage_holdout.jsonl"])
def test_vignette_targets(name: str) -> None:
    items = _load(name)
    emerg = [i for i in items if i["level"] == "emergency"]
    other = [i for i in items if i["level"] != "emergency"]
    missed = [i["text"] for i in emerg if triage(i["text"]).level != Level.EMERGENCY]
    alarms = [i["text"] for i in other if triage(i["text"]).level == Level.EMERGENCY]
    assert len(missed) / len(emerg) <= 0.02, missed
    assert len(alarms) / len(other) <= 0.05, alarms


def test_dev_set_shape() -> None:
    items = _load("triage_vignettes.jsonl")
    kinds = {i["kind"] for i in items}
    assert len(items) >= 250 and len(kinds) >= 35
    share = sum(i["level"] == "emergency" for i in items) / len(items)
    assert 0.4 <= share <= 0.6
    styles = {i["style"] for i in items}
    assert {
        "shorthand",
        "lay",
        "vitals",
        "negated",
        "historical",
        "family",
        "hypothetical",
    } <= styles
    assert "exam" in styles and "typo" in styles
    # every registered discriminator has a vignette of its kind: an emergency one, or for the
    # same-day (urgent-only) rules an urgent one
    emergency_kinds = {i["kind"] for i in items if i["level"] == "emergency"}
    urgent_kinds = {i["kind"] for i in items if i["level"] == "urgent"}
    same_day = {
        d.kind for d in REGISTRY
        if d.__module__.endswith((".same_day", ".general_urgent", ".same_day_lay", ".same_day_signs"))
    }
    assert len(same_day) >= 12
    assert same_day <= urgent_kinds
    others = {d.kind for d in REGISTRY} - same_day - {"alcohol_withdrawal"}
    assert others <= emergency_kinds | {"hypertensive_emergency"}


def test_result_carries_reasons_and_advice() -> None:
    r = triage("62M c/o CP x40min, diaphoretic, STE II/III/aVF on ECG")
    assert r.level == Level.EMERGENCY
    acs = next(f for f in r.findings if f.kind == "acute_coronary_syndrome")
    assert any("'ste'" in why for why in acs.reasons)  # which words fired
    assert "ECG" in acs.advice
    vit = triage("HR 128, BP 82/45, RR 28, T 39.4, new confusion")
    assert "sepsis" in vit.kinds
    assert any("qSOFA 3" in why for f in vit.findings for why in f.reasons)  # which values


def test_exam_question_is_not_an_emergency_but_keeps_its_reasons() -> None:
    r = triage(
        "A 60-year-old man presents with crushing chest pain and ST elevation in V1-V4. "
        "Which of the following arteries is most likely occluded?"
    )
    assert r.level == Level.ROUTINE and r.education
    assert "acute_coronary_syndrome" in r.kinds  # shown as information, not as an alarm


def test_urgent_level_and_notice() -> None:
    a = assess("yesterday my hand went numb for 10 minutes but it all went back to normal")
    assert a.level == Level.URGENT and a.red_flags == [] and a.emergency_notice is None
    assert a.urgent_notice is not None and "24 hours" in a.urgent_notice
    assert "Why:" in a.urgent_notice
    note = safety_instructions(a)
    assert note is not None and "urgent today" in note


def test_one_red_flag_per_family_with_the_specific_advice() -> None:
    a = assess("took 32 x 500mg paracetamol 6 hours ago")
    assert [f.name for f in a.red_flags] == ["overdose_poisoning"]
    assert "antidote" in a.red_flags[0].advice  # the paracetamol-specific advice wins
    assert a.emergency_notice is not None and "Why:" in a.emergency_notice
    assert "16 g" in a.emergency_notice  # 32 x 500 mg computed


def test_emergency_advice_and_reasons_reach_the_prompt() -> None:
    note = safety_instructions(assess("my 6 week old has a temperature of 38.2"))
    assert note is not None
    assert "emergency" in note and "under 3 months" in note and "38.2" in note


# -- context: a negation or history cue before a finding removes its flag -------------------
FINDINGS = [
    "crushing chest pain",
    "slurred speech",
    "facial droop",
    "stridor",
    "haematemesis",
    "melaena",
    "a non-blanching rash",
    "anaphylaxis",
    "status epilepticus",
    "suicidal thoughts",
    "aortic dissection",
    "a thunderclap headache",
    "DKA",
    "saddle anaesthesia",
    "testicular torsion",
]
CUES = [
    "no",
    "denies",
    "no history of",
    "history of",
    "h/o",
    "hx of",
    "previous",
    "negative for",
    "without",
    "no evidence of",
    "family history of",
    "past medical history of",
]
FILLER = ["", "Seen in clinic today.", "Obs stable.", "Here for review."]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FINDINGS), st.sampled_from(CUES), st.sampled_from(FILLER))
def test_negation_or_history_cue_removes_the_flag(finding: str, cue: str, filler: str) -> None:
    assert triage(f"{filler} {finding}".strip()).level == Level.EMERGENCY, finding
    cued = triage(f"{filler} {cue} {finding}".strip())
    assert cued.level != Level.EMERGENCY, (cue, finding, cued.kinds)
    assert cued.suppressed  # and the reasons say what context removed


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FINDINGS), st.sampled_from(["but", "however", "now"]))
def test_negation_stops_at_a_terminator(finding: str, word: str) -> None:
    assert triage(f"no fever {word} {finding}").level == Level.EMERGENCY


# -- vitals from many written forms ---------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(
    st.integers(60, 240),
    st.integers(30, 59),
    st.sampled_from(
        ["BP {s}/{d}", "bp {s}/{d} mmHg", "blood pressure {s} over {d}", "B/P: {s}/{d}"]
    ),
)
def test_bp_forms(s: int, d: int, form: str) -> None:
    v = parse_vitals(form.format(s=s, d=d).lower())
    assert (v.sbp, v.dbp) == (s, d)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(30, 220),
    st.sampled_from(
        ["HR {x}", "hr: {x}", "pulse {x} bpm", "heart rate of {x}", "{x} bpm", "P {x}"]
    ),
)
def test_heart_rate_forms(x: int, form: str) -> None:
    if form == "P {x}":  # a bare "P" is not read as pulse (p values, P waves): nothing guessed
        assert parse_vitals(form.format(x=x).lower()).hr is None
        return
    assert parse_vitals(form.format(x=x).lower()).hr == x


@settings(max_examples=100, deadline=None)
@given(
    st.integers(4, 60), st.sampled_from(["RR {x}", "resp rate {x}", "{x} breaths/min", "RR={x}"])
)
def test_resp_rate_forms(x: int, form: str) -> None:
    assert parse_vitals(form.format(x=x).lower()).rr == x


@settings(max_examples=100, deadline=None)
@given(
    st.integers(70, 100),
    st.sampled_from(["SpO2 {x}%", "sats {x}%", "sat {x} on RA", "{x}% on room air", "O2 sats {x}"]),
)
def test_spo2_forms(x: int, form: str) -> None:
    v = parse_vitals(form.format(x=x).lower())
    assert v.spo2 == x and not v.on_oxygen


def test_spo2_on_oxygen_and_ranges() -> None:
    v = parse_vitals("sats 91% on 4l nasal cannula")
    assert v.spo2 == 91 and v.on_oxygen
    r = parse_vitals("hr 120-140, sats 86-88%, rr 24 to 30")
    assert (r.hr, r.spo2, r.rr) == (140, 86, 30)  # the worse end of each range


@settings(max_examples=150, deadline=None)
@given(
    st.integers(350, 415).map(lambda t: t / 10),
    st.sampled_from(["T {c}", "temp {c}°C", "temperature of {c} C", "{c} degrees", "Tmax {c}"]),
)
def test_temperature_celsius_forms(c: float, form: str) -> None:
    assert parse_vitals(form.format(c=c).lower()).temp_c == pytest.approx(c, abs=0.05)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(950, 1060).map(lambda t: t / 10),
    st.sampled_from(["temp {f}F", "T {f} °F", "{f} f"]),
)
def test_temperature_fahrenheit_is_converted(f: float, form: str) -> None:
    c = parse_vitals(form.format(f=f).lower()).temp_c
    assert c == pytest.approx((f - 32) * 5 / 9, abs=0.06)


def test_gcs_and_glucose_forms() -> None:
    assert parse_vitals("gcs 12/15").gcs == 12
    assert parse_vitals("gcs e2 v3 m5").gcs == 10
    assert parse_vitals("bm 2.1").glucose_mmol == 2.1
    assert parse_vitals("blood glucose 450 mg/dl").glucose_mmol == 25.0
    assert parse_vitals("cbg 30 mmol/l").glucose_mmol == 30.0
    assert parse_vitals("temp 38,6").temp_c == 38.6  # decimal comma
    assert parse_vitals("tmp of 39.1 and feels hot").temp_c == 39.1  # bare 3x.x beside fever words
    assert parse_vitals("hb 39.1").temp_c is None  # ... and not without them
    assert triage("temprature 39.1, my 3 week old baby").level == Level.EMERGENCY


# -- NEWS2 / qSOFA worked examples (hand-computed from the RCP 2017 and Sepsis-3 charts) -------
def test_news2_worked_examples() -> None:
    # RR 24 -> 2, SpO2 93 -> 2, air -> 0, SBP 105 -> 1, HR 112 -> 2, alert -> 0, T 38.5 -> 1
    v = parse_vitals("rr 24, spo2 93% on room air, bp 105/70, hr 112, alert, t 38.5")
    assert news2(v).total == 8
    # all normal
    assert news2(Vitals(sbp=125, hr=72, rr=14, spo2=98, temp_c=36.8)).total == 0
    # every parameter in its worst band: 3+3+2+3+3+3+3 = 20
    worst = Vitals(sbp=88, hr=38, rr=7, spo2=90, on_oxygen=True, temp_c=34.9)
    assert news2(worst, new_confusion=True).total == 20
    # boundaries: RR 21 -> 2, 20 -> 0; SBP 100 -> 2, 101 -> 1; HR 91 -> 1, 131 -> 3
    assert news2(Vitals(rr=21)).parts["RR"] == 2 and news2(Vitals(rr=20)).parts["RR"] == 0
    assert news2(Vitals(sbp=100)).parts["SBP"] == 2 and news2(Vitals(sbp=101)).parts["SBP"] == 1
    assert news2(Vitals(sbp=220)).parts["SBP"] == 3
    assert news2(Vitals(hr=91)).parts["HR"] == 1 and news2(Vitals(hr=131)).parts["HR"] == 3
    assert (
        news2(Vitals(temp_c=39.1)).parts["Temp"] == 2
        and news2(Vitals(temp_c=38.0)).parts["Temp"] == 0
    )
    # supplemental oxygen adds 2; new confusion scores 3 (ACVPU)
    assert news2(Vitals(rr=12, spo2=97, on_oxygen=True), new_confusion=True).total == 5
    assert news2(Vitals()).missing == ("RR", "SpO2", "SBP", "HR", "Temp")


def test_qsofa_worked_examples() -> None:
    assert qsofa(Vitals(rr=22, sbp=100, gcs=14)).total == 3
    assert qsofa(Vitals(rr=21, sbp=101, gcs=15)).total == 0
    assert qsofa(Vitals(rr=30, sbp=140), new_confusion=True).total == 2
    v = parse_vitals("resp rate 26, bp 95/60")
    assert qsofa(v).total == 2


@settings(max_examples=200, deadline=None)
@given(
    st.integers(4, 45),
    st.integers(70, 100),
    st.integers(60, 240),
    st.integers(30, 180),
    st.integers(340, 415),
    st.booleans(),
    st.booleans(),
)
def test_news2_parsed_from_text_equals_direct(
    rr: int, spo2: int, sbp: int, hr: int, t10: int, oxygen: bool, confused: bool
) -> None:
    text = (
        f"RR {rr}, SpO2 {spo2}% {'on 2L' if oxygen else 'on room air'}, BP {sbp}/50, "
        f"HR {hr}, T {t10 / 10}" + (", new confusion" if confused else ", alert")
    )
    direct = news2(
        Vitals(sbp=sbp, hr=hr, rr=rr, spo2=spo2, on_oxygen=oxygen, temp_c=t10 / 10), confused
    )
    assert triage(text).message.news2.total == direct.total  # type: ignore[union-attr]


# -- typos ----------------------------------------------------------------------------------
def test_typo_correction() -> None:
    sp = Speller(["seizure", "vomiting", "unconscious", "fainted", "pain", "confused", "concussed"])
    assert sp.correct("siezure") == "seizure"  # swapped letters
    assert sp.correct("vomitting") == "vomiting"  # doubled letter
    assert sp.correct("unconcious") == "unconscious"  # missing letter
    assert sp.correct("pian") == "pain"  # short word, swap only
    assert sp.correct("confussed") == "confused"  # extra letter beats a substitution
    assert sp.correct("painted") == "painted"  # different first letter: never "fainted"
    assert sp.correct("pane") == "pane"  # short words: no substitutions


# -- dose notices fit the patient -----------------------------------------------------------
def test_dose_notice_asks_only_what_applies() -> None:
    child = assess("What dose of paracetamol for my 4 year old daughter? She weighs 16 kg")
    assert child.dose_notice is not None
    assert "pregnan" not in child.dose_notice  # not asked for a 4-year-old
    assert "16 kg" in child.dose_notice  # the weight given is acknowledged
    man = assess("How much ibuprofen can a 45 year old man take?")
    assert man.dose_notice is not None and "pregnan" not in man.dose_notice
    assert "45 year old" in man.dose_notice
    woman = assess("What dose of nitrofurantoin for a 30 year old woman?")
    assert woman.dose_notice is not None and "pregnan" in woman.dose_notice
    older = assess("What dose of amoxicillin for an 82 year old lady, 60 kg?")
    assert older.dose_notice is not None and "pregnan" not in older.dose_notice
