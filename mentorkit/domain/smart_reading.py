"""The rules' reading of a goal: its deadline (``domain.deadlines``) resolved against
today, then, in what is left, the action (a concrete verb and what it acts on, not
"get better at" or "be more") and the measure (a number, a percentage, an amount, a
frequency, an exam or certificate), each named by its kind for the model to weigh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mentorkit.domain.deadlines import NUMBER_WORDS, find_deadline
from mentorkit.domain.records import long_date
from mentorkit.domain.smart_model import KINDS

VAGUE_STARTS = re.compile(
    r"^(?:get\s+(?:better|more|good)|be(?:come)?\b|feel\b|learn\b|understand\b|know\b"
    r"|develop\b|work\s+on\b|think\b|look\s+after\b|take\s+on\s+more\b|go\s+back\b"
    r"|do\s+more\b|find\b|contribute\b|network\b|grow\s+as\b|focus\b|try\b"
    r"|explore\b|manage\s+\w+\s+better|make\s+.*\bmore\b)",
    re.I,
)
CHANGE_VERBS = {"improve", "increase", "reduce", "cut", "raise", "grow", "lower", "boost",
                "decrease", "speed", "sell"}  # fmt: skip
COMPARATIVES = re.compile(
    r"\b(?:better|more|less|faster|calmer|stronger|bigger|smarter|harder|often|well)\b",
    re.I,
)
ABSTRACT = re.compile(
    r"\b(?:relationships?|trust|skills?|confidence|career|balance|quality|processes|"
    r"myself|mindset|presence)\b",
    re.I,
)
ROLE = re.compile(  # a position one holds or not: "become a nurse manager"
    r"^(?:be|become)\s+(?:(?:a|an|the)\s+(?!(?:better|more|good|great|stronger|happier"
    r"|healthier|real|true)\b)[\w' -]+|in\s+a\s+[\w -]*position)[.!]?$",
    re.I,
)
SCOPE = re.compile(  # where or whose: "turnover in the engineering department"
    r"\b(?:in|at|of|for|on|across|among|within)\s+(?:the\s+|our\s+|my\s+|a\s+)?[a-z]", re.I
)
MORE_OF = re.compile(r"\b(?:more|fewer|less)\s+([a-z]+)", re.I)
ADJECTIVE_END = re.compile(r"(?:ive|ful|ent|ant|able|ible|ous|al|ic|ly|er|ed)$")
UNNAMED = re.compile(  # a kind of thing, not the thing: "a new certificate", "a job"
    r"^(?:a|an|another|some|new|more)\s+(?:new\s+|better\s+|different\s+)?"
    r"(?:certificates?|certifications?|qualifications?|jobs?|skills?|courses?|degrees?"
    r"|hobby|hobbies|languages?|roles?|positions?|clients?|customers?|friends?)[.!]?$",
    re.I,
)
MARKER = re.compile(r"^(?:#\d+|\d+[.)]|goal\s*#?\d+\s*[:.)-]?)\s+", re.I)  # "#1", "2)"
LEAD_IN = re.compile(  # who wants what, before the action: "Patients will be able to"
    r"^(?:(?:the\s+)?(?:[\w#]+\s+){0,3}?goal(?:\s+[\w-]+){0,4}?\s+is\s+to\s+"
    r"|(?:i|we|you|[a-z][\w-]*(?:\s+(?:students?|patients?|staff|team))?)\s+"
    r"(?:will|shall|wants?|would\s+like|'d\s+like|plans?|hopes?|aims?|intends?|needs?)"
    r"(?:\s+to)?\s+(?:be\s+able\s+to\s+)?"
    r"|(?:i|we)'d\s+like\s+to\s+(?:be\s+able\s+to\s+)?|(?:i|we)'ll\s+"
    r"|(?:to\s+)?be\s+able\s+to\s+|learn\s+(?:how\s+)?to\s+|to\s+)",
    re.I,
)
MEASURES = {  # kind -> pattern, the first found names the measure
    "amount": re.compile(
        r"[$€£]\s?\d[\d,.]*\s*[km]?\b|\b\d[\d,.]*\s*(?:%|percent|k\b|x\b)", re.I
    ),
    "number": re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)?(?![\w/-])"),
    "span": re.compile(
        r"\b\d+-(?:minute|hour|day|week|month|word|page|person|step)s?\b", re.I
    ),
    "count": re.compile(
        r"\b(?:" + "|".join(w for w in NUMBER_WORDS if w not in {"a", "an"}) + r")\b"
        r"(?!-on-)",
        re.I,
    ),
    "rhythm": re.compile(
        r"\b(?:every|each|per)\s+\w+|\b(?:a|per)\s+(?:day|week|month|quarter|year)\b"
        r"|\btwice\b|(?<!the )(?<!our )(?<!my )(?<!this )"
        r"\b(?:daily|weekly|fortnightly|monthly)\s+\w+",
        re.I,
    ),
    "exam": re.compile(
        r"\b(?:pass|passing|earn|obtain|achieve|get)\b[^.]*\b(?:exam|certificat\w*|"
        r"certified|level\s+[ivx\d])",
        re.I,
    ),
    "outcome": re.compile(  # done or not: a deliverable, a decision, a habit ended
        r"\b(?:quit|eliminate|pay\s+off|win\s+(?:a|an|the)|publish|launch|submit"
        r"|graduate|(?:be|get)\s+promoted|decide\s+on|make\s+the\s+dean's\s+list"
        r"|(?:earn|obtain|complete|receive|get)\s+(?:a|an|my|the)?\s*(?:[\w-]+\s+){0,4}?"
        r"(?:degree|ph\.?d|diploma|licen[cs]e|certification|credential|award))\b",
        re.I,
    ),
}
GENERIC = KINDS["generic"]
CLAUSE_EDGE = re.compile(r"^[\s,;:.–-]+")  # left at the front by "By 30 June, I will ..."
OBJECT_WORDS = re.compile(r"[a-z][a-z'-]+", re.I)
STOPWORDS = {
    "the", "a", "an", "my", "our", "to", "of", "for", "with", "and", "in", "on", "at",
    "it", "them", "me", "i", "this", "that", "some", "all", "any",
}  # fmt: skip

QUESTIONS = {
    "specific": "What exactly will you do, and what will be different when it is done?",
    "measurable": "How will you and your mentor know it is done: what number, count or "
    "result will show it?",
    "time_bound": "By when? Pick a date or a horizon, e.g. 'by 30 June' or 'within 3 "
    "months'.",
    "achievable": "Can it be done in the time left in the program, alongside your work? "
    "If not, which part can?",
    "relevant": "How does this connect to the skills you want to develop and your "
    "career goals?",
}


@dataclass(frozen=True)
class Check:
    """One criterion: met (None when it cannot be judged), the evidence, a question."""

    met: bool | None
    evidence: str = ""
    question: str = ""


def _strip_lead(text: str) -> str:
    """The goal without who wants it: "I want to learn how to" -> ""."""
    body = text.strip()
    for _ in range(3):
        shorter = LEAD_IN.sub("", body, count=1).strip()
        if shorter == body:
            break
        body = shorter
    return body


def action_of(text: str) -> tuple[str, str]:
    """The goal's first verb and the words after it."""
    words = _strip_lead(text).split(maxsplit=1)
    if not words:
        return "", ""
    return words[0].lower().strip(",."), (words[1] if len(words) > 1 else "")


def _specific(rest: str, measure: str) -> tuple[Check, str]:
    """The rules' reading of the action, and the kind of what they found."""
    verb, obj = action_of(rest)
    body = _strip_lead(rest)
    has_number = bool(measure)
    content = [w for w in OBJECT_WORDS.findall(obj.lower()) if w not in STOPWORDS]
    scoped = len(content) >= 3 and SCOPE.search(obj) is not None
    more = MORE_OF.search(obj)
    kind, reason = "action", ""
    if not verb:
        kind, reason = "none", "no action found"
    elif ROLE.match(body):
        return Check(True, f"names a position: {' '.join(body.split()[:8])}"), "role"
    elif VAGUE_STARTS.match(body):
        kind = "vague"
        reason = f"'{' '.join(body.split()[:3])}' says a direction, not an action"
    elif verb in CHANGE_VERBS and not has_number and not scoped:
        kind, reason = "change", f"'{verb}' without a starting point or target"
    elif more and not has_number and _concrete(more.group(1)):
        kind = "more"  # more of a concrete thing: "read more books"
    elif COMPARATIVES.search(obj) and not has_number:
        kind = "comparative"
        reason = f"'{COMPARATIVES.search(obj).group(0)}' compares, but to what?"
    elif not content and measure != "amount":
        kind, reason = "bare", f"'{verb}' what?"
    elif UNNAMED.match(obj.strip()):
        kind, reason = "unnamed", f"'{obj.strip().rstrip('.!')}': which one?"
    elif content and set(content) <= GENERIC and not has_number:
        kind = "generic"  # the guide: a bare direction on money, sales, skills ...
        reason = f"'{' '.join(content)}' is broad: which part, or how much?"
    elif ABSTRACT.search(obj) and not has_number and len(content) <= 3:
        kind = "abstract"
        reason = f"'{ABSTRACT.search(obj).group(0)}' is broad; name a concrete result"
    if reason:
        return Check(False, reason, QUESTIONS["specific"]), kind
    if kind == "action" and verb in CHANGE_VERBS and not has_number:
        kind = "scoped"
    return Check(True, f"{verb} {' '.join(obj.split()[:8])}".strip()), kind


def _concrete(word: str) -> bool:
    """A thing one can count, not a quality or a broad outcome ("books", not
    "effective" or "customers")."""
    word = word.lower()
    return not ADJECTIVE_END.search(word) and word not in GENERIC


def _measurable(rest: str) -> tuple[Check, str]:
    """The rules' measure, and which kind of measure it is."""
    for kind, pattern in MEASURES.items():
        found = pattern.search(rest)
        if found:
            return Check(True, found.group(0).strip()), kind
    return Check(False, "no number, amount, frequency or exam", QUESTIONS["measurable"]), ""


def content_words(values: Iterable[str]) -> set[str]:
    return {
        w for v in values for w in OBJECT_WORDS.findall(v.lower()) if w not in STOPWORDS
    }


@dataclass(frozen=True)
class Reading:
    """What the rules read in a goal: each criterion's check, the kind of what was found
    (the model's findings), and the deadline."""

    text: str
    checks: dict[str, Check]
    findings: dict[str, str]
    due: date | None = None
    rest: str = ""  # the text without its deadline phrase
    deadline: str = ""


def read_goal(text: str, today: date) -> Reading:
    """The rules' reading of a goal (the deadline first: numbers in it are dates)."""
    text = MARKER.sub("", " ".join(str(text).split()))
    deadline = find_deadline(text, today)
    rest = text
    if deadline:
        start, end = deadline[2]
        rest = CLAUSE_EDGE.sub("", (text[:start] + " " + text[end:]).strip())
        rest = re.sub(r"\s+([.,;:!?])", r"\1", rest)
    measurable, measure = _measurable(rest)
    specific, action = _specific(rest, measure)
    due = deadline[1] if deadline else None
    if deadline and due is not None and due < today:
        when = f"'{deadline[0].rstrip('.')}' = {long_date(due)}, which has passed"
        time_bound = Check(False, when, "That date has passed: by when will you reach "
                                        "it now?")  # fmt: skip
        stated = "passed"
    elif deadline:
        when = f"'{deadline[0].rstrip('.')}'" + (f" = {long_date(due)}" if due else "")
        time_bound, stated = Check(True, when), "dated" if due else "undated"
    else:
        time_bound, stated = Check(False, "no date or horizon", QUESTIONS["time_bound"]), ""
    return Reading(
        text=text,
        checks={"specific": specific, "measurable": measurable, "time_bound": time_bound},
        findings={
            "action": action,
            "measure": measure or "none",
            "deadline": stated or "none",
            "compares": "yes" if COMPARATIVES.search(rest) else "no",
        },
        due=due,
        rest=rest,
        deadline=deadline[0] if deadline else "",
    )
