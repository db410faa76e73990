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


def test_output_keeps_the_shipped_columns_and_adds_new_ones() -> None:
    names = list(CorroborationFeatures().fit([]).get_feature_names_out())
    assert names[:4] == [
        "corroboration_supporters",
        "corroboration_deniers",
        "corroboration_subject_denial",
        "corroboration_narrator_confirms",
    ]
    assert names[4:] == ["corroboration_narrator_denies", "corroboration_repeats"]


def test_one_wire_story_quoted_three_times_counts_as_one_source() -> None:
    rows = _rows(
        "Reuters reported the dam near Kherson collapsed overnight. "
        "According to Reuters, the dam near Kherson collapsed overnight. "
        "Reuters said the dam near Kherson collapsed overnight. "
        "Local officials said the dam near Kherson collapsed overnight."
    )
    assert rows[3]["corroboration_supporters"] == 1.0
    assert rows[0]["corroboration_repeats"] == 2.0


def test_two_independent_confirmations_count_as_two() -> None:
    rows = _rows(
        "The army said the bridge over the river was destroyed. "
        "Local residents said the bridge over the river was destroyed. "
        "The mayor said the bridge over the river was destroyed."
    )
    assert rows[2]["corroboration_supporters"] == 2.0


def test_a_negated_claim_by_another_source_is_a_denial() -> None:
    rows = _rows(
        "The army said the bridge over the river was destroyed. "
        "The mayor said the bridge over the river was not destroyed."
    )
    assert rows[0]["corroboration_deniers"] == 1.0
    assert rows[0]["corroboration_supporters"] == 0.0
    assert rows[0]["corroboration_subject_denial"] == 0.0


def test_the_narrator_contradicting_a_claim_is_found() -> None:
    rows = _rows(
        "Rebels claimed the bridge over the river was destroyed. "
        "The bridge over the river was not destroyed."
    )
    assert rows[0]["corroboration_narrator_denies"] == 1.0
    assert rows[0]["corroboration_narrator_confirms"] == 0.0


def test_the_publisher_citing_itself_is_the_narrator() -> None:
    rows = _rows(
        "Rebels claimed the bridge over the river was destroyed. "
        "As we reported, the bridge over the river was destroyed."
    )
    assert rows[0]["corroboration_supporters"] == 0.0
    assert rows[0]["corroboration_narrator_confirms"] == 1.0


def test_the_window_bounds_the_statements_compared() -> None:
    text = " ".join(
        f"Official {i} said the bridge over the river was destroyed." for i in range(30)
    )
    statements = extract_statements(text)
    narrow = CorroborationFeatures(window=2).fit(statements).transform(statements)
    assert narrow[:, 0].max() <= 4.0
