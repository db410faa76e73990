"""The records: validation on construction, SPEC-shaped dicts, round trips, frames."""

from __future__ import annotations

import pytest
from hypothesis import given

from reliability import Analysis, Reason, SchemaError, ScoredStatement, Source, Span, Statement
from tests.strategies import statements


def _statement() -> Statement:
    text = 'The group claimed "it won."'
    return Statement(
        "d1",
        0,
        0,
        len(text),
        text,
        Span("it won.", 19, 26),
        source=Source("The group", 0, 9, "separatist_or_militant", "Donetsk People's Republic"),
        cue=Span("claimed", 10, 17, "distancing"),
        quoted=True,
    )


def test_span_rejects_end_before_start() -> None:
    with pytest.raises(SchemaError, match=r"'span' must have 0 <= start <= end"):
        Span("x", 5, 2)


def test_source_rejects_type_outside_closed_vocabulary() -> None:
    with pytest.raises(SchemaError, match=r"'source.type' must be in .* \(got 'rebel'\)"):
        Source("x", 0, 1, "rebel")


def test_scored_statement_rejects_credibility_outside_unit_interval() -> None:
    with pytest.raises(SchemaError, match="'credibility' must be in"):
        ScoredStatement(_statement(), credibility=1.5, band="high")


def test_to_dict_has_spec_keys_and_null_narrator_fields() -> None:
    record = ScoredStatement(_statement(), {"f": 1.0}, 0.2, "low", (Reason("f", -0.4),)).to_dict()
    assert list(record) == [
        "doc_id",
        "statement_id",
        "start",
        "end",
        "text",
        "content",
        "source",
        "cue",
        "channel",
        "hedges",
        "quoted",
        "features",
        "credibility",
        "band",
        "reasons",
    ]
    assert record["channel"] is None
    assert record["source"]["type"] == "separatist_or_militant"
    assert record["reasons"] == [{"feature": "f", "effect": -0.4}]


def test_from_dict_rejects_unknown_key_naming_it() -> None:
    record = _statement().to_dict() | {"colour": "red"}
    with pytest.raises(SchemaError, match=r"unknown keys \['colour'\]") as info:
        Statement.from_dict(record)
    assert info.value.field == "Statement.colour"


@given(statements)
def test_statement_round_trips_through_dict(statement: Statement) -> None:
    assert Statement.from_dict(statement.to_dict()) == statement


@given(statements)
def test_scored_statement_round_trips_through_dict(statement: Statement) -> None:
    scored = ScoredStatement(statement, {"a": 1.0}, 0.5, "uncertain", (Reason("a", 0.1),))
    assert ScoredStatement.from_dict(scored.to_dict()) == scored


def test_to_frame_flattens_nested_objects_with_underscores() -> None:
    scored = ScoredStatement(_statement(), {"hedge_count": 0.0}, 0.3, "low")
    narrator_text = "Syria voted no."
    end = 28 + len(narrator_text)
    narrator = Statement("d1", 1, 28, end, narrator_text, Span(narrator_text, 28, end))
    frame = Analysis("d1", "...", (scored, ScoredStatement(narrator))).to_frame()
    assert frame.loc[0, "source_entity"] == "Donetsk People's Republic"
    assert frame.loc[0, "cue_kind"] == "distancing"
    assert frame.loc[0, "feature_hedge_count"] == 0.0
    assert frame["source_type"].isna().tolist() == [False, True]
    assert len(frame) == 2
