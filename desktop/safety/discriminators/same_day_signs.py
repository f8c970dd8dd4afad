"""Same-day (urgent) presentations named by one published discriminator each (seventh round).

None of these is an emergency by itself; each needs a clinician today:

- redness spreading past a line drawn round it (NICE NG141 cellulitis: review the same day);
- INR of 6 or more on warfarin without bleeding (BSH / BNF: withhold, vitamin K if > 8, today);
- creatinine 1.5 times baseline or more (KDIGO / NICE NG148 acute kidney injury);
- metal in the eye from grinding, hammering or drilling (RCOphth: possible penetrating injury);
- a urinary catheter that has stopped draining (NICE CKS: unblock or change today);
- chickenpox, shingles or measles contact when immunosuppressed (UKHSA Green Book: VZIG or
  antivirals within days);
- needlestick or sharps injury, sexual exposure to HIV (BASHH / UKHSA: PEP within hours);
- mania: lost sleep with pressured speech, overspending or grandiosity (NICE CG185);
- a foreign body pushed up a child's nose or into an ear (ENT same day);
- perineal or caesarean wound infection after a birth (NICE NG194 postnatal care);
- a limp or refusal to walk with a fever in a child (NICE CKS: septic arthritis until excluded);
- a sticky, discharging eye in a baby under four weeks (ophthalmia neonatorum, swab today);
- right lower abdominal pain with lost appetite, fever or pain on jolting (possible appendicitis);
- headache not eased by painkillers or new face / hand swelling after 20 weeks of pregnancy
  (NICE NG133: same-day pre-eclampsia assessment);
- more muddled than usual in an older person (NICE CG103 delirium: cause sought today);
- fever under 3 years with smelly urine or nappies (NICE NG224: urine test the same day);
- a limb bent out of shape after a fall (suspected fracture: X-ray the same day);
- passive thoughts of death or suicidal thoughts with the plan denied (C-SSRS 1-2: same day).
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
from desktop.safety.matching import compile_terms
from desktop.safety.message import Message

PAST_LINE = compile_terms(
    r"(?:spread\w*|spred\w*|gone|grown|moved|extend\w*|creep\w*|crept)\s+(?:[\w']+\s+){0,2}"
    r"(?:past|beyond|outside|over|across)\s+(?:the\s+)?(?:pen\s+|marker\s+|biro\s+)?"
    r"(?:lines?|marks?|outline|border|circle|ring)",
)
_INR = re.compile(r"(?<!\w)inr\s*(?:of|is|was|came\s+back(?:\s+at)?|at|:|=)?\s*(\d{1,2}(?:\.\d)?)(?!\d)")
_CREAT = re.compile(
    r"(?<!\w)(?:creatinine|creat|cr)\s*(?:of|is|was|:|=)?\s*(\d{2,4})\s*(?:umol/l|µmol/l)?\s*"
    r"\(?\s*(?:baseline|usual(?:ly)?|normal(?:ly)?|was|from|up\s+from)\s*(?:is|of|:)?\s*(\d{2,4})"
)
HIGH_VELOCITY = compile_terms(
    r"grind\w*|angle\s+grinder|hammer\w*|drill\w*|chisel\w*|strimm\w*|welding|lathe|metal\s+"
    r"(?:work|filings?|shards?|fragments?|splinters?)",
)
IN_EYE = compile_terms(
    r"(?:in|into|hit)\s+(?:my|his|her|their|the)\s+(?:right\s+|left\s+)?eyes?",
    r"eye\s+(?:[\w']+\s+){0,2}(?:scratch\w*|gritty|watering|sore|red)",
)
CATHETER_BLOCKED = compile_terms(
    r"catheter\s+(?:[\w']+\s+){0,4}(?:blocked|not\s+draining|hasn't\s+drained|has\s+not\s+drained|"
    r"isn't\s+draining|stopped\s+draining|bypassing|leaking|not\s+working|came\s+out|fell\s+out)",
    r"(?:blocked|bypassing)\s+catheter",
    r"nothing\s+(?:in|into)\s+(?:the\s+)?(?:catheter\s+)?bag",
    r"catheter\s+bag\s+(?:is\s+|has\s+been\s+|stays?\s+)?(?:empty|(?:has|had|with)\s+nothing)",
)
IMMUNO = compile_terms(
    r"methotrexate|prednisolone|prednisone|steroids?|azathioprine|mycophenolate|tacrolimus|"
    r"ciclosporin|cyclosporine|biologics?|adalimumab|infliximab|rituximab|chemo\w*|"
    r"immuno[\s-]?(?:suppress\w*|compromised)|transplant|leukaemia|leukemia|lymphoma|hiv",
)
EXPOSURE = compile_terms(
    r"(?:chicken\s*pox|chickenpox|varicella|shingles|measles)",
)
CONTACT = compile_terms(
    r"came\s+(?:round|over)|visit\w*|diagnosed\s+with|stay\w*\s+with|exposed|exposure|contact|in\s+contact|"
    r"been\s+with|played\s+with|sat\s+(?:next\s+to|with)|never\s+had|not\s+immune|"
    r"(?:come|came|broken)\s+out\s+in",
)
SHARPS = compile_terms(
    r"needle[\s-]?stick\w*|sharps?\s+injur\w*|stuck\s+(?:myself|me)\s+with\s+(?:a\s+)?(?:used\s+)?"
    r"(?:needle|lancet|cannula|syringe)|(?:pricked|jabbed|stabbed)\s+(?:myself|me)?\s*(?:with|by|on)\s+"
    r"(?:a\s+)?(?:used\s+|dirty\s+)?(?:needle|lancet|cannula|syringe|sharp)",
    r"(?:condom\s+(?:split|broke|came\s+off)|unprotected\s+sex)\s+(?:[\w']+\s+){0,8}(?:hiv|positive)",
)
SLEEP_LOSS = compile_terms(
    r"(?:stopped|not|hasn't|haven't|hardly|barely|isn't)\s+(?:been\s+)?(?:sleep\w*|slept)",
    r"(?:no|hardly\s+any|barely\s+any)\s+sleep",
    r"(?:up|awake)\s+all\s+night",
    r"(?:doesn't|don't|didn't)\s+(?:need|want)\s+(?:to\s+)?sleep",
)
MANIC = compile_terms(
    r"talk\w*\s+(?:non[\s-]?stop|constantly|a\s+mile\s+a\s+minute|really\s+fast|so\s+fast|over\s+"
    r"everyone)",
    r"racing\s+thoughts|pressured\s+speech|grandios\w*|invincible|special\s+powers|chosen\s+one",
    r"(?:spent|spending|spend)\s+(?:[\w']+\s+){0,3}(?:£|\$|€)?\s*\d[\d,]*",
    r"(?:maxed\s+out|run\s+up\s+debts?|huge\s+debts?)",
)
PUSHED_IN = compile_terms(
    r"(?:pushed|put|stuck|shoved|poked|inserted)\s+(?:an?\s+|some\s+|the\s+)?(?:[\w']+\s+){0,2}"
    r"(?:up|in|into)\s+(?:his|her|their|my|the)\s+(?:nose|nostril|ear)",
    r"(?:bead|pea|button|sweet|stone|crayon|toy|foam|paper|sponge|rubber|seed|lego)\s+"
    r"(?:[\w']+\s+){0,2}(?:up|in|stuck\s+in)\s+(?:his|her|their|the)\s+(?:nose|nostril|ear)",
)
BUTTON_BATTERY = compile_terms(r"batter\w*|magnet\w*")
POSTNATAL = compile_terms(
    r"(?:\d{1,2}|a|one|two|three|four|five|six|ten)\s+(?:days?|weeks?)\s+(?:after|since|post)\s+"
    r"(?:giving\s+birth|the\s+birth|birth|delivery|my\s+(?:c-?section|caesarean|delivery)|having\s+"
    r"(?:the\s+|my\s+)?baby)",
    r"(?:postnatal|post[\s-]?partum|after\s+(?:giving\s+birth|the\s+birth|my\s+c-?section))",
)
WOUND_INFECTED = compile_terms(
    r"(?:stitches|stiches|wound|scar|cut|tear|episiotomy|incision)\s+(?:[\w']+\s+){0,4}"
    r"(?:smell\w*|pus|oozing|weeping|discharg\w*|red\w*|hot|gaping|opened|opening|swollen)",
    r"(?:smell\w*|pus|oozing|weeping)\s+(?:[\w']+\s+){0,3}(?:stitches|wound|scar)",
)
LIMP = compile_terms(
    r"refus\w*\s+(?:to\s+)?(?:walk|stand|weight[\s-]?bear|put\s+weight|bear\s+weight|use\s+(?:his|her)\s+"
    r"(?:leg|arm))",
    r"(?:won't|wont|will\s+not|can't|cannot)\s+(?:walk|stand|weight[\s-]?bear|put\s+(?:any\s+)?weight)",
    r"limp\w*",
)
EYE_DISCHARGE = compile_terms(
    r"sticky\s+eyes?|eyes?\s+(?:[\w']+\s+){0,3}(?:pus|discharge|gunk|goo|sticky|stuck\s+shut)",
    r"(?:pus|discharge|gunk|goo)\s+(?:[\w']+\s+){0,3}(?:eyes?|eyelids?)",
)
NEWBORN = compile_terms(
    r"(?:[1-9]|1\d|2[0-7])[\s-]*days?[\s-]*old|[1-3][\s-]*weeks?[\s-]*old|newborn|neonate",
)
RIGHT_LOWER = compile_terms(
    r"(?:lower|bottom)\s+right|right\s+(?:lower|bottom|side\s+of\s+(?:my|his|her)\s+(?:tummy|"
    r"belly|stomach|abdomen))|right\s+iliac\s+fossa|rif",
)
APPENDIX_SIGN = compile_terms(
    r"(?:lost|losing|no|off)\s+(?:my\s+|his\s+|her\s+|their\s+)?(?:appetite|food)",
    r"(?:hurts|pain\w*|agony)\s+(?:[\w']+\s+){0,3}(?:to\s+|when\s+(?:i|he|she)\s+)?(?:hop|jump|cough|"
    r"walk\s+over\s+bumps|go\s+over\s+bumps)",
    r"(?:moved|started\s+(?:in|around)\s+(?:the\s+)?(?:middle|belly\s+button))",
    r"(?:temp\w*|fever)\s+(?:of\s+)?(?:3[78](?:\.\d)?|99\.\d|100(?:\.\d)?)",
)
PREGNANT_LATE = re.compile(
    r"(?<!\w)(?:(?:2[0-9]|3[0-9]|4[0-2])\s*(?:weeks?|wks?|/40)(?:\s+pregnant)?|(?:2[0-9]|3[0-9]|4[0-2])"
    r"\s*\+\s*\d)"
)
HEADACHE_UNRELIEVED = compile_terms(
    r"headache\s+(?:[\w']+\s+){0,6}(?:paracetamol|painkillers?|tablets?)\s+(?:hasn't|haven't|has\s+not|"
    r"didn't|did\s+not|won't|isn't|aren't)\s+(?:touched|helped|worked|shifted|eased|helping|working)",
    r"headache\s+(?:[\w']+\s+){0,4}(?:won't|will\s+not|doesn't|does\s+not)\s+(?:go|shift|ease|budge)",
)
NEW_SWELLING = compile_terms(
    r"(?:face|hands|fingers|eyes|eyelids)\s+(?:[\w']+\s+){0,4}(?:puff\w*|swollen|swelling|swelled|"
    r"bloated)",
    r"(?:puffy|swollen)\s+(?:face|hands|fingers|eyes|eyelids)",
    r"rings?\s+(?:[\w']+\s+){0,3}(?:tight|won't\s+come\s+off|don't\s+fit)",
)
PASSIVE_DEATH = compile_terms(
    r"no\s+point\s+(?:in\s+)?(?:anything|living|going\s+on|being\s+here|life|carrying\s+on)",
    r"wish\s+(?:i|he|she)\s+(?:was|were|wasn't|weren't|could)\s+(?:dead|not\s+here|gone|disappear|"
    r"go\s+to\s+sleep\s+and\s+not)",
    r"(?:don't|do\s+not)\s+want\s+to\s+(?:be\s+here|wake\s+up|live|exist)",
    r"better\s+off\s+(?:dead|without\s+me|if\s+i\s+wasn't)",
)
IDEATION_DENIED_ACT = compile_terms(
    r"(?:i\s+)?(?:don't|do\s+not)\s+(?:have|think\s+i'd|think\s+i\s+would)\s+(?:a\s+plan|act)",
    r"(?:wouldn't|would\s+not|won't)\s+act\s+on\s+(?:it|them)",
    r"(?:the\s+)?thoughts\s+(?:scare|frighten|worry)\s+me",
)

MORE_CONFUSED = compile_terms(
    r"(?:more|increasingly|newly|suddenly)\s+(?:muddled|confused|disorientated|disoriented|"
    r"forgetful|vague|agitated|wandery)(?:\s+than\s+(?:his|her|their)\s+(?:usual|normal|baseline))?",
    r"(?:muddled|confused)\s+(?:than|compared\s+to)\s+(?:usual|normal|baseline)",
)
OLDER_SETTING = compile_terms(r"care\s+home|nursing\s+home|resident|dementia")
SMELLY_URINE = compile_terms(
    r"(?:smelly|strong[\s-]smelling|foul|stinky|offensive|cloudy)\s+(?:[\w']+\s+)?(?:urine|wee|pee|nappies|"
    r"nappy|diapers?)",
    r"(?:urine|wee|pee|nappies|nappy)\s+(?:[\w']+\s+){0,2}(?:smell\w*|stinks|cloudy|foul)",
)
DEFORMED = compile_terms(
    r"bent[\s-]looking|(?:looks?|is|it's)\s+(?:a\s+bit\s+)?(?:bent|crooked|deformed|out\s+of\s+shape|"
    r"the\s+wrong\s+shape)|(?:at|sticking\s+out\s+at)\s+(?:a\s+)?(?:funny|odd|strange|weird)\s+angle|"
    r"deformit\w*|dinner[\s-]fork",
)
FELL = compile_terms(r"fell|fall(?:en)?|tripped|slipped|landed|foosh")


@register
class SameDaySigns(Discriminator):
    kind = "same_day_signs"
    flag = "same_day"
    label = "Needs a clinician today"
    advice = f"This needs to be seen today: {TODAY}. If things get worse quickly, call your local emergency number."

    def evaluate(self, msg: Message) -> Hit | None:  # noqa: C901 - one check per guideline
        t = msg.text
        if m := PAST_LINE.search(t):
            return urgent_hit(("redness spreading past the line drawn", m.group(0)))
        if (m := _INR.search(t)) and float(m.group(1)) >= 6:
            return urgent_hit(("INR", m.group(0)), extra=("INR 6 or more: warfarin advice today",))
        if (m := _CREAT.search(t)) and int(m.group(2)) > 0 and int(m.group(1)) >= 1.5 * int(m.group(2)):
            return urgent_hit(("creatinine rise", m.group(0)), extra=("possible acute kidney injury",))
        if (hv := HIGH_VELOCITY.search(t)) and (eye := IN_EYE.search(t)):
            return urgent_hit(("high-velocity work", hv.group(0)), ("eye", eye.group(0)))
        if m := CATHETER_BLOCKED.search(t):
            return urgent_hit(("catheter", m.group(0)))
        if (imm := IMMUNO.search(t)) and (exp := EXPOSURE.search(t)) and CONTACT.search(t):
            return urgent_hit(("immunosuppressed", imm.group(0)), ("exposure", exp.group(0)))
        if m := SHARPS.search(t):
            return urgent_hit(("exposure", m.group(0)), extra=("post-exposure prophylaxis works best within hours",))
        manic = {x.group(0) for x in MANIC.finditer(t)}
        if (sleep := SLEEP_LOSS.search(t)) and manic:
            return urgent_hit(("sleep", sleep.group(0)), ("mania", sorted(manic)[0]))
        if msg.patient.child and (m := PUSHED_IN.search(t)) and not BUTTON_BATTERY.search(t):
            return urgent_hit(("foreign body", m.group(0)))
        if (pn := POSTNATAL.search(t)) and (w := WOUND_INFECTED.search(t)):
            return urgent_hit(("after the birth", pn.group(0)), ("wound", w.group(0)))
        age = msg.patient.age_years
        temp = msg.vitals.temp_c
        febrile = (temp is not None and temp >= 38.0) or msg.find("fever") is not None
        if msg.patient.child and (limp := LIMP.search(t)) and febrile and (age is None or age < 16):
            return urgent_hit(("limp", limp.group(0)), extra=("with a fever: septic arthritis until excluded",))
        if (EYE_DISCHARGE.search(t) and (nb := NEWBORN.search(t))):
            return urgent_hit(("newborn", nb.group(0)), extra=("sticky eye in the first four weeks",))
        if (rl := RIGHT_LOWER.search(t)) and msg.find("abdominal_pain") and (ap := APPENDIX_SIGN.search(t)):
            return urgent_hit(("right lower pain", rl.group(0)), ("sign", ap.group(0)))
        if PREGNANT_LATE.search(t) and (pe := HEADACHE_UNRELIEVED.search(t) or NEW_SWELLING.search(t)):
            return urgent_hit(("late pregnancy", PREGNANT_LATE.search(t).group(0)), ("sign", pe.group(0)))
        if (mc := MORE_CONFUSED.search(t)) and ((age is not None and age >= 65) or OLDER_SETTING.search(t)):
            return urgent_hit(("new or worse confusion", mc.group(0)), extra=("possible delirium: find the cause today",))
        if (age is not None and age < 3 and febrile and (su := SMELLY_URINE.search(t))):
            return urgent_hit(("urine", su.group(0)), extra=("fever under 3: urine test today",))
        if FELL.search(t) and (d := DEFORMED.search(t)):
            return urgent_hit(("deformity after a fall", d.group(0)), extra=("possible fracture: X-ray today",))
        if (pd := PASSIVE_DEATH.search(t)) and (IDEATION_DENIED_ACT.search(t) or msg.find("despair")):
            return urgent_hit(("thoughts of death", pd.group(0)), extra=("no plan described",))
        return None
