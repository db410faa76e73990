"""The command line through ``main(argv)``: exit codes, stdout data, one-line stderr errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reliability._cli import main
from tests.conftest import ROOT, SEED


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_seed_as_jsonl_gives_valid_records(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "score", str(SEED), "--format", "jsonl")
    text = SEED.read_text(encoding="utf-8")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert err == ""
    assert len(records) >= 9
    for record in records:
        assert 0.0 <= record["credibility"] <= 1.0
        assert text[record["start"] : record["end"]] == record["text"]
        for span in [record["content"], record["source"], record["cue"], *record["hedges"]]:
            if span is not None:
                assert text[span["start"] : span["end"]] == span["text"]


def test_score_table_shows_statement_source_type_hedges_and_credibility(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "score", str(SEED), "--format", "table")
    assert code == 0
    assert "Donetsk People's Republic [separatist_or_militant]" in out
    assert "could not independently verify (disclaimer)" in out
    assert "11 statements" in out


def test_score_json_is_one_array(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", str(SEED), "--format", "json")
    assert code == 0
    assert isinstance(json.loads(out), list)


def test_jsonl_input_scores_each_document_with_its_doc_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "docs.jsonl"
    rows = [
        {"doc_id": "a", "text": "The army said the town fell."},
        {"doc_id": "b", "text": "Calm."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "score", str(path), "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["a", "b"]


def test_extract_writes_statements_without_scores(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "extract", str(SEED))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert len(records) == 11
    assert "credibility" not in records[0]


def test_hedges_reads_and_writes_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "text": "It may rain."}\n{"id": "s2", "text": "It rains."}\n')
    code, out, _ = _run(capsys, "hedges", str(path))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["id"], r["uncertain"]) for r in rows] == [("s1", True), ("s2", False)]
    assert rows[0]["hedges"] == [{"text": "may", "start": 3, "end": 6, "kind": "hedge"}]


def test_empty_file_gives_no_statements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("")
    code, out, _ = _run(capsys, "score", str(path), "--format", "jsonl")
    assert (code, out) == (0, "")


def test_non_utf8_file_exits_1_with_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le ministère a déclaré.".encode("latin-1"))
    code, out, err = _run(capsys, "score", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert f"{path}:1: not valid UTF-8" in err


def test_binary_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = _run(capsys, "extract", str(path))
    assert code == 1
    assert "binary input (NUL byte at offset 8)" in err


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", "no/such/file.txt")
    assert code == 1
    assert err == "reliability score: no/such/file.txt: no such file\n"


def test_malformed_jsonl_line_exits_1_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"doc_id": "a", "text": "ok."}\n{"doc_id": "b", "text": \n')
    code, _, err = _run(capsys, "score", str(path))
    assert code == 1
    assert f"{path}:2: invalid JSON" in err


def test_tampered_model_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    models = tmp_path / "trained"
    shutil.copytree(ROOT / "trained", models)
    blob = models / "news.joblib"
    blob.write_bytes(blob.read_bytes() + b"tampered")
    monkeypatch.setenv("RELIABILITY_MODELS", str(models))
    code, out, err = _run(capsys, "score", str(SEED))
    assert code == 2
    assert out == ""
    assert "sha256" in err
    assert "news.joblib" in err
    assert err.count("\n") == 1


def test_unknown_model_exits_2_listing_available(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", str(SEED), "--model", "newz")
    assert code == 2
    assert "unknown model 'newz'; available: " in err
    assert "news" in err.split("available: ")[1]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["score"])
    assert info.value.code == 2


@pytest.mark.parametrize("name", ["news", "attribution"])
def test_train_rebuilds_the_shipped_model_bit_for_bit(
    name: str, data_dir: Path, tmp_path: Path
) -> None:
    # A fresh process, as a user runs it: pickle's memo depends on which objects a process shares.
    command = [sys.executable, "-m", "reliability._cli", "train", name]
    command += ["--data-dir", str(data_dir), "-o", str(tmp_path / name)]
    subprocess.run(command, check=True, capture_output=True)
    shipped = (ROOT / "trained" / f"{name}.joblib").read_bytes()
    assert (tmp_path / f"{name}.joblib").read_bytes() == shipped


def test_train_with_missing_data_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys, "train", "news", "--data-dir", str(tmp_path), "-o", str(tmp_path / "m")
    )
    assert code == 2
    assert "emergent/emergent_train.csv" in err


def test_gazetteer_option_extends_the_shipped_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gazetteer = tmp_path / "extra.tsv"
    gazetteer.write_text(
        "name\taliases\ttype\tcountry\tnote\n"
        "Zorlan Liberation Army\tZLA\tseparatist_or_militant\tZorlandia\tinvented for a test\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text("The ZLA said it captured the bridge.\n", encoding="utf-8")
    code, out, _ = _run(capsys, "extract", str(article), "--gazetteer", str(gazetteer))
    assert code == 0
    assert json.loads(out)["source"]["type"] == "separatist_or_militant"


def test_missing_gazetteer_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", str(SEED), "--gazetteer", str(tmp_path / "none.tsv"))
    assert code == 1
    assert "no such gazetteer file" in err
