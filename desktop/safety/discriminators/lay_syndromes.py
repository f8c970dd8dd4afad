"""Emergencies written as a lay syndrome (seventh-author round): each rule is a published
discriminator read in any wording, per sentence, kept only when ConText leaves it current.

- coronary syndrome without chest pain (NICE CG95, ESC 2023 NSTE-ACS: older and diabetic
  people present with sweating, breathlessness, nausea / vomiting, epigastric or jaw pain);
- acute angle-closure glaucoma (RCOphth / NICE CKS: painful red eye with haloes, misty vision
  or vomiting is same-hour eye casualty);
- uncontrolled nosebleed (NICE CKS epistaxis: still bleeding after 10-20 min of pressure,
  bleeding down the throat (posterior), or on an anticoagulant with faintness: A&E);
- drowning / submersion (ERC 2021, RLSS: anyone pulled from the water with a cough,
  breathlessness, vomiting or drowsiness goes to hospital; secondary drowning is delayed);
- exertional syncope (ESC 2018 syncope high-risk features: collapse during exercise, no
  warning, family history of sudden death young);
- perforated viscus (board-like abdomen with sudden severe pain, NSAID / ulcer history).
"""

from __future__ import annotations

import re

from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    emergency_hit,
    register,
)
from desktop.safety.discriminators.general import cue
from desktop.safety.message import Message

SWEATY = cue(
    "sweating, clammy or grey",
    r"sweat\w*|clammy|diaphore\w*|grey|gray|ashen|cold\s+and\s+damp|pouring\s+with\s+sweat",
)
CORONARY_COMPANION = cue(
    "breathless, sick, or epigastric / jaw / arm ache",
    r"breathless\w*|short\s+of\s+breath|sob|can't\s+catch\s+(?:my|his|her)\s+breath|"
    r"vomit\w*|been\s+sick|being\s+sick|throw\w*\s+up|threw\s+up|nause\w*|feel\w*\s+sick",
    r"(?:pain|ache|aching|discomfort|tightness|pressure)\s+(?:[\w']+\s+){0,2}(?:in|on|across|between)\s+"
    r"(?:my\s+|his\s+|her\s+|the\s+)?(?:upper\s+(?:stomach|tummy|belly|abdomen)|epigastri\w*|jaw|"
    r"shoulders?|shoulder\s+blades|arms?|neck)",
    r"(?:upper\s+(?:stomach|tummy|belly|abdominal)|epigastric|jaw|shoulder|arm)\s+(?:pain|ache|discomfort)",
)
DIABETIC = cue("diabetes", r"diabet\w*|t[12]dm|type\s+[12]", background=True)
# gastroenteritis, a hot day or a panic attack explain sweating and sickness without the heart
_OTHER_CAUSE = re.compile(
    r"(?<!\w)(?:diarrho?ea|the\s+runs|food\s+poisoning|bug|norovirus|hot\s+(?:day|weather)|heat|"
    r"panic|anxiety|hangover|drunk|hypo\b|sugar\s+(?:is\s+)?(?:low|\d))"
)

EYE_PAIN = cue(
    "painful eye",
    r"eye\s+(?:[\w']+\s+){0,3}(?:pain\w*|aches?|aching|hurts|hurting|sore|throbbing)",
    r"(?:pain\w*|ache|aching|sore|throbbing)\s+(?:in\s+)?(?:my\s+|his\s+|her\s+|the\s+)?"
    r"(?:right\s+|left\s+|one\s+)?eye",
)
HALOES = cue(
    "haloes, misty vision or vomiting with the eye",
    r"halo(?:e?s)?|rainbow\w*\s+(?:rings?|circles?)?\s*(?:around|round)|"
    r"(?:rings?|circles?)\s+(?:around|round)\s+(?:the\s+)?lights",
    r"(?:vision|sight)\s+(?:is\s+|has\s+gone\s+|gone\s+)?(?:misty|cloudy|foggy|hazy|steamy)",
    r"(?:misty|cloudy|foggy|hazy)\s+(?:vision|sight)",
)
VOMIT = cue("vomiting", r"vomit\w*|throw\w*\s+up|threw\s+up|been\s+sick|being\s+sick")

NOSEBLEED = cue("nosebleed", r"nose\s*bleed\w*|epistaxis|bleed\w*\s+from\s+(?:the|my|his|her)\s+nose")
_MINUTES = re.compile(
    r"(?<!\w)(?:for\s+|over\s+|about\s+|nearly\s+|almost\s+)?(\d{1,3})\s*(?:minutes?|mins?)(?!\w)"
)
_HOURS = re.compile(r"(?<!\w)(?:for\s+|over\s+)?(?:an|one|\d)\s+(?:and\s+a\s+half\s+)?hours?(?!\w)")
UNCONTROLLED = cue(
    "bleeding not controlled",
    r"(?:down|into)\s+(?:the\s+)?back\s+of\s+(?:my\s+|his\s+|her\s+|the\s+)?(?:throat|mouth)",
    r"(?:still|keeps?|won't\s+stop|not\s+stopp\w*|hasn't\s+stopped|can't\s+stop)\s+(?:[\w']+\s+){0,2}"
    r"(?:pour\w*|bleed\w*|gush\w*|stopp\w*|pouring)",
    r"pouring|gushing",
)
ANTICOAG = cue(
    "anticoagulant",
    r"warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|eliquis|xarelto|blood\s+thinners?|"
    r"anti[\s-]?coagula\w*|doac|noac|clopidogrel",
    background=True,
)
FAINT = cue("dizzy, faint or pale", r"dizz\w*|faint\w*|light[\s-]?headed|pale|woozy|clammy")

SUBMERSION = cue(
    "pulled from the water",
    r"(?:pulled|dragged|fished|lifted|rescued|got)\s+(?:[\w']+\s+){0,3}(?:out\s+of|from)\s+(?:the\s+)?"
    r"(?:[\w']+\s+)?(?:pool|water|sea|river|lake|bath|pond|canal|surf|waves)",
    r"(?:nearly|almost)\s+drown\w*|near[\s-]drown\w*|went\s+under\s+(?:the\s+)?water|"
    r"(?:under|face\s+down\s+in)\s+(?:the\s+)?water\s+(?:for\s+)?(?:[\w']+\s+){0,3}(?:seconds?|minutes?)",
    r"(?:swallowed|inhaled|breathed\s+in)\s+(?:a\s+lot\s+of\s+|loads\s+of\s+|some\s+)?"
    r"(?:pool\s+|sea\s+|bath\s+)?water",
)
AFTER_WATER = cue(
    "breathing or alertness changed after the water",
    r"cough\w*|breath\w*\s+(?:fast|quick\w*|hard|heav\w*|funny|noisy)|fast\s+breath\w*|"
    r"breathless\w*|short\s+of\s+breath|wheez\w*|struggl\w*\s+to\s+breathe|vomit\w*|been\s+sick|"
    r"drows\w*|sleepy|confus\w*|blue|froth\w*|chest\s+(?:pain|hurts|tight)",
)

EXERTION_COLLAPSE = cue(
    "collapse during exertion",
    r"(?:collapsed|fainted|passed\s+out|blacked\s+out|dropped|went\s+down|keeled\s+over)\s+"
    r"(?:[\w']+\s+){0,3}(?:while|whilst|when|during|in\s+the\s+middle\s+of|mid[\s-]?)\s*"
    r"(?:[\w']+\s+){0,2}(?:running|exercis\w*|sprint\w*|playing|training|match|race|football|"
    r"rugby|netball|swimming|cycling|gym|pe\b|the\s+gym|sport\w*|jogging|dancing)",
    r"(?:collapsed|fainted|passed\s+out|blacked\s+out)\s+(?:[\w']+\s+){0,3}(?:on|at)\s+(?:the\s+)?"
    r"(?:pitch|track|court|treadmill|finish\s+line)",
)
SUDDEN_DEATH_FAMILY = re.compile(
    r"(?<!\w)(?:died|dead)\s+(?:very\s+)?(?:suddenly|unexpectedly|in\s+(?:his|her|their)\s+sleep)|"
    r"sudden\s+(?:cardiac\s+)?death|(?:cardiomyopathy|long\s+qt|brugada)\s+in\s+the\s+family"
)

BOARD = cue(
    "board-like abdomen",
    r"like\s+a\s+board|board[\s-]?like|(?:tummy|belly|stomach|abdomen)\s+(?:is\s+)?(?:rigid|rock[\s-]hard)",
    r"rock[\s-]hard",
)
PERFORATION_SEVERE = cue(
    "sudden severe pain or pain on every movement",
    r"sudden\w*|(?:any|every)\s+(?:little\s+)?(?:movement|move|step|bump|breath)\s+(?:[\w']+\s+){0,2}"
    r"(?:is\s+)?(?:agony|hurts|kills|excruciating|unbearable)|can't\s+(?:move|stand\s+up\s+straight)",
)


@register
class CoronaryWithoutChestPain(Discriminator):
    kind = "acs_without_chest_pain"
    flag = "acute_coronary_syndrome"
    label = "Possible heart attack without chest pain"
    advice = (
        "Sweating or a grey, clammy look with breathlessness, sickness or an ache in the upper "
        f"tummy, jaw or arms can be a heart attack even with no chest pain, especially in older or "
        f"diabetic people: {CALL}. Sit them down and rest; chew 300 mg aspirin unless allergic."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        sweaty = SWEATY.find(msg)
        if sweaty is None or _OTHER_CAUSE.search(msg.text):
            return None
        age = msg.patient.age_years
        diabetic = DIABETIC.find(msg)
        if not ((age is not None and age >= 65) or (diabetic and (age is None or age >= 40))):
            return None
        companion = CORONARY_COMPANION.find(msg)
        if companion is None:
            return None
        return emergency_hit(("sweating", sweaty), ("with", companion),
                       ("risk", diabetic), extra=(f"age {age}",) if age else ())


@register
class AngleClosure(Discriminator):
    kind = "acute_angle_closure"
    flag = "eye_emergency"
    label = "Possible acute angle-closure glaucoma"
    advice = (
        "A painful red eye with misty vision, haloes around lights or vomiting can be acute "
        "glaucoma, which can blind within hours: go to eye casualty or the emergency department "
        f"now (or {CALL})."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        pain = EYE_PAIN.find(msg)
        if pain is None:
            return None
        sign = HALOES.find(msg)
        vomit = VOMIT.find(msg)
        if sign or (vomit and re.search(r"(?<!\w)red(?!\w)", msg.text)):
            return emergency_hit(("eye", pain), ("sign", sign), ("vomiting", vomit))
        return None


@register
class UncontrolledNosebleed(Discriminator):
    kind = "epistaxis_severe"
    flag = "severe_bleeding"
    label = "Nosebleed that will not stop"
    advice = (
        "A nosebleed that has not stopped after 20 minutes of firm pressure, bleeds down the back "
        f"of the throat, or makes someone on blood thinners faint needs the emergency department "
        f"now (or {CALL}). Sit up leaning forward and keep pinching the soft part of the nose."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        bleed = NOSEBLEED.find(msg)
        if bleed is None:
            return None
        minutes = max((int(m.group(1)) for m in _MINUTES.finditer(msg.text)), default=0)
        if _HOURS.search(msg.text):
            minutes = max(minutes, 60)
        ongoing = UNCONTROLLED.find(msg)
        thinner = ANTICOAG.find(msg)
        faint = FAINT.find(msg)
        if (minutes >= 20 and ongoing) or (ongoing and "back" in ongoing) or (
            thinner and faint and (ongoing or minutes >= 20)
        ):
            return emergency_hit(("nosebleed", bleed), ("not controlled", ongoing),
                           ("anticoagulant", thinner), ("faint", faint),
                           extra=(f"{minutes} minutes",) if minutes else ())
        return None


@register
class Submersion(Discriminator):
    kind = "drowning"
    flag = "breathing_difficulty"
    label = "Breathing problem after being in the water (drowning)"
    advice = (
        "Anyone pulled from the water who is coughing, breathing fast, vomiting or drowsy can "
        f"worsen over the next hours: {CALL} or go to the emergency department now. Keep them warm; "
        "if they stop breathing start CPR with 5 rescue breaths."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        water = SUBMERSION.find(msg)
        sign = AFTER_WATER.find(msg) if water else None
        return emergency_hit(("water", water), ("sign", sign)) if sign else None


@register
class ExertionalSyncope(Discriminator):
    kind = "syncope_cardiac"
    flag = "cardiac_red_flag"
    label = "Collapse during exercise (possible heart rhythm cause)"
    advice = (
        "Collapsing during exercise, especially without warning or with a relative who died "
        "suddenly young, can be a dangerous heart rhythm: go to the emergency department now (or "
        f"{CALL}); no more exercise until a heart check."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        collapse = EXERTION_COLLAPSE.find(msg)
        if collapse is None:
            return None
        family = SUDDEN_DEATH_FAMILY.search(msg.text)
        return emergency_hit(("collapse", collapse),
                       ("family history", family.group(0) if family else None))


@register
class Perforation(Discriminator):
    kind = "perforation"
    flag = "surgical_abdomen"
    label = "Possible perforated stomach or bowel"
    advice = (
        "Sudden severe tummy pain with a board-hard tummy that hurts on any movement can be a "
        f"perforation: {CALL} or go to the emergency department now. Nothing to eat or drink."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        board = BOARD.find(msg)
        if board is None or msg.find("abdominal_pain") is None:
            return None
        severe = PERFORATION_SEVERE.find(msg)
        return emergency_hit(("abdomen", board), ("pain", severe)) if severe else None
