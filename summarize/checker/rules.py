"""Fact rules: typed, explained reasons why a summary sentence is not supported.

NLI models are weak at dates and numbers and blind to who said what, so every summary
sentence also goes through these deterministic checks against the whole cluster. Each hit
is an :class:`~summarize.records.Issue` naming the summary span, the source span it
conflicts with when there is one, and a message a person understands.

>>> facts = SourceFacts.from_articles({"a1": ['"We will not give in," Stoltenberg said on Friday.',
...                                           "The alliance has 30 members and spent $4.5 billion."]})
>>> [i.type for i in check_sentence("Stoltenberg spoke on Thursday.", facts)]
['date']
>>> check_sentence("Stoltenberg spoke on Thursday.", facts)[0].message
"date 'Thursday' is not in any article; the articles say 'Friday'"
>>> [i.type for i in check_sentence("The alliance has thirty members and spent 4.5 billion dollars.", facts)]
[]
>>> [i.type for i in check_sentence('"We will not give in," Putin said.', facts)]
['attribution']
>>> [i.type for i in check_sentence("The alliance has 32 members.", facts)]
['number']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..records import Issue
from ..text import MONTHS, WEEKDAYS, shorten, words
from .roles import Roles

# ----------------------------------------------------------------------------- vocab
_MONTH_RE = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "dozen": 12, "zero": 0}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_APPROX = re.compile(r"(about|around|nearly|almost|roughly|some|approximately|more than|over|less than|under|"
                     r"at least|up to|close to|upwards of)\s+\S*$", re.I)
NEGATIONS = re.compile(r"\b(not|never|no|none|nobody|nothing|neither|nor|without|cannot)\b|n't\b", re.I)
_QUOTE = re.compile(r'"([^"]{8,}?)"')
_SAY = r"(?:said|says|say|told|added|stated|declared|insisted|warned|stressed|explained|wrote|tweeted)"
_NAME = r"((?:[A-Z][\w.'\-]+|de|van|von|al|bin)(?:\s+(?:[A-Z][\w.'\-]+|de|van|von|al|bin)){0,3})"
_DESCRIPTOR = r"((?:the|a|an|his|her|their)\s+(?:[\w\-]+\s+){0,3}?[\w\-]+)"
_FUNCTION_WORDS = {"not", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "did", "does",
                   "do", "will", "would", "can", "could", "should", "shall", "must", "has", "have", "had", "was",
                   "were", "are", "is", "been", "being", "didn't", "doesn't", "don't", "won't", "wouldn't", "isn't",
                   "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "can't", "couldn't", "shouldn't"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_NOT_NAMES = {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you",
              "his", "her", "their", "our", "in", "on", "at", "but", "and", "or", "if", "when", "after",
              "before", "while", "as", "according", "however", "meanwhile", "also", "mr", "mrs", "ms", "dr",
              "president", "minister", "secretary", "general", "officials", "police"} | set(WEEKDAYS) | set(MONTHS) | {
              "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def _norm_quotes(text: str) -> str:
    """Straight quotes, and thousands written apart by tokenisers ("235 , 000") joined again."""
    text = re.sub(r"[“”„‟″]", '"', re.sub(r"[‘’‚‛′]", "'", text))
    return re.sub(r"(?<=\d) , (?=\d{3}(?!\d))", ",", text)


# ----------------------------------------------------------------------------- numbers
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_COMPOUND = rf"{_TENS}[-\s](?:{'|'.join(_UNITS)})"
_SMALL = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("hundred", "dozen", "zero")), key=len, reverse=True))
_HUNDREDS = rf"(?:one|a|{'|'.join(_UNITS)})\s+hundred(?:\s+(?:and\s+)?(?:{_COMPOUND}|{_SMALL}|one))?"
_NUMBER = re.compile(
    r"(?P<cur>[$£€]\s?)?(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + _HUNDREDS + "|" + _COMPOUND + "|"
    + "|".join(NUMBER_WORDS) + r")"
    r"(?![\w,]*\d)(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m)\b)?(?P<ord>st|nd|rd|th)?\b"
    r"(?:\s?(?P<pct>%|percent|per cent))?", re.I)


def _word_value(words_: str) -> int:
    """"forty-two" -> 42, "twelve" -> 12, "" -> 0."""
    if not words_:
        return 0
    if re.fullmatch(_COMPOUND, words_):
        tens, units = re.split(r"[-\s]", words_)
        return NUMBER_WORDS[tens] + _UNITS[units]
    return NUMBER_WORDS.get(words_, _UNITS.get(words_, 0))


@dataclass(frozen=True)
class Number:
    text: str
    bare: float
    value: float
    start: int
    end: int


def numbers(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Number]:
    """Numbers in digits or words, with their scale ("42 million" = 42e6), outside ``skip`` spans.

    >>> [(n.text, n.value) for n in numbers("Four men paid $4.5 billion, up 12% from 1,200.")]
    [('Four', 4.0), ('$4.5 billion', 4500000000.0), ('12%', 12.0), ('1,200', 1200.0)]
    >>> [(n.text, n.value) for n in numbers("Fields, thirty-four, is a 34-year-old from Ohio.")]
    [('thirty-four', 34.0), ('34', 34.0)]
    >>> [(n.text, n.value) for n in numbers("The school's two hundred and forty pupils and a hundred staff.")]
    [('two hundred and forty', 240.0), ('a hundred', 100.0)]
    """
    out = []
    for m in _NUMBER.finditer(text):
        if m.group("ord") or any(s <= m.start("num") < e for s, e in skip):
            continue
        raw = m.group("num").lower()
        if raw == "m":
            continue
        if re.fullmatch(_HUNDREDS, raw):  # "two hundred and forty" -> 240
            head, _, rest = raw.partition("hundred")
            rest = re.sub(r"^\s*and\s+", "", rest.strip())
            bare = float(100 * (1 if head.strip() in ("a", "one") else _UNITS[head.strip()]) + _word_value(rest))
        elif re.fullmatch(_COMPOUND, raw):
            tens, units = re.split(r"[-\s]", raw)
            bare = float(NUMBER_WORDS[tens] + _UNITS[units])
        else:
            bare = float(NUMBER_WORDS[raw] if raw in NUMBER_WORDS else raw.replace(",", ""))
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        if m.group("scale") and m.group("scale").lower() == "m" and not m.group("cur"):
            scale = 1.0
        out.append(Number(m.group().strip(), bare, bare * scale, m.start(), m.end()))
    return out


# ----------------------------------------------------------------------------- dates
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d{{3}}\b)|"
                        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b", re.I)
_MONTH = re.compile(rf"\b{_MONTH_RE}\b\.?", re.I)
_YEAR = re.compile(r"(?<![\d,.$])\b(1[89]\d\d|20\d\d)\b(?![\d,.]*\s?(?:%|percent|million|billion))")
_MAY_AS_MONTH = re.compile(r"\b(in|of|since|until|by|last|next|early|late|mid-?|this)\s+may\b|\bmay\s+\d", re.I)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)


def _month_index(token: str) -> int:
    token = token.lower()[:3]
    return [m[:3] for m in MONTHS].index(token) + 1


@dataclass
class DateFacts:
    weekdays: dict[str, str] = field(default_factory=dict)  # normalised -> as written
    month_days: dict[tuple[int, int], str] = field(default_factory=dict)
    months: dict[int, str] = field(default_factory=dict)
    years: dict[int, str] = field(default_factory=dict)
    times: dict[int, str] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)


def dates(text: str) -> DateFacts:
    """Weekdays, month-days, months, years and clock times, normalised.

    >>> d = dates("On Friday, Feb. 24 2022 at 3 p.m., and on 5th of March.")
    >>> sorted(d.weekdays), sorted(d.month_days), sorted(d.years), sorted(d.times)
    (['friday'], [(2, 24), (3, 5)], [2022], [900])
    """
    facts = DateFacts()
    for m in _WEEKDAY.finditer(text):
        facts.weekdays.setdefault(m.group(1).lower(), m.group())
    for m in _MONTH_DAY.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        facts.month_days.setdefault((_month_index(month), int(day)), m.group())
        facts.spans.append(m.span())
    for m in _MONTH.finditer(text):
        token = m.group(1)
        if token.lower() == "may" and not _MAY_AS_MONTH.search(text[max(0, m.start() - 12):m.end() + 6]):
            continue  # "may" the verb
        facts.months.setdefault(_month_index(token), token)
    for m in _YEAR.finditer(text):
        facts.years.setdefault(int(m.group(1)), m.group(1))
        facts.spans.append(m.span())
    for m in _TIME.finditer(text):
        hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
        facts.times.setdefault(hour * 60 + int(m.group(2) or 0), m.group().strip())
        facts.spans.append(m.span())
    return facts


def implied_weekdays(facts: DateFacts) -> dict[str, str]:
    """Weekdays of the month-days when the text names exactly one year: "Monday" for "March 3"
    in a 2025 story, so a summary may say either.

    >>> implied_weekdays(dates("The bridge closes on March 3, 2025."))
    {'monday': 'March 3'}
    """
    if len(facts.years) != 1:
        return {}
    (year,) = facts.years
    out: dict[str, str] = {}
    for (month, day), written in facts.month_days.items():
        try:
            out.setdefault(WEEKDAYS[dt.date(year, month, day).weekday()], written)
        except ValueError:  # "February 30"
            continue
    return out


# ----------------------------------------------------------------------------- quotes
@dataclass
class Quote:
    text: str
    speaker: str | None  # a name, a descriptor ("the Norwegian") or a pronoun
    sentence: str
    article: str


def _speaker_near(sentence: str, quote_span: tuple[int, int]) -> str | None:
    """The speaker a sentence gives a quotation: '"...," said X', 'X said: "..."', 'according to X'."""
    after = sentence[quote_span[1]:]
    before = sentence[:quote_span[0]]
    ends_sentence = sentence[quote_span[0]:quote_span[1]].rstrip(' "')[-1:] in (".", "?", "!")
    if ends_sentence and re.match(r'^\s*[A-Z]', after):
        after = ""  # the quotation ends its sentence ('too. " He said ...'): what follows is another sentence
    patterns_after = [rf"^\W*{_SAY}\s+{_NAME}", rf"^\W*{_SAY}\s+(?:[a-z\-']+\s+){{1,3}}?{_NAME}",
                      rf"^\W*{_SAY}\s+{_DESCRIPTOR}",
                      rf"^\W*(?:[a-z\-]+\s+){{0,3}}?{_NAME}\s+{_SAY}",
                      rf"^\W*(he|she|they|we|I)\s+{_SAY}"]
    for pattern in patterns_after:
        m = re.search(pattern, after)
        if m:
            name = _clean_speaker(m.group(1))
            if re.search(rf"\bthe\s+{re.escape(m.group(1))}", m.group()) and " " not in name:
                return "the " + name  # "said the Norwegian": a descriptor, resolved to the named speaker
            return name
    for pattern in (rf"{_NAME}\s+{_SAY}\W*$", rf"{_NAME}\s+{_SAY}[^\"]*?$", rf"{_NAME},[^,\"]{{1,100}},\s+{_SAY}[^\"]*?$",
                    rf"according to\s+{_NAME}\W*$",
                    rf"\b(he|she|they|we|I)\s+{_SAY}\W*$"):
        m = re.search(pattern, before)
        if m:
            return _clean_speaker(m.group(1))
    m = re.search(rf"according to\s+{_NAME}", sentence)
    return _clean_speaker(m.group(1)) if m else None


def _clean_speaker(name: str) -> str:
    """A speaker as written, without the sentence's full stop ("Putin." -> "Putin"; "J." stays)."""
    name = name.strip()
    return name[:-1] if name.endswith(".") and len(name.split()[-1]) > 2 else name


def _is_name(speaker: str | None) -> bool:
    if not speaker:
        return False
    first = speaker.split()[0].lower()
    return speaker[0].isupper() and first not in _NOT_NAMES and first not in PRONOUNS


def quotes_in(sentences: list[str], article: str) -> list[Quote]:
    """Quotations of an article with their speakers; pronouns and descriptors resolved to the
    nearest named speaker before them in the same article."""
    out: list[Quote] = []
    last_named: str | None = None
    for sentence in sentences:
        sentence = _norm_quotes(sentence)
        for m in _QUOTE.finditer(sentence):
            speaker = _speaker_near(sentence, m.span())
            if not _is_name(speaker) and last_named:
                speaker = f"{speaker or 'unnamed'}={last_named}"
            out.append(Quote(m.group(1).strip(" ,."), speaker, sentence, article))
            if _is_name(speaker):
                last_named = speaker
        for m in _NAMED_SPEAKER.finditer(sentence):
            name = _clean_speaker(m.group(1) or m.group(2))
            if _is_name(name):
                last_named = name
    return out


# "X said", "said X", and X with an apposition or an affiliation before the verb
# ("Professor Anders Holm of the Karolinska Institute, who was not involved, said")
_NAMED_SPEAKER = re.compile(rf"{_NAME}(?:\s+(?:of|at|from)\s+(?:the\s+)?[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){{0,4}})?"
                            rf"(?:,[^,\"]{{1,100}},)?\s+{_SAY}|{_SAY}\s+{_NAME}")


def _same_person(a: str, b: str) -> bool:
    wa = {w for w in words(a, contractions=True) if w not in _NOT_NAMES}
    wb = {w for w in words(b, contractions=True) if w not in _NOT_NAMES}
    return bool(wa & wb)


# ----------------------------------------------------------------------------- facts
_REPORTING = {"said", "says", "say", "told", "tells", "added", "adds", "according", "stated"}


def _alignable(sentence: str) -> set[str]:
    """The words a sentence is aligned to its source by: no negation, auxiliary or reporting verb."""
    return {w for w in words(sentence, contractions=True) if len(w) > 2 and w not in _FUNCTION_WORDS and w not in _REPORTING}


@dataclass
class SourceFacts:
    """What the rules need from a cluster, computed once per cluster."""

    sentences: list[tuple[str, str]]  # (article id, sentence)
    vocabulary: set[str]
    numbers: list[Number]
    dates: DateFacts
    quotes: list[Quote]
    roles: Roles

    @classmethod
    def from_articles(cls, articles: dict[str, list[str]]) -> SourceFacts:
        pairs = [(aid, _norm_quotes(s)) for aid, sents in articles.items() for s in sents]
        text = "\n".join(s for _, s in pairs)
        date_facts = dates(text)
        return cls(
            sentences=pairs,
            vocabulary=set(words(text, contractions=True)),
            numbers=numbers(text, skip=date_facts.spans),
            dates=date_facts,
            quotes=[q for aid, sents in articles.items() for q in quotes_in(sents, aid)],
            roles=Roles(pairs),
        )

    def recalls(self, sentence: str) -> list[tuple[float, str, str]]:
        """(share of ``sentence``'s content words it holds, article, text) for every source
        sentence. Negations, auxiliaries and reporting verbs do not count, so a sentence and its
        negation align."""
        mine = _alignable(sentence)
        if not mine:
            return []
        return [(len(mine & set(words(s, contractions=True))) / len(mine), aid, s) for aid, s in self.sentences]

    def best_sentence(self, sentence: str) -> tuple[str, str, float] | None:
        """The source sentence sharing most content words with ``sentence``: (article, text, recall)."""
        scored = self.recalls(sentence)
        if not scored:
            return None
        score, aid, best = max(scored, key=lambda t: t[0])
        return aid, best, score

    def ranked(self, sentence: str) -> list[str]:
        """Source sentences, those sharing most of ``sentence``'s content words first."""
        return [s for _, _, s in sorted(self.recalls(sentence), key=lambda t: -t[0])]

    def aligned(self, sentence: str, at_least: float) -> list[str]:
        """Every source sentence holding ``at_least`` of ``sentence``'s content words."""
        return [s for score, _, s in self.recalls(sentence) if score >= at_least]


# ----------------------------------------------------------------------------- rules
def _known_word(word: str, vocabulary: set[str]) -> bool:
    """In the source, allowing derived forms (Ukraine/Ukrainian, Russia/Russians) and hyphenated
    names whose parts are all there ("Secretary-General" where the articles write "Secretary General")."""
    word = word.lower().strip(".'")
    if "-" in word.strip("-"):
        return all(_known_word(part, vocabulary) for part in word.split("-") if part)
    if word in vocabulary or word.rstrip("s") in vocabulary or word.removesuffix("'s") in vocabulary:
        return True
    need = max(4, len(word) - 3)
    return len(word) >= 5 and any(len(v) >= need and v[:need] == word[:need] for v in vocabulary)


def _content(text: str) -> set[str]:
    return {w for w in words(text, contractions=True) if len(w) > 2 and w not in _FUNCTION_WORDS and w not in WEEKDAYS}


def _weekday_elsewhere(sentence: str, mine: DateFacts, facts: SourceFacts, best: tuple | None) -> list[Issue]:
    """A weekday the articles use, but for another event: the sentence that reports this event
    gives a different day, and every sentence with this day matches the summary much worse.

    >>> facts = SourceFacts.from_articles({"a": ["Crews began a strike on Tuesday, halting sailings.",
    ...                                          "Exams on Wednesday were moved to next week."]})
    >>> [i.message for i in check_sentence("Crews began a strike on Wednesday, halting sailings.", facts)]
    ["date 'Wednesday' is given to another event in the articles; for this one they say 'Tuesday'"]
    """
    words = _content(sentence)
    if not best or not words or len(mine.weekdays) != 1:
        return []  # a sentence with two days fuses two events: leave it to NLI
    local = dates(best[1]).weekdays
    here = len(words & _content(best[1])) / len(words)
    if not local or here < 0.5:
        return []
    issues = []
    for day, written in mine.weekdays.items():
        if day in local or day not in facts.dates.weekdays:
            continue  # said where this event is reported, or not in any article (the presence check says so)
        elsewhere = max((len(words & _content(s)) / len(words) for _, s in facts.sentences if day in s.lower()), default=0.0)
        if elsewhere < here - 0.2:
            other = next(iter(local.values()))
            issues.append(Issue("date", written, other, f"date '{written}' is given to another event in the articles; "
                                                        f"for this one they say '{other}'"))
    return issues


def date_issues(sentence: str, facts: SourceFacts, best: tuple | None) -> list[Issue]:
    mine = dates(sentence)
    src = facts.dates
    local = dates(best[1]) if best else DateFacts()
    issues = []

    def say(kind: str, written: str, source_options: dict, local_options: dict, field_name: str = "") -> None:
        options = list(local_options.values())
        if not options and field_name:  # the closest sentence that gives a date of this kind
            found = (getattr(dates(s), field_name) for s in facts.ranked(sentence))
            options = next((list(f.values()) for f in found if f), [])
        options = options or list(source_options.values())
        other = options[0] if options else None
        tail = f"; the articles say '{other}'" if other else ""
        issues.append(Issue("date", written, other, f"{kind} '{written}' is not in any article{tail}"))

    implied = implied_weekdays(src)
    for field_name, kind in (("weekdays", "date"), ("month_days", "date"), ("years", "date"), ("times", "time")):
        known = getattr(src, field_name)
        if field_name == "weekdays":
            known = {**implied, **known}
        for key, written in getattr(mine, field_name).items():
            if key not in known:
                say(kind, written, known, getattr(local, field_name), field_name)
    issues += _weekday_elsewhere(sentence, mine, facts, best)
    covered_months = {m for m, _ in mine.month_days} | {m for m, _ in src.month_days}
    for key, written in mine.months.items():
        if key not in covered_months and key not in src.months:
            say("date", written, src.months, local.months)
    return issues


def number_issues(sentence: str, facts: SourceFacts, best: tuple | None) -> list[Issue]:
    skip = dates(sentence).spans
    issues = []
    src_values = {round(n.value, 6) for n in facts.numbers}
    src_bare = {round(n.bare, 6) for n in facts.numbers}
    for n in numbers(sentence, skip=skip):
        exact = round(n.value, 6) in src_values or (n.value == n.bare and round(n.bare, 6) in src_bare)
        if exact:
            continue
        approximate = _APPROX.search(sentence[:n.start]) and any(
            abs(s.value - n.value) <= 0.15 * max(abs(n.value), 1) for s in facts.numbers)
        if approximate:
            continue
        local = numbers(best[1], dates(best[1]).spans) if best else []
        other = min(local, key=lambda s: abs(s.value - n.value)).text if local else None
        tail = f"; the closest article sentence says '{other}'" if other else ""
        issues.append(Issue("number", n.text, other, f"number '{n.text}' is not in any article{tail}"))
    return issues


def entity_issues(sentence: str, facts: SourceFacts) -> list[Issue]:
    """Capitalised names (not sentence-initial single words) that no article mentions."""
    issues = []
    seen: set[str] = set()
    for m in re.finditer(r"\b[A-Z][\w'\-]+(?:\s+(?:of|de|van|von|al|the|and|&)?\s*[A-Z][\w'\-]+)*", sentence):
        span = m.group()
        words = [w for w in re.findall(r"[^\W\d_][\w'\-]*", span) if w[0].isupper()]  # "Efraín" whole
        at_start = m.start() == 0 or sentence[:m.start()].rstrip().endswith(('"', "(", ":"))
        if at_start and len(words) == 1:
            continue
        unknown = [w for w in words if w.lower() not in _NOT_NAMES and not _known_word(w, facts.vocabulary)]
        if at_start and unknown and unknown[0] == words[0] and len(unknown) == 1:
            continue
        unknown = [w for w in unknown if w.lower() not in seen]
        if unknown:
            seen.update(w.lower() for w in unknown)
            name = " ".join(unknown)
            issues.append(Issue("entity", name, None, f"name '{name}' does not appear in any article"))
    return issues


_INDIRECT = re.compile(rf"^(?:[A-Z][\w'\-]*\s+){{0,3}}?{_NAME}\s+{_SAY}\s+(?:that\s+)?([^\"]{{20,}})$")


def indirect_speech_issues(sentence: str, facts: SourceFacts) -> list[Issue]:
    """Reported speech given to the wrong speaker: "X said (that) ..." whose words are an
    article's quotation of someone else.

    >>> facts = SourceFacts.from_articles({"a": ['"Russia must understand that a nuclear war can never be won," '
    ...                                          'said Stoltenberg.']})
    >>> [i.message for i in indirect_speech_issues("Zelenskyy said Russia must understand that a nuclear war can never be won.", facts)]
    ['the words given to Zelenskyy are a quotation of Stoltenberg in the articles (a)']
    >>> indirect_speech_issues("Stoltenberg said Russia must understand that a nuclear war can never be won.", facts)
    []
    """
    if '"' in sentence:
        return []  # quotations are quote_issues' part
    m = _INDIRECT.match(sentence.strip())
    if not m or not _is_name(m.group(1)):
        return []
    speaker, said = _clean_speaker(m.group(1)), m.group(2).strip(" .")
    if len(said.split()) < 6:
        return []
    best, score = None, 0.0
    for q in facts.quotes:
        if len(q.text.split()) >= 5:
            s = fuzz.partial_ratio(q.text.lower(), said.lower()) if len(q.text) <= len(said) else \
                fuzz.partial_ratio(said.lower(), q.text.lower())
            if s > score:
                best, score = q, s
    if best is None or score < 90 or not best.speaker:
        return []
    names = [part for part in best.speaker.split("=") if _is_name(part)]
    if names and not any(_same_person(speaker, name) for name in names):
        return [Issue("attribution", speaker, names[-1], f"the words given to {speaker} are a quotation of "
                                                        f"{names[-1]} in the articles ({best.article})")]
    return []


def quote_issues(sentence: str, facts: SourceFacts, previous_speaker: str | None) -> list[Issue]:
    sentence = _norm_quotes(sentence)
    issues = []
    for m in _QUOTE.finditer(sentence):
        quoted = m.group(1).strip(" ,.")
        if len(quoted.split()) < 3:
            continue  # scare quotes around a word or two
        best, score = None, 0.0
        for q in facts.quotes:
            s = fuzz.partial_ratio(quoted.lower(), q.text.lower()) if len(quoted) <= len(q.text) + 10 else \
                fuzz.partial_ratio(q.text.lower(), quoted.lower())
            if s > score:
                best, score = q, s
        if best is None or score < 85:
            loose = max((fuzz.partial_ratio(quoted.lower(), s.lower()) for _, s in facts.sentences), default=0)
            if loose < 85:
                issues.append(Issue("quote", quoted, best.text if best and score > 60 else None,
                                    f"quotation \"{quoted}\" does not match any passage in the articles"))
                continue
            continue  # the words are in an article but not as a quotation: nothing to attribute
        speaker = _speaker_near(sentence, m.span())
        if speaker and speaker.split()[0].lower() in PRONOUNS:
            speaker = previous_speaker
        if not speaker or not _is_name(speaker) or not best.speaker:
            continue
        source_names = [part for part in best.speaker.split("=") if _is_name(part)]
        if source_names and not any(_same_person(speaker, name) for name in source_names):
            issues.append(Issue("attribution", speaker, source_names[-1],
                                f"quotation \"{quoted[:60]}\" is given to {speaker}; the articles attribute it to "
                                f"{source_names[-1]} ({best.article})"))
    return issues


_NEGATED = re.compile(r"(?:\b(?:not|never|cannot|no)|n't)\s+(?:(?:be|been|being|yet|also|only|even|ever|really|"
                      r"to|a|an|the|have|has|had|serious|major|immediate|further|other|official|"
                      r"and|or|nor|never|will|would|can|could|shall|should|do|does|did)\s+)*([a-z]+)", re.I)


def _negated(text: str) -> set[str]:
    """The words a negation applies to.

    >>> sorted(_negated("Allies do not recognize it; there were no immediate reports of injuries."))
    ['recognize', 'reports']
    >>> sorted(_negated('NATO allies "do not and never will recognize the territories as part of Russia."'))
    ['recognize']
    """
    return {m.group(1).lower() for m in _NEGATED.finditer(text)}


def negation_issues(sentence: str, facts: SourceFacts, best: tuple | None) -> list[Issue]:
    """Negation flipped relative to the source sentence that matches the rest of the sentence.

    Dropped: the source negates a predicate the summary states plainly. Added: the summary
    negates a sentence whose source has no negation at all. A negation elsewhere in a long
    source sentence does not count.
    """
    if not best or best[2] < 0.6:
        return []
    source = _norm_quotes(best[1])
    mine, theirs = _negated(sentence), _negated(source)
    dropped = sorted(w for w in theirs if w in set(words(sentence, contractions=True)) and w not in mine) if best[2] >= 0.75 else []
    if dropped:
        cue = next(m for m in _NEGATED.finditer(source) if m.group(1).lower() == dropped[0])
        window = source[max(0, cue.start() - 25): cue.end() + 25].strip()
        return [Issue("negation", dropped[0], window,
                      f"the summary drops a negation: the article ({best[0]}) says '…{window}…'")]
    where = NEGATIONS.search(sentence)
    if where and not any(NEGATIONS.search(other) for other in facts.aligned(sentence, max(0.4, best[2] - 0.25))):
        window = sentence[max(0, where.start() - 25): where.end() + 25].strip()
        # no source_span: the article may say it in other words ("declined to", "rejected", "the
        # first"), so this names no conflicting fact and never makes a sentence "contradicted"
        return [Issue("negation", window, None,
                      f"the summary adds a negation ('…{window}…') that the article ({best[0]}) does not have: "
                      f"'{shorten(best[1], 120)}'")]
    return []


def last_speaker(sentence: str) -> str | None:
    """The last named speaker of a sentence, for resolving 'he said' in the next one."""
    sentence = _norm_quotes(sentence)
    names = [_clean_speaker(m.group(1) or m.group(2)) for m in _NAMED_SPEAKER.finditer(sentence)]
    names = [n for n in names if _is_name(n)]
    return names[-1] if names else None


def check_sentence(sentence: str, facts: SourceFacts, previous_speaker: str | None = None) -> list[Issue]:
    """All rule hits for one summary sentence."""
    best = facts.best_sentence(sentence)
    sentence_n = _norm_quotes(sentence)
    issues = (date_issues(sentence_n, facts, best) + number_issues(sentence_n, facts, best)
              + entity_issues(sentence_n, facts) + quote_issues(sentence_n, facts, previous_speaker)
              + indirect_speech_issues(sentence_n, facts) + negation_issues(sentence_n, facts, best))
    if not any(i.type == "attribution" for i in issues):
        issues += facts.roles.issues(sentence_n)
    return issues


def rule_issues(sentences: list[str], facts: SourceFacts) -> list[list[Issue]]:
    """Rule hits for consecutive summary sentences ('he said' resolved to the last named speaker)."""
    out, speaker = [], None
    for sentence in sentences:
        out.append(check_sentence(sentence, facts, speaker))
        speaker = last_speaker(sentence) or speaker
    return out
