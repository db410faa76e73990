"""The source-type benchmark: its annotation file, its helpers and (with data) a full run."""

from __future__ import annotations

import json

import pytest

from benchmarks.source_types import ANNOTATIONS, load_documents, run, scores, sentence_around
from features._source_type import MAX_DOCUMENT_CHARS
from reliability._records import SOURCE_TYPES

KEYS = {"doc_id", "polnear_split", "start", "end", "type", "split"}
OPTIONAL_KEYS = {"annotator"}  # who labelled a row, on the batches that record it


def _rows():
    with ANNOTATIONS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_annotations_store_offsets_and_labels_only():
    rows = _rows()
    assert len(rows) >= 400
    assert all(KEYS <= set(r) <= KEYS | OPTIONAL_KEYS for r in rows)
    assert all(r["annotator"].strip() for r in rows if "annotator" in r)
    assert all(r["type"] in SOURCE_TYPES and r["type"] != "narrator" for r in rows)
    assert {r["split"] for r in rows} == {"tune", "held_out"}
    assert all((r["polnear_split"] == "dev") == (r["split"] == "held_out") for r in rows)
    assert len({(r["doc_id"], r["start"], r["end"]) for r in rows}) == len(rows)


def test_sentence_around_finds_the_sentence_of_a_span():
    text = "First one. Then Ali said it. Last.\nNext line here."
    start = text.index("Ali")
    assert sentence_around(text, start, start + 3) == "Then Ali said it."
    start = text.index("line")
    assert sentence_around(text, start, start + 4) == "Next line here."


def test_scores_give_accuracy_per_type_and_macro_f1():
    result = scores(["a", "a", "b", "c"], ["a", "b", "b", "c"], min_support=2)
    assert result["accuracy"] == 0.75
    assert result["per_type"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    assert result["macro_types"] == ["a"]
    assert result["macro_f1"] == pytest.approx(2 / 3)


def test_annotated_offsets_fall_inside_their_documents_and_the_benchmark_runs(data_dir):
    docs = load_documents(data_dir)
    for row in _rows():
        text = docs[row["doc_id"]]
        assert 0 <= row["start"] < row["end"] <= len(text)
        assert text[row["start"] : row["end"]].strip()
    # The tune split: running the benchmark must not compute held-out figures on every test run.
    report = run("tune", data_dir, min_support=10)
    assert report.count("- accuracy: ") == 4
    assert "| gold \\ pred |" in report


def test_the_benchmark_reads_at_most_a_bounded_window_before_a_mention(data_dir, monkeypatch):
    seen = []

    def spy(mention, context="", *, document="", fallback=True):
        seen.append(len(document))
        return "unknown"

    monkeypatch.setattr("benchmarks.source_types.source_type", spy)
    run("tune", data_dir, min_support=10)
    assert max(seen) == MAX_DOCUMENT_CHARS
