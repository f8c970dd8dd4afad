"""More same-day (urgent) discriminators, read from lay descriptions of each situation.

- medicine-safety signals (MHRA / BNF): sore throat, mouth ulcers or fever on a drug that can
  stop the bone marrow (clozapine, carbimazole, methotrexate, ...) needs a blood count today;
  lithium above range or with toxicity signs; a statin with muscle pain and dark urine
  (rhabdomyolysis); twisting neck or eyes rolling up after an antipsychotic or antiemetic
  (acute dystonia);
- urinary retention (cannot pass urine for hours, full painful bladder);
- pelvic inflammatory disease (BASHH: lower abdominal pain with discharge, a new partner,
  pain on sex or fever);
- hyperemesis with dehydration (RCOG GTG 69: nothing kept down, ketones, little urine);
- emergency contraception (FSRH: the sooner the better, within 72-120 h);
- postnatal low mood with intrusive thoughts (NICE CG192: same-day perinatal mental health);
- mastoiditis (NICE CKS: red, swollen, tender behind the ear, ear pushed out);
- back pain red flags (NICE CKS / NG234): known cancer, night pain, weight loss, thoracic;
- acute cholecystitis (NICE CG188): right upper pain with fever or known gallstones;
- epididymo-orchitis (BASHH): gradual testicular pain and swelling with urinary symptoms
  or discharge (sudden pain stays with the torsion rule);
- a child with gastroenteritis passing less urine (NICE CG84 amber: fewer wet nappies);
- an older person with fever and cough (possible pneumonia, CRB-65 assessment today);
- new irregular fast pulse when stable (NICE NG196: new AF seen today).

Emergency features stay with the emergency discriminators; the result takes the highest level.
"""

from __future__ import annotations

import re

from desktop.safety.context import Category
from desktop.safety.discriminators.base import (
    CALL,
    TODAY,
    Discriminator,
    Hit,
    emergency_hit,
    register,
    urgent_hit,
)
from desktop.safety.discriminators.general import cue
from desktop.safety.message import Message

MARROW_DRUG = cue(
    "medicine that can lower white cells",
    r"clozapine|clozaril|carbimazole|propylthiouracil|ptu|methotrexate|sulfasalazine|"
    r"sulphasalazine|azathioprine|leflunomide|mercaptopurine|deferiprone|mirtazapine|"
    r"co-?trimoxazole|dapsone",
    background=True,
)
MARROW_SIGN = cue(
    "sore throat, mouth ulcers or fever",
    r"sore\s+throat|throat\s+(?:is\s+)?(?:sore|painful|raw)|mouth\s+(?:ulcers?|sores)|sores\s+in\s+"
    r"(?:my|his|her)\s+mouth|bruis\w*|ulcers?\s+in\s+(?:my|his|"
    r"her)\s+mouth|fever\w*|feverish|temperature|temp|high\s+temp|shiver\w*|flu[\s-]like|"
    r"unexplained\s+bruis\w*|bruising\s+easily|bleeding\s+gums",
)
LITHIUM = cue("lithium", r"lithium|priadel|camcolit|li\+?\s+level", background=True)
_LITHIUM_LEVEL = re.compile(
    r"(?<!\w)(?:lithium|li)\s*(?:level|levels|blood\s+level)?\s*(?:of|is|was|=|:|came\s+back\s+(?:at|as))?"
    r"\s*(\d(?:[.,]\d+)?)(?!\d)"
)
LITHIUM_SIGN = cue(
    "lithium toxicity signs",
    r"tremor\w*|shak\w*|diarrho?ea|loose\s+stools?|vomit\w*|unsteady|wobbly|slurr\w*|confus\w*|"
    r"drows\w*|muscle\s+twitch\w*|jerk\w*",
)
STATIN = cue(
    "statin",
    r"\w*statin|lipitor|zocor|crestor|pravachol",
    background=True,
)
DARK_URINE = cue(
    "dark urine",
    r"(?:pee|wee|urine|piss|water)\s+(?:[\w']+\s+){0,3}(?:dark|brown|cola|tea[\s-]coloured|coca[\s-]cola|"
    r"darker|red[\s-]brown)",
    r"(?:dark|brown|cola[\s-]coloured|tea[\s-]coloured|darker)\s+(?:[\w']+\s+)?(?:pee|wee|urine)",
)
MUSCLE_PAIN = cue(
    "muscle pain",
    r"(?:muscles?|thighs?|shoulders?|calves|legs?|arms?)\s+(?:[\w']+\s+){0,4}(?:ache\w*|aching|hurt\w*|sore|"
    r"pain\w*|weak\w*|tender)",
    r"(?:muscle|muscular)\s+(?:pain|aches?|weakness|cramps?)|myalgia|myopathy",
    r"(?:ache|aching|achy)\s+all\s+over",
)
DYSTONIA_DRUG = cue(
    "antipsychotic or antiemetic",
    r"antipsychotic\w*|haloperidol|risperidone|olanzapine|quetiapine|aripiprazole|chlorpromazine|"
    r"metoclopramide|maxolon|prochlorperazine|stemetil|buccastem|droperidol|promethazine",
    background=True,
)
DYSTONIA = cue(
    "dystonic posture",
    r"(?:neck|head)\s+(?:is\s+|keeps\s+)?(?:[\w']+\s+){0,2}(?:twist\w*|pull\w*|turn\w*|stuck|jerk\w*)\s+"
    r"(?:to\s+one\s+side|sideways|back|round)",
    r"eyes?\s+(?:[\w']+\s+){0,2}(?:rolling|rolled|roll|stuck|fixed|turn\w*)\s+(?:looking\s+|staring\s+|"
    r"pointing\s+)?(?:up|upwards|back)",
    r"oculogyric|torticollis|dystoni\w*|jaw\s+(?:is\s+|has\s+)?(?:locked|clenched|stuck)|tongue\s+(?:is\s+)?"
    r"(?:sticking|poking|pushing)\s+out",
)
RETENTION = cue(
    "cannot pass urine",
    r"(?:can't|cannot|unable\s+to|couldn't|not\s+able\s+to|haven't\s+been\s+able\s+to|hasn't\s+been\s+able\s+to|"
    r"haven't|hasn't|not)\s+(?:been\s+able\s+to\s+)?(?:wee|pee|urinate|pass\s+(?:urine|water)|go\s+for\s+a\s+"
    r"(?:wee|pee)|empty\s+(?:my|his|her)\s+bladder|weed|peed|passed\s+(?:urine|water))",
    r"urinary\s+retention|retention\s+of\s+urine",
    # "not managed to pass more than a dribble since breakfast"
    r"(?:not|haven't|hasn't|can't|cannot|couldn't|unable\s+to)\s+(?:been\s+able\s+to\s+|managed\s+to\s+)?"
    r"(?:pass|passed|do|done|get\s+out)\s+(?:more\s+than\s+)?(?:a\s+)?(?:dribble|drop|trickle|few\s+drops)",
)
RETENTION_TIME = re.compile(
    r"(?<!\w)(?:since|for|all|over|in\s+(?:the\s+)?(?:last|past))\s+(?:[\w']+\s+){0,2}(?:morning|night|"
    r"day|hours?|hrs?|afternoon|evening|yesterday|lunch|lunchtime|breakfast|dinner|teatime|midday|noon)|bladder\s+(?:[\w']+\s+){0,3}(?:full|sore|"
    r"painful|bursting|swollen|tight)|retention(?!\w)"
)
_TENSE_BLADDER = re.compile(
    r"(?<!\w)(?:(?:lower\s+)?(?:belly|tummy|abdomen|stomach)|bladder)\s+(?:[\w']+\s+){0,2}(?:swollen|"
    r"distended|hard|bulging|tight|bursting|full\s+to\s+bursting)|(?:swollen|distended|hard|"
    r"bulging)\s+(?:lower\s+)?(?:belly|tummy|abdomen|bladder)"
)
_SEVERE_PAIN = re.compile(
    r"(?<!\w)(?:unbearable|agony|agonising|excruciating|severe|screaming|worst|terrible|"
    r"(?:10|ten)\s*(?:/|out\s+of\s+)\s*10)(?!\w)"
)
LOWER_PAIN = cue(
    "lower abdominal / pelvic pain",
    r"(?:lower|low|bottom\s+of\s+(?:my|the))\s+(?:tummy|belly|abdomen|abdominal|stomach|pelvic)\s*(?:pain|ache|"
    r"cramps?)?|pelvic\s+(?:pain|ache)|pain\s+(?:low\s+)?in\s+(?:my|the)\s+pelvis",
)
PID_SIGN = re.compile(
    r"(?<!\w)(?:(?:more|new|smelly|green|yellow|funny|abnormal|unusual|increased)\s+(?:[\w']+\s+)?"
    r"discharge|discharge|new\s+(?:sexual\s+)?partner|unprotected\s+sex|pain\s+(?:during|with|after|on)\s+"
    r"(?:sex|intercourse)|hurts?\s+(?:during|with|after|when\s+(?:i|we)\s+(?:have|had))\s+sex|"
    r"(?:bleed\w*|spotting)\s+after\s+sex|dyspareunia|chlamydia|gonorrh\w*)(?!\w)"
)
FEVERISH = re.compile(r"(?<!\w)(?:fever\w*|temp\w*|shiver\w*|hot\s+and\s+cold|sweats)(?!\w)")
NOTHING_DOWN = cue(
    "nothing kept down",
    r"(?:can't|cannot|can\s+not|couldn't|unable\s+to|not\s+able\s+to|haven't|have\s+not|hasn't|not|"
    r"haven't\s+been\s+able\s+to|not\s+been\s+able\s+to)\s+(?:been\s+able\s+to\s+)?(?:keep|kept|keeping|"
    r"hold|holding)\s+(?:anything|any\s+\w+|fluids?|water|food|drinks?|even\s+water)\s+down",
    r"(?:even\s+)?(?:sips\s+of\s+)?water\s+(?:comes?|came|is\s+coming)\s+(?:straight\s+)?(?:back\s+)?up",
    r"vomit\w*\s+(?:[\w']+\s+){0,2}everything|(?:sick|throwing\s+up)\s+(?:[\w']+\s+){0,2}every(?:thing|\s+time)",
)
DRY = re.compile(
    r"(?<!\w)(?:(?:only\s+)?(?:weed|peed|urinated|been\s+to\s+the\s+toilet)\s+once|(?:barely|hardly|not)\s+"
    r"(?:weeing|peeing|passing\s+urine)|(?:dark|concentrated)\s+(?:wee|pee|urine)|(?:wee|pee|urine)\s+"
    r"(?:[\w']+\s+){0,3}dark|ketones?|dizzy|light[\s-]?headed|faint|weak|dry\s+mouth)(?!\w)"
)
EC = cue(
    "emergency contraception",
    r"morning[\s-]after\s+pill|emergency\s+contracepti\w*|plan\s+b|levonelle|ellaone|"
    r"condom\s+(?:[\w']+\s+)?(?:split|broke|burst|came\s+off|slipped)|(?:split|broken|burst)\s+condom|"
    r"missed\s+(?:[\w']+\s+){0,2}pills?\s+(?:and|then)\s+(?:had\s+)?sex|unprotected\s+sex",
)
POSTNATAL = cue(
    "after a birth",
    r"(?:have|had|got)\s+(?:a\s+|my\s+|the\s+)?(?:baby|newborn)\s+(?:\d+|one|two|three|four|five|six|a\s+few)\s+"
    r"(?:weeks?|days?|months?)",
    r"(?:baby|newborn)\s+(?:is\s+)?(?:\d+|one|two|three|four|five|six)\s+(?:weeks?|days?)(?:\s+old)?",
    r"postnatal|post[\s-]natal|postpartum|since\s+(?:the\s+)?(?:birth|baby\s+(?:was\s+born|came))|"
    r"since\s+(?:i\s+)?(?:had|gave\s+birth\s+to)\s+(?:the\s+|my\s+)?baby",
    background=True,
)
LOW_MOOD = cue(
    "low mood or intrusive thoughts",
    r"crying\s+(?:all\s+(?:day|the\s+time)|constantly|every\s+day)|(?:can't|cannot)\s+stop\s+crying|"
    r"(?:scary|frightening|horrible|dark|intrusive|bad|awful)\s+thoughts|not\s+(?:like\s+)?(?:myself|"
    r"feel\s+like\s+myself)|feel\s+not\s+like\s+myself|(?:can't|cannot)\s+(?:bond|cope)|numb\s+"
    r"(?:towards|to)\s+(?:the\s+)?baby|(?:hopeless|worthless|empty)|postnatal\s+depression|pnd",
)
MASTOID = cue(
    "swelling behind the ear",
    r"(?:behind|back\s+of)\s+(?:the\s+|his\s+|her\s+|my\s+)?ear\s+(?:[\w']+\s+){0,4}(?:red|swollen|"
    r"swelling|tender|sore|puffy|painful|lump)",
    r"(?:red|swollen|tender|sore|puffy|painful)\s+(?:[\w']+\s+){0,3}behind\s+(?:the\s+|his\s+|her\s+|my\s+)?ear",
    r"ear\s+(?:is\s+|has\s+been\s+)?(?:sticking|pushed|poking)\s+out|mastoid\w*",
)
_EAR_ILL = re.compile(
    r"(?<!\w)(?:ear\s*(?:ache|infection)|otitis|fever\w*|temp\w*|discharge|red|swollen|swelling|tender|"
    r"sore|pain\w*|mastoid\w*|antibiotics)(?!\w)"
)
BACK = cue(
    "back pain",
    r"(?:back|spine|spinal|thoracic)\s+(?:pain|ache)|(?:pain|ache|aching)\s+in\s+(?:the\s+)?(?:middle|"
    r"lower|upper|small|centre|center)\s+of\s+(?:my|his|her|the)\s+back|(?:my|his|her)\s+back\s+"
    r"(?:hurts|aches|is\s+(?:sore|painful|agony)|(?:has|have)\s+(?:been\s+)?(?:ached|aching|hurt|hurting|"
    r"sore|painful))",
)
BACK_FLAG = re.compile(
    r"(?<!\w)(?:(?:worse|wakes?|woken|waking)\s+(?:[\w']+\s+){0,3}(?:at\s+night|lying|when\s+(?:i|he|she)\s+"
    r"lie)|night\s+pain|pain\s+at\s+night|(?:weight\s+loss|wt\s+loss|lost\s+(?:[\w']+\s+){0,2}(?:weight|"
    r"\d+\s*kg|stone))|thoracic|cancer|carcinoma|malignan\w*|metasta\w*|myeloma|lymphoma|"
    r"(?:on\s+)?steroids|iv\s+drug|fever)(?!\w)"
)
_CANCER = re.compile(r"cancer|carcinoma|malignan|metasta|myeloma|lymphoma")
RUQ = cue(
    "right upper abdominal pain",
    r"(?:pain|ache|tender\w*)\s+(?:[\w']+\s+){0,2}(?:under|below|beneath)\s+(?:my|his|her|the)\s+right\s+"
    r"(?:ribs?|rib\s+cage)|right\s+upper\s+(?:quadrant|abdom\w*|tummy|belly)|ruq|(?:under|below)\s+"
    r"(?:my|the)\s+right\s+ribs",
)
GALL = re.compile(r"(?<!\w)(?:gall\s*stones?|gallbladder|gall\s+bladder|biliary|cholecyst\w*)(?!\w)")
TESTIS = cue(
    "testicular pain or swelling",
    r"(?:testicle|testis|testes|ball|balls|scrotum|nut|nuts)s?\s+(?:[\w']+\s+){0,4}(?:sore|swollen|"
    r"painful|aching|tender|hurts?|swelling|enlarged)",
    r"(?:sore|swollen|painful|tender)\s+(?:[\w']+\s+)?(?:testicle|testis|scrotum|balls?)",
    r"epididym\w*|orchitis",
)
URINARY = re.compile(
    r"(?<!\w)(?:burn\w*\s+(?:[\w']+\s+){0,2}(?:pee|wee|urinat\w*)|(?:pee|wee|urinat\w*)\s+(?:[\w']+\s+){0,2}"
    r"(?:burn\w*|sting\w*|hurts)|discharge|dysuria|stinging|frequency|fever\w*|temp\w*)(?!\w)"
)
GASTRO = cue(
    "vomiting or diarrhoea",
    r"vomit\w*|sick|diarrho?ea|runny\s+poo|tummy\s+bug|stomach\s+bug|gastro\w*|d&v|d\s*\+\s*v",
)
FEWER_NAPPIES = re.compile(
    r"(?<!\w)(?:(?:one|1|only\s+one|only\s+1|two|2)\s+wet\s+napp\w*|(?:fewer|less|not\s+many|hardly\s+any|no|"
    r"dry)\s+(?:wet\s+)?napp\w*|napp\w*\s+(?:[\w']+\s+){0,2}dry|not\s+(?:weeing|peeing)\s+(?:much|as\s+much)|"
    r"(?:barely|hardly)\s+(?:weeing|peeing)|(?:hasn't|not)\s+(?:weed|peed|had\s+a\s+wee)\s+(?:since|for|all))(?!\w)"
)
COUGH = cue("cough or chest infection", r"cough\w*|chest\s+infection|phlegm|sputum|pneumonia")
IRREGULAR = cue(
    "irregular pulse",
    r"(?:pulse|heart\s*(?:beat|rate)?|hr)\s+(?:[\w']+\s+){0,3}irregular\w*|irregular\w*\s+(?:[\w']+\s+)?"
    r"(?:pulse|heart\s*(?:beat|rate)?|rhythm)|irregularly\s+irregular",
)


_KNOWN_RHYTHM = re.compile(
    r"(?<!\w)(?:for\s+(?:years|months|ages)|long[\s-]standing|known\s+(?:af|atrial)|diagnosed\s+(?:with\s+)?"
    r"(?:af|atrial)|rate[\s-]controlled|permanent\s+af|on\s+(?:bisoprolol|digoxin|apixaban|rivaroxaban|"
    r"edoxaban|warfarin))(?!\w)"
)


@register
class MedicineSafetySignal(Discriminator):
    """MHRA / BNF warnings that need a blood test or review today."""

    kind = "medicine_safety_same_day"
    flag = "medicine_same_day"
    label = "Possible serious medicine side effect"
    advice = (
        f"This can be a serious side effect of the medicine: {TODAY} for a review and an urgent blood "
        "test; do not take the next dose until you have been told it is safe."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        drug = MARROW_DRUG.find(msg)
        sign = MARROW_SIGN.find(msg) if drug else None
        if drug and sign:
            return urgent_hit(("medicine", drug), ("sign", sign),
                           extra=("possible low white cells (agranulocytosis): full blood count today",))
        lithium = LITHIUM.find(msg)
        if lithium:
            level = _LITHIUM_LEVEL.search(msg.text)
            value = float(level.group(1).replace(",", ".")) if level else None
            toxic = LITHIUM_SIGN.find(msg)
            if (value is not None and 1.0 < value < 10) or toxic:
                extra = (f"lithium level {value:g}",) if value is not None else ()
                return urgent_hit(("lithium", lithium), ("sign", toxic), extra=extra)
        statin = STATIN.find(msg)
        if statin and DARK_URINE.find(msg) and MUSCLE_PAIN.find(msg):
            return urgent_hit(("statin", statin), ("urine", DARK_URINE.find(msg)),
                           extra=("possible rhabdomyolysis: CK and kidney tests today",))
        dyst = DYSTONIA.find(msg)
        if dyst and DYSTONIA_DRUG.find(msg):
            return urgent_hit(("posture", dyst), ("medicine", DYSTONIA_DRUG.find(msg)),
                           extra=("possible acute dystonic reaction",))
        return None


@register
class UrinaryRetention(Discriminator):
    kind = "urinary_retention"
    flag = "urology_same_day"
    label = "Possible urinary retention"
    advice = (
        "A painful swollen bladder after hours without passing urine needs a catheter now: go to "
        f"the emergency department (or {CALL} if you cannot get there)."
    )
    urgent_advice = (
        f"Not being able to pass urine for hours needs a catheter: {TODAY}, or go to the emergency "
        "department if the pain is severe or you cannot get seen quickly."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        ret = RETENTION.find(msg)
        if ret and RETENTION_TIME.search(msg.text):
            # a painful, swollen bladder is acute retention needing a catheter within the hour
            # (NICE CKS / EAU: immediate referral), not a same-day appointment
            tense = _TENSE_BLADDER.search(msg.text)
            severe = _SEVERE_PAIN.search(msg.text)
            if tense and severe:
                return emergency_hit(("urine", ret), ("bladder", tense.group(0)),
                               ("pain", severe.group(0)))
            return urgent_hit(("urine", ret))
        return None


@register
class PelvicInfection(Discriminator):
    kind = "pelvic_inflammatory_disease"
    flag = "gynae_same_day"
    label = "Possible pelvic infection (PID)"
    advice = f"Lower tummy pain with discharge or a new partner can be a pelvic infection: {TODAY} (or a sexual health clinic) for antibiotics."

    def evaluate(self, msg: Message) -> Hit | None:
        pain = LOWER_PAIN.find(msg) or (msg.find("abdominal_pain") if re.search(
            r"(?<!\w)(?:lower|low|pelvi\w*|both\s+sides)(?!\w)", msg.text) else None)
        if pain is None or msg.patient.sex == "male":
            return None
        signs = PID_SIGN.findall(msg.text)
        t = msg.vitals.temp_c
        if len(signs) >= 2 or (signs and (FEVERISH.search(msg.text) or (t is not None and t >= 37.5))):
            text = pain if isinstance(pain, str) else pain.text
            return urgent_hit(("pain", text), ("sign", signs[0]))
        return None


@register
class HyperemesisDehydration(Discriminator):
    kind = "hyperemesis_dehydration"
    flag = "pregnancy_same_day"
    label = "Severe vomiting in pregnancy with dehydration"
    advice = f"Not keeping fluids down in pregnancy needs a same-day check (fluids, anti-sickness medicine): contact your maternity unit or {TODAY}."

    def evaluate(self, msg: Message) -> Hit | None:
        if msg.pregnant is None:
            return None
        down = NOTHING_DOWN.find(msg)
        if down and (DRY.search(msg.text) or msg.find("ketones_high")):
            return urgent_hit(("vomiting", down), extra=(f"pregnant: '{msg.pregnant.text}'",))
        return None


@register
class EmergencyContraception(Discriminator):
    kind = "emergency_contraception"
    flag = "sexual_health_same_day"
    label = "Emergency contraception"
    advice = ("Emergency contraception works best the sooner it is taken: a pharmacy, sexual health clinic "
              "or GP today (a copper IUD within 5 days is the most effective).")

    def evaluate(self, msg: Message) -> Hit | None:
        ec = EC.find(msg)
        return urgent_hit(("need", ec)) if ec else None


@register
class PostnatalMood(Discriminator):
    kind = "postnatal_mood"
    flag = "mental_health_same_day"
    label = "Low mood or frightening thoughts after a birth"
    advice = ("Feeling like this after having a baby is common and treatable; speak to your midwife, "
              f"health visitor or GP today ({TODAY}). If you feel you might act on thoughts of harm, call 999.")

    def evaluate(self, msg: Message) -> Hit | None:
        after = POSTNATAL.find(msg) or msg.find("postpartum")
        mood = LOW_MOOD.find(msg)
        if after and mood:
            return urgent_hit(("after birth", after if isinstance(after, str) else after.text),
                           ("mood", mood))
        return None


@register
class Mastoiditis(Discriminator):
    kind = "mastoiditis"
    flag = "ent_same_day"
    label = "Possible mastoiditis"
    advice = f"Redness or swelling behind the ear after an ear infection needs to be seen today: {TODAY} (it may need hospital antibiotics)."

    def evaluate(self, msg: Message) -> Hit | None:
        m = MASTOID.find(msg)
        # prominent ears ("his ears stick out") are not an infection: one sign of one is needed
        return urgent_hit(("ear", m)) if m and _EAR_ILL.search(msg.text) else None


@register
class BackPainRedFlags(Discriminator):
    kind = "back_pain_red_flags"
    flag = "spine_same_day"
    label = "Back pain with red flags"
    advice = (f"Back pain with these features needs assessment within a day: {TODAY}. If the legs become "
              "weak or numb, or bladder or bowel control changes, go to the emergency department now.")

    def evaluate(self, msg: Message) -> Hit | None:
        back = BACK.find(msg) or msg.find("back_pain")
        if back is None:
            return None
        flags = {m.group(0) for m in BACK_FLAG.finditer(msg.text)}
        own_cancer = any(  # the writer's own cancer, past or present; not a relative's
            not (m.statuses & {Category.FAMILY, Category.NEGATED, Category.HYPOTHETICAL})
            for m in msg.mentions.get("cancer", ())
        )
        if not own_cancer:
            flags = {f for f in flags if not _CANCER.search(f)}
        if len(flags) >= 2 or (own_cancer and any(_CANCER.search(f) for f in flags)):
            return urgent_hit(("pain", back if isinstance(back, str) else back.text),
                           extra=tuple(f"red flag: '{f}'" for f in sorted(flags)))
        return None


@register
class Cholecystitis(Discriminator):
    kind = "acute_cholecystitis"
    flag = "abdomen_same_day"
    label = "Possible gallbladder inflammation"
    advice = f"Constant pain under the right ribs with a temperature can be an inflamed gallbladder: {TODAY}; if you become yellow, shivery or very unwell, go to the emergency department."

    def evaluate(self, msg: Message) -> Hit | None:
        if msg.pregnant is not None:
            return None  # in pregnancy the same pain is a pre-eclampsia / HELLP question
        ruq = RUQ.find(msg)
        t = msg.vitals.temp_c
        if ruq and (GALL.search(msg.text) or FEVERISH.search(msg.text) or (t is not None and t >= 37.5)):
            return urgent_hit(("pain", ruq))
        return None


@register
class EpididymoOrchitis(Discriminator):
    kind = "epididymo_orchitis"
    flag = "urology_same_day"
    label = "Possible epididymo-orchitis"
    advice = (f"Gradual testicular pain and swelling with urinary symptoms is usually infection: {TODAY}. "
              "Sudden severe testicular pain is different: go to the emergency department now.")

    def evaluate(self, msg: Message) -> Hit | None:
        t = TESTIS.find(msg)
        if t and URINARY.search(msg.text):
            return urgent_hit(("testis", t))
        return None


@register
class ChildGastroDry(Discriminator):
    kind = "child_gastro_reduced_urine"
    flag = "paediatric_same_day"
    label = "Child with vomiting or diarrhoea passing less urine"
    advice = f"A child with a tummy bug who is weeing less needs to be checked for dehydration today: {TODAY}. Keep offering small sips often."

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        if not (msg.patient.child or (age is not None and age < 12)):
            return None
        g = GASTRO.find(msg)
        if g and FEWER_NAPPIES.search(msg.text):
            return urgent_hit(("illness", g), ("urine", FEWER_NAPPIES.search(msg.text).group(0)))
        return None


@register
class OlderFeverCough(Discriminator):
    kind = "older_fever_cough"
    flag = "infection_same_day"
    label = "Fever and cough in an older person"
    advice = f"Fever with a cough over 65 can be pneumonia: {TODAY} to be examined (CRB-65)."

    def evaluate(self, msg: Message) -> Hit | None:
        age = msg.patient.age_years
        t = msg.vitals.temp_c
        if age is None or age < 65:
            return None
        cough = COUGH.find(msg)
        if cough and ((t is not None and t >= 38.0) or msg.find("fever")):
            return urgent_hit(("cough", cough), extra=(f"age {age:g}",))
        return None


@register
class NewIrregularPulse(Discriminator):
    kind = "new_irregular_pulse"
    flag = "cardiac_same_day"
    label = "New irregular fast pulse"
    advice = f"A new irregular, fast pulse can be atrial fibrillation: {TODAY} for an ECG. If you get chest pain, breathlessness or faintness, call 999."

    def evaluate(self, msg: Message) -> Hit | None:
        irr = IRREGULAR.find(msg)
        hr = msg.vitals.hr
        if irr and _KNOWN_RHYTHM.search(msg.text):
            return None  # known, treated AF is a routine review unless something else fires
        if irr and (hr is None or hr >= 100):
            return urgent_hit(("pulse", irr), extra=(f"heart rate {hr}",) if hr else ())
        return None


# A reaction to a medicine started in the last days: hives or a widespread rash without
# airway or breathing signs (those are the anaphylaxis rule) needs a same-day decision on
# stopping it and recording the allergy (NICE CG183 drug allergy); lamotrigine,
# carbamazepine and allopurinol rashes can be the start of a severe skin reaction.
NEW_DRUG = cue(
    "a medicine started in the last days",
    r"(?:\d+|a\s+few|a\s+couple\s+of|one|two|three|four|five|six)\s+days?\s+(?:into|on|after\s+starting|since\s+"
    r"starting)\s+(?:the\s+|my\s+|his\s+|her\s+|a\s+course\s+of\s+)?(?:[\w-]+\s+)?(?:antibiotics?|amoxicillin|"
    r"co-?amoxiclav|augmentin|penicillin|flucloxacillin|trimethoprim|nitrofurantoin|doxycycline|"
    r"clarithromycin|erythromycin|cefalexin|cephalexin|septrin|co-?trimoxazole|allopurinol|lamotrigine|"
    r"carbamazepine|phenytoin|tablets|medicine|medication|course)",
    r"(?:since|after)\s+(?:starting|taking|beginning)\s+(?:the\s+|my\s+|his\s+|her\s+|a\s+)?(?:new\s+)?(?:[\w-]+\s+)?"
    r"(?:antibiotics?|amoxicillin|co-?amoxiclav|penicillin|flucloxacillin|trimethoprim|nitrofurantoin|"
    r"doxycycline|clarithromycin|cefalexin|allopurinol|lamotrigine|carbamazepine|tablets|medicine|medication)",
)
DRUG_RASH = cue(
    "hives or a new rash",
    r"hives|urticari\w*|nettle\s+rash|welts|(?:itchy\s+|red\s+|blotchy\s+|raised\s+|lumpy\s+)+(?:rash|bumps|blotches|lumps)|"
    r"rash",
)


@register
class DrugAllergyRash(Discriminator):
    kind = "drug_rash_same_day"
    flag = "allergy_same_day"
    label = "Possible reaction to a new medicine"
    advice = (
        f"A rash or hives a few days into a new medicine can be an allergy: {TODAY} to decide "
        "whether to stop it and to record the reaction; do not take the next dose until you have "
        f"asked. If lips, tongue or throat swell, or breathing becomes hard, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        rash = DRUG_RASH.find(msg)
        drug = NEW_DRUG.find(msg) if rash else None
        if rash and drug:
            return urgent_hit(("rash", rash), ("medicine", drug))
        return None
