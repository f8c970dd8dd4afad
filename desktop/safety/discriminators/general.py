"""General (Manchester-Triage-style) emergency discriminators that fire whatever the diagnosis.

The per-kind rules recognise named presentations; these read the physiology instead, so a kind
nobody wrote a rule for is still caught: airway (stridor, drooling with inability to swallow,
tripod posture), breathing (apnoea, cyanosis, cannot speak in sentences, tachypnoea with
drowsiness), circulation (mottled and cold, fainting while bleeding), disability (new altered
consciousness in lay words), red-flag pain (out of proportion, pain on passive stretch),
high-risk mechanisms (electrical contact, submersion, fall on an anticoagulant with a deformity,
fall with neck pain and tingling, long lie, a child's scald with blisters over a large area),
critical lab values, ingestions by class (detergent capsules, magnets, carbon monoxide), fever
with a red-flag feature, orbital cellulitis, priapism and hyperglycaemia with decompensation.

Every cue is matched per sentence and kept only when ConText (NegEx) leaves it current: "no
drooling", "years ago", "if he stops breathing" do not fire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.safety.context import Category, find_modifiers, modifiers_for
from desktop.safety.discriminators.base import (
    CALL,
    Discriminator,
    Hit,
    Level,
    emergency_hit,
    register,
)
from desktop.safety.labs import past_result
from desktop.safety.matching import compile_terms
from desktop.safety.message import NOT_CURRENT, Message


@dataclass(frozen=True)
class Cue:
    """A general cue: its label and pattern."""

    label: str
    pattern: re.Pattern[str]
    background: bool = False  # a lasting state ("spleen removed years ago"): history still counts

    def find(self, msg: Message) -> str | None:
        """The first match that ConText leaves current (not negated, historical, ...)."""
        excluded = NOT_CURRENT - {Category.HISTORICAL} if self.background else NOT_CURRENT
        if msg.revealed:
            excluded = excluded - {Category.HYPOTHETICAL}  # "... asking because it was me"
        for sentence in msg.sentences:
            mods = None
            for m in self.pattern.finditer(sentence):
                if mods is None:
                    mods = find_modifiers(sentence)
                cats = {x.category for x in modifiers_for(sentence, m.start(), m.end(), mods)}
                if not cats & excluded:
                    return m.group(0)
        return None


def cue(label: str, *alternatives: str, background: bool = False) -> Cue:
    return Cue(label, compile_terms(*alternatives), background)


BE = r"(?:is|are|was|'s|has\s+been|keeps|seems|looks|getting|gets|went|gone|turned|turning)"
STRIDOR = cue(
    "stridor",
    r"stridor\w*",
    r"(?:high[\s-]pitched|funny|strange|whistling|squeaky|crowing|harsh|loud)\s+(?:[\w']+\s+){0,2}"
    r"(?:noise|sound|squeak)\s+(?:[\w']+\s+){0,3}(?:breath\w*\s+in|inhal\w*|breathes?\s+in)",
    r"noise\s+(?:when|as)\s+(?:he|she|they|i|you)\s+breathes?\s+in",
)
DROOL = cue("drooling", r"drool\w*", r"dribbl\w*",
            r"(?:saliva|spit)\s+(?:is\s+)?(?:coming|running|dripping|pouring)\s+(?:out\s+)?(?:from|of)")
NO_SWALLOW = cue(
    "cannot swallow",
    r"(?:can't|cannot|can\s+not|unable\s+to|couldn't|not(?:\s+able\s+to)?|won't|struggling\s+to|"
    r"(?:difficulty|trouble|problems?)\s+(?:with\s+)?|hard\s+to)\s+swallow\w*"
    r"(?:\s+(?:his|her|my|their)?\s*(?:own\s+)?(?:spit|saliva|anything|water|fluids?))?",
)
TRIPOD = cue(
    "tripod / upright posture",
    r"tripod\w*",
    r"(?:sit|sits|sitting|sat)\s+(?:bolt\s+upright|leaning\s+forward|forward)",
    r"bolt\s+upright",
    r"won't\s+lie\s+(?:down|flat)",
    r"hands\s+on\s+(?:his|her|my)?\s*knees",
)
MUFFLED = cue("voice gone / muffled", r"muffled", r"hot\s+potato\s+voice",
               r"voice\s+(?:has\s+)?(?:gone|disappeared)")
THROAT_SWELLING = cue(
    "throat / tongue swelling",
    r"(?:throat|tongue|neck|floor\s+of\s+(?:my\s+|his\s+|her\s+|the\s+)?mouth)\s+(?:[\w']+\s+){0,4}(?:swollen|swelling|swelled)",
    r"tongue\s+(?:is\s+)?(?:being\s+)?(?:pushed|lifted|raised)\s+up",
    r"swollen\s+(?:throat|tongue|neck)",
)
APNOEA = cue(
    "stops breathing",
    r"apno?eas?\w*",
    r"(?:stop|stops|stopping|stopped|pauses?|pausing)\s+(?:his\s+|her\s+)?breathing",
    r"not\s+breathing",
)
CYANOSIS = cue(
    "blue / grey lips or face",
    r"(?:lips|face|mouth|tongue)\s+(?:[\w']+\s+){0,3}(?:blue|grey|gray|dusky|purple|bluish)",
    r"(?:blue|grey|gray|dusky|bluish)\s+(?:lips|face|around\s+the\s+mouth)",
    r"cyano\w*",
)
NO_SENTENCES = cue(
    "cannot speak in sentences",
    r"(?:unable|can't|cannot|couldn't)\s+(?:to\s+)?(?:complete|finish|speak\s+in|talk\s+in|get)\s+"
    r"(?:full\s+|whole\s+)?(?:sentences|a\s+sentence|words\s+out)",
    r"(?:one|single|few)[\s-]words?\s+(?:answers|at\s+a\s+time|sentences)",
    r"(?:only|just|barely)\s+(?:get|say|manage|speak|talk)\s+(?:out\s+)?(?:a\s+)?(?:couple\s+of|few|one\s+or\s+two|"
    r"two|three|[1-3])\s+words",
    r"(?:words|sentences)\s+(?:[\w']+\s+){0,2}between\s+(?:each\s+)?breaths?",
    r"(?:say|speak|get\s+out|manage)\s+(?:only\s+)?(?:a\s+)?(?:word|words)\s+or\s+two",
)
SLEEPY = cue(
    "sleepy / drowsy",
    r"(?:very|really|so|increasingly|getting|more|unusually)\s+(?:sleepy|drowsy)",
    r"drowsy",
)
SEDATING = re.compile(
    r"(?<!\w)(?:piriton|chlorphenamine|antihistamines?|promethazine|phenergan|sleeping\s+(?:pill|tablet)s?|"
    r"night\s*nurse|codeine|zopiclone|diazepam|pregabalin|gabapentin|amitriptyline|after\s+lunch|"
    r"jet\s*lag|night\s+shift)(?!\w)"
)
FAST_BREATHING = cue(
    "breathing fast",
    r"breath\w*\s+(?:really\s+|very\s+|so\s+)?(?:fast|quick\w*|rapid\w*|hard\s+and\s+fast)",
    r"(?:fast|rapid|quick)\s+breathing",
    r"tachypno?e\w*",
)
DROWSY = cue(
    "drowsy / hard to keep awake",
    r"(?:can't|cannot|won't|unable\s+to|struggling\s+to)\s+(?:stay|keep\s+(?:him|her|them)?)\s*awake",
    r"(?:hard|difficult|impossible)\s+to\s+(?:wake|rouse|keep\s+awake)",
    r"(?:keeps?|keeping|is)\s+(?:drifting|nodding|dozing)\s+off",
    r"hardly\s+(?:responding|responsive|rousable)|barely\s+(?:responding|responsive|conscious)",
    r"(?:keeps?|keeping)\s+falling\s+asleep\s+(?:mid[\s-]?(?:sentence|conversation)|while\s+(?:talking|eating))",
    r"not\s+making\s+(?:any\s+)?sense",
    r"talking\s+(?:nonsense|gibberish|rubbish)",
    r"(?:gcs|consciousness)\s+(?:is\s+)?(?:fluctuat\w*|dropping|falling|going\s+up\s+and\s+down)",
    r"fluctuating\s+(?:gcs|consciousness|conscious\s+level)",
)
MOTTLED = cue("mottled / blotchy skin", r"mottl\w*", r"blotchy", r"marbled")
COLD_PERIPHERY = cue(
    "cold hands or feet",
    r"(?:hands|feet|legs|arms|skin)\s+(?:[\w']+\s+){0,2}(?:freezing|ice[\s-]cold|cold|icy)",
    r"(?:freezing|ice[\s-]cold|cold|icy)\s+(?:hands|feet|legs|skin)",
    r"(?:hands|feet|legs|arms|skin)\s+(?:[\w']+\s+){0,2}like\s+ice",
)
RAYNAUD = compile_terms(r"in\s+the\s+cold", r"always\s+(?:have|has|do|does)", r"warm\s+up", r"raynaud\w*")
FAINT = cue("fainted / collapsed", r"faint(?:ed|ing)", r"pass(?:ed|ing)\s+out", r"collaps\w*",
             r"blacked\s+out", r"keel\w*\s+over")
BLEEDING = cue(
    "bleeding",
    r"bleed\w*",
    r"blood\s+(?:from|in|out)",
    r"(?:vomit\w*|cough\w*|passing|passed)\s+(?:up\s+)?blood",
    r"haemorrhag\w*|hemorrhag\w*",
)
KNOCKED_OUT = cue(
    "loss of consciousness after a blow",
    r"knocked\s+(?:out|unconscious)",
    r"(?:lost|loss\s+of)\s+consciousness",
    r"out\s+cold",
)
AMNESIA = cue(
    "repetitive questioning / amnesia",
    r"(?:keeps|keep|is)\s+(?:asking|repeating)\s+(?:the\s+same|himself|herself|the\s+same\s+questions)",
    r"same\s+questions?\s+over\s+and\s+over",
    r"can't\s+remember\s+(?:what\s+happened|the\s+(?:fall|accident|hit))",
)
OUT_OF_PROPORTION = cue(
    "pain out of proportion",
    r"(?:pain|tenderness)\s+(?:is\s+)?out\s+of\s+proportion",
    r"out\s+of\s+proportion\s+to\s+(?:the\s+)?(?:exam\w*|findings|signs)",
)
PASSIVE_STRETCH = cue(
    "pain on passive stretch",
    r"pain\s+on\s+passive\s+(?:stretch\w*|movement|extension|flexion)",
    r"(?:pain|agony|screams?|worse|off\s+the\s+scale)\s+(?:[\w']+\s+){0,6}(?:moves?|moving|"
    r"stretch\w*|bend\w*|wiggl\w*)\s+(?:my|his|her|the)\s+(?:toes|fingers)",
)
RISING_PAIN = cue(
    "pain getting worse in a cast",
    r"(?:pain|it)\s+(?:is\s+)?getting\s+worse\s+and\s+worse",
    r"(?:increasing|worsening|unbearable|excruciating)\s+pain",
    r"pain\s+(?:is\s+)?(?:unbearable|excruciating|off\s+the\s+scale)",
)
DISTAL_SIGNS = cue(
    "numb / pale / blue fingers or toes",
    r"(?:fingers|toes|hand|foot)\s+(?:are\s+|is\s+)?(?:going\s+|gone\s+|turning\s+)?(?:numb|pale|white|blue|cold|"
    r"dusky|tingl\w*)",
    r"(?:can't|cannot)\s+(?:move|feel)\s+(?:my|his|her)\s+(?:fingers|toes)",
)
LIMB_INJURY_SETTING = compile_terms(r"crush\w*", r"cast", r"plaster", r"fracture\w*", r"broken", r"broke",
                          r"tight\s+bandage", r"splint")
DOMESTIC_SHOCK = cue("electric shock", r"electric(?:al)?\s+shock", r"shock\s+from\s+(?:a|the|an)\s+"
                     r"(?:plug|socket|toaster|kettle|appliance|wire|cable|light)")
SHOCK_HARM = re.compile(
    r"(?<!\w)(?:burn\w*|heart|palpitat\w*|chest|faint\w*|collaps\w*|unconscious|knocked\s+out|confus\w*|"
    r"pregnan\w*|numb\w*|weak\w*|thrown|can't\s+let\s+go|muscle\s+pain|dark\s+(?:urine|pee|wee))(?!\w)"
)
ELECTRIC = cue(
    "electrical contact",
    r"high[\s-]voltage",
    r"electrocut\w*",
    r"(?:hit|struck)\s+by\s+lightning",
    r"(?:run|ran|driven|reversed|rolled|drove)\s+over\s+(?:[\w']+\s+){0,3}(?:leg|legs|foot|feet|chest|body|"
    r"him|her|them|me|pelvis|tummy)",
    r"(?:hit|struck|knocked\s+(?:down|over))\s+by\s+(?:a\s+|the\s+)?(?:car|van|bus|lorry|truck|vehicle|train|"
    r"tram|motorbike)",
    r"(?:touched|grabbed|hit|contact\s+with)\s+(?:an?\s+|the\s+)?(?:overhead\s+)?(?:power|electric\w*|live)"
    r"\s+(?:line|cable|wire)s?",
    r"struck\s+by\s+lightning|lightning\s+strike",
)
SUBMERSION = cue(
    "submersion / near-drowning",
    r"(?:near[\s-])?drown\w*(?!\s+in\s+(?:work|debt|paper\w*|e?mails?|stress|deadlines|sorrows|"
    r"admin|homework|bills))",
    r"(?:pulled|fished|dragged|taken)\s+out\s+of\s+(?:the\s+)?(?:water|pool|paddling\s+pool|bath|"
    r"pond|river|sea|lake)",
    r"(?:was|went|been|found)\s+under\s+(?:the\s+)?water",
    r"face\s+down\s+in\s+(?:the\s+)?(?:water|bath|pool|pond)",
    r"submer\w*",
)
FALL = cue("fall", r"fell", r"fall(?:en)?", r"falls", r"tripped", r"slipped", r"found\s+on\s+the\s+floor",
            r"came\s+off", r"thrown\s+off", r"dived|dove|diving", r"hit\s+(?:the\s+)?(?:bottom|ground)",
            r"tackled|crash\w*")
DEFORMITY = cue(
    "deformity",
    r"(?:bent|twisted|pointing|sticking\s+out)\s+(?:at\s+)?(?:a\s+)?(?:funny|odd|strange|weird|wrong)\s+"
    r"(?:angle|way|direction)",
    r"deform\w*",
    r"(?:looks?|is)\s+(?:crooked|misshapen|out\s+of\s+shape)",
    r"shortened\s+and\s+(?:externally\s+)?rotated",
    r"(?:shortened|shorter)\s+and\s+(?:turned|rolled|pointing|twisted)\s+out\w*",
    r"(?:leg|foot)\s+(?:is\s+|looks\s+)?(?:shortened|shorter)",
    r"(?:leg|foot)\s+(?:is\s+)?(?:turned|rolled|pointing)\s+out\w*\s+(?:and\s+)?(?:shorter)?",
)
HEAD_HIT = cue("head injury", r"(?:hit|banged|bumped|knocked|cut)\s+(?:his|her|my|their)\s+head",
                r"head\s+(?:injury|wound|bleeding)")
NECK_PAIN = cue("neck pain", r"neck\s+(?:[\w']+\s+){0,3}(?:pain\w*|hurt\w*|killing|agony|sore)",
                 r"(?:pain|hurts?)\s+in\s+(?:my|his|her)\s+neck")
TINGLING = cue(
    "new tingling / weakness",
    r"(?:hands|arms|legs|feet|fingers)\s+(?:are\s+|have\s+gone\s+|went\s+|feel\s+|feels\s+)?(?:tingl\w*|numb|weak|dead)",
    r"(?:tingl\w*|pins\s+and\s+needles|numbness)\s+(?:in|down)\s+(?:both|my|his|her)",
)
LONG_LIE = cue(
    "long lie",
    r"(?:on\s+the\s+floor|lying\s+there|down\s+there)\s+(?:all\s+night|for\s+(?:hours|\d+\s+hours|the\s+night))",
    r"(?:been|lain|laid|lying)\s+there\s+(?:all\s+night|for\s+hours)",
    r"long\s+lie",
    r"found\s+on\s+the\s+floor\s+(?:this\s+morning|in\s+the\s+morning)",
    # not "can't keep water down since yesterday" (vomiting, not a fall)
    r"(?:on\s+the\s+floor|lying\s+(?:there|on\s+the\s+floor)|(?<!water\s)(?<!anything\s)(?<!fluids\s)"
    r"(?<!food\s)(?<!it\s)(?<!them\s)(?<!drinks\s)(?<!milk\s)down)\s+(?:since\s+(?:yesterday|last\s+night|"
    r"the\s+(?:evening|night))|overnight)",
)
SCALD = cue("scald / burn", r"scald\w*", r"burn(?:t|ed|s)?", r"(?:pulled|spilt|spilled|knocked)\s+"
             r"(?:a\s+)?(?:cup|mug|pan|kettle|pot)\s+of\s+(?:hot\s+)?(?:tea|coffee|water|soup)")
BLISTERS_LARGE = cue(
    "blisters over a large area / face or chest",
    r"(?:big|large|huge)\s+blisters",
    r"blisters?\s+(?:[\w']+\s+){0,3}(?:all\s+over|across|on|over)\s+(?:his|her|the|their)\s+"
    r"(?:chest|face|tummy|belly|back|neck|arm|leg)",
)
CALCIUM = re.compile(r"(?<![\w/])(?:adjusted\s+|corrected\s+|adj\s+)?(?:ca2?\+?|calcium)\s*(?:is|was|of|=|:)?\s*"
                     r"(\d(?:[.,]\d{1,2}))(?![\d.])")
PH = re.compile(r"(?<![\w/])ph\s*(?:is|was|of|=|:)?\s*(\d[.,]\d{1,2})(?![\d.])")
DETERGENT = cue(
    "detergent / corrosive ingestion",
    r"(?:dishwasher|laundry|washing|liquitab|detergent)\s+(?:tablet|tab|capsule|pod|liquid|powder)s?",
    r"(?:laundry|detergent)\s+(?:pod|capsule|liquitab)s?",
    r"(?:bleach|drain\s+(?:cleaner|unblocker|opener)|unblocker|oven\s+cleaner|caustic\s+soda|lye|"
    r"toilet\s+cleaner|limescale\s+remover|descaler|ammonia|battery\s+acid|acid)",
)
INGEST = compile_terms(r"bit\s+(?:into|open)", r"swallow\w*", r"ate", r"eaten", r"drank", r"drunk",
             r"chew\w*", r"sucked", r"licked", r"(?:in|round|around)\s+(?:his|her|their)\s+mouth",
             r"mouth\w*", r"took", r"taken", r"had\s+some")
MAGNETS = cue(
    "multiple magnets swallowed",
    r"(?:swallow\w*|ate|eaten)\s+(?:[\w']+\s+){0,5}magnet\w*",
    r"magnet\w*\s+(?:[\w']+\s+){0,4}swallow\w*",
)
CO_HOUSEHOLD = cue(
    "several people in one home with headache / nausea",
    r"(?:all|both|everyone|every\s+one|all\s+(?:four|three|five|two)|the\s+whole\s+family|"
    r"whole\s+household)\s+(?:[\w']+\s+){0,4}(?:headaches?|sick|nause\w*|dizzy)",
)
CO_CLUE = cue(
    "carbon-monoxide clue",
    r"(?:better|goes\s+away|go\s+away|clears?|fine)\s+(?:[\w']+\s+){0,3}(?:outside|outdoors|go\s+out|"
    r"out\s+of\s+the\s+house|at\s+work|away\s+from\s+(?:home|the\s+house))",
    r"(?:boiler|fire|heater|flame|gas)\s+(?:[\w']+\s+){0,3}(?:yellow|orange|faulty|sooty|soot)",
    r"(?:yellow|orange)\s+flame",
    r"(?:log|wood)\s+burner|stove|generator|barbecue|bbq|"
    r"(?:fire|heater|burner)\s+(?:[\w']+\s+){0,4}(?:doors?|windows?)\s+(?:shut|closed)",
    r"(?:dog|cat|pets?|budgie|bird)\s+(?:[\w']+\s+){0,6}(?:sleep\w*|lethargic|ill|sick|unwell|"
    r"poorly|not\s+(?:himself|herself|right)|vomit\w*)",
    r"carbon\s+monoxide|co\s+alarm",
)
POST_OP = cue(
    "recent operation",
    r"(?:replaced|operation|op|surgery|operated|c-?section|caesarean|hysterectomy|appendicectomy|"
    r"removed)\s+(?:[\w']+\s+){0,3}(?:\d+|a|two|three|ten|few)\s+(?:days|weeks?)\s+ago",
    r"post[\s-]?op\w*",
)
WOUND_INFECTED = cue(
    "wound infected",
    r"(?:wound|scar|incision|stitches)\s+(?:[\w']+\s+){0,3}(?:red|leaking|oozing|pus|hot|weeping|"
    r"smelly|opening|angry)",
)
SYSTEMIC = cue(
    "systemic signs",
    r"shiver\w*|rigou?rs?|shaking\s+(?:all\s+over|uncontrollably)",
    r"heart\s+(?:is\s+)?(?:racing|pounding)|racing\s+heart",
    r"(?:feel|feeling|feels)\s+(?:really\s+|very\s+)?(?:awful|terrible|like\s+i'm\s+dying)",
    r"(?:high\s+)?temperature|fever\w*|feverish",
)
IMMUNOSUPPRESSED = cue(
    "chemotherapy / immunosuppression",
    r"chemo\w*",
    r"(?:post|after|day\s+\d+\s+(?:post|of|after))\s+(?:cycle|c)\s*\d",
    r"cycle\s+\d\s+(?:of\s+)?(?:fec|r-?chop|abvd|folfox|folfiri|ec|tc|docetaxel|paclitaxel)",
    r"neutropeni\w*",
    r"(?:kidney|renal|liver|heart|lung|bone\s+marrow|stem\s+cell)\s+transplant",
    r"tacrolimus|ciclosporin|cyclosporin|mycophenolate|azathioprine",
    r"immuno\s*suppress\w*",
    r"spleen\s+(?:out|removed|taken\s+out)|splenectomy|no\s+spleen|asplen\w*",
    background=True,
)
PRIAPISM = cue(
    "persistent painful erection",
    r"priapism",
    r"(?:willy|penis|erection|cock|todger)\s+(?:[\w']+\s+){0,4}(?:stiff|hard|erect|won't\s+go\s+down)",
    r"erection\s+(?:[\w']+\s+){0,6}?(?:for|lasting|lasted|over)\s+(?:more\s+than\s+|over\s+|about\s+)?"
    r"(?:[2-9]|1\d|2\d|two|three|four|five|six|seven|eight)\s+hours",
    r"(?:erection|stiffy|hard[\s-]on)\s+(?:[\w']+\s+){0,10}?(?:won't|not|isn't|hasn't)\s+(?:go|going|gone)\s+"
    r"(?:down|away)",
    r"(?:painful|persistent|prolonged|constant)\s+(?:[\w']+\s+)?erection",
    r"erection\s+(?:for|lasting|that\s+has\s+lasted|over)\s+(?:more\s+than\s+|over\s+|about\s+)?"
    r"(?:[2-9]|1\d|2\d|two|three|four|five|six|seven|eight)\s+hours",
)
HOURS = re.compile(r"(?<!\w)(?:([4-9]|1\d|2\d|four|five|six|seven|eight)\s+hours|all\s+night|overnight)(?!\w)")
EYE_SWOLLEN = cue(
    "eye swollen shut / bulging",
    r"eye\w*\s+(?:[\w']+\s+){0,3}(?:swollen\s+shut|bulg\w*|pushed\s+out|sticking\s+out|proptos\w*)",
    r"(?:bulging|protruding)\s+eye",
    r"eye\w*\s+(?:is\s+|are\s+|has\s+gone\s+)?(?:[\w']+\s+){0,3}(?:swollen|puffy)",
    r"proptos\w*",
    r"swollen\s+shut",
)
EYE_MOVE_PAIN = cue(
    "painful eye movement / reduced vision",
    r"(?:hurts?|painful|pain)\s+(?:[\w']+\s+){0,3}(?:to\s+)?(?:move|moving|look\w*\s+around)\s+(?:it|"
    r"(?:his|her|my|the)\s+eye)",
    r"(?:can't|cannot|won't)\s+move\s+(?:the|his|her|my)\s+eye",
    r"double\s+vision|seeing\s+double|sees?\s+two\s+of\s+everything",
    r"hurts?\s+(?:[\w']+\s+){0,2}(?:when|if)\s+(?:he|she|i|they)\s+looks?\s+(?:sideways|up|down|around|to\s+the\s+side)",
    r"(?:can't|cannot)\s+see\s+(?:out\s+of|properly|well)",
)
THIRST = cue("thirst / polyuria", r"(?:so|very|really|always|extremely)\s+thirsty", r"thirst\w*",
              r"polyuri\w*|polydipsi\w*", r"(?:weeing|peeing|urinating)\s+(?:loads|a\s+lot|all\s+the\s+time|constantly)")
DECOMP = cue(
    "vomiting / deep fast breathing / drowsiness",
    r"vomit\w*|being\s+sick|throwing\s+up",
    r"breath\w*\s+(?:really\s+|very\s+)?(?:deep\w*|heav\w*)(?:\s+and\s+fast)?",
    r"deep\s+(?:and\s+)?(?:fast\s+|rapid\s+|sighing\s+)?breath\w*",
    r"kussmaul",
    r"drowsy|(?:very|really)\s+sleepy",
    r"ketones?\s+(?:high|[3-9]|\d\d)",
)


_COLD_BLUE = re.compile(
    r"(?<!\w)(?:warm(?:ed)?\s+up|(?:went|goes|go|back)\s+(?:pink|to\s+normal)|pink\s+again)(?!\w)"
)
_USUAL_STATE = re.compile(
    r"(?<!\w)(?:baseline|usual|normal\s+for\s+(?:him|her)|always|chronic|long[\s-]standing|"
    r"deep\s+sleeper)(?!\w)"
)


def _same_sentence(msg: Message, found: str, rx: re.Pattern[str]) -> bool:
    """True when ``rx`` matches a sentence that holds the cue text ``found``."""
    return any(found in s and rx.search(s) for s in msg.sentences)


_SLEEP_APNOEA = re.compile(r"(?<!\w)(?:snor\w*|at\s+night|sleep\s+apno\w*|osa|cpap)(?!\w)")


@register
class AirwayCompromise(Discriminator):
    """MTS "airway compromise" / "stridor" / "drooling": a threatened airway is an emergency
    whatever the cause (croup, epiglottitis, quinsy, angioedema, foreign body)."""

    kind = "general_airway"
    flag = "airway_breathing"
    label = "Airway may be threatened"
    advice = (
        f"The airway may be narrowing: {CALL}. Keep the person sitting up in the position they "
        "find easiest; do not lie them flat, look in the throat or give food or drink."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        stridor = STRIDOR.find(msg)
        if stridor:
            return emergency_hit(("stridor", stridor))
        drool, swallow = DROOL.find(msg), NO_SWALLOW.find(msg)
        if drool and swallow:
            return emergency_hit(("drooling", drool), ("cannot swallow", swallow))
        tripod = TRIPOD.find(msg)
        if tripod and (drool or swallow):
            return emergency_hit(("posture", tripod), ("swallowing", drool or swallow))
        muffled, swelling = MUFFLED.find(msg), THROAT_SWELLING.find(msg)
        if swelling and swallow:
            return emergency_hit(("swelling", swelling), ("cannot swallow", swallow))
        if muffled and (swelling or swallow or drool):
            return emergency_hit(("voice", muffled), ("swelling / swallowing", swelling or swallow or drool))
        return None


@register
class BreathingCompromise(Discriminator):
    """MTS "inadequate breathing" / "cyanosis" / "unable to talk in sentences"."""

    kind = "general_breathing"
    flag = "airway_breathing"
    label = "Breathing is not adequate"
    advice = (
        f"Breathing may be failing: {CALL}. Sit the person up; if they stop breathing, start "
        "CPR and follow the call handler's instructions."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        apnoea, blue = APNOEA.find(msg), CYANOSIS.find(msg)
        if blue and not apnoea and _same_sentence(msg, blue, _COLD_BLUE):
            blue = None  # blue in the cold, pink again once warm: peripheral, not hypoxia
        if apnoea and not blue and _SLEEP_APNOEA.search(msg.text) and not msg.patient.child:
            apnoea = None  # pauses while snoring at night: obstructive sleep apnoea (routine)
        if apnoea or blue:
            return emergency_hit(("apnoea", apnoea), ("colour", blue))
        words = NO_SENTENCES.find(msg)
        if words:
            return emergency_hit(("speech", words))
        fast, drowsy = FAST_BREATHING.find(msg), DROWSY.find(msg) or SLEEPY.find(msg)
        if fast and drowsy:
            return emergency_hit(("breathing fast", fast), ("drowsy", drowsy))
        return None


@register
class Shock(Discriminator):
    """MTS "shock": mottled, cold skin; or fainting while bleeding."""

    kind = "general_circulation"
    flag = "shock"
    label = "Signs of shock (poor circulation)"
    advice = (
        f"These are signs of shock: {CALL}. Lie the person down with legs raised if they feel "
        "faint, press firmly on any bleeding, keep them warm and give nothing to eat or drink."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        mottled, cold = MOTTLED.find(msg), COLD_PERIPHERY.find(msg)
        if mottled and cold and not RAYNAUD.search(msg.text):
            return emergency_hit(("skin", mottled), ("cold", cold))
        faint, bleed = FAINT.find(msg), BLEEDING.find(msg)
        if faint and bleed and not re.search(r"sight\s+of\s+blood|blood\s+test", msg.text):
            return emergency_hit(("fainted", faint), ("bleeding", bleed))
        return None


_NEW = re.compile(r"(?<!\w)(?:new|since|today|this\s+(?:morning|afternoon|evening)|tonight|dropp\w*|"
                  r"fell\s+(?:from|to)|down\s+from|acute\w*|sudden\w*|now)(?!\w)")
_BASELINE = re.compile(r"(?<!\w)(?:baseline|usual|normal\s+for\s+(?:him|her)|always|chronic|"
                       r"long[\s-]standing)(?!\w)")


@register
class AlteredConsciousness(Discriminator):
    """MTS "altered conscious level": hard to wake, cannot stay awake, not making sense,
    fluctuating GCS; and loss of consciousness after a blow with amnesia."""

    kind = "general_disability"
    flag = "altered_consciousness"
    label = "Altered level of consciousness"
    advice = (
        f"A new drop in alertness is an emergency: {CALL}. Stay with the person, lay them on "
        "their side if they become unresponsive and breathing, and note when this started."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        gcs = msg.vitals.gcs
        if gcs is not None and gcs < 15 and _NEW.search(msg.text) and not _BASELINE.search(msg.text):
            return Hit(Level.EMERGENCY, (f"GCS {gcs} (below 15, new)",))
        if gcs is not None and gcs <= 12:
            return Hit(Level.EMERGENCY, (f"GCS {gcs}",))
        drowsy = DROWSY.find(msg)
        if drowsy and _same_sentence(msg, drowsy, _USUAL_STATE):
            drowsy = None  # the person's usual state, not a change (in the same sentence only:
            # "normal for him" earlier does not cover "but tonight he's hard to wake")
        if drowsy:
            return emergency_hit(("consciousness", drowsy))
        sleepy = SLEEPY.find(msg)
        unwell = msg.find("fever") or msg.vitals.temp_c or msg.news2.total >= 5
        if sleepy and unwell and not SEDATING.search(msg.text):
            return emergency_hit(("consciousness", sleepy), extra=("with a fever or abnormal observations",))
        drowsy = sleepy
        out = KNOCKED_OUT.find(msg)
        amnesia = AMNESIA.find(msg)
        if out and (amnesia or drowsy or msg.find("vomiting")):
            return emergency_hit(("lost consciousness", out), ("after", amnesia or drowsy or "vomiting"))
        return None


@register
class RedFlagPain(Discriminator):
    """Pain that is a red flag in itself: out of proportion to the findings (mesenteric
    ischaemia, necrotising infection) or on passive stretch after a limb injury
    (compartment syndrome)."""

    kind = "severe_pain_red_flag"
    flag = "severe_pain"
    label = "Red-flag pain (ischaemia or compartment syndrome possible)"
    advice = (
        f"Pain like this can mean a limb or the bowel is losing its blood supply: {CALL} or go "
        "to the emergency department now. Loosen any tight bandage; do not raise the limb high."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        oop = OUT_OF_PROPORTION.find(msg)
        if oop:
            return emergency_hit(("pain", oop))
        stretch = PASSIVE_STRETCH.find(msg)
        if stretch and LIMB_INJURY_SETTING.search(msg.text):
            return emergency_hit(("pain", stretch))
        rising, distal = RISING_PAIN.find(msg), DISTAL_SIGNS.find(msg)
        if (rising or distal) and re.search(r"(?<!\w)(?:cast|plaster|splint|tight\s+bandage)(?!\w)", msg.text) and (
            rising and distal
        ):
            return emergency_hit(("pain", rising), ("circulation", distal))
        return None


@register
class HighRiskMechanism(Discriminator):
    """High-risk mechanisms (ATLS / NICE NG41 and NG232): electrical contact, submersion,
    fall on an anticoagulant with a deformity or head injury, fall with neck pain and new
    tingling, a long lie in the elderly, a child's scald with large or facial / chest
    blisters."""

    kind = "high_risk_mechanism"
    flag = "major_trauma"
    label = "High-risk mechanism of injury"
    advice = (
        f"This mechanism can cause serious hidden injury: {CALL} or go to the emergency "
        "department now. Keep the neck still after a fall with neck pain; cool a burn under "
        "running water for 20 minutes and cover it with cling film."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        electric = ELECTRIC.find(msg)
        if electric:
            return emergency_hit(("mechanism", electric))
        domestic = DOMESTIC_SHOCK.find(msg)
        if domestic and SHOCK_HARM.search(msg.text):
            return emergency_hit(("mechanism", domestic), extra=("with a burn or symptoms",))
        water = SUBMERSION.find(msg)
        if water:
            return emergency_hit(("mechanism", water))
        fall = FALL.find(msg)
        if fall:
            anticoag = msg.find("anticoagulant")
            injury = DEFORMITY.find(msg) or HEAD_HIT.find(msg)
            if anticoag and injury:
                return emergency_hit(("fall", fall), ("injury", injury), extra=(f"anticoagulant: '{anticoag.text}'",))
            neck, tingle = NECK_PAIN.find(msg), TINGLING.find(msg)
            if neck and tingle:
                return emergency_hit(("fall", fall), ("neck", neck), ("neuro", tingle))
            deformity = DEFORMITY.find(msg)
            if deformity and re.search(r"shortened|shorter|rotated|turned\s+out", deformity):
                return emergency_hit(("fall", fall), ("hip", deformity))
        lie = LONG_LIE.find(msg)
        if lie:
            return emergency_hit(("long lie", lie))
        scald, blisters = SCALD.find(msg), BLISTERS_LARGE.find(msg)
        if scald and blisters:
            return emergency_hit(("burn", scald), ("extent", blisters))
        return None


@register
class CriticalLab(Discriminator):
    """Critical laboratory values (RCPath critical-result thresholds): calcium >= 3.5 mmol/L,
    potassium >= 6.5, sodium < 120, pH < 7.2, lactate >= 4."""

    kind = "critical_lab"
    flag = "electrolyte_emergency"
    label = "Critical blood result"
    advice = (
        f"This blood result is at a level that can stop the heart or cause fits: go to the "
        f"emergency department now ({CALL} if unwell)."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        if past_result(msg.text):
            return None
        out: list[str] = []
        for m in CALCIUM.finditer(msg.text):
            v = float(m.group(1).replace(",", "."))
            if 3.5 <= v <= 6:
                out.append(f"calcium {v:g} mmol/L")
        for m in PH.finditer(msg.text):
            v = float(m.group(1).replace(",", "."))
            if 6.5 <= v < 7.2:
                out.append(f"pH {v:g}")
        labs = msg.labs
        if labs.potassium is not None and labs.potassium >= 6.5:
            out.append(f"potassium {labs.potassium:g} mmol/L")
        if labs.sodium is not None and labs.sodium < 120:
            out.append(f"sodium {labs.sodium:g} mmol/L")
        if labs.lactate is not None and labs.lactate >= 4:
            out.append(f"lactate {labs.lactate:g} mmol/L")
        return Hit(Level.EMERGENCY, tuple(out)) if out else None


@register
class ToxicIngestion(Discriminator):
    """Ingestions by substance class (NPIS / TOXBASE): detergent capsules and corrosives,
    more than one magnet, and carbon monoxide (a household unwell together, better away
    from home, a faulty appliance or pets affected)."""

    kind = "toxic_ingestion"
    flag = "poisoning"
    label = "Possible poisoning"
    advice = (
        f"This may be poisoning: {CALL} or go to the emergency department now (take the "
        "packet). Do not make the person sick. For carbon monoxide: get everyone, and pets, "
        "out into fresh air, switch off the appliance and do not go back in."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        detergent = DETERGENT.find(msg)
        if detergent and INGEST.search(msg.text):
            return emergency_hit(("substance", detergent))
        magnets = MAGNETS.find(msg)
        if magnets and not re.search(r"(?:one|a|single|1)\s+(?:[\w']+\s+){0,2}magnet(?!s)", magnets):
            return emergency_hit(("magnets", magnets))
        household, clue = CO_HOUSEHOLD.find(msg), CO_CLUE.find(msg)
        if household and clue:
            return emergency_hit(("household", household), ("clue", clue))
        return None


@register
class FeverRedFlag(Discriminator):
    """Fever or systemic upset with a red-flag background: a post-operative wound infection
    with systemic signs; priapism for 4 hours or more (sickle cell or drugs)."""

    kind = "fever_red_flag"
    flag = "sepsis"
    label = "Infection or complication with a red-flag feature"
    advice = (
        f"This needs emergency assessment now: go to the emergency department ({CALL} if very "
        "unwell). Take a list of medicines and the operation details."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        op, wound = POST_OP.find(msg), WOUND_INFECTED.find(msg)
        systemic = SYSTEMIC.find(msg)
        if op and wound and systemic:
            return emergency_hit(("operation", op), ("wound", wound), ("systemic", systemic))
        immune = IMMUNOSUPPRESSED.find(msg)
        temp = msg.vitals.temp_c
        fever = msg.find("fever") or SYSTEMIC.find(msg)
        if immune and ((temp is not None and temp >= 38) or (fever and temp is None)):
            why = f"temperature {temp:g} °C" if temp is not None else "fever"
            return emergency_hit(("background", immune), extra=(why,))
        priapism = PRIAPISM.find(msg)
        if priapism and (HOURS.search(msg.text) or "priapism" in priapism):
            return emergency_hit(("erection", priapism))
        return None


@register
class OrbitalCellulitis(Discriminator):
    """Orbital cellulitis (NICE CKS): a swollen eye with fever and bulging, painful eye
    movement or reduced vision. Swelling of the lid alone with normal eye movement and
    vision is preseptal (the same-day rules)."""

    kind = "orbital_cellulitis"
    flag = "eye_emergency"
    label = "Possible orbital cellulitis"
    advice = (
        "A swollen eye that bulges, hurts to move or sees less, with a fever, can be an "
        "infection behind the eye: go to the emergency department now."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        swollen, moving = EYE_SWOLLEN.find(msg), EYE_MOVE_PAIN.find(msg)
        febrile = msg.find("fever") or (msg.vitals.temp_c or 0) >= 38 or SYSTEMIC.find(msg)
        if swollen and moving:
            return emergency_hit(("eye", swollen), ("movement / vision", moving))
        if swollen and "bulg" in swollen and febrile:
            return emergency_hit(("eye", swollen))
        return None


@register
class HyperglycaemicCrisis(Discriminator):
    """Hyperglycaemia symptoms (thirst, polyuria, weight loss) with vomiting, deep fast
    breathing or drowsiness: DKA until proven otherwise (JBDS; NICE NG18 for children)."""

    kind = "hyperglycaemic_crisis"
    flag = "dka_hhs"
    label = "Possible diabetic ketoacidosis"
    advice = (
        f"Thirst and passing lots of urine with vomiting, deep breathing or drowsiness can be "
        f"diabetic ketoacidosis: {CALL} or go to the emergency department now."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        thirst, decomp = THIRST.find(msg), DECOMP.find(msg)
        if thirst and decomp and re.search(r"wee|pee|urin|toilet|polyuri|weight|thin", msg.text):
            return emergency_hit(("hyperglycaemia", thirst), ("decompensation", decomp))
        return None


INFANT_UNWELL = cue(
    "young infant unwell",
    r"floppy",
    r"(?:not|isn't|wasn't)\s+(?:interested\s+in\s+(?:her\s+|his\s+)?(?:feeds?|feeding|milk)|"
    r"feeding|taking\s+(?:her\s+|his\s+)?(?:feeds?|milk|bottles?))",
    r"(?:refusing|off)\s+(?:her\s+|his\s+)?(?:feeds?|milk|bottles?)",
    r"grunt\w*",
    r"(?:isn't|not)\s+(?:herself|himself|right)",
    r"(?:hard|difficult)\s+to\s+wake",
    r"(?:high[\s-]pitched|weak|unusual)\s+cry\w*",
)


@register
class YoungInfantUnwell(Discriminator):
    """NICE NG143: a baby under 3 months who is floppy, not feeding, grunting or hard to wake
    is high risk whatever the cause."""

    kind = "young_infant_unwell"
    flag = "infant_fever"
    label = "Young baby (under 3 months) unwell"
    advice = (
        f"A baby under 3 months who is floppy, not feeding or hard to wake needs to be seen "
        f"now: {CALL} or go to the emergency department."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        if age is None or age >= 0.25:
            return None
        cue = INFANT_UNWELL.find(msg)
        if cue and not re.search(r"feeding\s+(?:well|fine|ok|normally)", msg.text):
            return emergency_hit(("baby", cue), extra=(f"age {msg.patient.age_text or f'{age:.2f} years'}",))
        return None


DRUG = re.compile(
    r"(?<!\w)(?:started|starting|new|took|taken|taking|increased|dose|tablets?|pills?|overdose|"
    r"ssri|fluoxetine|sertraline|citalopram|escitalopram|paroxetine|venlafaxine|tramadol|mdma|"
    r"ecstasy|linezolid|lithium|haloperidol|olanzapine|risperidone|quetiapine|antipsychotic\w*|"
    r"cocaine|amphetamine\w*|speed)(?!\w)"
)
NEUROMUSCULAR = cue(
    "rigidity / jerking / agitation",
    r"rigid\w*|(?:muscles?\s+(?:are\s+)?)?stiff\s+(?:all\s+over|muscles)|lead[\s-]pipe",
    r"jerk\w*|twitch\w*|clonus|myoclon\w*|shaking\s+(?:legs|uncontrollably)",
    r"agitat\w*",
)


@register
class DrugHyperthermia(Discriminator):
    """A high temperature with rigidity, jerking or agitation after a drug: serotonin
    syndrome, neuroleptic malignant syndrome or stimulant toxicity (TOXBASE), whatever the
    drug is called."""

    kind = "drug_hyperthermia"
    flag = "poisoning"
    label = "Fever with rigidity or jerking after a drug (serotonin / neuroleptic syndrome)"
    advice = (f"A high temperature with stiff or jerking muscles after a medicine or drug is an "
              f"emergency: {CALL}. Stop the medicine, cool the person and take the packets.")

    def evaluate(self, msg: Message) -> Hit | None:
        temp = msg.vitals.temp_c
        hot = (temp is not None and temp >= 38.5) or (temp is None and msg.find("fever"))
        signs = NEUROMUSCULAR.find(msg)
        drug = DRUG.search(msg.text)
        if hot and signs and drug:
            why = f"temperature {temp:g} °C" if temp is not None else "fever: 'fever'"
            return emergency_hit(("signs", signs), ("after a drug", drug.group(0)), extra=(why,))
        return None


CRT = re.compile(
    r"(?<!\w)(?:crt|cap(?:illary)?\s+refill(?:\s+time)?)\s*(?:is|was|of|=|:|~)?\s*(?:>\s*)?(\d(?:[.,]\d)?)\s*"
    r"(?:s|sec|secs|seconds)?(?!\w)"
)
EXERTION = re.compile(
    r"(?<!\w)(?:exercis\w*|spin|run|running|jog\w*|workout|gym|class|training|came\s+(?:back\s+)?down|"
    r"settled|always|usually|normal\s+for\s+me)(?!\w)"
)
UNWELL = re.compile(
    r"(?<!\w)(?:unwell|clammy|sweaty|faint\w*|dizzy|light[\s-]?headed|vomit\w*|breathless|chest|"
    r"collaps\w*|confus\w*|pale|grey|cold|bleed\w*|at\s+rest|for\s+(?:an|\d+)\s+hours?)(?!\w)"
)


@register
class CriticalVitals(Discriminator):
    """Single vital signs in the NEWS2 / NICE NG51 high-risk range in an adult who is unwell:
    heart rate above 130, systolic BP below 90, capillary refill over 3 seconds."""

    kind = "general_vitals"
    flag = "critical_vitals"
    label = "Dangerous vital sign"
    advice = (f"This reading is in the danger range: {CALL}. Lie down if faint and do not drive "
              "yourself.")

    def evaluate(self, msg: Message) -> Hit | None:
        if msg.patient.child or (msg.patient.age_years is not None and msg.patient.age_years < 16):
            return None  # children's normal ranges differ (the paediatric rules read them)
        out: list[str] = []
        crt = CRT.search(msg.text)
        if crt and float(crt.group(1).replace(",", ".")) > 3:
            out.append(f"capillary refill {crt.group(1)} s")
        v = msg.vitals
        hr = v.hr
        if hr is None and (pulse := _PULSE_SAID.search(msg.text)):
            hr = int(pulse.group(1))
        if hr is not None and hr > 130:
            out.append(f"heart rate {hr}")
        if v.sbp is not None and v.sbp < 90:
            out.append(f"systolic BP {v.sbp}")
        if not out or EXERTION.search(msg.text) or not (crt or UNWELL.search(msg.text)):
            return None
        return Hit(Level.EMERGENCY, tuple(out))


_PULSE_SAID = re.compile(r"(?<!\w)(?:pulse|heart\s*rate)\s+(?:[\w']+\s+){0,2}(?:is|was|of|at)\s+(\d{2,3})(?!\d)")
