"""The ConText algorithm (Harkema, Chapman et al. 2009, an extension of NegEx) on plain strings.

A finding ("target") found in a sentence is modified by *trigger terms* around it: each trigger
has a category (negated, historical, hypothetical, family, possible), a direction (forward: it
modifies what follows; backward: what precedes; both) and a scope that runs to the end of the
sentence or to the nearest *terminator* ("but", "now", "presents with" ...), capped at a number
of words. *Pseudo-triggers* look like triggers but are not ("no increase", "not only", "gram
negative") and are removed before scoping.

We implement it ourselves rather than use medspaCy: medspacy 1.3.1 pins spaCy 3.7 / thinc 8.2,
which downgrade numpy 2.x to 1.26 (breaking the torch/transformers stack), and it pulls source
builds (PyRuSH, QuickUMLS) and nltk into the app bundle, for what is here ~200 lines and well
under a millisecond a message.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    NEGATED = "negated"
    HISTORICAL = "historical"
    HYPOTHETICAL = "hypothetical"
    FAMILY = "family"
    POSSIBLE = "possible"  # uncertainty: still a current concern for triage


class Direction(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"
    BIDIRECTIONAL = "bidirectional"


@dataclass(frozen=True)
class Trigger:
    category: Category
    direction: Direction
    pattern: re.Pattern[str]
    max_words: int = 8


@dataclass(frozen=True)
class Modifier:
    category: Category
    start: int
    end: int
    text: str


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])(?:" + "|".join(alternatives) + r")(?![\w/])")


F, B, BI = Direction.FORWARD, Direction.BACKWARD, Direction.BIDIRECTIONAL
N, H, HY, FA, P = (
    Category.NEGATED,
    Category.HISTORICAL,
    Category.HYPOTHETICAL,
    Category.FAMILY,
    Category.POSSIBLE,
)

TRIGGERS: tuple[Trigger, ...] = (
    # negation (NegEx pre-/post-negation triggers)
    Trigger(
        N,
        F,
        _rx(
            r"no",
            r"not",
            r"never",
            r"nor",
            r"neither",
            r"without",
            r"w/o",
            r"denies",
            r"denied",
            r"denying",
            r"deny",
            r"negative\s+for",
            r"free\s+of",
            r"absence\s+of",
            r"absent",
            r"isn't",
            r"wasn't",
            r"doesn't",
            r"didn't",
            r"don't",
            r"hasn't",
            r"haven't",
            r"aren't",
            r"weren't",
            r"cannot\s+be",
            # "nothing sudden", "nothing severe about it": the quality is denied
            r"nothing(?=\s+(?:sudden|abrupt|severe|serious|bad|major|dramatic|acute|unusual)\b)",
            r"no\s+longer",
            r"no\s+(?:signs?|evidence|symptoms?|history|complaints?|hx)\s+of",
            r"ruled\s+out",
            r"nil",
            r"nad",
            r"unremarkable\s+for",
        ),
        max_words=6,
    ),
    Trigger(
        N,
        B,
        _rx(
            r"(?:(?:has|have|had|was|were|is|are)\s+(?:been\s+)?)?(?:ruled\s+out|excluded)",
            r"(?:is|are|was|were)\s+(?:absent|negative|normal)",
            r"denied",
            r"not\s+present",
            r"neg",
            r"negative",
            r"resolved",
            r"has\s+(?:now\s+)?(?:gone|settled|stopped)(?:\s+away)?(?=\s*(?:$|[,.;!?]))",
            r"(?:now\s+)?settled",
            r"went\s+away",
            # "vomiting no, eating ok": a checklist answer
            r"no(?=\s*(?:[,;.]|$))",
        ),
        max_words=4,
    ),
    # history
    Trigger(
        H,
        F,
        _rx(
            r"(?:h/o|hx|pmhx?|p/m/h|past\s+(?:medical\s+)?history)\s*[:-]",
            r"h/o",
            r"hx\s+of",
            r"hx",
            r"pmh(?:x)?",
            r"p/m/h",
            r"past\s+(?:medical\s+)?history(?:\s+of)?",
            r"history\s+of",
            r"known\s+history\s+of",
            r"previous(?:ly)?",
            r"prior",
            r"past",
            r"old",
            r"remote",
            r"had\s+(?:an?\s+)?(?:episode|episodes)\s+of",
            r"allergic\s+to",
            r"allergy\s+to",
            r"allerg(?:y|ies)\s*:",
            r"(?:years|decades)\s+ago\s+(?:she|he|i|they)\s+had",
            r"used\s+to\s+(?:have|get)",
            r"residual",
            r"repaired",
            r"s/p",
            r"status\s+post",
            r"post[\s-]op(?:erative)?\s+(?:repair|resection)\s+of",
            r"chronic",
            r"long[\s-]?standing",
            r"(?:was\s+)?admitted\s+(?:\w+\s+)?(?:with|for)",
            r"was\s+(?:treated|diagnosed|seen|hospitali[sz]ed)\s+(?:for|with)",
            r"(?:had|has\s+had)\s+(?:an?\s+)?(?:episode|bout|attack)\s+of",
            r"back\s+in\s+(?:19|20)\d\d",
        ),
        max_words=8,
    ),
    # an age or era before the finding ("as a kid I had ...", "in my twenties I took an
    # overdose", "at 12 I had meningitis", "documented 2015 anaphylaxis")
    Trigger(
        H,
        F,
        _rx(
            r"as\s+an?\s+(?:child|kid|teenager|teen|infant|baby|student|toddler|youngster|boy|girl)",
            r"in\s+(?:his|her|my|their)\s+(?:childhood|youth|teens|twenties|thirties|forties|"
            r"fifties|20s|30s|40s|50s)",
            r"when\s+(?:i|he|she|they)\s+(?:was|were)\s+(?:(?:about|around|roughly|only|just|"
            r"aged)\s+)?(?:a\s+)?(?:child|kid|teen\w*|young|little|baby|toddler|small|"
            r"(?:1[0-9]|[2-9][0-9]|[1-9])(?!\s*(?:months?|weeks?|days?|mo|wks?)\b))",
            r"(?:when\s+(?:i|he|she|they)\s+(?:was|were)\s+)?diagnosed\s+(?:with\s+)?"
            r"(?:[\w-]+\s+){0,3}?(?:at|aged)\s+"
            r"(?:about\s+)?\d{1,2}(?!\s*(?:months?|weeks?|days?|am|pm)\b)",
            # "at 12 I had ...": ages of ten and over, and not with a clock cue in the sentence
            # ("at 9 she had a fit", "at 11 this morning he had"), so a time is not an age
            r"at\s+(?:about\s+|around\s+)?(?:1[0-9]|[2-9][0-9])(?=\s+(?:i|he|she|they)\s+"
            r"(?:had|was|were|got|took|needed|developed|nearly)(?![^.!?]*(?:today|this\s+"
            r"(?:morning|afternoon|evening)|tonight|last\s+night|o'?clock|\d\s*(?:am|pm)|"
            r"hours?\s+ago|mins?\s+ago|minutes\s+ago)))",
            r"(?:documented|recorded|confirmed)\s+(?:in\s+)?(?:19|20)\d\d",
            r"in\s+(?:19|20)\d\d(?=\s*,?\s*(?:i|he|she|they)\s)",
        ),
        max_words=10,
    ),
    Trigger(
        H,
        B,
        _rx(
            r"(?:\d+|a\s+few|several|many|two|three|four|five|ten)\s+(?:years?|yrs?|decades?)\s+ago",
            r"(?:\d+|a\s+few|several|many|two|three|six)\s+months?\s+ago",
            r"last\s+(?:year|yr|summer|winter|spring|autumn|christmas|decade|month)",
            r"in\s+(?:19|20)\d\d",
            r"as\s+an?\s+(?:child|kid|teenager|teen|infant|baby|student|toddler|youngster|boy|girl)",
            r"when\s+(?:i|he|she|they)\s+(?:was|were)\s+(?:(?:about|around|roughly|only|just|"
            r"aged)\s+)?(?:a\s+)?(?:child|kid|teen\w*|young|little|baby|toddler|small|\d+)",
            r"in\s+(?:his|her|my|their)\s+(?:forties|fifties|20s|30s|40s|50s)",
            r"in\s+(?:his|her|my|their)\s+(?:childhood|youth|twenties|thirties|teens)",
            r"in\s+childhood",
            r"(?:fully\s+)?recovered",
            r"in\s+the\s+past",
            r"(?:well|fully)\s+controlled",
            r"under\s+control",
            r"in\s+(?:my|her|a|the)\s+(?:first|last|previous|earlier|prior|second|other)\s+"
            r"(?:pregnancy|pregnancies|baby|child|labou?r)",
            r"(?:at\s+(?:the\s+)?age\s+(?:of\s+)?|when\s+(?:he|she|i|they)\s+was\s+(?:aged\s+)?)"
            r"\d{1,2}(?!\s*(?:months?|weeks?|days?|mo|wks?|m\b))",
            r"(?:none|nothing|no\s+more|not\s+again|fine|well|ok|okay|normal|stable)\s+(?:ever\s+)?"
            r"since",
            r"at\s+diagnosis",
            r"diagnosed\s+(?:at|aged)\s+(?:about\s+)?\d{1,2}(?!\s*(?:months?|weeks?|days?|am|pm)\b)",
            # "a heart attack at 45, I'm 60 now": an age, then the present age
            r"at\s+(?:about\s+|around\s+|age\s+)?\d{1,2}(?=\s*,?\s*(?:and\s+)?(?:i'?m|"
            r"i\s+am|he'?s|she'?s|he\s+is|she\s+is|they'?re|now)\s+(?:now\s+)?(?:aged\s+)?\d{1,2}(?!\s*(?:am|pm|o'?clock|:)))",
            r"\(?(?:19|20)\d\d\)?(?!\s*(?:mg|g|ml|mcg|units?|kcal|calories|steps|m|ft|kg|mmol|%|"
            r"hrs?|hours|h))",
            r"years\s+back",
            r"(?:some|many)?\s*years\s+ago",
            r"when\s+(?:i|he|she|they)\s+(?:was|were)\s+(?:at|in)\s+(?:uni|university|college|school)",
        ),
        max_words=12,
    ),
    # hypothetical / future / what-if
    Trigger(
        HY,
        F,
        _rx(
            # "if someone is having a stroke": the verb would otherwise end the scope at once
            r"(?:if|when|in\s+case)\s+(?:someone|somebody|anyone|anybody|a\s+person|a\s+patient|"
            r"people|you|your\s+(?:child|baby|kid)|a\s+(?:child|baby|kid|friend))\s+(?:is|are|"
            r"were|was)?\s*(?:having|has|had|gets?|got|develops?|shows?|goes\s+into)",
            r"if",
            r"in\s+case(?:\s+of)?",
            r"in\s+the\s+event\s+of",
            r"should\s+(?:she|he|they|i|you|the\s+patient)\s+(?:ever\s+)?(?:develop|get|have)",
            r"what\s+if",
            r"suppose",
            r"supposing",
            r"imagine",
            # "Say I'm hiking and get bitten by an adder - what do I do?": a scenario, not an event
            r"(?:^|(?<=[,;:-]\s))(?:say|let's\s+say|lets\s+say)\s+(?:i|i'm|we|we're|you|someone|somebody|"
            r"my\s+\w+|a\s+\w+)(?=\s)",
            r"hypothetical(?:ly)?",
            r"return\s+(?:to\s+\w+\s+)?if",
            r"come\s+back\s+if",
            r"seek\s+help\s+if",
            r"watch\s+(?:out\s+)?for",
            r"look\s+out\s+for",
            r"be\s+aware\s+of",
            r"how\s+(?:would|do|can|to)\s+(?:i|you|we|one)?\s*(?:recogni[sz]e|spot|tell|know)",
            r"risk\s+of",
            r"at\s+risk\s+(?:of|for)",
            r"prevent(?:ion\s+of|ing)?",
            r"to\s+avoid",
            r"worried\s+(?:about|that)\s+(?:she|he|i|they)\s+(?:might|could|will)",
            r"might\s+(?:get|develop)",
            r"could\s+(?:get|develop)",
        ),
        max_words=10,
    ),
    # "is it a sign of a stroke?": asking whether a symptom means a condition; only the named
    # condition right after is hypothetical (the symptom itself is still reported)
    Trigger(
        HY,
        F,
        _rx(
            r"(?:is|could|can|might|would)\s+(?:it|this|that|these|those)\s+(?:be\s+)?(?:an?\s+)?"
            r"(?:early\s+|warning\s+)?(?:signs?|symptoms?)\s+of",
            r"what\s+(?:are|is)\s+(?:the\s+)?(?:main\s+|early\s+|warning\s+|common\s+)?(?:signs?|"
            r"symptoms?|red\s+flags?)\s+(?:of|for)",
            r"what\s+(?:\w+\s+)?counts?\s+as",
            # "what is the treatment for anaphylaxis?": the named condition is the topic
            r"(?:what|which)\s+(?:is|are|'s)\s+(?:the\s+)?(?:\w+\s+)?(?:treatment|management|drug|dose|"
            r"antidote|first[\s-]line\s+\w+)\s+(?:of|for)",
            r"how\s+(?:is|are|do\s+you|should\s+you)\s+(?:\w+\s+)?(?:treat|manage)(?:ed)?",
            r"what\s+(?:temperature|temp|reading|level|number|sugar|bp)\s+(?:is|would\s+be|means)",
        ),
        max_words=2,
    ),
    # family history / other experiencer with a past event
    Trigger(
        FA,
        F,
        _rx(
            # headers first: alternation takes the first that matches, and the colon would
            # otherwise end the scope at once
            r"(?:family\s+history|fhx?|f/h|fh)\s*[:-]",
            r"family\s+history(?:\s+of)?",
            r"fhx?(?:\s+of)?",
            r"f/h",
            r"fh\s*:",
            # "father MI at 52", "mum breast ca aged 40": a relative, a condition, an age
            r"(?:mother|father|mum|mom|dad|brother|sister|sibling|grandmother|grandfather|"
            r"grandma|grandpa|grandad|granddad|granny|gran|nana|nanna|nan|aunt|uncle|cousin|parents?)(?=\s[\w\s-]{1,30}\b(?:at|aged)\s+"
            r"(?:age\s+)?\d{2}(?!\s*(?:am|pm|:|\.\d|h\b|hrs|hours|mins?|minutes|mg|%)))",
            r"(?:mother|father|mum|mom|dad|brother|sister|sibling|grandmother|grandfather|"
            r"grandma|grandpa|grandad|granddad|granny|gran|nana|nanna|nan|aunt|uncle|cousin|parents?)\s+(?:died|passed\s+away)\s+(?:of|from|"
            r"after|with)",
            r"(?:mother|father|mum|mom|dad|brother|sister|grandmother|grandfather|grandad|granddad|granny|gran|nana|nan|aunt|uncle|"
            r"cousin|parents?)\s+(?:had|has\s+had|was\s+diagnosed\s+with)(?:\s+an?)?"
            r"(?=\s[\w\s-]{0,40}\b(?:at\s+(?:age\s+)?\d+|aged\s+\d+|when\s+(?:she|he)\s+was|in\s+"
            r"(?:his|her)\s+\d+s))",
            r"(?:mother|father|mum|mom|dad|brother|sister|sibling|grandmother|grandfather|"
            r"grandma|grandpa|grandad|granddad|granny|gran|nana|nanna|nan|aunt|uncle|cousin|parents?)\s+(?:died|passed\s+away)\s+by",
            # a relative's illness told as the reason for the writer's worry: "my sister had an
            # ectopic so I'm anxious", "mum had one, which is why I'm nervous"
            r"(?:mother|father|mum|mom|dad|brother|sister|sibling|grandmother|grandfather|"
            r"grandma|grandpa|grandad|granddad|granny|gran|nana|nanna|nan|aunt|auntie|uncle|cousin|"
            r"parents?|friend)\s+(?:had|has\s+had|was\s+diagnosed\s+with|went\s+through)(?:\s+an?)?"
            r"(?=\s[\w\s'-]{0,40}?\b(?:so|which\s+is\s+why|that's\s+why|and\s+now|and\s+so)\s+(?:i'm|i\s+am|"
            r"i\s+feel|i've\s+been|im)\s+(?:\w+\s+)?(?:anxious|worried|nervous|paranoid|scared|"
            r"terrified|panick\w*|frightened|on\s+edge|worrying))",
            # a relative's illness dated in the past ("my uncle collapsed with a heart attack at
            # Christmas", "aunt had a stroke last year") or followed by the writer's caring role
            # ("mum had a stroke and I'm now her full-time carer"): another person, not now
            r"(?:mother|father|mum|mom|dad|brother|sister|sibling|grandmother|grandfather|"
            r"grandma|grandpa|grandad|granddad|granny|gran|nana|nanna|nan|aunt|auntie|uncle|cousin|"
            r"parents?|husband|wife|partner)\s+(?:had|has\s+had|was\s+diagnosed\s+with|suffered|"
            r"collapsed\s+with|died\s+of|went\s+through)(?:\s+an?)?"
            r"(?=\s[\w\s'-]{0,40}?\b(?:last\s+(?:year|month|summer|winter|spring|autumn|christmas|"
            r"easter)|at\s+(?:christmas|easter|new\s+year)|in\s+(?:19|20)\d\d|(?:\d+|a\s+few|"
            r"several|two|three)\s+(?:years?|months?)\s+ago|years\s+ago|(?:and|so)\s+(?:now\s+)?"
            r"(?:i'm|i\s+am|im|i've\s+been)\s+(?:now\s+)?(?:his|her|their)\s+(?:\w+[\s-]?\w*\s+)?"
            r"(?:carer|caregiver|care\s+giver)))",
        ),
        max_words=10,
    ),
    # plural and extended relatives: "both my grandparents had strokes", "my parents both had
    # heart attacks", "my aunts all had", "on my uncle's side". Not a shared event ("my parents
    # had a car crash") nor anything with a recency cue ("... this morning"), and a short scope.
    Trigger(
        FA,
        F,
        _rx(
            r"(?:both\s+|all\s+)?(?:(?:my|his|her|our|their)\s+)?(?:both\s+)?(?:parents|"
            r"grandparents|grandmothers|grandfathers|grannies|aunts|aunties|uncles|cousins|"
            r"brothers|sisters|siblings|relatives|relations|family\s+members)"
            r"(?:\s+on\s+(?:both|either|my\s+\w+'?s?)\s+sides?)?(?:\s+(?:both|all|each|have|"
            r"also))*\s+(?:had|died\s+(?:of|from)|suffered\s+(?:from|with)?|were\s+diagnosed\s+with)"
            r"(?!\s+(?:a|an|the|one|some)\b)(?![^.!?]*(?:today|tonight|this\s+(?:morning|afternoon|"
            r"evening)|just|ago|right\s+now|yesterday|last\s+night))",
            r"on\s+(?:my|his|her|our|the)\s+(?:mum|mom|mother|dad|father|uncle|aunt|gran|"
            r"grandad|grandma|grandpa|nan|maternal|paternal)(?:'?s)?\s+side",
            r"(?:maternal|paternal)\s+(?:grand\w+|aunts?|uncles?|side|relatives|family)",
        ),
        max_words=6,
    ),
    Trigger(
        FA,
        B,
        _rx(
            r"runs?\s+in\s+(?:the|my|his|her|our)\s+family",
            r"in\s+(?:the|my|his|her|our)\s+family",
            r"in\s+(?:a\s+)?(?:first[\s-]degree\s+)?relatives?",
        ),
        max_words=8,
    ),
    # uncertainty: recorded but still treated as a current concern
    Trigger(
        P,
        F,
        _rx(
            r"possible",
            r"possibly",
            r"probable",
            r"suspected",
            r"suspect",
            r"query",
            r"\?",
            r"could\s+(?:this|it)\s+be",
            r"r/o",
            r"rule\s+out",
            r"concern\s+for",
            r"worried\s+about",
        ),
        max_words=6,
    ),
)

# Words that end a trigger's scope (ConText "termination terms").
TERMINATORS = re.compile(
    r"(?<!\w)(?:but|however|although|though|yet|except|apart\s+from|aside\s+from|whereas|"
    r"presents?|presenting|presented|p/w|complains?|complaining|complained|reports?|reporting|"
    r"reported|develop(?:s|ed|ing)?|now|currently|today|tonight|this\s+(?:morning|evening|"
    r"afternoon)|since|c/o|which|who|that\s+(?:is|was)|because|as\s+(?:she|he|i)|and\s+then|"
    r"then|came\s+in|comes\s+in|brought\s+in|found|noted|observed|appears|looks|showing|shows|"
    r"started|starting|suddenly|sudden|ongoing|still|"
    r"has\s+(?:had|got)|is\s+having|am\s+having|having|just|what|which|how|is\s+it|should)(?!\w)"
    r"|,\s*(?:acute|new|severe|worsening|increasing|progressive)(?!\w)"
    # a new clause with its own subject after a comma ("..., i've written a note")
    r"|,\s*(?:and\s+|so\s+)?(?:i|i've|i'm|i'd|i'll|he|she|they|we|he's|she's|they're|they've|we've|"
    r"it's|my\s+\w+\s+(?:is|has|was))(?![\w'])"
    r"|[:()\[\]]"
)
# Pseudo-triggers: contain a trigger word but do not modify the finding that follows.
PSEUDO = re.compile(
    r"(?<!\w)(?:not\s+sure|not\s+certain|no\s+idea|not\s+only|no\s+doubt|not\s+clear|"
    r"no\s+improvement|not\s+improv\w*|not\s+respond\w*|no\s+response|no\s+better|not\s+better|"
    r"not\s+stop\w*|won't\s+stop|will\s+not\s+stop|doesn't\s+stop|does\s+not\s+stop|"
    r"can't\s+stop|not\s+settl\w*|not\s+go(?:ne|ing)\s+away|no\s+relief|not\s+reliev\w*|"
    r"no\s+change|not\s+changed|no\s+increase|not\s+(?:able|eating|drinking|feeding|passing|"
    r"waking|moving|breathing|responding|rousable|wak(?:e|ing)|making\s+sense|"
    r"fading|blanching)|no\s+pulse|no\s+urine|no\s+wet|no\s+tears|no\s+movements?|"
    # an absent function is itself a finding: "no wind or poo for 3 days, vomiting green"
    r"no\s+(?:wind|flatus|farts?|poo|poos|stools?|bowel\s+movements?|bms?)(?:\s+(?:or|and|nor)\s+(?:wind|"
    r"flatus|poo|stools?|gas))?(?=\s+(?:for|since|x\s*\d|in)\b)|"
    r"(?:not|haven't|hasn't|hadn't)\s+(?:opened\s+(?:my|his|her|their)?\s*bowels|pooed|pooped|passed\s+"
    r"(?:wind|stool|flatus|gas))|"
    r"no\s+(?:fetal|foetal|baby)|gram[\s-]negative|doesn't\s+(?:fade|blanch|wake|go\s+away)|"
    r"does\s+not\s+(?:fade|blanch|wake|go\s+away)|didn't\s+(?:fade|blanch)|won't\s+(?:fade|"
    r"blanch|wake)|can't\s+(?:be\s+)?(?:woken|roused)|not\s+(?:a\s+)?(?:drill|joke|test)|"
    r"prior\s+to|if\s+(?:so|not)|as\s+if|even\s+if|not\s+sure\s+if|no\s+matter|"
    # "hasn't slept in days": sleeplessness is itself a finding, not a negation of what follows
    r"(?:not|hasn't|hadn't|haven't|can't|cannot|couldn't|won't|isn't|wasn't)\s+(?:been\s+)?"
    r"(?:sleep\w*|slept)|no\s+sleep|"
    r"(?:than|as)\s+(?:normal|usual)\s+since|"
    # "... if my face is drooping right now": an "if" clause about the present is not a what-if
    r"if\s+(?:[\w']+\s+){1,6}(?:right\s+now|at\s+the\s+moment|currently|as\s+we\s+speak)|"
    # clock times are not history: "found at quarter past seven", "ten past 6", "just past
    # midnight", "in the past few minutes"; "last seen normal / well at 2am" is stroke onset
    r"(?:quarter|half|ten|five|twenty|twenty[\s-]five|\d{1,2})\s+past(?=\s+(?:\d|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|midnight|noon|the\s+hour)\b)|"
    r"(?:just\s+|gone\s+|well\s+)?past\s+(?:midnight|noon|midday|the\s+hour|minutes?|mins?|"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*"
    r"(?:o'?clock|am|pm|a\.m\.|p\.m\.)|(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)(?=\s*(?:[,.;]|$|and|this|last|tonight|in\s+the)))|"
    r"last\s+(?:seen|known)\s+(?:\w+\s+)?(?:normal|well|ok|okay|fine|awake)|"
    r"past\s+(?:\d+|few|couple|hour|hours|day|days|week|weeks|night|fortnight|month|months|"
    r"two|three|four|several)|in\s+the\s+past\s+(?:\d+\s+|few\s+|couple\s+of\s+|two\s+|three\s+)?"
    r"(?:hours?|days?|minutes?|mins?|weeks?|fortnight|months?)|old\s+man|old\s+woman|old\s+lady|old\s+boy|"
    r"old\s+girl|old\s+(?:male|female|patient|child|baby|infant|son|daughter)|"
    r"(?:is|are|was|were|looks?|too|very|quite|really|so|getting|bit|pretty|fairly)\s+old|"
    r"\d+\s*(?:-|\s)?(?:year|yr|month|week|day)s?[\s-]old|\d+\s*(?:yo|y/o)|"
    r"\d+\s*/\s*(?:12|52)\s*(?:old|o)|(?:months?|weeks?|days?|yrs?|years?)\s+old)(?!\w)"
)


def _words_between(text: str, start: int, end: int) -> int:
    return len(text[start:end].split()) if end > start else 0


def find_modifiers(sentence: str) -> list[tuple[Trigger, Modifier]]:
    """Every trigger occurrence in ``sentence`` that is not part of a pseudo-trigger."""
    pseudo = [(m.start(), m.end()) for m in PSEUDO.finditer(sentence)]
    found: list[tuple[Trigger, Modifier]] = []
    for trig in TRIGGERS:
        for m in trig.pattern.finditer(sentence):
            if m.end() == m.start():
                continue
            if any(s <= m.start() < e for s, e in pseudo):
                continue
            found.append((trig, Modifier(trig.category, m.start(), m.end(), m.group(0))))
    found.sort(key=lambda tm: tm[1].start)
    return found


def _blocked(sentence: str, start: int, end: int) -> bool:
    return TERMINATORS.search(sentence, start, end) is not None


# A coordinated list after a negation ("no vomiting blood, no black stools, not lost weight",
# "denies chest pain, breathlessness, nausea or sweating"): NegEx negates every item, so the
# word cap does not apply while the gap is only short list items joined by commas / "or" /
# "and" / "nor". Items are at most four words and hold no pronoun or verb, so "no fever, he is
# vomiting" still ends the scope at the second clause.
_LIST_GAP = re.compile(
    r"^(?:(?:had|have|got|any|experienced|noticed)\s+)?(?:(?!(?:i|he|she|they|it|we|you|is|are|was|were|has|have|had|but|then|now)\b)"
    r"[\w'/-]+\b\s*){1,4}(?:(?:,|,?\s+(?:or|and|nor))\s*(?:(?:no|not|nor)\s+)?"
    r"(?:(?!(?:i|he|she|they|it|we|you|is|are|was|were|has|have|had|but|then|now)\b)"
    r"[\w'/-]+\b\s*){1,4})*(?:,|,?\s+(?:or|and|nor))\s*(?:(?:no|not|nor|any)\s+)?$"
)
LIST_MAX_WORDS = 24
_RESULT_NEGATION = re.compile(r"neg|negative|(?:is|are|was|were)\s+(?:absent|negative|normal)")


_FRAMING = re.compile(r"\s*(?:hypothetical(?:ly)?|theoretically|in\s+theory|purely\s+hypothetically)\s*[,:]")
SCOPE_CHARS = 240  # no trigger reaches further than this (max_words is at most 12)


def modifiers_for(
    sentence: str, start: int, end: int, modifiers: list[tuple[Trigger, Modifier]]
) -> list[Modifier]:
    """The modifiers whose scope covers the target at ``sentence[start:end]``.

    ``modifiers`` must be sorted by start (as :func:`find_modifiers` returns them), so only
    the few near the target are looked at, even in a 50,000-character run-on sentence.
    """
    out: list[Modifier] = []
    lo = bisect_left(modifiers, start - SCOPE_CHARS, key=lambda tm: tm[1].start)
    hi = bisect_right(modifiers, end + SCOPE_CHARS, key=lambda tm: tm[1].start)
    for trig, mod in modifiers[lo:hi]:
        if mod.start >= start and mod.end <= end:
            continue  # a trigger inside the target itself (e.g. "no pulse") does not modify it
        forward = trig.direction in (Direction.FORWARD, Direction.BIDIRECTIONAL)
        backward = trig.direction in (Direction.BACKWARD, Direction.BIDIRECTIONAL)
        if forward and mod.end <= start:
            gap = (mod.end, start)
        elif backward and mod.start >= end:
            gap = (end, mod.start)
        else:
            continue
        if (
            trig.category == Category.HYPOTHETICAL
            and mod.end <= start
            and _FRAMING.match(sentence)
            and mod.start < 4
        ):
            # "Hypothetically, if my mum (she has dementia) developed sepsis, what would ...":
            # a sentence opened as a what-if stays one to its end (no terminator inside it)
            out.append(mod)
            continue
        words = _words_between(sentence, *gap)
        if words > trig.max_words and not (
            trig.category == Category.NEGATED
            and mod.end <= start
            and words <= LIST_MAX_WORDS
            and _LIST_GAP.match(sentence[gap[0] : gap[1]].strip() + " ")
        ):
            continue
        if _blocked(sentence, *gap):
            continue
        if (
            trig.category == Category.NEGATED
            and mod.start >= end
            and "," in sentence[gap[0] : gap[1]]
            and _RESULT_NEGATION.fullmatch(mod.text)
        ):
            continue  # "ovarian cyst, UPT neg": a test result applies to its own list item
        out.append(mod)
    return out
