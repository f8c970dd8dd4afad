"""Emergencies recognised from a pattern of lay findings rather than one named sign.

Each rule follows a published discriminator and reads any wording of its parts (matched per
sentence, kept only when ConText leaves them current):

- snake bite (NHS / TOXBASE: every venomous bite is seen in an emergency department);
- toxic alcohols (antifreeze / ethylene glycol, methanol, screen wash; NPIS: always refer);
- hyperkalaemia risk: missed dialysis with weakness or palpitations (UK Kidney Association),
  and a clinician's instruction to attend the emergency department now;
- giant cell arteritis (BSR 2020 / NICE CKS): with visual symptoms an emergency, without
  them a same-day steroid decision;
- intussusception (NICE CKS / APLS): episodic inconsolable screaming with legs drawn up in an
  infant, pallor or floppiness between episodes or a redcurrant-jelly stool.
"""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    CALL,
    TODAY,
    Discriminator,
    Hit,
    Level,
    cue_hit,
    emergency_hit,
    register,
)
from desktop.safety.discriminators.general import cue
from desktop.safety.message import Message

SNAKE = cue(
    "snake bite",
    r"(?:snake|adder|viper|rattlesnake|rattler|cobra|mamba|copperhead|cottonmouth)\s*[\s-]?"
    r"(?:bite|bit|bitten|got\s+(?:me|him|her|them|us)|(?:got|bit|struck)\s+(?:my|his|her|their)\s+\w+)",
    r"(?:bitten|bit|got\s+bit|been\s+bit)\s+(?:[\w']+\s+){0,5}?by\s+(?:an?\s+|some\s+|the\s+)?(?:\w+\s+)?"
    r"(?:snake|adder|viper|rattlesnake|rattler|cobra|serpent)",
)
TOXIC_ALCOHOL = cue(
    "toxic alcohol",
    r"anti[\s-]?freeze|ethylene\s+glycol|methanol|methylated\s+spirits?|meths|"
    r"(?:screen|windscreen|windshield)\s*wash|de-?icer|coolant|brake\s+fluid",
)
# "anti-freeze coloured drinks" is a colour, not the product
_NOT_PRODUCT = re.compile(r"[\s-]*(?:colou?red|flavou?red|green|blue|like|style|themed)\b")
SWALLOWED = cue(
    "swallowed",
    r"dr[ai]nk\w*|drunk|swallow\w*|ingest\w*|took|taken|had\s+(?:a\s+)?(?:sip|mouthful|swig|gulp|"
    r"taste)|tasted|sipped|sip\w*|gulp\w*|swig\w*|downed|mouthful|in\s+(?:his|her|my)\s+mouth",
)
DIALYSIS_MISSED = cue(
    "missed dialysis",
    r"(?:missed|skipped|didn't\s+go\s+to|did\s+not\s+go\s+to|couldn't\s+get\s+to|no)\s+(?:[\w']+\s+){0,3}"
    r"(?:dialysis|ha?emodialysis|sessions?|runs?)",
    r"(?:dialysis|ha?emodialysis)\s+(?:[\w']+\s+){0,3}(?:missed|skipped|cancelled|not\s+done)",
)
ON_DIALYSIS = cue("on dialysis", r"(?:ha?emo|peritoneal\s+|renal\s+)?dialysis|hd|capd|apd", background=True)
HYPERK_SYMPTOM = cue(
    "weakness or palpitations",
    r"weak\w*|(?:legs?|arms?)\s+(?:are\s+|feel\s+)?(?:like\s+)?jelly|palpitat\w*|"
    r"heart\s+(?:[\w']+\s+)?(?:skipping|skips|racing|pounding|thumping|fluttering|irregular|funny|"
    r"missing\s+beats)|tingl\w*|numb\w*|can't\s+(?:stand|walk)|short\s+of\s+breath|breathless",
)
SENT_TO_ED = cue(
    "told to go to the emergency department now",
    r"(?:told|said|advised|asked|instructed|rang\s+to\s+say|want(?:s|ed)?)\s+(?:me|us|him|her|them)?\s*"
    r"(?:that\s+)?(?:i|we|he|she|they)?\s*(?:to|need\s+to|must|should|have\s+to|has\s+to)\s+"
    r"(?:go|get|come|attend|head|be\s+taken)\s+(?:straight\s+)?(?:to|into|down\s+to)\s+(?:the\s+)?"
    r"(?:a&e|a\s+and\s+e|ae|ed|er|emergency(?:\s+department|\s+room)?|casualty|resus)"
    r"(?:\s+(?:now|immediately|straight\s+away|right\s+away|urgently|tonight|today|asap))?"
    # a safety-net instruction ("go to A&E if the rash spreads") is not an instruction to go now
    r"(?![\w\s',]{0,12}\b(?:if|when|should|unless|in\s+case)\b)",
    r"(?:i|we|he|she)\s+(?:need|needs|have|has|must)\s+(?:to\s+)?(?:go|get)\s+(?:straight\s+)?to\s+"
    r"(?:the\s+)?(?:a&e|a\s+and\s+e|ed|er|emergency(?:\s+department|\s+room)?|casualty)\s+"
    r"(?:now|immediately|straight\s+away|right\s+away|tonight|asap)",
)
CLINICIAN = cue(
    "a clinician or laboratory",
    r"gp|doctor|dr|surgery|practice|hospital|lab|laboratory|nurse|consultant|clinic|111|"
    r"pharmacist|renal\s+team|midwife|out[\s-]of[\s-]hours|ooh",
)
GCA = cue(
    "giant cell arteritis features",
    r"giant\s+cell\s+arteritis|temporal\s+arteritis|gca",
    r"jaw\s+claudication",
    r"(?:jaw|chin|tongue)\s+(?:[\w']+\s+){0,2}(?:pain|ache|aches|aching|hurts|tired|cramp\w*)\s+"
    r"(?:[\w']+\s+){0,2}(?:when|on|while|with|after)\s+(?:[\w']+\s+)?(?:chew\w*|eat\w*)",
    r"(?:pain|ache|aching)\s+in\s+(?:my|his|her|the)\s+jaw\s+(?:when|on|while|with)\s+"
    r"(?:[\w']+\s+)?(?:chew\w*|eat\w*)",
    r"(?:scalp|temple|temples)\s+(?:is\s+|are\s+|feels?\s+)?(?:very\s+)?(?:tender\w*|sore|painful|"
    r"hurts?\s+to\s+touch)",
    r"(?:sore|tender|painful)\s+(?:scalp|temples?)|scalp\s+tenderness|tender\s+temporal",
    r"(?:brushing|combing)\s+(?:my|his|her)\s+hair\s+(?:hurts|is\s+painful)",
)
VISUAL = cue(
    "visual symptoms",
    r"(?:vision|sight)\s+(?:[\w']+\s+){0,3}(?:went|gone|going|lost|loss|blurr\w*|dim\w*|dark\w*|"
    r"double|grey\w*|black\w*|misty|cloudy|blank)",
    r"(?:lost|losing|loss\s+of)\s+(?:[\w']+\s+){0,2}(?:vision|sight)",
    r"(?:blurr\w*|double|dim|misty)\s+(?:vision|sight)|seeing\s+double|diplopia|amaurosis\w*",
    r"(?:blurr\w*|dimm\w*|greying|darken\w*|loss\s+of\s+vision)\s+(?:of\s+|in\s+)?(?:the\s+|my\s+|his\s+|"
    r"her\s+)?(?:r|l|right|left|one|both)?\s*eyes?",
    r"(?:can't|cannot|couldn't)\s+see\s+(?:[\w']+\s+){0,3}(?:eye|properly|clearly|out\s+of)",
    r"curtain|blind\w*\s+(?:in|of)\s+(?:one|the|her|his|my)\s+(?:\w+\s+)?eye",
    r"(?:eye|it)\s+(?:is\s+|has\s+gone\s+|went\s+|now\s+)?(?:blurr\w*|dim|dark|misty)",
)
NO_VISUAL = cue(
    "no visual symptoms",
    r"no\s+(?:visual|vision|eye)\s+(?:sx|symptoms|problems?|changes?|disturbance|loss)|vision\s+"
    r"(?:is\s+)?(?:fine|normal|ok|okay|unaffected)",
)
INFANT = cue("infant or toddler", r"baby|infant|toddler|\d{1,2}\s*(?:month|mo|m)\s*old|newborn")
EPISODIC_SCREAM = cue(
    "episodes of inconsolable screaming",
    r"(?:screaming|crying|scream|screams|cries|inconsolable|shrieking)\s+(?:[\w']+\s+){0,2}(?:attacks?|"
    r"episodes?|fits|bouts?|spells)",
    r"(?:attacks?|episodes?|bouts?|spells)\s+(?:[\w']+\s+){0,3}(?:screaming|crying|inconsolable)",
    r"(?:screams?|screaming|cries|crying)\s+(?:[\w']+\s+){0,4}(?:every|on\s+and\s+off|comes?\s+and\s+goes?|"
    r"then\s+(?:settles|stops|goes\s+quiet))",
)
LEGS_UP = cue(
    "legs drawn up",
    r"(?:pulls?|pulling|draws?|drawing|drawn|brings?|bringing|knees?)\s+(?:[\w']+\s+){0,2}"
    r"(?:legs?|knees?)\s+(?:up|to\s+(?:his|her|the)\s+(?:chest|tummy))",
    r"legs?\s+(?:drawn|pulled)\s+up",
)
BETWEEN = cue(
    "pale, floppy or sleepy between episodes",
    r"(?:pale|grey|floppy|limp|lethargic|sleepy|listless|drowsy|quiet|white)\s+(?:[\w']+\s+){0,3}"
    r"(?:in\s+between|between)",
    r"(?:between|in\s+between)\s+(?:[\w']+\s+){0,3}(?:pale|floppy|limp|lethargic|sleepy|listless|drowsy)",
)
STOOL_BLOOD = cue(
    "blood or jelly in the stool",
    r"red[\s-]?currant|jelly|blood\w*\s+(?:[\w']+\s+){0,3}(?:nappy|stool|poo|diaper)|"
    r"(?:nappy|stool|poo|diaper)\s+(?:[\w']+\s+){0,4}blood",
)


@register
class SnakeBite(Discriminator):
    kind = "snake_bite"
    flag = "overdose_poisoning"
    label = "Snake bite"
    advice = (
        f"A snake bite needs assessment in an emergency department even if it looks mild: {CALL}. "
        "Keep the bitten limb still and below heart level, remove rings and watches, do not cut, "
        "suck or put a tourniquet on the bite."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        bite = SNAKE.find(msg)
        return emergency_hit(("snake bite", bite)) if bite else None


@register
class ToxicAlcohol(Discriminator):
    kind = "toxic_alcohol"
    flag = "overdose_poisoning"
    label = "Possible antifreeze / methanol poisoning"
    advice = (
        f"Antifreeze, screen wash and methanol are dangerous even in small amounts and may look "
        f"fine for hours: {CALL} or go to the emergency department now, with the container."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        for sentence in msg.sentences:
            for p in TOXIC_ALCOHOL.pattern.finditer(sentence):
                if _NOT_PRODUCT.match(sentence, p.end()):
                    continue
                swallowed = SWALLOWED.pattern.search(sentence)
                if swallowed and TOXIC_ALCOHOL.find(msg) and SWALLOWED.find(msg):
                    return emergency_hit(("product", p.group(0)),
                                   ("swallowed", swallowed.group(0)))
        return None


@register
class HyperkalaemiaRisk(Discriminator):
    kind = "hyperkalaemia_risk"
    flag = "metabolic"
    label = "Possible dangerous potassium (missed dialysis / told to attend)"
    advice = (
        "Missed dialysis with weakness or palpitations, or a result you were told needs the "
        f"emergency department now, can be a dangerously high potassium: {CALL} or go to the "
        "emergency department now; do not wait until tomorrow."
    )
    urgent_advice = (
        f"A missed dialysis session needs to be made up today: contact your dialysis unit now ({TODAY}); "
        f"if you feel weak, breathless or your heart is irregular, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        sent = SENT_TO_ED.find(msg)
        if sent:
            return emergency_hit(("instruction", sent), ("from", CLINICIAN.find(msg)))
        missed = DIALYSIS_MISSED.find(msg)
        if missed is None or ON_DIALYSIS.find(msg) is None:
            return None
        symptom = HYPERK_SYMPTOM.find(msg)
        if symptom:
            return emergency_hit(("missed dialysis", missed), ("symptom", symptom))
        return cue_hit(Level.URGENT, ("missed dialysis", missed))


@register
class GiantCellArteritis(Discriminator):
    kind = "giant_cell_arteritis"
    flag = "eye_emergency"
    label = "Possible giant cell arteritis"
    advice = (
        "Temporal headache, scalp tenderness or jaw pain on chewing with any change in vision can "
        f"be giant cell arteritis threatening sight: {CALL} or go to the emergency department / "
        "eye casualty now (high-dose steroids the same day)."
    )
    urgent_advice = (
        f"These can be giant cell arteritis: {TODAY}. Steroids are usually started the same day, "
        f"before tests; if vision changes at all, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        feature = GCA.find(msg)
        if feature is None:
            return None
        age = msg.patient.age_years
        named = re.search(r"arteritis|gca|claudication", feature)
        if not named and (age is not None and age < 50 or age is None and len(
                {m.group(0) for s in msg.sentences for m in GCA.pattern.finditer(s)}) < 2):
            return None  # GCA is a disease of the over-50s; one vague sign alone is not it
        visual = VISUAL.find(msg) if NO_VISUAL.find(msg) is None else None
        if visual:
            return emergency_hit(("GCA feature", feature), ("vision", visual))
        return cue_hit(Level.URGENT, ("GCA feature", feature))


@register
class Intussusception(Discriminator):
    kind = "intussusception"
    flag = "surgical_abdomen"
    label = "Possible intussusception"
    advice = (
        "Bouts of screaming with the legs drawn up, pale or floppy between them, or jelly-like "
        f"blood in the nappy can be intussusception (bowel telescoping): {CALL} or go to the "
        "emergency department now."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        young = (age is not None and age < 4) or INFANT.find(msg) is not None
        if not young:
            return None
        scream = EPISODIC_SCREAM.find(msg)
        legs = LEGS_UP.find(msg)
        between = BETWEEN.find(msg)
        stool = STOOL_BLOOD.find(msg)
        if (scream or legs) and (stool or (between and scream and legs)):
            return emergency_hit(("episodes", scream), ("legs", legs),
                           ("between", between), ("stool", stool))
        return None
