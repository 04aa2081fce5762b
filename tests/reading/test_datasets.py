import gzip
import json

import pytest

from summarize.config import ConfigError
from summarize.reading.datasets import (
    DataFileError,
    check_nli_pairs,
    cluster_summary_rows,
    documents_of,
    iter_rows,
    summary_rows,
)

from ..conftest import EXAMPLES, ROOT


def test_documents_or_document_is_the_one_rule():
    assert documents_of({"documents": ["A.", "B."]}) == ["A.", "B."]
    assert documents_of({"document": "A."}) == ["A."]
    assert documents_of({"documents": "A."}) == ["A."]
    assert documents_of({"documents": [1, 2]}) is None and documents_of({"text": "A."}) is None


def test_rows_of_jsonl_gz_json_list_and_csv_with_their_line_numbers(tmp_path):
    rows = [{"premise": "a", "hypothesis": "b", "label": "neutral"}, {"premise": "c", "hypothesis": "d", "label": "entailment"}]
    (tmp_path / "a.jsonl").write_text(json.dumps(rows[0]) + "\n\n" + json.dumps(rows[1]) + "\n")
    with gzip.open(tmp_path / "a.jsonl.gz", "wt") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows))
    (tmp_path / "a.json").write_text(json.dumps(rows))
    (tmp_path / "a.csv").write_text("premise,hypothesis,label\na,b,neutral\nc,d,entailment\n")
    assert list(iter_rows(tmp_path / "a.jsonl")) == [(1, rows[0]), (3, rows[1])]
    assert [r for _, r in iter_rows(tmp_path / "a.jsonl.gz")] == rows
    assert [r for _, r in iter_rows(tmp_path / "a.json")] == rows
    assert list(iter_rows(tmp_path / "a.csv")) == [(2, rows[0]), (3, rows[1])]


def test_a_line_that_is_not_json_is_named(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"summary": "x"}\nnot json\n')
    with pytest.raises(DataFileError, match=r"a.jsonl line 2: not a JSON object"):
        list(iter_rows(tmp_path / "a.jsonl"))
    assert issubclass(DataFileError, ConfigError)  # exit 2 on the command line


@pytest.mark.parametrize("label", ["supported", "unsupported", "Entailment", 0, None])
def test_nli_labels_outside_the_four_are_errors_naming_file_and_line(tmp_path, label):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"premise": "a", "hypothesis": "b", "label": "neutral"}) + "\n"
                    + json.dumps({"premise": "a", "hypothesis": "b", "label": label}) + "\n")
    with pytest.raises(DataFileError) as err:
        check_nli_pairs(path)
    assert str(err.value) == (f"{path} line 2: unknown label {label!r}; accepted labels: "
                              "entailment, neutral, contradiction, not_entailment")


def test_the_shipped_tiny_data_is_valid():
    assert check_nli_pairs(ROOT / "data" / "tiny" / "nli-train.jsonl") == 96
    labels = {json.loads(line)["label"] for line in (ROOT / "data" / "tiny" / "nli-train.jsonl").read_text().splitlines()}
    assert labels == {"entailment", "neutral", "contradiction", "not_entailment"}
    assert len(summary_rows(ROOT / "data" / "tiny" / "summaries-train.jsonl")) == 32


def test_summary_rows_accept_document_and_name_a_row_without_summary(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"document": "Rain fell.", "summary": "It rained."}) + "\n")
    assert summary_rows(path) == [{"documents": ["Rain fell."], "summary": "It rained."}]
    path.write_text(json.dumps({"documents": ["Rain fell."], "summary": "It rained."}) + "\n"
                    + json.dumps({"documents": ["Rain fell."]}) + "\n")
    with pytest.raises(DataFileError, match="s.jsonl line 2: needs 'summary'"):
        summary_rows(path)
    assert summary_rows(path, limit=1) == [{"documents": ["Rain fell."], "summary": "It rained."}]


def test_cluster_folders_need_a_summary_txt(tmp_path):
    import shutil

    shutil.copytree(EXAMPLES / "harbor-bridge", tmp_path / "harbor-bridge")
    with pytest.raises(DataFileError, match="summary.txt"):
        cluster_summary_rows(tmp_path)
    (tmp_path / "harbor-bridge" / "summary.txt").write_text("The bridge closes.")
    (row,) = cluster_summary_rows(tmp_path)
    assert row["summary"] == "The bridge closes." and len(row["documents"]) >= 2
