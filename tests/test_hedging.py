"""Hedge cues by kind, sentence uncertainty, and hedging features of statements."""

from __future__ import annotations

import pytest

from features import HedgingFeatures
from reliability import extract_statements, find_hedges, is_uncertain


@pytest.mark.parametrize(
    ("text", "cue", "kind"),
    [
        ("The leader allegedly fled.", "allegedly", "hedge"),
        ("Troops reportedly crossed the river.", "reportedly", "hedge"),
        ("The bridge may have collapsed.", "may", "hedge"),
        ("The vote was clearly rigged.", "clearly", "booster"),
        (
            "Reuters could not independently verify the footage.",
            "could not independently verify",
            "disclaimer",
        ),
        ("The figures have not been verified.", "have not been verified", "disclaimer"),
        ("The unconfirmed report spread.", "unconfirmed", "disclaimer"),
        (
            "The ministry did not respond to a request for comment.",
            "did not respond to a request for comment",
            "disclaimer",
        ),
        ('The "referendum" was held at gunpoint.', '"referendum"', "scare_quote"),
        ("If the dam breaks, the town floods.", "If", "conditional"),
    ],
)
def test_find_hedges_marks_each_kind(text: str, cue: str, kind: str) -> None:
    assert [(s.text, s.kind) for s in find_hedges(text)] == [(cue, kind)]


def test_month_may_is_not_a_hedge() -> None:
    assert find_hedges("The vote took place on May 5.") == []


def test_quoted_speech_is_not_a_scare_quote() -> None:
    assert find_hedges('The minister called it "a disgrace".') == []
    assert find_hedges('He described the war as a "correction of history".') == []


def test_hedge_offsets_index_the_text() -> None:
    text = "Officials said the strike was “possibly” a mistake, unverified reports say."
    for span in find_hedges(text):
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The strike may have hit a school.", True),
        ("If confirmed, the deal would be the largest.", True),
        ("The strike hit a school on Monday.", False),
    ],
)
def test_is_uncertain(sentence: str, expected: bool) -> None:
    assert is_uncertain(sentence) is expected


def test_find_hedges_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        find_hedges(b"bytes")  # type: ignore[arg-type]


def _features(text: str) -> dict[str, float]:
    statements = extract_statements(text)
    extractor = HedgingFeatures().set_output(transform="pandas").fit(statements)
    return extractor.transform(statements).iloc[0].to_dict()


def test_distancing_cue_leaves_the_author_uncommitted() -> None:
    features = _features("The group claimed the town fell.")
    assert features["cue_distancing"] == 1.0
    assert features["author_uncommitted"] == 1.0


def test_factive_cue_commits_the_author() -> None:
    features = _features("The ministry confirmed the town fell.")
    assert features["cue_factive"] == 1.0
    assert features["author_uncommitted"] == 0.0


def test_denial_cue_is_its_own_feature() -> None:
    features = _features("The ministry denied the town fell.")
    assert features["cue_denial"] == 1.0


def test_reportative_hedge_leaves_the_author_uncommitted() -> None:
    features = _features("The town allegedly fell.")
    assert features["hedge_count"] == 1.0
    assert features["author_uncommitted"] == 1.0
