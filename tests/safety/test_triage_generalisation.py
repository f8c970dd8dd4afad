"""Triage generalisation: the blind set's targets, and the general rules added for it (blood
results, informal spellings, chained vitals wording, family headers, what-if questions, exam
stems, acute abdomen, carbon monoxide, adrenal crisis)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.safety.discriminators import Level
from desktop.safety.labs import parse_labs
from desktop.safety.matching import expand_informal
from desktop.safety.triage import triage
from desktop.safety.vitals import parse_vitals

HERE = Path(__file__).parent


def test_blind_set_targets() -> None:
    items = [json.loads(x) for x in (HERE / "triage_blind.jsonl").read_text().splitlines() if x]
    emerg = [i for i in items if i["level"] == "emergency"]
    other = [i for i in items if i["level"] != "emergency"]
    assert len(items) >= 150 and len({i["kind"] for i in items}) >= 35
    missed = [i["text"] for i in emerg if triage(i["text"]).level != Level.EMERGENCY]
    alarms = [i["text"] for i in other if triage(i["text"]).level == Level.EMERGENCY]
    assert len(missed) / len(emerg) <= 0.02, missed
    assert len(alarms) / len(other) <= 0.05, alarms


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("K+ 7.1", "potassium", 7.1),
        ("potassium of 2,3 mmol/L", "potassium", 2.3),
        ("serum K = 6.6", "potassium", 6.6),
        ("Na 118", "sodium", 118),
        ("sodium is now 121", "sodium", 121),
        ("lactate 4.6", "lactate", 4.6),
        ("K 7.0 on Monday, repeat K 5.1 today", "potassium", 5.1),  # the latest value
    ],
)
def test_blood_results_parse(text: str, name: str, value: float) -> None:
    assert getattr(parse_labs(text.lower()), name) == pytest.approx(value)


@pytest.mark.parametrize("text", ["vitamin k 10", "lac 5 cm over the shin", "k 40 mg"])
def test_non_results_are_not_read_as_potassium_or_lactate(text: str) -> None:
    labs = parse_labs(text)
    assert labs.potassium is None and labs.lactate is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("k+ 7.2 on the renal bloods", Level.EMERGENCY),
        ("potassium 6.1 with peaked t waves", Level.EMERGENCY),
        ("potassium 6.2, feels well", Level.URGENT),
        ("potassium 4.4", Level.ROUTINE),
        ("na 116 and drowsy", Level.EMERGENCY),
        ("na 138", Level.ROUTINE),
    ],
)
def test_electrolyte_thresholds(text: str, level: Level) -> None:
    assert triage(text).level == level


def test_informal_spellings_are_written_out_but_im_stays_intramuscular() -> None:
    assert expand_informal("i dont want to go on, cant cope tonite") == (
        "i don't want to go on, can't cope tonight"
    )
    assert expand_informal("im so scared") == "i'm so scared"
    assert expand_informal("give im adrenaline 0.5mg, u/s booked") == (
        "give im adrenaline 0.5mg, u/s booked"
    )


@pytest.mark.parametrize("label", ["pulse", "heart rate", "hr"])
@pytest.mark.parametrize("sep", [" is only ", " was just ", " is now ", " of about ", " "])
def test_heart_rate_after_chained_words(label: str, sep: str) -> None:
    assert parse_vitals(f"{label}{sep}34 bpm").hr == 34


@pytest.mark.parametrize(
    "finding",
    ["mi at 52", "stroke aged 60", "aaa repair", "dvt and pe"],
)
def test_family_history_header_removes_the_flag(finding: str) -> None:
    assert triage(f"FHx: father {finding}. Asking about his own risk").level != Level.EMERGENCY
    assert triage(f"Family history: brother {finding}").level != Level.EMERGENCY


@pytest.mark.parametrize("finding", ["a stroke", "a heart attack", "anaphylaxis"])
def test_what_if_someone_is_having_is_hypothetical(finding: str) -> None:
    assert triage(f"If someone is having {finding}, what should you look for?").level == (
        Level.ROUTINE
    )
    assert triage(f"My dad is having {finding} right now").level == Level.EMERGENCY


def test_exam_stem_with_question_is_education_but_a_real_request_is_not() -> None:
    stem = "A 70-year-old woman has sudden right arm weakness and aphasia."
    assert triage(stem + " Which artery is most likely affected?").education
    assert triage(stem + " What should I do now?").level == Level.EMERGENCY


def test_symptom_back_after_an_old_recovery_is_not_a_tia() -> None:
    r = triage("had a TIA last year, fully recovered, but this morning my face is drooping again")
    assert r.level == Level.EMERGENCY
    transient = "face drooped and speech was slurred for 10 minutes, fully resolved now"
    assert triage(transient).level == Level.URGENT


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("rigid abdomen with guarding, pulse 124", Level.EMERGENCY),
        ("vomiting bile and not passed wind since yesterday", Level.EMERGENCY),
        ("abdo soft, non-tender, no guarding", Level.ROUTINE),
        ("perforated eardrum after an ear infection", Level.ROUTINE),
    ],
)
def test_acute_abdomen(text: str, level: Level) -> None:
    assert triage(text).level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("gas fire is old and we both have headaches and feel dizzy", Level.EMERGENCY),
        ("the co alarm is beeping and my son is drowsy with a headache", Level.EMERGENCY),
        ("how do I test my co alarm", Level.ROUTINE),
        ("I have Addison's and have been vomiting since last night", Level.EMERGENCY),
        ("I have Addison's, what is the sick day dose of hydrocortisone?", Level.ROUTINE),
    ],
)
def test_carbon_monoxide_and_adrenal_crisis(text: str, level: Level) -> None:
    assert triage(text).level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # asking whether a symptom means a condition: only the named condition is hypothetical
        ("my eyelid keeps twitching, is it a sign of a stroke?", Level.ROUTINE),
        ("is it a sign of a stroke if my face is drooping right now?", Level.EMERGENCY),
        ("he is showing signs of a stroke, face drooping", Level.EMERGENCY),
        # weak lay signs of reduced response count only together
        ("my son won't talk to me since we argued", Level.ROUTINE),
        ("grandad is all floppy and won't answer me", Level.EMERGENCY),
        # a stabbing pain is not a stab wound
        ("sharp stabbing pain in my heel when I walk", Level.ROUTINE),
        # an infant's age written without "old"
        ("my baby is 5 weeks and has a temperature of 38.2", Level.EMERGENCY),
        ("I had a baby 5 weeks ago and feel low", Level.ROUTINE),
    ],
)
def test_context_and_lay_wording_rules(text: str, level: Level) -> None:
    assert triage(text).level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("type 1 diabetic, very drowsy, sugar meter says HI", Level.EMERGENCY),
        ("type 1, vomiting and breathing funny", Level.EMERGENCY),
        ("breathing deeply helps my anxiety", Level.ROUTINE),
        ("severe pain in my left eye with halos and vomiting", Level.EMERGENCY),
        ("sore eye after a late night, a bit blurry", Level.ROUTINE),
        ("6 weeks pregnant and collapsed with lower tummy pain", Level.EMERGENCY),
        ("a documentary about suicide made me think, I'm fine", Level.ROUTINE),
        ("I keep thinking about suicide", Level.EMERGENCY),
    ],
)
def test_sixth_round_rules_and_their_look_alikes(text: str, level: Level) -> None:
    assert triage(text).level == level
