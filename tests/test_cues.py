"""The learned attribution-cue detector, on documents written here."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from reliability._attribution import token_words
from reliability._cues import CueDetector, _context_features, cue_document
from reliability._segment import split_sentences
from tests.strategies import news_like_text

TRAINING = [
    "The mayor said the bridge was closed. The report was long.",
    "Officials said the road was open. The claims were false.",
    "The army said the town fell. The report was short.",
    "Police said two men fled. The claims were old.",
]


def _labelled(texts: list[str]) -> tuple[list, list[list[bool]]]:
    docs = [cue_document(t, split_sentences(t)) for t in texts]
    return docs, [[w == "said" for w in doc.lower] for doc in docs]


@pytest.fixture(scope="module")
def detector() -> CueDetector:
    return CueDetector(C=10.0, min_feature_count=2).fit(*_labelled(TRAINING))


def test_detector_finds_the_cue_of_an_unseen_sentence(detector: CueDetector) -> None:
    text = "The governor said the dam held. The dam is old."
    doc = cue_document(text, split_sentences(text))
    assert [doc.words[i] for i in detector.find(doc)] == ["said"]


def test_weights_cover_only_features_seen_often_enough_in_sorted_order(
    detector: CueDetector,
) -> None:
    names = list(detector.columns_)
    assert names == sorted(names)
    assert "w=said" in names
    assert "p=mayor" not in names  # seen once: it weighs nothing
    assert detector.coef_.shape == (2, len(names) + 1)
    assert not detector.coef_[:, -1].any()  # the column of unknown features


def test_fitting_twice_gives_the_same_model() -> None:
    first = CueDetector(C=10.0).fit(*_labelled(TRAINING))
    second = CueDetector(C=10.0).fit(*_labelled(TRAINING))
    assert first.columns_ == second.columns_
    assert np.array_equal(first.coef_, second.coef_)
    assert np.array_equal(first.intercept_, second.intercept_)


def test_second_pass_sees_the_cue_before_and_what_stands_between() -> None:
    text = "The mayor said that police claimed it."
    doc = cue_document(text, split_sentences(text))
    said, claimed = doc.lower.index("said"), doc.lower.index("claimed")
    rows = _context_features(doc, [said, claimed], [0.95, 0.5])
    assert {"own=4", "before=0", "after=2"} <= set(rows[0])
    assert {"own=2", "before=4", "after=0", "that_between", "gap=3"} <= set(rows[1])
    assert "after_cue" not in rows[1]


def test_quotation_flags_close_at_a_paragraph_break() -> None:
    text = '"The bridge is closed\n\nThe mayor said so.'
    doc = cue_document(text, split_sentences(text))
    assert doc.quoted[doc.words.index("bridge")]
    assert not doc.quoted[doc.words.index("mayor")]


@given(news_like_text)
def test_quotation_flags_agree_with_reading_the_tokens_one_by_one(text: str) -> None:
    sentences = split_sentences(text)
    doc = cue_document(text, sentences)
    words, starts, _ = token_words(text)
    expected, inside = [], False
    paragraph = sentences[0].paragraph if sentences else 0
    for word, start in zip(words, starts, strict=True):
        here = max(
            [s for s in sentences if s.start <= start] or sentences[:1], key=lambda s: s.start
        )
        if here.paragraph != paragraph:
            paragraph, inside = here.paragraph, False
        if word in '"“”':
            inside = word == "“" or (word == '"' and not inside)
            expected.append(False)
        else:
            expected.append(inside)
    assert list(doc.quoted) == expected


def test_threshold_outside_the_unit_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        CueDetector(threshold=1.5).fit(*_labelled(TRAINING))


def test_fewer_than_two_folds_are_refused() -> None:
    with pytest.raises(ValueError, match="folds"):
        CueDetector(folds=1).fit(*_labelled(TRAINING))
