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
    out = []
    for i in keep:
        longer_later = any(j > i and keys[j] != keys[i] and keys[j].startswith(keys[i]) and len(keys[i]) > 40
                           for j in keep)
        if not longer_later:
            out.append(paragraphs[i])
    return out


def is_heading(line: str, max_words: int = 12) -> bool:
    """A short line without closing punctuation: a title or a section sub-heading.

    >>> is_heading("NATO chief: do not accept nuclear blackmail"), is_heading("He left on Friday.")
    (True, False)
    """
    words = line.split()
    return 0 < len(words) <= max_words and not line.rstrip().endswith((".", "!", "?", '"', "'", ")", "]"))


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*", text)


def near_duplicate(a: str, b: str, threshold: float = 90.0) -> bool:
    """Two articles that are the same text give or take a few words (rapidfuzz on the first
    2,000 characters), with the same numbers: reports that differ in a figure are not copies.

    >>> near_duplicate("The cat sat on the mat today.", "The cat sat on the mat today!")
    True
    >>> near_duplicate("The river rose 17 centimetres.", "The river rose 18 centimetres.")
    False
    """
    ka, kb = _key(a)[:2000], _key(b)[:2000]
    if min(len(ka), len(kb)) < (threshold / 100) * max(len(ka), len(kb)):
        return False
    if fuzz.ratio(ka, kb, score_cutoff=threshold) < threshold:
        return False
    return _numbers(ka) == _numbers(kb)
