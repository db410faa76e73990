"""Reading LIAR: bare quotes kept, malformed rows named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._liar import LIAR_COLUMNS, read_liar

ROW = [
    "1.json",
    "half-true",
    '"Says the bridge cost $2 million.',
    "transportation",
    "jane-doe",
    "Mayor",
    "Ohio",
    "democrat",
    "1",
    "0",
    "2",
    "0",
    "0",
    "a speech",
]


def write_tsv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_read_liar_keeps_bare_quotes_and_names_columns(tmp_path):
    df = read_liar(write_tsv(tmp_path / "t.tsv", [ROW, ROW]))
    assert list(df.columns) == list(LIAR_COLUMNS)
    assert df.loc[0, "statement"] == '"Says the bridge cost $2 million.'
    assert df.loc[0, "half_true"] == 2


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (ROW[:13], r"t\.tsv:2: expected 14 tab-separated fields, got 13"),
        ([*ROW[:1], "pants-on-fire", *ROW[2:]], r"t\.tsv:2: 'label' must be in"),
        ([*ROW[:8], "x", *ROW[9:]], r"t\.tsv:2: 'barely_true' must be a count"),
    ],
)
def test_malformed_row_names_file_and_line(tmp_path, row, match):
    with pytest.raises(SchemaError, match=match):
        read_liar(write_tsv(tmp_path / "t.tsv", [ROW, row]))


def test_missing_liar_file_is_data_not_found(tmp_path):
    with pytest.raises(DataNotFoundError, match="LIAR file not found") as info:
        read_liar(tmp_path / "nope.tsv")
    assert info.value.exit_code == 2
