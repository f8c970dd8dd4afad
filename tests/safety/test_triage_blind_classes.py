"""General failure classes seen on an independent blind set, each pinned with our own phrasings
(lay, shorthand, non-native, carer): comma decimals, two-problem messages, history anchored by
an age or an era, plural / extended family, teaching framing, lay stroke words, postpartum
psychosis and HELLP, chemicals in the eye."""

from __future__ import annotations

import pytest

from desktop.safety.discriminators import Level
from desktop.safety.triage import triage
from desktop.safety.vitals import parse_vitals


@pytest.mark.parametrize(
    ("text", "temp", "spo2", "glucose"),
    [
        ("temp 38,4 and shivering", 38.4, None, None),
        ("fever 38,1 since yesterday", 38.1, None, None),
        ("my temperature is 39,2 since last night", 39.2, None, None),
        ("thermometer says 38,6°", 38.6, None, None),
        ("sats 91,5 on air", None, 91, None),
        ("spo2 89,5%", None, 89, None),
        ("bm 2,8 and sweaty", None, None, 2.8),
    ],
)
def test_comma_decimals_are_read_as_decimals(
    text: str, temp: float | None, spo2: int | None, glucose: float | None
) -> None:
    v = parse_vitals(text)
    assert (v.temp_c, v.spo2, v.glucose_mmol) == (temp, spo2, glucose)


def test_a_comma_decimal_dose_is_not_read_as_its_fraction() -> None:
    # "2,5 g" is 2.5 g (a normal day's paracetamol), not 5 g
    assert triage("took 2,5 g paracetamol over the day for toothache, is that ok?").level < (
        Level.EMERGENCY
    )


def test_list_commas_are_not_decimals() -> None:
    v = parse_vitals("hr 90, bp 120/80, t 37,2")
    assert (v.hr, v.sbp, v.dbp, v.temp_c) == (90, 120, 80, 37.2)
    v = parse_vitals("pulse 88, 2 days of cough")
    assert v.hr == 88


@pytest.mark.parametrize(
    "text",
    [
        "on chemo, last dose 6 days ago, temperature 38,1 and shivery",
        "my baby is 6 weeks old and the thermometer says 38,3",
        "Dad 79, sats 91,5 on air, RR 26, temp 38,9, confused",
        "glucose 2,1 and he's drowsy",
        "my son took 7,5 g of paracetamol an hour ago",
        "type 1 diabetic, vomiting, ketones 3,4 and pH 7,1",
    ],
)
def test_comma_decimal_vitals_still_alarm(text: str) -> None:
    assert triage(text).level == Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "Two things: if I get a headache can I take ibuprofen with my blood thinner? And my son "
        "has a rash that doesn't fade under a glass and he's really floppy",
        "Hypothetical question first - what would happen if someone took 20 paracetamol? And "
        "another thing, my daughter has just swallowed a button battery",
        "I need to book a smear test. Also this morning my left arm went weak and my speech was "
        "slurred and it's still like that",
        "routine question: how often should I get my bloods done on lithium? also my dad has "
        "been vomiting blood tonight, lots of it",
        "Can you explain what a normal blood pressure is? On a different note, my friend took a "
        "load of pills an hour ago and is now very sleepy",
        "hi, 2 questions. 1) is it ok to take vitamin d in winter 2) my husband suddenly has the "
        "worst headache of his life and is being sick",
        "quick q about the flu jab also my dad cant move his left side and his face has dropped "
        "since 20 mins ago",
        "I had a stroke back in 2015 and recovered fully, and separately today my other arm went "
        "numb and my face is drooping",
        "as a kid I had asthma and grew out of it, also right now I can't breathe and my lips are "
        "blue",
        "in my twenties I had anaphylaxis to peanuts, and tonight after a satay my throat is "
        "closing up",
        "Hi doctor, first I would like to ask about my vitamin tablets. Second thing, since one "
        "hour my father cannot move right arm and his mouth is going down",
        "I had anaphylaxis as a child and now after eating prawns my tongue is swelling and I "
        "can't breathe",
    ],
)
def test_second_problem_is_assessed_on_its_own(text: str) -> None:
    assert triage(text).level == Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "Two things: what are the signs of a stroke? And can I get my repeat prescription early",
        "Also, if my baby ever has a fever over 38 what should I do? And separately is calpol ok "
        "at 3 months",
    ],
)
def test_two_routine_questions_stay_routine(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I had anaphylaxis to penicillin when I was about 10, currently well, which antibiotic "
        "can I have for my tooth?",
        "documented 2015 anaphylaxis to amoxicillin, what alternatives for a chest infection?",
        "my anaphylaxis to penicillin was back in 2010, what can I take for a UTI?",
        "anaphylaxis to wasp stings as a child, no reactions since, do I still need an epipen?",
        "when I was diagnosed at 12 I was in DKA, I'm 30 now and well controlled, question "
        "about my pump",
        "I was in DKA when I was diagnosed at 14 but I'm well controlled now, can I get a libre?",
        "in my twenties I took an overdose, I'm doing well now, can I donate blood?",
        "at 12 I had meningitis, can I have the meningitis vaccine now?",
        "I had a heart attack at 45, I'm 60 now and fine since, which statin is best?",
        "I tried to kill myself at 19, I'm 35 now and doing fine, just need a new GP",
        "I had a seizure when I was around 16, none since, can I drive?",
        "he had a PE in his thirties, currently well, does he need stockings for the flight?",
        "as a teenager she had meningitis, fully recovered, does she need a booster?",
        "my son had febrile seizures at 2, he's 7 now and well, can he have the MMR booster?",
        "I had a anaphylactic shock from penicilin when I was child, now I am fine, which "
        "antibiotic is safe for me?",
        "Anaphylaxis to penicillin documented in 2015, currently well. Which antibiotic for "
        "cellulitis?",
        "history of anaphylaxis to bee stings aged 12, no reactions since, should I still carry "
        "adrenaline?",
    ],
)
def test_history_anchored_by_age_or_era_is_not_current(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


def test_a_clock_time_is_not_an_age() -> None:
    assert triage("at 11 this morning she had a fit lasting 10 minutes and she's still drowsy"
                  ).level == Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "both my grandparents had strokes, should I be on aspirin?",
        "my parents both had heart attacks in their fifties, can I get my cholesterol checked?",
        "heart attacks run in my family, what can I do to lower my risk",
        "my aunts all had breast cancer and ovarian cancer, can I get tested?",
        "on my uncle's side there's a lot of aortic aneurysm, should I be screened?",
        "my grandparents on both sides had strokes and my dad had a heart attack, how do I stay "
        "healthy",
        "my mums side all had blood clots, is the pill safe for me?",
    ],
)
def test_plural_and_extended_relatives_are_not_the_patient(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my parents had a car crash, dad is unconscious and not breathing properly",
        "my grandparents had a fall together, grandad hit his head and is on warfarin and vomiting",
        "my aunts had heart attacks, I've got crushing chest pain right now and I'm sweating",
        "my sisters had strokes in their 40s and I've just lost the vision in one eye suddenly "
        "and my arm is weak",
    ],
)
def test_relatives_taken_ill_now_or_the_patient_still_alarm(text: str) -> None:
    assert triage(text).level == Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I'm writing a simulation scenario for students about a patient with anaphylaxis, what "
        "obs should I include?",
        "nurse educator here, making a case about a man with crushing chest pain and ST "
        "elevation for the teaching session",
        "OSCE station: 65M with sudden onset tearing chest pain radiating to the back, what "
        "should the examiner mark?",
        "teaching session tomorrow on sepsis - a patient with temp 39, HR 130, BP 80/50, how do "
        "I explain qSOFA?",
        "I'm a paramedic tutor writing a case for students: toddler drank bleach, what questions "
        "should they ask?",
        "setting up a sim for the juniors, the mannequin has a silent chest and sats 85",
        "writing a scenario for students where a child has meningococcal rash and is floppy - "
        "what vitals do I give?",
        "for our teaching day I need a case of postpartum psychosis: baby 10 days old, mum says "
        "baby isn't hers - what questions?",
    ],
)
def test_teaching_material_is_routine(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "in the middle of my teaching session one of the students has collapsed and isn't "
        "breathing",
        "I'm a nurse educator and my colleague is having crushing chest pain right now, grey and "
        "sweaty",
        "revising for my OSCE but I've suddenly got the worst headache of my life and I'm "
        "vomiting",
        "med student here, my flatmate just collapsed and isn't breathing",
    ],
)
def test_a_real_person_taken_ill_during_teaching_still_alarms(text: str) -> None:
    assert triage(text).level == Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my dad suddenly stopped making sense mid-sentence",
        "mum started saying words that aren't words about 20 minutes ago",
        "my husband is suddenly talking gibberish",
        "all of a sudden my words came out wrong",
        "her face went lopsided all of a sudden",
        "my wife's smile went wonky suddenly",
        "his arm suddenly went heavy and he dropped his cup",
        "my arm went dead out of nowhere an hour ago",
        "he was talking double dutch suddenly at dinner",
        "she is using made-up words since lunch, started suddenly",
    ],
)
def test_lay_stroke_words_are_stroke(text: str) -> None:
    r = triage(text)
    assert r.level == Level.EMERGENCY and "stroke" in r.kinds


@pytest.mark.parametrize(
    "text",
    [
        "my boss talks nonsense in meetings, how do I cope?",
        "my leg went dead from sitting cross-legged, pins and needles now gone",
        "my arm went dead when I slept on it, it's fine now",
    ],
)
def test_stroke_word_mimics_do_not_alarm(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my wife had our baby 10 days ago, she hasn't slept in days and says the baby isn't hers",
        "my daughter gave birth 2 weeks ago and now she's hearing messages from the TV and thinks "
        "people are out to get the baby",
        "1 week postpartum, not sleeping, convinced the nurses swapped her baby",
        "she had the baby 5 days ago and keeps saying the radio is talking to her, very paranoid",
    ],
)
def test_postpartum_psychosis_is_an_emergency(text: str) -> None:
    r = triage(text)
    assert r.level == Level.EMERGENCY and "postpartum_psychosis" in r.kinds


@pytest.mark.parametrize(
    "text",
    [
        "35 weeks pregnant, pain under my right ribs and I keep being sick",
        "I'm 37 weeks pregnant with bad pain at the top of my tummy and vomiting, my bp was high "
        "at the midwife",
        "36 weeks pregnant, my upper tummy hurts under my ribs on the right and I've been throwing up",
    ],
)
def test_lay_hellp_wording_in_late_pregnancy_is_an_emergency(text: str) -> None:
    r = triage(text)
    assert r.level == Level.EMERGENCY and "pre_eclampsia" in r.kinds


@pytest.mark.parametrize(
    "text",
    [
        "baby 3 weeks old, I'm exhausted and not sleeping much, is that normal?",
        "gave birth 2 weeks ago, feeling weepy and anxious, is this baby blues?",
        "12 weeks pregnant and my rib hurts after coughing",
        "had my baby 6 months ago, still not sleeping, any tips?",
    ],
)
def test_ordinary_postnatal_and_early_pregnancy_worries_do_not_alarm(text: str) -> None:
    # The rules' own look-alike check. The learned backstop raises one of these ("gave birth 2
    # weeks ago, feeling weepy and anxious, is this baby blues?", 0.90): a known over-triage
    # written up in desktop/safety/README.md, not hidden by this test.
    assert triage(text, use_backstop=False).level < Level.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I got drain cleaner in my eye",
        "drain unblocker splashed up into my eyes",
        "splashed oven cleaner in my eye",
        "a bit of dishwasher liquid went in my eye",
        "my toddler got laundry liquid capsule in his eye",
        "a laundry pod burst and squirted in her eye",
        "my son rubbed his eye with dishwasher tablet on his fingers",
        "battery acid splashed in my eye",
        "got some ammonia in my eye at work",
        "toilet cleaner splashed in my daughter's eye",
    ],
)
def test_any_household_or_industrial_chemical_in_the_eye_is_an_emergency(text: str) -> None:
    r = triage(text)
    assert r.level == Level.EMERGENCY and "eye_emergency" in r.kinds


@pytest.mark.parametrize(
    "text",
    [
        "got shampoo in my eye in the shower, it stings",
        "what do I do if bleach gets in my eye?",
        "I clean my eyes with eyelid cleaner every morning, is that ok?",
        "I use a contact lens cleaner for my eyes, is it safe?",
    ],
)
def test_eye_product_mimics_do_not_alarm(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY
