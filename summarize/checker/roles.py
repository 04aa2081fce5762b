"""Who did what to whom: a summary sentence that reverses the roles its evidence gives.

A small NLI model reads "Russia condemned NATO" against "NATO condemned Russia" as near-copies,
since they share every word. This rule compares, for each predicate word the summary sentence
shares with a related article sentence (same stem: "annexed" / "annexation"), the named entity
that acts (the *agent*) and those acted upon:

- predicates are words in -ed after their subject or an auxiliary (not "the annexed areas"),
  nouns in -tion, -sion or -ment, verbs after a modal or "not" (not
  infinitives: their subject is not written beside them), a name's "was considering",
  and verbs in -s between
  a name and their object ("Russia condemns the ...");
- the agent is the nearest name before the predicate within its clause, or, for a passive
  ("was annexed by Russia") or a noun ("the annexation ... by Russia"), the name after "by";
  a noun's agent is otherwise only a possessive ("Russia's annexation");
- the others are the names within a few words after it;
- names are compared through the cluster's aliases: every capitalised span of the articles
  links its names ("NATO Secretary General Jens Stoltenberg" makes "NATO" and "Stoltenberg"
  one party; titles such as "President" link nothing), and "Russia" / "Russian" share a stem.

A verb that is used both ways ("the bridge will close" / "engineers will close the bridge") is
no swap when the summary names nobody it acts on. A swap is an agent that the article gives as acted upon while another party acts, and that no
related article sentence gives as the agent: an ``attribution`` issue (the act is given to the
wrong party). Reporting verbs ("said", "told") are left to the
quotation rules.

>>> articles = ["NATO Secretary General Jens Stoltenberg strongly condemned the annexation of Ukrainian regions by Russia.",
...             "At the same time, Stoltenberg warned Russia of serious consequences if it uses nuclear weapons.",
...             "Russian President Vladimir Putin signed the treaties on Friday."]
>>> roles = Roles.from_sentences(articles)
>>> print(roles.issues("Russia strongly condemned the annexation of Ukrainian regions.")[0].message)
... # doctest: +NORMALIZE_WHITESPACE
role swap: the articles say Jens Stoltenberg condemned, and Russia is the one it concerns (article sentence:
'NATO Secretary General Jens Stoltenberg strongly condemned the annexation of Ukrainian regions by Russia.')
>>> roles.issues("The NATO chief strongly condemned the annexation of Ukrainian regions by Russia.")
[]
>>> roles.issues("Ukrainian regions were annexed by Russia, Stoltenberg said.")
[]
>>> [i.type for i in roles.issues("Putin warned NATO of serious consequences.")]
['attribution']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Issue
from ..text import MONTHS, WEEKDAYS, shorten, words

_SPAN = re.compile(r"\b[A-Z][\w'\-]*(?:\s+(?:of\s+)?[A-Z][\w'\-]*)*")
_TOKEN = re.compile(r"[\w'\-]+|[^\w\s]")
_TITLES = {"president", "secretary", "general", "minister", "prime", "chief", "mayor", "governor", "senator", "king",
           "queen", "chancellor", "director", "chairman", "spokesman", "spokeswoman", "head", "leader", "foreign",
           "defence", "defense", "interior", "mr", "mrs", "ms", "dr", "sir", "former", "deputy", "vice", "of", "the"}
_NOT_NAMES = {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you", "his",
              "her", "their", "in", "on", "at", "but", "and", "or", "if", "when", "after", "before", "while", "as",
              "according", "however", "meanwhile", "also", "at", "by", "for", "with", "from", "to", "regarding", "rather",
              "such", "all", "every", "both", "there", "here", "then", "still", "yet", "boss", "mls"} | set(WEEKDAYS) | set(MONTHS)
_REPORTING = {"said", "says", "say", "told", "tell", "tells", "added", "adds", "stated", "states", "according", "wrote",
              "writes", "asked", "announced", "explained", "noted", "stressed", "emphasized", "emphasised", "confirmed"}
_CLAUSE_BREAK = {"that", "who", "which", "whom", "whose", ";", ":", '"', "if", "because", "while", "when", "whether",
                 "but", "although", "though", "after", "before", "since", "until", "where"} | _REPORTING
_BE = {"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"}
_NOUN_ENDINGS = ("tion", "sion", "ment")
_STOP = _NOT_NAMES | _BE | {"has", "have", "had", "will", "would", "can", "could", "should", "must", "may", "might",
                            "not", "never", "no", "do", "does", "did", "of", "its", "our", "your", "them", "him",
                            "more", "most", "than", "very", "also", "only", "over", "into", "about", "up", "out"}
_MODALS = {"will", "would", "can", "could", "should", "must", "may", "might", "not", "never", "did", "does", "do"}
_SUBJECT_LINKS = _BE | {"has", "have", "had", "he", "she", "it", "they", "we", "who", "which", "also", "then", "and"}
_PREPOSITIONS = {"in", "at", "of", "from", "for", "on", "near", "with", "to", "into", "across", "outside", "inside"}
_ERGATIVE = {"close", "closes", "closed", "open", "opens", "opened", "reopen", "reopened", "shut", "end", "ended",
             "begin", "began", "start", "started", "stop", "stopped", "resume", "resumed", "change", "changed", "move",
             "moved", "grow", "grew", "increase", "increased", "decrease", "decreased", "rise", "rose", "fall", "fell",
             "break", "broke", "return", "returned", "collapse", "collapsed", "spread", "improve", "improved",
             "expand", "expanded", "sink", "sank", "burn", "burned", "continue", "continued", "merge", "merged"}
_VERBISH = {"has", "have", "had", "said", "says", "told", "will", "would", "can", "could", "must", "may", "might",
            "should", "also", "then", "now", "still", "not", "never", "who", "which", "that"}
_ROLE_NOUNS = ("manager|coach|boss|side|club|captain|vice-captain|striker|midfielder|defender|goalkeeper|forward|winger|"
               "chief|president|minister|spokesman|spokeswoman|spokesperson|restaurant|company|firm|star|actor|actress|"
               "singer|player|leader|head|chairman|chairwoman|director|founder|ceo|owner|secretary|general|pair|duo|"
               "official|officer|senator|governor|mayor|ambassador|envoy|lawyer|attorney|prosecutor|judge|team-mate|"
               "teammate|rival|partner|brand|group|giant|outlet|newspaper|network|maker|carrier|airline|bank|agency")
_APPOSITION = re.compile(rf"\b([A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*)\s+(?:[a-z\-]+\s+)?(?:{_ROLE_NOUNS})\s+"
                         rf"([A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*)")
AGENT_WINDOW = 12  # words before the predicate searched for its agent
OBJECT_WINDOW = 8  # words after it searched for the names it acts on


def stem(word: str) -> str:
    """A crude stem that links a verb to its noun and a country to its adjective.

    >>> stem("annexed") == stem("annexation"), stem("Russia") == stem("Russian"), stem("warned")
    (True, True, 'warne')
    """
    return word.lower().strip("'")[:5]


@dataclass(frozen=True)
class Party:
    """A name as a set of stems (titles dropped), and the name as written."""

    keys: frozenset
    text: str


def _name_keys(span: str) -> frozenset:
    names = (w.removesuffix("'s") for w in words(span, contractions=True))
    return frozenset(stem(w) for w in names if w and w not in _TITLES and w not in _NOT_NAMES)


def _display(parts: list[str]) -> str:
    """A name as a reader wants it: after its title ("NATO Secretary General Jens Stoltenberg" -> "Jens Stoltenberg")."""
    last_title = max((i for i, w in enumerate(parts) if w.lower() in _TITLES - {"of", "the"}), default=-1)
    return " ".join(parts[last_title + 1:] or parts).removesuffix("'s")


def _parties(tokens: list[str], starts: list[int], sentence: str) -> dict[int, Party]:
    """Token index -> the party whose name covers it (leading function words and titles kept out
    of its keys, not of its span)."""
    out: dict[int, Party] = {}
    for m in _SPAN.finditer(sentence):
        span = m.group()
        parts = span.split()
        while parts and parts[0].lower() in _NOT_NAMES | _TITLES:
            parts = parts[1:]
        keys = _name_keys(" ".join(parts).removesuffix("'s"))
        if not keys:
            continue
        following = sentence[m.end():].split(maxsplit=1)
        if len(parts) == 1 and not span.endswith("'s") and following and _modifies(following[0]):
            continue  # "the Colombian striker", "NATO allies": a name that describes, not a party
        party = Party(keys, _display(parts))
        for index, start in enumerate(starts):  # every token of the name points to it
            if m.start() <= start < m.end():
                out[index] = party
    return out


def _modifies(word: str) -> bool:
    """Whether a lower-case word after a one-word name makes the name a modifier ("Liverpool
    midfielder", "NATO allies"), not the subject of a verb ("Russia strongly", "Russia has")."""
    if not word[:1].islower():
        return False
    word = word.strip(".,;:'\"")
    return (word.isalpha() and word not in _BE and word not in _MODALS and word not in _VERBISH
            and not word.endswith(("ly", "ed")) and word not in ("and", "or", "of", "to", "in", "on", "at", "for", "by"))


@dataclass
class Frame:
    """One predicate of a sentence: who acts on it and whom it concerns."""

    predicate: str
    agent: Party | None
    others: list[Party]


def frames(sentence: str) -> dict[str, Frame]:
    """Predicate stem -> its frame, for every content word with a named agent or object.

    >>> f = frames("Ukrainian regions were annexed by Russia.")
    >>> f["annex"].agent.text, [p.text for p in f["annex"].others]
    ('Russia', [])
    """
    tokens, starts = [], []
    for m in _TOKEN.finditer(sentence):
        tokens.append(m.group())
        starts.append(m.start())
    parties = _parties(tokens, starts, sentence)
    out: dict[str, Frame] = {}
    for i, token in enumerate(tokens):
        low = token.lower()
        if not token[0].islower() or not low.isalpha() or low in _STOP or low in _REPORTING or len(low) < 4 or low.endswith("ly"):
            continue
        previous = tokens[i - 1].lower() if i > 0 else ""
        before = i - 1
        while before > 0 and tokens[before].lower().endswith("ly"):
            before -= 1  # "Stoltenberg strongly condemned"
        after_subject = before in parties or (before >= 0 and tokens[before].lower() in _SUBJECT_LINKS)
        nominal = low.endswith(_NOUN_ENDINGS)
        verb_like = ((low.endswith("ed") and after_subject) or nominal or previous in _MODALS
                     or (low.endswith("ing") and previous in _BE and (i - 2) in parties)
                     or (low.endswith("s") and not low.endswith(("ss", "us", "is")) and (i - 1) in parties
                         and i + 1 < len(tokens) and (tokens[i + 1].lower() in ("the", "a", "an", "that", "to", "his", "her")
                                                      or (i + 1) in parties)))
        if not verb_like:
            continue
        passive = i > 0 and (tokens[i - 1].lower() in _BE or (i > 1 and tokens[i - 2].lower() in _BE)) and low.endswith(("ed", "en"))
        after = [(j, parties[j]) for j in range(i + 1, min(len(tokens), i + 1 + OBJECT_WINDOW))
                 if j in parties and not _broken(tokens, i + 1, j)]
        by_agent = next((p for j, p in after if tokens[j - 1].lower() == "by"), None)
        agent = None
        if (passive or nominal) and by_agent is not None:
            agent = by_agent
        elif nominal:  # a noun acts only through a possessive: "Russia's annexation"
            if i > 1 and tokens[i - 1] == "'s" and (i - 2) in parties:
                agent = parties[i - 2]
            elif (i - 1) in parties and tokens[i - 1].endswith("'s"):
                agent = parties[i - 1]
        elif not passive:
            for j in range(i - 1, max(-1, i - 1 - AGENT_WINDOW), -1):
                if tokens[j].lower() in _CLAUSE_BREAK or tokens[j] in (",", "."):
                    if tokens[j] == "," and j + 1 < len(tokens) and tokens[j + 1].lower() in ("the", "who"):
                        break
                    if tokens[j] != ",":
                        break
                if j in parties:
                    first = j
                    while first - 1 in parties and parties[first - 1] is parties[j]:
                        first -= 1
                    if first > 0 and tokens[first - 1].lower() in _PREPOSITIONS:
                        continue  # "The bridge in Port Alden will close": a place, not the subject
                    agent = parties[j]
                    break
        others = list({id(p): p for _, p in after if p is not agent}.values())
        if agent is not None or others:
            out.setdefault(stem(low), Frame(low, agent, others))
    return out


def _broken(tokens: list[str], start: int, end: int) -> bool:
    """Whether a clause break lies between two token positions."""
    return any(t.lower() in _CLAUSE_BREAK or t in (";", ".") for t in tokens[start:end])


class Roles:
    """The articles' frames and aliases, computed once per cluster (see the module doc)."""

    def __init__(self, sentences: Sequence[tuple[str, str]]):
        self.sentences = list(sentences)  # (article id, sentence)
        self.frames = [frames(s) for _, s in self.sentences]
        self.content = [_content(s) for _, s in self.sentences]
        groups: list[set] = []
        for _, sentence in self.sentences:
            for m in _SPAN.finditer(sentence):
                keys = set(_name_keys(m.group()))
                if keys:
                    groups.append(keys)
            for m in _APPOSITION.finditer(sentence):  # "Liverpool manager Brendan Rodgers": one party
                groups.append(set(_name_keys(m.group(1))) | set(_name_keys(m.group(2))))
        self.aliases = groups

    @classmethod
    def from_sentences(cls, sentences: Sequence[str]) -> Roles:
        return cls([("a", s) for s in sentences])

    def same(self, a: Party, b: Party) -> bool:
        """Whether two names are one party: a shared stem, or both in one span of the articles."""
        if a.keys & b.keys:
            return True
        return any(a.keys & group and b.keys & group for group in self.aliases)

    def issues(self, sentence: str) -> list[Issue]:
        """A role-swap issue (``attribution`` when the acting party is swapped for another)."""
        mine = frames(sentence)
        content = _content(sentence)
        if not mine or not content:
            return []
        related = [k for k, c in enumerate(self.content) if len(content & c) / len(content) >= 0.4]
        for key, frame in mine.items():
            if frame.agent is None or (not frame.others and frame.predicate in _ERGATIVE):
                continue  # "the bridge will close" against "engineers will close the bridge" is no swap
            theirs = [(k, f.agent, f) for k in related if key in self.frames[k]
                      for f in (self.frames[k][key],) if f.agent is not None]
            if not theirs or any(self.same(frame.agent, agent) for _, agent, _ in theirs):
                continue  # no article names who acts here, or one says this party does
            for k, agent, other in theirs:
                acted_upon = any(self.same(frame.agent, p) for p in other.others)
                if not acted_upon:
                    continue
                source = self.sentences[k][1]
                return [Issue("attribution", frame.agent.text, agent.text,
                              f"role swap: the articles say {agent.text} {other.predicate}, and "
                              f"{frame.agent.text} is the one it concerns (article sentence: '{shorten(source, 160)}')")]
        return []


def _content(sentence: str) -> set[str]:
    return {stem(w) for w in words(sentence) if len(w) > 3 and w not in _STOP}
