"""Concept lexicon: each clinical finding as clinician shorthand, lay words and UK/US spellings.

A concept is what a discriminator asks about ("chest pain", "sweating", "one-sided weakness");
its patterns are whole-word regular expressions over normalised, spell-corrected text. Spelling
variants are written once with small helpers (``ha?em`` covers haem/hem, ``o?es`` oes/es).
``exclude`` lists pseudo-targets: a match overlapping one of them is not the concept
("subconjunctival haemorrhage" is not major bleeding, "stroke volume" not a stroke).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PRO = r"(?:my|his|her|their|the|your|our|a|an|its|this)"
SIDE = r"(?:left|right|l|r|lt|rt|one|1)"
LIMB = r"(?:arm|leg|hand|foot|side|face|body|limb|upper\s+limb|lower\s+limb)"
NOW = r"(?:now|currently|right\s+now|at\s+the\s+moment)"


def terms(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])")


@dataclass(frozen=True)
class Concept:
    name: str
    label: str
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None = None
    vocabulary: tuple[str, ...] = field(default=())  # full words for the typo corrector


def C(
    name: str, label: str, patterns: list[str], exclude: list[str] | None = None, words: str = ""
) -> Concept:
    return Concept(
        name, label, terms(*patterns), terms(*exclude) if exclude else None, tuple(words.split())
    )


# Household and industrial chemical products (acids, alkalis, detergents, solvents) by the
# names people use for them.
_CHEMICAL_PRODUCT = (
    r"bleach|acid|alkali\w*|chemicals?|(?!(?:lens|lid|eyelid|contact|face|facial|skin|ear|eye)\s)"
    r"[\w-]+\s+cleaner|(?:drain|sink|toilet|pipe)\s+"
    r"(?:unblocker|opener|gel|liquid)|unblocker|ammonia|caustic(?:\s+soda)?|lye|lime|cement|"
    r"plaster|mortar|detergent|solvent|hair\s+(?:dye|relaxer|bleach)|peroxide|"
    r"(?:dishwasher|laundry|washing(?:\s+machine)?|washing[\s-]up|fabric)\s+(?:tablets?|tabs?|"
    r"liquid|powder|pods?|capsules?|gel|detergent|fluid|softener|conditioner)|liqui-?tabs?|"
    r"(?:laundry\s+|washing\s+|detergent\s+)?(?:pods?|capsules?)|disinfectant|descaler|"
    r"lime\s*scale\s+remover|weed\s*killer|pool\s+chemicals?|chlorine|(?:super\s*)?glue|"
    r"paint\s+stripper|white\s+spirit|turpentine|turps|degreaser|rust\s+remover"
)

CONCEPTS: tuple[Concept, ...] = (
    # --- cardiovascular -------------------------------------------------------------------
    C(
        "chest_pain",
        "chest pain",
        [
            r"(?:crushing|squeezing|heavy|tight|pressing)\s+(?:central\s+|left[\s-]sided\s+|left\s+|"
            r"retrosternal\s+)chest\s+(?:pain|pressure|tightness|discomfort|heaviness)",
            r"(?:central\s+|left[\s-]sided\s+|left\s+|retrosternal\s+|substernal\s+)?chest\s+"
            r"(?:pain|pains|pressure|tightness|tight|discomfort|heaviness|heavy|ache|aching|"
            r"burning|squeezing|crushing|hurts?|hurting|feels?\s+(?:tight|heavy|crushed|"
            r"squeezed))",
            r"cp",
            r"c/p",
            r"(?:pain|pressure|tightness|heaviness|discomfort|weight|squeezing|band|ache)\s+"
            r"(?:in|on|across|around|round|over|behind)\s+(?:the\s+middle\s+of\s+)?"
            + PRO
            + r"?\s*(?:chest|sternum|breastbone)",
            r"(?:tight|heavy|crushing|squeezing)\s+(?:feeling\s+in\s+(?:the|my|his|her)\s+)?chest",
            r"angina(?:l)?(?:\s+pain)?",
            r"(?:retro|sub)sternal\s+(?:pain|pressure|discomfort|tightness)",
            r"elephant\s+(?:on|sitting\s+on|standing\s+on)\s+" + PRO + r"\s+chest",
            r"(?:pain|pressure|tightness|heaviness|discomfort|weight|squeezing|band|ache|"
            r"feeling|sensation|crushing|burning)\s+(?:[\w']+\s+){0,2}(?:in|on|across|around|over|"
            r"behind)\s+(?:the\s+)?(?:(?:middle|centre|center|front|left\s+side|right\s+side|"
            r"left|right)\s+(?:of\s+)?)?" + PRO + r"?\s*chest",
            r"(?:sitting|standing|pressing|pushing|sat|kneeling)\s+on\s+" + PRO + r"\s+chest",
            r"chest\s+(?:[\w']+\s+){0,6}(?:pain(?!less)\w*|hurt\w*|ache\w*|aching|tight\w*|heav\w*|pressure|vice|crush\w*|squeez\w*|burn\w*|band|weight|discomfort|agony)",
            r"(?:pain(?!less)\w*|hurt\w*|ache\w*|aching|tight\w*|heav\w*|pressure|vice|crush\w*|squeez\w*|burn\w*|band|weight|discomfort|agony)\s+(?:[\w']+\s+){0,4}(?:in|on|across|around|round|over|behind)\s+(?:[\w']+\s+){0,3}chest",
            r"crushing\s+pain",
            r"heart\s+pain",
        ],
        exclude=[r"chest\s+pain\s+(?:free|clinic)", r"cp\s+(?:free|clinic)", r"cp\s+\d"],
        words="chest pressure tightness discomfort heaviness retrosternal substernal angina "
        "crushing squeezing",
    ),
    C(
        "acs_named",
        "ST elevation / heart attack named",
        [
            r"st[\s-]?(?:segment\s+)?elevations?",
            r"st[\s-]?elevated",
            r"st\s*(?:elev\w*|↑)",
            r"ste",
            r"st\s*(?:↑|up)",
            r"stemi",
            r"n?stemi",
            r"tombston\w*",
            r"new\s+(?:onset\s+)?(?:lbbb|left\s+bundle\s+branch\s+block)",
            r"(?:troponin|trop|hs-?tni?|tni|tnt)\s+(?:is\s+|was\s+)?(?:raised|positive|"
            r"elevated|up|rising|high|\d+)",
            r"(?:raised|positive|elevated|rising)\s+(?:troponin|trop)",
            r"heart\s+attack",
            r"(?:acute\s+)?myocardial\s+infarct\w*",
            r"(?:acute|evolving|inferior|anterior|lateral|posterior|\?|query|possible|"
            r"suspected)\s*mi",
            r"mi",
            r"acs",
            r"acute\s+coronary\s+syndrome",
            r"st[\s-]?depressions?",
            r"coronary\s+occlusion",
        ],
        exclude=[
            # a troponin value below every assay's 99th centile, or one given with its
            # reference range / called normal, is not a raised troponin
            r"(?:hs-?)?(?:troponin|trop|hs-?tni?|tni|tnt)\s+(?:is\s+|was\s+)?\d(?:\.\d+)?"
            r"(?!\d)(?:\s*ng/l)?",
            r"(?:hs-?)?(?:troponin|trop|hs-?tni?|tni|tnt)\s+(?:is\s+|was\s+)?\d+(?:\.\d+)?\s*"
            r"(?:ng/l\s*)?\(?\s*(?:ref|normal|nml|neg|<|within)",
        ],
        words="elevation elevations myocardial infarction troponin depression coronary",
    ),
    C(
        "cardiac_features",
        "cardiac features (radiation, sweating, breathlessness, nausea)",
        [
            r"radiat\w*(?:\s+(?:to|into|down)\s+" + PRO + r"?\s*\w+(?:\s+\w+)?)?",
            r"spread\w*\s+(?:to|into|down)\s+" + PRO + r"?\s*(?:left\s+)?(?:arm|jaw|neck|"
            r"shoulder|back)",
            r"(?:goes|going|moving|shooting)\s+(?:down|into|up\s+into)\s+" + PRO + r"?\s*"
            r"(?:left\s+)?(?:arm|jaw|neck|shoulder)",
            r"down\s+" + PRO + r"\s+(?:left\s+)?arm",
            r"(?:left\s+)?arm\s+(?:pain|ache|heavy|heaviness|numb|tingl\w*)",
            r"(?:pain|ache|aching|heaviness)\s+(?:in|down)\s+(?:my|his|her|the)\s+left\s+arm",
            r"(?:my|his|her|left|l)\s+arm\s+(?:aches|is\s+aching|hurts|feels\s+(?:heavy|dead|numb)|"
            r"(?:has\s+)?gone\s+(?:heavy|numb|dead))",
            r"jaw\s+(?:pain|ache|tightness)",
            # lay anginal radiation: "her jaw aches", "ache between his shoulder blades"
            r"jaw\s+(?:and\s+(?:[\w']+\s+){1,4})?(?:aches|aching|hurts|is\s+(?:aching|sore|tight))",
            r"(?:ache|aching|pain|heaviness|pressure|tightness)\s+between\s+(?:my|his|her|the)\s+"
            r"shoulder(?:s|\s+blades)",
            r"between\s+(?:my|his|her|the)\s+shoulder(?:s|\s+blades)\s+(?:aches?|aching|hurts?|"
            r"(?:is\s+|are\s+)?(?:sore|tight|heavy))",
            r"(?:to|into|in)\s+(?:the|my|his|her)\s+jaw",
            r"diaphore\w*",
            r"sweat\w*",
            r"clammy",
            r"cold\s+sweat",
            r"drenched",
            r"grey|gray|ashen|pale\s+and\s+sweaty",
            r"sob",
            r"sobo?e",
            r"short(?:ness)?\s+of\s+breath",
            r"breathless\w*",
            r"dyspno?ea\w*|dyspn\w*",
            r"can't\s+catch\s+(?:my|his|her)\s+breath",
            r"nause\w*",
            r"n/v",
            r"n&v",
            r"vomit\w*",
            r"feel\w*\s+sick",
            r"(?:feel\w*|going\s+to\s+be|about\s+to\s+be|might\s+be)\s+(?:like\s+)?(?:[\w']+\s+){0,3}sick",
            r"impending\s+doom|going\s+to\s+die",
            r"on\s+exertion|exertional|when\s+(?:walking|climbing|exercising)",
            r"(?:at|on)\s+rest",
        ],
        words="radiating radiates radiation diaphoretic diaphoresis sweating sweaty clammy "
        "shortness breathless breathlessness dyspnoea dyspnea nauseous nausea vomiting "
        "exertion exertional",
    ),
    C(
        "atypical_cardiac_pain",
        "indigestion-like or upper abdominal pain (possible anginal equivalent)",
        [
            r"indigestion[\s-]*(?:type|like|ish)\s+(?:[\w']+\s+)?(?:pain|burning|discomfort|ache)",
            r"epigastric\s+(?:pain|burning|discomfort|ache)",
            # pressure words without the chest named (older, diabetic, women): "a heaviness",
            # "tight feeling in my throat and upper belly"
            r"(?:a|this|some|funny|strange|awful|horrible)\s+(?:[\w']+\s+)?heaviness(?!\s+in\s+"
            r"(?:my|his|her|the)\s+(?:legs?|eyes?|eyelids|head|limbs|feet))",
            r"(?:tight(?:ness)?|tight\s+feeling|squeez\w*|pressure|heaviness|crushing)\s+(?:feeling\s+)?"
            r"in\s+(?:my|his|her|the)\s+(?:throat|upper\s+(?:belly|tummy|abdomen|stomach)|top\s+of\s+"
            r"(?:my|his|her|the)\s+(?:belly|tummy|stomach))",
            r"(?:not\s+(?:eased|helped|relieved)\s+by|won't\s+go\s+with|didn't\s+help)\s+"
            r"(?:[\w']+\s+)?(?:gaviscon|antacids?|rennies?|tums|omeprazole)",
        ],
    ),
    C(
        "aortic_pain",
        "tearing pain / pain through to the back",
        [
            r"(?:tearing|ripping|torn|rip)\w*(?:\s+\w+){0,3}\s+(?:pain|sensation|feeling)",
            r"(?:tearing|ripping)",
            r"(?:going|goes|radiat\w*|shooting|moving|passing|straight)\s+(?:through\s+)?"
            r"(?:in)?to\s+(?:the|my|his|her)\s+back",
            r"through\s+to\s+(?:the|my|his|her)\s+back",
            r"interscapular",
            r"between\s+(?:the|my|his|her)\s+shoulder\s+blades",
        ],
        words="tearing ripping interscapular",
    ),
    C(
        "aortic_named",
        "aortic dissection / aneurysm named",
        [
            r"(?:aortic\s+)?dissect\w*",
            r"aaa",
            r"(?:aortic|abdominal)\s+aneurysm",
            r"aneurysm",
            r"ruptur\w*\s+(?:aaa|aneurysm)",
            r"widened\s+mediastinum",
            r"(?:bp|blood\s+pressure|pulses?)\s+(?:differ\w*|discrepan\w*|unequal|asymmetr\w*)",
            r"(?:different|unequal|asymmetric\w*)\s+(?:bp|blood\s+pressures?|pulses?)",
            r"(?:bp|pulse)\s+(?:differential|deficit)",
            r"pulse\s+deficit",
            r"pulsatile\s+(?:abdominal\s+)?mass",
            r"type\s+a\s+dissection",
        ],
        exclude=[
            r"dissect\w*\s+(?:the|a)\s+(?:frog|specimen|cadaver)",
            r"(?:brain|cerebral|berry|intracranial|cerebral\s+artery)\s+aneurysms?",
            r"aneurysm\s+(?:in|of)\s+(?:the|his|her|my)\s+brain",
        ],
        words="dissection dissecting aneurysm mediastinum pulsatile",
    ),
    C(
        "pe_named",
        "pulmonary embolism named",
        [
            r"pe",
            r"p\.e\.",
            r"pulmonary\s+embol\w*",
            r"saddle\s+embol\w*",
            r"clot\s+(?:in|on)\s+(?:the|my|his|her)\s+lungs?",
        ],
        exclude=[r"pe\s+(?:teacher|class|lesson|kit)", r"(?:in|for|at)\s+pe"],
        words="pulmonary embolism embolus",
    ),
    C(
        "pleuritic",
        "pleuritic chest pain",
        [
            r"pleuritic",
            r"(?:pain|hurts|sharp)\w*\s+(?:[\w']+\s+){0,3}(?:on|when|with|if)\s+(?:i\s+|he\s+|"
            r"she\s+|you\s+|they\s+)?(?:take\s+a\s+)?(?:deep\s+)?(?:breath\w*|inspiration|"
            r"inhal\w*|cough\w*)",
            r"(?:sharp|stabbing)\s+chest\s+pain",
            r"hurts\s+to\s+breathe",
        ],
        words="pleuritic inspiration",
    ),
    C(
        "vte_risk",
        "VTE risk factor",
        [
            r"(?:long[\s-]haul|long|recent|\d+[\s-]hour)\s+(?:flight|drive|journey|car\s+journey)",
            r"flew|flown|long[\s-]haul",
            r"post[\s-]?op\w*",
            r"after\s+(?:[\w']+\s+){0,2}(?:surgery|operation|op)",
            r"(?:recent|had)\s+(?:[\w']+\s+){0,2}(?:surgery|operation)",
            r"(?:hip|knee)\s+replacement",
            r"immobil\w*",
            r"bed[\s-]?(?:bound|ridden)",
            r"plaster\s+cast|in\s+a\s+cast",
            r"(?:on\s+the\s+)?(?:ocp|combined\s+pill|contraceptive\s+pill|the\s+pill|hrt)",
            r"postpartum|post[\s-]partum|gave\s+birth|c-?section|caesarean|cesarean|"
            r"(?:had|delivered)\s+(?:my|the|a|her|our)\s+baby",
            r"(?:active\s+)?(?:cancer|malignancy|chemo\w*)",
            r"(?:swollen|swelling\s+of\s+(?:the|his|her|my|one))\s*(?:calf|leg)",
            r"(?:swollen|swelling)\s+(?:and\s+)?(?:painful|tender|hot|red|sore|warm)?\s*(?:and\s+)?"
            r"(?:painful|tender|hot|red|sore|warm)?\s*(?:left|right|l|r|lower)?\s*(?:calf|leg)",
            r"(?:since|following)\s+(?:my|his|her|the)\s+(?:[\w']+\s+){0,2}(?:surgery|operation)",
            r"(?:calf|leg)\s+(?:is\s+|was\s+|has\s+been\s+|feels\s+)?(?:swelling|swollen|pain|"
            r"painful|tender\w*|hot\s+and\s+swollen)",
            r"unilateral\s+(?:leg|calf)\s+swelling",
            r"dvt",
            r"deep\s+vein\s+thrombosis",
            r"previous\s+(?:dvt|pe|clot)",
        ],
        words="immobile immobility postpartum malignancy thrombosis",
    ),
    # --- neurological ------------------------------------------------------------------------
    C(
        "face_droop",
        "facial droop",
        [
            r"(?:facial|face)\s+(?:droop\w*|asymmetr\w*|weakness|palsy|drop|sag\w*)",
            r"(?:face|mouth|smile|lip|lips|eyelid|cheek)\s+(?:is\s+|has\s+|looks?\s+|went\s+|"
            r"(?:suddenly\s+)?(?:went|gone|has\s+gone)\s+|seems?\s+)?(?:droop\w*|lopsided|uneven|"
            r"sag\w*|twisted|crooked|dropped|fallen|wonky|skew\w*|all\s+to\s+one\s+side|"
            r"(?:is\s+)?(?:going|gone|went|pulled)\s+down(?:\s+on\s+one\s+side)?|"
            r"drooping|slanted|lower\s+on\s+one\s+side)",
            r"droop\w*\s+(?:of\s+)?(?:the\s+|his\s+|her\s+|my\s+)?(?:left\s+|right\s+)?"
            r"(?:face|mouth|smile|lip)",
            r"(?:one|1)\s+side\s+of\s+(?:the|his|her|my)\s+(?:face|mouth)\s+(?:[\w']+\s+){0,2}"
            r"(?:droop\w*|down|dropped|fallen|numb|weak|not\s+moving)",
            r"(?:left|right|l|r)\s+(?:sided\s+)?(?:facial|face)\s+(?:droop|weakness)",
            r"can't\s+smile\s+properly",
            r"droopy\s+(?:face|mouth)",
            # lay: "one side of her smile is lower", "tea dribbling out of one side of his mouth"
            r"(?:one|1|left|right)\s+side\s+of\s+(?:the|his|her|my|their)\s+(?:smile|mouth|face|lips?)\s+"
            r"(?:[\w']+\s+){0,2}(?:lower|down|droop\w*|drop\w*|sag\w*|slipp\w*|not\s+moving|"
            r"numb|weak|dead|heavy|gone\s+\w+)",
            r"(?:drink|tea|coffee|water|food|drool|saliva|dribble|liquid|juice|milk)\w*\s+(?:[\w']+\s+){0,2}"
            r"(?:dribbl\w*|spill\w*|leak\w*|pour\w*|running|falling|coming)\s+(?:back\s+)?out\s+(?:of\s+)?"
            r"(?:one|the\s+(?:left|right)|(?:his|her|my|their)\s+(?:left|right))\s+(?:side|corner)",
            r"(?:dribbl\w*|drool\w*)\s+(?:[\w']+\s+){0,2}(?:out\s+of\s+)?(?:one|the\s+(?:left|right))\s+"
            r"(?:side|corner)\s+of\s+(?:the|his|her|my|their)\s+mouth",
        ],
        exclude=[r"bell'?s\s+palsy"],
        words="facial drooping droopy asymmetry asymmetric lopsided",
    ),
    C(
        "unilateral_weakness",
        "one-sided weakness or numbness",
        [
            # non-native and lay: "his one side body not moving", "half his body won't move"
            r"(?:one|1|left|right|half)\s+(?:side\s+)?(?:of\s+)?(?:his|her|my|the)?\s*(?:side\s+)?body\s+"
            r"(?:is\s+)?(?:not\s+moving|won't\s+move|can't\s+move|not\s+working|gone\s+(?:weak|numb|"
            r"dead|floppy))",
            # "left side not moving", "his right side has gone dead"
            SIDE + r"\s+side\s+(?:of\s+(?:his|her|my|the|their)\s+body\s+)?(?:is\s+|has\s+|has\s+gone\s+|went\s+|"
            r"just\s+)?(?:not\s+moving|won't\s+move|can't\s+move|not\s+working|(?:gone\s+)?(?:weak|numb|dead|"
            r"floppy|limp|paralysed|paralyzed))",
            SIDE + r"[\s-]*(?:sided?|side)\s+(?:arm\s+|leg\s+|body\s+)?(?:weakness|numbness|"
            r"paralysis|weak|numb|paraesthesia|paresthesia|heaviness|tingling)",
            r"(?:weak(?:ness)?|numb(?:ness)?|heav(?:y|iness)|paralys\w*|paralyz\w*|"
            r"clumsiness|clumsy)\s+(?:in|of|on|down)\s+(?:the\s+|his\s+|her\s+|my\s+)?"
            + SIDE
            + r"\s+"
            + LIMB,
            SIDE + r"\s+" + LIMB + r"\s+(?:is\s+|went\s+|gone\s+|feels?\s+|has\s+gone\s+|going\s+|"
            r"(?:is|was|kept|keeps)\s+going\s+|turned\s+|suddenly\s+(?:went\s+)?)?"
            r"(?:weak\w*|numb\w*|heavy|floppy|dead|paralys\w*|paralyz\w*|limp|useless|"
            r"not\s+working|clumsy|tingly|tingling)",
            r"hemi(?:paresis|paretic|plegia|plegic|sensory|anopia|anopsia)",
            r"(?:can't|cannot|unable\s+to|couldn't|could\s+not)\s+(?:lift|raise|move|feel|use|"
            r"grip\s+with)\s+(?:(?:his|her|my|the|their)\s+(?:left\s+|right\s+)?|(?:left|right)\s+)"
            r"(?:arm|leg|hand)",
            r"(?:arm|pronator)\s+drift",
            r"(?:arm|leg|hand)\s+(?:went|gone|suddenly\s+went|has\s+(?:suddenly\s+)?gone)\s+"
            r"(?:all\s+)?(?:weak|limp|floppy|dead|numb|heavy|useless)",
            r"dropping\s+things\s+(?:with|from)\s+(?:[\w']+\s+)?(?:left|right)\s+hand",
            r"power\s+[0-3]/5",
            r"(?:left|right)\s+(?:sided\s+)?(?:weakness|numbness)",
            r"(?:weakness|numbness)\s+(?:of|in|on)\s+(?:one|1)\s+side",
            # lay: "left side of my face has gone numb", "right hand won't close / grip"
            SIDE + r"\s+side\s+of\s+(?:the|his|her|my|their)\s+(?:face|body|arm|leg|tongue)\s+"
            r"(?:[\w']+\s+){0,2}(?:numb\w*|weak\w*|heavy|dead|tingl\w*|not\s+working|"
            r"paralys\w*|floppy|useless)",
            r"(?:left|right|his|her|my|their)\s+(?:(?:left|right)\s+)?(?:hand|arm|fingers|leg|foot)\s+"
            r"(?:won't|wont|will\s+not|can't|cannot|doesn't|does\s+not|isn't|couldn't|could\s+not)\s+"
            r"(?:[\w']+\s+)?(?:close|grip|grasp|hold|open|squeeze|work|move|do\s+what|obey)",
            r"(?:arm|leg|hand|foot|side)\s+(?:[\w']+\s+){0,2}(?:feels?|felt)\s+(?:like\s+it\s+)?"
            r"(?:belongs?|belonged|isn't|is\s+not|wasn't|not)\s+(?:to\s+)?(?:someone|somebody|"
            r"mine|his|hers|part\s+of)",
            r"(?:dropped|dropping|drops)\s+(?:[\w']+\s+){1,3}(?:and|then|,)\s+(?:now\s+)?"
            r"(?:[\w']+\s+){0,2}(?:hand|arm)\s+(?:won't|can't|is|feels?)",
        ],
        # a limb that "went dead" from lying or sitting on it is a pressure palsy that passes
        exclude=[
            r"(?:arm|leg|hand|foot)\s+(?:went|goes|gone|has\s+gone)\s+dead\s+(?:[\w']+\s+){0,4}?"
            r"(?:slept|sleeping|lying|lay|laid|sitting|sat|cross[\s-]legged|kneeling|leaning)"
            r"(?:\s+on\s+it)?",
        ],
        words="weakness numbness paralysis paralysed paralyzed hemiparesis hemiplegia "
        "tingling clumsiness",
    ),
    C(
        "speech",
        "speech disturbance",
        [
            r"slurr\w*",
            r"(?:talk|talks|talking|speak|speaks|speaking|speech|words)\s+(?:is\s+|are\s+|very\s+|all\s+)?"
            r"(?:strange|strangely|funny|weird|wrong|jumbled|muddled|gibberish|nonsense)",
            r"dysarthri\w*",
            r"dysphasi\w*",
            r"aphasi\w*",
            r"aphasic",
            r"word[\s-]finding\s+(?:difficult\w*|problems?|trouble)",
            r"garbled",
            r"(?:can't|cannot|unable\s+to|couldn't|trouble|difficulty|struggl\w*\s+to)\s+"
            r"(?:speak\w*|talk\w*|find\s+(?:the\s+|his\s+|her\s+|my\s+)?words|get\s+(?:the\s+|"
            r"his\s+|her\s+|my\s+)?words\s+out|understand\s+(?:what|speech))",
            r"(?:words|speech)\s+(?:are\s+|is\s+|came\s+out\s+|coming\s+out\s+)?(?:jumbled|"
            r"muddled|mixed\s+up|wrong|funny|strange|weird|nonsense|garbled|slurred|slow|"
            r"thick|difficult)",
            r"talking\s+(?:gibberish|nonsense|funny|strangely|weird)",
            r"speech\s+(?:difficult\w*|problems?|disturbance|change|changes|slurred)",
            r"(?:sounds?|sounded)\s+drunk",
            r"expressive|receptive\s+dysphasia",
            r"not\s+making\s+(?:any\s+)?sense|making\s+no\s+sense",
            # lay words for new aphasia: "stopped making sense", "words that aren't words"
            r"(?:stopped|stops|quit)\s+making\s+(?:any\s+)?sense",
            r"words\s+that\s+(?:aren't|are\s+not|weren't|were\s+not|don't|do\s+not|didn't)\s+"
            r"(?:real\s+)?(?:words|exist|make\s+sense|mean\s+anything)",
            r"made[\s-]up\s+words|nonsense\s+words|wrong\s+words|"
            r"(?:mixing|mixed)\s+up\s+(?:his|her|my|their)?\s*words",
            r"(?:talking|speaking|saying)\s+(?:in\s+)?(?:double\s+dutch|jibberish|gobbledygook)",
            r"(?:words|speech|talking|sentences)\s+(?:(?:have|has|had|started|start|keep|keeps|kept|are|"
            r"were|is|was|been|all|just|now|suddenly|began|begun|begin|starting|keep\s+on)\s+){0,3}"
            r"(?:coming|came|come|comes)\s+out\s+(?:[\w']+\s+)?(?:wrong|jumbled|muddled|"
            r"garbled|slurred|funny|strange|weird|mixed|backwards|like\s+nonsense)",
            r"(?:talk\w*|speech|speak\w*|voice)\s+(?:is\s+|are\s+|was\s+|sounds?\s+)?(?:like|as\s+if)\s+"
            r"(?:(?:he|she|they|i)\s+(?:is|are|am|was|were|'s)\s+|(?:he's|she's|i'm)\s+)?drunk",
            r"(?:instead\s+of|can't\s+find|cannot\s+find|searching\s+for|grasping\s+for|"
            r"can't\s+think\s+of)\s+(?:the|a|her|his|my)\s+(?:right\s+)?words?",
            r"talkin'?\s+(?:nonsense|gibberish|rubbish)",
        ],
        # a habit, not a new deficit: "my boss talks nonsense in meetings"
        exclude=[r"(?:always\s+|often\s+|usually\s+)?talks\s+(?:such\s+|utter\s+|total\s+)?"
                 r"(?:nonsense|rubbish|gibberish)\s+(?:in|at|about|all|when|whenever)"],
        words="slurred slurring dysarthria dysphasia aphasia garbled jumbled muddled gibberish",
    ),
    C(
        "vision_loss",
        "sudden loss of vision / double vision",
        [
            r"(?:sudden(?:ly)?\s+)?(?:loss\s+of|lost|losing)\s+(?:[\w']+\s+){0,2}(?:vision|sight)",
            # "my sight went in one eye", "vision in her left eye just went"
            r"(?:vision|sight)\s+(?:in\s+(?:my|his|her|their|one|the)\s+(?:left\s+|right\s+)?eye\s+)?(?:just\s+|"
            r"suddenly\s+|completely\s+)?(?:went|goes|disappeared|vanished|blacked\s+out)(?!\s+(?:blurry|"
            r"blurred|fuzzy|funny|double|wavy|hazy|misty|back))",
            r"(?:vision|sight)\s+loss",
            r"(?:sudden(?:ly)?|new)\s+(?:[\w']+\s+)?(?:blind\w*|blurr\w*\s+vision|double\s+vision|"
            r"diplopia)",
            r"(?:went|gone|going)\s+blind",
            r"can't\s+see\s+(?:out\s+of|from|with)",
            r"can't\s+see\s+(?:properly\s+|clearly\s+|anything\s+|well\s+)?(?:out\s+of|from|with|"
            r"on|to)\s+(?:one|the\s+(?:left|right)|(?:his|her|my|their)\s+(?:left|right))\s+"
            r"(?:side|eye)",
            r"(?:lost|losing|missing)\s+(?:the\s+)?(?:left|right|half|one\s+side)\s+(?:of\s+)?"
            r"(?:(?:his|her|my|their)\s+)?(?:vision|sight|visual\s+field)",
            r"curtain\s+(?:[\w']+\s+){0,3}(?:vision|eye|over|across|down)",
            r"amaurosis(?:\s+fugax)?",
            r"visual\s+field\s+(?:loss|defect|cut)",
            r"hemianop\w*",
            r"diplopia",
            r"double\s+vision",
            r"seeing\s+double",
            r"(?:can't|cannot|couldn't|could\s+not|unable\s+to)\s+see\s+(?:anything\s+(?:on|to|in)\s+)?"
            r"(?:the\s+)?(?:left|right|one)[\s-](?:hand\s+)?(?:side|half)",
            r"(?:left|right|one)\s+half\s+of\s+(?:everything|the\s+(?:page|screen|room|picture|world))\s+"
            r"(?:[\w']+\s+){0,2}(?:missing|gone|black|dark|blank|disappeared)",
        ],
        words="vision blindness blurred diplopia amaurosis hemianopia",
    ),
    C(
        "balance_loss",
        "sudden loss of balance / coordination",
        [
            r"(?:sudden(?:ly)?\s+)?(?:loss\s+of|lost)\s+(?:[\w']+\s+)?(?:balance|coordination)",
            r"ataxi\w*",
            r"can't\s+(?:walk|stand)\s+(?:straight|properly|up)",
            r"(?:unsteady|staggering|veering)",
            r"walk\w*\s+(?:[\w']+\s+)?like\s+(?:he's|she's|he\s+is|she\s+is|i'm|i\s+am|they're|"
            r"(?:he|she|they)\s+(?:was|were))?\s*(?:drunk|intoxicated)",
            r"(?:seems|looks|acting|appears|sounds)\s+drunk\s+but|drunk\s+but\s+(?:he|she|they|i)\s+"
            r"(?:hasn't|has\s+not|hadn't|haven't|didn't|doesn't|don't)",
            r"sudden(?:ly)?\s+(?:[\w']+\s+)?(?:dizz\w*|vertigo|unsteady|off\s+balance)",
            r"sudden(?:ly)?\s+(?:[\w']+\s+)?(?:can't|cannot|couldn't|unable\s+to)\s+(?:stand|walk|"
            r"sit\s+up|get\s+up)",
            r"(?:falls?|fell|falling|leaning|lean\w*|toppl\w*|keeps\s+falling)\s+(?:over\s+)?"
            r"(?:to|towards|onto)\s+(?:the\s+|her\s+|his\s+|my\s+)?(?:left|right|one)\s*(?:side)?",
        ],
        words="balance coordination ataxia ataxic unsteady staggering",
    ),
    C(
        "stroke_named",
        "stroke named",
        [
            r"stroke",
            r"cva",
            r"brain\s+attack",
            r"code\s+stroke",
            r"(?:be-?)?fast\s+(?:positive|\+|\+ve)",
            r"positive\s+(?:be-?)?fast",
            r"lvo",
            r"(?:intracerebral|intracranial|brain)\s+(?:bleed|ha?emorrhage)",
            r"ich",
            r"nihss\s*(?:of\s+|=\s*|:\s*|score\s+)?(?:[1-9]|[1-3]\d|4[0-2])(?!\d)",
        ],
        exclude=[
            r"stroke\s+(?:volume|work|risk|prevention|prophylaxis|unit|rehab\w*|nurse|"
            r"service|guidelines?|scale|team|pathway|awareness)",
            r"heat\s*stroke",
            r"(?:back|breast|swimming)\s+stroke",
            r"stroke\s+of\s+(?:luck|genius)",
            r"fast(?:ing)?\s+positive\s+(?:glucose|sugar)",
        ],
        words="stroke",
    ),
    C(
        "tia_named",
        "TIA named",
        [r"tia", r"transient\s+isch(?:a)?emic\s+attack", r"mini[\s-]stroke"],
        words="transient ischaemic ischemic",
    ),
    C(
        "headache",
        "headache",
        [
            r"headaches?",
            r"h/a",
            r"ha",
            r"head\s+(?:pain|ache|is\s+pounding|hurts|throbbing)",
            r"migraine\w*",
            r"cephalgia",
            r"pain\s+in\s+(?:the|my|his|her)\s+head",
            r"(?:clutch\w*|holding|held|grabbed|grabbing|clasping)\s+(?:his|her|my|their)\s+head",
        ],
        words="headache headaches migraine",
    ),
    C(
        "sudden_onset",
        "sudden / worst-ever onset",
        [
            r"thunderclap",
            r"worst\s+(?:[\w']+\s+)?(?:headache|pain)\s+(?:of\s+(?:my|his|her|their)\s+life|ever)",
            r"worst\s+(?:ever|of\s+(?:my|his|her)\s+life)",
            r"sudden(?:ly)?(?:\s+onset)?",
            r"abrupt\w*",
            r"came\s+on\s+(?:[\w']+\s+)?(?:suddenly|instantly|in\s+seconds|all\s+at\s+once|"
            r"like\s+a)",
            r"out\s+of\s+(?:nowhere|the\s+blue)",
            r"(?:within|in)\s+(?:a\s+few\s+|one\s+|1\s+|seconds|a\s+)(?:seconds?|minute|moment)",
            r"like\s+(?:being\s+)?(?:hit|struck|kicked|a\s+(?:bang|explosion|thunderclap|"
            r"gunshot))",
            r"explo\w*",
            r"peak\w*\s+(?:in|within)\s+(?:seconds|a\s+minute|1\s+min\w*|under\s+a\s+minute)",
            r"instantly",
            r"blinding",
        ],
        # relief, not onset: "my GTN spray sorts it within a minute", "settles in a minute"
        exclude=[r"(?:sorts?|settles?|settled|eases?|eased|relieves?|relieved|goes|went|gone|helps?|"
                 r"works?|fixes|fixed|clears?|stops?|stopped|better|passes|passed)\s+(?:it\s+|off\s+|"
                 r"away\s+|down\s+)*(?:within|in)\s+(?:a\s+few\s+|one\s+|1\s+|seconds|a\s+)(?:seconds?|"
                 r"minute|moment)"],
        words="thunderclap suddenly sudden abruptly explosive instantly",
    ),
    C(
        "sah_named",
        "subarachnoid haemorrhage named",
        [r"sah", r"subarachnoid(?:\s+ha?emorrhage)?", r"(?:brain|cerebral)\s+aneurysm\s+burst"],
        words="subarachnoid",
    ),
    C(
        "seizure",
        "seizure",
        [
            r"seiz\w*",
            r"fits?",
            r"fitting",
            # "she fitted for 2 minutes" (not "fitted kitchen", "fitted for a suit")
            r"fitted\s+for\s+(?:about\s+|around\s+)?(?:\d+|a\s+(?:few|couple\s+of)|one|two|three|five|ten)\s+"
            r"(?:minutes?|mins?|seconds?|secs?)",
            r"(?:(?<=he\s)|(?<=she\s)|(?<=they\s)|(?<=has\s))fitted(?=\s*(?:[,.;]|$|and\b|again|twice|"
            r"in\s+(?:the|her|his)))",
            r"convuls\w*",
            r"tonic[\s-]clonic",
            r"gtcs?",
            r"(?:shaking|jerking)\s+(?:all\s+over|uncontrollabl\w*|and\s+(?:jerking|shaking))",
            r"jerking\s+(?:of\s+)?(?:[\w']+\s+)?(?:arms?|legs?|limbs|body)",
            r"status(?:\s+epilepticus)?",
            r"epileptic\s+(?:fit|attack|seizure)",
        ],
        exclude=[
            r"(?<!had\sa\s)(?<!having\sa\s)(?<!has\sa\s)(?<!have\sa\s)(?<!another\s)fits?\s+(?:in|into|well|the|with|my|his|her|a|an|for|on|under|"
            r"through|ok)",
            r"(?:fit|fits)\s+(?:and|&)\s+well",
            # "I'm 52, fit, no other issues": fitness, not a seizure
            r"(?:\d+|old|otherwise|healthy|active)\s*,\s*fit(?=\s*(?:,|and|&|\.|$))",
            r"(?:keep|keeping|get|getting|stay|physically|medically|not|is|be|feels?)\s+fit",
            r"fit\s+(?:to|for)\s+(?:work|fly|drive|discharge|travel)",
            r"status\s+(?:post|quo|update|of|is|was|report|asthmaticus)",
            r"(?:performance|marital|immune|hiv|vaccination|functional|mental|nutritional|"
            r"fluid|volume|hydration|smoking|social|baseline|covid|code|legal|dnr|dnacpr)\s+"
            r"status",
            r"s/p",
            r"fit\s+note",
            r"fitness",
        ],
        words="seizure seizures seizing convulsion convulsions convulsing fitting epilepticus",
    ),
    C(
        "prolonged_seizure",
        "prolonged or repeated seizure",
        [
            r"status\s+epilepticus",
            r"(?:seiz\w*|fit\w*|convuls\w*|shaking|jerking)\s+(?:[\w']+\s+){0,4}(?:for|lasting|"
            r"lasted|over|more\s+than|longer\s+than|>)\s+(?:more\s+than\s+|over\s+|about\s+|"
            r"around\s+|nearly\s+|almost\s+)?(?:[5-9]|[1-9]\d|five|six|seven|eight|ten|"
            r"fifteen|twenty|thirty)\s*(?:\+\s*)?(?:min\w*|m)",
            r"(?:[5-9]|[1-9]\d|five|six|seven|eight|ten|fifteen|twenty)\s*(?:\+\s*)?"
            r"(?:min\w*)\s+(?:[\w']+\s+){0,2}(?:seiz\w*|fit\w*|convuls\w*|shaking|jerking)",
            r"(?:seiz\w*|fit\w*|convuls\w*|shaking|jerking)\s+(?:[\w']+\s+){0,2}(?:won't|will\s+not|"
            r"not|isn't|hasn't|doesn't|does\s+not|has\s+not)\s+stop\w*",
            r"still\s+(?:seiz\w*|fitting|convulsing|shaking|jerking)",
            r"(?:seiz\w*|fit\w*|convuls\w*|shaking|jerking)\s+(?:[\w']+\s+){0,3}(?:[5-9]|[1-9]\d|five|six|"
            r"seven|eight|ten|fifteen|twenty)\s*(?:min\w*)",
            r"(?:seiz\w*|fit\w*|convuls\w*|shaking|jerking)\s+(?:[\w']+\s+){0,8}(?:still\s+(?:going|"
            r"happening|continuing|on)|hasn't\s+stopped|has\s+not\s+stopped)",
            r"(?:back[\s-]to[\s-]back|repeated|recurrent|multiple|clusters?\s+of|one\s+after\s+"
            r"(?:another|the\s+other)|several|\d+|two|three|four)\s+(?:[\w']+\s+)?(?:seiz\w*|fits|"
            r"convulsions)",
            r"(?:without|not)\s+(?:waking|regaining\s+consciousness|coming\s+round|recovering)"
            r"\s+(?:up\s+)?(?:between|in\s+between)",
            r"(?:ongoing|continuous|continuing|persistent|prolonged)\s+(?:[\w']+\s+)?(?:seiz\w*|"
            r"fitting|convuls\w*)",
            r"(?:another|second|third)\s+(?:seizure|fit)\s+(?:[\w']+\s+){0,4}(?:without|before)",
            r"(?:hasn't|has\s+not|haven't|hadn't|didn't|did\s+not|not|never|doesn't|isn't)\s+"
            r"(?:properly\s+|fully\s+|really\s+)?(?:woken|woke|wake|waking|come\s+(?:round|to|back)|"
            r"came\s+(?:round|to)|recovered|regained\s+consciousness|been\s+(?:awake|herself|himself)|"
            r"back\s+to\s+(?:normal|himself|herself))\s+(?:up\s+)?(?:properly\s+|fully\s+)?"
            r"(?:in\s+)?between",
            r"(?:had|having|has\s+had|'s\s+had)\s+(?:two|three|four|five|several|[2-9])\s+"
            r"(?:more\s+)?(?:seizures\s+|fits\s+|of\s+them\s+)?(?:in\s+(?:the\s+)?(?:last|past|an|one|"
            r"under)|within|since)\s+(?:[\w']+\s+)?(?:min\w*|hours?|hr)",
        ],
        words="epilepticus repeated recurrent continuous persistent prolonged",
    ),
    C(
        "first_seizure",
        "first seizure",
        [
            r"first\s+(?:ever\s+)?(?:[\w']+\s+)?(?:seiz\w*|fit|convulsion)",
            r"(?:never|not)\s+(?:had\s+)?(?:a\s+)?(?:seizure|fit)\s+before",
            r"never\s+had\s+(?:one|a\s+\w+|an?\s+\w+|anything\s+like\s+(?:this|it|that))"
            r"(?:\s+before)?",
            r"(?:for\s+the\s+)?first\s+time",
            r"new[\s-]onset\s+(?:seiz\w*|fit)",
            r"no\s+(?:history|hx)\s+of\s+(?:epilepsy|seizures?)",
            r"not\s+(?:known\s+)?epileptic",
        ],
    ),
    C(
        "unresponsive",
        "unresponsive / unconscious",
        [
            r"unresponsive",
            r"un-?responsive",
            r"unconscious",
            r"unrousable|unarousable",
            r"(?:won't|will\s+not|can't|cannot|couldn't|could\s+not|not|isn't|is\s+not|wasn't|"
            r"aren't)\s+(?:be\s+)?"
            r"(?:wak\w*|woken|rous\w*|roused|arous\w*|respond\w*)(?:\s+(?:him|her|them|up))*",
            r"not\s+(?:responding|waking)",
            r"no\s+response",
            r"(?:collapsed|passed\s+out|keeled\s+over|slumped)(?:\s+and\s+(?:is\s+)?"
            r"(?:not|isn't)\s+\w+)?",
            r"cardiac\s+arrest",
            r"(?:in\s+)?(?:vf|vt|pea)\s+arrest",
            r"arrested",
            r"no\s+pulse",
            r"pulseless(?!\s+(?:\w+\s+)?(?:leg|foot|limb|arm|hand))",
            r"(?:can't|cannot|couldn't)\s+(?:feel|find|get)\s+(?:a|his|her|their|any)\s+pulse"
            r"(?!\s+(?:in|at)\s+(?:the|his|her|my)\s+(?:foot|feet|wrist|ankle|leg|arm|hand))",
            r"cpr",
            r"(?:only\s+)?respond\w*\s+(?:only\s+)?to\s+pain",
            r"(?:gcs|glasgow)\s*(?:of\s+|is\s+|=\s*|:\s*)?(?:[3-8])(?!\d)",
            r"limp\s+and\s+(?:unresponsive|floppy|not\s+breathing)",
            r"lifeless",
        ],
        exclude=[r"unconscious\s+bias", r"passed\s+out\s+(?:leaflets|flyers)",
                 # a skill, not an event: "my CPR knowledge", "CPR course", "CPR refresher"
                 r"cpr\s+(?:knowledge|course|training|class|skills?|certificat\w*|refresher|update|"
                 r"dummy|manikin|mannequin|instructor|qualification)"],
        words="unresponsive unconscious unrousable collapsed pulseless",
    ),
    C(
        # weaker lay signs of a reduced level of response: two together (or one with
        # drowsiness, collapse or a fit) count as unresponsive
        "reduced_response",
        "reduced response (won't answer, eyes rolling, all floppy)",
        [
            r"(?:won't|will\s+not|doesn't|does\s+not|isn't|is\s+not|not|can't|stopped)\s+"
            r"(?:answer\w*|talk\w*\s+to\s+(?:me|us)|speak\w*\s+to\s+(?:me|us)|react\w*)"
            r"(?:\s+(?:me|us|to\s+(?:me|us|anything)))?",
            r"eyes\s+(?:are\s+|keep\s+|kept\s+)?rolling(?:\s+back)?",
            r"(?:all|gone|very|completely)\s+floppy",
        ],
    ),
    C(
        "confusion",
        "new confusion / altered mental state",
        [
            r"confus\w*",
            r"disorient\w*",
            r"delirium|delirious",
            r"altered\s+(?:mental\s+(?:status|state)|mentation|consciousness|loc|ms)",
            r"ams",
            r"agitated\s+and\s+confused",
            r"(?:very\s+|extremely\s+)?(?:drowsy|lethargic|obtunded|stuporous|somnolent)",
            r"(?:very|really|extremely|unusually|so)\s+sleepy",
            r"not\s+making\s+(?:any\s+)?sense|making\s+no\s+sense",
            r"(?:doesn't|does\s+not|didn't)\s+(?:know|recogni[sz]e)\s+(?:where|who|me|us)",
            r"(?:hard|difficult)\s+to\s+rouse",
            r"(?:new|acute)\s+(?:onset\s+)?(?:confusion|cognitive\s+impairment)",
            r"(?:gcs|glasgow)\s*(?:of\s+|is\s+|=\s*|:\s*)?(?:9|1[0-4])(?!\d)",
            r"v\s+on\s+avpu|responds?\s+to\s+voice",
            r"talking\s+nonsense",
            r"not\s+(?:him|her)self",
            r"away\s+with\s+the\s+fairies",
            r"(?:acting|behaving|seems?|looks?)\s+(?:[\w']+\s+)?(?:drunk|strange\w*|weird\w*|odd\w*|"
            r"out\s+of\s+it|spaced\s+out|vacant)",
        ],
        words="confused confusion disorientated disoriented delirium delirious drowsy "
        "lethargic obtunded",
    ),
    C(
        "head_injury",
        "head injury",
        [
            r"head\s+(?:injury|injuries|trauma|wound|lac\w*|knock|bump|strike)",
            r"(?:hit|bang\w*|bump\w*|knock\w*|smash\w*|struck|cracked|whacked|injur\w*|hurt|"
            r"bash\w*|thump\w*|clout\w*|split|cut|head-?butt\w*)\s+(?:[\w']+\s+){0,4}(?:head|skull|"
            r"forehead|temple)",
            r"knocked\s+(?:out|unconscious|senseless)",
            r"hi(?=\s*[,;/]|\s+(?:on|after|with|and|from|following|while))",
            r"(?:fell|fall|fallen|slipped|tripped)\w*\s+(?:[\w']+\s+){0,6}(?:head|forehead|skull|temple|"
            r"hit\s+(?:his|her|my)\s+head)",
            r"(?:scalp|forehead|occipital)\s+(?:lac\w*|ha?ematoma|wound|cut|bump|swelling)",
            r"(?:lump|egg|bump|cut|gash)\s+on\s+(?:the\s+|his\s+|her\s+|my\s+)?(?:back\s+of\s+)?"
            r"(?:the\s+)?(?:head|forehead)",
            r"concuss\w*",
            r"tbi",
            r"hi\s+on",
        ],
        words="concussion concussed forehead",
    ),
    C(
        "head_injury_red_flags",
        "head-injury red flags (LOC, vomiting, amnesia, seizure)",
        [
            r"loc",
            r"(?:loss\s+of|lost)\s+consciousness",
            r"knocked\s+(?:out|unconscious)",
            r"blacked\s+out",
            r"(?:vomit\w*|threw\s+up|been\s+sick)\s+(?:[\w']+\s+){0,2}(?:twice|times|again|more\s+"
            r"than\s+once|\d+\s*x|repeated\w*)",
            r"(?:repeated|persistent|recurrent)\s+vomit\w*",
            r"amnesi\w*",
            r"(?:keeps?|keeping)\s+(?:asking|repeating)\s+(?:the\s+same|himself|herself|itself)",
            r"repeating\s+(?:himself|herself|the\s+same\s+questions?)",
            r"can't\s+remember\s+(?:what\s+happened|the\s+fall|anything)",
            r"clear\s+fluid\s+(?:from|out\s+of)\s+(?:[\w']+\s+)?(?:nose|ears?)",
            r"battle'?s\s+sign|raccoon\s+eyes|panda\s+eyes",
            r"unequal\s+pupils|blown\s+pupil|pupils?\s+(?:unequal|fixed|dilated)",
            r"(?:gcs|glasgow)\s*(?:of\s+|is\s+|=\s*|:\s*)?(?:[3-9]|1[0-4])(?!\d)",
            r"depressed\s+skull",
            r"skull\s+fracture",
        ],
        words="consciousness amnesia",
    ),
    C(
        "anticoagulant",
        "on an anticoagulant",
        [
            r"warfarin(?:i[sz]ed)?",
            r"coumadin",
            r"apixaban|eliquis",
            r"rivaroxaban|xarelto",
            r"edoxaban|lixiana|savaysa",
            r"dabigatran|pradaxa",
            r"doacs?|noacs?",
            r"anti-?coag\w*",
            r"blood[\s-]?thinners?",
            r"(?:enoxaparin|clexane|dalteparin|fragmin|tinzaparin|heparin|lmwh)",
            r"clopidogrel|plavix|ticagrelor|brilinta|prasugrel",
            r"(?:inr)\s*(?:of\s+|is\s+|=\s*|:\s*)?\d",
            r"haemophilia|hemophilia|bleeding\s+disorder",
        ],
        words="warfarin apixaban rivaroxaban edoxaban dabigatran anticoagulant "
        "anticoagulated anticoagulation enoxaparin clopidogrel",
    ),
    C(
        "back_pain",
        "back pain / sciatica",
        [
            r"(?:lower\s+|low\s+)?back\s+(?:pain|ache|injury|problem\w*|spasm|hurts?|twinge)",
            r"backache",
            r"(?:bad|sore|painful|dodgy)\s+back",
            r"(?:my|his|her)\s+back\s+(?:is\s+|has\s+been\s+|was\s+)?(?:really\s+|very\s+)?(?:killing|"
            r"in\s+agony|agony|hurting|sore|painful|bad|went|gone|gave\s+way)",
            r"(?:put|threw|hurt)\s+(?:my|his|her)\s+back\s+out",
            r"lbp",
            r"sciatica",
            r"(?:pain|ache)\s+in\s+(?:the|my|his|her)\s+(?:lower\s+)?back",
            r"slipped\s+disc|disc\s+(?:prolapse|herniation|bulge)",
            r"lumbago",
            r"radicul\w*",
        ],
        words="backache sciatica lumbago",
    ),
    C(
        "cauda_signs",
        "cauda equina signs (saddle numbness, retention, incontinence)",
        [
            r"saddle\s+(?:an(?:a)?esthesia|numbness|area\s+numb\w*|paraesthesia|paresthesia)",
            r"(?:can't|cannot|can\s+not|couldn't)\s+feel\s+(?:[\w']+\s+){0,3}(?:bum|bottom|backside|"
            r"buttocks?|privates|genitals|vagina|penis|anus|back\s+passage)",
            r"(?:leaking|wetting|dribbling|lost\s+control\s+of|no\s+control\s+(?:of|over))\s+(?:[\w']+\s+)?"
            r"(?:urine|wee|pee|bladder|bowels?|himself|herself|myself)",
            r"numb\w*\s+(?:[\w']+\s+){0,3}(?:bum|bottom|buttocks?|groin|genitals?|perineum|"
            r"perianal|between\s+(?:my|his|her|the)\s+legs|saddle|private\s+parts|back\s+"
            r"passage|inner\s+thighs?)",
            r"(?:bum|bottom|groin|genitals?|perineum|buttocks)\s+(?:[\w']+\s+){0,2}(?:numb\w*|"
            r"no\s+feeling|tingling)",
            r"(?:can't|cannot|couldn't)\s+feel\s+(?:it\s+|anything\s+)?(?:the\s+)?(?:toilet\s+"
            r"paper|when\s+(?:i|he|she)\s+wipes?)",
            r"numb\w*\s+(?:[\w']+\s+)?down\s+(?:there|below)",
            r"(?:down\s+there|private\s+parts|genitals|bits)\s+(?:is\s+|are\s+|feels?\s+|went\s+)?"
            r"(?:numb\w*|tingl\w*|no\s+feeling)",
            r"(?:trouble|difficulty|problems?|struggling|straining)\s+(?:with\s+)?(?:peeing|weeing|"
            r"urinating|passing\s+(?:urine|water)|going\s+for\s+a\s+(?:wee|pee)|(?:to\s+)?start"
            r"(?:ing)?\s+(?:to\s+)?(?:pee|wee|urinate))",
            r"(?:can't|cannot)\s+(?:tell|feel)\s+(?:if|when)\s+(?:i|he|she)\s+(?:need|needs)\s+"
            r"(?:to\s+)?(?:pee|wee|the\s+toilet|to\s+go)",
            r"(?:urinary\s+)?retention",
            r"(?:can't|cannot|unable\s+to|couldn't|not\s+able\s+to)\s+(?:pee|wee|urinate|pass\s+"
            r"(?:urine|water)|empty\s+(?:my|his|her|the)\s+bladder)",
            r"(?:new|recent)?\s*(?:urinary|faecal|fecal|bladder|bowel)\s+incontinence",
            r"(?:wet|soiled)\s+(?:myself|himself|herself)",
            r"(?:lost|loss\s+of)\s+(?:control\s+of\s+)?(?:[\w']+\s+)?(?:bladder|bowels?)(?:\s+control)?",
            r"(?:reduced|absent|lax|loss\s+of)\s+anal\s+tone",
            r"bilateral\s+(?:sciatica|leg\s+(?:pain|weakness|numbness))",
            r"both\s+(?:(?:my|his|her|their)\s+)?legs\s+(?:[\w']+\s+)?(?:weak|numb|tingling|giving\s+way)",
            r"(?:pain|numbness|weakness)\s+(?:down|in)\s+both\s+legs",
        ],
        words="retention incontinence perineum perianal anaesthesia anesthesia",
    ),
    C("cauda_named", "cauda equina named", [r"cauda\s+equina", r"\bces\b"], words="cauda equina"),
    # --- infection / sepsis ----------------------------------------------------------------
    C(
        "fever",
        "fever",
        [
            r"fever\w*",
            r"febrile",
            r"pyrex\w*",
            r"(?:high|raised|spiking)\s+(?:a\s+)?temp\w*",
            r"spiking",
            r"rigou?rs",
            r"(?:shaking|uncontrollabl\w*)\s+(?:chills|shivering)",
            r"hot\s+to\s+(?:the\s+)?touch",
            r"(?:feels?|felt|is|was|feeling)\s+(?:very\s+|really\s+)?(?:hot|burning\s+hot)",
            r"burning\s+up",
            r"(?:got|have|has|had|running|with|developed)\s+(?:a\s+)?(?:high\s+|bit\s+of\s+a\s+)?"
            r"(?:temperature|temp)(?!\s*(?:of\s+)?\d)",
        ],
        exclude=[
            r"afebrile",
            r"apyrexial",
            r"hay\s+fever",
            r"glandular\s+fever",
            r"temps?\s+norm\w*",
        ],
        words="fever febrile pyrexia pyrexial rigors shivering temperature",
    ),
    C(
        "infection",
        "infection source",
        [
            r"infect\w*",
            r"uti",
            r"urosepsis",
            r"pyelo\w*",
            r"pneumonia",
            r"cap",
            r"chest\s+infection",
            r"lrti",
            r"cellulitis",
            r"abscess\w*",
            r"cholangitis",
            r"appendicitis|peritonitis",
            r"wound\s+(?:[\w']+\s+)?(?:red|oozing|pus|infected)",
            r"productive\s+cough",
            r"(?:dysuria|burning\s+(?:when|on)\s+(?:peeing|urinating|passing\s+urine))",
            r"(?:cough\w*|sputum)\s+(?:[\w']+\s+){0,3}(?:green|yellow|rusty)",
            r"neutropeni\w*",
            r"(?:on|having|after)\s+chemo\w*",
            r"necrotising|necrotizing\s+fasciitis",
            r"meningitis",
            r"flu|influenza|covid",
        ],
        words="infection infected pneumonia cellulitis abscess cholangitis pyelonephritis "
        "neutropenic neutropenia",
    ),
    C(
        "sepsis_named",
        "sepsis named",
        [
            r"sepsis",
            r"septic(?:\s+shock)?",
            r"urosepsis",
            r"neutropenic\s+(?:fever|sepsis)",
            r"septicaemi\w*|septicemi\w*",
            r"sirs",
        ],
        exclude=[r"aseptic", r"antiseptic", r"septic\s+(?:tank|arthritis\s+clinic)"],
        words="sepsis septic septicaemia septicemia urosepsis",
    ),
    C(
        "shock_signs",
        "signs of shock / poor perfusion",
        [
            r"mottl\w*",
            # lay words for mottling (NICE NG51 high-risk: mottled or ashen skin)
            r"(?:look\w*|gone|going|turn\w*|is|are)\s+(?:all\s+)?(?:blotchy|patchy|marbled|lacy)\s+"
            r"(?:and\s+)?(?:purple|blue|mauve|grey|gray)",
            r"(?:blotchy|patchy|marbled|lacy)\s+(?:purple|blue|mauve)\s+(?:skin|knees|legs|patches)",
            r"(?:cold|clammy|blue|grey|gray)\s+(?:and\s+\w+\s+)?(?:hands|feet|peripheries|"
            r"extremities|skin|legs)",
            r"(?:cap(?:illary)?\s+refill|crt)\s*(?:time\s+)?(?:of\s+|is\s+|>\s*|=\s*)?"
            r"(?:[3-9]|prolonged|delayed|slow)",
            r"(?:prolonged|delayed|slow)\s+(?:cap(?:illary)?\s+)?refill",
            r"(?:not|hasn't|haven't|hasn't|no)\s+(?:passed|passing)\s+(?:urine|water)",
            r"(?:no|not\s+passed\s+any)\s+urine",
            r"(?:oligur\w*|anur\w*)",
            r"(?:low|dropping|falling|crashing|very\s+low)\s+(?:blood\s+pressure|bp)",
            r"hypotens\w*",
            r"shock(?:ed)?",
            r"lactate\s*(?:of\s+|is\s+|=\s*|:\s*)?(?:[2-9]|1\d)(?:\.\d+)?",
            r"(?:on\s+)?(?:noradrenaline|norepinephrine|pressors?|vasopressors?|inotropes?)",
            r"ashen",
            r"(?:fast|rapid|racing|thready|weak)\s+(?:heart\s*(?:rate|beat)|pulse)",
            r"tachycardi?\w*",
        ],
        exclude=[r"shell[\s-]shock", r"(?:anaphylactic|septic)\s+shock"],
        words="mottled mottling hypotension hypotensive oliguria anuria lactate "
        "noradrenaline norepinephrine tachycardia tachycardic",
    ),
    C(
        "tachypnoea",
        "fast breathing",
        [
            r"tachypno?e\w*",
            r"(?:fast|rapid|quick|heavy)\s+breath\w*",
            r"breathing\s+(?:very\s+|really\s+|so\s+|too\s+)?(?:fast|quick|quickly|rapidly|hard|"
            r"heavily)",
            r"panting",
        ],
        words="tachypnoea tachypnea tachypnoeic",
    ),
    C(
        "non_blanching_rash",
        "non-blanching rash",
        [
            r"non[\s-]?blanch\w*(?:\s+rash)?",
            r"(?:rash|spots|marks)\s+(?:that\s+|which\s+)?(?:[\w']+\s+)?(?:doesn't|does\s+not|won't|"
            r"didn't|did\s+not|isn't|not)\s+(?:fade|blanch\w*|go\s+away|disappear)",
            r"(?:doesn't|does\s+not|won't|didn't|not)\s+(?:fade|blanch\w*|disappear)\s+(?:[\w']+\s+)?"
            r"(?:under|with|when)\s+(?:a\s+)?(?:glass|pressure|pressed|tumbler)",
            r"glass\s+test\s+(?:positive|\+)",
            r"(?:doesn't|does\s+not|won't|didn't|not)\s+go\s+(?:away\s+)?when\s+(?:i|you|we)\s+press",
            r"(?:doesn't|does\s+not|won't|didn't|isn't|not)\s+(?:going\s+away|go(?:ing)?\s+pale|"
            r"fading|disappearing)\s+(?:[\w']+\s+){0,3}(?:press\w*|glass|tumbler|pressure)",
            r"rash\s+(?:[\w']+\s+){0,3}(?:pin\s?pricks?|pin-pricks?|purple|bruis\w*|blood\s+spots)",
            r"petechia\w*",
            r"purpur\w*",
            r"(?:purple|dark\s+red|pinprick|pin-prick)\s+(?:[\w']+\s+)?(?:rash|spots|marks|blotches)",
        ],
        words="petechiae petechial purpura purpuric blanching",
    ),
    C(
        "meningism",
        "neck stiffness / photophobia",
        [
            r"stiff\s+neck",
            r"neck\s+(?:stiffness|rigidity|is\s+stiff|stiff)",
            r"nuchal\s+rigidity",
            r"mening(?:ism|ismus|eal\s+signs?)",
            r"kernig\w*|brudzinski\w*",
            r"photophobi\w*",
            r"(?:light|bright\s+lights?)\s+(?:hurts?|bothers?|is\s+painful)",
            r"(?:can't|cannot)\s+(?:stand|bear|look\s+at)\s+(?:the\s+)?(?:light|bright)",
            r"(?:can't|cannot|won't)\s+(?:bend|touch|put)\s+(?:[\w']+\s+){0,2}(?:chin|neck|head)"
            r"(?:\s+(?:to|on)\s+(?:[\w']+\s+)?chest)?",
        ],
        words="stiffness rigidity photophobia meningism meningismus",
    ),
    C(
        "meningitis_named",
        "meningitis named",
        [r"meningi(?:tis|tic|ococcal|ococcus|coccal)", r"encephalitis", r"meningococca?\w*"],
        words="meningitis meningococcal encephalitis",
    ),
    C(
        "immunosuppressed",
        "on chemotherapy / immunosuppressed",
        [
            r"(?:on|having|after|receiving|getting|started|during|mid)\s+(?:[\w']+\s+)?chemo\w*",
            r"chemo(?:therapy)?\s+(?:[\w']+\s+){0,3}(?:ago|last\s+week|cycle)",
            r"neutropeni\w*",
            r"immuno-?(?:suppress\w*|compromised)",
            r"(?:transplant|splenectomy|asplenia)",
            r"(?:on\s+)?(?:high[\s-]dose\s+steroids|methotrexate|biologics?)",
            r"aml|cll|cml|leuka?emia|lymphoma|myeloma|myelodysplas\w*",
            r"(?:d|day)\s*\d{1,2}\s+(?:post|after|of)\s+(?:induction|consolidation|chemo\w*|cycle|"
            r"transplant|bmt|sct)",
            r"(?:post|after|during)\s+(?:induction|consolidation)",
        ],
        words="chemotherapy neutropenic immunosuppressed immunocompromised",
    ),
    C(
        "resolved",
        "symptoms resolved",
        [
            r"(?:all\s+)?(?:went|gone|came|come|is|are|now)\s+back\s+to\s+normal",
            r"back\s+to\s+normal(?=\s+now|\s*[,.;]|\s*$)",
            r"(?:completely|fully|totally|entirely|all|right)\s+back\s+to\s+(?:normal|(?:his|her|my|their)\s+"
            r"(?:normal|usual)(?:\s+self)?)",
            r"(?:all|completely|totally|everything(?:'s|\s+is)?)\s+(?:fine|ok|okay|normal)\s+now",
            r"(?:fully\s+|completely\s+)?(?:resolved|recovered)",
            r"(?:went|gone)\s+away",
            r"(?:lasted|for)\s+(?:about\s+|around\s+)?(?:\d+|a\s+few|few|ten|five|two)\s+"
            r"(?:minutes?|mins?|seconds?)\s+(?:and|then)\s+(?:[\w']+\s+){0,3}(?:stopped|went|resolved|"
            r"normal)",
            r"(?:no\s+(?:longer|residual)|none\s+now|nothing\s+now)",
        ],
    ),
    # --- allergy / airway / breathing -----------------------------------------------------
    C(
        "anaphylaxis_named",
        "anaphylaxis named",
        [r"anaphyla\w*", r"anaphylactoid", r"anaphylactic\s+shock"],
        words="anaphylaxis anaphylactic",
    ),
    C(
        "angioedema",
        "swelling of tongue, lips, face or throat",
        [
            r"angio-?o?edema",
            r"(?:throat|airway)\s+(?:is\s+|feels?\s+)?(?:swell\w*|swollen|closing(?:\s+up)?|"
            r"tight\w*|narrow\w*|constrict\w*)",
            r"(?:swell\w*|swollen|puffy|puffed\s+up)\s+(?:[\w']+\s+)?(?:of\s+(?:the\s+|his\s+|her\s+|"
            r"my\s+)?)?(?:throat|tongue|lips?|face|eyes|eyelids|mouth|uvula)",
            r"(?:tongue|lips?|face|mouth|eyes|eyelids|uvula)\s+(?:(?:is|are|went|started|getting|going|"
            r"has\s+gone|looks?|feels?|still|now|all|keeps?|kept|even)\s+){0,3}(?:swell\w*|"
            r"swollen|puffy|puffed\s+up|blown\s+up|huge|big|bigger|fat|thick|tingl\w*)",
            r"throat\s+(?:[\w']+\s+){0,4}(?:closing|swelling|swollen|tight\w*|blocked)",
            r"(?:sounds?|sounding|is|went|gone|going|voice\s+is)\s+(?:very\s+)?hoarse",
            r"(?:can't|cannot|difficulty|trouble)\s+swallow\w*",
            r"hoarse\w*\s+voice|voice\s+(?:[\w']+\s+)?hoarse",
            r"(?:tongue|lips?|face|mouth|throat|eyelids|uvula)(?:\s*(?:\+|&|and|/|,)\s*(?:tongue|"
            r"lips?|face|mouth|throat|eyelids|uvula))+\s+(?:is\s+|are\s+)?(?:swell\w*|swollen|"
            r"puffy|oedema|edema)",
        ],
        words="angioedema swelling swollen tongue throat hoarse",
    ),
    C(
        "urticaria",
        "hives / widespread rash / flushing",
        [
            r"hives",
            r"urticari\w*",
            r"welts",
            r"wheals?",
            r"(?:itchy\s+)?rash\s+(?:all\s+over|everywhere|spreading)",
            r"(?:widespread|generali[sz]ed|blotchy)\s+(?:itchy\s+)?(?:rash|redness|hives)",
            r"flush\w*",
            r"itching\s+all\s+over",
            r"(?:going|gone|come\s+out|came\s+out|turned|turning|all|skin)\s+(?:all\s+)?blotch\w*",
            r"red\s+blotches",
        ],
        words="urticaria hives flushing flushed blotchy",
    ),
    C(
        "allergen",
        "allergen exposure",
        [
            r"(?:bee|wasp|hornet|insect|jellyfish)\s+sting\w*",
            r"stung",
            r"(?:after|since)\s+(?:eating|having|taking|starting|receiving|getting|an?\s+)"
            r"(?:[\w']+\s+){0,3}",
            r"peanuts?",
            r"(?:tree\s+)?nuts?",
            r"cashews?|almonds?|walnuts?|sesame",
            r"shellfish|prawns?|shrimp|crab|lobster|seafood",
            r"allerg\w*",
            r"allergic\s+reaction",
            r"(?:after|following)\s+(?:an?\s+|the\s+)?(?:injection|antibiotic|penicillin|"
            r"contrast|vaccin\w*|jab|infusion|iv\s+\w+|dose)",
            r"(?:just\s+)?(?:ate|eaten|took|taken|given)\s+(?:[\w']+\s+){0,3}(?:and|then|now)",
            r"known\s+(?:[\w']+\s+)?allerg\w*",
        ],
        exclude=[
            r"nuts\s+and\s+bolts",
            r"(?:going|gone|drive\s+\w+)\s+nuts",
            r"no\s+known\s+"
            r"(?:drug\s+)?allergies",
            r"nkda",
            r"nka",
        ],
        words="allergic allergy allergen peanuts shellfish",
    ),
    C(
        "wheeze_breathing",
        "wheeze / breathing difficulty",
        [
            r"wheez\w*",
            r"stridor\w*",
            r"(?:difficulty|trouble|struggling|problems?|hard)\s+(?:with\s+)?breath\w*",
            r"short(?:ness)?\s+of\s+breath",
            r"sob",
            r"breathless\w*",
            r"dyspno?ea\w*",
            r"can't\s+(?:get\s+(?:my|his|her)\s+)?breath\w*",
            r"(?:can't|cannot|couldn't)\s+catch\s+(?:my|his|her|their)\s+breath",
            r"(?:out\s+of|lost\s+(?:my|his|her))\s+breath",
            r"tight\s+chest",
            r"chest\s+(?:feels\s+)?tight",
        ],
        words="wheeze wheezing wheezy stridor breathless breathlessness",
    ),
    C(
        "airway_compromise",
        "airway or breathing compromise",
        [
            r"(?:can't|cannot|can\s+not|unable\s+to|couldn't|could\s+not|can\s+hardly|"
            r"can\s+barely)\s+breathe?",
            r"struggling\s+(?:to|for)\s+(?:breathe|breath|air)",
            r"fighting\s+for\s+(?:breath|air)",
            r"(?:not|isn't|stopped|has\s+stopped|no\s+longer)\s+breathing",
            r"apno(?:e)?ic|apno?ea\s+(?:episode|spell)s?",
            r"chok(?:ing|ed|es)",
            r"(?:blue|grey|gray|purple|dusky)\s+(?:around\s+(?:the\s+)?)?(?:lips|mouth|face|"
            r"tongue)",
            r"(?:lips|face|mouth)\s+(?:are\s+|is\s+)?(?:turning\s+|going\s+|gone\s+|look\s+)?"
            r"(?:blue|grey|gray|purple|dusky)",
            r"cyanos\w*|cyanotic|cyanosed",
            r"gasping",
            r"(?:severe|extreme|acute\s+severe|life[\s-]threatening|massive)\s+(?:shortness\s+of\s+"
            r"breath|breathlessness|sob|dyspno?ea|asthma(?:\s+attack)?|respiratory\s+distress|"
            r"wheeze|exacerbation)",
            r"respiratory\s+(?:distress|failure|arrest)",
            r"stridor\w*",
            r"(?:can't|cannot|unable\s+to)\s+(?:speak|talk|say|finish|complete)\s+(?:in\s+)?"
            r"(?:full\s+|complete\s+)?(?:sentences|words|more\s+than)",
            r"(?:one|single|two|1|2)[\s-]word\s+(?:sentences|answers|phrases)",
            r"(?:speaking|talking)\s+in\s+(?:single\s+)?words",
            r"(?:only|just|barely)\s+(?:say|manage|speak|get\s+out|talk\s+in)\s+(?:a\s+)?(?:one|few|"
            r"single|a\s+couple\s+of|two)\s+words?",
            r"(?:wheez\w*|breathless|short\s+of\s+breath|struggling)\s+(?:so\s+)?(?:badly|severely|"
            r"terribly|really\s+badly)",
            r"silent\s+chest",
            r"(?:intercostal|subcostal|sternal|tracheal)\s+(?:recession|retractions?|tug)",
            r"(?:head\s+bobbing|nasal\s+flaring|grunting)",
            r"(?:skin|ribs?|chest|tummy|belly|neck|throat)\s+(?:[\w']+\s+){0,4}(?:sucks?|sucking|"
            r"sucked|pulls?|pulling|pulled|caves?|caving|sinks?|sinking|draws?|drawing)\s+in",
            r"(?:sucking|pulling|caving|sinking|drawing|tugging)\s+in\s+(?:under|between|around|below|at)\s+"
            r"(?:his|her|the|their|my)\s+(?:ribs|neck|chest|collar\s*bones?|throat|breast\s*bone)",
            # stridor in lay words, heard at rest: "the squeaky noise is there even when she's
            # calm", "whistling when he breathes in, even asleep"
            r"(?:squeak\w*|whistl\w*|high[\s-]pitched|crowing|rasping|harsh|noisy|wheez\w*)\s+(?:[\w']+\s+){0,3}?"
            r"(?:noise|sound|breath\w*)\s+(?:[\w']+\s+){0,6}?(?:even\s+(?:when|while|at|asleep)|at\s+rest)"
            r"(?:\s+(?:[\w']+\s+){0,2}?(?:calm|rest|resting|still|settled|asleep|sleeping|quiet|sat|"
            r"sitting|lying))?",
            r"tripod\w*",
            r"drooling\s+(?:and|with)\s+(?:[\w']+\s+)?(?:can't|cannot|unable|stridor|not\s+able)",
            r"(?:exhausted|tiring|tired)\s+(?:from|of)\s+breathing",
            r"(?:blue\s+|reliever\s+|salbutamol\s+|ventolin\s+|albuterol\s+)?(?:inhaler|nebuli[sz]er|"
            r"pump|puffer)s?\s+(?:is\s+|are\s+)?(?:isn't|aren't|not|doesn't|don't|does\s+not|"
            r"has\s+not|hasn't|stopped|no\s+longer)\s+(?:\w+\s+)?(?:working|helping|help|work)",
            r"epiglottitis",
            r"(?:can't|cannot|unable\s+to|not\s+able\s+to|couldn't)\s+swallow\s+(?:(?:my|his|her|"
            r"their|own)\s+)*(?:saliva|spit|secretions)",
            r"(?:muffled|hot[\s-]potato)\s+voice|voice\s+(?:is\s+|sounds?\s+|(?:has\s+)?gone\s+)?"
            r"(?:muffled|hot[\s-]potato)",
            r"(?:tongue|throat)\s+(?:(?:and|\+|&|/)\s+\w+\s+)?(?:is\s+|so\s+)?(?:swollen|swelling)\s+"
            r"(?:[\w']+\s+){0,3}(?:can't|cannot|unable)\s+(?:breathe|swallow|speak|talk)",
            r"(?:airway|throat)\s+(?:obstruct\w*|blocked|closing)",
            r"something\s+stuck\s+in\s+(?:his|her|my|their|the)\s+(?:throat|windpipe)",
            r"(?:resp(?:iratory)?\s+rate|rr)\s+(?:of\s+)?(?:[4-6]\d)(?!\d)",
        ],
        exclude=[r"choking\s+(?:hazard|risk)", r"chok\w*\s+on\s+(?:his|her|my)\s+words"],
        words="breathe breathing choking choked cyanosis cyanotic cyanosed gasping stridor "
        "recession retractions epiglottitis obstruction",
    ),
    C(
        "speech_breathless",
        "too breathless to speak",
        [
            r"(?:can\s+(?:barely|hardly)|struggling\s+to|unable\s+to|can't|cannot|too\s+breathless\s+"
            r"to)\s+(?:speak|talk|get\s+(?:\w+\s+)?words\s+out)",
        ],
    ),
    # --- bleeding / GI ---------------------------------------------------------------------
    C(
        "major_bleeding",
        "severe bleeding",
        [
            r"(?:severe|heavy|massive|uncontrolled|uncontrollable|profuse|major|torrential|"
            r"catastrophic|life[\s-]threatening|lots\s+of|a\s+lot\s+of)\s+(?:bleed\w*|blood\s+"
            r"loss|ha?emorrhag\w*)",
            r"bleed\w*\s+(?:[\w']+\s+)?(?:heavily|profusely|a\s+lot|badly|everywhere|through)",
            r"bleeding\s+(?:that\s+|which\s+)?(?:won't|will\s+not|does\s+not|doesn't|wouldn't|"
            r"can't\s+be|isn't|is\s+not|hasn't)\s+(?:stop\w*|slow\w*|controlled)",
            r"(?:won't|will\s+not|doesn't|does\s+not|can't|cannot)\s+(?:get\s+(?:it|the\s+"
            r"bleeding)\s+to\s+)?stop\s+(?:the\s+)?bleed\w*",
            r"(?:spurting|pumping|pouring|gushing|squirting)\s+(?:[\w']+\s+)?blood",
            r"blood\s+(?:is\s+|was\s+)?(?:spurting|pumping|pouring|gushing|squirting|everywhere)",
            r"soak\w*\s+(?:through\s+)?(?:[\w']+\s+){0,2}(?:pads?|towels?|bandages?|dressings?)",
            r"(?:postpartum|post[\s-]partum)\s+ha?emorrhag\w*|pph",
            r"ha?emorrhag\w*",
            r"exsanguinat\w*",
            r"(?:arterial|major)\s+bleed\w*",
            r"(?:bleed\w*|nose\s?bleeds?|epistaxis|cut|wound)\s+(?:[\w']+\s+){0,4}(?:that\s+|"
            r"which\s+|and\s+)?(?:still\s+)?(?:won't|will\s+not|doesn't|does\s+not|isn't|hasn't|"
            r"can't\s+be|not)\s+(?:stop\w*|slow\w*|controlled)",
        ],
        exclude=[
            r"subconjunctival\s+ha?emorrhag\w*",
            r"splinter\s+ha?emorrhag\w*",
            r"(?:dot|blot|flame|retinal|vitreous)\s+ha?emorrhag\w*",
            r"(?:subarachnoid|intracerebral|intracranial|brain|cerebral)\s+ha?emorrhag\w*",
            r"haemorrhoids?|hemorrhoids?",
        ],
        words="bleeding haemorrhage hemorrhage profusely spurting exsanguinating",
    ),
    C(
        "upper_gi_bleed",
        "vomiting blood / black stools",
        [
            r"ha?ematemesis|hematemesis",
            r"(?:vomit\w*|throw\w*\s+up|threw\s+up|sick|puk\w*|spew\w*|(?:brought|bringing|bring)\s+up|"
            r"retch\w*)\s+(?:[\w']+\s+){0,9}(?:blood|bloody|clots)(?!\s+(?:pressure|tests?|sugars?|"
            r"results?|thinners?|count))",
            r"(?:blood|bloody|red)\s+(?:in\s+(?:the\s+|his\s+|her\s+|my\s+)?)?(?:vomit|sick)",
            r"coffee[\s-]?grounds?(?:\s+vomit\w*)?",
            r"mela(?:e)?na|melena",
            r"black\s+(?:[\w']+\s+)?(?:tarry|sticky|tar-like|like\s+tar)?\s*(?:stools?|poo|poop|"
            r"faeces|feces|motions|bowel\s+movements?)",
            r"tarry\s+(?:stools?|poo)",
            r"(?:stools?|poo|poop|faeces|feces|motions)\s+(?:[\w']+\s+){0,3}(?:black|tarry|"
            r"like\s+tar)",
            r"(?:ugib|ugi\s+bleed|upper\s+gi\s+bleed\w*|variceal\s+bleed\w*|bleeding\s+varices)",
            r"gi\s+bleed\w*",
        ],
        words="haematemesis hematemesis melaena melena vomiting vomited tarry",
    ),
    C(
        "lower_gi_bleed",
        "blood from the back passage",
        [
            r"pr\s+(?:bleed\w*|blood)",
            r"(?:fresh|bright\s+red|dark\s+red|large\s+amounts?\s+of|lots\s+of)\s+blood\s+"
            r"(?:pr|per\s+rectum|from\s+(?:[\w']+\s+){1,3}(?:bottom|back\s+passage|rectum|anus|bum))",
            r"(?:bleed\w*|blood)\s+(?:from|out\s+of)\s+(?:the|my|his|her)\s+(?:bottom|back\s+"
            r"passage|rectum|anus|bum)",
            r"rectal\s+bleed\w*",
            r"ha?ematochezia|hematochezia",
            r"(?:passing|passed)\s+(?:[\w']+\s+){0,6}?(?:blood|clots)",
            r"(?:pooing|pooping|shitting|pooed|pooped)\s+(?:out\s+)?(?:pure\s+|just\s+|fresh\s+|bright\s+red\s+|"
            r"dark\s+red\s+|loads\s+of\s+|lots\s+of\s+)?blood",
            r"blood\s+in\s+(?:the\s+|his\s+|her\s+|my\s+)?(?:stools?|poo|poop|faeces|feces|"
            r"toilet|bowel\s+movements?)",
            r"(?:bloody|blood-?stained)\s+(?:stools?|diarrho?ea|poo)",
            r"lgib|lower\s+gi\s+bleed\w*",
            r"toilet\s+(?:bowl\s+)?(?:full\s+of|filled\s+with)\s+blood",
            r"blood\s+(?:on|in)\s+(?:the\s+)?(?:toilet\s+paper|tissue|wiping|pan)",
        ],
        words="rectal haematochezia hematochezia",
    ),
    C(
        "haemodynamic_compromise",
        "dizziness, fainting or pallor (blood loss)",
        [
            r"(?:dizz\w*|light[\s-]?headed\w*)",
            r"faint\w*",
            r"syncop\w*",
            r"collaps\w*",
            r"passed\s+out",
            r"black(?:ing|ed|s)?\s+out|blackouts?|grey(?:ing|ed)?\s+out",
            r"(?:very\s+)?pale",
            r"pallor",
            r"postural\s+(?:drop|hypotension)",
            r"clammy",
            r"(?:gonna|going\s+to|about\s+to|might|could|nearly|almost)\s+(?:pass\s+out|faint|black\s+out|"
            r"collapse|keel\s+over)",
            r"ha?emodynamic\w*\s+(?:unstable|instability|compromise)",
        ],
        words="dizzy dizziness lightheaded fainted fainting syncope collapsed pallor",
    ),
    C(
        "abdominal_pain",
        "abdominal / pelvic pain",
        [
            r"(?:abdominal|abdo|abd|belly|tummy|stomach|epigastric|pelvic|lower\s+abdominal|"
            r"iliac\s+fossa|rif|lif|flank|loin|groin|suprapubic|umbilical|side)\s+(?:pain|ache|"
            r"cramps?|tender\w*|discomfort)",
            r"(?:pain|ache|cramp\w*)\s+in\s+(?:the\s+|my\s+|his\s+|her\s+)?(?:[\w']+\s+){0,2}(?:abdomen|"
            r"belly|tummy|stomach|pelvis|side|groin|lower\s+belly)",
            r"(?:rif|lif|ruq|luq|rlq|llq)\s+(?:pain|tender\w*)",
            r"acute\s+abdomen",
            r"(?:pain|ache|agony|cramp\w*)\s+(?:[\w']+\s+){0,3}(?:ovary|ovarian|pelvi\w*|womb|uterus)",
            r"(?:shoulder[\s-]tip)\s+pain",
            r"(?:pain|ache|agony)\s+(?:[\w']+\s+){0,2}(?:across|all\s+over|over|throughout)\s+(?:my|"
            r"his|her|the)\s+(?:whole\s+|entire\s+)?(?:tummy|belly|abdomen|stomach)",
            r"(?:stabbing|sharp|sudden|severe|bad|agonising|agonizing)\s+pain\s+(?:[\w']+\s+){0,2}"
            r"(?:on|in|down)\s+(?:that|one|my\s+left|my\s+right|the\s+left|the\s+right|my)\s+side",
            r"(?:lower|low)\s+(?:left|right)\s+(?:tummy|belly|abdominal|side)?\s*pain",
        ],
        words="abdominal epigastric pelvic suprapubic umbilical",
    ),
    C(
        "scrotal_pain",
        "testicular / scrotal pain",
        [
            r"(?:testic\w*|testis|testes|scrot\w*|balls?|nuts|groin|ball\s+sack)\s+(?:[\w']+\s+)?"
            r"(?:pain|ache|swelling|swollen|tender\w*|hurts?)",
            r"(?:pain(?!less)\w*|agony|hurt\w*|ache\w*|swell\w*|swollen)\s+(?:[\w']+\s+){0,3}"
            r"(?:his|my)\s+(?:privates|private\s+parts|(?:nut\s*)?sack|crown\s+jewels|family\s+jewels)",
            r"(?:his|my)\s+(?:privates|private\s+parts|(?:nut\s*)?sack)\s+(?:[\w']+\s+){0,3}"
            r"(?:pain(?!less)\w*|agony|hurt\w*|ache\w*|swell\w*|swollen)",
            r"(?:pain|swelling|ache)\s+(?:[\w']+\s+){0,2}(?:in|of)\s+(?:his|my|the|a|one)\s+"
            r"(?:[\w']+\s+)?(?:testic\w*|testis|balls?|scrotum|nuts)",
            r"(?:high[\s-]riding|horizontal\s+lie|retracted)\s+(?:testis|testicle)",
            r"(?:pain(?!less)\w*|agony|hurt\w*|ache\w*|swell\w*|swollen|tender\w*)\s+(?:[\w']+\s+){0,3}"
            r"(?:testic\w*|testis|testes|scrot\w*|balls?|nuts)",
            r"(?:testic\w*|testis|testes|scrot\w*|balls?)\s+(?:[\w']+\s+){0,4}(?:pain(?!less)\w*|agony|"
            r"hurt\w*|ache\w*|swell\w*|swollen|tender\w*|black|purple|blue)",
            r"(?:absent|no)\s+cremasteric",
            r"(?:kicked|hit)\s+in\s+the\s+(?:balls|testicles|groin)",
        ],
        words="testicle testicular testicles scrotum scrotal cremasteric",
    ),
    C(
        "torsion_named",
        "torsion named",
        [r"torsion", r"twisted\s+(?:testicle|testis|ovary|ball)", r"torted"],
        words="torsion",
    ),
    C(
        "ovarian",
        "ovarian context",
        [r"ovar\w*", r"(?:ovarian\s+)?cyst", r"adnexal", r"ivf", r"ovulation\s+induction"],
        words="ovarian ovary adnexal",
    ),
    C(
        "vomiting",
        "vomiting",
        [
            r"vomit\w*",
            r"throw\w*\s+up",
            r"threw\s+up",
            r"being\s+sick",
            r"been\s+sick",
            r"puk\w*",
            r"emesis",
            r"n/v|n&v|n\+v",
            r"retching",
        ],
        words="vomiting vomited vomits retching",
    ),
    C(
        "diarrhoea",
        "diarrhoea",
        [
            r"diarrho?e?a\w*",
            r"diarrhea",
            r"d&v|d\+v",
            r"gastro(?:enteritis)?",
            r"loose\s+stools",
            r"runny\s+poo",
            r"the\s+runs",
        ],
        words="diarrhoea diarrhea gastroenteritis",
    ),
    # --- diabetes ------------------------------------------------------------------------------
    C(
        "dka_named",
        "DKA / HHS named",
        [
            r"dka",
            r"(?:diabetic\s+)?keto-?acidosis",
            r"hhs",
            r"hyperosmolar(?:\s+hyperglyca?emic\s+state)?",
            r"hhns",
        ],
        words="ketoacidosis hyperosmolar",
    ),
    C(
        "ketones_high",
        "raised ketones / acidosis",
        [
            r"(?:blood\s+|urine\s+|capillary\s+)?ketones?\s*(?:are\s+|is\s+|of\s+|=\s*|:\s*|at\s+)?"
            r"(?:high|raised|\+\+|\+\+\+|large|moderate|positive|(?:[1-9]|[1-9]\d)(?:\.\d+)?)",
            r"(?:high|raised|positive|large)\s+(?:blood\s+|urine\s+)?ketones",
            r"ketonuria|ketonaemia|ketonemia|ketosis",
            r"(?:blood\s+|urine\s+)?ketones?\s+(?:meter|reading|level|monitor|strips?|test)\s+(?:says|"
            r"said|reads|read|shows|showed|is|was|of|at)?\s*(?:high|[3-9](?:\.\d+)?|[1-9]\d)",
            r"(?:ph)\s*(?:of\s+|=\s*|:\s*)?(?:6[.,]\d+|7[.,][0-2]\d*)",
            r"(?:bicarb\w*|hco3)\s*(?:of\s+|=\s*|:\s*)?(?:[0-9]|1[0-4])(?:\.\d)?(?!\d)",
            r"(?:acidotic|metabolic\s+acidosis|high\s+anion\s+gap)",
            r"kussmaul\w*",
            r"(?:deep|sighing)\s+(?:sighing\s+)?breath\w*",
            r"(?:pear[\s-]drops?|fruity|acetone)\s+(?:smell\w*|breath|odou?r)|breath\s+smells?\s+"
            r"(?:of\s+|like\s+)?(?:pear|fruit|acetone|nail)",
        ],
        words="ketones ketonuria ketosis acidosis acidotic kussmaul",
    ),
    C(
        "diabetes",
        "diabetes",
        [
            r"diabet\w*",
            r"t1dm?|t2dm?|iddm|niddm",
            r"type\s+[12]",
            r"dm",
            r"(?:on\s+)?insulin",
            r"sglt2|empagliflozin|dapagliflozin|canagliflozin|flozin",
        ],
        words="diabetes diabetic insulin",
    ),
    C(
        "polyuria_thirst",
        "thirst / passing lots of urine",
        [
            r"polyuri\w*",
            r"polydipsi\w*",
            r"(?:very|extremely|always|constantly)\s+thirsty",
            r"(?:peeing|weeing|urinating)\s+(?:a\s+lot|loads|constantly|all\s+the\s+time)",
            r"excessive\s+thirst",
            r"weight\s+loss",
        ],
        words="polyuria polydipsia thirsty",
    ),
    C(
        "hypo_named",
        "hypoglycaemia named",
        [
            r"hypo(?:glyca?emi\w*|glycemi\w*)?",
            r"hypos",
            r"low\s+(?:blood\s+)?(?:sugar|glucose|bm)",
            r"(?:sugar|glucose|bm)\s+(?:is\s+|was\s+)?(?:very\s+)?low",
        ],
        exclude=[
            r"hypo(?:thyroid\w*|tension|tensive|natraemia|natremia|kalaemia|kalemia|xia|"
            r"xic|thermia|volaem\w*|volem\w*|calcaemia|calcemia|physis|plasia|spadias|"
            r"chondr\w*|dermic|allergenic|mania)"
        ],
        words="hypoglycaemia hypoglycemia hypoglycaemic hypoglycemic",
    ),
    # --- obstetric -----------------------------------------------------------------------------
    C(
        "pregnant",
        "pregnant / postpartum",
        [
            r"pregnan\w*",
            r"preg",
            r"(?:\d+|twenty|thirty)[\s+-]*(?:weeks?|wks?|/40)\s*(?:\+\s*\d\s*)?(?:pregnant|"
            r"gestation|along|pg|pregnancy)",
            r"\d{1,2}\s*(?:\+\s*\d\s*)?/\s*40",
            r"(?:i'm|i\s+am|she's|she\s+is|at|currently|now)\s+(?:only\s+|nearly\s+|almost\s+|just\s+|"
            r"over\s+|about\s+|around\s+|roughly\s+)?\d{1,2}\s*(?:\+\s*\d\s*)?(?:weeks?|wks?)(?!\s+(?:ago|old|of|since|later))",
            r"\d{1,2}\s*(?:weeks?|wks?)\s+(?:\+\s*\d\s+)?(?:gestation|ga)",
            r"g\d\s*p\d",
            r"primigravid\w*|multigravid\w*|primip\w*|multip\w*",
            r"gravid\w*",
            r"antenatal|prenatal|expecting\s+(?:a\s+)?(?:baby|twins)",
            r"(?:first|second|third|1st|2nd|3rd)\s+trimester",
            r"postpartum|post[\s-]partum|post[\s-]natal|postnatal",
            r"(?:gave\s+birth|delivered|had\s+(?:a|the|her|my)\s+baby|after\s+(?:the\s+)?"
            r"delivery|c-?section|caesarean|cesarean)",
            r"missed\s+(?:[\w']+\s+)?period",
            r"positive\s+pregnancy\s+test|\+ve\s+(?:pregnancy\s+)?test|hcg\s+positive",
            r"(?:b-?|beta[\s-]?|serum\s+|urine\s+)?hcg\s*(?:\+(?:ve)?|pos\w*|raised|\d+)",
            r"(?:upt|urine\s+preg\w*\s+test)\s*(?:\+(?:ve)?|pos\w*)",
            r"lmp\s+(?:was\s+)?(?:\d{1,2}\s*/\s*52|\d{1,2}\s*(?:weeks?|wks?)\s+ago)",
            r"\d{1,2}\s*(?:weeks?|wks?)\s+(?:since|after)\s+(?:my|her|the)?\s*(?:last\s+)?"
            r"(?:period|lmp|menses)",
            r"(?:period|menses)(?:'s|\s+is|\s+was|\s+has\s+been)?\s+(?:about\s+|nearly\s+|over\s+|"
            r"around\s+|roughly\s+|almost\s+|a\s+(?:few|couple\s+of)\s+)?(?:(?:\d+|a|one|two|three|"
            r"four|five|six|seven|eight|few)\s+(?:days?|weeks?)\s+)?(?:late|overdue)",
            r"(?:late|overdue|missed)\s+(?:my\s+|her\s+)?(?:period|menses)",
            r"positive\s+(?:home\s+)?test(?=[\w\s,]{0,40}(?:period|pregnan|lmp|weeks?))",
            r"(?<=period,\s)positive\s+(?:home\s+)?test",
            r"(?:my|the)\s+(?:baby|bump)\s+(?:is|isn't|hasn't|has)\s+(?:moving|kicking)",
        ],
        exclude=[r"not\s+pregnant", r"pregnancy\s+test\s+(?:negative|neg)"],
        words="pregnant pregnancy postpartum gestation trimester antenatal primigravida",
    ),
    C(
        "early_pregnancy_pain",
        "one-sided pelvic or shoulder-tip pain",
        [
            r"(?:one|1)[\s-]sided\s+(?:[\w']+\s+)?(?:pain|cramp\w*)",
            r"(?:left|right|unilateral)\s+(?:sided\s+)?(?:lower\s+)?(?:abdominal|abdo|pelvic|"
            r"iliac\s+fossa|tummy|belly|groin)\s+pain",
            r"(?:rif|lif|rlq|llq)\s+pain",
            r"shoulder[\s-]tip\s+pain",
            r"(?:severe|sharp|stabbing|bad)\s+(?:lower\s+)?(?:abdominal|abdo|pelvic|tummy|"
            r"belly|stomach)\s+pain",
            r"pain\s+(?:low\s+(?:down\s+)?)?(?:on|in|down)\s+(?:one|the|my|her)\s+(?:left\s+|right\s+|"
            r"lower\s+)?(?:side|iliac\s+fossa)",
            r"pain\s+low\s+(?:down\s+)?(?:on|in)\s+(?:the\s+|my\s+|her\s+)?(?:left|right)",
            r"(?:severe|sharp|stabbing|bad|terrible|awful|excruciating)\s+pain\s+(?:low\s+)?(?:in|at)\s+"
            r"(?:my|her|the)\s+(?:lower\s+|bottom\s+of\s+(?:my|her|the)\s+)?(?:tummy|abdomen|belly|"
            r"pelvis|stomach)",
            r"(?:pain|ache)\s+in\s+(?:my|her|the)\s+shoulder|shoulder\s+pain",
        ],
        words="unilateral",
    ),
    C(
        "vaginal_bleeding",
        "vaginal bleeding",
        [
            r"(?:vaginal|pv)\s+(?:bleed\w*|blood|loss)",
            r"(?:bleed\w*|spotting|blood)\s+(?:from|down\s+(?:[\w']+\s+)?)\s*(?:the\s+|my\s+|her\s+)?"
            r"(?:vagina|below|down\s+there)",
            r"bleed\w*",
            r"spotting",
            r"(?:passing|passed)\s+(?:[\w']+\s+)?clots",
            r"(?:soaking|soaked)\s+(?:through\s+)?(?:[\w']+\s+)?pads?",
            r"aph|antepartum\s+ha?emorrhage",
            r"blood(?!\s+(?:pressure|tests?|sugars?|glucose|group|type|results?|count|work|"
            r"thinners?|levels?|donation|clot\w*|vessels?|form|flow|supply|transfusion|sample))",
        ],
        exclude=[
            r"bleeding\s+gums",
            r"nose\s*bleed\w*",
            r"bleed\w*\s+(?:from|of)\s+(?:the\s+)?"
            r"(?:nose|gums|cut|finger|wound)",
        ],
        words="bleeding spotting vaginal",
    ),
    C(
        "pre_eclampsia_signs",
        "pre-eclampsia features",
        [
            r"(?:severe|bad|terrible|persistent|pounding|awful|horrendous|horrible|worst|splitting|"
            r"thumping|really\s+bad|dreadful|excruciating|unbearable)\s+headache",
            r"seeing\s+(?:spots|stars|sparkles|flashing\s+lights|flashes|zig-?zags)",
            r"(?:blurr\w*|blurry|flashing|flashes|spots|sparkl\w*|zigzag|disturbed)\s+(?:[\w']+\s+)?"
            r"(?:vision|lights|before\s+(?:my|her)\s+eyes)",
            r"visual\s+disturbance\w*",
            r"(?:vision|eyesight|sight)\s+(?:[\w']+\s+){0,2}(?:blurr\w*|blurry|funny|fuzzy|spotty|"
            r"sparkly|flashing|strange|odd|weird)",
            r"(?:epigastric|ruq|right\s+upper\s+quadrant|upper\s+abdominal|under\s+(?:the\s+|my\s+|"
            r"her\s+)?ribs?)\s+(?:pain|tenderness)",
            # lay HELLP: "pain under my right ribs", "bad pain at the top of my tummy"
            r"(?:pain|ache|aching|hurts?|hurting|sore|soreness)\s+(?:[\w']+\s+){0,2}?(?:under\s+"
            r"(?:the\s+|my\s+|her\s+)?(?:right\s+)?(?:ribs?|rib\s+cage|ribcage)|(?:at|in)\s+(?:the\s+)?"
            r"(?:very\s+)?top\s+of\s+(?:my\s+|her\s+|the\s+)?(?:tummy|stomach|belly|abdomen|bump)|"
            r"(?:in\s+)?(?:my\s+|her\s+|the\s+)?upper\s+(?:tummy|stomach|belly)|"
            r"(?:just\s+)?below\s+(?:my|her|the)\s+breastbone)",
            r"(?:right\s+)?(?:ribs?|rib\s+cage|top\s+of\s+(?:my|her|the)\s+(?:tummy|stomach|belly))\s+"
            r"(?:is\s+|are\s+)?(?:really\s+|so\s+|very\s+)?(?:painful|hurting|sore|killing)",
            r"(?:sudden\s+)?(?:swelling|swollen|puffy|puffiness|o?edema)\s+(?:[\w']+\s+){0,2}"
            r"(?:face|hands|fingers|feet|ankles|legs)",
            r"(?:face|hands|fingers|feet|ankles)\s+(?:[\w']+\s+)?(?:swollen|swelling|puffy)",
            r"proteinuria|protein\s+in\s+(?:the\s+|her\s+|my\s+)?urine",
            r"(?:pre-?eclampsia|preeclampsia|pet|hellp|pih|gestational\s+hypertension)",
            r"(?:eclampsia|eclamptic)",
        ],
        words="proteinuria preeclampsia eclampsia eclamptic",
    ),
    C(
        "reduced_fetal_movements",
        "reduced fetal movements",
        [
            r"(?:reduced|decreased|less|fewer|no|not\s+as\s+many|stopped|diminished|absent)\s+"
            r"(?:fetal|foetal|baby'?s?|the\s+baby'?s?)\s*movements?",
            r"rfms?",
            r"(?:baby|bump)\s+(?:[\w']+\s+)?(?:isn't|is\s+not|hasn't|has\s+not|stopped|not|hasn't\s+"
            r"been)\s+(?:moving|kicking|moved)(?:\s+(?:as\s+much|much|today|since))?",
            r"(?:can't|cannot|haven't)\s+feel\s+(?:the\s+)?(?:baby|kicks|movements)",
            r"(?:haven't|not)\s+felt\s+(?:the\s+)?(?:baby|any\s+kicks|movements|kicks)",
            r"(?:movements?|kicks?|kicking)\s+(?:have\s+been|has\s+been|are|is|were|was|feel|feels)\s+"
            r"(?:much\s+|a\s+lot\s+|far\s+|really\s+)?(?:less|fewer|reduced|weaker|quieter|slower)",
            r"(?:movements?|kicks?|kicking)\s+(?:have\s+|has\s+)?(?:really\s+|definitely\s+|"
            r"a\s+lot\s+)?(?:slowed|reduced|stopped|decreased|lessened)",
            r"less\s+(?:kicking|movement)",
            r"(?:baby|bump)\s+(?:has\s+been|is|was|seems|'s)\s+(?:much\s+|really\s+|a\s+lot\s+|far\s+|definitely\s+)?"
            r"(?:quieter|less\s+active|stiller)\s+than\s+(?:normal|usual|before|other\s+days)",
            r"(?:fewer|less)\s+(?:kicks|movements?)\s+than\s+(?:normal|usual|before|other\s+days)",
            r"baby\s+(?:moves?|moved|moving|kicks?|kicking)\s+(?:much\s+|a\s+lot\s+)?(?:less|fewer)",
            # "the baby has been moving less today", "baby is much quieter than usual"
            r"(?:baby|bump|he|she)\s+(?:has\s+been|is|was|seems|'s)\s+(?:[\w']+\s+)?(?:moving|kicking)\s+"
            r"(?:much\s+|a\s+lot\s+|far\s+)?(?:less|fewer|a\s+lot\s+less)",
            r"baby\s+(?:has\s+been|is|seems)\s+(?:much\s+|really\s+|a\s+lot\s+)?(?:quieter|quiet|still)\s+"
            r"(?:than\s+usual|today|since|all\s+day)",
            r"(?:no|reduced|less|fewer|decreased|hardly\s+any|not\s+much)\s+(?:[\w']+\s+)?movements?\s+"
            r"(?:from|of|by|in)\s+(?:the\s+|my\s+|her\s+)?(?:baby|bump)",
            r"(?:don't|do\s+not|didn't)\s+think\s+(?:the\s+|my\s+|her\s+)?(?:baby|bump)(?:'s|\s+has|"
            r"\s+is)?\s+(?:been\s+)?(?:moved|moving|kicked|kicking)",
            r"(?:baby|bump|he|she)(?:'s|\s+has|\s+is)?\s+(?:not|hasn't|hardly|barely)\s+(?:moved|"
            r"kicked|been\s+moving)\s+(?:at\s+all|once|much)?\s*(?:today|since|all\s+day|this)",
            r"(?:no|not\s+felt\s+any|haven't\s+felt\s+any)\s+(?:kicks|movements?)\s+(?:at\s+all\s+)?"
            r"(?:today|since|all\s+day|this)",
        ],
        words="movements kicking",
    ),
    C(
        "obstetric_named",
        "obstetric emergency named",
        [
            r"ectopic",
            r"eclampsia",
            r"placental\s+abruption|abruption",
            r"placenta\s+(?:pr(?:a)?evia|accreta)",
            r"cord\s+prolapse|prolapsed\s+cord",
            r"(?:umbilical\s+)?cord\s+(?:is\s+)?(?:coming\s+out|hanging|visible|presenting|"
            r"(?:came|come|coming)\s+(?:down|through)|sticking\s+out|out\s+of)",
            r"(?:see|feel|seen|felt)\s+(?:the\s+)?(?:umbilical\s+)?cord",
            r"(?:waters?|membranes?)\s+(?:have\s+|has\s+)?(?:broken|ruptured|gone)",
            r"(?:pprom|prom|srom)",
            r"(?:preterm|premature)\s+labou?r",
            r"uterine\s+rupture",
            r"shoulder\s+dystocia",
        ],
        words="ectopic eclampsia abruption placenta dystocia",
    ),
    C(
        "contractions",
        "contractions / labour",
        [
            r"contractions?",
            r"(?:labou?r|labor)\s+pains?",
            r"(?:in|going\s+into|started)\s+(?:labou?r|labor)",
            r"tightenings?",
            r"(?:waters?|membranes?)\s+(?:have\s+|has\s+)?(?:broken|ruptured|gone|broke)",
            r"(?:gush|trickle|leak\w*)\s+of\s+(?:[\w']+\s+)?(?:water|fluid)",
        ],
        words="contractions tightenings",
    ),
    # --- paediatric ----------------------------------------------------------------------------
    C(
        "dehydration_severe",
        "severe dehydration signs",
        [
            r"(?:no|not\s+had\s+any|hasn't\s+had\s+a|dry)\s+(?:wet\s+)?(?:nappies|nappy|diapers?)"
            r"(?:\s+(?:for|in|since)\s+(?:[\w']+\s+)?(?:hours|hrs|day|morning|yesterday|last\s+\w+))?",
            r"(?:hasn't|has\s+not|not|hasn't\s+been|no)\s+(?:passed|passing|peed|weed|urinated|"
            r"wee|pee|urine)\s+(?:[\w']+\s+){0,3}(?:(?:\d+|twelve|eighteen|twenty|24|12|18)\s*"
            r"(?:hours|hrs|h)|all\s+day|since\s+(?:yesterday|last\s+night|this\s+morning))",
            r"sunken\s+(?:eyes|fontanel\w*|soft\s+spot)",
            r"(?:fontanel\w*|soft\s+spot)\s+(?:is\s+)?sunken",
            r"(?:no|not\s+making\s+any|without)\s+tears",
            r"(?:floppy|listless|limp|lethargic|unusually\s+sleepy|hard\s+to\s+wake|difficult"
            r"\s+to\s+wake|very\s+drowsy)",
            r"(?:skin\s+)?(?:tenting|reduced\s+skin\s+turgor|decreased\s+turgor)",
            r"(?:refusing|not\s+taking|won't\s+take|not\s+keeping\s+down)\s+(?:any\s+)?(?:feeds|"
            r"fluids|drinks|milk|bottles?|breast)",
            r"can't\s+keep\s+(?:anything|any\s+fluids|fluids|water)\s+down",
            r"severe(?:ly)?\s+dehydrat\w*",
            r"(?:cold|mottled)\s+(?:hands\s+and\s+feet|peripheries|extremities)",
            r"dry\s+(?:mouth|lips|tongue|mucous\s+membranes)",
            r"(?:cap(?:illary)?\s+refill(?:\s+time)?|crt)\s*(?:of\s+|is\s+|was\s+)?(?:>\s*)?"
            r"(?:[3-9]|\d{2})\s*(?:s|secs?|seconds)?",
            r"(?:reduced|decreased|low|poor|no|minimal)\s+(?:uo|urine\s+output|urine|wees|wet\s+"
            r"nappies)",
            r"oliguri\w*|anuri\w*",
        ],
        words="nappies diapers fontanelle sunken listless lethargic turgor dehydrated",
    ),
    C(
        "child",
        "child",
        [
            r"(?:new)?born",
            r"neonat\w*",
            r"infant",
            r"baby",
            r"babies",
            r"toddler",
            r"child",
            r"children",
            r"kid",
            r"(?:my|our|the|her|his)\s+(?:son|daughter|boy|girl|little\s+one)",
            r"paed\w*|ped(?:iatric|s)",
            r"nicu|scbu",
        ],
        words="newborn neonate neonatal infant toddler children",
    ),
    # --- poisoning -----------------------------------------------------------------------------
    C(
        "overdose",
        "overdose / ingestion",
        [
            r"overdos\w*",
            r"over-dos\w*",
            r"o/d",
            r"od'd|od'ed|od-ed",
            r"od",
            # a counted handful of one medicine: "took 40 sertraline", "swallowed 30 of my tablets"
            r"(?:took|taken|swallowed|ingested|downed|necked)\s+(?:about\s+|around\s+|like\s+|over\s+|"
            r"maybe\s+)?(?:[1-9]\d|\d{3})\s+of\s+(?:them|those|these)(?!\s+(?:over|across|during|in\s+the\s+last)\b)",
            r"(?:took|taken|swallowed|ingested|downed|necked)\s+(?:about\s+|around\s+|like\s+|over\s+|"
            r"maybe\s+)?(?:[1-9]\d|\d{3})\s+(?:of\s+(?:my|his|her|their|the)\s+)?(?:[\w-]+\s+)?(?:tablets?|"
            r"pills?|capsules?|caps|tabs|[a-z]+(?:ine|ol|am|pam|lam|ide|one|pin|ate|il|tan|xetine|pril))",
            # "I've had about 20 zopiclone": "had" with a count only before tablets or a named
            # medicine (not "had about 10 minutes of ...")
            r"had\s+(?:about\s+|around\s+|like\s+|over\s+|maybe\s+)?(?:[1-9]\d|\d{3})\s+(?:of\s+(?:my|his|her|"
            r"their|the)\s+)?(?:tablets?|pills?|capsules?|caps|tabs|zopiclone|zolpidem|diazepam|lorazepam|"
            r"temazepam|nitrazepam|alprazolam|clonazepam|valium|xanax|codeine|co-?codamol|tramadol|"
            r"morphine|oxycodone|paracetamol|ibuprofen|aspirin|sertraline|citalopram|fluoxetine|"
            r"amitriptyline|mirtazapine|quetiapine|olanzapine|propranolol|pregabalin|gabapentin|"
            r"promethazine|sleeping\s+(?:pills|tablets))",
            # "took a load of her co-codamol": a large amount of someone's own medicine
            r"(?:took|taken|swallowed|ingested|downed|necked)\s+(?:a\s+load|loads|a\s+lot|lots|"
            r"a\s+bunch|a\s+handful|handfuls|a\s+pile|heaps|a\s+stack|masses)\s+of\s+(?:(?:her|his|"
            r"my|their|your|mum's|dad's)\s+[\w-]+|(?:the\s+)?(?:pills|tablets|tabs|capsules|meds|"
            r"medication|medicine))",
            r"(?:took|taken|swallowed|ingested|drank)\s+(?:them|it|all|some|these|those|the\s+lot|"
            r"(?:my|her|his|their)\s+[\w-]+)\s+(?:[\w'-]+\s+){0,3}(?:on\s+purpose|deliberately|"
            r"intentionally)",
            r"(?:took|taken|taking|swallowed|ingested|ate|had|downed|necked)\s+(?:[\w']+\s+){0,2}"
            # (not a count of time: "had about 10 minutes of her right hand going weak")
            r"(?:(?:\d+|a\s+few|several|loads\s+of|lots\s+of|a\s+lot\s+of|a\s+handful\s+of|"
            r"handfuls\s+of|all|too\s+many|(?:the|a|an|his|her|my)\s+(?:whole|entire|full)\s+"
            r"(?:bottle|packet|pack|box|strip|month'?s?\s+supply)(?:\s+of)?)(?!\s+(?:minutes?|mins?|hours?|"
            r"hrs?|seconds?|secs?|days?|weeks?|months?|years?|times?|episodes?|goes|attempts?|nights?)\b)"
            r"\s+(?:[\w']+\s+){0,3}"
            r"(?:pills|tablets|tabs|capsules|caps|doses|of\s+(?:her|his|my|the)\s+\w+))",
            r"(?:took|taken|swallowed|ingested)\s+(?:a|an|the|her|his|my|all\s+(?:the|her|his|"
            r"my))\s+(?:whole\s+|entire\s+|full\s+)?(?:bottle|packet|pack|box|strip|tub)s?\s+of",
            r"\d+\s*x\s*\d+\s*(?:mg|g)",
            r"(?:took|taken|swallowed|had|ingested)\s+(?:an?\s+)?(?:unknown|large|huge|excessive|"
            r"big|massive)\s+(?:amount|number|quantity|dose)\s+of",
            r"(?:pills|tablets|tabs|meds|medication)\s+(?:[\w']+\s+){0,2}(?:with|and)\s+(?:\w+\s+)?"
            r"(?:alcohol|vodka|whisky|whiskey|wine|beer|gin|rum|drink)",
            r"(?:took|swallowed|ingested|taken)\s+\d+\s*(?:g|grams)",
            r"(?:swallowed|drank|drunk|ingested|ate|eaten|licked|sipped|chewed)\s+(?:some\s+|a\s+|"
            r"an\s+|the\s+|of\s+|[\w']+\s+){0,4}(?:bleach|poison\w*|antifreeze|ethylene\s+glycol|methanol|"
            r"drain\s+cleaner|oven\s+cleaner|weed\s*killer|paraquat|pesticide|insecticide|"
            r"organophosphate|rat\s+poison|dishwasher\s+(?:tablet|pod)|laundry\s+(?:pod|"
            r"capsule|tablet)|liquitab|caustic|acid|lye|white\s+spirit|paraffin|lamp\s+oil|"
            r"petrol|gasoline|e-?liquid|nicotine|iron\s+tablets?|mushrooms?|berries|"
            r"magnets|cleaning\s+products?|(?:dishwasher|washing[\s-]up|washing(?:\s+machine)?|"
            r"laundry|cleaning|toilet|"
            r"bathroom|window|floor|household|oven|drain)\s+(?:liquid|cleaner|products?|pods?|"
            r"tablets?|capsules?|detergent|spray|fluid|gel|powder)|detergent|disinfectant|dettol|"
            r"fabric\s+softener|nail\s+varnish\s+remover|perfume|mouthwash|alcohol\s+gel|"
            r"hand\s+sanitiser|hand\s+sanitizer|(?:mum|mom|dad|grandma|grandpa|nan)'?s\s+(?:pills|"
            r"tablets|medicine|meds))",
            r"(?<!food\s)poison(?:ed|ing)",
            r"toxic\s+(?:dose|ingestion|amount)",
            r"ingestion",
            r"intentional\s+(?:[\w']+\s+)?(?:ingestion|overdose)",
            # found with the empty packets: an overdose until shown otherwise
            r"(?:with|next\s+to|beside|surrounded\s+by)\s+(?:lots\s+of\s+|several\s+|some\s+|the\s+)?(?:empty|"
            r"opened)\s+(?:pill\s+|tablet\s+|medicine\s+)?(?:packets?|packs?|bottles?|blister\s+packs?|boxes|"
            r"strips)",
            r"tox\s+screen",
            r"(?:tricyclic|tca|amitriptyline|lithium|digoxin|beta[\s-]blocker|calcium\s+channel)"
            r"\s+(?:overdose|od|toxicity|poisoning)",
            r"(?:carbon\s+monoxide|co)\s+(?:poisoning|exposure)",
        ],
        exclude=[r"food\s+poison\w*", r"od\s+(?:daily|dose)", r"\d+\s*mg\s+od"],
        words="overdose overdosed swallowed ingested ingestion poisoning poisoned "
        "antifreeze pesticide",
    ),
    C(
        "ingested_medicine",
        "swallowed someone's medicine",
        [
            r"(?:ate|eaten|swallowed|chewed|got\s+into|drank|drunk|took|taken|sucked)\s+"
            r"(?:[\w']+\s+){0,5}(?:pills|tablets|tabs|capsules|medicine|medication|meds|"
            r"gummies|vitamins)",
        ],
    ),
    C(
        "paracetamol",
        "paracetamol / acetaminophen",
        [
            r"paracetamol|acetaminophen|tylenol|panadol|calpol|apap|co-?codamol|"
            r"co-?dydramol|solpadeine|lemsip|nyquil|dayquil|excedrin|percocet|vicodin|norco",
            r"pcm",
        ],
        words="paracetamol acetaminophen tylenol panadol",
    ),
    C(
        "opioid",
        "opioid",
        [
            r"opioids?|opiates?",
            r"heroin|smack|gear",
            r"fentanyl|fent",
            r"oxycodone|oxycontin|oxy|oxynorm",
            r"morphine|oramorph|mst",
            r"methadone|buprenorphine|subutex",
            r"codeine|co-?codamol|dihydrocodeine",
            r"tramadol",
            r"hydromorphone|dilaudid|hydrocodone|tapentadol|pethidine",
            r"(?:ivdu|pwid|iv\s+drug\s+(?:use|user))",
            r"(?:shot\s+up|injecting|injected)\s+(?:[\w']+\s+)?(?:drugs|heroin)?",
            r"percocet|vicodin|norco|lean|purple\s+drank",
        ],
        words="opioid opioids opiate heroin fentanyl oxycodone morphine methadone codeine tramadol",
    ),
    C(
        "opioid_signs",
        "opioid toxidrome signs",
        [
            r"pin[\s-]?point\s+pupils?",
            r"(?:tiny|small|constricted|pin[\s-]?prick)\s+pupils?",
            r"pupils?\s+(?:are\s+)?(?:pinpoint|tiny|constricted|miotic|\d\s*mm)",
            r"mios\w*|miotic",
            r"(?:slow|shallow|slowed|barely|irregular)\s+(?:[\w']+\s+)?breath\w*",
            r"breath\w*\s+(?:(?:is|very|really|so|gone|has\s+gone|become|became)\s+)*(?:slow|"
            r"shallow|slowed|laboured|labored)",
            r"(?:resp(?:iratory)?|breathing)\s+depress\w*",
            r"(?:snoring|gurgling)\s+(?:[\w']+\s+)?(?:sounds?|noises?|breathing)?",
            r"(?:resp(?:iratory)?\s+rate|rr)\s*(?:of\s+|is\s+|=\s*|:\s*)?[2-8](?!\d)",
            r"nodding\s+off|gouching|on\s+the\s+nod",
        ],
        words="pinpoint constricted miosis shallow",
    ),
    C(
        "button_battery",
        "button battery / magnets",
        [
            r"(?:button|coin|disc|disk|lithium|watch|hearing[\s-]aid|remote\s+control|"
            r"cr2032|cr\d{4})\s+(?:cell\s+)?batter(?:y|ies)",
            r"batter(?:y|ies)\s+(?:from\s+(?:a|the)\s+\w+\s+)?(?:[\w']+\s+){0,2}(?:swallowed|"
            r"in\s+(?:his|her|the)\s+(?:mouth|nose|ear|throat))",
            r"(?:swallowed|ate|eaten|ingested|put\s+\w+\s+in\s+(?:his|her|their)\s+(?:mouth|"
            r"nose|ear))\s+(?:[\w']+\s+){0,5}batter(?:y|ies)",
            r"batter(?:y|ies)\s+(?:[\w']+\s+){0,3}(?:up|in)\s+(?:his|her|their|the)\s+(?:nose|ear)",
            r"(?:put|pushed|stuck)\s+(?:a|an|the)\s+(?:[\w']+\s+){0,2}batter(?:y|ies)\s+(?:up|in)",
            r"(?:swallowed|ate|ingested)\s+(?:[\w']+\s+){0,2}(?:magnets|(?:magnetic\s+)?balls?\s+"
            r"(?:from|magnet))",
            r"(?:two|2|several|multiple|\d+)\s+(?:small\s+|strong\s+|neodymium\s+)?magnets",
            r"(?:button|coin|lithium|watch)\s+(?:coin\s+)?cells?",
            r"batter(?:y|ies)\s+(?:[\w']+\s+){0,8}(?:missing|gone\s+missing|disappeared|can't\s+find)",
        ],
        words="battery batteries magnets",
    ),
    # --- mental health -----------------------------------------------------------------------
    C(
        "suicidal",
        "suicidal thoughts",
        [
            r"suicid\w*",
            r"si",
            r"kill(?:ing)?\s+(?:myself|himself|herself|themselves|themself|myslef)",
            r"end(?:ing)?\s+(?:my|his|her|their)\s+(?:own\s+)?life",
            r"end(?:ing)?\s+it\s+all",
            r"take\s+(?:my|his|her|their)\s+(?:own\s+)?life",
            r"want(?:s|ed)?\s+to\s+die",
            r"(?:don't|doesn't|do\s+not|does\s+not|didn't|not)\s+want\s+(?:to\s+)?(?:live|be\s+alive|"
            r"be\s+here|wake\s+up|go\s+on)",
            r"better\s+off\s+(?:dead|without\s+me|without\s+(?:him|her))",
            r"wish(?:ed|es)?\s+(?:i|he|she|they)\s+(?:wouldn't|didn't|won't|would\s+not|could\s+just\s+not"
            r"|never)\s+(?:wake\s+up|woke\s+up|exist|been\s+born)",
            r"wish\w*\s+(?:i|he|she)\s+(?:was|were)\s+dead",
            r"no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on)",
            r"not\s+worth\s+living",
            r"(?:thinking|thoughts)\s+(?:about|of)\s+(?:dying|death|ending)",
            r"wish\s+(?:i|he|she)\s+(?:was|were)\s+dead",
            r"(?:can't|cannot)\s+go\s+on",
            r"(?:can't|cannot)\s+(?:do|take|bear)\s+(?:this|it)\s+any\s?more",
            r"want(?:ed|s)?\s+(?:everything|it\s+all|the\s+pain|life)\s+to\s+(?:stop|end|be\s+over)",
            r"(?:not|never)\s+(?:to\s+)?wake\s+up",
            r"unalive",
        ],
        exclude=[
            r"si\s+joint",
            r"si\s+units?",
            r"suicide\s+(?:gene|bomb\w*|squad|note\s+from)",
            r"(?:film|movie|book|documentary|show|programme|program|article|song|episode|series|"
            r"lecture|talk|news\s+story|play)\s+(?:about|on)\s+suicide",
            r"suicide\s+(?:prevention|awareness|rates?|statistics|hotline|helpline|research)",
        ],
        words="suicidal suicide killing",
    ),
    C(
        "suicide_plan",
        "plan, means or intent",
        [
            r"plan\w*",
            r"(?:bought|got|have|has|collected|collecting|stockpil\w*|saved\s+up|hoard\w*|saving|"
            r"keeping|stashing|stashed|hiding|hidden)\s+(?:up\s+)?(?:[\w']+\s+){0,3}(?:pills|boxes|packets|"
            r"tablets|rope|gun|knife|blades|razor|charcoal|paracetamol|morphine|meds|medication|"
            r"medicines?|painkillers|insulin|oxycodone|codeine|co-?codamol|tramadol|diazepam|"
            r"antidepressants|sleeping\s+(?:pills|tablets))",
            r"(?:pills|tablets|meds|medication|antidepressants|painkillers|paracetamol|boxes|packs|"
            r"insulin|morphine|opioids)\s+(?:[\w']+\s+){0,2}(?:saved|stashed|hidden|hoarded|stockpiled|"
            r"collected|put\s+aside|set\s+aside|ready|lined\s+up)",
            r"decided\s+(?:i'm|i\s+am|i'll|i\s+will)\s+(?:taking|take|do|doing|going)",
            r"(?:looking|looked|look|searching|searched|googl\w*|reading|researching|researched)\s+"
            r"(?:up\s+|online\s+|into\s+)?(?:for\s+)?how\s+(?:many|much)\s+(?:[\w']+\s+){0,6}?"
            r"(?:it\s+)?(?:would|will|it'd|to)\s+(?:it\s+)?(?:take|kill|be\s+(?:enough|fatal|lethal))",
            r"(?:tonight|today)(?:'s|\s+is)\s+the\s+(?:night|day)",
            r"(?:got|have|keep|kept|stashed|hidden|hid|put)\s+(?:them|it|those|enough|the\s+(?:pills|"
            r"tablets))\s+(?:all\s+)?(?:in\s+(?:the|my)\s+(?:drawer|cupboard|bag|car|room|pocket)|ready|"
            r"saved|aside|by|put\s+(?:by|aside)|hidden)",
            r"(?:take|swallow|down|inject|have)\s+(?:it\s+all|them\s+all|all\s+of\s+(?:it|them)|the\s+"
            r"(?:whole\s+)?lot|everything\s+(?:at\s+once|i've\s+got))",
            r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|my\s+birthday)",
            r"stockpil\w*",
            r"(?:wrote|written|writing|left)\s+(?:a\s+)?(?:note|letter|will)",
            r"goodbye\s+(?:notes?|letters?|messages?|texts?|videos?)",
            # farewell letters to the people left behind (a preparatory act, C-SSRS)
            r"(?:wrote|written|writing|left)\s+(?:[\w']+\s+)?(?:notes?|letters?|cards?)\s+(?:to|for)\s+"
            r"(?:my|his|her|the|our)\s+(?:kids|children|family|wife|husband|partner|mum|mom|dad|"
            r"parents|boys|girls|son|daughter|sister|brother)",
            r"said\s+goodbye",
            r"(?:text\w*|messag\w*|said|saying|called\s+to\s+say|rang\s+to\s+say|wrote)\s+"
            r"(?:me\s+|us\s+|to\s+\w+\s+)?(?:a\s+)?goodbye",
            r"(?:giving|gave)\s+away\s+(?:[\w']+\s+)?(?:things|belongings|possessions)",
            r"tonight|this\s+weekend|tomorrow",
            r"(?:going|gonna|intend\w*|decided)\s+to\s+(?:do\s+it|jump|hang|overdose|take|"
            r"end|kill)",
            r"(?:jump\w*\s+(?:off|from|in\s+front)|hang\w*\s+(?:myself|himself|herself)|noose|"
            r"rope|bridge|train\s+tracks?|gun|firearm|shoot\s+(?:myself|himself|herself))",
            r"intent\w*",
            r"(?:tried|attempted|attempt)\s+(?:to\s+)?(?:kill|end|hang|overdose|suicide)",
            r"(?:suicide\s+)?attempt",
            r"means",
            r"(?:in\s+)?(?:immediate|imminent)\s+danger",
            r"right\s+now|at\s+the\s+moment|standing\s+on",
        ],
        exclude=[
            r"care\s+plan",
            r"plan\s+b",
            r"birth\s+plan",
            r"management\s+plan",
            r"by\s+no\s+means",
            r"means\s+(?:that|the|it)",
        ],
        words="planned planning stockpiled stockpiling intention intent attempted",
    ),
    C(
        "despair",
        "hopelessness",
        [
            r"(?:can't|cannot)\s+(?:do|take|bear|cope\s+with)\s+(?:this|it)\s+any\s?more",
            r"(?:no\s+way\s+out|hopeless|no\s+hope|nothing\s+to\s+live\s+for|burden\s+to\s+"
            r"(?:everyone|my\s+family))",
            r"(?:everyone|they)\s+would\s+be\s+better\s+off",
            r"make\s+(?:it|everything|the\s+pain)\s+(?:all\s+)?stop",
            r"end\s+it\s+all",
            r"(?:don't|can't|cannot|do\s+not)\s+see\s+(?:a|any)\s+(?:way\s+out|point|future)",
        ],
        words="hopeless",
    ),
    C(
        "self_harm",
        "self-harm",
        [
            r"self[\s-]?harm\w*",
            r"(?:cutting|cut|hurt|hurting|harm|harming|burning|burnt|injur\w*)\s+(?:myself|"
            r"himself|herself|themselves)",
            r"dsh",
            r"(?:slit|slashed|cut)\s+(?:[\w']+\s+)?wrists?",
            r"(?:cutting|burning|scratching|carving)\s+(?:into\s+)?(?:her|his|my|their)\s+(?:own\s+)?"
            r"(?:arms?|forearms?|wrists?|legs?|thighs?|skin|stomach|tummy|hips?)",
        ],
        exclude=[
            r"cut\s+(?:myself|himself|herself)\s+(?:shaving|cooking|on|by\s+accident|"
            r"accidentally|with\s+a\s+(?:kitchen|bread)\s+knife\s+(?:while|when))"
        ],
        words="self-harm selfharm harming",
    ),
    # --- eye ---------------------------------------------------------------------------------
    C(
        "eye_chemical",
        "chemical in the eye",
        [
            r"(?:bleach|acid|alkali\w*|chemicals?|oven\s+cleaner|drain\s+cleaner|lime|cement|"
            r"ammonia|caustic|lye|plaster|mortar|detergent|solvent|battery\s+acid|hair\s+dye|"
            r"peroxide)\s+(?:[\w']+\s+){0,4}(?:in|into|splash\w*|sprayed|squirted|got)\s+(?:in\s+|"
            r"into\s+)?(?:my|his|her|their|the|both|one)?\s*eyes?",
            r"(?:splash\w*|sprayed|squirted|got)\s+(?:[\w']+\s+){0,3}(?:bleach|acid|alkali\w*|"
            r"chemicals?|cleaner|lime|cement|ammonia|caustic|lye)\s+(?:[\w']+\s+){0,2}(?:in|into)\s+"
            r"(?:[\w']+\s+)?eyes?",
            r"chemical\s+(?:eye\s+)?(?:injury|burn|splash)",
            r"eyes?\s+(?:[\w']+\s+){0,3}(?:splash\w*|sprayed|squirted|hit|got)\s+(?:[\w']+\s+){0,2}"
            r"(?:with|by)\s+(?:[\w']+\s+){0,2}(?:bleach|acid|alkali\w*|chemicals?|cleaner|lime|"
            r"cement|ammonia|caustic|lye|plaster|detergent|solvent|peroxide|hair\s+dye)",
            r"(?:eye|ocular|corneal)\s+(?:chemical\s+)?burn",
            r"alkali\s+burn",
            r"(?:bleach|acid|alkali\w*|chemicals?|cleaner|lime|cement|ammonia|caustic|lye|plaster|mortar|"
            r"solvent|peroxide|glue)\s+(?:got|went|splashed|flew|spat|sprayed|squirted)\s+(?:in|into)\s+"
            r"(?:[\w']+\s+){0,2}eyes?",
            # "alkali splash to R eye", "cement in his left eye"
            r"(?:[\w-]+\s+cleaner|cleaning\s+(?:product|fluid|spray|liquid)|disinfectant|descaler|"
            r"detergent|(?:super\s*)?glue|caustic\s+soda|lime\s*scale\s+remover|weed\s*killer|"
            r"pool\s+chemicals?|chlorine)\s+(?:[\w']+\s+){0,3}(?:in|into|splash\w*|sprayed|squirted|went|"
            r"got|flicked|spilt|spilled)\s+(?:[\w']+\s+){0,2}(?:in\s+|into\s+)?(?:my|his|her|their|the|"
            r"both|one)?\s*(?:l|r|left|right)?\s*eyes?",
            r"(?:bleach|acid|alkali\w*|chemicals?|oven\s+cleaner|drain\s+cleaner|lime|cement|"
            r"ammonia|caustic|lye|plaster|mortar|solvent|hair\s+dye|peroxide)\s+(?:[\w']+\s+){0,3}"
            r"(?:to|in|into|on)\s+(?:the\s+)?(?:my|his|her|their|both|one)?\s*(?:l|r|left|right|lt|"
            r"rt)?\s*eyes?",
            # any household or industrial chemical product in the eye (drain unblocker, oven
            # cleaner, laundry capsule, dishwasher tablet, battery acid): rinse and go now
            r"(?:" + _CHEMICAL_PRODUCT + r")\s+(?:[\w'-]+\s+){0,5}?(?:in|into|up\s+into|up\s+in)\s+"
            r"(?:[\w']+\s+){0,2}eyes?",
            r"(?:splash\w*|sprayed|squirted|squeezed|got|went|flicked|spat|spurted|burst)\s+"
            r"(?:[\w'-]+\s+){0,4}?(?:" + _CHEMICAL_PRODUCT + r")\s+(?:[\w'-]+\s+){0,3}?(?:in|into)\s+"
            r"(?:[\w']+\s+){0,2}eyes?",
            r"eyes?\s+(?:[\w']+\s+){0,4}?(?:with|by|of)\s+(?:[\w'-]+\s+){0,2}?(?:" + _CHEMICAL_PRODUCT
            + r")",
        ],
        words="chemical alkali caustic ammonia",
    ),
    C(
        "eye_other_emergency",
        "eye emergency (penetrating injury, acute glaucoma, detachment)",
        [
            r"(?:penetrat\w*|perforat\w*|open[\s-]globe)\s+(?:[\w']+\s+)?(?:eye|globe|injury)",
            r"(?:metal|glass|wire|shard|splinter|fragment|nail|dart|stick|pencil)\s+(?:[\w']+\s+){0,3}"
            r"(?:in|into|stuck\s+in|went\s+into|flew\s+into|hit)\s+(?:[\w']+\s+)?eye",
            r"(?:hammer\w*|grinding|drilling|chiselling|chiseling)\s+(?:[\w']+\s+){0,6}eye",
            r"eye\s+(?:[\w']+\s+){0,8}(?:while|when|from)\s+(?:[\w']+\s+)?(?:hammer\w*|grinding|"
            r"drilling|chisel\w*|strimming|welding|cutting\s+metal)",
            r"(?:hit|struck|poked|stabbed|caught|injured|cut)\s+in\s+(?:the|my|his|her|their)\s+eye\s+"
            r"(?:by|with)\s+(?:a\s+|some\s+)?(?:[\w']+\s+)?(?:metal|glass|wire|shard|splinter|"
            r"fragment|nail|dart|stick|pencil|knife|chip|piece)",
            r"(?:acute\s+)?(?:angle[\s-]closure|closed[\s-]angle)\s*(?:glaucoma)?",
            r"acute\s+glaucoma",
            r"(?:halos?|rainbow\s+rings?)\s+(?:around|round)\s+lights",
            r"(?:fixed|mid-?dilated|oval)\s+pupil",
            # open-globe signs in clinic shorthand: a pupil pulled to a point, hand-movements or
            # counting-fingers acuity, a high-velocity fragment ("metal on metal")
            r"(?:tear[\s-]?drop|peaked|irregular|misshapen|distorted|pear)[\s-]+(?:shaped\s+)?pupil",
            r"pupil\s+(?:is\s+|looks?\s+)?(?:tear[\s-]?drop|peaked|irregular|misshapen|pear)",
            r"(?:va|vision|acuity)\s*(?:[:=]\s*|of\s+|is\s+|only\s+|down\s+to\s+)?(?:r\s+|l\s+|re\s+|le\s+)?"
            r"(?:hm|cf|pl|npl|nlp|hand\s+movements?|count(?:ing)?\s+fingers|(?:no\s+)?light\s+"
            r"perception|perception\s+of\s+light)(?!\w)",
            r"metal\s+(?:on|against)\s+metal(?=[^.]{0,80}(?<!\w)eye)",
            r"retinal\s+detachment|detached\s+retina",
            r"curtain\s+(?:[\w']+\s+){0,3}(?:vision|eye|over|across|down)",
            r"hyph(?:a)?ema",
            r"(?:orbital|periorbital)\s+cellulitis",
            r"(?:sudden|acute)\s+(?:[\w']+\s+)?(?:painless\s+)?(?:loss\s+of\s+vision|vision\s+loss)",
            r"crvo|crao|(?:central\s+)?retinal\s+(?:artery|vein)\s+occlusion",
        ],
        words="penetrating glaucoma retinal detachment floaters hyphaema hyphema arteritis "
        "claudication",
    ),
    C(
        "eye",
        "eye",
        [r"eyes?", r"vision", r"sight", r"pupils?"],
        words="vision",
    ),
    # --- limb ----------------------------------------------------------------------------------
    C(
        # lay Kussmaul breathing: counted for DKA only in someone with diabetes who is unwell
        "deep_breathing",
        "deep (Kussmaul-like) breathing",
        [
            r"breath\w*\s+(?:really\s+|very\s+|so\s+)?(?:deep(?:ly)?|heavy\s+and\s+deep|deep\s+and\s+"
            r"fast|fast\s+and\s+deep|funny|strange(?:ly)?|weird(?:ly)?)",
            r"(?:big|huge|deep)\s+(?:gasping\s+)?breaths",
        ],
    ),
    C(
        "eye_pain_severe",
        "severe eye pain",
        [
            r"(?:severe|bad|terrible|excruciating|intense|really\s+bad|awful|sudden)\s+(?:[\w']+\s+)?"
            r"pain\s+(?:in|behind|around)\s+(?:my|his|her|the|one|their)\s+(?:left\s+|right\s+)?eye",
            r"(?:very\s+|really\s+|extremely\s+)painful\s+(?:red\s+)?eye|eye\s+(?:pain|ache)\s+(?:is\s+)?"
            r"(?:severe|terrible|awful|excruciating)",
        ],
    ),
    C(
        "limb_ischaemia_signs",
        "cold, pale or pulseless limb",
        [
            r"(?:cold|white|pale|mottled|blue|dusky|marbled)\s+(?:and\s+(?:[\w']+\s+)?)?(?:[\w']+\s+){0,2}"
            r"(?:leg|foot|feet|toes|arm|hand|fingers|limb|calf)",
            r"(?:leg|foot|feet|toes|arm|hand|fingers|limb)\s+"
            r"(?:(?:suddenly|is|are|has|have|went|turned|gone|looks?|feels?|been|become|became|"
            r"all|now)\s+){0,3}"
            r"(?:stone\s+|ice\s+|very\s+)?(?:cold|white|pale|mottled|blue|dusky)",
            r"(?:leg|foot|feet|toes|arm|hand|fingers|limb)\s+(?:suddenly\s+|has\s+suddenly\s+)?"
            r"(?:is\s+|are\s+|has\s+|went\s+|"
            r"turned\s+|gone\s+|looks?\s+|feels?\s+)?(?:stone\s+|ice\s+|very\s+)?(?:cold|white|"
            r"pale|mottled|blue|dusky)",
            r"(?:no|absent|can't\s+feel\s+(?:a|the|any))\s+(?:[\w']+\s+){0,3}(?:pedal|foot|femoral|"
            r"popliteal|dorsalis\s+pedis|dp|pt|radial|distal)\s+pulses?",
            r"perishing(?:ly)?\s+cold|poikilotherm\w*",
            r"pulseless\s+(?:(?:left|right|l|r|lt|rt)\s+)?(?:leg|foot|limb|arm|hand)",
            r"pulses?\s+(?:absent|not\s+palpable|impalpable)\s+(?:in\s+)?(?:[\w']+\s+)?(?:leg|foot|"
            r"limb|arm)",
            r"(?:acute|critical)\s+(?:limb\s+)?isch(?:a)?emi\w*",
            r"(?:limb|leg|arm)\s+isch(?:a)?emi\w*",
            r"(?:arterial\s+)?(?:embol\w*|occlusion)\s+(?:[\w']+\s+)?(?:leg|limb|arm|femoral|"
            r"popliteal)",
        ],
        words="ischaemia ischemia pulseless mottled popliteal femoral",
    ),
    C(
        "limb_pain_numb",
        "limb pain, numbness or weakness",
        [
            r"(?:leg|foot|calf|arm|hand|limb)\s+(?:[\w']+\s+)?(?:pain|ache|agony|numb\w*|tingl\w*|"
            r"weak\w*|paralys\w*|can't\s+move)",
            r"(?:pain|numbness|tingling|agony|weakness)\s+(?:in|of)\s+(?:the\s+|his\s+|her\s+|"
            r"my\s+)?(?:[\w']+\s+)?(?:leg|foot|calf|arm|hand|limb)",
            r"(?:can't|cannot)\s+(?:move|feel)\s+(?:[\w']+\s+){0,2}(?:leg|foot|toes|arm|hand|"
            r"fingers)",
            r"(?:agony|excruciating|severe)\b",
            r"numb\w*|tingl\w*|pins\s+and\s+needles|paralys\w*|can't\s+move|dead\s+feeling",
            r"numb\w*|tingl\w*|pins\s+and\s+needles|paralys\w*|can't\s+move|dead\s+feeling",
        ],
    ),
    C(
        "af",
        "atrial fibrillation",
        [r"af", r"atrial\s+fibrillation", r"a\.?\s?fib", r"afib", r"irregularly\s+irregular"],
        words="fibrillation",
    ),
    # --- trauma / burns ------------------------------------------------------------------------
    C(
        "major_trauma_mechanism",
        "high-energy / penetrating injury",
        [
            r"(?:rta|rtc|mva|mvc|mvas?|rtas?)",
            r"(?:car|road|traffic|motorbike|motorcycle|bike|cycling|bus|lorry|truck|vehicle|"
            r"high[\s-]speed|head[\s-]on)\s+(?:crash|accident|collision|smash|rollover|rta)",
            r"road\s+traffic\s+(?:accident|collision)",
            r"(?:hit|struck|knocked\s+(?:down|over)|run\s+over)\s+by\s+(?:a\s+|the\s+)?(?:[\w']+\s+)?"
            r"(?:car|bus|lorry|truck|van|train|vehicle|motorbike|motorcycle|tram)",
            r"(?:pedestrian|cyclist)\s+(?:[\w']+\s+)?(?:hit|struck|vs|versus)",
            r"(?:fell|fall|fallen|jumped)\s+(?:[\w']+\s+){0,2}(?:from|off|out\s+of)\s+(?:a\s+|the\s+|"
            r"his\s+|her\s+)?(?:height|ladder|roof|balcony|scaffold\w*|window|cliff|bridge|"
            r"tree|horse|(?:\d+|two|three|first|second)\s*(?:-|\s)?(?:m|metres?|meters?|ft|feet|"
            r"storeys?|stories|floors?))",
            r"fall\s+from\s+height",
            r"came\s+off\s+(?:[\w']+\s+)?(?:motorbike|motorcycle|bike|horse|scooter|quad|moped)",
            r"(?:[3-9]\d|1\d\d)\s*(?:mph|km/?h|kph|miles\s+an\s+hour)",
            r"lying\s+in\s+the\s+road",
            r"(?:mcc|mbc|rtc|ped(?:estrian)?|(?:pedal\s+)?cyclist|motorcyclist|rider|car|driver|"
            r"passenger)\s+(?:vs|v|versus)\.?\s+(?:[\w']+\s+)?(?:car|lorry|truck|bus|van|train|tram|"
            r"vehicle|wall|tree|pole|hgv|suv|motorbike)",
            r"(?:stab(?:bed|bing|s)?|stab\s+wound|knifed|knife\s+wound|slashed)",
            r"(?:gun\s*shot|gsw|shot|bullet)\s*(?:wound|injury|in|to)?",
            r"impale\w*",
            r"crush(?:ed)?\s+(?:under|by|between|injury)",
            r"trapped\s+(?:under|in)",
            r"ejected\s+from",
            r"(?:amputat\w*|severed|degloving|cut\s+off)",
            r"(?:open|compound)\s+fracture",
            r"bone\s+(?:is\s+)?(?:sticking|poking)\s+(?:out|through)",
            r"(?:major|multiple|poly)[\s-]?trauma",
            r"blast\s+(?:injury|injuries)|explosion",
            r"flail\s+chest",
            r"(?:pneumothorax|tension\s+pneumo\w*)",
        ],
        exclude=[
            r"shot\s+(?:of|in\s+the\s+dark)",
            r"flu\s+shot",
            r"(?:booster|covid|tetanus)\s+"
            r"shot",
            r"shot\s+(?:glass|up)",
            # a pain descriptor, not a stab wound
            r"(?:a\s+)?stabbing\s+(?:[\w']+\s+)?(?:pain|pains|sensation|feeling|ache|headache)",
            r"(?:pain|pains|ache)\s+(?:is\s+|was\s+|feels?\s+)?(?:sharp\s+(?:and\s+)?)?stabbing",
            # a finger in a door is a crush injury of the finger, not an entrapped casualty
            r"(?:finger|fingers|thumb|hand|toe|foot)\s+(?:[\w']+\s+){0,2}trapped\s+in\s+(?:a\s+|the\s+)?"
            r"(?:car\s+)?(?:door|drawer|window|gate|hinge)",
        ],
        words="collision pedestrian scaffolding stabbed impaled amputated amputation degloving "
        "pneumothorax",
    ),
    C(
        "burn",
        "burn / scald",
        [
            r"burns?",
            r"burnt|burned",
            r"scald\w*",
            r"(?:kettle|boiling\s+water|hot\s+(?:water|tea|coffee|oil|fat|soup)|pan\s+of\s+"
            r"(?:boiling|hot)\s+\w+)\s+(?:[\w']+\s+){0,6}(?:over|on|onto|down)",
            r"pulled\s+(?:a|the)\s+(?:kettle|pan|cup|mug)\s+(?:[\w']+\s+){0,2}(?:over|on|down)",
            r"(?:smoke|fume)\s+inhalation",
            r"electrocut\w*|electric(?:al)?\s+(?:shock|burn|injury)",
            r"(?:caught|touched|grabbed|fell\s+(?:on|against|into)|leant\s+on|leaned\s+on|pressed)\s+"
            r"(?:[\w']+\s+){0,3}(?:barbecue|bbq|oven|iron|hob|stove|fire|flames?|grill|radiator|"
            r"exhaust|curling\s+(?:tongs|iron)|tongs|straighteners|hot\s+\w+|kettle|pan)",
            r"(?:clothes|hair|dress|top)\s+(?:caught|set)\s+(?:on\s+)?fire",
            r"on\s+fire",
        ],
        exclude=[
            r"sun\s*burn\w*",
            r"heart\s*burn",
            r"burning\s+(?:sensation|pain|feet|mouth|"
            r"when|on\s+urination)",
            r"razor\s+burn",
            r"burn\w*\s+out",
            r"carpet\s+burn",
            r"friction\s+burn",
            r"burn\s+(?:fat|calories)",
            r"burnt\s+(?:toast|food)",
        ],
        words="burns burned scalded scalding inhalation electrocuted",
    ),
    C(
        "burn_severity",
        "burn severity feature (face, airway, large area, full thickness, electrical)",
        [
            r"(?:face|facial|neck|airway|mouth|lips|eyes|hands?|palms?|fingers|feet|genitals?|"
            r"perineum|groin|joints?)",
            r"singed\s+(?:nasal\s+hairs?|eyebrows|nose\s+hairs?)",
            r"soot\s+(?:in|around)\s+(?:[\w']+\s+)?(?:mouth|nose|sputum)",
            r"hoarse\w*|stridor|carbonaceous",
            r"(?:\d+|ten|twenty|fifteen)\s*%\s*(?:tbsa|body|of\s+(?:his|her|the)\s+body)?",
            r"tbsa",
            r"(?:large|big|huge|whole|entire|most\s+of\s+(?:his|her|my|the))\s+(?:[\w']+\s+)?(?:area|"
            r"arm|leg|back|chest|torso|body)",
            r"full[\s-]thickness|deep\s+(?:dermal|partial)|third[\s-]degree|charred|leathery|"
            r"white\s+and\s+painless|painless\s+and\s+white|waxy",
            r"circumferential",
            r"(?:electric\w*|lightning|chemical|acid|alkali|high\s+voltage)",
            r"(?:smoke|fume)\s+inhalation|house\s+fire|trapped\s+in\s+(?:a\s+)?(?:fire|smoke)",
            r"blister\w*\s+(?:[\w']+\s+){0,3}(?:larger|bigger|size\s+of|all\s+over|whole)",
            r"(?:big|large|huge|massive)\s+blisters?",
            r"(?:chest|torso|trunk|abdomen|tummy)(?!\s+infection)",
            r"(?:skin\s+(?:is\s+|looks\s+|went\s+)?white|doesn't\s+hurt|does\s+not\s+hurt|"
            r"no\s+feeling|numb)",
        ],
    ),
    C(
        "symptom_returned",
        "symptom back again / persisting",
        [
            r"again|came\s+back|come\s+back|coming\s+back|(?:has|have)\s+returned|returned|"
            r"recurr\w*|another\s+(?:episode|attack|one)|persist\w*|still\s+(?:there|going|"
            r"present|has|got)|not\s+(?:getting\s+)?better|getting\s+worse|worsening",
        ],
    ),
    # --- acute abdomen (surgical) ------------------------------------------------------------
    C(
        "peritonism",
        "peritonism / perforation (rigid abdomen, guarding, rebound)",
        [
            r"(?:rigid|board[\s-]?like|rock[\s-]hard)\s+(?:abdomen|abdo|tummy|belly|stomach)",
            r"(?:abdomen|abdo|tummy|belly|stomach)\s+(?:is\s+|was\s+|feels?\s+|gone\s+)?(?:very\s+)?"
            r"(?:rigid|board[\s-]?like|rock[\s-]hard|hard\s+as\s+(?:a\s+)?(?:board|rock))",
            r"(?:abdominal|abdo)\s+rigidity|board[\s-]?like\s+rigidity",
            r"(?:rebound|percussion)\s+tender\w*|(?:involuntary\s+)?guarding|peritoni(?:sm|tis|tic)",
            r"perforat\w*(?:\s+(?:viscus|ulcer|bowel|appendix|duodenal\s+ulcer))?",
            r"free\s+(?:intra-?peritoneal\s+)?(?:air|gas)|pneumoperitoneum",
        ],
        exclude=[
            r"perforat\w*\s+(?:ear\w*|tympanic\s+membrane|tm|(?:nasal\s+)?septum)",
            r"(?:ear\w*|tympanic\s+membrane|tm|septal)\s+perforat\w*",
        ],
        words="rigid rigidity guarding peritonitis peritonism perforation rebound",
    ),
    C(
        "pain_on_movement",
        "pain on moving or coughing",
        [
            r"(?:hurts?|painful|agony|pain|sore)\s+(?:[\w']+\s+){0,3}(?:to\s+(?:even\s+)?(?:move|cough|"
            r"walk|breathe)|when\s+(?:i|he|she|they)\s+(?:even\s+)?(?:move|cough|walk)s?|on\s+"
            r"(?:movement|moving|coughing)|going\s+over\s+(?:speed\s+)?bumps)",
            r"(?:can't|cannot)\s+(?:move|walk\s+upright|stand\s+up\s+straight)\s+(?:for|because\s+"
            r"of)\s+(?:the\s+)?pain",
            r"lying\s+(?:completely\s+|very\s+)?still\s+(?:because|as)\s+(?:of\s+)?(?:the\s+)?pain",
            r"(?:can't|cannot|unable\s+to|daren't)\s+move\s+(?:[\w']+\s+){0,3}(?:hurts|pain|because"
            r"|it's\s+so\s+painful)",
        ],
    ),
    C(
        "abdomen_hard",
        "hard / tense abdomen",
        [
            r"(?:abdomen|abdo|tummy|belly|stomach)\s+(?:is\s+|feels?\s+|looks?\s+|went\s+|gone\s+)?"
            r"(?:very\s+|really\s+|so\s+)?(?:hard|tense|tight\s+as\s+a\s+drum)",
            r"(?:hard|tense)\s+(?:abdomen|tummy|belly|stomach)",
            r"rock[\s-]hard|board[\s-]?like|rigid\s+(?:abdomen|tummy|belly|stomach)",
            r"hard\s+as\s+(?:a\s+)?(?:board|rock|wood|a\s+drum)",
            r"(?:abdomen|abdo|tummy|belly|stomach)\s+(?:[\w']+\s+){0,2}rigid",
        ],
    ),
    C(
        "bowel_obstruction",
        "bowel obstruction features (green vomit, no wind, distension)",
        [
            r"(?:vomit\w*|being\s+sick|throwing\s+up|sick|bringing\s+up|puk\w*)\s+(?:up\s+)?"
            r"(?:[\w']+\s+){0,6}(?:green|bile|bilious|yellow[\s-]green|faecal|fecal|poo|"
            r"brown\s+(?:smelly|foul))",
            r"(?:green|bilious|faeculent|feculent|faecal|fecal)\s+(?:vomit\w*|sick|aspirates?)",
            r"(?:not|haven't|hasn't|hadn't|can't|cannot|unable\s+to|no)\s+(?:been\s+able\s+to\s+)?"
            r"(?:pooed|pooped|poo|open(?:ed)?\s+(?:my|his|her|their)?\s*bowels|bowels\s+open\w*|"
            r"(?:passed|passing|pass)\s+(?:[\w']+\s+)?(?:wind|gas|flatus|stool|a\s+stool|motion)|"
            r"fart\w*|bms?|had\s+a\s+(?:poo|bowel\s+movement|bm))(?:\s+or\s+(?:passed\s+)?"
            r"(?:wind|gas|flatus))?",
            r"absolute(?:ly)?\s+constipat\w*|obstipation",
            r"no\s+(?:wind|flatus|gas|farts?)\s+(?:or|and|nor)\s+(?:poo|poos|stools?|bowel\s+movements?|bms?)|"
            r"no\s+(?:poo|stools?|bowel\s+movements?|bms?)\s+(?:or|and|nor)\s+(?:wind|flatus|gas)",
            r"(?:bowel|intestinal|small[\s-]bowel|large[\s-]bowel|sbo|lbo)\s+obstruct\w*",
            r"(?:distended|distension\s+of\s+the)\s+(?:abdomen|abdo|tummy|belly|stomach)|"
            r"(?:abdominal|abdo)\s+distension",
            r"(?:abdomen|tummy|belly|stomach)\s+(?:is\s+|has\s+)?(?:[\w']+\s+){0,2}(?:distended|"
            r"swollen\s+(?:up\s+)?(?:and|&)\s+(?:hard|tight|tense)|blown\s+up\s+(?:and|&)\s+hard)",
            r"tinkling\s+bowel\s+sounds|volvulus|intussusception|red[\s-]?currant\s+jelly",
            r"(?:abdomen|tummy|belly|stomach)(?:'s|\s+is|\s+has|\s+gone)?\s+(?:[\w']+\s+){0,2}(?:swollen|"
            r"bloated|blown\s+up|distended|huge)\s+(?:up\s+)?like\s+(?:a\s+)?(?:balloon|drum|football|"
            r"beach\s*ball)",
            r"(?:strangulated|incarcerated|irreducible)\s+hernia|hernia\s+(?:[\w']+\s+){0,3}"
            r"(?:won't|will\s+not|can't|doesn't)\s+go\s+back",
            r"hernia\w*[\s,]+(?:[\w']+[\s,]+){0,5}(?:irreducible|incarcerated|strangulated|stuck\s+out|"
            r"(?:gone\s+)?(?:hard|tense|purple|dusky)\s+(?:and|&)\s+(?:tender|painful))",
        ],
        words="bilious faeculent feculent distended distension obstruction volvulus redcurrant "
        "intussusception strangulated incarcerated irreducible",
    ),
    # --- toxic exposure: carbon monoxide ------------------------------------------------------
    C(
        "co_named",
        "carbon monoxide named",
        [
            r"carbon\s+monoxide|co\s+(?:poisoning|alarm|detector|monitor|levels?|exposure)|"
            r"cohb|carboxy\s*ha?emoglobin",
        ],
        exclude=[r"co\s+alarm\s+(?:test\w*|battery|batteries|fitted|installed)"],
        words="monoxide carboxyhaemoglobin",
    ),
    C(
        "co_source",
        "fuel-burning source or symptoms tied to a place",
        [
            r"(?:faulty|old|broken|leaking|new|dodgy|gas|oil)\s+(?:gas\s+)?(?:boiler|heater|gas\s+"
            r"fire|stove|furnace|appliance|water\s+heater|fireplace)",
            r"(?:boiler|heater|furnace|gas\s+fire|stove|flue|chimney)\s+(?:is\s+|has\s+been\s+)?"
            r"(?:[\w']+\s+)?(?:old|faulty|broken|leaking|playing\s+up|not\s+working|blocked|"
            r"yellow\s+flame|sooty|making\s+(?:a\s+)?(?:\w+\s+)?(?:noise|noises|sound)|smell\w*|"
            r"just\s+(?:been\s+)?(?:serviced|fitted|installed|turned\s+on)|(?:went|came|gone)\s+on)",
            r"(?:generator|barbecue|bbq|charcoal|camping\s+stove|engine|car)\s+(?:running\s+)?"
            r"(?:indoors|inside|in\s+(?:the|a|our)\s+(?:house|tent|garage|caravan|boat|room))",
            r"(?:exhaust|car|engine|generator|boiler|heater|fire|stove|gas|charcoal|bbq|barbecue)\s+"
            r"fumes|gas\s+leak|smell\s+of\s+gas|smells?\s+(?:of\s+)?gas",
        ],
        words="boiler heater furnace generator exhaust fumes",
    ),
    C(
        "co_place",
        "symptoms tied to one place (worse at home, better outside)",
        [
            r"(?:worse|bad|ill|sick)\s+(?:when\s+(?:we're|we\s+are|i'm|i\s+am|at|inside|indoors)|"
            r"at\s+home|indoors|inside\s+the\s+house)(?:[\w\s',]{0,30}better\s+(?:outside|away|"
            r"out))?",
            r"better\s+(?:when\s+(?:we|i|they)\s+(?:go|are|am)\s+)?(?:outside|out\s+of\s+the\s+"
            r"house|away\s+from\s+home|at\s+work)",
        ],
    ),
    C(
        "household_cluster",
        "several people in one place ill at once",
        [
            r"(?:whole|all\s+the|all\s+of\s+the|entire)\s+(?:family|household|house|flat)",
            r"(?:all|both)\s+of\s+us|we\s+(?:all|both)\s+(?:have|feel|are|got)|everyone\s+in\s+"
            r"the\s+(?:house|family|flat)",
            # "both kids and my husband have headaches", "the children and I all feel sick"
            r"(?:both|all)\s+(?:the\s+|my\s+|our\s+)?(?:kids|children|boys|girls)\s+(?:and|&)\s+(?:my\s+|our\s+)?"
            r"(?:husband|wife|partner|mum|dad|me|i)",
            r"(?:the\s+|my\s+|our\s+)?(?:kids|children)\s+(?:and|&)\s+(?:i|me|my\s+(?:husband|wife|partner))\s+"
            r"(?:all\s+|both\s+)?(?:have|feel|are|got|keep)",
        ],
    ),
    # --- metabolic: electrolytes and adrenal crisis ------------------------------------------
    C(
        "hyperkalaemia_ecg",
        "hyperkalaemia ECG changes",
        [
            r"(?:peaked|peaking|tented|tall)\s+t[\s-]?waves?",
            r"sine[\s-]wave(?:\s+pattern)?",
            r"(?:severe|life[\s-]threatening)\s+hyperkal(?:a)?emi\w*",
        ],
        words="hyperkalaemia hyperkalemia",
    ),
    C(
        "adrenal_insufficiency",
        "adrenal insufficiency / steroid dependence",
        [
            r"addison'?s(?:\s+disease)?",
            r"adrenal\s+(?:insufficiency|failure|crisis|crises)",
            r"hypoadrenal\w*|hypopituitar\w*|panhypopituitar\w*|congenital\s+adrenal\s+hyperplasia",
            r"steroid[\s-]dependen\w*|steroid\s+(?:emergency\s+)?card",
            r"(?:on|takes?|taking)\s+(?:[\w']+\s+)?(?:long[\s-]term\s+)?(?:hydrocortisone|"
            r"fludrocortisone)",
        ],
        words="addison adrenal insufficiency hypopituitarism hydrocortisone fludrocortisone",
    ),
    C(
        "cannot_keep_down",
        "cannot keep medicines or fluids down",
        [
            r"(?:can't|cannot|couldn't|unable\s+to|not\s+able\s+to)\s+keep\s+(?:[\w']+\s+){0,3}"
            r"(?:down|in)",
            r"(?:vomit\w*|sick|threw)\s+(?:up\s+)?(?:my|his|her|the)\s+(?:tablets?|pills?|"
            r"medication|meds|steroids?|hydrocortisone)",
        ],
    ),
    C(
        "allergy_airway_lay",
        "throat, voice or chest signs of an allergic reaction",
        [
            r"throat\s+(?:is\s+|feels\s+|went\s+|gone\s+|getting\s+|going\s+)?(?:all\s+|really\s+|"
            r"very\s+|so\s+)?(?:itchy|tight|scratchy|closing|tingl\w*|swell\w*|funny|thick)",
            r"(?:itchy|tight|scratchy|tingly)\s+throat",
            r"voice\s+(?:[\w']+\s+){0,2}(?:funny|hoarse|changed|different|croaky|strange|weird|"
            r"husky|squeaky)",
            r"(?:hoarse|croaky)\s+voice",
            r"cough\w*",
            r"wheez\w*",
        ],
    ),
    # --- same-day (urgent) presentations ---------------------------------------------------
    C(
        "uti",
        "urinary infection symptoms",
        [
            r"dysuria",
            r"(?:burning|stinging|pain|painful|hurts?|sore|burns|stings)\s+(?:[\w']+\s+){0,2}"
            r"(?:when|on|while|to|after)\s+(?:i\s+|he\s+|she\s+)?(?:pee|wee|urinat|passing\s+"
            r"(?:urine|water)|pass\s+(?:urine|water)|piss)\w*",
            r"uti",
            r"(?:burning|stinging|pain|painful|hurts?|sore|burns|stings)\s+(?:[\w']+\s+){0,2}(?:when|while|after)\s+"
            r"(?:i|he|she|they)\s+(?:make|do|have|pass|go\s+for)\s+(?:a\s+)?(?:pee|wee|urine|water|piss)",
            r"(?:burning|stinging|painful)\s+(?:wee|pee|urine|urination|micturition|water)",
            r"(?:pee|wee|urine|peeing|weeing|urinating)\s+(?:[\w']+\s+){0,4}(?:stings?|burns?|hurts?)",
            r"(?:urine|urinary|water|bladder|kidney)\s+infection",
            r"cystitis",
            r"pyelo\w*",
            r"(?:smelly|cloudy|foul[\s-]smelling|offensive|strong[\s-]smelling)\s+(?:urine|wee|pee)",
            r"(?:urine|wee|pee)\s+(?:is\s+|smells?\s+|looks?\s+)?(?:smelly|cloudy|offensive|foul)",
        ],
        words="dysuria cystitis urinating burning stinging",
    ),
    C(
        "loin_pain",
        "loin (kidney) pain",
        [
            r"(?:l|r|left|right|bilateral)?\s*(?:loin|flank|renal\s+angle)\s+(?:pain|tenderness|"
            r"ache|discomfort)",
            r"(?:pain|ache|hurts?|sore|tender)\w*\s+(?:[\w']+\s+){0,4}(?:loin|flank|kidneys?)",
            r"(?:pain|ache)\w*\s+(?:[\w']+\s+){0,4}(?:side\s*/\s*back|back\s*/\s*side|side\s+and\s+"
            r"back|back\s+and\s+side)",
            r"kidney\s+(?:pain|area)",
            r"(?:pain|ache)\w*\s+(?:in|on|down)\s+(?:the\s+|my\s+)?(?:left|right)\s+side\s+of\s+(?:my|the|his|"
            r"her)\s+(?:lower\s+)?back",
            r"(?:pain|ache)\w*\s+(?:[\w']+\s+){0,3}back\s+(?:[\w']+\s+){0,2}(?:under|below)\s+(?:the|my)\s+"
            r"ribs",
        ],
    ),
    C(
        "renal_colic",
        "kidney stone / renal colic",
        [r"(?:renal|ureteric|kidney)\s+(?:colic|stones?)", r"kidney\s+stones?"],
    ),
    C(
        "cellulitis",
        "spreading skin infection",
        [
            r"cellulitis",
            r"(?:erythema|redness|red\s+(?:area|patch|skin|mark)|the\s+red)\s+(?:[\w']+\s+){0,8}"
            r"(?:spreading|spread\w*|extending|tracking|bigger|growing)",
            r"spreading\s+(?:erythema|redness|red\w*|infection)",
            r"(?:spread\w*|gone|grown|extend\w*|creep\w*)\s+(?:past|beyond|over|outside)\s+(?:the\s+)?(?:pen\s+)?"
            r"(?:line|mark\w*|outline|border)",
            r"red\w*\s+(?:and\s+)?(?:(?:hot|swollen|warm|tender)\s+(?:and\s+)?)+(?:leg|arm|foot|shin|calf|skin|"
            r"area|patch)\s+(?:[\w']+\s+){0,2}(?:spreading|spread\w*|tracking|getting\s+bigger)",
            r"red\w*,?\s+(?:and\s+)?(?:hot|warm)\w*,?\s+(?:and\s+)?swollen",
            r"(?:hot|warm),?\s+(?:and\s+)?red,?\s+(?:and\s+)?swollen",
            r"red\s+(?:streaks?|lines?)\s+(?:[\w']+\s+){0,3}(?:up|spreading|tracking)",
        ],
        words="cellulitis erythema spreading",
    ),
    C(
        "skin_infection",
        "wound infection or abscess",
        [
            r"(?:wound|cut|graze|incision|scar|port\s+site|stitches|sutures?|bite)\s+(?:[\w']+\s+)"
            r"{0,8}(?:infected|red|oozing|ooze|pus|discharg\w*|weeping|erythema|purulent|hot|opened\s+up|"
            r"come\s+apart|split\s+open|gaping)",
            r"(?:wound\s+)?dehiscen\w*",
            r"purulent\s+discharge",
            r"pus\s+(?:coming|oozing|from)",
            r"infected\s+(?:wound|cut|graze|bite|ingrown|scar)",
            # an animal bite then red / swollen / hot (cat bites to the hand infect fast: NICE CKS)
            r"(?:bit|bitten)\s+by\s+(?:a|my|the|our|his|her|their|next\s+door's)\s+(?:[\w']+\s+)?(?:cat|dog|kitten|"
            r"puppy|ferret|rat|hamster)\s+(?:[\w']+\s+){0,12}?(?:swollen|swelling|red|hot|pus|infected|throbbing)",
            r"abscess\w*",
            r"boil",
            r"(?:painful|hot|tender|red)\s+(?:(?:hot|red|painful|tender|swollen)\s+)*lump",
        ],
        words="abscess purulent discharge",
    ),
    C(
        "airway_disease",
        "asthma or COPD",
        [r"asthma\w*", r"copd", r"emphysema", r"chronic\s+bronchitis", r"bronchiectasis"],
        words="asthma asthmatic emphysema",
    ),
    C(
        "exacerbation",
        "worsening asthma / COPD",
        [
            r"flare\w*(?:[\s-]up)?",
            r"exacerbation",
            r"playing\s+up",
            r"more\s+(?:breathless|wheezy|short\s+of\s+breath|sob|phlegm|sputum|mucus)",
            r"(?:phlegm|sputum|mucus)\s+(?:[\w']+\s+){0,4}(?:green|yellow|discoloured|purulent)",
            r"(?:green|yellow|purulent)\s+(?:phlegm|sputum|mucus)",
            r"(?:reliever|inhaler|salbutamol|ventolin|albuterol|puffer|pump)\s+(?:[\w']+\s+){0,4}"
            r"(?:every|each|q)\s*(?:\d|one|two|three|four|few|couple)\w*[\s-]*(?:hours?|hrs?|h|"
            r"hrly|hourly)",
            r"(?:[1-4]|two|three|four)[\s-]*(?:hrly|hourly)",
            r"(?:asthma|copd|wheez\w*|breathing)\s+(?:has\s+been\s+|is\s+|getting\s+|got\s+)?"
            r"(?:worse|bad|worsening)",
        ],
        # a skin or joint flare, or a usual routine ("cream when it flares"), is not a chest one
        exclude=[r"(?:eczema|psoriasis|dermatitis|skin|rash|arthritis|gout|joints?|hives|acne)\s+"
                 r"(?:[\w']+\s+){0,12}?flare\w*(?:[\s-]up)?",
                 r"(?:when|if|whenever)\s+(?:it|they)\s+flare\w*(?:[\s-]up)?"],
        words="exacerbation salbutamol",
    ),
    C(
        "dvt_leg",
        "swollen painful leg (possible DVT)",
        [
            r"(?:swollen|swelling|painful|tender|hot|warm)\s+(?:and\s+)?(?:[\w']+\s+){0,3}"
            r"(?:calf|calves|thigh)",
            r"(?:calf|thigh|leg)\s+(?:[\w']+\s+){0,4}(?:swollen|swelling|tender\w*|warm|hot|"
            r"bigger)",
            # one calf against the other: "fatter / thicker / larger than the right"
            r"(?:calf|thigh|leg)\s+(?:[\w']+\s+){0,3}(?:fatter|thicker|larger|wider|puffier)\s+than\s+(?:the\s+|my\s+)?"
            r"(?:other|left|right)",
            r"dvt",
            r"deep\s+vein\s+thrombosis",
            r"wells\s+(?:score\s+)?[1-9]",
        ],
        words="thrombosis",
    ),
    C(
        "red_eye",
        "red or painful eye",
        [
            r"(?:red|painful|sore|inflamed)\s+(?:and\s+(?:painful|red|sore)\s+)?(?:right\s+|left\s+"
            r"|r\s+|l\s+)?eye",
            r"eye\s+(?:is\s+|has\s+been\s+|very\s+|really\s+|gone\s+|went\s+|a\s+bit\s+)*(?:red|"
            r"painful|sore|inflamed)",
            r"red\s+(?:and\s+)?(?:aching|achy|throbbing|watery|weeping)\s+(?:right\s+|left\s+|r\s+|l\s+)?eye",
            r"(?:uveitis|iritis|scleritis|episcleritis|keratitis)",
        ],
    ),
    C(
        "eye_warning",
        "eye warning sign (light sensitivity, blurred vision, contact lens)",
        [
            r"photophobi\w*",
            r"(?:light\s+sensitiv\w*|sensitiv\w*\s+to\s+(?:the\s+)?light|light\s+hurts)",
            r"(?:reduced|decreased|blurr\w*|blurry)\s+(?:va|vision|sight)",
            r"va\s+6/(?:[1-9]\d)",
            r"contact\s+lens\w*",
            r"(?:wear|wears|wearing|use|uses)\s+contacts",
            r"lens\s+wearer",
            # inflammation inside the eye, named (often recurrent): same day with an eye unit
            r"(?:uveitis|iritis|scleritis|keratitis)",
            r"(?:small|smaller|irregular|odd[\s-]shaped)\s+pupil|pupil\s+(?:[\w']+\s+){0,3}(?:small|smaller)",
        ],
        words="photophobia sensitivity uveitis iritis flushes",
    ),
    C(
        "floaters",
        "new floaters or flashes",
        [r"floaters?", r"flash\w*\s+(?:of\s+)?lights?", r"flashes", r"flashing\s+lights?"],
        words="floaters flashes",
    ),
    C(
        "shingles",
        "shingles",
        [
            r"shingles",
            r"(?:herpes\s+)?zoster",
            r"(?:band|strip|cluster|line)\s+of\s+(?:painful\s+)?blisters",
            r"(?:painful\s+)?blist\w*\s+rash\s+(?:[\w']+\s+){0,4}one\s+side",
            r"painful\s+blist\w*\s+rash",
            r"(?:rash|blisters)\s+(?:[\w']+\s+){0,3}(?:in\s+a\s+)?(?:band|strip|stripe|belt)\b",
            r"(?:band|strip|stripe)\s+of\s+(?:[\w']+\s+)?(?:rash|blisters|spots)",
        ],
        words="shingles zoster blistery",
    ),
    C(
        "hearing_loss",
        "sudden hearing loss",
        [
            r"(?:completely|suddenly|sudden\w*)\s+deaf",
            r"sudden\w*\s+(?:[\w']+\s+){0,2}(?:hearing\s+loss|loss\s+of\s+hearing|lost\s+(?:my\s+)?"
            r"hearing)",
            r"(?:woke\s+up|overnight)\s+(?:[\w']+\s+){0,3}(?:deaf|can't\s+hear|no\s+hearing)",
            r"ssnhl",
        ],
    ),
    C(
        "high_sugar",
        "high blood sugar",
        [
            r"(?:sugars?|glucose|bms?|readings?)\s+(?:[\w']+\s+){0,3}(?:high|very\s+high|through"
            r"\s+the\s+roof|in\s+the\s+(?:high\s+)?(?:teens|20s|twenties))",
            r"hyperglyca?emi\w*",
        ],
        words="hyperglycaemia hyperglycemia",
    ),
    C(
        "palpitations",
        "palpitations",
        [
            r"palp\w*",
            r"heart\s+(?:is\s+)?(?:racing|pounding|fluttering|skipping|irregular|all\s+over\s+the"
            r"\s+place)",
            r"(?:fast|irregular|racing)\s+(?:heart\s*beat|pulse|heart)",
        ],
        words="palpitations",
    ),
    C(
        "appendicitis",
        "possible appendicitis",
        [
            r"appendicitis",
            r"(?:rif|right\s+iliac\s+fossa|rlq|right\s+lower\s+quadrant)\s+(?:pain|tender\w*|"
            r"guarding)",
            r"(?:pain|tender\w*|ache)\s+(?:in\s+(?:the|my|his|her)\s+)?(?:rif|right\s+iliac\s+fossa|rlq|"
            r"right\s+lower\s+quadrant)",
            r"(?:belly\s*button|umbilicus|navel|periumbilical)\s+(?:[\w']+\s+){0,8}(?:moved|moving|"
            r"shifted|migrat\w*|gone|went|now)\s+(?:[\w']+\s+){0,3}(?:lower\s+right|right\s+lower|"
            r"bottom\s+right|right\s+side|right\s+iliac)",
            r"(?:lower\s+right|right\s+lower|bottom\s+right)\s+(?:[\w']+\s+){0,2}(?:tummy|abdomen|"
            r"belly|side|quadrant)\s+(?:pain|tender\w*|sore|hurts)",
            r"mcburney\w*",
            r"(?:started|began)\s+(?:[\w']+\s+){0,3}(?:middle|centre|center|belly\s*button|navel)\s+"
            r"(?:[\w',]+\s+){0,6}(?:right\s+lower|lower\s+right|bottom\s+right|right\s+side|right\s+iliac|"
            r"rif)",
            r"(?:periumbilical|central|belly\s*button|navel)\s+(?:[\w']+\s+){0,3}(?:moved|migrated|"
            r"shifted|went|gone)\s+(?:[\w']+\s+){0,2}(?:rif|right\s+iliac\s+fossa|rlq|lower\s+right)",
            r"(?:moved|went|gone|shifted|spread|travell?ed|traveled|migrated)\s+(?:down\s+)?from\s+"
            r"(?:around\s+)?(?:my|the)?\s*(?:belly\s*button|navel|umbilicus|middle)\s+(?:[\w']+\s+){0,3}"
            r"(?:lower\s+right|right\s+lower|bottom\s+right|right\s+side|right\s+iliac)",
        ],
        words="appendicitis periumbilical",
    ),
    C(
        "hot_joint",
        "hot swollen joint",
        [
            r"(?:hot|red|swollen|warm)\s*,?\s+(?:and\s+)?(?:hot|red|swollen|warm)\s*,?\s+(?:and\s+)?"
            r"(?:[\w']+\s+){0,2}(?:joint|knee|ankle|wrist|toe|elbow|shoulder|finger)",
            r"(?:joint|knee|ankle|wrist|toe|elbow|finger)\s+(?:[\w']+\s+){0,3}(?:hot|red|swollen)"
            r"\s*,?\s+(?:and\s+)?(?:[\w']+\s+)?(?:hot|red|swollen|warm)",
            r"(?:knee|ankle|wrist|toe|elbow|finger|joint)\s+(?:has\s+)?(?:swelled|swollen|swelling|"
            r"blew)\s+(?:up\s+)?(?:[\w',]+\s+){0,4}(?:hot|red|warm)",
            r"gout\w*",
            r"septic\s+arthritis",
            r"hot\s+(?:swollen\s+)?joint",
        ],
        words="gout arthritis",
    ),
    C(
        "breast_inflamed",
        "red painful breast",
        [
            r"mastitis",
            r"breast\s+(?:[\w']+\s+){0,6}(?:red|hot|lump|wedge|engorged|painful|sore|hard)",
            r"(?:red|hot|painful|sore|tender)\s+(?:[\w']+\s+){0,3}(?:breast|wedge)",
        ],
        words="mastitis engorged",
    ),
    C("breastfeeding", "breastfeeding", [r"breast[\s-]?feed\w*", r"nursing\s+(?:my|a|the)"]),
    C(
        "foot_ulcer",
        "foot ulcer or infection",
        [
            r"(?:sore|ulcer|wound|blister|cut)\s+(?:[\w']+\s+){0,5}(?:foot|feet|toe|heel|sole)",
            r"(?:foot|feet|toe|heel|sole)\s+(?:[\w']+\s+){0,3}(?:ulcer|sore|wound|infect\w*|"
            r"black|red|swollen|hot)",
            r"black\s+(?:spot|patch|area|mark)\s+(?:[\w']+\s+){0,2}(?:toe|foot|heel|sole)",
            r"diabetic\s+foot",
        ],
        words="ulcer",
    ),
    C(
        "pregnancy_itch",
        "itching in pregnancy (possible obstetric cholestasis)",
        [
            r"itch\w*\s+(?:[\w']+\s+){0,4}(?:palms?|soles?|hands\s+and\s+feet|feet\s+and\s+hands)",
            r"(?:palms?|soles?|hands|feet)\s+(?:[\w']+\s+){0,5}itch\w*",
            r"itch\w*\s+(?:[\w']+\s+){0,4}(?:hands|feet)",
            r"itch\w*\s+all\s+over",
            r"(?:obstetric\s+)?cholestasis",
        ],
        words="cholestasis",
    ),
    C(
        "hyperemesis",
        "severe vomiting in pregnancy",
        [
            r"hyperemesis",
            r"(?:sick|vomit\w*|throwing\s+up)\s+(?:[\w']+\s+){0,3}(?:\d+|several|many|loads\s+of)"
            r"(?:\s*-\s*\d+)?\s+times\s+a\s+day",
        ],
        words="hyperemesis",
    ),
    C(
        "postpartum",
        "recently given birth",
        [
            r"postpartum|post[\s-]partum|postnatal|post[\s-]natal|puerper\w*",
            r"(?:\d+|a|one|two|three|four|five|six|few)\s+(?:days?|weeks?)\s+(?:after|since)\s+"
            r"(?:having|giving\s+birth|delivery|delivering|i\s+had|she\s+had|my\s+(?:c-?section|"
            r"caesarean|cesarean|baby|labou?r))",
            r"(?:gave\s+birth|had\s+(?:my|the|a|our|her)\s+baby|delivered)\s+(?:[\w']+\s+){0,3}"
            r"(?:days?|weeks?)\s+ago",
            r"(?:day|d)\s*\d{1,2}\s+(?:post[\s-]?(?:partum|natal|delivery|nvd|lscs|cs|c-?section)|"
            r"after\s+(?:delivery|birth))",
        ],
        words="postpartum postnatal",
    ),
    C(
        "travel",
        "recent travel to a malaria area",
        [
            r"(?:got|came|come|just|recently|returned|arrived|flew|back)\s+(?:back\s+)?(?:home\s+)?"
            r"from\s+(?:[\w']+\s+){0,2}(?:africa|asia|india|ghana|nigeria|kenya|uganda|tanzania|"
            r"malawi|zambia|zimbabwe|sierra\s+leone|cameroon|congo|sudan|ethiopia|mozambique|"
            r"senegal|gambia|mali|pakistan|bangladesh|thailand|cambodia|vietnam|indonesia|"
            r"papua|brazil|amazon|the\s+tropics|safari|abroad)",
            r"(?:travell?ed|traveled|been|went|was|visited|visiting|trip|holiday|stayed)\s+(?:[\w']+\s+){0,2}"
            r"(?:to|in)\s+(?:[\w']+\s+){0,2}(?:africa|asia|india|ghana|nigeria|kenya|uganda|tanzania|malawi|zambia|zimbabwe|sierra\s+leone|cameroon|congo|sudan|ethiopia|mozambique|senegal|gambia|mali|pakistan|bangladesh|thailand|cambodia|vietnam|indonesia|papua|brazil|amazon|the\s+tropics|safari)",
            r"malaria",
        ],
        words="malaria",
    ),
    C(
        "jaundice",
        "jaundice (yellow skin or eyes)",
        [
            r"jaundic\w*",
            r"icter\w*",
            r"(?:eyes|skin|whites\s+of\s+(?:my|his|her|the)\s+eyes)\s+(?:[\w']+\s+){0,4}yellow",
            r"yellow\w*\s+(?:eyes|skin)",
            r"(?:gone|turned|going|looks?|looking)\s+yellow",
        ],
        words="jaundice jaundiced",
    ),
    C(
        "heart_failure",
        "heart failure features",
        [
            r"orthopno\w*",
            r"(?:sleep\w*|propped)\s+(?:[\w']+\s+){0,3}(?:\d|two|three|four|more|extra)\s+pillows",
            r"can't\s+lie\s+flat",
            r"(?:breathless|short\s+of\s+breath|sob|can't\s+breathe)\s+(?:[\w']+\s+){0,2}(?:lying\s+(?:down|"
            r"flat)|in\s+bed|when\s+(?:i|she|he)\s+lie)",
            r"paroxysmal\s+nocturnal",
            r"heart\s+failure|ccf|chf|hfref|hfpef",
            r"(?:ankles?|legs|feet)\s+(?:[\w']+\s+){0,3}(?:swollen|swelling|puffy|o?edema\w*)",
            r"(?:swollen|puffy)\s+(?:ankles|legs|feet)",
            r"(?:peripheral|pedal|ankle|bilateral\s+leg)\s+o?edema",
            r"(?:breathless|short\s+of\s+breath|sob|out\s+of\s+breath)\s+(?:[\w']+\s+){0,4}"
            r"(?:stairs|walking|exertion|climbing|hills?)",
            r"soboe",
        ],
        words="orthopnoea orthopnea",
    ),
    C(
        "cannot_weight_bear",
        "unable to bear weight / possible fracture",
        [
            r"(?:can't|cannot|unable\s+to|couldn't|can\s+not|won't)\s+(?:put|bear|take)\s+(?:any\s+)?"
            r"weight",
            r"non[\s-]?weight[\s-]?bearing|nwb",
            r"(?:can't|cannot|unable\s+to|couldn't|not\s+able\s+to)\s+weight[\s-]?bear\w*",
            r"(?:can't|cannot|unable\s+to)\s+(?:walk|stand)\s+on\s+(?:it|my|his|her)",
            r"bony\s+tenderness",
            r"(?:deformed|deformity)",
        ],
    ),
    C(
        "recurrent_falls",
        "falling more often",
        [
            r"(?:falling|fallen|falls)\s+(?:more|a\s+lot|frequently|again\s+and\s+again)",
            r"(?:recurrent|frequent|repeated)\s+falls",
            r"keeps?\s+falling",
        ],
        exclude=[r"(?:falling|falls)\s+(?:a\s+lot\s+|more\s+)?(?:asleep|to\s+sleep|off\s+to\s+sleep|in\s+love)"],
    ),
    C(
        "foreign_body",
        "swallowed object",
        [
            r"(?:swallowed|ate|eaten|swallow)\s+(?:a|an|the|some|two|\d+|one\s+of)\s+(?:[\w']+\s+)"
            r"{0,2}(?:coins?|marbles?|beads?|screws?|nails?|pins?|earrings?|stones?|toys?|lego|"
            r"keys?|rings?|buttons?(?!\s+batter)|bottle\s+tops?|pen\s+lids?)",
            r"(?:\d+p|penny|pound|cent|quarter|dime|nickel)\s+coin",
            r"coin\s+(?:[\w']+\s+){0,2}swallowed",
        ],
    ),
    C(
        "bite",
        "animal or human bite",
        [
            r"(?:dog|cat|human|animal|fox|bat|monkey|rat|horse|ferret|hamster|puppy|kitten)\s+"
            r"(?:bite|bit|bites|bitten)",
            r"bitten\s+(?:[\w']+\s+){0,5}(?:dog|cat|person|child|kid|man|woman|animal|"
            r"fox|bat|monkey|rat|ferret|hamster|puppy|kitten|someone|stranger|toddler|boy|girl)",
            r"(?:tooth|teeth)\s+(?:[\w']+\s+){0,2}(?:broke|went\s+through|cut|pierced)\s+(?:the\s+)?skin",
            r"(?:dog|cat|puppy|kitten|hamster|ferret|rabbit)\s+(?:[\w']+\s+){0,2}bit\s+(?:me|him|"
            r"her|my|his|them|our)",
            r"fight\s+bite",
        ],
        # the animal biting an object ("dog bit his chew toy") is not a bite wound
        exclude=[
            r"(?:dog|cat|puppy|kitten|hamster|ferret|rabbit)\s+(?:bite|bit|bites)\s+(?:his|her|its|the|a|"
            r"my|their|our)\s+(?:own\s+)?(?:chew|toy|ball|bone|lead|leash|food|stick|tail|paw|bed|"
            r"blanket|slipper|shoe)\w*"
        ],
    ),
    C(
        "sore_throat",
        "sore throat",
        [
            r"sore\s+throat",
            r"tonsil\w*",
            r"pharyngitis",
            r"throat\s+(?:is\s+|has\s+been\s+)?(?:really\s+|very\s+|so\s+)?(?:sore|painful)",
        ],
        words="tonsillitis tonsils pharyngitis",
    ),
    C(
        "quinsy_signs",
        "quinsy signs (one-sided throat swelling, trismus)",
        [
            r"quinsy|peritonsillar",
            r"(?:one|1)\s+side\s+(?:[\w']+\s+){0,4}(?:swollen|swelling|bigger|big|huge|enlarged)",
            # the uvula in lay words: "the dangly thing at the back is pushed to the other side"
            r"(?:dangly|dangling|hanging|small|little)\s+(?:thing|bit)\s+(?:[\w']+\s+){0,6}?(?:pushed|moved|shifted|"
            r"leaning|to\s+(?:one|the\s+other|other)\s+side)",
            r"(?:hard|difficult|can't|unable|struggling|painful|hurts)\s+to\s+open\s+(?:my|his|her)"
            r"\s+mouth",
            r"trismus",
            r"(?:can|could)\s+(?:barely|hardly|only\s+just)\s+open\s+(?:my|his|her)\s+mouth",
            r"(?:on|down)\s+one\s+side\s+only|only\s+(?:on\s+)?one\s+side",
            r"hot\s+potato",
            r"uvula\s+(?:[\w']+\s+){0,3}(?:pushed|deviated|to\s+one\s+side|off\s+centre)",
        ],
        words="quinsy peritonsillar trismus",
    ),
    C(
        "tonsil_pus",
        "pus on the tonsils",
        [r"(?:white|yellow)\s+(?:spots|patches|pus)", r"exudat\w*", r"pus\s+on"],
    ),
    C(
        "croup",
        "croup (barking cough)",
        [r"croup\w*", r"bark\w*\s+(?:[\w']+\s+)?cough", r"cough\s+(?:[\w']+\s+){0,3}(?:like\s+a\s+)?(?:seal|bark)",
         r"seal[\s-]*(?:like\s+)?(?:bark|cough)"],
        words="croup barking",
    ),
    C(
        "dental_abscess",
        "dental abscess",
        [
            r"(?:dental|tooth|gum)\s+(?:abscess|abcess|absess|abses|abcsess|absces|abscesses)",
            # a tooth problem with the face swelling up: "my cheek swelled up since yesterday"
            r"(?:tooth|teeth|toothache|molar|wisdom)(?=[^.?!]{0,80}(?:cheek|face|jaw)\s+(?:[\w']+\s+){0,2}"
            r"(?:swell\w*|swollen|puff\w*))",
            r"(?:tooth|teeth|toothache|gum|molar|wisdom)\s+(?:[\w']+\s+){0,6}(?:swelling|swollen|pus"
            r"|lump)",
            r"(?:swelling|swollen|abscess|lump)\s+(?:[\w']+\s+){0,3}(?:on|in|of)\s+(?:the|my|his|her)"
            r"\s+gum",
        ],
    ),
    C(
        "alcohol_withdrawal",
        "alcohol withdrawal",
        [
            r"(?:stopped|quit|cut\s+down|cutting\s+down|stopping)\s+(?:[\w']+\s+){0,2}(?:drinking|"
            r"alcohol|booze)",
            r"(?:alcohol|drink)\s+withdrawal",
            r"withdraw\w*\s+from\s+(?:alcohol|drink)",
        ],
    ),
    C(
        "psychotic_features",
        "delusions, hallucinations or paranoia",
        [
            # delusions about the baby ("says the baby isn't hers", "thinks they swapped him")
            r"(?:baby|he|she|him|her|it)\s+(?:isn't|is\s+not|wasn't|is\s+n't|aren't)\s+"
            r"(?:really\s+)?(?:hers|mine|ours|his|theirs|my\s+baby|her\s+baby|our\s+baby|real)",
            r"not\s+(?:really\s+)?(?:her|my|our)\s+(?:real\s+)?(?:baby|child|son|daughter)",
            r"(?:baby|he|she)\s+(?:was|has\s+been|got)\s+(?:swapped|switched|replaced)",
            r"(?:swapped|switched|replaced)\s+(?:the|my|her|our)\s+baby",
            r"(?:baby|he|she)\s+is\s+(?:the\s+devil|evil|possessed|an?\s+imposter|an?\s+impostor)",
            # hallucinations and messages
            r"hearing\s+(?:voices|messages|things|god)",
            r"(?:hears|heard|hear)\s+voices",
            r"(?:getting|receiving|seeing|hearing)\s+(?:secret\s+|special\s+|hidden\s+)?"
            r"messages\s+(?:from|in|on|through)",
            r"(?:tv|television|radio|phone)\s+(?:is\s+)?(?:talking\s+to|sending\s+(?:her|him|me)|"
            r"giving\s+(?:her|him|me)\s+messages)",
            r"seeing\s+(?:things|people|faces|shadows)\s+that\s+(?:aren't|are\s+not)\s+there",
            # paranoia
            r"(?:thinks|believes|convinced|sure|says)\s+(?:that\s+)?(?:people|everyone|someone|"
            r"they|we|the\s+\w+)\s+(?:are|is)\s+(?:out\s+to\s+get|trying\s+to\s+(?:hurt|harm|"
            r"kill|take|poison)|watching|following|spying|poisoning|plotting|after)",
            r"paranoi\w*",
            r"delusion\w*|delusional",
            r"psychos[ie]s|psychotic",
        ],
        words="paranoid paranoia delusional delusions psychosis psychotic",
    ),
    C(
        "hallucinations",
        "hallucinations",
        [r"hallucinat\w*", r"(?:seeing|hearing)\s+things", r"\bdts\b", r"delirium\s+tremens"],
        words="hallucinations hallucinating",
    ),
    C(
        "withdrawal_signs",
        "withdrawal signs",
        [r"shak\w*", r"tremor\w*", r"sweat\w*", r"anxious", r"the\s+shakes"],
    ),
    C(
        "new_drug",
        "after a new medicine",
        [
            r"(?:new|started|starting|start|began|after)\s+(?:[\w']+\s+){0,2}(?:antibiotics?|"
            r"tablets?|medicines?|medication|drugs?|penicillin|amoxicillin|amoxycillin|course)",
        ],
    ),
    C(
        "cancer",
        "cancer",
        [
            r"cancer\w*",
            r"(?:breast|prostate|lung|renal|bowel|kidney|thyroid)\s+ca",
            r"malignan\w*",
            r"myeloma",
            r"lymphoma",
            r"oncology",
            r"mets",
            r"metasta\w*",
            r"(?:spread|gone)\s+to\s+(?:the\s+|my\s+|his\s+|her\s+)?(?:bones?|spine)",
            r"bone\s+(?:mets|secondaries|metastas\w*)",
            r"secondaries",
        ],
        words="metastases metastatic malignancy myeloma lymphoma",
    ),
    C(
        "leg_weakness",
        "new leg weakness or difficulty walking",
        [
            r"(?:legs?|both\s+legs)\s+(?:[\w']+\s+){0,3}(?:weak\w*|heavy|numb|giving\s+way|"
            r"not\s+working|wobbly|like\s+jelly)",
            r"(?:weak\w*|heavy|numb)\s+(?:[\w']+\s+){0,2}legs",
            r"(?:struggling|difficulty|trouble|can't|cannot|unable)\s+(?:to\s+)?(?:walk\w*|stand\w*)",
            r"(?:bilateral|bilat)\s+(?:leg|lower\s+limb|ll)\s+weakness",
            r"sensory\s+level",
            r"(?:can't|cannot|unable\s+to|couldn't)\s+(?:lift|move|raise|feel)\s+(?:his|her|my|their|both)"
            r"\s+legs?",
            r"(?:can't|cannot)\s+feel\s+(?:anything\s+)?(?:below|from)\s+(?:the|his|her|my)\s+\w+",
            r"numb\w*\s+(?:from|below)\s+(?:the|his|her|my)\s+(?:waist|belly\s*button|umbilicus|"
            r"nipples?|chest)",
            r"(?:unsteady|off\s+(?:my|his|her)\s+feet)",
        ],
    ),
    C(
        "wound_recent",
        "recent wound or skin breach",
        [
            r"(?:cut|graze|scratch|wound|injury|splinter|blister|bite|scrape|laceration|surgery|"
            r"operation|injection\s+site|tattoo|burn|insect\s+bite)\s+(?:[\w']+\s+){0,4}(?:yesterday|days?\s+ago|"
            r"last\s+(?:night|week))",
            r"(?:cut|grazed|scratched|injured|nicked)\s+(?:my|his|her)\s+\w+",
            r"(?:small|minor|little)\s+(?:cut|graze|scratch|wound|scrape)",
        ],
    ),
    C(
        "pain_out_of_proportion",
        "pain out of proportion",
        [
            r"(?:pain|hurts?|agony)\s+(?:[\w']+\s+){0,4}out\s+of\s+proportion",
            r"(?:way\s+|much\s+|far\s+)?worse\s+than\s+(?:it\s+)?(?:looks|it\s+looks|expected)",
            r"excruciating",
            r"(?:agoni[sz]ing|unbearable|severe)\s+pain\s+(?:[\w']+\s+){0,4}(?:wound|cut|leg|arm|"
            r"graze)",
            r"(?:now\s+)?(?:agoni[sz]ing|unbearable|severe|horrendous|extreme)\s+pain",
            r"pain\s+(?:is|was|has\s+become|got|getting)\s+(?:[\w']+\s+)?(?:unbearable|excruciating|"
            r"agoni[sz]ing|horrendous|horrific|out\s+of\s+proportion|the\s+worst)",
        ],
        words="excruciating proportion",
    ),
    C(
        "skin_necrosis",
        "dusky, purple or blistering skin",
        [
            r"(?:skin|leg|arm|area|wound|it)\s+(?:[\w',]+\s+){0,3}(?:purple|dusky|black|blue|grey|"
            r"blister\w*|mottled|bruised\s+looking|crackl\w*)",
            r"(?:purple|dusky|bluish|dark|black)\s+(?:and\s+)?(?:[\w']+\s+){0,2}(?:skin|patch|area|"
            r"blisters?)",
            r"(?:haemorrhagic|hemorrhagic|bloody)\s+(?:blisters|bullae)",
            r"crepitus",
            r"necroti[sz]ing\s+fasciitis|nec\s+fasc|flesh[\s-]eating",
        ],
        words="necrotising necrotizing fasciitis dusky",
    ),
    C(
        "heat_exposure",
        "heat or cold exposure",
        [
            r"heat\s*wave|heatwave|heat\s+stroke|heatstroke|sun\s*stroke|heat\s+exhaustion",
            r"(?:in|out\s+in)\s+the\s+(?:sun|heat)\s+(?:all\s+day|for\s+hours)",
            r"(?:hot|boiling)\s+(?:car|flat|room|day|weather)",
            r"no\s+(?:ac|air\s+con\w*|aircon\w*|fan)",
            r"(?:marathon|festival|sauna)",
        ],
    ),
    C(
        "hypothermia",
        "hypothermia / severe cold exposure",
        [
            r"hypotherm\w*",
            r"(?:found|lying|lay|out)\s+(?:[\w']+\s+){0,4}(?:in\s+the\s+)?(?:cold|snow|freezing|"
            r"outside\s+all\s+night)",
            r"(?:fell|been)\s+(?:in(?:to)?\s+)?(?:the\s+)?(?:icy|freezing|cold)\s+(?:water|river|"
            r"sea|lake)",
        ],
        words="hypothermia hypothermic",
    ),
    # --- education / exam ---------------------------------------------------------------------
    C(
        "symptom_generic",
        "current symptom present",
        [r"c/o", r"complain\w*\s+of", r"presents?\s+with", r"presenting\s+with"],
    ),
)

BY_NAME: dict[str, Concept] = {c.name: c for c in CONCEPTS}

# Short clinical words a two-letter swap may be corrected to ("pian" -> "pain").
CORE_WORDS = [
    "pain",
    "chest",
    "fever",
    "blood",
    "vomit",
    "faint",
    "rash",
    "stiff",
    "numb",
    "weak",
    "sweat",
    "sweaty",
    "breath",
    "throat",
    "tongue",
    "lips",
    "face",
    "speech",
    "droop",
    "drowsy",
    "floppy",
    "bleed",
    "clots",
    "stool",
    "urine",
    "swollen",
    "sugar",
    "ketones",
    "heart",
    "stroke",
    "fits",
    "fitting",
    "seizure",
    "choke",
    "choking",
    "blue",
    "pale",
    "cold",
    "confused",
]


def vocabulary() -> set[str]:
    """Clinical words the typo corrector may map a misspelling to (declared per concept)."""
    return {w for concept in CONCEPTS for w in concept.vocabulary} | set(CORE_WORDS)


# Ordinary words one edit from a clinical word, which must never be "corrected" to it.
PROTECTED_WORDS = ["indigestion", "digestion", "digestive", "injection", "injections", "inspection", "infection", "infections", "ingestions", "suggestion", "congestion", "congested", "question", "questions",
                   # "spitting blood" is not "spotting"
                   "spitting", "spitted", "spittle"]


def lexicon_words() -> set[str]:
    """Every literal word of 6+ letters in the patterns and exclusions (never corrected),
    and :data:`PROTECTED_WORDS`."""
    words: set[str] = set(PROTECTED_WORDS)
    for concept in CONCEPTS:
        for rx in (concept.pattern, concept.exclude):
            if rx is not None:
                words.update(re.findall(r"[a-z]{6,}", rx.pattern))
    return words
