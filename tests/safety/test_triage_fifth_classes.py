"""Failure classes seen in the fifth author's set, pinned with our own wordings (none is a
blind5 text or a near-copy): each class must catch other phrasings of the same situation,
and the look-alikes must stay below it."""

from __future__ import annotations

import pytest

from desktop.safety.discriminators import Level
from desktop.safety.triage import triage

E, U, R = Level.EMERGENCY, Level.URGENT, Level.ROUTINE

CASES = [
    # stroke in lay words, after negated findings and after a past stroke
    (E, "nothing hurts and she hasn't fallen, but since lunch her sentences come out all jumbled"),
    (E, "his speech sounds like he's drunk and he hasn't touched a drop, started an hour ago"),
    (E, "mum keeps reaching for words and can't find the right word for cup, began 20 mins ago"),
    (E, "the left side of his mouth has dropped and water spills out the left side when he drinks"),
    (E, "my right hand won't grip the kettle properly since I woke up, it feels clumsy"),
    (E, "I had a TIA back in 2019, but this evening my left arm feels like it isn't mine"),
    (E, "grandad suddenly can't get up from the chair and keeps falling to the right"),
    (E, "since 10 minutes ago I can't see anything on the left side of the screen"),
    (R, "my arm went dead after sleeping on it, fine after a shake"),
    # repeated seizures without recovery; seizure in pregnancy
    (E, "she's had two fits in the past half hour and hasn't come round in between"),
    (E, "I'm 36 weeks pregnant and my sister just saw me have a fit in the kitchen"),
    (R, "this jacket is a good fit on me, should I size down?"),
    # hypothetical framing that turns out real
    (E, "Would it be bad if someone swallowed a magnet and a battery? Asking because it was my son"),
    (R, "Hypothetically, if a child swallowed a button battery, what would happen?"),
    # life-threatening asthma in lay words, during a dose question
    (E, "how much ventolin can he have, he's had loads and still can't say more than two words"),
    # large lower GI bleed with presyncope
    (E, "passed a huge amount of blood and clots from my back passage and feel like I'm about to faint"),
    # neutropenic fever
    (E, "lymphoma, day 8 after chemo cycle 2, temp 38.3 and shivery"),
    # atypical ACS
    (E, "no chest pain but dad's 71 and diabetic, sweating and grey, with an ache between his shoulder blades"),
    (E, "a horrible heaviness and a tight feeling in my throat, cold sweat and breathless, I'm 66"),
    # unnamed AAA
    (E, "I'm 72, ex-smoker, sudden agonising pain in my belly going through to my back and I nearly fainted"),
    # DKA told as a recurrence, numbers counted
    (E, "had DKA twice as a teenager, I think it's back, sugar's 31 and ketones 3.9"),
    # hyperkalaemia: lab value, instruction, missed dialysis
    (E, "hospital rang, potassium came back as 6.9, they want me to go to A&E now"),
    (E, "missed my dialysis on Friday and Saturday, heart is fluttering and my legs are weak"),
    (U, "I missed one dialysis run yesterday because of the snow, feel okay"),
    # carbon monoxide in a household asked as another question
    (E, "how do I bleed a radiator? also we all have headaches and feel sick since the gas fire went on"),
    # toxic ingestions
    (E, "my dad drank some screenwash by mistake from a water bottle an hour ago"),
    (E, "got bitten by a snake on holiday in Spain, my foot is swelling"),
    (R, "what temperature does antifreeze stop working at?"),
    # priapism
    (E, "erection after a drug injection that has lasted over 4 hours now and is painful"),
    # suicidal intent, non-native grammar
    (E, "I not want live more, I have the pills in front of me now"),
    # fetal movements
    (E, "I'm 39 weeks and the baby hasn't moved at all since last night"),
    # GCA with / without vision
    (E, "71 and my scalp is tender, jaw hurts when I chew, and this morning the sight in my left eye went dim"),
    (U, "I'm 74, tender temples and jaw pain when eating for a week, no visual symptoms"),
    # intussusception
    (E, "my 10 month old has bouts of screaming where he draws his knees up, and he's floppy in between"),
    # bowel obstruction in lay words
    (E, "no poo or wind for 4 days, tummy blown up like a drum and vomiting stuff that smells like poo"),
    # false alarms removed by class
    (R, "If an adult collapses, how deep should chest compressions go? Brushing up on my first aid"),
    (R, "Just curious, how many ibuprofen would be an overdose for an adult?"),
    (R, "My angina is stable, the spray settles it in a minute, can I fly to Spain?"),
    (U, "I fell on my outstretched hand playing netball, wrist swollen, fingers move fine, no numbness"),
    # same-day classes
    (U, "I'm on carbimazole and have mouth ulcers and a temperature of 38.1"),
    (U, "lithium level came back at 1.3 and I've got a bit of a tremor"),
    (U, "been on simvastatin for years, this week my muscles ache and my wee is brown"),
    (U, "he started haloperidol on Monday and now his neck is pulling to one side, he can talk"),
    (U, "I haven't been able to pee since last night and my bladder feels like it's bursting"),
    (U, "I can barely hear out of my left ear since this morning, no cold"),
    (U, "7 weeks pregnant, can't keep water down since yesterday, wee is dark"),
    (U, "the condom came off last night, where do I get emergency contraception?"),
    (U, "had my baby 4 weeks ago, crying all the time and having frightening thoughts, not like myself"),
    (U, "my 5 year old had an ear infection, now behind his ear is red and sore"),
    (U, "known breast cancer, new pain in the middle of my back, worse lying down at night"),
    (U, "pain under my right ribs since yesterday, I have gallstones and a temperature"),
    (U, "my left testicle has become sore and swollen over 3 days and it burns when I pee"),
    (U, "toddler with a stomach bug, vomiting since this morning and only one wet nappy"),
    (U, "my uveitis has come back, the eye is red and light hurts"),
    (U, "my 20 weeks pregnant, I've never had chickenpox, my niece has come out in spots"),
    (U, "pulse 130 irregular since breakfast, no chest pain, BP 128/80"),
    (U, "kidney stone pain I think, it shoots down to my groin in waves"),
    (R, "I'm 55, fit, no other problems, what travel vaccines do I need?"),
    (R, "my eczema flares in winter, which emollient is best? She had asthma years ago"),
    # look-alikes of the new rules
    (R, "my speech at the wedding came out all wrong, so embarrassing, any tips for nerves?"),
    (R, "I drink anti-freeze coloured energy drinks, are they bad?"),
    (R, "the GP told me to go to A&E if the rash spreads, it hasn't, what else should I watch for?"),
    (R, "my scalp is sore from a new hair dye, I'm 28"),
    (R, "his ears stick out, can they be pinned back? he's 7"),
    (R, "my mum died of breast cancer, now my back aches after moving house, any tips?"),
    (R, "a heaviness in my heart since my cat died, how do I cope with grief?"),
    (R, "my son pulls his legs up when he has wind, 3 months, feeding well, happy between"),
    (R, "I had a snake bite years ago in Australia, am I at risk of anything now?"),
    (R, "grandad keeps falling asleep in front of the TV, he's 88, is that normal"),
    (R, "I had DKA in 2019, how do I avoid it happening again when I'm ill?"),
    (E, "I'm 75, sudden severe pain in my back and I've collapsed on the kitchen floor"),
    (E, "pressure in my throat and upper tummy for 30 minutes with sweating, I'm 58 and diabetic"),
    # second pass of our own wordings
    (E, "Asking for a friend - well it's actually me - I took 40 sertraline an hour ago"),
    (E, "pooing pure blood, loads, feel faint and my heart is racing"),
    (E, "mum 80, says she feels funny, clammy and breathless, with pain in her left arm, no chest pain"),
    (E, "both kids and my husband have headaches and are vomiting, the boiler is making a funny noise"),
    (E, "no wind or poo for 3 days, vomiting green, belly swollen"),
    (E, "not opened bowels for 5 days, vomiting, abdo pain"),
    (E, "my baby keeps drawing his legs up screaming, and passed a poo with blood and mucus like jelly"),
    (U, "started on methotrexate, now I have mouth sores and bruises"),
    (R, "no poo for 3 days and a bit of tummy ache, what laxative?"),
    (R, "took 20 minutes to walk there and my feet hurt, which insoles?"),
]


@pytest.mark.parametrize(("level", "text"), CASES)
def test_fifth_author_classes(level: Level, text: str) -> None:
    r = triage(text)
    assert r.level == level, (text, r.level, r.reasons())
