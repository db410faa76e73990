"""The learned fallback of source_type: features and the SourceTypeClassifier contract."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from features._gazetteer import _default_gazetteer
from features._lexicons import read_table
from features._source_type import MENTION_TYPES, WEIGHTS_FILE, _reader, _rule_reading
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


def test_mention_features_turn_rule_evidence_into_features():
    features = mention_features("Okafor", "Okafor said.", ("final=None", "ctx=politician"))
    assert features["rule:final=None"] == 1.0
    assert features["rule:ctx=politician"] == 1.0


def test_mention_features_skip_function_words_around_the_mention():
    features = mention_features("Okafor", "Then Okafor told the crowd at a rally.")
    assert "after=the" not in features
    assert "after=a" not in features
    assert features["after=crowd"] == 1.0
    assert features["next=told"] == 1.0


def test_classifier_learns_from_rule_evidence_triples():
    X3 = [("Ames", "Ames said.", ("ctx=expert",)), ("Bell", "Bell said.", ("ctx=witness",))] * 3
    clf = SourceTypeClassifier(C=10.0).fit(X3, ["expert", "witness"] * 3)
    assert clf.predict([("Cole", "Cole said.", ("ctx=witness",))]).tolist() == ["witness"]


def test_weight_table_round_trip_gives_same_probabilities():
    clf = SourceTypeClassifier().fit(X, Y)
    rows = clf.to_table(digits=6)
    again = SourceTypeClassifier.from_table([dict(zip(rows[0], r, strict=True)) for r in rows[1:]])
    assert again.classes_.tolist() == clf.classes_.tolist()
    np.testing.assert_allclose(again.predict_proba(X), clf.predict_proba(X), atol=1e-5)


def test_weight_table_drops_features_no_class_weighs():
    clf = SourceTypeClassifier().fit(X, Y)
    assert len(clf.to_table(min_weight=100.0)) == 2  # header and intercept only


def test_weight_table_must_start_with_the_intercept():
    with pytest.raises(ValueError, match="must start with the row '\\(intercept\\)'"):
        SourceTypeClassifier.from_table([{"feature": "w=jones", "politician": "1.0"}])


def test_proba_one_matches_predict_proba():
    clf = SourceTypeClassifier().fit(X, Y)
    np.testing.assert_allclose(
        clf.proba_one("Brown", "Brown told a rally."),
        clf.predict_proba([("Brown", "Brown told a rally.")])[0],
    )


def test_min_df_drops_rare_features():
    clf = SourceTypeClassifier(min_df=2).fit(X, Y)
    assert "w=jones" not in clf.vocabulary_  # seen once
    assert "after=rally" in clf.vocabulary_  # seen twice
    with pytest.raises(ValueError, match="'min_df' must be a positive int"):
        SourceTypeClassifier(min_df=0).fit(X, Y)


def test_shipped_reader_is_a_small_table_over_the_mention_types():
    reader = _reader()
    assert set(reader.classes_) <= set(MENTION_TYPES)
    assert len(read_table(WEIGHTS_FILE)) == len(reader.vocabulary_) + 1
    assert 100 < len(reader.vocabulary_) < 5000
    assert any(name.startswith("rule:") for name in reader.vocabulary_)


def test_the_reader_sees_the_words_around_a_bare_names_first_mention():
    document = "Oliver Quill, who appraises golf courses for a brokerage, spoke first. Later, "
    _, evidence = _rule_reading("Mr. Quill", "Mr. Quill said so.", _default_gazetteer(), document)
    assert {"near=appraises", "near=golf", "near=brokerage"} <= set(evidence)
    _, evidence = _rule_reading("Mr. Quill", "Mr. Quill said so.", _default_gazetteer(), "")
    assert not any(e.startswith("near=") for e in evidence)
