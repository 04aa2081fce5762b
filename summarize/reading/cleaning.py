"""Cleaning scraped news text: encoding, mojibake, quotes, whitespace, repeated leads, duplicates.

>>> clean_text("Itâ€™s   a “test”.\\n\\n\\nNext\\tline")
'It\\'s a "test".\\n\\nNext line'
>>> lead = "The minister resigned on Monday after a long inquiry."
>>> drop_repeated_paragraphs(["Headline", lead, "Headline", lead + " More text."])
['Headline', 'The minister resigned on Monday after a long inquiry. More text.']
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes
from rapidfuzz import fuzz


class UnreadableText(ValueError):
    """Bytes that are not text in any encoding we can detect (a binary file, say)."""


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) first, else the encoding charset-normalizer detects."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in raw[:4096]:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw[: 1 << 20]).best() if raw else None
    if best is None:
        raise UnreadableText("not text in any detectable encoding (binary file?)")
    text = raw.decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.05 * max(1, len(text[:4096])):
        raise UnreadableText("binary content (control characters) rather than text")
    return text


def clean_text(text: str) -> str:
    """Repair mojibake, straighten quotes, normalise spaces; paragraphs stay apart."""
    text = ftfy.fix_text(text, uncurl_quotes=True, normalization="NFKC")
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _key(paragraph: str) -> str:
    return " ".join(paragraph.lower().split())


def drop_repeated_paragraphs(paragraphs: list[str]) -> list[str]:
    """Scraped pages repeat the headline and lead: keep one copy, the fullest one.

    A paragraph equal to an earlier one is dropped; an earlier paragraph that a later one
    starts with (a lead repeated with the next sentence glued on) gives way to the later.
    """
    keys = [_key(p) for p in paragraphs]
    keep: list[int] = []
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if not key or key in seen:
            continue
        seen.add(key)
        keep.append(i)
    superseded = _extended_later(keys, keep)
    return [paragraphs[i] for i in keep if i not in superseded]


def _extended_later(keys: list[str], keep: list[int], min_chars: int = 40) -> set[int]:
    """The kept paragraphs (longer than ``min_chars``) whose key a later kept key starts with.

    Sorted, the keys that start with a key follow it directly, so one pass with a stack puts each
    key under the longest key it starts with (a tree), and a pass back up gives each key the last
    position among the keys below it: O(n log n) comparisons, not the n * n of comparing pairs.

    >>> sorted(_extended_later(["a" * 41, "b" * 41, "a" * 41 + " more", "b"], [0, 1, 2, 3]))
    [0]
    """
    order = sorted(keep, key=keys.__getitem__)
    parent: dict[int, int] = {}
    stack: list[int] = []
    for i in order:
        while stack and not keys[i].startswith(keys[stack[-1]]):
            stack.pop()
        if stack:
            parent[i] = stack[-1]
        stack.append(i)
    latest = dict.fromkeys(keep, -1)  # the last position among the keys that start with this one
    for i in reversed(order):  # a key's extensions come after it in sorted order
        if i in parent:
            latest[parent[i]] = max(latest[parent[i]], i, latest[i])
    return {i for i in keep if len(keys[i]) > min_chars and latest[i] > i}


def is_heading(line: str, max_words: int = 12) -> bool:
    """A short line without closing punctuation: a title or a section sub-heading.

    >>> is_heading("NATO chief: do not accept nuclear blackmail"), is_heading("He left on Friday.")
    (True, False)
    >>> is_heading("Ukraine to join NATO?"), is_heading("Why did the council wait two months before it acted?")
    (True, False)
    """
    words = line.split()
    if line.rstrip().endswith("?") and 0 < len(words) <= 6 and '"' not in line:
        return True  # a question as a sub-heading: "Ukraine to join NATO?"
    return 0 < len(words) <= max_words and not line.rstrip().endswith((".", "!", "?", '"', "'", ")", "]"))


_SHARE_WORDS = (r"(?:play|watch|share|shares|tweet|email|e-mail|facebook|twitter|embed|whatsapp|linkedin|pinterest|"
                r"reddit|print|copy|link|comment|comments|video|replay|close)")
_BOILERPLATE = [
    re.compile(rf"^\W*{_SHARE_WORDS}(?:\W+{_SHARE_WORDS})+\W*$", re.I),  # "Play facebook twitter embed"
    re.compile(r"^\W*(?:file\s*[-–—:(]|file photo\b)", re.I),  # "File - in this ...", "FILE PHOTO: ..."
    re.compile(r"^\W*(?:file\s*)?in this\s+(?:[\w,.'\-]+\s+){0,6}?(?:photo|image|picture|file photo|photograph|video|frame grab|handout)\b", re.I),
    re.compile(r"^\W*(?:image copyright|getty images|copyright \d{4})\b", re.I),
    re.compile(r"^\W*[Bb]y\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}\s*(?:,\s*[\w ]{0,40})?\W*$"),  # a byline
    re.compile(r"^\W*\(?\s*(?:the\s+)?(?:associated press|ap|reuters|afp|cnn|bbc)\s*\)?\W*$", re.I),
    # the web archive's notice that scrapers keep in place of a page that was gone (222 of 5,622
    # Multi-News validation clusters hold it): "These crawls are part of an effort to archive pages ..."
    re.compile(r"\bcrawls? (?:are|is) part of an effort to archive\b|\barchive pages as they are created\b|"
               r"\binternet archive hopes\b|\bfix all broken links on the web\b|\bno more 404\b", re.I),
    # and the End of Term archive's: "The web archiving was performed in the winter of 2016 ..."
    re.compile(r"\bweb archiving was performed\b|\bpublicly-accessible government websites\b", re.I),
    # sign-up boxes, alerts and embed notices: "Get email notifications on ... daily!", "Breaking news
    # emails", "You always have the option to delete your Tweet location history"
    re.compile(r"\b(?:email|e-mail) notifications?\b|\bnotification has been saved\b|\bposts new content\b|"
               r"\bdelivered to your inbox\b|\bbreaking news (?:emails|alerts)\b|\bdelivered weekday mornings\b|"
               r"\bsign up for (?:our|the) (?:\w+ )?newsletter\b|\bsubscribe to (?:our|the) (?:\w+ )?newsletter\b|"
               r"\btweet location history\b|\badd location information to your tweets\b", re.I),
    # players and captions: "Hide transcript show transcript", "WEBVTT", "Image caption ...",
    # "Media playback is unsupported on your device media caption ..."
    re.compile(r"^\W*(?:hide transcript|show transcript|webvtt\b|image caption\b|media playback\b|media caption\b)", re.I),
]


_CREDIT = re.compile(r"\(\s*(?:photo|ap photo|afp photo|reuters photo|getty images|associated press|ap|afp|reuters)\b"
                     r"[^()]{0,120}\)\s*", re.I)
# page furniture glued to the start of a real sentence: "Text size - + reset politico 44 ...",
# "Published on Mar 5, 2018 ..." (a video page's date line)
_FURNITURE_PREFIX = re.compile(r"^\W*(?:text size\s*-\s*\+\s*reset(?:\s+politico\s+44)?|"
                               r"published on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})\s+",
                               re.I)


def strip_credits(sentence: str) -> str:
    """Photo credits in brackets, which scraped text glues to real sentences.

    >>> strip_credits("( photo: jeff chiu, associated press ) san francisco - facebook ceo mark zuckerberg said.")
    'san francisco - facebook ceo mark zuckerberg said.'
    >>> strip_credits("The rally (AP Photo/Jane Doe) drew thousands.")
    'The rally drew thousands.'

    and page furniture glued to a sentence's start:

    >>> strip_credits("Text size - + reset politico 44 the senator spoke on Monday.")
    'the senator spoke on Monday.'
    """
    return " ".join(_CREDIT.sub(" ", _FURNITURE_PREFIX.sub("", sentence)).split())


def is_boilerplate(sentence: str) -> bool:
    """Page furniture that scraped news keeps inside its text: photo captions, "File -" lines,
    share buttons, bylines, credit lines. Never summary material.

    >>> is_boilerplate("In this May 27, 2013 photo released by the Navy, a ship docks.")
    True
    >>> is_boilerplate("File - in this Jan. 5, 2016 file photo, the senator speaks.")
    True
    >>> is_boilerplate("Play facebook twitter embed"), is_boilerplate("By Jane Doe, Associated Press")
    (True, True)
    >>> is_boilerplate("These crawls are part of an effort to archive pages as they are created.")
    True
    >>> is_boilerplate("Close get email notifications on Olivia Lank daily!")
    True
    >>> is_boilerplate("Image caption Rajib Karim was arrested in Newcastle in February 2010")
    True
    >>> is_boilerplate("In this town, the river rose by two metres on Monday.")
    False
    """
    return any(pattern.search(sentence) for pattern in _BOILERPLATE)


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*", text)


def text_key(text: str) -> str:
    """What :func:`near_duplicate` compares: the first 2,000 characters, case and spacing folded
    (read from the start of ``text`` only as far as they need, however long it is)."""
    n = 4096
    while True:
        key = _key(text[:n])
        if len(key) >= 2000 or n >= len(text):
            return key[:2000]
        n *= 2


def key_numbers(key: str) -> tuple[str, ...]:
    """The numbers of a :func:`text_key`, which two near-duplicates must share."""
    return tuple(_numbers(key))


def near_duplicate(a: str, b: str, threshold: float = 90.0) -> bool:
    """Two articles that are the same text give or take a few words (rapidfuzz on the first
    2,000 characters), with the same numbers: reports that differ in a figure are not copies.

    >>> near_duplicate("The cat sat on the mat today.", "The cat sat on the mat today!")
    True
    >>> near_duplicate("The river rose 17 centimetres.", "The river rose 18 centimetres.")
    False
    """
    ka, kb = text_key(a), text_key(b)
    if min(len(ka), len(kb)) < (threshold / 100) * max(len(ka), len(kb)):
        return False
    if fuzz.ratio(ka, kb, score_cutoff=threshold) < threshold:
        return False
    return _numbers(ka) == _numbers(kb)
