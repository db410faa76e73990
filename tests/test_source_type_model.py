"""The learned fallback of source_type: features and the SourceTypeClassifier contract."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from features._source_type_model import SourceTypeClassifier, mention_features

X = [
    ("Jones", "Jones told supporters at a rally."),
    ("Smith", "Smith wrote in a column."),
    ("Lee", "Lee told a rally of supporters."),
    ("Park", "Park wrote in her column."),
    "the economists",
]
Y = ["politician", "news_outlet", "politician", "news_outlet", "expert"]


def test_mention_features_read_words_head_shape_and_sentence():
    features = mention_features("Mr. Okafor", "Later Mr. Okafor told a rally.")
    assert features["w=okafor"] == 1.0
    assert features["head=okafor"] == 1.0
    assert features["shape=name"] == 1.0
    assert features["shape=honorific"] == 1.0
    assert features["next=told"] == 1.0
    assert features["before=later"] == 1.0
    assert "after=rally" in features


def test_mention_features_of_a_plural_noun_without_context():
    features = mention_features("the pediatricians")
    assert features["head=pediatricians"] == 1.0
    assert features["suf=ans"] == 1.0
    assert features["shape=plural"] == 1.0
    assert not any(f.startswith(("before=", "after=")) for f in features)


def test_classifier_learns_sentence_cues():
    clf = SourceTypeClassifier().fit(X, Y)
    assert clf.predict([("Brown", "Brown wrote in a column.")]).tolist() == ["news_outlet"]
    proba = clf.predict_proba([("Brown", "Brown told a rally.")])
    assert proba.shape == (1, 3)
    assert np.isclose(proba.sum(), 1.0)
    assert clf.classes_.tolist() == ["expert", "news_outlet", "politician"]


def test_clone_has_same_params():
    clf = SourceTypeClassifier(C=0.5)
    assert clone(clf).get_params() == clf.get_params()


def test_fit_returns_self():
    clf = SourceTypeClassifier()
    assert clf.fit(X, Y) is clf


def test_predict_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError, match="SourceTypeClassifier"):
        SourceTypeClassifier().predict(X)


def test_pickle_round_trip_gives_same_probabilities():
    clf = SourceTypeClassifier().fit(X, Y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(X), clf.predict_proba(X))


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("Jones said", TypeError, "got a single str"),
        ([("Jones",)], TypeError, "item 0 is"),
    ],
)
def test_fit_rejects_bad_input(bad, error, message):
    with pytest.raises(error, match=message):
        SourceTypeClassifier().fit(bad, ["politician"])


def test_fit_rejects_bad_params_and_lengths():
    with pytest.raises(ValueError, match="'C' must be a positive number"):
        SourceTypeClassifier(C=0).fit(X, Y)
    with pytest.raises(ValueError, match="X has 5 items but y has 1"):
        SourceTypeClassifier().fit(X, ["politician"])


def test_tags_declare_string_input():
    tags = SourceTypeClassifier().__sklearn_tags__()
    assert tags.input_tags.string
    assert not tags.input_tags.two_d_array
