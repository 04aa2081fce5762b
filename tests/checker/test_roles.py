"""Role swaps (who did what to whom) flagged; faithful rewordings of the same roles passed."""

import pytest

from summarize.checker.roles import Roles, frames
from summarize.checker.rules import SourceFacts, check_sentence

ARTICLES = ["Mayor Elena Marsh strongly criticised the Port Authority over the delays.",
            "Asked whether Alden Ferries was considering buying Coastal Marine, the mayor said no.",
            "The Harbor Bridge in Port Alden will close on Monday, engineers said.",
            "City engineers will close the Harbor Bridge from March 3 after finding corroded cables.",
            "Alden Ferries hired Coastal Marine to run two extra boats.",
            "Eastport defeated Westport 3-1 in the final on Sunday."]
ROLES = Roles.from_sentences(ARTICLES)


@pytest.mark.parametrize("sentence", [
    "The Port Authority strongly criticised Mayor Elena Marsh over the delays.",
    "Coastal Marine hired Alden Ferries to run two extra boats.",
    "Westport defeated Eastport in the final on Sunday.",
    "Reporters asked whether Coastal Marine was considering buying Alden Ferries.",
])
def test_a_swap_of_who_acts_and_who_is_acted_upon_is_an_attribution_issue(sentence):
    (issue,) = ROLES.issues(sentence)
    assert issue.type == "attribution" and issue.message.startswith("role swap: the articles say")


@pytest.mark.parametrize("sentence", [
    "Marsh strongly criticised the Port Authority over the delays.",
    "The Port Authority was criticised by Mayor Elena Marsh over the delays.",  # passive
    "Coastal Marine was hired by Alden Ferries to run two extra boats.",
    "The Harbor Bridge will close on Monday.",  # a verb used both ways: no swap
    "Eastport beat Westport 3-1 in the final.",  # another verb: nothing to compare
])
def test_faithful_rewordings_of_the_same_roles_pass(sentence):
    assert ROLES.issues(sentence) == []


def test_passive_and_noun_agents_come_from_by():
    assert frames("The regions were annexed by Russia.")["annex"].agent.text == "Russia"
    assert frames("Stoltenberg condemned the annexation of the regions by Russia.")["annex"].agent.text == "Russia"
    assert frames("Stoltenberg condemned the annexation of the regions by Russia.")["conde"].agent.text == "Stoltenberg"
    assert "annex" not in frames("They will not recognise the annexed areas.")  # an adjective, not a predicate


def test_the_fact_rules_report_a_role_swap_once():
    facts = SourceFacts.from_articles({"a": ARTICLES})
    issues = check_sentence("Coastal Marine hired Alden Ferries to run two extra boats.", facts)
    assert [i.type for i in issues] == ["attribution"]
