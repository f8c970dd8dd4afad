"""Emergencies told as lay signs or a result, often buried in another request.

Each rule reads any wording of its parts (cues matched per sentence and kept only when ConText
leaves them current) and follows a published threshold:

- hypercalcaemia (Society for Endocrinology emergency guidance): adjusted calcium >= 3.5, or
  >= 3.0 with confusion, drowsiness, vomiting or dehydration, is an admission; 3.0-3.5 and
  well is a same-day check;
- lithium toxicity (NICE CKS / TOXBASE): a level >= 2.0 mmol/L, or neurological signs
  (confusion, ataxia, coarse tremor, fits) in someone on lithium, is an emergency; 1.5-2.0 with
  mild signs is same-day;
- bleeding after tonsillectomy (ENT UK): any fresh bleeding in the first two weeks goes to the
  emergency department;
- Ludwig's angina: a dental infection with a swollen, hard floor of the mouth or a raised
  tongue, or trouble swallowing, speaking or breathing;
- a toddler who may have swallowed one of the medicines that can kill in one or two tablets
  (NPIS / TOXBASE: calcium-channel and beta blockers, sulfonylureas, opioids, tricyclics,
  flecainide, clonidine, ...);
- psychosis with risk to others (NICE CG178 crisis care): persecutory or bizarre beliefs with a
  weapon, threats or agitation;
- an older person found on the floor: a shortened, outward-turned leg (hip fracture), or a
  long lie with new confusion, cold or cola-coloured urine (rhabdomyolysis, hypothermia);
- a baby under 28 days (NICE NG143 red features / NG51): cold to touch, not feeding, unusually
  sleepy or floppy, grey, blue or mottled.
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

# --- hypercalcaemia / lithium ---------------------------------------------------------------
SYMPTOMATIC = cue(
    "confusion, drowsiness, vomiting or dehydration",
    r"confus\w*|muddled|disorientat\w*|drows\w*|very\s+sleepy|hard\s+to\s+(?:wake|rouse)|delirious|"
    r"vomit\w*|being\s+sick|(?:barely|hardly|not)\s+(?:drinking|eating)|dehydrat\w*|"
    r"(?:not\s+herself|not\s+himself|not\s+making\s+sense)",
)
# a coarse tremor is a mild sign (same day with a level of 1.5-2.0); these are not
LITHIUM_NEURO = cue(
    "neurological signs of lithium toxicity",
    r"confus\w*|muddled|disorientat\w*|drows\w*|unsteady|wobbly|staggering|ataxi\w*|falling\s+over|"
    r"slurr\w*|twitch\w*|jerk\w*|fits?|seizures?|fitting|not\s+making\s+sense",
)
TREMOR = cue(
    "tremor",
    r"coarse\s+tremor|(?:bad|worse|worsening|shaking|severe|new)\s+(?:tremor|shak\w*)|tremor\w*|shaky",
)
GUT_LOSS = cue(
    "vomiting, diarrhoea or dehydration",
    r"vomit\w*|diarrh\w*|d\s*&\s*v|d\s+and\s+v|being\s+sick|dehydrat\w*|(?:not|barely|hardly)\s+drinking",
)
ON_LITHIUM = cue("on lithium", r"lithium|priadel|camcolit|liskonum", background=True)

# --- tonsillectomy --------------------------------------------------------------------------
TONSILLECTOMY = cue(
    "recent tonsillectomy",
    r"tonsillectom\w*|adenotonsillectom\w*|(?:tonsils?|adenoids)\s+(?:[\w']+\s+){0,2}?(?:out|removed|"
    r"taken\s+out)|(?:took|had|having)\s+(?:[\w']+\s+){0,2}?tonsils?\s+(?:out|removed)",
    background=True,
)
MOUTH_BLOOD = cue(
    "fresh blood from the mouth or throat",
    r"(?:spit\w*|spat|cough\w*|vomit\w*|sick|bring\w*\s+up|brought\s+up|dribbl\w*)\s+(?:out\s+|up\s+)?"
    r"(?:[\w']+\s+){0,4}?(?:blood|bloody|clots?)",
    r"(?:blood|bleed\w*)\s+(?:[\w']+\s+){0,4}?(?:from|in|out\s+of)\s+(?:his|her|my|their|the)\s+"
    r"(?:mouth|throat)",
    r"(?:mouth|throat)\s+(?:is\s+|has\s+)?(?:bleed\w*|full\s+of\s+blood)",
    r"bleed\w*",
)

_LONG_AGO = re.compile(
    r"(?<!\w)(?:(?:\d+|a|one|two|three|few|several|many)\s+(?:months?|years?)\s+ago|as\s+a\s+(?:child|kid)|"
    r"when\s+(?:i|he|she)\s+was\s+(?:little|young|a\s+(?:child|kid)))(?!\w)"
)

# --- Ludwig's angina ------------------------------------------------------------------------
DENTAL = cue(
    "dental infection",
    r"(?:wisdom\s+)?tooth|teeth|molar|dental|abscess\w*|gum\s+infection|extraction|root\s+canal",
    background=True,
)
FLOOR_OF_MOUTH = cue(
    "swollen floor of the mouth or raised tongue",
    r"floor\s+of\s+(?:my|his|her|the|their)\s+mouth\s+(?:[\w']+\s+){0,4}?(?:swollen|swelling|swelled|"
    r"hard|raised|tight|firm|puffy)",
    r"(?:swollen|swelling|swelled|hard)\s+(?:[\w']+\s+){0,3}?(?:under\s+(?:my|his|her|the)\s+tongue|"
    r"floor\s+of\s+(?:my|his|her|the)\s+mouth)",
    r"tongue\s+(?:is\s+|has\s+been\s+|feels\s+|being\s+)?(?:pushed|lifted|raised|forced|sticking)\s+"
    r"(?:up|out|forward|back)",
    r"under\s+(?:my|his|her|the)\s+(?:chin|jaw)\s+(?:[\w']+\s+){0,8}?(?:swollen\s+hard|hard\s+and\s+"
    r"swollen|rock\s+hard|like\s+wood|woody)",
)
MOUTH_FUNCTION = cue(
    "trouble swallowing, speaking or breathing",
    r"(?:can't|cannot|can\s+not|unable\s+to|couldn't|struggl\w*\s+to|hard\s+to|(?:difficulty|trouble|"
    r"problems?)\s+(?:with\s+)?)\s*(?:swallow\w*|talk\w*|speak\w*|breath\w*|open\s+(?:my|his|her)\s+mouth)",
    r"drool\w*|muffled",
)

# --- toddler ingestion ----------------------------------------------------------------------
# NPIS / TOXBASE "one pill can kill" list: one or two adult tablets can be fatal to a toddler
ONE_PILL = cue(
    "a medicine dangerous to a small child in one or two tablets",
    r"amlodipine|nifedipine|felodipine|lercanidipine|diltiazem|verapamil|calcium[\s-]channel\s+blockers?|"
    r"\w+olol|beta[\s-]?blockers?|flecainide|digoxin|clonidine|gliclazide|glibenclamide|glipizide|"
    r"glimepiride|sulfonylureas?|sulphonylureas?|methadone|buprenorphine|morphine|oxycodone|fentanyl|"
    r"tramadol|codeine|dihydrocodeine|amitriptyline|nortriptyline|imipramine|dosulepin|clomipramine|"
    r"tricyclics?|chloroquine|hydroxychloroquine|quinine|theophylline|propafenone|"
    r"(?:heart|blood\s+pressure|bp|diabetes|sugar)\s+(?:pills?|tablets?|tabs|meds|medicines?)",
)
GOT_INTO = cue(
    "swallowed or chewed",
    r"swallow\w*|chew\w*|ate|eaten|eating|got\s+into|(?:had|has|put)\s+(?:some|one|a\s+few)|sucked|"
    r"sucking|in\s+(?:his|her|their)\s+mouth|(?:tablets?|pills?)\s+(?:are\s+|were\s+)?missing|"
    r"(?:missing|gone)\s+from\s+the\s+(?:pack|packet|box|bottle|strip)",
)

# --- psychosis with risk --------------------------------------------------------------------
_BELIEFS = (
    r"(?:transmitting|broadcasting|beaming|putting\s+thoughts|controlling|reading)\s+(?:[\w']+\s+){0,3}?"
    r"(?:into|in|his|her|my|their|mind|thoughts|head|brain)",
    r"(?:tv|television|radio|telly|phone|computer|neighbours?|aliens?|government|police|mi5|fbi|cia|satellites?)\s+"
    r"(?:is|are|keeps?|has\s+been|have\s+been)\s+(?:(?:sending|giving|beaming)\s+(?:him|her|me|them|us)?\s*"
    r"(?:secret\s+)?(?:messages|signals|thoughts|instructions|orders)|(?:controlling|reading)\s+(?:him|her|me|them|"
    r"his|my|their)(?:\s+(?:mind|thoughts|brain))?)",
    r"(?:special|secret|hidden)\s+messages|(?:sending|giving)\s+(?:him|her|me|them)\s+(?:secret\s+)?(?:messages|signals)",
    r"(?:hearing|hears|heard)\s+(?:[\w']+\s+)?voices|voices\s+(?:are\s+)?(?:telling|saying|told|tell)",
    r"(?:thinks?|believes?|convinced|says?|said)\s+(?:that\s+)?(?:[\w']+\s+){0,4}?(?:poison\w*|"
    r"being\s+(?:followed|watched|filmed|tracked)|bugged|tapped|spying|watching\s+(?:him|her|them|me)|after\s+(?:him|her|them|me)|out\s+to\s+get|plotting|"
    r"possessed|the\s+devil|demons?|implant\w*|chip\s+in)",
    r"(?:psychotic|psychosis|delusion\w*|hallucinat\w*)",
    r"(?:needs?|has|have|wants?|going)\s+to\s+['\"]?(?:cleanse|purify|punish|deal\s+with|get\s+rid\s+of|"
    r"stop|sort\s+out|silence)['\"]?\s+(?:them|him|her|the\s+\w+)",
)
BELIEF = cue("persecutory or bizarre beliefs, voices", *_BELIEFS)
PSYCHOTIC = cue("persecutory or bizarre beliefs, voices", *_BELIEFS, r"paranoi\w*")
RISK_TO_OTHERS = cue(
    "a weapon, threats or violence",
    r"knife|knives|machete|axe|hammer|gun|weapon\w*|blade|sword|baseball\s+bat|crossbow",
    r"threat\w*|threaten\w*|(?:going|wants?|needs?)\s+to\s+(?:kill|hurt|attack|stab|get)",
    r"violent|attacked|lashing\s+out|smash\w*",
    r"won't\s+let\s+(?:us|me|anyone|them)\s+(?:leave|out|go)|locked\s+(?:us|me)\s+in|(?:has|have|needs?)\s+to\s+"
    r"(?:protect|defend)\s+(?:us|himself|herself|me|the\s+family)\s+from",
)
AGITATED = cue(
    "agitation or no sleep",
    r"pacing|agitat\w*|can't\s+sit\s+still|(?:hasn't|not|hadn't|haven't)\s+slept|no\s+sleep|"
    r"awake\s+for\s+days|shouting|ranting|aggressive|locked\s+(?:himself|herself)",
)

# --- older person on the floor --------------------------------------------------------------
HIP_DEFORMITY = cue(
    "shortened or outward-turned leg",
    r"(?:leg|foot)\s+(?:[\w']+\s+){0,3}?(?:shorter|shortened|turned\s+out(?:wards?)?|rotated|rolled\s+out(?:wards?)?|"
    r"pointing\s+out(?:wards?)?|sticking\s+out|at\s+a\s+funny\s+angle)",
    r"(?:shortened|externally\s+rotated)\s+(?:and\s+(?:externally\s+)?rotated\s+)?(?:[\w']+\s+)?(?:leg|limb)",
    r"(?:shortening|external\s+rotation)\s+(?:and\s+(?:external\s+)?rotation\s+)?(?:of\s+(?:the\s+)?)?"
    r"(?:(?:left|right|l|r)\s+)?(?:leg|limb|hip)",
)
ON_FLOOR = cue(
    "found on the floor / a long lie",
    r"(?:found|was|been|lying|lay|left|stuck|waiting)\s+(?:[\w'(),]+\s+){0,5}?(?:on|by)\s+(?:the|her|his|"
    r"their|my)\s+(?:\w+\s+)?floor",
    r"on\s+the\s+(?:\w+\s+)?floor\s+(?:all\s+night|since|for\s+(?:hours|\d+\s+hours|ages|the\s+night))",
    r"(?:couldn't|could\s+not|can't|cannot|unable\s+to)\s+get\s+(?:herself\s+|himself\s+)?(?:up|off\s+the\s+floor)",
    r"long\s+lie",
)
FELL = cue(
    "a fall or injury",
    r"fell|fallen|falls?|falling|tripped|slipped|knocked\s+over|collapsed|went\s+down|injur\w*|hurt|accident",
)
# "one leg has always been shorter" is not an injury
_LIFELONG = re.compile(
    r"(?<!\w)(?:always|since\s+(?:birth|childhood|i\s+was|he\s+was|she\s+was)|from\s+birth|born\s+with|"
    r"insoles?|orthotics?)(?!\w)"
)
LONG_TIME = cue(
    "hours on the floor",
    r"since\s+(?:about\s+|around\s+)?(?:last\s+night|yesterday|\d{1,2}\s+last\s+night|the\s+evening)|"
    r"all\s+night|overnight|for\s+(?:about\s+|over\s+|at\s+least\s+)?(?:\d+|several|many|a\s+few|"
    r"some)\s+hours|hours",
)
LONG_LIE_HARM = cue(
    "new confusion, cold or dark urine",
    r"confus\w*|muddled|disorientat\w*|not\s+making\s+sense|drows\w*|(?:very|really|so|icy|freezing|"
    r"stone)\s+cold|(?:she's|he's|is|feels?|felt)\s+(?:very\s+|really\s+|so\s+)?cold|hypotherm\w*|"
    r"(?:urine|wee|pee)\s+(?:[\w']+\s+){0,4}?(?:dark\s+brown|brown|cola|coca[\s-]cola|tea[\s-]coloured|"
    r"black)|(?:dark\s+brown|brown|cola[\s-]coloured|coke[\s-]coloured)\s+(?:urine|wee|pee)",
)
CANT_BEAR = cue(
    "cannot bear weight or move the leg",
    r"(?:can't|cannot|unable\s+to|won't|couldn't)\s+(?:weight[\s-]?bear|bear\s+weight|stand|put\s+weight|"
    r"move\s+(?:her|his|the)\s+leg)|(?:screams?|screaming|cries\s+out|yells?)\s+(?:[\w']+\s+){0,4}?"
    r"(?:move|moving|touch|lift)",
)

# --- newborn --------------------------------------------------------------------------------
NEONATE_SIGNS = (
    cue("cold to touch", r"(?:very|really|so|ice|icy|stone)\s+cold|cold\s+to\s+(?:the\s+)?touch|"
        r"(?:skin|hands|feet|body)\s+(?:is\s+|are\s+|feels?\s+)?(?:very\s+)?cold|hypotherm\w*|"
        r"low\s+temp\w*|temp\w*\s+(?:of\s+)?(?:3[0-5](?:\.\d)?)(?!\d)"),
    cue("not feeding", r"(?:not|won't|isn't|hasn't|hardly|barely|refus\w*|stopped)\s+(?:been\s+)?"
        r"(?:feed\w*|drink\w*|taking\s+(?:milk|feeds?|the\s+bottle)|breast\s*feed\w*|latch\w*|suck\w*)|"
        r"(?:no|off)\s+(?:feeds?|milk)|(?:not|no)\s+drink\s+milk"),
    cue("unusually sleepy or floppy", r"(?:very|really|too|so|unusually|extremely)\s+(?:sleepy|drowsy|"
        r"floppy|lethargic)|floppy|hard\s+to\s+(?:wake|rouse)|won't\s+wake|not\s+waking|lethargic|limp"),
    cue("grey, blue or mottled", r"grey|gray|ashen|blue|bluish|mottled|blotchy|(?:very|really)\s+pale|"
        r"pale\s+and\s+(?:floppy|cold)"),
)


NEWBORN_STRONG = cue(
    "floppy, cannot be woken, or grey / blue",
    r"floppy|limp|hard\s+to\s+(?:wake|rouse)|won't\s+wake|can't\s+(?:wake|rouse)|(?:not|isn't)\s+waking\s+(?:up\s+)?"
    r"(?:for\s+feeds|at\s+all)|(?:grey|gray|ashen|blue|bluish)\s+(?:lips|face|skin|colour|color|all\s+over)|"
    r"(?:lips|face|skin|colour|color)\s+(?:is\s+|are\s+|looks?\s+|has\s+gone\s+|went\s+|going\s+)?(?:grey|gray|"
    r"ashen|blue|bluish)|(?:looks?|looking|gone|went|turned|turning)\s+(?:grey|gray|ashen|blue)",
)


def _newborn(msg: Message) -> bool:
    age = msg.patient.age_years
    return msg.patient.child and age is not None and age < 28 / 365


@register
class Hypercalcaemia(Discriminator):
    kind = "hypercalcaemia"
    label = "High calcium level"
    advice = (
        "A calcium this high, especially with confusion, vomiting or not drinking, needs "
        f"treatment in hospital today: {CALL} or go to the emergency department now."
    )
    urgent_advice = (
        f"A raised calcium needs a same-day review: {TODAY}. If confusion, vomiting or "
        f"drowsiness start, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        ca = msg.labs.calcium
        if ca is None or ca < 3.0 or ca > 5.0:
            return None
        value = f"calcium {ca}"
        sym = SYMPTOMATIC.find(msg)
        if ca >= 3.5 or sym:
            return emergency_hit((SYMPTOMATIC.label, sym), extra=(value,))
        return cue_hit(Level.URGENT, extra=(value,))


@register
class LithiumToxicity(Discriminator):
    kind = "lithium_toxicity"
    label = "Possible lithium toxicity"
    advice = (
        "Confusion, unsteadiness, a coarse tremor or a high level in someone on lithium can be "
        f"lithium toxicity: {CALL} or go to the emergency department now. Do not take the next "
        "lithium dose."
    )
    urgent_advice = (
        "A raised lithium level, or a new tremor with vomiting or diarrhoea on lithium, needs a "
        f"same-day check (stop the next dose until told): {TODAY}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        on = ON_LITHIUM.find(msg)
        if on is None:
            return None
        level = msg.labs.lithium
        extra = (f"lithium level {level}",) if level is not None else ()
        neuro = LITHIUM_NEURO.find(msg)
        gut = GUT_LOSS.find(msg)
        if level is not None and level >= 2.0:
            return emergency_hit((ON_LITHIUM.label, on), (LITHIUM_NEURO.label, neuro),
                           extra=extra)
        many_signs = len({m.group(0) for s in msg.sentences
                          for m in LITHIUM_NEURO.pattern.finditer(s)}) >= 2
        tremor = TREMOR.find(msg)
        if neuro and ((level is not None and level >= 1.5) or many_signs or (gut and tremor)):
            return emergency_hit((ON_LITHIUM.label, on), (LITHIUM_NEURO.label, neuro),
                           (TREMOR.label, tremor), (GUT_LOSS.label, gut), extra=extra)
        if (level is not None and level >= 1.5) or ((neuro or tremor) and gut):
            return cue_hit(Level.URGENT, (ON_LITHIUM.label, on), (LITHIUM_NEURO.label, neuro),
                           (TREMOR.label, tremor), extra=extra)
        return None


@register
class PostTonsillectomyBleed(Discriminator):
    kind = "post_tonsillectomy_bleed"
    flag = "severe_bleeding"
    label = "Bleeding after tonsil surgery"
    advice = (
        "Fresh bleeding after a tonsillectomy can become heavy quickly: go to the emergency "
        f"department now or {CALL}. Sit up leaning forward and spit the blood out; do not "
        "swallow it."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        op = TONSILLECTOMY.find(msg)
        if op is None or _LONG_AGO.search(msg.text):
            return None  # the bleeding risk is in the first two weeks, not years later
        blood = MOUTH_BLOOD.find(msg)
        if blood is None:
            return None
        return emergency_hit((TONSILLECTOMY.label, op), (MOUTH_BLOOD.label, blood))


@register
class LudwigsAngina(Discriminator):
    kind = "ludwigs_angina"
    flag = "breathing_difficulty"
    label = "Possible spreading neck infection (Ludwig's angina)"
    advice = (
        "A dental infection with a hard, swollen floor of the mouth, a raised tongue or trouble "
        f"swallowing, speaking or breathing can block the airway: {CALL} or go to the emergency "
        "department now. Sit upright."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        floor = FLOOR_OF_MOUTH.find(msg)
        if floor is None:
            return None
        dental = DENTAL.find(msg)
        function = MOUTH_FUNCTION.find(msg)
        if dental or function:
            return emergency_hit((FLOOR_OF_MOUTH.label, floor), (DENTAL.label, dental),
                           (MOUTH_FUNCTION.label, function))
        return None


@register
class ChildOnePillIngestion(Discriminator):
    kind = "paediatric_ingestion"
    flag = "overdose_poisoning"
    label = "Small child may have swallowed a dangerous medicine"
    advice = (
        "Some adult medicines (blood pressure and heart tablets, diabetes tablets, strong "
        "painkillers, some antidepressants) can be dangerous to a small child in one or two "
        f"tablets, even if the child seems well: {CALL} or go to the emergency department now. "
        "Take the packet with you."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        small = age is not None and age < 6 or re.search(r"(?<!\w)(?:toddler|baby|infant)(?!\w)",
                                                       msg.text)
        if not (msg.patient.child and small):
            return None
        drug = ONE_PILL.find(msg)
        took = GOT_INTO.find(msg)
        if drug and took:
            return emergency_hit((ONE_PILL.label, drug), (GOT_INTO.label, took))
        return None


@register
class PsychosisWithRisk(Discriminator):
    kind = "acute_psychosis"
    flag = "mental_health_crisis"
    label = "Psychosis with a risk of harm"
    advice = (
        "Strange or frightening beliefs together with a weapon, threats or severe agitation "
        f"mean someone may be hurt: if anyone is in danger {CALL}; otherwise contact the "
        "mental health crisis team now. Keep yourself safe and do not try to take the weapon."
    )

    urgent_advice = (
        "New fixed or frightening beliefs, voices or paranoia need a mental health assessment "
        f"today: contact the crisis team or {TODAY}. If a weapon or threats appear, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        belief = PSYCHOTIC.find(msg)
        if belief is None:
            return None
        risk = RISK_TO_OTHERS.find(msg)
        agitated = AGITATED.find(msg)
        if risk and (agitated or belief):
            return emergency_hit((PSYCHOTIC.label, belief),
                           (RISK_TO_OTHERS.label, risk), (AGITATED.label, agitated))
        specific = BELIEF.find(msg)
        if specific:
            # new beliefs of this kind without a weapon or threats: the crisis team or GP today
            return cue_hit(Level.URGENT, (BELIEF.label, specific))
        return None


@register
class OlderPersonOnFloor(Discriminator):
    kind = "elderly_fall"
    label = "Possible hip fracture or harm from a long lie"
    advice = (
        "A leg that looks shorter or turned out after a fall, or hours on the floor with new "
        f"confusion, coldness or dark urine, needs hospital care now: {CALL}. Do not try to "
        "lift them; keep them warm."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        deformity = HIP_DEFORMITY.find(msg)
        injured = FELL.find(msg) or ON_FLOOR.find(msg) or CANT_BEAR.find(msg)
        if deformity and injured and not _LIFELONG.search(msg.text):
            return emergency_hit((HIP_DEFORMITY.label, deformity),
                           (CANT_BEAR.label, CANT_BEAR.find(msg)))
        floor = ON_FLOOR.find(msg)
        if floor is None:
            return None
        harm = LONG_LIE_HARM.find(msg)
        hours = LONG_TIME.find(msg)
        if harm and hours:
            return emergency_hit((ON_FLOOR.label, floor), (LONG_TIME.label, hours),
                           (LONG_LIE_HARM.label, harm))
        return None


@register
class NewbornRedFlags(Discriminator):
    kind = "newborn_red_flags"
    flag = "infant_emergency"
    label = "Newborn baby showing signs of serious illness"
    advice = (
        "A baby under 4 weeks who is cold, not feeding, unusually sleepy or floppy, or grey, "
        f"blue or mottled can be seriously ill (infection, low sugar, heart): {CALL} now."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        if not _newborn(msg):
            return None
        found = [(c.label, t) for c in NEONATE_SIGNS if (t := c.find(msg))]
        # two together (mottling alone that goes pink when warm is common and harmless), or one
        # that is a red feature on its own: floppy / cannot be woken, grey / ashen / blue
        strong = NEWBORN_STRONG.find(msg)
        if len(found) >= 2 or strong:
            return emergency_hit(*found, (NEWBORN_STRONG.label, strong))
        return None
