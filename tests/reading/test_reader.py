import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize.config import InputConfig
from summarize.reading.reader import iter_clusters
from summarize.records import Cluster, FileError

from ..conftest import EXAMPLES

ARTICLE = ("The council voted 7-2 on Tuesday to build a new library. Construction starts in May 2026 "
           "and will cost 3 million euros, the mayor said.")


def read(root, **config):
    items = list(iter_clusters(root, InputConfig(**config)))
    return [i for i in items if isinstance(i, Cluster)], [i for i in items if isinstance(i, FileError)]


def write(path: Path, content, mode="w"):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_every_folder_holding_articles_is_a_cluster(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "2024" / "x" / "one.txt", ARTICLE)
    write(tmp_path / "2024" / "y" / "one.md", "# Title\n\n" + ARTICLE)
    write(tmp_path / ".hidden" / "z.txt", ARTICLE)
    write(tmp_path / "2024" / "x" / ".draft.txt", "secret draft text here.")
    clusters, errors = read(tmp_path)
    assert [c.id for c in clusters] == [".", "2024/x", "2024/y"]
    assert errors == []
    assert clusters[2].articles[0].title == "Title"


def test_formats_and_separator(tmp_path):
    write(tmp_path / "c" / "multi.txt", f"First story\n{ARTICLE}\nNEXT NEWS\nSecond story\nThe park reopened on Sunday.\nNEXT NEWS\n")
    write(tmp_path / "c" / "list.json", json.dumps([{"text": "Storm hits coast. Two injured.", "title": "Storm", "url": "http://x"},
                                                    {"text": "Rain continues through Friday, forecasters said."}]))
    write(tmp_path / "c" / "lines.jsonl", json.dumps({"text": "Markets fell 2% on Monday.", "source": "Wire"}) + "\n")
    write(tmp_path / "c" / "page.html", "<html><body><nav>Home | News</nav><article><h1>Big win</h1><p>The home team "
          "won the final 3-1 on Saturday in front of 40,000 fans, the league said in a statement.</p><p>It was their "
          "first title in twelve years, and the coach called it the best day of his career.</p></article>"
          "<footer>Cookie policy</footer></body></html>")
    clusters, errors = read(tmp_path)
    assert errors == []
    arts = {a.id: a for a in clusters[0].articles}
    assert set(arts) == {"multi#1", "multi#2", "list#1", "list#2", "lines#1", "page"}
    assert arts["multi#1"].title == "First story" and arts["multi#2"].text == "The park reopened on Sunday."
    assert arts["list#1"].url == "http://x" and arts["lines#1"].source == "Wire"
    assert "Home | News" not in arts["page"].text and "40,000 fans" in arts["page"].text
    assert "Cookie" not in arts["page"].text


def test_separator_is_configurable(tmp_path):
    write(tmp_path / "a.txt", "One story is here.\n=====\nAnother story is here.")
    clusters, _ = read(tmp_path, separator="=====")
    assert len(clusters[0].articles) == 2


def test_duplicates_inside_a_cluster_are_dropped(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE.replace("the mayor said", "the mayor says"))
    clusters, errors = read(tmp_path)
    assert len(clusters[0].articles) == 1
    assert [e.error for e in errors] == ["duplicate_article"]


def test_bad_inputs_are_reported_and_good_clusters_survive(tmp_path, monkeypatch):
    bad = tmp_path / "bad"
    write(bad / "empty.txt", "")
    (tmp_path / "empty-folder").mkdir()
    write(bad / "binary.txt", bytes(range(256)) * 100)
    write(bad / "latin1.txt", "Le café a fermé lundi après 40 ans, a déclaré le maire.".encode("latin-1"))
    write(bad / "utf16.txt", "The ferry sank on Friday; 12 people were rescued.".encode("utf-16"))
    write(bad / "nothing.html", "<html><body><nav>Home</nav><footer>(c) 2025</footer></body></html>")
    write(bad / "broken.json", '{"text": "unterminated')
    write(bad / "mixed.jsonl", json.dumps({"text": "Good line here."}) + "\n{oops\n" + json.dumps({"title": "no text"}) + "\n")
    write(bad / "big.txt", ("All work and no play makes a dull story. " * 25) * 5000)  # ~5 MB
    loop = tmp_path / "loop"
    loop.mkdir()
    write(loop / "a.txt", ARTICLE)
    os.symlink(loop, loop / "again")
    write(tmp_path / "good" / "a.txt", ARTICLE)
    secret = write(bad / "secret.txt", "Top secret article text.")
    real_read_bytes = Path.read_bytes

    def deny(self):
        if self == secret:
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    clusters, errors = read(tmp_path, max_file_mb=1)
    codes = {(Path(e.path).name, e.error) for e in errors}
    assert ("empty.txt", "empty_file") in codes
    assert ("binary.txt", "not_text") in codes
    assert ("nothing.html", "no_article_text") in codes
    assert ("broken.json", "malformed_json") in codes
    assert ("mixed.jsonl", "malformed_json") in codes and ("mixed.jsonl", "missing_text") in codes
    assert ("big.txt", "file_too_large") in codes
    assert ("secret.txt", "unreadable") in codes
    assert any(e.error == "symlink_loop" for e in errors)
    for e in errors:
        assert e.message and e.path in e.message or e.error in ("symlink_loop",)
    by_id = {c.id: c for c in clusters}
    assert set(by_id) == {"bad", "good", "loop"}
    texts = " ".join(a.text for a in by_id["bad"].articles)
    assert "café a fermé lundi" in texts and "12 people were rescued" in texts and "Good line here." in texts


def test_fifty_megabyte_file_is_read_when_allowed(tmp_path):
    line = "The committee published its report on Wednesday after 18 months of hearings.\n"
    write(tmp_path / "huge.txt", line * (50 * 1024 * 1024 // len(line)))
    clusters, errors = read(tmp_path)
    assert any(e.error == "file_too_large" for e in errors) and not clusters  # default cap: 20 MB
    clusters, errors = read(tmp_path, max_file_mb=60)
    assert len(clusters) == 1 and errors == []


def test_cluster_of_200_articles(tmp_path):
    for i in range(200):
        write(tmp_path / f"a{i:03d}.txt", f"Report {i}: the river rose {i} centimetres in district number {i * 7}.")
    clusters, errors = read(tmp_path)
    assert len(clusters[0].articles) == 200 and errors == []


def test_empty_tree_yields_nothing(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert read(tmp_path) == ([], [])


def test_examples_are_valid_clusters():
    clusters, errors = read(EXAMPLES)
    assert len(clusters) >= 3 and errors == []
    assert all(2 <= len(c.articles) <= 4 for c in clusters)


def test_seed_cluster_repeated_lead_and_stray_separator(shared):
    clusters, errors = read(shared / "seeds")
    (cluster,) = clusters
    first = cluster.articles[0]
    lead = "NATO Secretary General Jens Stoltenberg has described"
    assert sum(s.startswith(lead) for s in first.sentences) == 1
    assert first.title and first.title.startswith("NATO Secretary General")
    assert not any("NEXT NEWS" in s for a in cluster.articles for s in a.sentences)
    assert errors == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_reader(tmp_path, data):
    write(tmp_path / "x.txt", data)
    write(tmp_path / "y.json", data)
    write(tmp_path / "z.html", data)
    for item in iter_clusters(tmp_path):
        assert isinstance(item, (Cluster, FileError))


def test_scraped_page_furniture_never_reaches_the_sentences(tmp_path):
    """Multi-News-style text: captions, "File -" lines, share buttons, credits and a question sub-heading."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "wire.txt").write_text(
        "Flood hits Millbrook\n\n"
        "Play facebook twitter embed\n\n"
        "( photo: jane roe, associated press ) millbrook - more than 600 residents were evacuated on saturday.\n\n"
        "In this May 27, 2013 photo released by the fire service, rescuers carry a woman from a house.\n\n"
        "File - in this jan. 5, 2016 file photo, the mayor speaks to reporters.\n\n"
        "Will the town rebuild?\n\n"
        '" we have never seen water come up this fast. " The fire chief said people had an hour to leave.\n\n'
        "By Jane Roe, Associated Press\n", encoding="utf-8")
    (cluster,) = [c for c in iter_clusters(tmp_path) if isinstance(c, Cluster)]
    assert cluster.articles[0].sentences == [
        "More than 600 residents were evacuated on saturday.",  # the dateline "millbrook -" dropped too
        '" we have never seen water come up this fast. "',
        "The fire chief said people had an hour to leave.",
    ]


def test_sign_up_boxes_players_and_widget_lines_never_reach_the_sentences(tmp_path):
    """Lines seen in Multi-News validation articles: alerts, newsletter boxes, Twitter's embed
    notice, video players, image captions, the End of Term archive's notice, a text-size widget."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "page.txt").write_text(
        "Image caption Rajib Karim was arrested in Newcastle in February 2010\n\n"
        "Media playback is unsupported on your device media caption the river broke its banks\n\n"
        "Text size - + reset politico 44 The council voted on Tuesday to close the bridge.\n\n"
        "Close get email notifications on Liz Forster daily! Your notification has been saved.\n\n"
        "You always have the option to delete your Tweet location history.\n\n"
        "Breaking news emails get breaking news alerts and special reports.\n\n"
        "The web archiving was performed in the winter of 2016 to capture websites after the inauguration.\n\n"
        "Published on Mar 5, 2018 Wreckage from the ship was found on March 4.\n\n"
        "Crews will start the repairs in May.\n", encoding="utf-8")
    (cluster,) = [c for c in iter_clusters(tmp_path) if isinstance(c, Cluster)]
    assert cluster.articles[0].sentences == [
        "The council voted on Tuesday to close the bridge.",
        "Wreckage from the ship was found on March 4.",
        "Crews will start the repairs in May.",
    ]


def test_a_file_over_its_time_budget_is_an_error_and_the_cluster_goes_on(tmp_path, monkeypatch):
    """input.max_file_seconds: the file's reading stops within one bounded piece of text (here the
    clock is a counter, so the test does not depend on the machine's speed)."""
    from summarize.budget import Budget, BudgetExceeded
    from summarize.reading import reader

    class Ticks(Budget):  # a budget of 20 checks: a short article needs a few, a 300 KB paragraph about 70
        def __init__(self, seconds, setting):
            super().__init__(seconds, setting)
            self.left = 20

        def check(self):
            self.left -= 1
            if self.left < 0:
                raise BudgetExceeded(self.seconds or 0, self.setting)

    monkeypatch.setattr(reader, "Budget", Ticks)
    write(tmp_path / "c" / "a.txt", ARTICLE)
    write(tmp_path / "c" / "huge.txt", "Title\n" + "The council met again on Monday and voted once more. " * 6000)
    write(tmp_path / "c" / "z.txt", "Ferries will run every 20 minutes while the bridge is closed, the mayor said.")
    clusters, errors = read(tmp_path)
    assert [a.id for a in clusters[0].articles] == ["a", "z"]
    assert [e.error for e in errors] == ["over_budget"]
    assert "huge.txt" in errors[0].message and "input.max_file_seconds" in errors[0].message


def test_many_articles_are_deduplicated_in_linear_time(tmp_path, monkeypatch):
    from summarize.reading import dedup

    calls = 0
    real = dedup.near_duplicate

    def counting(a, b, threshold):
        nonlocal calls
        calls += 1
        return real(a, b, threshold)

    monkeypatch.setattr(dedup, "near_duplicate", counting)
    lines = [json.dumps({"text": f"Story {k}: the river rose {k} centimetres on day {k}."}) for k in range(600)]
    lines += [json.dumps({"text": "Story 7: the river rose 7 centimetres on day 7!"})]
    write(tmp_path / "c" / "all.jsonl", "\n".join(lines))
    clusters, errors = read(tmp_path)
    assert len(clusters[0].articles) == 600 and [e.error for e in errors] == ["duplicate_article"]
    assert calls < 10 * 600  # each article meets only those with its numbers, not all 600
