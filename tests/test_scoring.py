"""Scores of the shipped model on the seed article and on texts written here."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import reliability
from reliability import Analysis

DPR_SOURCED = [1, 2, 3, 7, 8]
UN_VOTE = 9  # "Syria was one of just five countries ... to oppose a UN General Assembly resolution"


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Analysis:
    return reliability.analyze(seed_text, doc_id="seed", outlet="Fox News")


def _credibility(analysis: Analysis) -> list[float]:
    return [s.credibility for s in analysis.statements]


def test_seed_has_at_least_nine_statements_with_probabilities(seed: Analysis) -> None:
    assert len(seed.statements) >= 9
    assert all(0.0 <= c <= 1.0 for c in _credibility(seed))


def test_seed_dpr_statements_carry_the_dpr_as_entity(seed: Analysis) -> None:
    entities = [seed.statements[i].statement.source.entity for i in DPR_SOURCED]
    assert entities == ["Donetsk People's Republic"] * len(DPR_SOURCED)


def test_every_dpr_statement_scores_below_the_narrators_un_vote(seed: Analysis) -> None:
    scores = _credibility(seed)
    assert max(scores[i] for i in DPR_SOURCED) < scores[UN_VOTE]


def test_deleting_the_disclaimer_sentence_never_lowers_dpr_scores(
    seed: Analysis, seed_text: str
) -> None:
    lines = seed_text.split("\n")
    without = "\n".join(line for line in lines if "could not independently verify" not in line)
    after = reliability.analyze(without, doc_id="seed")
    before_scores = {s.statement.text: s.credibility for s in seed.statements}
    for scored in after.statements:
        statement = scored.statement
        if statement.source is not None and statement.source.entity == "Donetsk People's Republic":
            assert scored.credibility >= before_scores[statement.text]


def test_inserting_allegedly_into_a_narrator_sentence_lowers_its_score() -> None:
    plain = reliability.analyze("Syria voted against the resolution in March.")
    hedged = reliability.analyze("Syria allegedly voted against the resolution in March.")
    assert hedged.statements[0].credibility < plain.statements[0].credibility


def test_reasons_are_sorted_by_size_and_name_features(seed: Analysis) -> None:
    reasons = seed.statements[2].reasons
    effects = [abs(r.effect) for r in reasons]
    assert effects == sorted(effects, reverse=True)
    assert {r.feature for r in reasons} <= set(seed.statements[2].features)
    assert any(r.feature == "disclaimer_covered" and r.effect < 0 for r in reasons)


def test_band_follows_the_thresholds(seed: Analysis) -> None:
    for scored in seed.statements:
        expected = (
            "low"
            if scored.credibility < 0.4
            else "uncertain"
            if scored.credibility < 0.6
            else "high"
        )
        assert scored.band == expected


def test_empty_text_gives_an_empty_analysis() -> None:
    analysis = reliability.analyze("")
    assert analysis.statements == ()
    assert analysis.to_frame().empty


def test_records_are_json_serialisable_with_valid_offsets(seed: Analysis, seed_text: str) -> None:
    for record in json.loads(json.dumps(seed.to_dicts())):
        assert seed_text[record["start"] : record["end"]] == record["text"]
        for key in ("content", "source", "cue", "channel"):
            span = record[key]
            if span is not None:
                assert seed_text[span["start"] : span["end"]] == span["text"]


def test_score_frame_gives_one_row_per_statement_with_doc_ids() -> None:
    df = pd.DataFrame(
        {"doc_id": ["a", "b"], "text": ["The army said the town fell. It rained.", "Quiet day."]}
    )
    out = reliability.score_frame(df)
    assert out["doc_id"].tolist() == ["a", "a", "b"]
    assert out["credibility"].between(0, 1).all()


def test_score_frame_names_a_missing_column() -> None:
    with pytest.raises(reliability.SchemaError, match="column 'body' not in DataFrame"):
        reliability.score_frame(pd.DataFrame({"text": ["x"]}), text_col="body")


def test_score_frame_names_the_row_with_non_string_text() -> None:
    df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["fine.", None]})
    with pytest.raises(reliability.SchemaError, match=r"row 1 \(doc_id='b'\)"):
        reliability.score_frame(df)


SEED_STYLE = (Path(__file__).parent / "data" / "seed_style_transnistria.txt").read_text(
    encoding="utf-8"
)
GROUP = [1, 2, 3, 7, 8]  # statements reported from the separatist authorities
UN_VOTE_STYLE = 9


@pytest.fixture(scope="module")
def seed_style() -> Analysis:
    return reliability.analyze(SEED_STYLE, doc_id="transnistria")


def test_seed_style_article_resolves_the_group_through_acronym_misspelling_and_reference(
    seed_style: Analysis,
) -> None:
    sources = [s.statement.source for s in seed_style.statements]
    entities = {sources[i].entity for i in GROUP if sources[i] is not None}
    assert len(entities) == 1
    assert all(sources[i].type == "separatist_or_militant" for i in GROUP)


def test_seed_style_disclaimer_covers_exactly_the_groups_statements(seed_style: Analysis) -> None:
    covered = [
        s.statement.statement_id
        for s in seed_style.statements
        if any(h.kind == "disclaimer" for h in s.statement.hedges)
    ]
    assert covered == GROUP


def test_seed_style_group_statements_score_below_the_narrators_un_vote(
    seed_style: Analysis,
) -> None:
    scores = _credibility(seed_style)
    assert max(scores[i] for i in GROUP) < scores[UN_VOTE_STYLE]


def test_seed_style_hedges_and_distancing_cues(seed_style: Analysis) -> None:
    statements = [s.statement for s in seed_style.statements]
    assert [h.text for h in statements[0].hedges if h.kind == "hedge"] == ["allegedly"]
    assert [h.text for h in statements[6].hedges] == ["reportedly"]
    assert {statements[i].cue.kind for i in (3, 8)} == {"distancing"}
