"""In-article corroboration: independent supporters, deniers, the subject's own denial."""

from __future__ import annotations

from features import CorroborationFeatures
from reliability import extract_statements


def _rows(text: str) -> list[dict[str, float]]:
    statements = extract_statements(text)
    extractor = CorroborationFeatures().set_output(transform="pandas").fit(statements)
    return extractor.transform(statements).to_dict("records")


def test_two_independent_sources_support_each_other() -> None:
    rows = _rows(
        "The army said the bridge over the river was destroyed. "
        "Local residents said the bridge over the river was destroyed."
    )
    assert rows[0]["corroboration_supporters"] == 1.0
    assert rows[1]["corroboration_supporters"] == 1.0


def test_one_source_repeating_itself_counts_once() -> None:
    rows = _rows(
        "The army said the bridge over the river was destroyed. "
        "The mayor said the bridge over the river was destroyed. "
        "The mayor said again the bridge over the river was destroyed."
    )
    assert rows[0]["corroboration_supporters"] == 1.0


def test_denial_by_the_claims_subject_is_found() -> None:
    rows = _rows(
        "Rebels claimed the ministry shelled the market in Avdiivka. "
        "The ministry denied it shelled the market in Avdiivka."
    )
    assert rows[0]["corroboration_deniers"] == 1.0
    assert rows[0]["corroboration_subject_denial"] == 1.0


def test_unrelated_statements_do_not_corroborate() -> None:
    rows = _rows("The army said the bridge was destroyed. The mayor said schools reopen Monday.")
    assert rows[0]["corroboration_supporters"] == 0.0
