"""The learned attribution-cue detector, on documents written here."""

from __future__ import annotations

import pytest

from reliability._cues import CueDetector, cue_document
from reliability._segment import split_sentences

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
    names = list(detector.weights_)
    assert names == sorted(names)
    assert "w=said" in names
    assert "p=mayor" not in names  # seen once: it weighs nothing


def test_quotation_flags_close_at_a_paragraph_break() -> None:
    text = '"The bridge is closed\n\nThe mayor said so.'
    doc = cue_document(text, split_sentences(text))
    assert doc.quoted[doc.words.index("bridge")]
    assert not doc.quoted[doc.words.index("mayor")]


def test_threshold_outside_the_unit_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        CueDetector(threshold=1.5).fit(*_labelled(TRAINING))
