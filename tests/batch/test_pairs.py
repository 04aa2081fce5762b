"""check --pairs without a model: the output store, budgets and batching (a fake checker)."""

import json
import time

from summarize.batch.id_store import IdStore
from summarize.batch.pairs import BATCH_CHARS, check_pairs


class Verdict:
    def __init__(self, text):
        self.score, self.flagged, self.text = 0.9, False, text

    def to_dict(self):
        return {"text": self.text, "score": self.score}


class FakeChecker:
    """Answers at once, except for documents holding "SLOW" (it sleeps) or "BOOM" (it raises)."""

    def __init__(self, boom: bool = True):
        self.batches: list[list[str]] = []
        self.boom = boom

    def check_many(self, items):
        ids = [source.id for source, _ in items]
        self.batches.append(ids)
        for source, _ in items:
            text = " ".join(a.text for a in source.articles)
            if "SLOW" in text:
                time.sleep(5)
            if "BOOM" in text and self.boom:
                raise RuntimeError("model fell over")
        return [[Verdict(summary)] for _, summary in items]


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _rows(*docs):
    return [{"id": f"p{k}", "document": d, "summary": f"Summary {k}."} for k, d in enumerate(docs)]


def test_a_pair_over_its_budget_is_an_error_and_holds_back_no_other(tmp_path):
    pairs = _write(tmp_path / "pairs.jsonl", _rows("Rain fell.", "SLOW text.", "Snow fell.", "BOOM.", "Hail fell."))
    out = tmp_path / "out.jsonl"
    checker = FakeChecker()
    started = time.monotonic()
    failures = check_pairs(pairs, out, checker, "cfg", quiet=True, max_pair_seconds=0.5)
    assert time.monotonic() - started < 4  # the sleeping pair was cut off at its budget, once alone
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["p0", "p1", "p2", "p3", "p4"] and failures == 2
    assert records[1]["error"] == "over_budget" and "checker.max_pair_seconds" in records[1]["message"]
    assert records[3]["error"] == "check_failed" and "model fell over" in records[3]["message"]
    assert all("sentences" in records[k] for k in (0, 2, 4))
    assert checker.batches[0] == ["p0", "p1", "p2", "p3", "p4"]  # batched, then each alone
    assert ["p1"] in checker.batches and ["p0"] in checker.batches


def test_a_large_pair_is_checked_alone(tmp_path):
    big = "The council met on Monday. " * (BATCH_CHARS // 20)
    pairs = _write(tmp_path / "pairs.jsonl", _rows("Rain fell.", big, "Snow fell."))
    checker = FakeChecker()
    assert check_pairs(pairs, tmp_path / "out.jsonl", checker, "cfg", quiet=True) == 0
    assert ["p1"] in checker.batches and all(len(b) == 1 or "p1" not in b for b in checker.batches)


def test_documents_over_the_size_limit_are_an_error(tmp_path):
    pairs = _write(tmp_path / "pairs.jsonl", _rows("Rain fell.", "x " * 600_000))
    out = tmp_path / "out.jsonl"
    assert check_pairs(pairs, out, FakeChecker(), "cfg", quiet=True, max_file_mb=1) == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[1]["error"] == "too_large" and "input.max_file_mb" in records[1]["message"]


def test_the_store_holds_one_record_per_id_even_when_killed(tmp_path):
    out = tmp_path / "out.jsonl"
    store = IdStore(out)
    store.write({"id": "a", "fingerprint": "1"})
    store.write({"id": "b", "fingerprint": "1"})
    store.close(["a", "b"])
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "b"]
    store = IdStore(out)
    store.write({"id": "a", "fingerprint": "2"})  # a changed verdict; then the run is killed (no close)
    assert [json.loads(line)["fingerprint"] for line in out.read_text().splitlines()] == ["1", "1"]
    with open(tmp_path / ".out.jsonl.pending", "a") as handle:
        handle.write('{"id": "b", "finger')  # torn by the kill
    store = IdStore(out)  # the next run takes in what was pending
    assert store.done("a", "2") and store.done("b", "1")
    store.close(["b", "a"])
    assert [json.loads(line) for line in out.read_text().splitlines()] == [{"id": "b", "fingerprint": "1"},
                                                                         {"id": "a", "fingerprint": "2"}]
    assert not (tmp_path / ".out.jsonl.pending").exists()


def test_an_output_with_repeated_ids_is_healed(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "fingerprint": "1"}\n{"id": "a", "fingerprint": "2"}\n{"id": "z", "fingerprint": "1"}\n')
    IdStore(out).close(["a"])
    assert out.read_text() == '{"id": "a", "fingerprint": "2"}\n{"id": "z", "fingerprint": "1"}\n'


def test_error_records_are_retried(tmp_path):
    pairs = _write(tmp_path / "pairs.jsonl", _rows("BOOM.", "Rain fell."))
    out = tmp_path / "out.jsonl"
    assert check_pairs(pairs, out, FakeChecker(), "cfg", quiet=True) == 1
    checker = FakeChecker(boom=False)  # the same pairs and settings; the failure has gone away
    assert check_pairs(pairs, out, checker, "cfg", quiet=True) == 0
    assert checker.batches == [["p0"]]  # the error is retried, the verdict is not redone
    assert all("sentences" in json.loads(line) for line in out.read_text().splitlines())


def test_overwrite_redoes_every_pair_and_keeps_other_ids(tmp_path):
    pairs = _write(tmp_path / "pairs.jsonl", _rows("Rain fell.", "Snow fell."))
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "other", "fingerprint": "x"}\n')
    assert check_pairs(pairs, out, FakeChecker(), "cfg", quiet=True) == 0
    checker = FakeChecker()
    assert check_pairs(pairs, out, checker, "cfg", quiet=True, overwrite=True) == 0
    assert checker.batches == [["p0", "p1"]]
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["p0", "p1", "other"]
