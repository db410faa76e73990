"""Read the word lists and tables under ``features/data`` once, as immutable objects.

File format: UTF-8 text, one entry per line, ``#`` starts a comment (the evidence
for the entries below it), blank lines are ignored. Tables are tab-separated
with a header line naming the columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

__all__ = ["read_lexicon", "read_table", "read_table_file"]


def _data_lines(text: str) -> list[str]:
    lines = (raw.split("#", 1)[0].rstrip() for raw in text.splitlines())
    return [line for line in lines if line.strip()]


@cache
def read_lexicon(name: str) -> frozenset[str]:
    """Return the entries of ``features/data/<name>`` (lower-cased, stripped)."""
    text = (resources.files("features") / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in _data_lines(text))


def _parse_table(text: str, where: str) -> tuple[Mapping[str, str], ...]:
    lines = _data_lines(text)
    if not lines:
        return ()
    header = [h.strip() for h in lines[0].split("\t")]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(header):
            msg = f"{where}: data row {number} has {len(cells)} cells, header has {len(header)}"
            raise ValueError(msg)
        cells += [""] * (len(header) - len(cells))
        rows.append(MappingProxyType(dict(zip(header, cells, strict=True))))
    return tuple(rows)


@cache
def read_table(name: str) -> tuple[Mapping[str, str], ...]:
    """Return the rows of the tab-separated table ``features/data/<name>`` as read-only mappings."""
    text = (resources.files("features") / "data" / name).read_text(encoding="utf-8")
    return _parse_table(text, name)


def read_table_file(path: str | Path) -> tuple[Mapping[str, str], ...]:
    """Return the rows of a user's tab-separated table file, in the same format."""
    path = Path(path)
    return _parse_table(path.read_text(encoding="utf-8"), str(path))
