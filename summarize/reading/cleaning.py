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
    """Repair mojibake, straighten quotes, normalise spaces; paragraphs stay apart. Cleaning
    clean text changes nothing: a repair that uncovers another (C1 controls read as
    windows-1252, then those as UTF-8) is repeated until the text stands still.
    """
    for _ in range(4):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
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
    # the web archive's other notices (Alexa's donated crawls, focused and wide crawls, seed lists)
    re.compile(r"\balexa internet\b|\bcrawl data\b|\bwebcrawl|\bweb crawls?\b|\bwayback machine\b|\bthis crawl\b|"
               r"\bthe crawl\b|\bcrawls? of (?:outlinks|supported|online)\b|\bfocused crawls?\b|\bwide crawls?\b|"
               r"\barchive-it\b|\bheritrix\b|\bcrawler (?:software|configuration)\b|\bdistributed crawling\b|"
               r"\bcrawl (?:start|end) date\b|\bseedlist\b|\brepeated crawls\b|\bcrawled all\b", re.I),
    # a broadcast transcript (">> you can pick up, ..."), a gallery counter ("1 of 7.", "Hide caption 3 of 50"),
    # story highlights (a run of headline fragments), promos and galleries ("Photos: celebs who ...",
    # "play slideshow ...", "Click here ..."), captchas, paywalls and sign-up boxes
    re.compile(r">>|^\W*(?:hide caption\s+|show caption\s+)?\d+ of \d+\b|^\W*(?:hide|show) caption\b|"
               r"^\W*story highlights\b|^\W*(?:photos?|pictures|gallery|slideshow|video|watch|related|read more|"
               r"more|see also|also read|listen)\s*:|[\[(]\s*(?:in )?(?:photos?|pictures|video)\s*:|"
               r"\bplay slideshow\b|\bslideshow\b|\bclick (?:here|on|the)\b|\bclicking\b|\bcaptcha\b|"
               r"\bnot a robot\b|\benable javascript\b|\bjavascript is disabled\b|\bneed to enable javascript\b|"
               r"\binteractive transcript\b|\brush transcript\b|\bsubscribe (?:now|to|today)\b|\bunsubscribe\b|"
               r"\bsubscriber account\b|\bthank you for reading\b|\bsign up (?:for|to|now)\b|\bnewsletters?\b|"
               r"\bshare (?:this|on|via)\b|\bshare link\b|\bcopy link\b|\bfollow (?:us|@)|\bcookies?\b.*\b(?:consent|agree|policy)\b|"
               r"\bvisit (?:our|the) (?:homepage|website)\b|\barticle is from the archive of our partner\b|"
               r"\bprivacy policy\b|\bterms of (?:use|service)\b|\ball rights reserved\b|\breturn to the page\b|"
               r"\bposted:.{0,80}\bupdated:", re.I),
    # a one-word heading glued as a sentence: "Introduction", "Advertisement", "[ pdf ]"
    re.compile(r"^\W*(?:introduction|advertisement|advertisements|sponsored|trending|related|more|updated?|"
               r"editor's note|\[\s*pdf\s*\]|pdf)\W*$", re.I),
    # an agency photo caption, which ends on the full date the picture was taken: "... answers a
    # question in Manchester, N.H., Saturday, Jan. 7, 2012." (a news sentence says "on Saturday")
    re.compile(r",\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
               r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\W*$", re.I),
    # a push-notification box, a "( watch below )" pointer, a byline alone, a station's sign-off
    # ("Written by Laura stetser", "NBC 6's Sharon Lawson reports.")
    re.compile(r"\bpush notifications?\b|\(\s*watch (?:below|above|the video)\s*\)|"
               r"^\W*written by\s+(?:[\w.'-]+\s*){1,3}\W*$|"
               r"^\W*\w+\s*\d+'s\s+(?:[\w.'-]+\s+){1,3}(?:reports|has more|has the story)\W*$", re.I),
    # a photo caption: "Joey wilson, left, rings up ...", "... Bob mcdonnell, center, walks by ..."
    re.compile(r",\s*(?:left|right|center|centre|top|bottom|(?:second|third|far) (?:from )?(?:left|right)|"
               r"top (?:left|right)|bottom (?:left|right)|in (?:the )?(?:foreground|background))\s*,|"
               r"\(\s*(?:left|right|center|centre|l|r|from left|left to right)\s*\)|\bpictured\b|\bnot pictured\b", re.I),
]


_CREDIT = re.compile(r"\(\s*(?:photo|ap photo|afp photo|reuters photo|getty images|associated press|ap|afp|reuters)\b"
                     r"[^()]{0,120}\)\s*", re.I)
# page furniture glued to the start of a real sentence: "Text size - + reset politico 44 ...",
# "Published on Mar 5, 2018 ..." (a video page's date line)
_FURNITURE_PREFIX = re.compile(r"^\W*(?:text size\s*-\s*\+\s*reset(?:\s+politico\s+44)?|"
                               r"published on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4})\s+",
                               re.I)


# agency tags and credits anywhere: "( cnn )", "( cbsla ) --", "(AP) —", "xixinxing/getty images",
# "Photograph: laura lezza/getty images", "&#124; getty", "[ pdf ]"
_AGENCIES = (r"cnn|ap|afp|reuters|upi|bbc|cbs|nbc|abc|fox|ians|pti|dpa|efe|ansa|xinhua|ht|sky news|wfaa|"
             r"ktla|kabc|wcbs|wabc|cbsla|cbsnews|cnbc|mashable|ew|tmz|people|ew\.com|the wire|the conversation|"
             r"ap photo|newser|hollywoodlife|spoiler|usa today|ktvu|kxas|wpix|wnbc|wgn|khou|kprc|wsvn|wkmg|"
             r"[kw][a-z]{2,3}(?:-?tv)?|cbs\d*(?: [\w-]+)?")  # a station's call sign: "( wjz )", "( cbs11 i-team )"
_TAG = re.compile(rf"\(\s*(?:{_AGENCIES}|[a-z]{{3,6}}(?:-?tv)?)\s*\)\s*(?:--+|—|–|-|:)?\s*", re.I)
_AGENCY_TAG = re.compile(rf"\(\s*(?:{_AGENCIES})\s*\)\s*(?:--+|—|–|-|:)?\s*", re.I)
_SLASH_CREDIT = re.compile(r"(?:&#124;|\|)?\s*(?:\b(?:photo(?:graph)?s?|video|image|credit)\s*:\s*)?"
                           r"(?:[\w.'-]+\s*/\s*){1,3}(?:getty|afp|istock|shutterstock|reuters|ap|epa|corbis|"
                           r"ap photo|bloomberg|nurphoto|sipa|zuma|rex|wireimage|filmmagic)\b(?:\s+images)?(?:\s+plus)?"
                           r"(?:\s+file)?\s*[\])]?\s*", re.I)
_START_CREDIT = re.compile(r"^\W*(?:&#124;\s*)?(?:(?:photo(?:graph)?s?|video|image|credit)\s*:\s*)?(?:[\w.'-]+\s+){0,2}"
                           r"[\w.'-]+\s*/\s*(?:[\w.'-]+\s*/\s*){0,2}(?:getty|afp|istock|shutterstock|reuters|ap|epa|"
                           r"corbis|bloomberg|nurphoto|sipa|zuma|rex|wireimage|filmmagic)\b(?:\s+images)?(?:\s+plus)?"
                           r"(?:\s+file)?\s*[\])]?\s*", re.I)
_ENTITY_BAR = re.compile(r"&#124;\s*(?:getty(?: images)?|ap|afp|reuters)?\s*", re.I)
_PDF = re.compile(r"[\[(]\s*pdf\s*[\])]|\(\s*https?://\S+\s*\)|\bhttps?://\S+|"  # "[ pdf ]", links
                  r"\benlarge this image\b|\btoggle caption\b|"  # a gallery's buttons mid-sentence
                  r"[—–-]+\s*(?:[\w.'-]+\s+){0,4}\(\s*@\w+\s*\)\s*(?:[a-z]+\.? \d{1,2}, \d{4})?", re.I)  # a tweet's signature
# furniture that opens a real sentence: "Advertisement", "Continue reading the main story",
# "Photo: howie stern", "Enlarge image", "Subscribe now", "Please enable javascript to watch this video"
_OPENERS = re.compile(r"^\W*(?:(?:photo\s+)?advertisement(?:skip)?s?|continue reading the main story|enlarge (?:this )?image|"
                      r"subscribe now|related content|read more(?: trending news)?|newsletter sign up|"
                      r"(?:please )?enable javascript to (?:watch|play|view) this (?:video|media)|"
                      r"you need to enable javascript to play media on [\w.]+|story continue[sd] below|"
                      r"(?:image|photo|video) (?:credit|courtesy)\s*:?[^.]{0,40}?(?=\s[a-z])|"
                      r"(?:photo(?:graph)?|video)\s*:\s*(?:[a-z][\w.'-]*\s+){1,3}(?:for (?:the )?(?:[a-z][\w.'-]*\s+){1,4})?(?=\S))"
                      r"\s*", re.I)
# a dateline opening an article: "Washington —", "New orleans —", "Florence, ariz. —", "CAIRO (AP) --"
_DATELINE = re.compile(r"^\s*(?:[A-Za-z][\w.'&-]*\s+){0,3}?[A-Za-z][\w.'&-]*(?:\s*,\s*(?:[A-Za-z][\w.'-]*\.?\s*){1,2})?"
                       rf"\s*(?:\(\s*(?:{_AGENCIES})\s*\)\s*)?(?:--+|—|–|(?<=\s)-)\s+(?=\S)", re.I)
# a dateline with an agency tag, a date allowed: "Washington, july 29 ( upi ) --", "Seoul ( cnn )"
_TAGGED_DATELINE = re.compile(r"^\s*(?:[A-Za-z][\w.'&-]*\s*,?\s+){0,4}?(?:[A-Za-z][\w.'&-]*|\d{1,2})\s*"
                              rf"\(\s*(?:{_AGENCIES})\s*\)\s*(?:--+|—|–|-|:)?\s*(?=\S)", re.I)
_DATELINE_STOP = frozenset("the a an this that these those it he she they we i there here one two three four five six seven "
                           "eight nine ten some many most all no nine dozens hundreds thousands".split())


def strip_residue(sentence: str, opening: bool = False) -> str:
    """Scraping residue glued into a real sentence, wherever it sits: agency tags ("( cnn )"),
    slash credits ("drew angerer/getty images"), "[ pdf ]", page furniture that opens it
    ("Advertisement", "Continue reading the main story", "Photo: ..."), and, in an article's
    ``opening`` sentence, its dateline ("Washington —", "Florence, ariz. --", "CAIRO (AP) --").

    >>> strip_residue("( cnn ) a sign memorializing emmett till has been vandalized -- again.")
    'a sign memorializing emmett till has been vandalized -- again.'
    >>> strip_residue("Washington — the white house says the trip is off.", opening=True)
    'the white house says the trip is off.'
    >>> strip_residue("Nine countries — the us and israel among them — voted against it.", opening=True)
    'Nine countries — the us and israel among them — voted against it.'
    >>> strip_residue("Advertisement continue reading the main story tucson — in an e-mail, she wrote.", opening=True)
    'in an e-mail, she wrote.'
    >>> strip_residue("Drew angerer/getty images buzzfeed on tuesday published a dossier.")
    'buzzfeed on tuesday published a dossier.'
    >>> strip_residue("Washington, july 29 ( upi ) -- sea levels are rising.", opening=True)
    'sea levels are rising.'
    """
    text = _OPENERS.sub("", sentence)
    text = _OPENERS.sub("", text)
    if opening:
        text = _TAGGED_DATELINE.sub("", text, count=1)
    text = _AGENCY_TAG.sub(" ", _START_CREDIT.sub("", text))
    text = _SLASH_CREDIT.sub(" ", text)
    text = _ENTITY_BAR.sub(" ", text)
    text = _PDF.sub(" ", text)
    text = _TAG.sub("", text, count=1) if re.match(r"^\W*\(", text) else text
    if opening:
        m = _DATELINE.match(text)
        if m:
            head = m.group().split()
            rest = text[m.end():]
            # a place, not a subject: no determiner or number word opens it, and a sentence follows
            if head and head[0].lower().strip(",.") not in _DATELINE_STOP and len(rest.split()) >= 4 \
                    and not re.search(r"\d", m.group()):
                text = rest
        text = _TAG.sub("", text, count=1) if re.match(r"^\W*\(", text) else text
    text = " ".join(text.split())
    return text if re.search(r"\w", text) else ""


def clean_sentences(sentences: list[str]) -> list[str]:
    """An article's sentences without page furniture: credits and residue stripped where they sit
    (:func:`strip_credits`, :func:`strip_residue`; the dateline only in the opening sentence), and
    sentences that are furniture (:func:`is_boilerplate`) dropped. An article whose sentences are
    mostly the web archive's notices keeps none of them.

    >>> clean_sentences(["( cnn ) -- Rain fell in Oslo on Monday.", "1 of 7.", ">> reporter: we are live."])
    ['Rain fell in Oslo on Monday.']
    """
    out: list[str] = []
    for i, sentence in enumerate(sentences):
        text = strip_residue(strip_credits(sentence), opening=not out)
        if text and not is_boilerplate(text):
            if text[:1].islower() and text != sentence:
                text = text[0].upper() + text[1:]
            out.append(text)
    return out


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
    >>> is_boilerplate("Newt Gingrich answers a question in Manchester, N.H., Saturday, Jan. 7, 2012.")
    True
    >>> is_boilerplate("Get push notifications with news, features and more."), is_boilerplate("Written by Laura stetser")
    (True, True)
    >>> is_boilerplate("Nbc 6's Sharon Lawson reports."), is_boilerplate("The attack was caught on video ( watch below ).")
    (True, True)
    >>> is_boilerplate("In this town, the river rose by two metres on Monday.")
    False
    >>> is_boilerplate("The vote was held on Saturday, Jan. 7, and the result came a day later.")
    False
    >>> is_boilerplate("Written by hand, the letter was found in a drawer.")
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
