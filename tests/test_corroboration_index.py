"""Cross-document corroboration: independent origins that support or deny each statement."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import reliability
from reliability import SchemaError
from reliability._corroboration_index import CorroborationIndex, corroborate_frame, wire_credit

CLAIM = "the dam near Kherson collapsed overnight"


def _index(*articles: tuple[str, str, str]) -> pd.DataFrame:
    index = CorroborationIndex()
    for doc_id, outlet, text in articles:
        index.add(reliability.analyze(text, doc_id=doc_id, outlet=outlet))
    return index.corroboration().set_index(["doc_id", "statement_id"])


def test_three_outlets_quoting_one_wire_story_count_as_one_source() -> None:
    rows = _index(
        ("a", "Outlet A", f"{CLAIM.capitalize()}, Reuters reported."),
        ("b", "Outlet B", f"According to Reuters, {CLAIM}."),
        ("c", "Outlet C", f"{CLAIM.capitalize()}, Reuters said on Tuesday."),
        ("d", "Outlet D", f"Local officials said {CLAIM}."),
    )
    assert rows.loc[("d", 0), "n_supporters"] == 1
    assert rows.loc[("d", 0), "supporting_outlets"] == ["Outlet A", "Outlet B", "Outlet C"]
    # The copies do not corroborate each other: only the officials support them.
    assert rows.loc[("a", 0), "n_supporters"] == 1


def test_one_wire_story_republished_verbatim_counts_once() -> None:
    story = f"KHERSON (AP) - {CLAIM.capitalize()}, flooding villages downstream."
    rows = _index(
        ("a", "Outlet A", story),
        ("b", "Outlet B", story),
        ("c", "Outlet C", story),
        ("d", "Outlet D", f"The mayor said {CLAIM}."),
    )
    assert rows.loc[("d", 0), "n_supporters"] == 1
    assert len(rows.loc[("d", 0), "supporting_outlets"]) == 3


def test_uncredited_copies_of_one_story_count_once() -> None:
    story = (
        f"{CLAIM.capitalize()}, flooding villages downstream. Rescue teams from three "
        "regions were sent to the area before dawn, and the river rose by two metres."
    )
    rows = _index(
        ("a", "Outlet A", story),
        ("b", "Outlet B", story),
        ("d", "Outlet D", f"The mayor said {CLAIM}."),
    )
    assert rows.loc[("d", 0), "n_supporters"] == 1


def test_two_independent_confirmations_count_as_two() -> None:
    rows = _index(
        ("a", "Outlet A", f"Local officials said {CLAIM}."),
        ("b", "Outlet B", f"Witnesses said {CLAIM}."),
        ("c", "Outlet C", f"The mayor said {CLAIM}."),
    )
    assert rows.loc[("c", 0), "n_supporters"] == 2
    assert rows.loc[("c", 0), "supporting_outlets"] == ["Outlet A", "Outlet B"]


def test_an_outlet_repeating_its_own_report_counts_once() -> None:
    rows = _index(
        ("a1", "Outlet A", f"{CLAIM.capitalize()}."),
        ("a2", "Outlet A", f"As we reported on Monday, {CLAIM}."),
        ("b", "Outlet B", f"The mayor said {CLAIM}."),
    )
    assert rows.loc[("b", 0), "n_supporters"] == 1


def test_one_source_quoted_by_many_outlets_counts_once() -> None:
    rows = _index(
        ("a", "Outlet A", f"The United Nations said {CLAIM}."),
        ("b", "Outlet B", f"According to the United Nations, {CLAIM}."),
        ("c", "Outlet C", f"The mayor said {CLAIM}."),
    )
    assert rows.loc[("c", 0), "n_supporters"] == 1


def test_a_denial_in_another_outlet_is_counted_as_denying() -> None:
    rows = _index(
        ("a", "Outlet A", f"Local officials said {CLAIM}."),
        ("b", "Outlet B", f"The regional governor denied that {CLAIM}."),
        ("c", "Outlet C", "Witnesses said the dam near Kherson did not collapse overnight."),
    )
    assert rows.loc[("a", 0), "n_deniers"] == 2
    assert rows.loc[("a", 0), "denying_outlets"] == ["Outlet B", "Outlet C"]
    assert rows.loc[("a", 0), "n_supporters"] == 0
    # The two denials support each other.
    assert rows.loc[("b", 0), "n_supporters"] == 1


def test_unrelated_statements_do_not_corroborate() -> None:
    rows = _index(
        ("a", "Outlet A", f"Local officials said {CLAIM}."),
        ("b", "Outlet B", "The mayor said schools in Odesa reopen on Monday."),
    )
    assert rows["n_supporters"].tolist() == [0, 0]
    assert rows["n_deniers"].tolist() == [0, 0]


def test_statements_without_an_analysis_can_be_added() -> None:
    index = CorroborationIndex()
    index.add(reliability.extract_statements(f"Officials said {CLAIM}.", "a"), outlet="A")
    index.add(reliability.extract_statements(f"Witnesses said {CLAIM}.", "b"), outlet="B")
    assert index.n_statements == 2
    assert index.n_articles == 2
    assert index.corroboration()["n_supporters"].tolist() == [1, 1]


def test_an_empty_index_gives_an_empty_frame_with_the_columns() -> None:
    frame = CorroborationIndex().corroboration()
    assert frame.empty
    assert "n_supporters" in frame.columns
    assert "denying_outlets" in frame.columns


def test_adding_a_bare_text_is_rejected() -> None:
    with pytest.raises(TypeError, match="got a str"):
        CorroborationIndex().add("Officials said the dam collapsed.")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("min_similarity", 0.0, r"'min_similarity' must be in \(0, 1\] \(got 0.0\)"),
        ("block_size", 0, r"'block_size' must be a positive int \(got 0\)"),
    ],
)
def test_bad_parameters_are_rejected(name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CorroborationIndex(**{name: value})


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("LONDON (Reuters) - Talks resumed.", "reuters"),
        ("KYIV (AP) — Talks resumed.", "associated press"),
        ("Talks resumed (AFP).", "agence france-presse"),
        ("Talks resumed (in Paris).", None),
    ],
)
def test_wire_credits_are_read_from_the_dateline(text: str, agency: str | None) -> None:
    assert wire_credit(text) == agency


def test_a_frame_of_statement_records_gets_corroboration_columns() -> None:
    frame = pd.concat(
        [
            reliability.analyze(f"Officials said {CLAIM}.", doc_id="a", outlet="A").to_frame(),
            reliability.analyze(f"Witnesses said {CLAIM}.", doc_id="b", outlet="B").to_frame(),
            reliability.analyze("The mayor said schools reopen.", doc_id="c").to_frame(),
        ],
        ignore_index=True,
    )
    out = corroborate_frame(frame, outlets={"a": "A", "b": "B", "c": "C"})
    assert out["corroboration_n_supporters"].tolist() == [1, 1, 0]
    assert out["corroboration_supporting_outlets"].tolist() == [["B"], ["A"], []]
    assert list(out.columns[: len(frame.columns)]) == list(frame.columns)


def test_a_frame_without_content_is_rejected() -> None:
    with pytest.raises(SchemaError, match=r"needs columns \['content_text'\]"):
        corroborate_frame(pd.DataFrame({"doc_id": ["a"], "statement_id": [0]}))


def test_shares_saved_and_loaded_in_order_give_the_whole_index(tmp_path: Path) -> None:
    articles = [
        ("a", "Outlet A", f"KHERSON (AP) - {CLAIM.capitalize()}, officials said."),
        ("b", "Outlet B", f"Witnesses said {CLAIM}."),
        ("c", "Outlet C", f"The ministry denied that {CLAIM}."),
    ]
    analyses = [reliability.analyze(t, doc_id=d, outlet=o) for d, o, t in articles]
    whole = CorroborationIndex().extend(analyses).corroboration()
    paths = []
    for number, share in enumerate((analyses[:1], analyses[1:], [])):
        paths.append(tmp_path / f"share{number}.npz")
        CorroborationIndex().extend(share).save(paths[-1])
    loaded = CorroborationIndex()
    for path in paths:
        loaded.load(path)
    pd.testing.assert_frame_equal(loaded.corroboration(), whole)


def test_loading_a_share_hashed_into_another_width_is_refused(tmp_path: Path) -> None:
    CorroborationIndex(n_features=2**10).save(tmp_path / "share.npz")
    with pytest.raises(ValueError, match="n_features=1024"):
        CorroborationIndex().load(tmp_path / "share.npz")
