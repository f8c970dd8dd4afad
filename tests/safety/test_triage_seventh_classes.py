"""Failure classes seen in the seventh author's set, pinned with our own wordings (none is a
blind7 text or a near-copy): each class must catch other phrasings of the same situation,
and the look-alikes must stay below it. Checked on the rules alone (no learned backstop)."""

from __future__ import annotations

import pytest

from desktop.safety.discriminators import Level
from desktop.safety.triage import triage

E, U, R = Level.EMERGENCY, Level.URGENT, Level.ROUTINE

CASES = [
    # coronary syndrome without chest pain in older or diabetic people
    (E, "Grandad is 79, gone grey and sweaty in the last half hour and says he can't catch his breath"),
    (E, "diabetic wife aged 66, clammy with an ache between her shoulder blades, no chest pain"),
    (R, "I'm 70 and get sweaty at night since the menopause started years ago, otherwise well"),
    (R, "68, had the runs and been sick since the takeaway, a bit sweaty, keeping fluids down"),
    # acute angle closure
    (E, "my left eye aches badly and I see halos round the streetlights, feel sick"),
    (E, "painful red eye since the cinema, vomiting twice"),
    (R, "my eye is a bit red after swimming, no pain, vision normal"),
    # uncontrolled nosebleed
    (E, "nose bleed that won't stop for 30 minutes despite pressing, he's on apixaban"),
    (E, "the nosebleed is running down the back of his throat and he keeps swallowing blood"),
    (R, "he had a short nosebleed this morning, it stopped after five minutes of pinching"),
    # drowning / submersion
    (E, "we got her out of the lake after she went under, she keeps coughing and is sleepy"),
    (E, "my daughter nearly drowned at swimming, now wheezing"),
    (R, "my son loves the swimming pool, how old should he be for lessons?"),
    # exertional syncope
    (E, "my daughter fainted in the middle of a netball match, no warning"),
    (E, "he blacked out while jogging and came round quickly"),
    (R, "I felt faint standing in a hot queue, sat down and was fine"),
    # perforation / board-like abdomen
    (E, "sudden tummy pain an hour ago, my belly is rigid and every step is agony"),
    (R, "my stomach feels bloated and hard after Christmas dinner, no pain"),
    # acute painful retention
    (E, "can't pass urine since last night, my bladder is bursting and the pain is agony"),
    (U, "haven't been able to wee properly since this morning, a bit uncomfortable"),
    # angioedema reaching the airway in a later mention
    (E, "ate a prawn curry, my lips are swelling and my tongue feels swollen too"),
    # paracetamol counted without the word tablets
    (E, "I have taken 20 of my paracetamol at lunch, I feel ok"),
    (R, "I took 2 paracetamol for a headache this morning"),
    # a child found with opened medicines
    (E, "caught my 2 year old with a pot of my iron tablets, some are missing"),
    (E, "found our toddler with an open packet of blood pressure tablets, three missing"),
    # suicide: farewell letters, a means at a place now
    (E, "I've left letters for my family and I'm standing on the railway bridge"),
    (E, "I just want to end it all, I'm on the bridge"),
    (U, "some days I feel there's no point in living but I wouldn't act on it"),
    # postpartum psychosis with the birth given as the baby's age
    (E, "our baby is 2 weeks old and my partner is hearing voices telling her the baby is evil"),
    # sepsis with lay mottling
    (E, "temperature 39.5 with a bad chest infection and his legs have gone blotchy and purple"),
    # other people's past illnesses, a carer's question
    (R, "my grandad had a heart attack last year, I just want to know about cholesterol tests"),
    (R, "my dad had a stroke and I'm now his carer, what benefits can he get?"),
    # case-question stems
    (R, "Case question: 60-year-old with crushing chest pain and ST elevation. What is first-line?"),
    # coin-sized burn on a hand: a same-day burn check, not an ambulance
    (U, "burnt my finger on the oven, blister the size of a 5p, cooled it under the tap"),
    # fewer fetal movements with some still felt: maternity triage today, none felt: now
    (U, "I'm 36 weeks and the baby is moving less than normal today, I've had a few little kicks"),
    (E, "I'm 36 weeks and the baby has stopped moving since last night"),
    # same-day signs
    (U, "the redness on my calf has gone past the line I drew this morning"),
    (U, "on warfarin, INR came back at 7.1, no bleeding"),
    (U, "creatinine 190 baseline 100, on lisinopril, feel fine"),
    (U, "was hammering a chisel and a bit flew into my eye, it's watering"),
    (U, "dad's catheter bag has nothing in it since lunch and it seems blocked"),
    (U, "I'm on azathioprine and my nephew was diagnosed with chickenpox after visiting"),
    (U, "needlestick injury from a used insulin pen needle at work an hour ago"),
    (U, "my brother hasn't slept for days, he's talking nonstop and spent £3000 on a car"),
    (U, "my 4 year old has put a pea up his nose"),
    (U, "two weeks after my c-section the wound is oozing and red"),
    (U, "my 2 year old won't put weight on her leg and has a fever"),
    (U, "my 10 day old has sticky eyes with discharge"),
    (U, "tummy pain since yesterday now lower right, off my food"),
    (U, "28 weeks, headache that paracetamol hasn't helped and my fingers are swollen"),
    (U, "care home resident, 88, more confused than usual since yesterday"),
    (U, "my 2 year old has a fever and his wee smells really strong"),
    (U, "she fell in the garden and her wrist looks bent"),
]


@pytest.mark.parametrize(("level", "text"), CASES)
def test_seventh_classes(level: Level, text: str) -> None:
    got = triage(text, use_backstop=False)
    assert got.level == level, (text, got.level, [(f.kind, f.reasons) for f in got.findings])
