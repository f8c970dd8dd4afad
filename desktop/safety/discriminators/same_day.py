"""Urgent (same-day) presentations: be seen today by a GP, urgent care or a same-day service.

Grounded in the Manchester Triage "urgent" discriminators (hot joint, moderate pain, raised
temperature with a focus) and the NICE CKS / NHS 111 "see a GP or urgent care today" criteria:
suspected pyelonephritis, spreading cellulitis, wound infection and abscess, moderate asthma or
COPD exacerbation (BTS: PEF 50-75 %, reliever every 4 hours), suspected DVT (NICE NG158),
red-eye warning signs, hyperglycaemia without ketones, new or fast AF when stable, a child's
fever for 5 days or more (NICE NG143 amber), possible appendicitis when stable, a hot swollen
joint, mastitis, a high INR without bleeding, diabetic foot problems, obstetric cholestasis,
hyperemesis, fever after travel (malaria), painless jaundice, worsening heart failure, scarlet
fever, croup, quinsy, dental abscess, injury unable to bear weight (Ottawa rules), a swallowed
coin, bites, alcohol withdrawal, shingles, sudden hearing loss, and a drug rash.

Each rule fires at the urgent level only; emergency features are the emergency
discriminators' business (the result takes the highest level found).
"""

from __future__ import annotations

import re

from desktop.safety import settled
from desktop.safety.context import Category
from desktop.safety.discriminators.base import (
    CALL,
    TODAY,
    Discriminator,
    Hit,
    emergency,
    register,
    urgent,
)
from desktop.safety.discriminators.cardiovascular import RELATIVE_CLOT
from desktop.safety.message import Mention, Message

_BETTER_NOW = re.compile(
    r"(?<!\w)(?:(?:completely|fully|totally|all)\s+(?:better|recovered|well)(?:\s+now)?|(?:better|recovered|"
    r"well)\s+now|back\s+to\s+(?:her|his|their)\s+(?:normal|usual)\s+self)(?!\w)"
)

_NOT_KNOWN = {Category.NEGATED, Category.FAMILY, Category.HYPOTHETICAL}


def known(msg: Message, *concepts: str) -> Mention | None:
    """A condition the person has, now or as background history ("known asthma", "h/o
    cancer"): any mention that is not negated, hypothetical or about a relative."""
    for name in concepts:
        for m in msg.mentions.get(name, ()):
            if not (m.statuses & _NOT_KNOWN):
                return m
    return None


_SHIVERY = re.compile(
    r"(?<!\w)(?:shiver\w*|rigou?rs?|chills|hot\s+and\s+cold|feverish|hot\s+and\s+shivery)(?!\w)"
)


def _febrile(msg: Message, threshold: float = 37.5) -> tuple[Mention | None, tuple[str, ...]]:
    """(fever mention, reasons) when a fever is described (or shivers / rigors) or a
    temperature >= threshold."""
    t = msg.vitals.temp_c
    extra = (f"temperature {t:g} °C",) if t is not None and t >= threshold else ()
    if not extra and (t is None or t >= 37.5):
        shiver = _SHIVERY.search(msg.text)
        if shiver and not re.search(r"(?:no|not|without)\s+(?:[\w']+\s+)?$", msg.text[: shiver.start()]):
            extra = (f"'{shiver.group(0)}'",)
    return msg.find("fever"), extra


_DAYS = re.compile(
    r"(?<!\w)(?:(?:for|over|about|nearly|almost|past|last|now)\s+(?:the\s+)?(?:[5-9]|1\d|five|"
    r"six|seven|eight|nine|ten)\s+days|after\s+(?:[5-9]|five|six|seven|eight|nine|ten)\s+days|(?:[5-9]|five|six|seven)\s+days\s+(?:now|of\s+(?:fever|"
    r"temp))|(?:for|over)\s+(?:a|over\s+a|more\s+than\s+a)\s+week|day\s+[5-9]\s+of)(?!\w)"
)
_PEF = re.compile(r"(?<!\w)(?:pefr?|peak\s+flow)\s*(?:is|was|of|at|:|=|~)?\s*(\d{2,3})\s*%")
_INJURY = re.compile(
    r"(?<!\w)(?:twist\w*|fell|fall|fallen|injur\w*|sprain\w*|rolled|landed|tripped|trip|broke|"
    r"broken|fracture\w*|crooked|bent|"
    r"kicked|hit|knocked|went\s+over\s+on|tackle\w*|crush\w*|stubbed|jarred)(?!\w)"
)
_ELDERLY = re.compile(r"(?<!\w)(?:elderly|care\s+home|nursing\s+home|frail|grandm\w*|grandf\w*|"
                      r"mum|mom|dad|nan|gran)(?!\w)")
_SCARLET = re.compile(
    r"(?<!\w)(?:scarlet\s+fever|scarlatina|sandpaper\w*|sand\s*paper|strawberry\s+tongue|"
    r"(?:red|white)\s+(?:and\s+)?(?:bumpy|spotty)\s+tongue|tongue\s+(?:[\w']+\s+){0,2}(?:red|"
    r"bumpy|strawberry))(?!\w)"
)
_LATE_GESTATION = re.compile(r"(?<!\w)(?:2[4-9]|3\d|4[0-2])\s*(?:weeks|wks|/40)(?!\w)")
_EAR_DISCHARGE = re.compile(
    r"(?<!\w)(?:(?:discharge|pus|gunk|goo|yellow\s+stuff|fluid|liquid)\s+(?:[\w']+\s+){0,4}(?:from|out\s+of)"
    r"\s+(?:the\s+|his\s+|her\s+|my\s+)?ear|ear\s+(?:is\s+)?(?:discharg\w*|leaking|oozing|weeping|"
    r"running))(?!\w)"
)
_EARACHE = re.compile(r"(?<!\w)(?:ear\s*ache|ear\s+pain|sore\s+ear|pulling\s+at\s+(?:his|her)\s+ear)(?!\w)")
_CHEST_INFECTION = re.compile(
    r"(?<!\w)(?:chest\s+infection|pneumonia|productive\s+cough|(?:green|yellow|rusty|brown|"
    r"discoloured)\s+(?:phlegm|sputum|mucus)|coughing\s+up\s+(?:green|yellow|phlegm|gunk))(?!\w)"
)
_THREE_DAYS = re.compile(
    r"(?<!\w)(?:(?:lasted|for|over|had\s+it\s+for)\s+(?:[3-9]|three|four|five|six|seven)\s+days|"
    r"(?:7[2-9]|[89]\d)\s+hours)(?!\w)"
)
_NOT_WORKING = re.compile(
    r"(?<!\w)(?:not\s+working|aren't\s+working|isn't\s+working|don't\s+work|not\s+helping|"
    r"aren't\s+helping|nothing\s+(?:helps|works)|no\s+relief)(?!\w)"
)
_ACUTE_JOINT = re.compile(
    r"(?<!\w)(?<!no\s)(?<!not\s)(?:flare\w*|attack|hot|red|swollen|swelling|painful|agony|throbbing|"
    r"sore|can't\s+walk)(?!\w)"
)
_RASH = re.compile(r"(?<!\w)(?:rash|spots|blotch\w*)(?!\w)")
_DROOL = re.compile(
    r"(?<!\w)(?:drool\w*|dribbl\w*|can't\s+swallow\s+(?:his|her|my)?\s*(?:own\s+)?saliva|"
    r"stridor|noisy\s+breathing\s+at\s+rest)(?!\w)"
)
_ORBIT = re.compile(r"(?<!\w)(?:eye\w*|forehead|nose|scalp|eyelid|brow)(?!\w)")
_INR = re.compile(
    r"(?<![\w/])inr(?:\s*(?:of|is|was|=|:|now|today|this\s+morning|result|level|reading|came\s+back"
    r"|at))*\s*(\d{1,2}(?:[.,]\d)?)(?![\d.])"
)
_HB = re.compile(
    r"(?<![\w/])(?:hb|haemoglobin|hemoglobin|hgb)\s*(?:of|is|was|=|:|now)?\s*(\d{2,3}(?:[.,]\d)?|"
    r"\d(?:[.,]\d))(?![\d.])(?:\s*(g/l|g/dl))?"
)
_HB_BEFORE = re.compile(r"(?<!\w)(?:was|from|previously|baseline|prev)\s*(\d{2,3})(?!\d)")
_BLEEDING = re.compile(r"(?<!\w)(?:bleed\w*|blood|bruis\w*|melaena|melena|haematuria)(?!\w)")


def _hb_g_per_l(value: float, unit: str | None) -> float:
    return value * 10 if (unit == "g/dl" or value < 25) else value


@register
class SameDayUrinary(Discriminator):
    """NICE CKS pyelonephritis / UTI: urinary symptoms with fever or loin pain; a UTI in a man
    with fever; an older person more muddled with urinary symptoms; renal colic."""

    kind = "urinary_same_day"
    label = "Possible kidney infection or kidney stone"
    advice = urgent_advice = (
        f"Urinary symptoms with a temperature or loin pain can be a kidney infection: {TODAY} "
        f"for a urine test and antibiotics. If you feel very unwell, shivery, confused or faint, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        uti = msg.find("uti")
        loin = msg.find("loin_pain")
        fever, extra = _febrile(msg)
        if uti and (loin or fever or extra):
            return urgent(uti, loin, fever, extra=extra)
        if uti and re.search(r"(?<!\w)(?:muddled|confus\w*|not\s+herself|not\s+himself)", msg.text):
            return urgent(uti, extra=("more confused than usual",))
        colic = known(msg, "renal_colic")
        if colic and (loin or msg.find("symptom_returned", "abdominal_pain") or "pain" in msg.text):
            return urgent(colic, loin)
        if loin and (fever or extra):
            return urgent(loin, fever, extra=extra)
        return None


@register
class SkinInfection(Discriminator):
    """Spreading cellulitis, an infected wound, an abscess, a diabetic foot problem (NICE NG19:
    same-day assessment), a bite (NICE NG184: antibiotics for cat, human and deep dog bites)."""

    kind = "skin_infection"
    label = "Skin or wound infection"
    advice = urgent_advice = (
        f"Spreading redness, an infected wound, an abscess, a bite or a sore on a diabetic foot "
        f"needs {TODAY}: it may need antibiotics or draining. Mark the edge of the redness; if it "
        f"spreads fast, the skin turns purple or blisters, or you feel very unwell, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        bite = msg.find("bite")
        if bite and not settled.HEALED.search(msg.text):
            return urgent(bite)
        cell = msg.find("cellulitis", "skin_infection")
        if cell and not settled.TREATMENT_QUESTION.search(msg.text):
            return urgent(cell)
        foot = msg.find("foot_ulcer")
        diabetes = known(msg, "diabetes")
        if foot and diabetes:
            return urgent(foot, diabetes)
        post_op = msg.find("vte_risk")
        fever, extra = _febrile(msg)
        if post_op and "op" in post_op.text and re.search(r"(?<!\w)wound", msg.text) and (
            fever or extra
        ):
            return urgent(post_op, fever, extra=extra + ("wound problem after an operation",))
        return None


@register
class ChestSameDay(Discriminator):
    """BTS/SIGN moderate asthma (PEF 50-75 %, reliever needed every 4 hours or more often) and
    COPD exacerbation (more breathless, more or discoloured sputum: NICE NG114); croup."""

    kind = "asthma_copd_moderate"
    label = "Worsening asthma, COPD or croup"
    advice = urgent_advice = (
        f"Worsening asthma or COPD needs {TODAY} (steroids or a rescue pack may be needed). "
        f"If the reliever is not helping, you cannot finish sentences, or lips turn blue, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        disease = known(msg, "airway_disease")
        worse = msg.find("exacerbation")
        pef = _PEF.search(msg.text)
        if pef and 33 <= int(pef.group(1)) <= 75:
            return urgent(disease, extra=(f"peak flow {pef.group(1)}% of best",))
        if disease and worse:
            return urgent(disease, worse)
        croup = msg.find("croup")
        if croup and not _BETTER_NOW.search(msg.text):  # "had croup, completely better now"
            return urgent(croup)
        # NICE CKS chest infection / CRB-65: a fever with a productive cough needs a same-day
        # assessment for pneumonia
        fever, extra = _febrile(msg, 38.0)
        sputum = _CHEST_INFECTION.search(msg.text)
        if (fever or extra) and sputum:
            return urgent(fever, extra=extra + (f"'{sputum.group(0)}'",))
        return None


@register
class DeepVeinThrombosis(Discriminator):
    """NICE NG158: a swollen, tender or warm calf/leg (one side) needs a same-day Wells score
    and scan."""

    kind = "dvt"
    label = "Possible deep vein thrombosis (clot in the leg)"
    advice = urgent_advice = (
        f"A swollen, painful or warm calf can be a clot (DVT): {TODAY} for a scan. If you get "
        f"short of breath, chest pain or cough up blood, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        legs = msg.all_current("dvt_leg")
        if not legs:
            return None
        if RELATIVE_CLOT.search(msg.text) and all(m.text in ("dvt", "clot") for m in legs):
            return None  # "my sister had a DVT on the pill - should I take it?": a relative's
        if "dvt" in legs[0].text or "thrombosis" in legs[0].text or "wells" in legs[0].text:
            return urgent(legs[0])
        if len({m.text for m in legs}) >= 2 or msg.find("vte_risk") or re.search(
            r"(?<!\w)(?:one\s+side|other\s+(?:one|leg|calf)|than\s+the\s+other|\d\s*cm\s*>|than\s+(?:the\s+|my\s+)?"
            r"(?:left|right)|(?:cast|plaster|boot)\s+(?:came|come|was\s+taken)\s+off)",
            msg.text,
        ):
            return urgent(*legs[:2])
        return None


@register
class EyeSameDay(Discriminator):
    """NICE CKS red eye: a painful red eye with light sensitivity or reduced vision, a contact
    lens wearer's painful red eye (keratitis), new floaters or flashes (retinal tear), shingles
    near the eye (Hutchinson's sign)."""

    kind = "eye_same_day"
    label = "Eye problem needing same-day eye care"
    advice = urgent_advice = (
        "See an optometrist, an eye casualty or urgent care today. If a dark curtain or shadow "
        f"comes over your vision, or sight is suddenly lost, go to eye casualty now ({CALL} if "
        "none is available)."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        red = msg.find("red_eye")
        warn = msg.find("eye_warning")
        if red and warn:
            return urgent(red, warn)
        if warn and "contact" in warn.text and (red or "pain" in msg.text):
            return urgent(warn, red)
        floaters = msg.find("floaters")
        if floaters and not settled.longstanding(msg):
            return urgent(floaters)
        shingles = msg.find("shingles")
        if shingles and _ORBIT.search(msg.text):
            return urgent(shingles, extra=("near the eye",))
        return None


@register
class ShinglesDrugRashHearing(Discriminator):
    """Shingles (antivirals within 72 hours), a new drug rash without airway signs (stop the
    drug, same-day review), sudden hearing loss (ENT within 24 hours, NICE NG98)."""

    kind = "rash_hearing_same_day"
    label = "Needs treatment today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]}: antivirals for shingles work best within 3 days; a rash "
        "after a new medicine needs the medicine reviewed (if lips, tongue or throat swell or "
        f"breathing gets hard, {CALL}); sudden hearing loss needs steroids within days."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        shingles = msg.find("shingles")
        if shingles:
            return urgent(shingles)
        hives = msg.find("urticaria")
        drug = msg.find("new_drug")
        if hives and drug:
            return urgent(hives, drug)
        deaf = msg.find("hearing_loss")
        if deaf:
            return urgent(deaf)
        return None


@register
class MetabolicSameDay(Discriminator):
    """Hyperglycaemia >= 15 mmol/L without ketones (JBDS / Diabetes UK sick-day rules), a high
    INR without bleeding (BNF: INR > 8 needs vitamin K), moderate sodium, a falling Hb."""

    kind = "metabolic_same_day"
    label = "Abnormal sugar or blood result needing review today"
    advice = urgent_advice = (
        f"This needs {TODAY} (sick-day rules, a dose change or a repeat test). If you start "
        f"vomiting, get tummy pain, fast breathing, drowsiness or any bleeding, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        g = msg.vitals.glucose_mmol
        diabetes = known(msg, "diabetes")
        high = msg.find("high_sugar")
        if (g is not None and g >= 15) or (high and diabetes):
            extra = (f"glucose {g:g} mmol/L",) if g is not None else ()
            return urgent(diabetes, high, extra=extra)
        inr = _INR.search(msg.text)
        if inr:
            value = float(inr.group(1).replace(",", "."))
            if value >= 5:
                return urgent(extra=(f"INR {value:g}",))
        na = msg.labs.sodium
        if na is not None and 120 <= na < 130:
            return urgent(extra=(f"sodium {na:g} mmol/L",))
        k = msg.labs.potassium
        if k is not None and 6.0 <= k < 6.5:
            return urgent(extra=(f"potassium {k:g} mmol/L",))
        hb = _HB.search(msg.text)
        if hb:
            value = _hb_g_per_l(float(hb.group(1).replace(",", ".")), hb.group(2))
            before = _HB_BEFORE.search(msg.text, hb.end(), hb.end() + 30)
            if value < 80 or (before and _hb_g_per_l(float(before.group(1)), None) - value >= 10):
                return urgent(extra=(f"haemoglobin {value:g} g/L",))
        return None


@register
class CardiacSameDay(Discriminator):
    """New or fast AF (rate > 100) with stable observations (NICE NG196: same-day rate control
    and anticoagulation review); worsening heart failure (NICE NG106: breathlessness,
    orthopnoea, ankle swelling)."""

    kind = "cardiac_same_day"
    label = "Heart rhythm or heart failure needing review today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]} for an ECG and treatment. If you get chest pain, faint, "
        f"or are breathless at rest or lying flat is impossible, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        af = msg.find("af")
        palp = msg.find("palpitations")
        hr = msg.vitals.hr
        if af and (palp or (hr is not None and hr > 100) or re.search(r"(?<!\w)new(?!\w)", msg.text)):
            return urgent(af, palp, extra=(f"heart rate {hr}",) if hr else ())
        hf = msg.all_current("heart_failure")
        if len({m.concept + m.text[:6] for m in hf}) >= 2:
            return urgent(*hf[:3])
        return None


@register
class ChildSameDay(Discriminator):
    """NICE NG143 amber features: fever for 5 days or more, age 3-6 months with fever, reduced
    drinking; scarlet fever; a fever with a rash that fades on pressure."""

    kind = "child_fever_same_day"
    label = "Child with fever needing review today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]}. If the child becomes floppy, very drowsy, breathes "
        f"fast, stops drinking or gets a rash that does not fade under a glass, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        p = msg.patient
        if not p.child:
            return None
        if settled.ALREADY_TREATED.search(msg.text) and settled.WELL_OR_BETTER.search(msg.text):
            return None  # already diagnosed, on treatment and well
        fever, extra = _febrile(msg, 38.0)
        if not (fever or extra):
            return None
        if _DAYS.search(msg.text):
            return urgent(fever, extra=extra + ("fever for 5 days or more",))
        if p.age_years is not None and p.age_years < 0.5:
            return urgent(fever, extra=extra + (f"age {p.age_text or 'under 6 months'}",))
        if _SCARLET.search(msg.text):
            return urgent(fever, extra=extra + ("signs of scarlet fever",))
        if _RASH.search(msg.text):
            return urgent(fever, extra=extra + ("fever with a rash",))
        t = msg.vitals.temp_c
        if _EAR_DISCHARGE.search(msg.text) or (
            _EARACHE.search(msg.text) and t is not None and t >= 39.0
        ):
            return urgent(fever, extra=extra + ("fever with a discharging ear",))
        if re.search(r"(?<!\w)(?:drinking|feeding)\s+(?:less|poorly|much\s+less)", msg.text):
            return urgent(fever, extra=extra + ("drinking less",))
        t = msg.vitals.temp_c
        if t is not None and t >= 39 and p.age_years is not None and p.age_years < 3:
            return urgent(fever, extra=extra)
        return None


@register
class ThroatSameDay(Discriminator):
    """Quinsy (one-sided swelling, trismus, muffled voice) and tonsillitis with pus and fever
    (FeverPAIN); dental abscess (urgent dental care)."""

    kind = "throat_same_day"
    label = "Throat or dental infection needing treatment today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]} (an urgent dentist for a tooth). If you cannot swallow "
        f"your saliva, are drooling, or breathing becomes noisy or hard, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        throat = msg.find("sore_throat")
        quinsy = msg.find("quinsy_signs")
        if quinsy and (throat or "quinsy" in quinsy.text or "peritonsillar" in quinsy.text):
            return urgent(throat, quinsy)
        pus = msg.find("tonsil_pus")
        fever, extra = _febrile(msg)
        if throat and pus and (fever or extra):
            return urgent(throat, pus, fever, extra=extra)
        dental = msg.find("dental_abscess")
        if dental:
            return urgent(dental)
        return None


@register
class AbdomenSameDay(Discriminator):
    """Possible appendicitis with stable observations (pain moving to the right iliac fossa),
    painless jaundice (NICE NG12: urgent investigation), hyperemesis and itching in late
    pregnancy (RCOG: obstetric cholestasis)."""

    kind = "abdomen_same_day"
    label = "Needs assessment today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]} (pregnant: your maternity unit or midwife today). If the "
        f"pain becomes severe, the tummy goes rigid, or you faint or vomit blood, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        appx = msg.find("appendicitis")
        if appx:
            return urgent(appx)
        jaundice = msg.find("jaundice")
        if jaundice:
            return urgent(jaundice)
        preg = msg.pregnant
        itch = msg.find("pregnancy_itch")
        if itch and (preg or "cholestasis" in itch.text or _LATE_GESTATION.search(msg.text)):
            return urgent(preg, itch)
        hyper = msg.find("hyperemesis")
        if hyper and (preg or "hyperemesis" in hyper.text):
            return urgent(preg, hyper)
        return None


@register
class JointInjurySameDay(Discriminator):
    """A hot swollen joint (gout or septic arthritis: NICE CKS same-day; with fever the same
    day in hospital), mastitis, an injury with inability to bear weight (Ottawa ankle/knee
    rules), falls in an older person, a swallowed coin or small object (not a battery or
    magnet) without distress."""

    kind = "joint_injury_same_day"
    label = "Needs assessment today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]} (minor injuries unit or urgent treatment centre for an "
        "injury or a swallowed object). A hot swollen joint with a fever needs hospital "
        f"assessment today. If the person is drooling, choking or in severe pain, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        joint = msg.find("hot_joint")
        if joint and joint.text.startswith("gout") and not _ACUTE_JOINT.search(msg.text):
            joint = None  # the diagnosis named, no attack now ("no flare at the moment")
        if joint:
            fever, extra = _febrile(msg)
            return urgent(joint, fever, extra=extra)
        breast = msg.find("breast_inflamed")
        if breast and (msg.find("breastfeeding") or "mastitis" in breast.text):
            return urgent(breast, msg.find("breastfeeding"))
        nwb = msg.find("cannot_weight_bear")
        if nwb and _INJURY.search(msg.text):
            return urgent(nwb)
        falls = msg.find("recurrent_falls")
        if falls and (
            _ELDERLY.search(msg.text) or (msg.patient.age_years or 0) >= 65
        ):
            return urgent(falls)
        body = msg.find("foreign_body")
        if body and not (settled.ALREADY_PASSED.search(msg.text) and settled.WELL.search(msg.text)):
            return urgent(body)
        return None


@register
class TravelFever(Discriminator):
    """Fever after travel to a malaria area (UKHSA: same-day malaria test, up to a year
    after return)."""

    kind = "travel_fever"
    label = "Fever after travel: malaria must be excluded today"
    advice = urgent_advice = (
        f"A fever after travel to a malaria area needs a same-day malaria blood test: {TODAY}, "
        f"and say where you travelled. If drowsy, confused, breathless or jaundiced, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        travel = known(msg, "travel")  # "travelled to India last month" still counts
        fever, extra = _febrile(msg)
        if travel and (fever or extra or re.search(r"(?<!\w)(?:shiver\w*|rigors?|chills)", msg.text)):
            return urgent(travel, fever, extra=extra)
        return None


@register
class AlcoholWithdrawal(Discriminator):
    """Alcohol withdrawal symptoms (NICE CG100): same-day assessment; fits, hallucinations or
    confusion (delirium tremens) are an emergency."""

    kind = "alcohol_withdrawal"
    label = "Alcohol withdrawal"
    advice = (
        f"Fits, seeing or hearing things, or confusion after stopping alcohol can be delirium "
        f"tremens: {CALL} now."
    )
    urgent_advice = (
        f"Alcohol withdrawal can become dangerous: {TODAY} (medication may be needed). Do not "
        f"stop suddenly on your own without advice. If fits, hallucinations or confusion start, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        w = msg.find("alcohol_withdrawal")
        if w is None:
            return None
        severe = msg.find("seizure", "confusion", "hallucinations")
        if severe:
            return emergency(w, severe, extra=("possible delirium tremens",))
        signs = msg.find("withdrawal_signs")
        if signs:
            return urgent(w, signs)
        return None


@register
class MinorBurnMigraine(Discriminator):
    """A blistering burn (NHS: see a GP or urgent treatment centre today; emergency burns are
    the burns rule's) and a migraine over 72 hours not helped by the usual treatment (status
    migrainosus: NICE CKS same-day review)."""

    kind = "burn_migraine_same_day"
    label = "Needs treatment today"
    advice = urgent_advice = (
        f"{TODAY[0].upper()}{TODAY[1:]}. For a burn: cool it under running water for 20 "
        "minutes and cover it loosely with cling film; do not burst blisters. If a headache "
        f"becomes sudden and severe, or comes with a stiff neck, fever or weakness, {CALL}."
    )

    def evaluate(self, msg: Message) -> Hit | None:
        burn = msg.find("burn")
        blister = re.search(r"(?<!\w)(?<!no\s)(?<!not\s)(?<!without\s)(?<!any\s)blister\w*", msg.text)
        small = re.search(r"(?<!\w)(?:small|tiny|little|size\s+of\s+a\s+(?:coin|pea|fingernail))(?!\w)", msg.text)
        if burn and blister and not small:
            return urgent(burn, extra=("blistering burn",))
        headache = msg.find("headache")
        if headache and _THREE_DAYS.search(msg.text) and _NOT_WORKING.search(msg.text):
            return urgent(headache, extra=("over 3 days, usual treatment not working",))
        return None
