"""``reliability batch``: streaming formats, rejects, parallel workers, atomic parts, resume."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from reliability import _batch as batch_module
from reliability._analyze import score_frame
from reliability._batch import BatchError, conform_frame, score_file, statement_columns
from reliability._cli import main
from reliability._loading import load_model
from tests.conftest import ROOT

ARTICLES = [
    "The ministry said the convoy reached Donetsk on Tuesday. Rebels allegedly shelled the bridge.",
    "According to local officials, 12 people were hurt. Reuters could not independently verify it.",
    "The group claimed it shot down a jet. The army denied the report.",
    "Prices rose sharply in the spring, the central bank confirmed.",
    'The mayor told reporters that "order" had returned. Witnesses said shops stayed shut.',
]


def _documents(n: int) -> list[dict[str, str]]:
    return [{"doc_id": f"d{i:03d}", "text": ARTICLES[i % len(ARTICLES)]} for i in range(n)]


def _write_jsonl(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _quiet(*args: object, **kwargs: object):
    return score_file(*args, progress=False, **kwargs)


def test_jsonl_batch_writes_the_statement_records_of_every_document(tmp_path: Path) -> None:
    docs = _documents(7)
    source = _write_jsonl(tmp_path / "in.jsonl", docs)
    summary = _quiet(source, tmp_path / "out.jsonl", chunk_size=3)
    records = _read_jsonl(tmp_path / "out.jsonl")
    expected = score_frame(pd.DataFrame(docs))
    assert (summary.read, summary.scored, summary.rejected) == (7, 7, 0)
    assert summary.statements == len(records) == len(expected)
    assert [(r["doc_id"], r["statement_id"]) for r in records] == list(
        zip(expected["doc_id"], expected["statement_id"], strict=True)
    )
    assert (tmp_path / "out.jsonl.rejects.jsonl").read_text() == ""
    assert not (tmp_path / "out.jsonl.parts").exists()


def test_bad_rows_go_to_rejects_with_line_and_reason_and_a_5mb_document_is_scored(
    tmp_path: Path,
) -> None:
    sentence = " ".join(["the convoy reached the old town near the river"] * 800) + ". "
    huge = "The ministry said the convoy had arrived. " + sentence * (5 * 2**20 // len(sentence))
    assert len(huge) > 5 * 10**6
    rows: list[object] = [
        {"doc_id": "ok1", "text": ARTICLES[0]},
        "{not json",
        {"doc_id": "num", "text": 42},
        {"doc_id": "none", "text": None},
        {"doc_id": "missing"},
        "",
        '["a", "list"]',
        {"doc_id": "huge", "text": huge},
        {"doc_id": "blank", "text": "   "},
        {"text": ARTICLES[2]},
    ]
    source = _write_jsonl(tmp_path / "in.jsonl", rows)
    summary = _quiet(source, tmp_path / "out.jsonl", chunk_size=4)
    rejects = _read_jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert rejects == [
        {"line": 2, "doc_id": None, "reason": "invalid JSON (Expecting property name enclosed "
         "in double quotes at column 2)"},
        {"line": 3, "doc_id": "num", "reason": "'text' must be a string (got int)"},
        {"line": 4, "doc_id": "none", "reason": "'text' must be a string (got nothing)"},
        {"line": 5, "doc_id": "missing", "reason": "'text' must be a string (got nothing)"},
        {"line": 7, "doc_id": None, "reason": "expected a JSON object, got list"},
        {"line": 9, "doc_id": "blank", "reason": "'text' is empty"},
    ]  # fmt: skip
    doc_ids = {r["doc_id"] for r in _read_jsonl(tmp_path / "out.jsonl")}
    assert doc_ids == {"ok1", "huge", "in:10"}
    assert (summary.read, summary.scored, summary.rejected) == (9, 3, 6)
    assert summary.read == summary.scored + summary.rejected


def test_invalid_utf8_line_is_rejected_and_the_rest_scored(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    good = json.dumps({"doc_id": "a", "text": ARTICLES[0]}).encode()
    source.write_bytes(good + b'\n{"doc_id": "b", "text": "caf\xe9"}\n' + good + b"\n")
    summary = _quiet(source, tmp_path / "out.jsonl")
    (reject,) = _read_jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert reject["line"] == 2
    assert reject["reason"].startswith("not valid UTF-8")
    assert (summary.scored, summary.rejected) == (2, 1)


def test_a_document_that_breaks_scoring_is_rejected_and_its_chunk_still_scored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch_module.analyze_many

    def fragile(documents, **kwargs):  # type: ignore[no-untyped-def]
        documents = list(documents)
        if any("BOOM" in text for _, text, _ in documents):
            msg = "cannot analyse BOOM"
            raise ValueError(msg)
        return real(documents, **kwargs)

    monkeypatch.setattr(batch_module, "analyze_many", fragile)
    rows = [*_documents(2), {"doc_id": "bad", "text": "BOOM."}, *_documents(1)]
    source = _write_jsonl(tmp_path / "in.jsonl", rows)
    summary = _quiet(source, tmp_path / "out.jsonl", chunk_size=4)
    assert _read_jsonl(tmp_path / "out.jsonl.rejects.jsonl") == [
        {"line": 3, "doc_id": "bad", "reason": "scoring failed: ValueError: cannot analyse BOOM"}
    ]
    assert {r["doc_id"] for r in _read_jsonl(tmp_path / "out.jsonl")} == {"d000", "d001"}
    assert (summary.read, summary.scored, summary.rejected) == (4, 3, 1)


def test_two_jobs_write_the_same_output_as_one(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", [*_documents(9), "oops"])
    _quiet(source, tmp_path / "one.jsonl", chunk_size=2, jobs=1)
    summary = _quiet(source, tmp_path / "two.jsonl", chunk_size=2, jobs=2)
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert (tmp_path / "two.jsonl.rejects.jsonl").read_bytes() == (
        tmp_path / "one.jsonl.rejects.jsonl"
    ).read_bytes()
    assert (summary.read, summary.rejected) == (10, 1)


def _expected_frame(docs: list[dict[str, str]]) -> pd.DataFrame:
    return conform_frame(score_frame(pd.DataFrame(docs)), statement_columns(load_model()))


def _plain(value: object) -> object:
    """A cell as plain Python: NA as None, arrays and Arrow structs as lists and dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def canonical_rows(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows of a statement frame as plain dicts, sorted by (doc_id, statement_id)."""
    rows = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return sorted(rows, key=lambda r: (str(r["doc_id"]), int(r["statement_id"])))


def test_csv_output_has_the_to_frame_columns_and_json_lists(tmp_path: Path) -> None:
    docs = _documents(5)
    source = _write_jsonl(tmp_path / "in.jsonl", docs)
    _quiet(source, tmp_path / "out.csv", chunk_size=2)
    frame = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    expected = _expected_frame(docs)
    assert list(frame.columns) == list(expected.columns)
    assert frame["credibility"].tolist() == expected["credibility"].tolist()
    assert [json.loads(h) for h in frame["hedges"]] == expected["hedges"].tolist()
    assert [json.loads(r) for r in frame["reasons"]] == expected["reasons"].tolist()


def test_csv_input_with_multiline_fields_short_rows_and_empty_text(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["doc_id", "text", "outlet"])
    writer.writerow(["a", "The army said\nthe town fell.", "Reuters"])
    writer.writerow(["b", ""])
    writer.writerow(["c", "", "AP"])
    writer.writerow(["d", ARTICLES[3], ""])
    (tmp_path / "in.csv").write_text(buffer.getvalue(), encoding="utf-8")
    summary = _quiet(tmp_path / "in.csv", tmp_path / "out.jsonl")
    rejects = _read_jsonl(tmp_path / "out.jsonl.rejects.jsonl")
    assert rejects == [
        {"line": 4, "doc_id": None, "reason": "expected 3 fields, got 2"},
        {"line": 5, "doc_id": "c", "reason": "'text' is empty"},
    ]
    assert {r["doc_id"] for r in _read_jsonl(tmp_path / "out.jsonl")} == {"a", "d"}
    assert (summary.read, summary.scored, summary.rejected) == (4, 2, 2)


def test_csv_without_the_text_column_exits_1_naming_the_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_text("doc_id,body\na,Hello.\n", encoding="utf-8")
    code = main(["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.jsonl"), "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"reliability batch: {tmp_path / 'in.csv'}:1: no column 'text' in the header; "
        "columns: ['doc_id', 'body']\n"
    )


def test_cli_batch_prints_a_summary_where_read_is_scored_plus_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", [*_documents(3), "[1]"])
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(source), "-o", str(out), "--chunk-size", "2", "-q"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert captured.err.startswith(
        "reliability batch: read 4 rows, scored 3, rejected 1; "
        f"{len(_read_jsonl(out))} statements to {out}, rejects to {out}.rejects.jsonl ("
    )


def test_custom_text_and_id_columns(tmp_path: Path) -> None:
    rows = [{"body": d["text"], "uid": d["doc_id"]} for d in _documents(2)]
    source = _write_jsonl(tmp_path / "in.jsonl", rows)
    _quiet(source, tmp_path / "out.jsonl", text_col="body", id_col="uid")
    assert {r["doc_id"] for r in _read_jsonl(tmp_path / "out.jsonl")} == {"d000", "d001"}


@pytest.mark.parametrize("name", ["in.txt", "in"])
def test_unknown_extension_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / name).write_text("x\n", encoding="utf-8")
    code = main(["batch", str(tmp_path / name), "-o", str(tmp_path / "out.jsonl")])
    assert code == 2
    assert "unknown input format" in capsys.readouterr().err


def test_missing_input_exits_1_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.jsonl"
    code = main(["batch", str(missing), "-o", str(tmp_path / "out.jsonl")])
    assert code == 1
    assert capsys.readouterr().err == f"reliability batch: {missing}: no such file\n"


def test_missing_pyarrow_prints_the_pip_command_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    source = _write_jsonl(tmp_path / "in.jsonl", _documents(1))
    code = main(["batch", str(source), "-o", str(tmp_path / "out.parquet")])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "reliability batch: writing .parquet needs pyarrow; install it with: "
        "pip install 'source-reliability[parquet]'\n"
    )


def test_parquet_round_trip_equals_the_single_process_frame(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
    docs = _documents(6)
    pd.DataFrame(docs).to_parquet(tmp_path / "in.parquet")
    summary = _quiet(tmp_path / "in.parquet", tmp_path / "out.parquet", chunk_size=4, jobs=2)
    frame = pd.read_parquet(tmp_path / "out.parquet")
    expected = _expected_frame(docs)
    assert summary.read == 6
    assert list(frame.columns) == list(expected.columns)
    assert canonical_rows(frame) == canonical_rows(expected)


def test_plain_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", _documents(4))
    stream = io.StringIO()
    score_file(source, tmp_path / "out.jsonl", chunk_size=2, stream=stream, log_interval=0.0)
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("reliability batch: 4 of 4 rows, ")
    assert "rows/s" in lines[-1]


def test_resume_refuses_parts_written_with_another_chunk_size(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", _documents(2))
    parts = tmp_path / "out.jsonl.parts"
    parts.mkdir()
    state = {"chunk_size": 99}
    (parts / "state.json").write_text(json.dumps(state), encoding="utf-8")
    with pytest.raises(BatchError, match=r"cannot resume from .*chunk_size=99 now 2"):
        _quiet(source, tmp_path / "out.jsonl", chunk_size=2, resume=True)


def _batch_command(source: Path, out: Path, *extra: str) -> list[str]:
    args = ["batch", str(source), "-o", str(out), "--chunk-size", "2", "-q", *extra]
    return [sys.executable, "-m", "reliability._cli", *args]


def test_sigkill_part_way_then_resume_gives_the_uninterrupted_output(tmp_path: Path) -> None:
    docs = [{"doc_id": f"k{i:03d}", "text": " ".join(ARTICLES * 3)} for i in range(40)]
    source = _write_jsonl(tmp_path / "in.jsonl", [*docs[:20], "bad line", *docs[20:]])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    whole, killed = tmp_path / "whole.jsonl", tmp_path / "killed.jsonl"
    subprocess.run(_batch_command(source, whole, "--jobs", "1"), env=env, check=True)

    # Its own session, so the kill reaches the worker processes too and nothing else.
    proc = subprocess.Popen(
        _batch_command(source, killed, "--jobs", "2"), env=env, start_new_session=True
    )
    parts = tmp_path / "killed.jsonl.parts"
    deadline = time.monotonic() + 300
    while len(list(parts.glob("part-*.done.json"))) < 5:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(parts.glob("part-*.done.json")))
    assert not killed.exists()
    assert done_before < 21, "the kill landed after the last chunk"

    result = subprocess.run(
        _batch_command(source, killed, "--jobs", "2", "--resume"),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "read 41 rows, scored 40, rejected 1" in result.stderr
    assert sorted(killed.read_text().splitlines()) == sorted(whole.read_text().splitlines())
    assert killed.read_bytes() == whole.read_bytes()
    assert (tmp_path / "killed.jsonl.rejects.jsonl").read_bytes() == (
        tmp_path / "whole.jsonl.rejects.jsonl"
    ).read_bytes()
    keys = [(r["doc_id"], r["statement_id"]) for r in _read_jsonl(killed)]
    assert len(keys) == len(set(keys))
    assert {k[0] for k in keys} == {d["doc_id"] for d in docs}


def test_resume_without_parts_runs_from_the_start(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", _documents(3))
    summary = _quiet(source, tmp_path / "out.jsonl", resume=True)
    assert summary.scored == 3


def test_empty_input_gives_empty_output_and_rejects(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("", encoding="utf-8")
    summary = _quiet(source, tmp_path / "out.csv")
    assert (summary.read, summary.scored, summary.rejected) == (0, 0, 0)
    header = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert header.startswith("doc_id,statement_id,start,end,text,")
    assert header.count("\n") == 1
    assert (tmp_path / "out.csv.rejects.jsonl").read_text() == ""


def test_domain_ratings_score_a_low_rated_publisher_lower(tmp_path: Path) -> None:
    docs = [
        {"doc_id": d, "text": ARTICLES[0], "outlet": outlet}
        for d, outlet in (("low", "https://rumours.example/story"), ("high", "wire.example"))
    ]
    source = _write_jsonl(tmp_path / "in.jsonl", docs)
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("domain,score\nrumours.example,0.05\nwire.example,0.95\n", encoding="utf-8")
    _quiet(source, tmp_path / "plain.jsonl")
    _quiet(source, tmp_path / "rated.jsonl", domain_ratings=ratings)
    plain = {
        (r["doc_id"], r["statement_id"]): r["credibility"]
        for r in _read_jsonl(tmp_path / "plain.jsonl")
    }
    rated = {
        (r["doc_id"], r["statement_id"]): r["credibility"]
        for r in _read_jsonl(tmp_path / "rated.jsonl")
    }
    assert plain[("low", 0)] == plain[("high", 0)]
    assert rated[("low", 0)] < plain[("low", 0)] < rated[("high", 0)]


def test_resume_refuses_parts_scored_without_the_domain_ratings(tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "in.jsonl", _documents(2))
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("domain,score\nwire.example,0.95\n", encoding="utf-8")
    parts = tmp_path / "out.jsonl.parts"
    parts.mkdir()
    (parts / "state.json").write_text(json.dumps({"domain_ratings": None}), encoding="utf-8")
    with pytest.raises(BatchError, match=r"domain_ratings=None now '.*ratings\.csv'"):
        _quiet(source, tmp_path / "out.jsonl", chunk_size=2, resume=True, domain_ratings=ratings)
