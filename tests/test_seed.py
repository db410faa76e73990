"""The seed article against its hand-made gold annotation (seeds/*.gold.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reliability import Statement, extract_statements

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD = json.loads((SEEDS / "000_f48a50816c6044df.gold.json").read_text(encoding="utf-8"))
TEXT = (SEEDS / GOLD["text_file"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def statements() -> list[Statement]:
    return extract_statements(TEXT, GOLD["doc_id"])


def _span(obj: dict | None) -> tuple | None:
    return None if obj is None else (obj["start"], obj["end"])


def test_one_statement_per_gold_statement(statements: list[Statement]) -> None:
    assert [(s.start, s.end) for s in statements] == [
        (g["start"], g["end"]) for g in GOLD["statements"]
    ]


@pytest.mark.parametrize("gold", GOLD["statements"], ids=lambda g: f"s{g['statement_id']}")
def test_source_entity_type_cue_and_channel_match_gold(
    statements: list[Statement], gold: dict
) -> None:
    found = statements[gold["statement_id"]].to_dict()
    assert _span(found["source"]) == _span(gold["source"])
    for key in ("entity", "type"):
        assert (found["source"] or {}).get(key) == (gold["source"] or {}).get(key)
    assert _span(found["cue"]) == _span(gold["cue"])
    assert (found["cue"] or {}).get("kind") == (gold["cue"] or {}).get("kind")
    assert _span(found["channel"]) == _span(gold["channel"])
    assert (found["channel"] or {}).get("type") == (gold["channel"] or {}).get("type")


@pytest.mark.parametrize("gold", GOLD["statements"], ids=lambda g: f"s{g['statement_id']}")
def test_hedges_and_quoted_match_gold(statements: list[Statement], gold: dict) -> None:
    found = statements[gold["statement_id"]]
    assert [(h.start, h.end, h.kind) for h in found.hedges] == [
        (h["start"], h["end"], h["kind"]) for h in gold["hedges"]
    ]
    assert found.quoted == gold["quoted"]


@pytest.mark.parametrize("gold", GOLD["statements"], ids=lambda g: f"s{g['statement_id']}")
def test_content_overlaps_gold_content(statements: list[Statement], gold: dict) -> None:
    found = statements[gold["statement_id"]].content
    start, end = gold["content"]["start"], gold["content"]["end"]
    overlap = max(0, min(found.end, end) - max(found.start, start))
    assert overlap >= 0.9 * (end - start)


def test_disclaimer_covers_exactly_the_dpr_sourced_statements(
    statements: list[Statement],
) -> None:
    (disclaimer,) = GOLD["disclaimers"]
    covered = [
        s.statement_id
        for s in statements
        if any(h.kind == "disclaimer" and h.start == disclaimer["start"] for h in s.hedges)
    ]
    assert covered == disclaimer["covers"]
    assert covered == [g["statement_id"] for g in GOLD["statements"] if g["dpr_sourced"]]


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Fox News was unable to independently verify the claims.",
        "The claims could not be independently verified by Fox News.",
        "Fox News has not independently verified the report.",
        "Fox News could not independently confirm the separatists' account.",
        "Fox News could not verify the group's claims.",
    ],
)
def test_reworded_disclaimer_still_covers_exactly_the_dpr_statements(disclaimer: str) -> None:
    original = "Fox News could not independently verify the DRP’s claims Thursday."
    statements = extract_statements(TEXT.replace(original, disclaimer), GOLD["doc_id"])
    covered = [s.statement_id for s in statements if any(h.kind == "disclaimer" for h in s.hedges)]
    assert covered == [g["statement_id"] for g in GOLD["statements"] if g["dpr_sourced"]]
