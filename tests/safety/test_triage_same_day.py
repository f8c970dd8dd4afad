"""Same-day (urgent) tier, the emergency rules added with it, and ConText scoping across
sentences and clauses. Every phrasing here is written for these tests (lay, shorthand, typo,
negated, historical variants); none is taken from a vignette set."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.safety.discriminators import REGISTRY, Level
from desktop.safety.triage import triage

E, U, R = Level.EMERGENCY, Level.URGENT, Level.ROUTINE


def _level(text: str) -> Level:
    return triage(text).level


# --- context scoping: a cue in sentence A does not reach a finding in sentence B ---------------

QUESTION_CUES = [
    "What is the normal dose of ibuprofen?",
    "If it gets worse should I ring someone?",
    "Not sure if this is the right place to ask.",
    "How do I book a repeat prescription?",
    "What are the signs of a chest infection?",
    "Is it a sign of anything?",
    "Hypothetically, what would a doctor do?",
]
CURRENT_FINDINGS = [
    "My husband's face has dropped on the left and his speech is slurred.",
    "I have crushing chest pain going down my left arm and I'm sweating.",
    "My daughter's lips and tongue are swelling up after a peanut.",
    "I've taken 40 paracetamol tablets this evening.",
    "My baby is 5 weeks old and has a temperature of 38.5.",
]


@settings(max_examples=30, deadline=None)
@given(
    cue=st.sampled_from(QUESTION_CUES),
    finding=st.sampled_from(CURRENT_FINDINGS),
    cue_first=st.booleans(),
)
def test_question_in_one_sentence_does_not_remove_a_current_finding(
    cue: str, finding: str, cue_first: bool
) -> None:
    text = f"{cue} {finding}" if cue_first else f"{finding} {cue}"
    assert _level(text) == E, text


NEGATABLE = ["vomiting blood", "black stools", "chest pain", "a stiff neck", "a rash"]


@settings(max_examples=30, deadline=None)
@given(
    items=st.lists(st.sampled_from(NEGATABLE), min_size=2, max_size=5, unique=True),
    cue=st.sampled_from(["no", "denies", "without", "not had"]),
)
def test_negation_covers_every_coordinated_item(items: list[str], cue: str) -> None:
    listed = ", ".join(items[:-1]) + " or " + items[-1]
    r = triage(f"mild tummy ache, {cue} {listed}")
    assert r.level != E, (listed, r.reasons())


@pytest.mark.parametrize(
    "text",
    [
        "no fever, cough or headache, but my neck is stiff and there's a purple rash that "
        "doesn't fade under a glass",
        "denies chest pain, breathlessness, sweating, but now has crushing central chest pain",
    ],
)
def test_terminator_ends_the_negation_list(text: str) -> None:
    assert _level(text) == E


def test_new_clause_after_a_comma_ends_the_negation() -> None:
    assert _level("I don't see a way out, I've written goodbye letters to everyone") == E


@pytest.mark.parametrize(
    "text",
    [
        "what are the warning signs of a heart attack so I know what to look for in my dad",
        "what counts as a fever for a newborn? our first baby is due in April",
        "how many co-codamol would be too many in a day? want to make sure I'm taking them safely",
        "what temperature is dangerous in a baby, just in case",
        "What is the first-line treatment for meningitis? I'm a nurse.",  # topic, not a patient
    ],
)
def test_informational_questions_about_nobody_now_are_routine(text: str) -> None:
    assert _level(text) == R


def test_informational_framing_loses_to_something_happening_now() -> None:
    assert _level("what are the signs of a stroke? my mum's face is drooping right now") == E
    assert _level("what's the dose of adrenaline for anaphylaxis? my son's face is swelling and "
                  "he is wheezing after peanuts") == E


# --- suicide: plan vs no plan -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I've been hiding away my tramadol for a month and I'm going to take the whole lot on "
        "Sunday. By the way can I drink on sertraline?",
        "been saving up my mum's sleeping pills, going to swallow them all tomorrow night",
    ],
)
def test_means_gathered_with_a_date_is_an_emergency(text: str) -> None:
    assert _level(text) == E


@pytest.mark.parametrize(
    "text",
    [
        "I keep wishing I was dead but I have no plans to do anything and would never act on it",
        "feel like everyone would be better off without me, no intention to harm myself",
    ],
)
def test_ideation_with_plan_denied_is_urgent(text: str) -> None:
    assert _level(text) == U


def test_a_routine_medicine_date_is_not_a_plan() -> None:
    assert _level("I'm going to take my new blood pressure tablets on Monday") == R


def test_found_with_empty_packets_is_an_overdose() -> None:
    assert _level("found my brother on the floor next to empty blister packs, hard to wake") == E
    assert _level("I threw away the empty boxes of my old tablets") == R


# --- emergency rules added with the same-day tier -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("known left ovarian cyst, sudden severe pain low on the left and vomiting", "torsion"),
        ("had an ovarain cyst on scan, now sudden agonising pain on that side", "torsion"),
        ("brick dust and cement splashed to his R eye, screaming", "eye_emergency"),
        ("got bleach sprayed in my eye while cleaning", "eye_emergency"),
        ("known breast ca with bone mets, both legs weak and numb since this morning",
         "spinal_cord_compression"),
        ("my dad has myeloma and suddenly can't walk, his legs feel heavy",
         "spinal_cord_compression"),
        ("scratched my hand on a rose bush yesterday, now excruciating pain and the skin is "
         "going purple", "necrotising_fasciitis"),
        ("elderly neighbour in a heat wave, temp 40.8, confused and not making sense",
         "heat_cold_emergency"),
        ("found on the floor in a cold flat overnight, temp 31, barely responding",
         "heat_cold_emergency"),
        ("2 weeks after giving birth, terrible headache and blurry vision, BP 162/108",
         "pre_eclampsia"),
        ("my 6yo has a milk allergy, drank a milkshake, now his voice sounds hoarse and his "
         "throat is itchy", "anaphylaxis"),
        ("swollen painful left calf since my hip operation, now suddenly short of breath",
         "pulmonary_embolism"),
        ("had a DVT last month and stopped the tablets, now coughing blood and breathless",
         "pulmonary_embolism"),  # a past clot is still a risk factor
        ("36 weeks and the baby has been moving a lot less since yesterday",
         "reduced_fetal_movements"),  # RCOG: contact the maternity unit now
        ("suddenly the worst stomach pain of my life all over, my belly is rock hard, I have "
         "an ulcer", "surgical_abdomen"),
    ],
)
def test_new_emergencies(text: str, kind: str) -> None:
    r = triage(text)
    assert r.level == E, r.reasons()
    assert kind in {f.kind for f in r.emergencies}


@pytest.mark.parametrize(
    "text",
    [
        "history of an ovarian cyst years ago, now mild period pain",  # historical, mild
        "no chemical got in my eye, just soap, it's fine now",  # negated
        "my aunt had breast cancer; my legs ache after the gym",  # family, no weakness
        "sore throat for 4 days, one tonsil bigger than the other, muffled voice, but I'm "
        "swallowing and breathing fine",  # quinsy: urgent, not an airway emergency
    ],
)
def test_new_emergency_rules_have_limits(text: str) -> None:
    assert _level(text) != E


# --- same-day tier: one or more own phrasings per discriminator -------------------------------

SAME_DAY = [
    ("burning when I pass water and a temp of 38.6 with pain in my right flank",
     "urinary_same_day"),
    ("dysuria 2/7, L loin pain, T 38.2, obs stable", "urinary_same_day"),
    ("my shin has a red, hot, swollen patch that's spreading, I feel OK", "skin_infection"),
    ("a cat bit my finger last night and it's throbbing", "skin_infection"),
    ("diabetic, a blister on my big toe has turned into a sore that's red around it",
     "skin_infection"),
    ("asthma playing up for 3 days, needing my blue inhaler every 4 hours", "asthma_copd_moderate"),
    ("COPD, sputum has gone green and I'm more breathless than usual", "asthma_copd_moderate"),
    ("peak flow 60 % of best, talking fine, sats 96", "asthma_copd_moderate"),
    ("calf on one side swollen and tender for two days, no chest symptoms", "dvt"),
    ("wear contacts, red painful eye since last night", "eye_same_day"),
    ("a shower of new floaters in my right eye this morning", "eye_same_day"),
    ("painful blistery rash on one side of my forehead near my eye", "eye_same_day"),
    ("woke up deaf in one ear, no pain", "rash_hearing_same_day"),
    ("type 2, sugars in the high teens for two days with a cold, ketones normal",
     "metabolic_same_day"),
    ("blood glucose 19 mmol/L, no ketones, eating and drinking", "metabolic_same_day"),
    ("INR 8.5, no bleeding", "metabolic_same_day"),
    ("palpitations since yesterday, ECG shows AF, rate 112, BP fine", "cardiac_same_day"),
    ("my toddler has had a temperature for five days, eating a bit", "child_fever_same_day"),
    ("my 4 month old has a temp of 38.3 but is feeding well", "child_fever_same_day"),
    ("tonsils swollen with white spots and a fever of 38.5, can swallow", "throat_same_day"),
    ("pain went from my belly button to the lower right side, sore to walk",
     "abdomen_same_day"),
    ("my eyes have gone yellow over a few days, no pain", "abdomen_same_day"),
    ("32 weeks pregnant with really itchy palms and soles", "abdomen_same_day"),
    ("my big toe is red, hot and swollen overnight, agony to touch", "joint_injury_same_day"),
    ("breastfeeding, a red painful lump in my breast and shivery", "joint_injury_same_day"),
    ("went over on my ankle playing football, can't put any weight on it",
     "joint_injury_same_day"),
    ("my 3 year old swallowed a coin half an hour ago, no drooling", "joint_injury_same_day"),
    ("back from Uganda 2 weeks ago with a fever and chills", "travel_fever"),
    ("stopped drinking 2 days ago, shaky and sweaty, no fits", "alcohol_withdrawal"),
    ("hot oil spat on my forearm and it has blistered, really stings", "burn_migraine_same_day"),
    ("my migraine has gone on for 4 days and my usual triptan isn't working",
     "burn_migraine_same_day"),
    ("my 2 year old has a temp of 38.2 and there's pus coming out of his ear",
     "child_fever_same_day"),
    ("T2, my sugar has been running at 18 since the flu, ketones negative", "metabolic_same_day"),
]


@pytest.mark.parametrize(("text", "kind"), SAME_DAY)
def test_same_day_rules(text: str, kind: str) -> None:
    r = triage(text)
    assert r.level == U, (text, r.reasons())
    assert kind in {f.kind for f in r.urgent}
    finding = next(f for f in r.urgent if f.kind == kind)
    assert finding.reasons and finding.advice


def test_every_same_day_rule_is_exercised() -> None:
    same_day = {d.kind for d in REGISTRY if d.__module__.endswith(".same_day")}
    assert same_day <= {k for _, k in SAME_DAY} | {"rash_hearing_same_day"}


@pytest.mark.parametrize(
    "text",
    [
        "no burning when I pee and no temperature, just going more often",  # negated
        "had a kidney infection in 2019, fine since",  # historical
        "what usually causes cellulitis in older people?",  # education
        "I've had the same floaters for years, no change",  # long-standing
        "if my asthma flares up, when should I use the blue inhaler?",  # hypothetical
        "my son swallowed a coin two days ago, he is eating and drinking normally",  # passed
        "small burn on my thumb from the kettle, no blister",  # negated blister
    ],
)
def test_same_day_rules_have_limits(text: str) -> None:
    assert _level(text) == R, triage(text).reasons()


# --- routine mimics -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "35M chest wall pain reproducible on palpation, ECG normal",
        "stable angina, GTN spray use unchanged, here for review",
        "A&E did a scan on Friday and ruled out a clot, I feel fine now, can I go on holiday",
        "known haemorrhoids, a streak of bright red blood on the paper, otherwise well",
        "hypo at 3.1 this afternoon, had jelly babies, now 6.2 and feel normal",
        "my son with epilepsy had one of his usual seizures, 1 minute, now back to normal",
    ],
)
def test_routine_mimics_stay_routine(text: str) -> None:
    assert _level(text) == R, triage(text).reasons()


def test_typos_still_reach_the_same_day_rules() -> None:
    assert _level("burnign wen i pee, fever and loin pain") == U
    assert _level("indigestion after a curry, no vomiting blood") == R  # not "ingestion"
