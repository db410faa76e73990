"""``reliability batch --corroborate``: supporting and denying outlets across the whole input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reliability import _batch as batch_module
from reliability._batch import BatchError, score_file
from reliability._cli import main

WIRE = (
    "KYIV (Reuters) - The bridge over the Dnipro river collapsed on Tuesday, officials said. "
    "Traffic was diverted to the northern crossing."
)
ARTICLES = [
    {"doc_id": "w1", "outlet": "Daily A", "text": WIRE},
    {"doc_id": "w2", "outlet": "Daily B", "text": WIRE},
    {"doc_id": "w3", "outlet": "Daily C", "text": WIRE},
    {
        "doc_id": "i1",
        "outlet": "Kyiv Post",
        "text": "Witnesses said the bridge over the Dnipro river collapsed on Tuesday. "
        "Shops nearby stayed closed.",
    },
    {
        "doc_id": "i2",
        "outlet": "Local Radio",
        "text": "Firefighters told reporters that the bridge over the Dnipro river collapsed on "
        "Tuesday.",
    },
    {
        "doc_id": "d1",
        "outlet": "State TV",
        "text": "The ministry denied that the bridge over the Dnipro river collapsed on Tuesday.",
    },
]


def _source(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def _by_statement(path: Path) -> dict[tuple[str, int], dict[str, object]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {(r["doc_id"], r["statement_id"]): r["corroboration"] for r in records}


def test_one_wire_story_counts_once_and_two_independent_confirmations_count_twice(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(_source(tmp_path)), "-o", str(out), "--corroborate", "-q"])
    rows = _by_statement(out)
    assert code == 0
    # Each copy of the wire story: the witnesses and the firefighters, not the other copies.
    for copy in ("w1", "w2", "w3"):
        assert rows[copy, 0]["n_supporters"] == 2
        assert rows[copy, 0]["supporting_outlets"] == ["Kyiv Post", "Local Radio"]
        assert rows[copy, 0]["n_deniers"] == 1
    # The witnesses: the wire story (three outlets, one origin) and the firefighters.
    assert rows["i1", 0]["n_supporters"] == 2
    assert rows["i1", 0]["supporting_outlets"] == ["Daily A", "Daily B", "Daily C", "Local Radio"]
    assert rows["d1", 0]["n_deniers"] == 3
    assert rows["w1", 1] == {
        "n_supporters": 0,
        "n_deniers": 0,
        "supporting_outlets": [],
        "denying_outlets": [],
    }


def test_chunks_and_jobs_do_not_change_the_corroboration(tmp_path: Path) -> None:
    source = _source(tmp_path)
    score_file(source, tmp_path / "one.jsonl", corroborate=True, progress=False)
    score_file(
        source, tmp_path / "two.jsonl", corroborate=True, chunk_size=2, jobs=2, progress=False
    )
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def test_parquet_and_csv_carry_the_corroboration_columns(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
    source = _source(tmp_path)
    score_file(source, tmp_path / "out.jsonl", corroborate=True, chunk_size=4, progress=False)
    expected = _by_statement(tmp_path / "out.jsonl")
    score_file(source, tmp_path / "out.parquet", corroborate=True, chunk_size=4, progress=False)
    score_file(source, tmp_path / "out.csv", corroborate=True, chunk_size=4, progress=False)
    parquet = pd.read_parquet(tmp_path / "out.parquet")
    csv = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    for frame, load in ((parquet, list), (csv, json.loads)):
        got = {
            (d, int(s)): {
                "n_supporters": int(n),
                "n_deniers": int(m),
                "supporting_outlets": list(load(a)),
                "denying_outlets": list(load(b)),
            }
            for d, s, n, m, a, b in zip(
                frame["doc_id"],
                frame["statement_id"],
                frame["corroboration_n_supporters"],
                frame["corroboration_n_deniers"],
                frame["corroboration_supporting_outlets"],
                frame["corroboration_denying_outlets"],
                strict=True,
            )
        }
        assert got == expected
        assert list(frame.columns[-4:]) == [
            "corroboration_n_supporters",
            "corroboration_n_deniers",
            "corroboration_supporting_outlets",
            "corroboration_denying_outlets",
        ]


def test_a_run_that_dies_part_way_resumes_to_the_uninterrupted_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source(tmp_path)
    score_file(source, tmp_path / "whole.jsonl", corroborate=True, chunk_size=2, progress=False)
    real = batch_module._score_chunk

    def dies_at_the_third_chunk(index, rows, job):  # type: ignore[no-untyped-def]
        if index == 2:
            msg = "killed"
            raise KeyboardInterrupt(msg)
        return real(index, rows, job)

    monkeypatch.setattr(batch_module, "_score_chunk", dies_at_the_third_chunk)
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        score_file(source, out, corroborate=True, chunk_size=2, progress=False)
    assert sorted(p.name for p in (tmp_path / "out.jsonl.parts").glob("*.npz")) == [
        "part-000000.corroboration.npz",
        "part-000001.corroboration.npz",
    ]
    monkeypatch.setattr(batch_module, "_score_chunk", real)
    summary = score_file(source, out, corroborate=True, chunk_size=2, resume=True, progress=False)
    assert summary.read == len(ARTICLES)
    assert out.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()


def test_resume_refuses_parts_scored_without_corroboration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source(tmp_path)
    real = batch_module._score_chunk

    def dies(index, rows, job):  # type: ignore[no-untyped-def]
        if index == 1:
            raise KeyboardInterrupt
        return real(index, rows, job)

    monkeypatch.setattr(batch_module, "_score_chunk", dies)
    with pytest.raises(KeyboardInterrupt):
        score_file(source, tmp_path / "out.jsonl", chunk_size=2, progress=False)
    with pytest.raises(BatchError, match="corroborate=False now True"):
        score_file(
            source,
            tmp_path / "out.jsonl",
            corroborate=True,
            chunk_size=2,
            resume=True,
            progress=False,
        )
