from summarize.summarizer.truecase import SurfaceRestorer, tokens_with_space


def test_tokens_know_whether_a_space_came_before_them():
    assert tokens_with_space("U.S. ($5)") == [("U", False), (".", False), ("S", False), (".", False),
                                               ("(", True), ("$", False), ("5", False), (")", False)]


def test_names_numbers_and_hyphens_come_back_as_the_articles_write_them():
    r = SurfaceRestorer(["On Monday Ms Zhou, a 30-year-old engineer from NASA, sent the e-mail.",
                         "The rate fell to 8.2% in March, the Labor Department said."])
    out = r.restore("the labor department said a 30 - year - old nasa engineer, ms zhou, sent the e - mail ; "
                    "the rate fell to 8. 2 % in march.")
    assert out == ("The Labor Department said a 30-year-old NASA engineer, Ms Zhou, sent the e-mail; "
                   "the rate fell to 8.2% in March.")


def test_words_the_articles_never_write_stay_lower_case_and_the_first_word_is_capitalized():
    r = SurfaceRestorer(["Rain fell in Oslo."])
    assert r.restore("officials in oslo blamed the rain.") == "Officials in Oslo blamed the rain."


def test_a_word_seen_only_at_the_start_of_sentences_is_not_capitalized_elsewhere():
    r = SurfaceRestorer(["The bridge closed. The ferries ran."])
    assert r.restore("ferries ran while the bridge closed.") == "Ferries ran while the bridge closed."
