"""General same-day (urgent) discriminators that do not depend on a named diagnosis.

NICE CKS / NHS 111 "be seen today" criteria read from the findings: a suspected fracture
(anatomical snuffbox tenderness after a fall on the hand, a sunken knuckle or crooked finger
after a punch, a young child not using an arm after a pull - pulled elbow), a gaping wound
that needs closing, a bite that broke the skin, new or worse confusion in an older person over
days (delirium, even with normal observations), chickenpox contact in pregnancy without known
immunity, preseptal cellulitis (swollen red eyelid, eye moving and seeing normally) and a baby
under 6 months with bronchiolitis symptoms who is still feeding.

Emergency features belong to the emergency discriminators; the result takes the highest level.
"""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    TODAY,
    Discriminator,
    Hit,
    register,
    urgent_hit,
)
from desktop.safety.discriminators.general import cue
from desktop.safety.message import Message

SNUFFBOX = cue(
    "scaphoid tenderness",
    r"(?:anatomical\s+)?snuff\s*box",
    r"scaphoid",
    r"(?:dip|hollow|base)\s+(?:at\s+|of\s+)?(?:the\s+)?(?:base\s+of\s+)?(?:my|his|her|the)\s+thumb",
)
KNUCKLE = cue(
    "knuckle / finger deformity after a punch",
    r"knuckle\s+(?:[\w']+\s+){0,2}(?:sunk\w*|flat|gone|missing|dropped|sunken)",
    r"(?:finger|pinky|little\s+finger)\s+(?:[\w']+\s+){0,2}(?:crooked|bent|rotated|twisted|"
    r"pointing\s+the\s+wrong\s+way)",
    r"boxer'?s\s+fracture",
)
DIGIT_CRUSH = cue(
    "crushed finger or toe",
    r"(?:finger|fingers|thumb|toe|toes)\s+(?:[\w']+\s+){0,2}(?:trapped|slammed|crushed|shut|caught)\s+in",
    r"(?:slammed|shut|trapped|crushed)\s+(?:my|his|her)\s+(?:finger|thumb|toe)",
)
DIGIT_SIGN = re.compile(r"(?<!\w)(?:nail\s+(?:is\s+)?(?:black|purple|blue|lifting|came\s+off)|blood\s+under\s+"
                        r"(?:the\s+)?nail|tip\s+(?:[\w']+\s+){0,2}(?:swollen|split|squashed)|swollen|bent)(?!\w)")
BONY = cue(
    "bony tenderness / tendon rupture",
    r"(?:sore|tender|painful|hurts?)\s+(?:[\w']+\s+){0,3}(?:over|on)\s+(?:the\s+)?bone",
    r"bony\s+tenderness|tender\s+(?:over\s+)?(?:the\s+)?bone",
    r"bone\s+(?:[\w']+\s+){0,3}(?:sore|tender)",
    r"(?:felt|heard)\s+(?:a\s+)?(?:pop|snap|crack)",
)
FOOSH = cue(
    "fall on an outstretched hand",
    r"foosh",
    r"(?:fell|fall|fallen|landed|came\s+down|came\s+off\s+(?:[\w']+\s+)?\w+)\s+(?:[\w']+\s+){0,3}?"
    r"(?:onto|on\s+to|on)\s+(?:my|his|her|their|an?)\s+(?:outstretched\s+)?(?:left\s+|right\s+)?"
    r"(?:hand|hands|wrist|palm|arm)",
)
WRIST_HURT = re.compile(
    r"(?<!\w)(?:wrist|forearm|thumb|hand)\s+(?:is\s+|are\s+|looks\s+|feels\s+|has\s+gone\s+)?(?:[\w']+\s+){0,2}"
    r"(?:swollen|swelling|sore|painful|hurts|tender|bruised|puffy|deformed|bent)|(?:swollen|sore|painful|"
    r"tender)\s+(?:wrist|forearm)(?!\w)"
)
INJURY = re.compile(r"(?<!\w)(?:fell|fall|fallen|landed|twist\w*|injur\w*|playing|tackle\w*|hit|trampoline|"
                    r"jumped|squash|football|rugby|netball|tennis|sprain\w*)(?!\w)")
PUNCH = re.compile(r"(?<!\w)(?:punch\w*|hit|thump\w*|smash\w*|fight)(?!\w)")
ARM_UNUSED = cue(
    "child not using an arm",
    r"(?:won't|will\s+not|doesn't|isn't|not)\s+(?:use|using|move|moving|lift|lifting)\s+(?:his|her|the|"
    r"their)\s+(?:left\s+|right\s+)?arm",
    r"(?:holding|holds|keeps)\s+(?:his|her|the)\s+arm\s+(?:limp|still|by\s+(?:his|her)\s+side|straight)",
    r"arm\s+(?:is\s+)?(?:hanging\s+)?limp",
    r"pulled\s+elbow|nursemaid'?s\s+elbow",
)
PULL = re.compile(
    r"(?<!\w)(?:swung|swinging|pulled|yanked|lifted|tugged|jerked)\s+(?:[\w']+\s+){0,4}(?:by\s+)?"
    r"(?:the\s+|his\s+|her\s+)?(?:hands?|arms?|wrists?)(?!\w)|pulled\s+elbow|nursemaid"
)
GAPING = cue(
    "gaping wound",
    r"gap(?:ing|es|ed)",
    r"(?:edges|sides)\s+(?:[\w']+\s+){0,2}(?:apart|open|won't\s+(?:close|stay\s+together))",
    r"(?:needs?|need|will\s+need)\s+(?:some\s+)?(?:stitches|sutures|stitching|glue|steri[\s-]?strips)",
    r"(?:cut|wound|gash)\s+(?:[\w']+\s+){0,3}(?:wide\s+open|won't\s+close|deep)",
    r"(?:deep|wide)\s+(?:cut|gash|laceration)",
)
BITE_PERSON = cue(
    "bite to a person",
    r"(?:bit|bite|bites|bitten)\s+(?:me|him|her|them|my|his|her|their)\s+(?:[\w']+\s+)?(?:hand|arm|leg|"
    r"finger|face|thumb|ankle|calf|foot|nose|ear|lip|cheek)",
    r"(?:bit|bitten)\s+(?:me|him|her|them)(?!\w)",
    r"bitten\s+(?:by|on)",
    r"(?:skin|teeth)\s+(?:is\s+|was\s+|got\s+)?(?:broken|broke)",
)
BITER = re.compile(
    r"(?<!\w)(?:dog|cat|puppy|kitten|fox|bat|rat|ferret|hamster|horse|monkey|human|person|kid|child|"
    r"toddler|boy|girl|man|woman|someone|brother|sister|animal)s?(?!\w)"
)
HEALED = re.compile(
    r"(?<!\w)(?:heal\w*\s+(?:up\s+)?(?:fine|well|ok|okay|nicely)|(?:\d+|a\s+few|few|two|three|four|several)\s+"
    r"(?:weeks|months|years)\s+ago)(?!\w)"
)
MORE_CONFUSED = cue(
    "more confused than usual",
    r"(?:more|increasingly|extra|much\s+more)\s+(?:confused|muddled|muddld|muddly|forgetful|"
    r"disorientated|disoriented|vague|agitated)\s+(?:(?:[\w']+\s+){0,2}than\s+(?:usual|normal|before|she\s+was|he\s+was)|"
    r"over|for|this|since|recently|lately)",
    r"(?:confused|muddled)\s+(?:[\w']+\s+){0,3}(?:for\s+the\s+(?:last|past)\s+(?:few|couple\s+of|"
    r"two|three|\d)\s+days)",
    r"seeing\s+things\s+(?:that\s+)?(?:aren't|are\s+not|which\s+aren't)\s+there",
    r"(?:forgetting|doesn't\s+know|not\s+sure)\s+where\s+(?:he|she)\s+is",
)
OLDER = re.compile(
    r"(?<!\w)(?:elderly|care\s+home|nursing\s+home|frail|dementia|nan|nana|gran|granny|grandma|"
    r"grandad|granddad|grandpa|grandmother|grandfather)(?!\w)"
)
CHICKENPOX = cue("chickenpox / shingles contact", r"chicken\s*pox", r"varicella", r"shingles")
NOT_IMMUNE = re.compile(
    r"(?<!\w)(?:never\s+had\s+(?:it|chicken\s*pox)|not\s+(?:sure|certain)\s+(?:if|whether)\s+(?:i've|"
    r"i\s+have|i|i'd)\s+(?:ever\s+)?had|don't\s+know\s+if\s+(?:i've|i\s+have|i)\s+(?:ever\s+)?had|"
    r"not\s+immune|no\s+immunity|non[\s-]?immune|haven't\s+had\s+(?:it|chicken\s*pox))(?!\w)"
)
_CONTACT = re.compile(
    r"(?<!\w)(?:spots|rash|come\s+out\s+in|came\s+out\s+in|broken\s+out|exposed|contact|has\s+(?:got\s+)?it|"
    r"spent\s+(?:[\w']+\s+){0,3}with|was\s+with|played\s+with|nursery|playgroup)(?!\w)"
)
EYELID = cue(
    "swollen red eyelid",
    r"(?:eye\s*lid|eyelids|lid|around\s+(?:his|her|my|the)\s+eye)\s+(?:is\s+|are\s+|has\s+gone\s+)?"
    r"(?:[\w']+\s+){0,2}(?:swollen|puffy|swelling|red|pink)",
    r"(?:swollen|puffy|red)\s+(?:eye\s*lid|lid)",
)
BRONCHIOLITIS = cue(
    "bronchiolitis symptoms",
    r"bronchiolitis",
    r"(?:wheez\w*|cough\w*|runny\s+nose|snuffl\w*|snotty|congested)",
)
FEEDING_OK = re.compile(
    r"(?<!\w)(?:(?:half|two\s+thirds|most|three\s+quarters|about\s+half|\d{2}\s*%)\s+(?:of\s+)?"
    r"(?:his|her)?\s*(?:usual|normal)?\s*(?:milk|feeds?|bottles?|amount)|feeding\s+(?:ok|okay|fine|"
    r"well|a\s+bit\s+less)|still\s+(?:feeding|taking\s+(?:his|her)\s+(?:milk|feeds?|bottles?)))(?!\w)"
)


@register
class SuspectedFracture(Discriminator):
    """NICE NG38 / CKS: fractures that need an X-ray today even though the person is well."""

    kind = "general_suspected_fracture"
    flag = "injury_same_day"
    label = "Possible fracture or pulled elbow"
    advice = f"This may be a fracture or a pulled elbow: {TODAY} or a minor injuries unit for an X-ray or assessment."

    def evaluate(self, msg: Message) -> Hit | None:
        snuff = SNUFFBOX.find(msg)
        if snuff:
            return urgent_hit(("scaphoid", snuff))
        crush = DIGIT_CRUSH.find(msg)
        if crush and DIGIT_SIGN.search(msg.text):
            return urgent_hit(("crush", crush))
        foosh = FOOSH.find(msg)
        if foosh and WRIST_HURT.search(msg.text):
            # fall on the outstretched hand with a painful or swollen wrist: distal radius or
            # scaphoid fracture until an X-ray says otherwise (NICE NG38)
            return urgent_hit(("fall on the hand", foosh))
        bony = BONY.find(msg)
        if bony and INJURY.search(msg.text):
            return urgent_hit(("injury", bony))
        knuckle = KNUCKLE.find(msg)
        if knuckle and PUNCH.search(msg.text):
            return urgent_hit(("hand", knuckle))
        arm = ARM_UNUSED.find(msg)
        if arm and (PULL.search(msg.text) or msg.patient.child):
            return urgent_hit(("arm", arm))
        return None


@register
class WoundNeedsClosing(Discriminator):
    """A gaping cut that needs stitches, glue or strips (within hours)."""

    kind = "general_wound_closure"
    flag = "wound_same_day"
    label = "Wound may need closing"
    advice = f"Press on it with a clean pad, then {TODAY} (minor injuries unit) within a few hours to close it."

    def evaluate(self, msg: Message) -> Hit | None:
        gaping = GAPING.find(msg)
        if gaping and re.search(r"(?<!\w)(?:cut|wound|gash|lacerat\w*|sliced|split|stab\w*|knife|"
                                r"glass|tin|stitches)(?!\w)", msg.text):
            return urgent_hit(("wound", gaping))
        return None


@register
class BiteToPerson(Discriminator):
    """NICE NG184: a bite that broke the skin (animal or human) needs assessment today."""

    kind = "general_bite"
    flag = "bite_same_day"
    label = "Bite that may need antibiotics"
    advice = f"Wash it under running water, then {TODAY}: bites often need antibiotics and a tetanus check."

    def evaluate(self, msg: Message) -> Hit | None:
        bite = BITE_PERSON.find(msg)
        if bite and BITER.search(msg.text) and not HEALED.search(msg.text):
            return urgent_hit(("bite", bite))
        return None


@register
class Delirium(Discriminator):
    """NICE CG103: new or worse confusion over hours to days in an older person is delirium
    until shown otherwise, even with normal observations."""

    kind = "general_delirium"
    flag = "delirium"
    label = "Possible delirium (new or worse confusion)"
    advice = (f"New or worse confusion in an older person needs a doctor to look for a cause: "
              f"{TODAY}. Check for infection, new medicines, constipation and dehydration.")

    def evaluate(self, msg: Message) -> Hit | None:
        cue = MORE_CONFUSED.find(msg)
        if cue is None:
            return None
        age = msg.patient.age_years
        if (age is not None and age >= 65) or OLDER.search(msg.text) or re.search(
            r"(?<!\w)(?:mum|mom|dad|mother|father)(?!\w)", msg.text
        ):
            return urgent_hit(("confusion", cue))
        return None


@register
class ChickenpoxInPregnancy(Discriminator):
    """RCOG Green-top 13: a pregnant woman exposed to chickenpox or shingles who is not known
    to be immune needs an immunity check today (VZIG or antivirals within days)."""

    kind = "general_chickenpox_pregnancy"
    flag = "pregnancy_same_day"
    label = "Chickenpox contact in pregnancy"
    advice = f"Contact your midwife or {TODAY}: a blood test for immunity and preventive treatment may be needed within days."

    def evaluate(self, msg: Message) -> Hit | None:
        pox = CHICKENPOX.find(msg)
        if pox is None and CHICKENPOX.pattern.search(msg.text) and _CONTACT.search(msg.text):
            # "never had chickenpox" is negated, yet the contact ("nephew has come out in spots")
            # is current: the non-immunity is the point
            pox = CHICKENPOX.pattern.search(msg.text).group(0)  # type: ignore[union-attr]
        if pox and msg.pregnant and NOT_IMMUNE.search(msg.text):
            return urgent_hit(("contact", pox), extra=(f"pregnant: '{msg.pregnant.text}'",))
        return None


@register
class PreseptalCellulitis(Discriminator):
    """NICE CKS: a swollen red eyelid with normal eye movement and vision (preseptal
    cellulitis) is seen today; orbital signs are the emergency rule's business."""

    kind = "general_preseptal"
    flag = "eye_same_day"
    label = "Swollen red eyelid (possible preseptal cellulitis)"
    advice = (f"{TODAY[0].upper() + TODAY[1:]}. Go to the emergency department instead if the eye bulges, "
              "hurts to move, vision changes or a high fever develops.")

    def evaluate(self, msg: Message) -> Hit | None:
        lid = EYELID.find(msg)
        if lid and re.search(r"swollen|puffy|swelling", msg.text) and re.search(
            r"red|pink|hot|sore|tender|bite|cold|spot", msg.text
        ):
            return urgent_hit(("eyelid", lid))
        return None


@register
class YoungInfantBronchiolitis(Discriminator):
    """NICE NG9: a baby under 6 months with bronchiolitis symptoms who is still feeding at
    least half the usual amount and has no red flags is seen today, not routinely."""

    kind = "general_infant_bronchiolitis"
    flag = "child_same_day"
    label = "Young baby with cough or wheeze"
    advice = (f"{TODAY[0].upper() + TODAY[1:]}. Call 999 if the baby has pauses in breathing, goes blue, "
              "grunts, or takes less than half the usual feeds.")

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        if age is None or age >= 0.5:
            return None
        sym = BRONCHIOLITIS.find(msg)
        if sym and (FEEDING_OK.search(msg.text) or "bronchiolitis" in sym):
            return urgent_hit(("symptoms", sym), extra=(f"age {msg.patient.age_text}",))
        return None




BLISTER_RASH = cue(
    "one-sided blistering rash",
    r"shingles",
    r"(?:blister\w*|vesic\w*)\s+(?:[\w']+\s+){0,2}rash",
    r"rash\s+(?:[\w']+\s+){0,4}blister\w*",
)
ONE_SIDE = re.compile(r"(?<!\w)(?:one\s+side|left\s+side|right\s+side|band|strip|stripe|"
                      r"forehead|tip\s+of\s+(?:my|his|her|the)\s+nose|one-sided)(?!\w)")
SANDPAPER = cue(
    "scarlet fever features",
    r"sand\s*paper\w*",
    r"strawberry\s+tongue",
    r"scarlet\s+fever|scarlatina",
)
THROAT_OR_FEVER = re.compile(r"(?<!\w)(?:sore\s+throat|throat|tonsil\w*|fever|temperature|temp|"
                             r"tongue)(?!\w)")
_TREATED = re.compile(r"(?<!\w)(?:on|taking|started|finished|course\s+of)\s+(?:the\s+)?(?:antibiotics|"
                      r"penicillin|amoxicillin|phenoxymethylpenicillin)(?!\w)")
SELF_HARM = cue(
    "self-harm",
    r"self[\s-]?harm\w*",
    r"(?:cut|cutting|burn(?:ed|t|ing)?|scratch(?:ed|ing)?|hurt(?:ing)?)\s+(?:myself|herself|himself|"
    r"my\s+(?:arms?|wrists?|legs?|thighs?))",
)
NO_INTENT = re.compile(
    r"(?<!\w)(?:don't\s+want\s+to\s+die|not\s+(?:trying|wanting)\s+to\s+(?:die|kill)|no\s+(?:plan|"
    r"intent\w*)|not\s+suicidal|to\s+feel\s+something|to\s+cope|release)(?!\w)"
)


@register
class ShinglesEarly(Discriminator):
    """NICE CKS shingles: a one-sided blistering rash is seen today (antivirals work best
    within 72 hours, and the eye is at risk when the forehead or nose tip is involved)."""

    kind = "general_shingles"
    flag = "rash_same_day"
    label = "Possible shingles"
    advice = (f"{TODAY[0].upper() + TODAY[1:]}: antiviral tablets work best within 3 days of the rash; "
              "near the eye it needs checking the same day.")

    def evaluate(self, msg: Message) -> Hit | None:
        rash = BLISTER_RASH.find(msg)
        if rash and (ONE_SIDE.search(msg.text) or "shingles" in rash):
            return urgent_hit(("rash", rash))
        return None


@register
class ScarletFeverFeatures(Discriminator):
    """UKHSA scarlet fever: sandpaper rash or strawberry tongue with a sore throat or fever
    is seen today for antibiotics."""

    kind = "general_scarlet"
    flag = "rash_same_day"
    label = "Possible scarlet fever"
    advice = f"{TODAY[0].upper() + TODAY[1:]}: scarlet fever is treated with antibiotics; keep off school until 24 h after starting them."

    def evaluate(self, msg: Message) -> Hit | None:
        feature = SANDPAPER.find(msg)
        if feature and _TREATED.search(msg.text):
            return None  # already on antibiotics: nothing to do today
        rest = msg.text.replace(feature, " ") if feature else ""
        if feature and THROAT_OR_FEVER.search(rest):
            return urgent_hit(("features", feature))
        return None


@register
class SelfHarmNoIntent(Discriminator):
    """NICE NG225: self-harm without suicidal intent still needs a same-day assessment (wound
    care and a psychosocial review); intent or a plan is the emergency rule's business."""

    kind = "general_self_harm"
    flag = "mental_health_same_day"
    label = "Self-harm (no intent to die given)"
    advice = (f"Thank you for telling us. Please {TODAY} for the wound and to talk it through; "
              "if you feel you might act on thoughts of ending your life, call 999 or go to A&E now. "
              "Samaritans: 116 123, any time.")

    def evaluate(self, msg: Message) -> Hit | None:
        harm = SELF_HARM.find(msg)
        if harm and (NO_INTENT.search(msg.text) or re.search(r"last\s+night|today|yesterday|"
                                                             r"this\s+morning|just", msg.text)):
            return urgent_hit(("self-harm", harm))
        return None


DYSURIA = cue(
    "urinary symptoms",
    r"(?:burns?|burning|stings?|stinging|hurts?|cries|crying|screams)\s+(?:[\w']+\s+){0,2}(?:when|to|as)\s+"
    r"(?:i|he|she|they)?\s*(?:pee|pees|wee|wees|urinat\w*|pass\s+urine|go\s+to\s+the\s+toilet)",
    r"dysuri\w*",
    r"(?:pee|wee|urine)\s+(?:[\w']+\s+){0,2}(?:smells?|stinks|cloudy|bloody)",
)
FOCUS = cue(
    "localised infection",
    r"diverticulitis",
    r"(?:lower\s+left|left\s+lower)\s+(?:[\w']+\s+){0,3}(?:tummy|belly|abdomen|side)",
    r"(?:white|yellow|pus)\s+(?:spots|patches|pus)\s+on\s+(?:my|his|her|the)\s+tonsils",
    r"(?:cheek|jaw|face|gum)\s+(?:is\s+|has\s+)?(?:swollen|swelled|swelling)",
    r"pelvic\s+inflammatory|pid",
    r"(?:stuff|goo|gunk|pus|discharge|fluid|liquid)\s+(?:[\w']+\s+){0,3}(?:out\s+of|from)\s+(?:her|his|my|the)\s+ear",
    r"ear\s+(?:is\s+|has\s+)?(?:[\w']+\s+){0,2}(?:discharg\w*|leaking|oozing|weeping|pus)",
    r"ear\s+(?:[\w']+\s+){0,4}(?:coming|pouring|running|leaking)\s+out",
    r"(?:discharge|pain)\s+(?:[\w']+\s+){0,3}(?:down\s+below|vagina\w*|pelvi\w*)",
)
EYE_FB = cue(
    "something in the eye / light sensitivity",
    r"(?:something|grit|chip|bit|piece|speck|spec|dust|sand|metal|splinter)\s+(?:[\w']+\s+){0,4}in\s+(?:my|his|her|the)"
    r"\s+eye",
    r"(?:can't|cannot)\s+(?:stand|bear|look\s+at)\s+(?:the\s+)?(?:bright\s+)?light\w*",
    r"(?:light|lights)\s+(?:hurts?|is\s+painful)",
    r"photophob\w*",
    r"scratch(?:ed|y)?\s+(?:my|his|her|the)?\s*(?:eye|cornea)",
    r"corneal\s+abrasion",
)


@register
class FebrileFocalInfection(Discriminator):
    """NICE CKS: a fever with a localising infection (urinary symptoms in a man, a child or
    pregnancy; diverticulitis; tonsillar exudate; a swollen face from a tooth; pelvic pain
    with discharge) and stable observations is seen today for treatment."""

    kind = "general_febrile_focus"
    flag = "infection_same_day"
    label = "Infection with a fever and a focus"
    advice = (f"{TODAY[0].upper() + TODAY[1:]} for assessment and treatment. Call 999 instead if there is "
              "confusion, fast breathing, mottled skin or no urine all day.")

    def evaluate(self, msg: Message) -> Hit | None:
        temp = msg.vitals.temp_c
        febrile = (temp is not None and temp >= 37.8) or (temp is None and msg.find("fever"))
        if not febrile:
            return None
        focus = DYSURIA.find(msg) or FOCUS.find(msg)
        if focus:
            return urgent_hit(("focus", focus), extra=(f"temperature {temp:g} °C" if temp else "fever",))
        return None


@register
class EyeForeignBody(Discriminator):
    """NICE CKS red eye: a foreign body, abrasion or light sensitivity needs an eye check today
    (high-velocity injuries are the emergency rule's business)."""

    kind = "general_eye_foreign_body"
    flag = "eye_same_day"
    label = "Eye foreign body, scratch or light sensitivity"
    advice = (f"Do not rub the eye; rinse with clean water, then {TODAY} or an eye casualty / "
              "minor eye conditions service today.")

    def evaluate(self, msg: Message) -> Hit | None:
        eye = EYE_FB.find(msg)
        if eye:
            return urgent_hit(("eye", eye))
        return None


HEARING_LOSS = cue(
    "sudden hearing loss",
    r"(?:can't|cannot|can\s+not)\s+hear\s+(?:anything\s+|much\s+|properly\s+)?(?:in|out\s+of|from|with)\s+(?:my|his|her)\s+"
    r"(?:left\s+|right\s+)?ear",
    r"(?:gone|went|woke\s+up|suddenly)\s+deaf",
    r"deaf\s+in\s+(?:my|his|her|one)\s+(?:left\s+|right\s+)?ear",
    r"(?:lost|loss\s+of)\s+(?:the\s+|my\s+|his\s+|her\s+)?hearing",
    r"(?:can|could)\s+(?:barely|hardly|only\s+just)\s+hear\s+(?:anything\s+)?(?:in|out\s+of|from|with)\s+"
    r"(?:my|his|her|the)\s+(?:left\s+|right\s+)?ear",
    r"(?:hearing|ear)\s+(?:in\s+(?:my|his|her|the)\s+(?:left\s+|right\s+)?ear\s+)?(?:has\s+)?(?:suddenly\s+)?"
    r"(?:gone|went)\s+(?:muffled|dull|deaf|quiet)",
)
SUDDEN = re.compile(r"(?<!\w)(?:sudden\w*|since\s+(?:yesterday|this\s+morning|last\s+night|\w+day)|woke|"
                    r"overnight|today|this\s+morning)(?!\w)")
RENAL_COLIC = cue(
    "loin-to-groin colic",
    r"(?:side|loin|flank|back)\s+(?:[\w']+\s+){0,3}(?:to|into|down\s+to|round\s+to|down\s+into)\s+(?:my\s+|the\s+|his\s+|"
    r"her\s+)?groin",
    r"renal\s+colic|kidney\s+stones?|ureteric\s+colic",
    # "pain in my side since 4am that comes in waves and shoots down to my groin"
    r"(?:shoot\w*|radiat\w*|goes|going|spread\w*|mov\w*|travel\w*)\s+(?:down\s+|round\s+)?(?:to|into|"
    r"towards)\s+(?:my\s+|the\s+|his\s+|her\s+)?groin",
)
SPREADING = cue(
    "spreading redness",
    r"(?:red\w*|hot|swollen|patch|cellulitis)\s+(?:[\w']+\s+){0,4}(?:spreading|getting\s+bigger|growing|"
    r"moving\s+up|past\s+the\s+line)",
)


@register
class SuddenHearingLoss(Discriminator):
    """NICE CKS: sudden sensorineural hearing loss over 3 days or less is assessed within
    24 hours (steroids work best early)."""

    kind = "general_hearing_loss"
    flag = "ent_same_day"
    label = "Sudden hearing loss"
    advice = f"Sudden hearing loss should be checked within 24 hours: {TODAY} (or an ENT emergency clinic)."

    def evaluate(self, msg: Message) -> Hit | None:
        loss = HEARING_LOSS.find(msg)
        if loss and SUDDEN.search(msg.text):
            return urgent_hit(("hearing", loss))
        return None


@register
class RenalColic(Discriminator):
    """NICE NG118: loin-to-groin colic without fever or uncontrolled pain is seen today
    (fever, one kidney or uncontrolled pain go to hospital now)."""

    kind = "general_renal_colic"
    flag = "abdomen_same_day"
    label = "Possible kidney stone (renal colic)"
    advice = (f"{TODAY[0].upper() + TODAY[1:]} for pain relief and a urine test. Go to the emergency "
              "department if you get a fever or shivers, cannot keep fluids down or the pain is not controlled.")

    def evaluate(self, msg: Message) -> Hit | None:
        colic = RENAL_COLIC.find(msg)
        if colic and (re.search(r"wave|comes\s+and\s+goes|colick?y|rolling|writhing|stones?", msg.text)):
            return urgent_hit(("pain", colic))
        return None


@register
class SpreadingRednessDiabetes(Discriminator):
    """NICE NG19 / NG141: spreading redness, heat or swelling in someone with diabetes is
    seen today (infection moves fast and can reach bone)."""

    kind = "general_diabetic_skin"
    flag = "skin_same_day"
    label = "Spreading redness with diabetes"
    advice = (f"{TODAY[0].upper() + TODAY[1:]}: mark the edge with a pen. Go to the emergency department "
              "if you feel shivery or unwell, or the skin turns dark or blistered.")

    def evaluate(self, msg: Message) -> Hit | None:
        spread = SPREADING.find(msg)
        if spread and msg.find("diabetes"):
            return urgent_hit(("skin", spread), extra=("diabetes",))
        return None


ONE_MAGNET = cue(
    "one magnet swallowed",
    r"(?:swallowed|ate|eaten)\s+(?:a|one|1|single)\s+(?:[\w']+\s+){0,2}magnet(?!s)",
)
PASSED = re.compile(r"(?<!\w)(?:came\s+out|passed\s+it|pooed\s+it\s+out|found\s+it\s+in\s+(?:his|her)\s+(?:poo|nappy))(?!\w)")


@register
class SingleMagnet(Discriminator):
    """BSPGHAN / RCEM: one swallowed magnet is X-rayed the same day to confirm it is one and
    near no metal; two or more are the emergency rule's business."""

    kind = "general_single_magnet"
    flag = "ingestion_same_day"
    label = "One magnet swallowed"
    advice = (f"{TODAY[0].upper() + TODAY[1:]} (or a children's emergency department) for an X-ray; keep "
              "other magnets and metal away. Go now if there is tummy pain, vomiting or drooling.")

    def evaluate(self, msg: Message) -> Hit | None:
        one = ONE_MAGNET.find(msg)
        if one and not PASSED.search(msg.text):
            return urgent_hit(("ingestion", one))
        return None


ABSCESS = cue(
    "hot, growing lump",
    r"(?:lump|boil|abscess|swelling|spot|cyst)\s+(?:[\w',]+\s+){0,8}(?:getting\s+bigger|growing|spreading|"
    r"full\s+of\s+pus|pus)",
    r"abscess",
)
INFLAMED = re.compile(r"(?<!\w)(?:hot|throbbing|red|angry|pus|tender|painful)(?!\w)")


@register
class Abscess(Discriminator):
    """NICE CKS boils and abscesses: a hot, painful, growing lump may need draining today."""

    kind = "general_abscess"
    flag = "skin_same_day"
    label = "Possible abscess"
    advice = (f"{TODAY[0].upper() + TODAY[1:]}: it may need draining. Go to the emergency department "
              "if you feel shivery or unwell or redness spreads fast.")

    def evaluate(self, msg: Message) -> Hit | None:
        lump = ABSCESS.find(msg)
        if lump and INFLAMED.search(msg.text):
            return urgent_hit(("lump", lump))
        return None
