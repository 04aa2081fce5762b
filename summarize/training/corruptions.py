"""FactCC-style corruptions: turn a supported sentence into one the source contradicts.

Each function takes a sentence (and, where it needs one, a pool of strings from the same
cluster to swap in) and returns the corrupted sentence, or ``None`` when the sentence offers
nothing to corrupt. They build the negatives of the embedded checker's training data.

>>> import random
>>> swap_number("The storm killed 42 people.", random.Random(0))
'The storm killed 420 people.'
>>> swap_weekday("Talks resume on Friday.", random.Random(1)) != "Talks resume on Friday."
True
>>> flip_negation("The allies will recognize the vote.", random.Random(0))
'The allies will not recognize the vote.'
>>> flip_negation("The allies will not recognize the vote.", random.Random(0))
'The allies will recognize the vote.'
>>> swap_speaker('"We are ready," said Smith.', ["Smith", "Jones"], random.Random(0))
'"We are ready," said Jones.'

Three more aim at the error types small checkers miss most on FRANK (coreference and discourse
links); :func:`corrupt` uses them only when asked (``kinds=ALL_KINDS``), so the data of the
shipped recipe stays reproducible:

>>> swap_pronoun("He said the talks would resume.", random.Random(0))
'She said the talks would resume.'
>>> swap_link("The strike began after the talks failed.", random.Random(0))
'The strike began before the talks failed.'
>>> swap_roles("Smith defeated Jones in the final.", ["Smith", "Jones", "Brown"], random.Random(0))
'Jones defeated Smith in the final.'
"""

from __future__ import annotations

import random
import re

from .. import text

WEEKDAYS = [day.capitalize() for day in text.WEEKDAYS]
MONTHS = [month.capitalize() for month in text.MONTHS]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "twenty", "hundred", "thousand", "million", "billion"]

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])")
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|has|have|had|does|did|must)\b(?! not\b)", re.I)
_NEG = re.compile(r"\b(is|are|was|were|will|would|can|could|should|has|have|had|does|did|must) not\b", re.I)
_SPEAKER_AFTER = re.compile(r"\b(said|says|told|added|according to)\s+((?:[A-Za-z][\w.'\-]*\s?){1,3})", re.I)
_SPEAKER_BEFORE = re.compile(r"((?:[A-Z][\w.'\-]*\s){0,2}[A-Z][\w.'\-]*)\s+(?:said|says|told|added)\b")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "the", "a", "an", "his", "her", "this", "that", "on", "in"}


def _replace_span(text: str, match: re.Match, new: str) -> str:
    return text[: match.start()] + new + text[match.end():]


def _different_number(value: str, rng: random.Random) -> str:
    digits = value.replace(",", "")
    if len(digits.replace(".", "")) >= 2 and rng.random() < 0.5:
        swapped = digits[::-1] if digits[::-1] != digits else None  # 42 -> 24, a classic slip
        if swapped and not swapped.startswith("0") and "." not in swapped:
            return swapped
    number = float(digits)
    factor = rng.choice([0.5, 2, 3, 10, 0.1, 1.5])
    new = number * factor + rng.choice([1, 2, 3]) if number < 10 else number * factor
    text = f"{new:.1f}".rstrip("0").rstrip(".") if "." in digits else str(int(round(new)))
    return text if text != digits else str(int(number) + 1)


def swap_number(sentence: str, rng: random.Random) -> str | None:
    """Change one number written in digits (42 -> 24, 3 -> 6, 1,200 -> 2400)."""
    matches = list(_NUMBER.finditer(sentence))
    if not matches:
        for word in NUMBER_WORDS:
            found = re.search(rf"\b{word}\b", sentence, re.I)
            if found:
                other = rng.choice([w for w in NUMBER_WORDS if w != word])
                return _replace_span(sentence, found, other)
        return None
    match = rng.choice(matches)
    return _replace_span(sentence, match, _different_number(match.group(), rng))


def _swap_from(sentence: str, names: list[str], rng: random.Random) -> str | None:
    present = [n for n in names if re.search(rf"\b{n}\b", sentence, re.I)]
    if not present:
        return None
    old = rng.choice(present)
    new = rng.choice([n for n in names if n.lower() != old.lower()])
    if old[0].isupper():
        new = new[0].upper() + new[1:]
    else:
        new = new.lower()
    return re.sub(rf"\b{old}\b", new, sentence, count=1, flags=re.I)


def swap_weekday(sentence: str, rng: random.Random) -> str | None:
    """Change a weekday ("Friday" -> "Thursday")."""
    return _swap_from(sentence, WEEKDAYS, rng)


def swap_month(sentence: str, rng: random.Random) -> str | None:
    """Change a month name ("February 24" -> "March 24")."""
    return _swap_from(sentence, MONTHS, rng)


def flip_negation(sentence: str, rng: random.Random) -> str | None:
    """Insert or remove a 'not' after an auxiliary verb."""
    negated = _NEG.search(sentence)
    if negated:
        return _replace_span(sentence, negated, negated.group(1))
    if "n't" in sentence:
        return sentence.replace("n't", "", 1).replace("wo ", "will ", 1).replace("ca ", "can ", 1)
    aux = _AUX.search(sentence)
    if not aux:
        return None
    return _replace_span(sentence, aux, aux.group(1) + " not")


def speakers(text: str) -> list[str]:
    """Speakers named around reporting verbs ("said Smith", "Jones told"), pronouns excluded."""
    found: list[str] = []
    for match in _SPEAKER_AFTER.finditer(text):
        name = match.group(2).strip().rstrip(".,;:")
        if name and name.split()[0].lower() not in _PRONOUNS:
            found.append(" ".join(name.split()[:2]))
    for match in _SPEAKER_BEFORE.finditer(text):
        name = match.group(1).strip()
        if name.split()[0].lower() not in _PRONOUNS:
            found.append(name)
    unique: dict[str, str] = {}
    for name in found:
        unique.setdefault(name.lower(), name)
    return list(unique.values())


def swap_speaker(sentence: str, pool: list[str], rng: random.Random) -> str | None:
    """Give a quote or statement to another speaker of the same cluster."""
    own = speakers(sentence)
    others = [p for p in pool if all(p.lower() != o.lower() for o in own)]
    if not own or not others:
        return None
    old = rng.choice(own)
    return sentence.replace(old, rng.choice(others), 1)


def swap_word(sentence: str, pool: list[str], rng: random.Random) -> str | None:
    """Replace one content word (or capitalised name) with another from the cluster.

    Approximates entity and predicate errors (EntE/RelE) on lower-cased text such as
    Multi-News, where names cannot be told from other words by case.
    """
    words = [m for m in re.finditer(r"\b[A-Za-z][a-z]{3,}\b", sentence) if m.start() > 0]
    candidates = [p for p in pool if len(p) > 3]
    if not words or not candidates:
        return None
    target = rng.choice(words)
    replacement = rng.choice(candidates)
    if replacement.lower() == target.group().lower():
        return None
    return _replace_span(sentence, target, replacement)


_GENDER = {"he": "she", "she": "he", "him": "her", "his": "her", "her": "his", "himself": "herself", "herself": "himself"}
_PRONOUN = re.compile(r"\b(" + "|".join(_GENDER) + r")\b", re.I)


def _same_case(word: str, like: str) -> str:
    return word[0].upper() + word[1:] if like[0].isupper() else word


def swap_pronoun(sentence: str, rng: random.Random) -> str | None:
    """Turn a gendered pronoun to the other gender, so the sentence speaks of someone else (CorefE)."""
    found = list(_PRONOUN.finditer(sentence))
    if not found:
        return None
    match = rng.choice(found)
    return _replace_span(sentence, match, _same_case(_GENDER[match.group().lower()], match.group()))


_LINKS = [("before", "after"), ("earlier", "later"), ("because of", "despite"), ("more than", "less than"),
          ("increased", "decreased"), ("rose", "fell"), ("won", "lost"), ("first", "last")]
_LINK = re.compile(r"\b(" + "|".join(w for pair in _LINKS for w in pair) + r")\b", re.I)
_OPPOSITE = {a: b for pair in _LINKS for a, b in (pair, pair[::-1])}


def swap_link(sentence: str, rng: random.Random) -> str | None:
    """Reverse a temporal, causal or comparative link: before/after, because of/despite, rose/fell (LinkE)."""
    found = list(_LINK.finditer(sentence))
    if not found:
        return None
    match = rng.choice(found)
    return _replace_span(sentence, match, _same_case(_OPPOSITE[match.group().lower()], match.group()))


def swap_roles(sentence: str, pool: list[str], rng: random.Random) -> str | None:
    """Exchange two names of the cluster that the sentence holds, so each does what the other did."""
    present = [name for name in pool if re.search(rf"\b{re.escape(name)}\b", sentence)]
    present = [name for name in present if not any(name != other and name in other for other in present)]
    if len(present) < 2:
        return None
    first, second = rng.sample(present, 2)
    marker = "\x00"
    swapped = re.sub(rf"\b{re.escape(first)}\b", marker, sentence)
    swapped = re.sub(rf"\b{re.escape(second)}\b", first, swapped)
    return swapped.replace(marker, second)


BASE_KINDS = ("number", "date", "negation", "attribution", "entity")
ALL_KINDS = BASE_KINDS + ("pronoun", "link", "roles")


def corrupt(sentence: str, cluster_text: str, rng: random.Random,
            kinds: tuple[str, ...] = BASE_KINDS) -> tuple[str, str] | None:
    """Apply one applicable corruption of ``kinds``, chosen at random; returns ``(kind, sentence)``."""
    unknown = set(kinds) - set(ALL_KINDS)
    if unknown:
        raise ValueError(f"unknown corruption kinds {sorted(unknown)}; choose from {list(ALL_KINDS)}")
    content_words = sorted({w for w in re.findall(r"\b[a-z]{5,}\b", cluster_text.lower())})
    makers = {
        "number": lambda: swap_number(sentence, rng),
        "date": lambda: swap_weekday(sentence, rng) or swap_month(sentence, rng),
        "negation": lambda: flip_negation(sentence, rng),
        "attribution": lambda: swap_speaker(sentence, speakers(cluster_text), rng),
        "entity": lambda: swap_word(sentence, content_words, rng) if rng.random() < 0.35 else None,
        "pronoun": lambda: swap_pronoun(sentence, rng),
        "link": lambda: swap_link(sentence, rng),
        "roles": lambda: swap_roles(sentence, speakers(cluster_text), rng),
    }
    options = [(kind, makers[kind]) for kind in ALL_KINDS if kind in kinds]
    rng.shuffle(options)
    for kind, make in options:
        out = make()
        if out and out != sentence:
            return kind, out
    return None


# ----------------------------------------------------------------------------- meaning-preserving rewrites
_DIGIT_WORDS = {str(i): w for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_SAID_AFTER = re.compile(r'^(".+?[,.!?]")\s+said\s+((?:[A-Z][\w.\-]*\s?){1,3})\.$')
_SAID_BEFORE = re.compile(r'^(".+?[,.!?]")\s+((?:[A-Z][\w.\-]*\s?){1,3})\s+said\.$')
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b")


def light_rewrite(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """A rewrite that keeps the meaning: the positives that teach the checker that a small
    difference is not a contradiction. Returns ``(kind, sentence)``.

    >>> light_rewrite('"We are ready," said John Smith.', random.Random(0))
    ('said-order', '"We are ready," John Smith said.')
    >>> light_rewrite("Talks resume on March 3, officials said.", random.Random(1))[0] in ("date-format", "drop-clause")
    True
    """
    options = []
    m = _SAID_AFTER.match(sentence)
    if m:
        options.append(("said-order", f"{m.group(1)} {m.group(2).strip()} said."))
    m = _SAID_BEFORE.match(sentence)
    if m:
        options.append(("said-order", f"{m.group(1)} said {m.group(2).strip()}."))
    m = _MONTH_DAY.search(sentence)
    if m:
        options.append(("date-format", _replace_span(sentence, m, f"{m.group(2)} {m.group(1)}")))
    digits = [m for m in re.finditer(r"(?<![\w.,$])([2-9]|1[0-2])(?![\w.,%])", sentence)]
    if digits:
        d = rng.choice(digits)
        options.append(("number-format", _replace_span(sentence, d, _DIGIT_WORDS[d.group()])))
    attribution = re.search(r",\s*(?:officials|police|authorities|he|she|they|the company|the \w+) (?:said|says|added)\.$", sentence)
    if attribution and len(sentence[:attribution.start()].split()) >= 6:
        options.append(("drop-attribution", sentence[:attribution.start()] + "."))
    clauses = sentence.rstrip(".").split(", ")
    if len(clauses) >= 2 and len(clauses[0].split()) >= 6 and not sentence.count('"') % 2:
        first = clauses[0]
        if first.count('"') % 2 == 0:
            options.append(("drop-clause", first + "."))
    lead = re.match(r"^(?:According to [^,]+|In [^,]+|On \w+|Meanwhile|However|Also), (.+)$", sentence)
    if lead and len(lead.group(1).split()) >= 5:
        rest = lead.group(1)
        options.append(("drop-lead", rest[0].upper() + rest[1:]))
    if not options:
        return None
    return rng.choice(options)
