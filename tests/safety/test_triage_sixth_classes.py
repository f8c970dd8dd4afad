"""Failure classes seen in the sixth author's set, pinned with our own wordings (none is a
blind6 text or a near-copy): each class must catch other phrasings of the same situation,
and the look-alikes must stay below it."""

from __future__ import annotations

import pytest

from desktop.safety.discriminators import Level
from desktop.safety.labs import parse_labs
from desktop.safety.message import read_message
from desktop.safety.triage import triage

E, U, R = Level.EMERGENCY, Level.URGENT, Level.ROUTINE

CASES = [
    # gestation written without the word "pregnant"
    (E, "my girlfriend is 33 weeks and her blood pressure at the pharmacy was 170/115"),
    (E, "34 weeks gone, awful headache and zigzag lines in my vision, BP 150/100"),
    (E, "antenatal clinic: 39 weeks, she fitted for 2 minutes in the waiting room"),
    (R, "I've had a headache for 3 weeks, BP 128/80, no other problems"),
    (R, "my baby is 6 weeks old and sleeping well, when is the next jab?"),
    # clock times are not history; last-known-well is onset
    (E, "found him at ten past eight this morning with his left arm not working"),
    (E, "she was last seen normal at midnight and now her face has dropped on the right"),
    (E, "just past 3 she started slurring her words"),
    # words apart: blood after vomit / cough; swelling with auxiliaries
    (E, "threw up what must have been half a mug of red blood a minute ago"),
    (E, "coughing up quite a lot of fresh blood and suddenly breathless"),
    (E, "stung by a wasp, his face is still getting bigger and he's wheezy"),
    (R, "vomited twice this morning after a takeaway, blood pressure fine, keeping water down"),
    # open-globe shorthand
    (E, "hit by a nail while hammering, irregular pupil right eye"),
    (E, "drilling, no safety glasses. left eye vision down to hand movements"),
    (U, "bit of grit in my eye from the garden, vision is fine, it's just scratchy"),
    # calcium / lithium
    (E, "corrected calcium 3.7 on today's results, feels fine otherwise"),
    (E, "adj Ca 3.2 with new confusion and vomiting, known breast cancer"),
    (U, "adjusted calcium came back 3.1, a bit thirsty, otherwise well"),
    (R, "my calcium was 2.3, is that normal?"),
    (E, "on lithium for years, now wobbly on her feet, slurred and confused after a week of vomiting"),
    (E, "Priadel, level 2.4 this morning"),
    (U, "on lithium, level 1.7 today, mild shakiness, otherwise fine"),
    # tonsillectomy bleed; Ludwig's
    (E, "six days after her tonsillectomy she's bringing up fresh blood"),
    (R, "had my tonsils out as a kid, now a sore throat, is that possible?"),
    (E, "infected molar, now the floor of her mouth is puffy and firm and she can't swallow her spit"),
    # one-pill ingestions in a toddler
    (E, "my 2 year old may have chewed one of my verapamil, he looks fine"),
    (E, "our toddler had some of gran's diabetes tablets, two are missing from the pack"),
    (R, "how should I store my amlodipine safely? I have grandchildren visiting"),
    # psychosis with risk / without
    (E, "my dad believes the neighbours are spying on him and he's waving a machete around"),
    (U, "my sister keeps hearing voices this week but she's calm, no threats, eating fine"),
    (R, "I'm a bit paranoid about germs at the gym, which wipes are best?"),
    # older person on the floor
    (E, "found gran on the floor this morning, her leg is pointing outwards and she cries when we touch it"),
    (E, "he'd been lying on the floor overnight, he's stone cold and muddled"),
    (R, "grandma sat on the floor to play with the kids and found it hard to get up, she's fine"),
    # newborn
    (E, "my 12 day old is floppy and won't take her bottle since this morning"),
    (R, "my 3 week old has a blocked nose but feeds well and is alert"),
    # lay stridor at rest / recession in croup
    (E, "croupy cough and a whistling noise breathing in even when he's lying asleep"),
    (U, "croup, barking cough at night, no noisy breathing when settled, eating and drinking"),
    # overdose told inside a question; suicide plan buried in a long message
    (E, "can I drive in the morning? I had about 30 diazepam tonight"),
    (E, "rough year. I've looked up how many of my painkillers it would take and I've got them ready"),
    (U, "my wife had about 10 minutes of her left hand going numb, back to normal now"),
    # below emergency by class
    (U, "he had 20 minutes of slurred speech at lunchtime, completely back to normal now"),
    (U, "my sight went in one eye for two minutes, then it came back, all fine now"),
    (U, "right testicle slowly swelling over 4 days, stinging when I wee, nothing sudden"),
    (U, "my 3yo spilt hot water on her hand, small blister, cooled under the tap, she's calm"),
    (U, "mum is 80, knocked her head on a shelf, can't remember doing it, no vomiting, chatting normally"),
    (R, "Hypothetically, if my dad had a stroke, what would the ambulance crew do? He's fine."),
    (R, "came off my scooter and grazed my shin, didn't hit my head, walking fine"),
    # same-day classes told in lay / non-native grammar
    (U, "it burns when I do a wee and since yesterday my side hurts and I have fever 38.9"),
    (U, "the redness on my ankle has gone beyond the line the nurse drew, temp 37.8, feel ok"),
    (U, "30 weeks, baby is quieter than usual today, still some kicks, no bleeding"),
    (E, "30 weeks and the baby has stopped moving since last night"),
    (U, "my son has been cutting his thighs, shallow cuts, he says he does not want to die"),
    (U, "78M, haven't been able to pass more than a few drops since lunch, bladder feels full"),
    (R, "my son had croup last month and he's fully recovered now, can it come back?"),
    # second pass of our own variants
    (E, "found collapsed at half past five, left side not moving"),
    (E, "my partner says the TV is sending him messages and he has to protect us, he has a knife"),
    (R, "my phone is giving me trouble, the screen keeps freezing"),
    (E, "I've been reading up how many paracetamol it would take and I've saved up three boxes"),
    (E, "can I mix alcohol with my pills? I took 25 of them an hour ago"),
    (E, "my 20 month old swallowed one of my propranolol tablets"),
    (E, "tooth infection and now under my jaw is swollen rock hard and I can hardly swallow"),
    (R, "At half past two I have a dentist appointment, can I eat beforehand?"),
    (R, "I walked for 3 weeks across Spain, my feet are sore, any tips?"),
    (U, "had 15 minutes of double vision and slurred speech this morning, back to normal now"),
    # look-alikes of the new classes
    (R, "I have always had one leg shorter than the other, do I need insoles?"),
    (R, "my newborn (5 days) has blue hands and feet but pink lips, feeding well"),
    (E, "my 2 week old is floppy and sleepy today"),
    # same-day: drug rash, animal bite infection, dental swelling, quinsy in lay words
    (U, "two days after starting flucloxacillin I've come out in an itchy red rash, breathing fine"),
    (U, "bitten by a neighbour's cat on my wrist yesterday, now it's hot and swollen"),
    (U, "molar has been aching and now my face is swelling on that side, I can swallow ok"),
    (U, "tonsillitis getting worse, one side huge and the dangly bit is pushed over, drinking ok"),
    (U, "can't pass more than a trickle since breakfast and my bladder feels full, I'm 81"),
    # a relative's clot is not the writer's; a calf bigger than the other after a cast is
    (R, "my mum had a blood clot on HRT, does that mean I can't have it?"),
    (U, "my left calf is fatter than the right and aching since the boot came off"),
    (U, "I had a DVT last year and now my calf is swollen again"),
]


def test_other_levels_are_not_lithium() -> None:
    assert parse_labs("on lithium, my sugar level was 3.2").lithium is None
    assert triage("on lithium, my sugar level was 3.2 this morning").level != E


@pytest.mark.parametrize(("level", "text"), CASES)
def test_sixth_classes(level: Level, text: str) -> None:
    assert triage(text).level == level, (text, triage(text).kinds)


def test_gestation_is_not_a_duration() -> None:
    assert read_message("my wife is 30 weeks and her ankles are puffy").pregnant is not None
    assert read_message("first baby, midwife says 28 weeks, all fine").pregnant is not None
    for text in ("back pain for 6 weeks", "she's 6 weeks old", "3 weeks post-op", "over the past 4 weeks",
                 "my scan is in 6 weeks and I have some bleeding", "had a scan after 8 weeks of pain"):
        assert read_message(text).pregnant is None, text


def test_calcium_and_lithium_are_parsed() -> None:
    assert parse_labs("corrected Ca 3.05").calcium == 3.05
    assert parse_labs("on lithium, her level came back at 1.9").lithium == 1.9
    assert parse_labs("her level came back at 1.9").lithium is None  # lithium not named
