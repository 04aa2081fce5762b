"""Planted errors must be caught by the rules, deterministically; faithful paraphrases must not be."""

import pytest

from summarize.checker.rules import SourceFacts, check_sentence, numbers

ARTICLES = {
    "herald": [
        "The Harbor Bridge in Port Alden will close to all traffic on Monday, March 3, for six weeks of repairs.",
        "Inspectors found corrosion in 14 of the bridge's 40 steel cables during a routine check in January.",
        '"We cannot take any chances with public safety," said Mayor Elena Marsh at a press conference on Thursday.',
        "The repairs will cost about $12 million, paid from the state infrastructure fund.",
        "About 28,000 vehicles cross the bridge every day.",
    ],
    "times": [
        '"The cables are not in danger of failing tomorrow, but they will not last another winter," '
        "chief engineer Tomas Reyes told reporters.",
        "The city will not reopen the bridge before April 14, officials said.",
        "Local businesses fear losses of $2 million, according to the chamber of commerce.",
        '"He deserved it," she said.',
    ],
}
FACTS = SourceFacts.from_articles(ARTICLES)


def kinds(sentence, previous_speaker=None):
    return [i.type for i in check_sentence(sentence, FACTS, previous_speaker)]


@pytest.mark.parametrize("sentence, kind, span", [
    ("The Harbor Bridge will close on March 4 for repairs.", "date", "March 4"),
    ("The bridge will close on Tuesday, March 3.", "date", "Tuesday"),
    ("Corrosion was found in 16 of the bridge's 40 cables.", "number", "16"),
    ("Corrosion was found in fourteen of the bridge's fifty cables.", "number", "fifty"),
    ("The repairs will cost $21 million.", "number", "$21 million"),
    ("The repairs will cost $12 billion.", "number", "$12 billion"),
    ("About 28,000 vehicles cross the bridge every week, 45% of them trucks.", "number", "45%"),
    ('"We cannot take any chances with public safety," said Tomas Reyes.', "attribution", "Tomas Reyes"),
    ('Mayor Elena Marsh said: "The cables are not in danger of failing tomorrow."', "attribution", "Elena Marsh"),
    ('"We will take every chance we can," said Mayor Elena Marsh.', "quote", None),
    ("The city will reopen the bridge before April 14.", "negation", None),
    ("Inspectors did not find corrosion in 14 of the bridge's 40 steel cables.", "negation", None),
    ("Governor Paul Dunmore approved the repairs for the Harbor Bridge.", "entity", "Dunmore"),
    ("The bridge in Berlin will close for six weeks.", "entity", "Berlin"),
    ("The bridge will close in 2027.", "date", "2027"),
])
def test_planted_errors_are_caught(sentence, kind, span):
    issues = check_sentence(sentence, FACTS)
    hits = [i for i in issues if i.type == kind]
    assert hits, f"{kind} missed in {sentence!r}: {issues}"
    if span:
        assert span in hits[0].span
    assert hits[0].message


def test_messages_name_both_sides():
    (issue,) = check_sentence("The bridge will close on Tuesday, March 3.", FACTS)
    assert issue.message == "date 'Tuesday' is not in any article; the articles say 'Monday'"
    (issue,) = check_sentence('"We cannot take any chances with public safety," said Tomas Reyes.', FACTS)
    assert "Tomas Reyes" in issue.message and "Elena Marsh" in issue.message and issue.source_span == "Mayor Elena Marsh"


@pytest.mark.parametrize("sentence", [
    "The Harbor Bridge will shut on Monday, March 3, for six weeks.",
    "Port Alden's bridge closes on 3 March for repairs lasting six weeks.",
    "Corrosion was found in fourteen of the 40 cables.",
    "The repairs will cost about 12 million dollars.",
    "Repairs will cost roughly $12.5 million.",
    "Nearly 30,000 vehicles use the bridge each day.",
    '"We cannot take any chances with public safety," Marsh said.',
    'Mayor Elena Marsh said, "We cannot take any chances with public safety."',
    '"They will not last another winter," Reyes told reporters.',
    "The bridge will not reopen before April 14.",
    "Chief engineer Tomas Reyes said the cables would not last another winter.",
    "Inspectors found the corrosion in January during a routine check.",
    "Officials said the Port Alden bridge would close on Monday.",
    "It will close for six weeks.",
])
def test_faithful_paraphrases_pass(sentence):
    assert check_sentence(sentence, FACTS) == []


def test_pronoun_speaker_resolves_to_the_previous_sentence():
    sentence = '"We cannot take any chances with public safety," he said.'
    assert kinds(sentence, previous_speaker="Elena Marsh") == []
    assert kinds(sentence, previous_speaker="Tomas Reyes") == ["attribution"]


def test_numbers_parse_words_scales_money_percent():
    values = [n.value for n in numbers("Six firms paid $2.5bn, or 40 percent, to 1,250 staff; 3 million left.")]
    assert values == [6, 2.5e9, 40, 1250, 3e6]


def test_lowercased_sources_still_match():
    facts = SourceFacts.from_articles({"mn": ["the vote in new york took place on february 24, when 12 members met."]})
    assert check_sentence("The vote in New York took place on February 24.", facts) == []
    assert [i.type for i in check_sentence("The vote in New York took place on February 25.", facts)] == ["date"]
