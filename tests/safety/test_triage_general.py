"""General (Manchester-style) discriminators: physiology caught whatever the diagnosis."""

from __future__ import annotations

import pytest

from desktop.safety.discriminators import Level
from desktop.safety.triage import triage

EMERGENCIES = [
    ("my little boy makes a funny high noise every time he breathes in", "general_airway"),
    ("Mum is drooling and can't swallow her own spit", "general_airway"),
    ("grandad keeps stopping breathing and his lips look grey", "general_breathing"),
    ("she's breathing really fast and keeps nodding off", "general_breathing"),
    ("his legs are mottled and his hands are freezing", "general_circulation"),
    ("I've been bleeding from my bottom and I just fainted", "general_circulation"),
    ("my dad is really hard to wake up this afternoon", "general_disability"),
    ("78M GCS 13, new since this morning", "general_disability"),
    ("severe abdo pain out of proportion to exam, AF", "severe_pain_red_flag"),
    ("he touched the overhead power line on the roof", "high_risk_mechanism"),
    ("she was pulled out of the pool after being under the water", "high_risk_mechanism"),
    ("nan fell, she takes apixaban, her wrist is bent at a funny angle", "high_risk_mechanism"),
    ("adjusted Ca 3.8 and confused", "critical_lab"),
    ("my toddler bit into a dishwasher tablet", "toxic_ingestion"),
    ("all four of us have headaches, better when we go out, boiler flame is yellow",
     "toxic_ingestion"),
    ("on chemo, last cycle 8 days ago, temp 38.3", "fever_red_flag"),
    ("her eye is swollen shut and bulging and it hurts to move it, temp 39",
     "orbital_cellulitis"),
    ("so thirsty and weeing loads, now vomiting and breathing deep and fast",
     "hyperglycaemic_crisis"),
    ("my 7 week old is floppy and not interested in feeds", "young_infant_unwell"),
    ("her skin looks marbled and her feet are like ice", "general_circulation"),
    ("my 4 year old drank some drain unblocker", "toxic_ingestion"),
    ("she's 87 and has been on the floor since yesterday evening", "high_risk_mechanism"),
    ("a car reversed over my son's leg at the school gate", "high_risk_mechanism"),
    ("HR 138 at rest, feels unwell and clammy", "general_vitals"),
    ("45F, CRT 4s, HR 124, feels faint", "general_vitals"),
    ("forearm in plaster, the pain is getting worse and worse, fingers going numb",
     "severe_pain_red_flag"),
    ("started fluoxetine + tramadol, now agitated, jerking legs, T 39.2", "drug_hyperthermia"),
    ("floor of my mouth and neck have swollen up and I'm struggling to swallow",
     "general_airway"),
    ("I had my spleen out years ago and now have a fever of 39", "fever_red_flag"),
]


@pytest.mark.parametrize(("text", "kind"), EMERGENCIES)
def test_general_emergency_fires_with_reasons_and_advice(text: str, kind: str) -> None:
    r = triage(text)
    assert r.level == Level.EMERGENCY
    f = next(f for f in r.findings if f.kind == kind)
    assert f.reasons and all("'" in why or any(c.isdigit() for c in why) for why in f.reasons)
    assert f.advice


URGENT = [
    ("FOOSH yesterday, tender anatomical snuffbox", "general_suspected_fracture"),
    ("my toddler won't use her arm since I lifted her up by the hand", "general_suspected_fracture"),
    ("cut my hand on a tin, it's gaping open", "general_wound_closure"),
    ("the neighbour dog bite my hand yesterday, now is paining", "general_bite"),
    ("dad is 79 and more confused than usual for two days, obs fine", "general_delirium"),
    ("I'm 16 weeks pregnant, near someone with chickenpox, never had it",
     "general_chickenpox_pregnancy"),
    ("her eyelid is puffy and pink, she can see fine and move her eye fine", "general_preseptal"),
    ("my 4 month old is wheezy, taking half his usual milk", "general_infant_bronchiolitis"),
    ("tingling band on one side of my chest and now a blistery rash", "general_shingles"),
    ("rash like sandpaper and a sore throat", "general_scarlet"),
    ("I cut my arm last night, I don't want to die", "general_self_harm"),
    ("my 3 year old has a temperature of 38.5 and cries when she wees", "general_febrile_focus"),
    ("I got a chip of something in my eye, I can't stand bright lights", "general_eye_foreign_body"),
    ("got bitton by a dog on my leg, skin is broke", "general_bite"),
    ("I suddenly can't hear anything in my left ear since yesterday", "general_hearing_loss"),
    ("pain comes in waves from my side to my groin, no fever", "general_renal_colic"),
    ("I'm diabetic and the red patch on my foot is getting bigger", "general_diabetic_skin"),
    ("my 5 year old swallowed a magnet an hour ago, he seems fine", "general_single_magnet"),
    ("my finger got trapped in the car door, the nail is black", "general_suspected_fracture"),
    ("I've got a lump on my bum that's hot, throbbing and getting bigger", "general_abscess"),
    ("fell on his wrist, it's swollen and sore over the bone", "general_suspected_fracture"),
]


@pytest.mark.parametrize(("text", "kind"), URGENT)
def test_general_urgent_fires_at_the_urgent_level(text: str, kind: str) -> None:
    r = triage(text)
    assert r.level == Level.URGENT
    assert kind in r.kinds


@pytest.mark.parametrize(
    "text",
    [
        "no drooling, swallowing fine, just a sore throat",
        "my husband snores loudly and sometimes stops breathing at night",
        "my hands go blotchy and purple in the cold, always have, they warm up fine",
        "if my baby ever stops breathing what do I do? just want to be prepared",
        "med student here - why do we give calcium gluconate when potassium is 7?",
        "writing an essay on stridor in children, what are the causes?",
        "my potassium was 6.8 last year but it's normal now, can I eat bananas?",
        "I took an overdose years ago when I was at uni but I'm doing really well now",
        "my dog bit his chew toy, is that dangerous for him?",
        "I'm drowning in work and so stressed, any tips?",
        "took a piriton for hay fever and now I'm really drowsy, is it safe to drive?",
        "my son swallowed a single small magnet yesterday, it came out in his poo this morning",
        "one of my breasts is sore and red, I'm feeding my 3 week old, temp 38",
        "I had a small electric shock from a toaster yesterday, it just tingled, I'm fine",
        "my lips went a bit blue swimming in the cold sea but warmed up fine after",
        "my husband is a deep sleeper and hard to wake in the mornings, always has been",
        "my 3 month old's heart rate was 140 at the check, is that normal for a baby?",
        "heart rate went up to 165 on my spin class and came down after, feel great",
    ],
)
def test_mimics_do_not_alarm(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


def test_trailing_request_and_later_sentence_still_fire() -> None:
    r = triage(
        "my wife has a chest infection and tonight she can only get a couple of words out "
        "between breaths, the pharmacy shuts at 9 so can we get more antibiotics?"
    )
    assert r.level == Level.EMERGENCY
    r = triage(
        "Dad's physio said his walking is normal for him. But tonight he's really hard to "
        "wake and not making sense. I also wanted to ask when he can drive again"
    )
    assert r.level == Level.EMERGENCY and "general_disability" in r.kinds


def test_bells_palsy_pattern_is_urgent_not_stroke() -> None:
    r = triage(
        "my whole left side of my face is drooping including my forehead, arms and legs fine "
        "and speech normal"
    )
    assert r.level == Level.URGENT
    assert triage("my face is drooping on the left and my arm is weak").level == Level.EMERGENCY
