"""Read the LIAR data set (Wang 2017): PolitiFact statements with speaker metadata."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from reliability._exceptions import DataNotFoundError, SchemaError

__all__ = ["LIAR_COLUMNS", "LIAR_LABELS", "read_liar"]

#: Column names of the LIAR TSV files, as in the data set's README.
LIAR_COLUMNS = (
    "id",
    "label",
    "statement",
    "subject",
    "speaker",
    "job",
    "state",
    "party",
    "barely_true",
    "false",
    "half_true",
    "mostly_true",
    "pants_fire",
    "context",
)
LIAR_LABELS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
_COUNT_COLUMNS = ("barely_true", "false", "half_true", "mostly_true", "pants_fire")


def read_liar(path: str | Path) -> pd.DataFrame:
    """Read a LIAR split: 14 tab-separated columns, no header, no quoting.

    Parameters
    ----------
    path : str or Path
        ``train.tsv`` or ``valid.tsv`` of the LIAR release.

    Returns
    -------
    DataFrame
        Columns :data:`LIAR_COLUMNS`; text columns as ``str``, the five
        credit-history counts as ``int``.

    Raises
    ------
    DataNotFoundError
        When the file does not exist.
    SchemaError
        When a row does not have 14 fields, a label is unknown or a count is not
        an integer; the message names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        msg = f"{path}: LIAR file not found"
        raise DataNotFoundError(msg)
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        # QUOTE_NONE: many statements start with a bare '"' that is not a CSV quote.
        for line_no, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(row) != len(LIAR_COLUMNS):
                expected = len(LIAR_COLUMNS)
                msg = f"{path}:{line_no}: expected {expected} tab-separated fields, got {len(row)}"
                raise SchemaError(msg, field="row")
            if row[1] not in LIAR_LABELS:
                msg = f"{path}:{line_no}: 'label' must be in {LIAR_LABELS} (got {row[1]!r})"
                raise SchemaError(msg, field="label")
            for col in _COUNT_COLUMNS:
                value = row[LIAR_COLUMNS.index(col)]
                if not value.strip().isdigit():
                    msg = f"{path}:{line_no}: {col!r} must be a count (got {value!r})"
                    raise SchemaError(msg, field=col)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(LIAR_COLUMNS), dtype=str)
    for col in _COUNT_COLUMNS:
        frame[col] = frame[col].str.strip().astype(int)
    return frame
