"""Red flags, dose questions and the safety note: many phrasings, negations, arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.safety import (
    DISCLAIMER,
    RULES,
    SafetyAssessment,
    assess,
    augment_messages,
    augment_user_text,
    safety_instructions,
)

POSITIVE = [
    ("acute_coronary_syndrome", "58M with crushing chest pain radiating to the left arm"),
    ("acute_coronary_syndrome", "ECG shows ST elevation in leads II, III and aVF"),
    ("acute_coronary_syndrome", "ECG: ST-segment elevation V1-V4"),
    ("acute_coronary_syndrome", "Inferior STEMI, what next?"),
    ("acute_coronary_syndrome", "central chest pain, sweating and nausea for 30 minutes"),
    ("acute_coronary_syndrome", "Chest tightness that radiates to his jaw"),
    ("acute_coronary_syndrome", "I think my dad is having a heart attack"),
    ("acute_coronary_syndrome", "CHEST PAIN and SHORTNESS OF BREATH"),
    ("stroke", "sudden weakness of the right arm and slurred speech"),
    ("stroke", "Her face is drooping on one side? facial droop since 10 am"),
    ("stroke", "He has slurred speech since this morning"),
    ("stroke", "Sudden onset of confusion and trouble speaking"),
    ("stroke", "left-sided weakness... one-sided weakness started an hour ago"),
    ("stroke", "FAST positive in ambulance"),
    ("stroke", "She suddenly lost vision; sudden loss of vision in the left eye"),
    ("stroke", "right hemiparesis noticed on waking"),
    ("anaphylaxis", "throat swelling after a bee sting"),
    ("anaphylaxis", "Wheezing and hives after eating peanuts"),
    ("anaphylaxis", "my tongue is swollen and I can hardly breathe"),
    ("anaphylaxis", "suspected anaphylaxis to penicillin"),
    ("anaphylaxis", "Throat closing up after shellfish"),
    ("suicide_self_harm", "I want to kill myself"),
    ("suicide_self_harm", "patient with suicidal ideation and a plan"),
    ("suicide_self_harm", "She has been self-harming by cutting"),
    ("suicide_self_harm", "he says he doesn't want to live anymore"),
    ("suicide_self_harm", "I just want to die"),
    ("suicide_self_harm", "thinking about ending my life"),
    ("overdose_poisoning", "took 30 paracetamol tablets two hours ago"),
    ("overdose_poisoning", "Overdose of amitriptyline"),
    ("overdose_poisoning", "toddler swallowed bleach"),
    ("overdose_poisoning", "she took a whole bottle of pills"),
    ("severe_bleeding", "severe bleeding from a leg wound"),
    ("severe_bleeding", "the cut won't stop bleeding"),
    ("severe_bleeding", "bleeding that will not stop despite pressure"),
    ("severe_bleeding", "vomiting blood since this morning"),
    ("severe_bleeding", "massive haemorrhage after delivery"),
    ("severe_bleeding", "Postpartum hemorrhage, uterus boggy"),
    ("sepsis", "suspected sepsis in an elderly man"),
    ("sepsis", "fever and confusion, mottled skin"),
    ("sepsis", "temperature of 39.5 and low blood pressure"),
    ("sepsis", "UTI with rigors and a fast heart rate"),
    ("sepsis", "Septic shock on noradrenaline"),
    ("meningitis", "fever, neck stiffness and photophobia"),
    ("meningitis", "child with a non-blanching rash"),
    ("meningitis", "a rash that doesn't fade under a glass"),
    ("meningitis", "could this be meningitis?"),
    ("meningitis", "stiff neck and high temperature"),
    ("acute_coronary_syndrome", "pain in the chest spreading to the left arm"),
    ("stroke", "Arm weakness and speech difficulty since 9am"),
    ("stroke", "Patient denies chest pain but reports slurred speech"),
    ("overdose_poisoning", "child swallowed a button battery"),
    ("pregnancy_emergency", "I'm 8 weeks pregnant and bleeding with severe abdominal pain"),
    ("pregnancy_emergency", "possible ectopic"),
    ("pregnancy_emergency", "32 weeks pregnant, severe headache and swelling"),
    ("diabetic_emergency", "My blood sugar is 25 mmol/L and I'm vomiting"),
    ("diabetic_emergency", "known type 1 diabetic, ketones high, query DKA"),
    ("diabetic_emergency", "severe hypoglycaemia in an insulin user"),
    ("thunderclap_headache", "worst headache of my life, came on suddenly"),
    ("thunderclap_headache", "sudden severe headache while lifting weights"),
    ("thunderclap_headache", "thunderclap headache at rest"),
    ("breathing_difficulty", "he is not breathing"),
    ("breathing_difficulty", "my child can't breathe"),
    ("breathing_difficulty", "lips are turning blue"),
    ("breathing_difficulty", "choking on food"),
    ("unresponsive_or_seizure", "found unresponsive on the floor"),
    ("unresponsive_or_seizure", "seizure lasting more than 5 minutes"),
    ("unresponsive_or_seizure", "the fit won't stop"),
    ("unresponsive_or_seizure", "I can't wake him up"),
]

NEGATIVE = [
    "no chest pain",
    "No chest pain, no shortness of breath, no sweating",
    "denies chest pain or palpitations",
    "The patient denies suicidal ideation",
    "no suicidal thoughts",
    "without slurred speech or facial droop",
    "no neck stiffness and no photophobia; fever for 2 days",
    "negative for ST elevation",
    "ST elevation ruled out",
    "What is the first-line treatment for hypertension?",
    "how do I interpret a lipid panel",
    "food poisoning after a buffet",
    "mild nosebleed that stopped after 5 minutes of pressure",
    "seasonal allergies with itchy eyes",
    "the patient is breathing comfortably",
    "I am fasting before surgery; is it fast enough?",
    "he cut himself shaving",  # not self-harm phrasing
    "stroke volume and cardiac output",
    "killing bacteria with antibiotics",
    "post-operative fever, otherwise well",
    "aseptic technique for a lumbar puncture",  # word boundaries: not "septic"
    "chest x-ray normal",
    "She had a stroke last year and is stable",
    "history of MI in 2010, now stable",
    "no fever, no rash, no neck stiffness",
    "meningitis has been ruled out",
    "not pregnant, no bleeding",
    "blood sugar of 6.5 mmol this morning",
    "",
]


@pytest.mark.parametrize(("name", "text"), POSITIVE)
def test_red_flags_detected(name: str, text: str) -> None:
    result = assess(text)
    names = [f.name for f in result.red_flags]
    assert name in names, f"{text!r} -> {names}"
    assert result.emergency_notice is not None
    assert "emergency" in result.emergency_notice.lower()
    flag = next(f for f in result.red_flags if f.name == name)
    assert flag.advice and flag.evidence and flag.label


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_red_flags(text: str) -> None:
    result = assess(text)
    assert result.red_flags == [], [(f.name, f.evidence) for f in result.red_flags]
    assert result.emergency_notice is None


def test_negation_is_scoped_to_its_clause() -> None:
    assert assess("no fever but crushing chest pain")
    assert [f.name for f in assess("No fever. Crushing chest pain.").red_flags] == [
        "acute_coronary_syndrome"
    ]
    assert assess("not sure, but he has slurred speech").red_flags
    assert assess("no known allergies, presents with facial droop").red_flags
    assert not assess("no facial droop").red_flags


def test_self_harm_notice_has_crisis_line() -> None:
    notice = assess("I keep thinking about suicide").emergency_notice
    assert notice is not None
    assert "988" in notice and "116 123" in notice and "emergency number" in notice


def test_several_flags_in_one_message() -> None:
    result = assess("Crushing chest pain. Also took 20 pills of diazepam an hour ago.")
    assert {f.name for f in result.red_flags} == {"acute_coronary_syndrome", "overdose_poisoning"}
    assert result.emergency_notice is not None
    assert result.emergency_notice.count("\n- ") == 2


def test_every_rule_has_a_positive_example() -> None:
    assert {r.name for r in RULES} == {name for name, _ in POSITIVE}


# -- dose questions ---------------------------------------------------------------------------
DOSE_QUESTIONS = [
    "What dose of amoxicillin for otitis media?",
    "what's the dose of gentamicin",
    "What is the maximum dose of paracetamol per day?",
    "How much ibuprofen should I give?",
    "how much morphine can a patient have",
    "How many mg of prednisolone for an asthma attack?",
    "Vancomycin 15 mg/kg — correct?",
    "dosing of enoxaparin in renal impairment",
    "Does metformin need dose adjustment?",
    "loading dose of phenytoin",
    "Can I give 500 mg of metronidazole twice daily?",
]
NOT_DOSE = [
    "What are the side effects of amoxicillin?",
    "Mechanism of action of metformin",
    "How does warfarin work?",
    "Which antibiotic for community-acquired pneumonia?",
    "how much does an MRI cost",
]


@pytest.mark.parametrize("text", DOSE_QUESTIONS)
def test_dose_question_detected(text: str) -> None:
    result = assess(text)
    assert result.dose_question, text
    assert result.missing_context  # none of these give every detail


@pytest.mark.parametrize("text", NOT_DOSE)
def test_not_a_dose_question(text: str) -> None:
    result = assess(text)
    assert not result.dose_question, text
    assert result.missing_context == []


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("What dose of gentamicin?", {"weight", "kidney", "age", "pregnancy"}),
        (
            "What dose of gentamicin for a 65 year old man, 70 kg, eGFR 40?",
            set(),
        ),
        ("Dose of enoxaparin for a 34-year-old woman weighing 80 kg, creatinine 90", {"pregnancy"}),
        ("Paracetamol dose for a 3 month old infant of 6 kg", {"kidney"}),
        (
            "how much amoxicillin for a pregnant woman aged 30 with normal renal function",
            {"weight"},
        ),
        ("What is the dose of ceftriaxone, 70yo F, 60 kg, CKD stage 4, not pregnant", set()),
        ("Weight-based dosing of heparin?", {"weight", "kidney", "age", "pregnancy"}),
        ("how much amoxicillin for 5 days", {"weight", "kidney", "age", "pregnancy"}),
    ],
)
def test_missing_dose_context(text: str, missing: set[str]) -> None:
    result = assess(text)
    assert result.dose_question
    found = {
        key
        for key, words in {
            "weight": "weight",
            "kidney": "kidney",
            "age": "age",
            "pregnancy": "pregnancy",
        }.items()
        if any(words in item for item in result.missing_context)
    }
    assert found == missing, result.missing_context


def test_safety_note_in_prompt() -> None:
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": "hi"},
        {"role": "user", "content": "What dose of vancomycin should I give?"},
    ]
    out = augment_messages(messages)
    assert messages[0]["content"] == "You are helpful."  # input untouched
    assert out[0]["content"].startswith("You are helpful.")
    assert "body weight" in out[0]["content"] and "kidney function" in out[0]["content"]
    assert out[1:] == messages[1:]
    plain = [{"role": "user", "content": "how do statins work?"}]
    assert augment_messages(plain) == plain
    no_system = augment_messages([{"role": "user", "content": "crushing chest pain now"}])
    assert no_system[0]["role"] == "system" and "emergency" in no_system[0]["content"]
    assert "Safety note" in augment_user_text("What dose of insulin?")
    assert augment_user_text("hello") == "hello"
    complete = assess("Dose of amoxicillin for a 40 year old man, 80 kg, eGFR 90?")
    note = safety_instructions(complete)
    assert note is not None and "formulary" in note


def test_dose_notice_text() -> None:
    notice = assess("What dose of gentamicin?").dose_notice
    assert notice is not None and "body weight (kg)" in notice and "formulary" in notice
    assert assess("What dose of gentamicin, 40 yo man, 70 kg, eGFR 90?").dose_notice is None
    assert assess("crushing chest pain").dose_notice is None


def test_disclaimer() -> None:
    assert "not a clinician" in DISCLAIMER.lower()
    assert "emergency" in DISCLAIMER.lower()


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        assess(None)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    result = assess(text)
    assert isinstance(result, SafetyAssessment)
    assert (result.emergency_notice is None) == (not result.red_flags)
    if not result.dose_question:
        assert result.missing_context == []
    augment_messages([{"role": "user", "content": text}], result)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "no",
                "not",
                "chest",
                "pain",
                "crushing",
                "but",
                ",",
                ".",
                "dose",
                "of",
                "mg/kg",
                "suicide",
                "kg",
                "fast",
                "FAST",
                "positive",
                "stiff",
                "neck",
                "fever",
                "\n",
                "'",
            ]
        ),
        max_size=40,
    )
)
def test_never_crashes_on_keyword_soup(words: list[str]) -> None:
    assess(" ".join(words))


def test_long_text_is_fast() -> None:
    import time

    text = ("no chest pain, " * 5000) + "crushing chest pain"
    start = time.perf_counter()
    assess(text)
    assert time.perf_counter() - start < 5  # generous: catastrophic regex backtracking would hang
