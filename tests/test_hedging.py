"""Hedge cues by kind, sentence uncertainty, the learned cue model, commitment features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from features import HedgingFeatures
from features._hedging import FEATURE_NAMES
from features._uncertainty import (
    CORPORA,
    LabelledSentence,
    UncertaintyModel,
    fit_uncertainty_model,
    load_uncertainty_model,
    read_corpus,
    split_documents,
    tokenize,
)
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
            "The toll could not immediately be confirmed.",
            "could not immediately be confirmed",
            "disclaimer",
        ),
        ("It was not possible to verify the video.", "not possible to verify", "disclaimer"),
        ("The figures are impossible to verify.", "impossible to verify", "disclaimer"),
        ("There was no independent confirmation.", "no independent confirmation", "disclaimer"),
        (
            "The ministry did not respond to a request for comment.",
            "did not respond to a request for comment",
            "disclaimer",
        ),
        ('The "referendum" was held at gunpoint.', '"referendum"', "scare_quote"),
        ('Moscow recognised the "independence" of the regions.', '"independence"', "scare_quote"),
        (
            'Russia calls it a "special military operation".',
            '"special military operation"',
            "scare_quote",
        ),
        ("If the dam breaks, the town floods.", "If", "conditional"),
        ("The town floods unless the dam holds.", "unless", "conditional"),
        ("The strike was possibly a mistake.", "possibly", "hedge"),
        ("It is unclear who fired first.", "unclear", "hedge"),
        ("He is said to have fled.", "said to", "hedge"),
        ("It is believed that the commander died.", "is believed", "hedge"),
        ("The envoy is understood to have resigned.", "understood to", "hedge"),
        ("The so-called referendum was held.", "so-called", "hedge"),
        ("The alleged attack killed three.", "The alleged", "hedge"),
        ("Results were, of course, delayed.", "of course", "booster"),
    ],
)
def test_find_hedges_marks_each_kind(text: str, cue: str, kind: str) -> None:
    assert [(s.text, s.kind) for s in find_hedges(text)] == [(cue, kind)]


@pytest.mark.parametrize(
    "text",
    [
        "The vote took place on May 5.",
        "May 5 was the day of the vote.",
        "The ceasefire has held since May.",
        "Elections are held in May every year.",
    ],
)
def test_month_may_is_not_a_hedge(text: str) -> None:
    assert find_hedges(text) == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('"The bridge may have collapsed," the governor said.', "may"),
        ('"It is likely a mistake," a spokesman said.', "likely"),
        ('The governor said, "The bridge may have collapsed."', "may"),
    ],
)
def test_hedges_inside_quotations_are_hedges(text: str, cue: str) -> None:
    assert [(s.text, s.kind) for s in find_hedges(text)] == [(cue, "hedge")]


def test_could_not_in_a_disclaimer_is_one_disclaimer_not_a_hedge() -> None:
    text = "Reuters could not independently verify the footage, which could not be confirmed."
    assert [(s.text, s.kind) for s in find_hedges(text)] == [
        ("could not independently verify", "disclaimer"),
        ("could not be confirmed", "disclaimer"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He appeared in court on Monday.",
        "The road will reopen as soon as possible.",
        "The talks made the deal possible.",
        "She appears in the film.",
    ],
)
def test_the_cue_model_drops_lexicon_hedges_it_does_not_read_as_cues(text: str) -> None:
    assert [s for s in find_hedges(text) if s.kind == "hedge"] == []


@pytest.mark.parametrize(
    "text",
    [
        'The minister called it "a disgrace".',
        'He described the war as a "correction of history".',
        'She appeared on "Good Morning America" on Tuesday.',
        '<tweet datetime="2016-06-29">Iron Mike Tyson was not asked to speak</tweet>',
        'The sign read "2022".',
    ],
)
def test_reported_speech_titles_and_markup_are_not_scare_quotes(text: str) -> None:
    assert [s for s in find_hedges(text) if s.kind == "scare_quote"] == []


def test_hedge_offsets_index_the_text() -> None:
    text = "Officials said the strike was “possibly” a mistake, unverified reports say."
    for span in find_hedges(text):
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The strike may have hit a school.", True),
        ("If confirmed, the deal would be the largest.", True),
        ("Police are investigating whether the fire was arson.", True),
        ("Officials believe the attack was planned.", True),
        ("The leader allegedly fled the country.", True),
        ("The footage could not be independently verified.", True),
        ("The strike hit a school on Monday.", False),
        ("The vote took place on May 5.", False),
        ("The ministry published the figures on its website.", False),
    ],
)
def test_is_uncertain(sentence: str, expected: bool) -> None:
    assert is_uncertain(sentence) is expected


@pytest.mark.parametrize("function", [find_hedges, is_uncertain])
def test_non_strings_are_rejected(function) -> None:
    with pytest.raises(TypeError, match="expects a str"):
        function(b"bytes")


def test_find_hedges_over_a_document_matches_it_sentence_by_sentence() -> None:
    sentences = [
        "The leader allegedly fled.",
        "Reuters could not verify the claims.",
        'Russia calls it a "special military operation".',
    ]
    document = " ".join(sentences)
    found = [(s.text, s.kind) for s in find_hedges(document)]
    assert found == [(s.text, s.kind) for sentence in sentences for s in find_hedges(sentence)]


def _features(text: str, position: int = 0) -> dict[str, float]:
    statements = extract_statements(text)
    extractor = HedgingFeatures().set_output(transform="pandas").fit(statements)
    return extractor.transform(statements).iloc[position].to_dict()


def test_feature_names_keep_the_shipped_columns_first() -> None:
    assert FEATURE_NAMES[:12] == (
        "hedge_count",
        "booster_count",
        "conditional_count",
        "scare_quote_count",
        "disclaimer_covered",
        "cue_neutral",
        "cue_distancing",
        "cue_factive",
        "cue_according_to",
        "cue_denial",
        "author_uncommitted",
        "quoted",
    )
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)


COMMITMENT = ("author_uncommitted", "author_committed", "source_committed", "polarity_reversed")


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        # the author is uncommitted, the source stays committed
        pytest.param("The group claimed the town fell.", 0, (1, 0, 1, 0), id="claimed"),
        pytest.param("The group allegedly said the town fell.", 0, (1, 0, 1, 0), id="allegedly"),
        pytest.param(
            "The group said the town fell. Reuters could not independently verify the claims.",
            0,
            (1, 0, 1, 0),
            id="could-not-independently-verify",
        ),
        # factive cues commit the author
        pytest.param("The ministry confirmed that the town fell.", 0, (0, 1, 1, 0), id="confirmed"),
        pytest.param("The ministry revealed that the town fell.", 0, (0, 1, 1, 0), id="revealed"),
        pytest.param(
            "The ministry acknowledged that the town fell.", 0, (0, 1, 1, 0), id="acknowledged"
        ),
        # a denial reverses the polarity; the source is committed to the negation
        pytest.param("The ministry denied that the town fell.", 0, (0, 0, 1, 1), id="denied"),
        # a neutral cue commits neither way; the narrator's own unhedged voice commits
        pytest.param("The ministry said the town fell.", 0, (0, 0, 1, 0), id="said"),
        pytest.param("The town fell on Monday.", 0, (0, 1, 0, 0), id="narrator"),
        pytest.param("The town allegedly fell.", 0, (1, 0, 0, 0), id="narrator-allegedly"),
    ],
)
def test_commitment_classes(text: str, position: int, expected: tuple[int, ...]) -> None:
    features = _features(text, position)
    assert tuple(features[name] for name in COMMITMENT) == expected


def test_a_source_hedging_its_own_words_is_not_committed() -> None:
    features = _features("The ministry said the town may have fallen.")
    assert features["source_hedge_count"] == 1.0
    assert features["author_hedge_count"] == 0.0
    assert features["source_committed"] == 0.0
    assert features["content_uncertain"] == 1.0


def test_an_author_hedge_on_the_attribution_is_the_authors() -> None:
    features = _features("The group allegedly said the town fell.")
    assert features["author_hedge_count"] == 1.0
    assert features["source_hedge_count"] == 0.0
    assert features["content_uncertain"] == 0.0


def test_distancing_and_denial_cues_are_their_own_features() -> None:
    assert _features("The group claimed the town fell.")["cue_distancing"] == 1.0
    assert _features("The ministry denied that the town fell.")["cue_denial"] == 1.0
    assert _features("The ministry confirmed that the town fell.")["cue_factive"] == 1.0


# The learned cue model

TRAIN = [
    LabelledSentence("d1", "The protein may bind DNA.", True, ((12, 15),)),
    LabelledSentence("d1", "The protein binds DNA.", False),
    LabelledSentence(
        "d2", "These results suggest that it may act early.", True, ((14, 21), (30, 33))
    ),
    LabelledSentence("d2", "It was published in May 2004.", False),
    LabelledSentence("d3", "We suggest a new name.", True, ((3, 10),)),
    LabelledSentence("d3", "The cells may divide.", True, ((10, 13),)),
    LabelledSentence("d4", "Prices rose in May.", False),
]


@pytest.fixture(scope="module")
def tiny_model() -> UncertaintyModel:
    return fit_uncertainty_model(TRAIN, C=1.0, min_feature_count=1)


def test_model_scores_equal_scikit_learns_probabilities(tiny_model: UncertaintyModel) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from features._uncertainty import _labelled_rows

    rows, y = _labelled_rows(TRAIN, tiny_model.candidates)
    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform({f: 1.0 for f in feats} for feats in rows)
    expected = LogisticRegression(C=1.0, max_iter=2000).fit(X, y).predict_proba(X)[:, 1]
    found = [p for s in TRAIN for _, _, p in tiny_model.cue_scores(s.text)]
    np.testing.assert_allclose(found, expected, rtol=1e-6)


def test_model_survives_a_tsv_round_trip(tiny_model: UncertaintyModel, tmp_path: Path) -> None:
    from features._lexicons import read_table_file

    path = tmp_path / "model.tsv"
    tiny_model.to_tsv(path, ["a header"])
    restored = UncertaintyModel.from_rows(read_table_file(path), str(path))
    assert restored == tiny_model


def test_model_file_without_a_threshold_is_rejected() -> None:
    rows = [{"feature": ":intercept", "weight": "0.1"}, {"feature": "w=may", "weight": "1"}]
    with pytest.raises(ValueError, match=r"x\.tsv: not an uncertainty model .*threshold"):
        UncertaintyModel.from_rows(rows, "x.tsv")


def test_candidates_are_words_of_gold_cues(tiny_model: UncertaintyModel) -> None:
    assert tiny_model.candidates == {"may", "suggest"}


def test_tokenize_keeps_tokens_and_lower_cased_words_aligned() -> None:
    assert tokenize("May and/or MIGHT, won't") == (
        ["May", "and/or", "MIGHT", "won't"],
        ["may", "and/or", "might", "won't"],
    )


def test_split_documents_is_deterministic_and_keeps_documents_whole() -> None:
    sentences = [LabelledSentence(f"doc{i % 20}", f"s{i}", False) for i in range(100)]
    parts = split_documents(sentences, seed=7)
    assert parts == split_documents(sentences, seed=7)
    docs = {name: {s.doc_id for s in part} for name, part in parts.items()}
    assert docs["fit"].isdisjoint(docs["tune"])
    assert docs["fit"].isdisjoint(docs["holdout"])
    assert docs["tune"].isdisjoint(docs["holdout"])
    assert (len(docs["holdout"]), len(docs["tune"]), len(docs["fit"])) == (4, 4, 12)
    assert sum(map(len, parts.values())) == len(sentences)


def test_shipped_model_records_its_training() -> None:
    model = load_uncertainty_model()
    assert 0.0 < model.threshold < 1.0
    assert {"may", "might", "whether", "if"} <= model.candidates
    assert {f"sha256:{c}/development.jsonl" for c in CORPORA} <= model.settings.keys()


def test_read_corpus_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"doc_id": "d", "text": "x", "uncertain": false}\n{"text": 1}\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: not a labelled sentence"):
        read_corpus(path)


@pytest.mark.parametrize(("corpus", "target"), [(CORPORA[0], 0.82), (CORPORA[1], 0.88)])
def test_shipped_model_meets_the_issue_target_on_held_out_documents(
    data_dir: Path, corpus: str, target: float
) -> None:
    holdout = split_documents(read_corpus(data_dir / corpus / "development.jsonl"))["holdout"]
    tp = sum(is_uncertain(s.text) and s.uncertain for s in holdout)
    fp = sum(is_uncertain(s.text) and not s.uncertain for s in holdout)
    fn = sum(s.uncertain and not is_uncertain(s.text) for s in holdout)
    assert 2 * tp / (2 * tp + fp + fn) >= target


def test_train_uncertainty_rebuilds_the_shipped_model(data_dir: Path) -> None:
    from features._uncertainty import train_uncertainty

    rebuilt, report = train_uncertainty(data_dir)
    shipped = load_uncertainty_model()
    assert (rebuilt.candidates, rebuilt.threshold) == (shipped.candidates, shipped.threshold)
    assert rebuilt.settings == shipped.settings
    assert rebuilt.weights.keys() == shipped.weights.keys()
    names = sorted(shipped.weights)
    np.testing.assert_allclose(
        [rebuilt.weights[n] for n in names], [shipped.weights[n] for n in names], rtol=1e-6
    )
    assert report["C"] == float(shipped.settings["C"])
