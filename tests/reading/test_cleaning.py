import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.reading.cleaning import UnreadableText, clean_text, decode, drop_repeated_paragraphs, near_duplicate

TEXT = "Ministers met in Zürich on Friday; the café “Größe” served crème brûlée to 40 guests."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
def test_decode_detects_the_encoding(encoding):
    text = TEXT if encoding not in ("latin-1",) else TEXT.replace("“", '"').replace("”", '"')
    assert decode(text.encode(encoding)) == text


def test_binary_is_refused():
    with pytest.raises(UnreadableText):
        decode(bytes(range(256)) * 40)


def test_mojibake_and_quotes_are_repaired():
    assert clean_text("The minister said: â€œWeâ€™ll waitâ€\x9d.") == "The minister said: \"We'll wait\"."


def test_repeated_headline_and_lead_are_dropped():
    lead = "NATO's chief described the attacks as the worst escalation since February 24."
    paragraphs = ["Headline here", lead, "Headline here", lead + ' "This is a crucial moment," he said.', "Next."]
    assert drop_repeated_paragraphs(paragraphs) == ["Headline here", paragraphs[3], "Next."]


def test_near_duplicates():
    a = "The bridge will close on Monday for six weeks of repairs, officials said."
    assert near_duplicate(a, a.replace("officials said", "officials say"))
    assert not near_duplicate(a, "Ferries will run every 20 minutes while the bridge is closed.")


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_clean_text_is_stable(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\r" not in once and "\n\n\n" not in once


def _drop_repeated_by_pairs(paragraphs):
    """The all-pairs definition drop_repeated_paragraphs must keep giving, in O(n log n)."""
    keys = [" ".join(p.lower().split()) for p in paragraphs]
    keep, seen = [], set()
    for i, key in enumerate(keys):
        if key and key not in seen:
            seen.add(key)
            keep.append(i)
    return [paragraphs[i] for i in keep
            if not any(j > i and keys[j] != keys[i] and keys[j].startswith(keys[i]) and len(keys[i]) > 40 for j in keep)]


LEAD = "The minister resigned on Monday after a long inquiry into the budget"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "Headline", LEAD, LEAD + ".", LEAD + ". More.", LEAD.upper() + ". More.",
                                 LEAD + ". More. Most.", LEAD + "!", "Other text that is long enough to count as a lead."]),
                max_size=12))
def test_repeated_paragraphs_are_dropped_as_the_all_pairs_definition_says(paragraphs):
    assert drop_repeated_paragraphs(paragraphs) == _drop_repeated_by_pairs(paragraphs)


def test_dropping_repeated_paragraphs_is_not_quadratic(monkeypatch):
    """Sorted keys, not all pairs: the number of prefix tests grows with n, not n * n."""
    from summarize.reading import cleaning

    calls = 0
    real = cleaning._extended_later

    class Key(str):
        def startswith(self, prefix, *args):
            nonlocal calls
            calls += 1
            return str.startswith(self, prefix, *args)

    monkeypatch.setattr(cleaning, "_key", lambda p: Key(" ".join(p.lower().split())))
    paragraphs = [f"Paragraph {i} says something long enough to be a lead paragraph of the article." for i in range(4000)]
    assert real(list(map(cleaning._key, paragraphs)), list(range(4000))) == set()
    assert drop_repeated_paragraphs(paragraphs) == paragraphs
    assert calls < 4 * 2 * 4000


# ---------------------------------------------------------------- scraping residue (issue 30)
from summarize.reading.cleaning import clean_sentences, is_boilerplate, strip_residue  # noqa: E402


@pytest.mark.parametrize("raw, clean", [
    ("( cnn ) a sign honouring the miners has been vandalized -- again.", "A sign honouring the miners has been vandalized -- again."),
    ("( cbsla ) -- a brush fire forced the closure of the 210 freeway on sunday.", "A brush fire forced the closure of the 210 freeway on sunday."),
    ("Washington — the senate voted 52-48 on tuesday to confirm the judge.", "The senate voted 52-48 on tuesday to confirm the judge."),
    ("Florence, ariz. — a condemned inmate gasped for more than an hour.", "A condemned inmate gasped for more than an hour."),
    ("Seoul, march 3 ( upi ) -- north korea fired two missiles into the sea.", "North korea fired two missiles into the sea."),
    ("Advertisement continue reading the main story tucson — in an e-mail on tuesday, the mother described his progress.",
     "In an e-mail on tuesday, the mother described his progress."),
    ("Drew angerer/getty images the dossier was published on tuesday by the site.", "The dossier was published on tuesday by the site."),
    ("Officials said the toll rose to 14 [ pdf ] on friday.", "Officials said the toll rose to 14 on friday."),
    ("The paper reported it ( http://bit.ly/1phuc5p ) on monday.", "The paper reported it on monday."),
    ("The site crashed. — nerc ( @nercscience ) march 20, 2016 the closing date is april 16.",
     "The site crashed. the closing date is april 16."),
    ("Video shows the shooting enlarge this image toggle caption police fired 20 shots.", "Video shows the shooting police fired 20 shots."),
])
def test_residue_is_stripped_where_it_sits(raw, clean):
    assert clean_sentences([raw]) == [clean]


def test_a_dateline_is_only_an_opening_and_never_a_subject():
    assert strip_residue("Nine countries — the us and israel among them — voted against it.", opening=True).startswith("Nine")
    assert strip_residue("Washington — the senate voted on tuesday to confirm.", opening=False).startswith("Washington")


@pytest.mark.parametrize("junk", [
    "Joey wilson, left, rings up a customer at the store in dayton, ohio, on monday.",
    "Former gov. Bob mcdonnell, center, walks by reporters as he leaves the courthouse.",
    "Photos: celebs who went back to school as adults.",
    "play slideshow politico's late night roundup of the best jokes.",
    ">> you can pick up, we are live outside the courthouse.",
    "Please verify you're not a robot by clicking the box: share link.",
    "Story highlights the storm killed 12 people officials expect more rain",
    "Introduction",
    "1 of 7.",
    "Hide caption 3 of 50 photos: ancient finds a tooth from a child.",
    "Starting in 1996, alexa internet has been donating their crawl data to the internet archive.",
    "Focused crawls are collections of frequently-updated webcrawl data from narrow web crawls.",
    "The seed for this crawl was a list of every host in the wayback machine.",
    "Crawl of outlinks from wikipedia.org started march, 2016.",
    "Please enable javascript to watch this video.",
    "Click here to see the detailed findings and methodology.",
    "Girl saves father posted: monday, june 16, 2014 3: 29 pm edt updated: monday, june 30, 2014.",
])
def test_page_furniture_is_dropped(junk):
    assert clean_sentences([junk, "The mayor opened the bridge on Monday."]) == ["The mayor opened the bridge on Monday."]


@pytest.mark.parametrize("news", [
    "The storm turned left, toward the coast, late on Monday night.",
    "Zhuravsky was ultimately able to crawl out of the bin and escape the mob.",
    "The national archives released new recordings of the testimony on thursday.",
    "Nine countries voted against the resolution, including the us and israel.",
    "He said the photos showed the damage to the roof.",
])
def test_news_is_kept(news):
    assert not is_boilerplate(news)
    assert clean_sentences([news]) == [news]


def test_a_repair_that_uncovers_another_is_finished_in_one_call():
    text = "\x9b\x86\r\x95"  # C1 controls: read as windows-1252, then that as UTF-8 (found by hypothesis)
    once = clean_text(text)
    assert clean_text(once) == once
