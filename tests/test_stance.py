"""Stance of a text towards a claim: features, the two-stage classifier, the FNC-1 split."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from features._stance import (
    SENTENCE_FEATURE_NAMES,
    STANCES,
    StanceClassifier,
    StanceFeatures,
    check_pairs,
)
from reliability._stance import load_stance_model, stance
from reliability._train_stance import (
    claim_folds,
    fnc1_dev_split,
    fnc_score,
    rebalance_unrelated,
    stance_metrics,
)

CLAIM = "A dam collapsed near Kherson"
PAIRS = [
    (CLAIM, "The dam near Kherson collapsed overnight, officials confirmed."),
    (CLAIM, "Officials denied that the dam near Kherson collapsed; the story is a hoax."),
    (CLAIM, "Reports claim the dam near Kherson may have collapsed, but this is unverified."),
    (CLAIM, "The city council approved a new budget for public schools on Monday."),
]
LABELS = ["agree", "disagree", "discuss", "unrelated"]


@pytest.fixture(scope="module")
def toy_model() -> StanceClassifier:
    return StanceClassifier(random_state=0).fit(PAIRS * 5, LABELS * 5)


@parametrize_with_checks([StanceFeatures()])
def test_sklearn_estimator_checks(estimator, check) -> None:
    check(estimator)


def test_features_contract_clone_fit_names_pandas_pickle() -> None:
    features = StanceFeatures()
    assert clone(features).get_params() == features.get_params()
    with pytest.raises(NotFittedError, match="StanceFeatures"):
        clone(features).transform(PAIRS)
    assert features.fit(PAIRS) is features
    out = features.transform(PAIRS)
    names = features.get_feature_names_out()
    assert out.shape == (len(PAIRS), len(names))
    frame = clone(features).set_output(transform="pandas").fit(PAIRS).transform(PAIRS)
    assert list(frame.columns) == list(names)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(features)).transform(PAIRS), out)


def test_refuting_words_near_the_claim_are_counted_only_for_the_denial() -> None:
    features = StanceFeatures().set_output(transform="pandas").fit(PAIRS)
    frame = features.transform(PAIRS)
    assert frame["stance_near_refuting"].tolist()[:2] == [0.0, 2.0]
    assert frame["stance_overlap"].iloc[0] > frame["stance_overlap"].iloc[3]
    assert frame["stance_cosine"].iloc[0] > frame["stance_cosine"].iloc[3]


def test_sentence_features_read_the_words_of_the_sentences_that_repeat_the_claim() -> None:
    text = (
        "Heavy rain fell across the region on Sunday. "
        "The mayor opened a new library. "
        "Engineers denied that the dam near Kherson collapsed, calling it a hoax. "
        "Schools will reopen next week."
    )
    features = StanceFeatures().fit(PAIRS)
    rows = features.transform_sentences([(CLAIM, text), (CLAIM, text.replace("denied", "said"))])
    assert rows.shape == (2, len(SENTENCE_FEATURE_NAMES))
    row = dict(zip(SENTENCE_FEATURE_NAMES, rows[0], strict=True))
    assert row["sentence_best_position"] == pytest.approx(2 / 3)
    assert row["sentence_match_count"] == 1.0
    assert row["sentence_top_refuting"] == 2.0  # "denied", "hoax"
    assert rows[1, SENTENCE_FEATURE_NAMES.index("sentence_top_refuting")] == 1.0
    assert features.transform_sentences([]).shape == (0, len(SENTENCE_FEATURE_NAMES))


def test_unseen_words_still_count_in_the_cosine() -> None:
    features = StanceFeatures().fit([("apple pie", "apple pie recipe")])
    row = features.transform([("Zelenskyy visited Bakhmut", "Zelenskyy visited Bakhmut today")])
    assert row[0, 0] > 0.5


def test_pairs_accept_arrays_and_frames() -> None:
    frame = pd.DataFrame(PAIRS, columns=["claim", "text"])
    assert check_pairs(frame, "X") == PAIRS
    assert check_pairs(np.asarray(PAIRS, dtype=object), "X") == PAIRS


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("a claim", TypeError, "got a single str"),
        (["a claim"], TypeError, "got str at position 0"),
        ([("a", 1)], TypeError, "got str, int at position 0"),
        (pd.DataFrame({"a": ["x"]}), ValueError, "two columns"),
    ],
)
def test_bad_pairs_are_rejected_with_what_was_expected(bad, error, message) -> None:
    with pytest.raises(error, match=message):
        check_pairs(bad, "StanceFeatures")


def test_classifier_predicts_stances_with_probabilities_summing_to_one(toy_model) -> None:
    proba = toy_model.predict_proba(PAIRS)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(toy_model.classes_) == list(STANCES)
    assert set(toy_model.predict(PAIRS)) <= set(STANCES)


def test_classifier_pickles_to_the_same_predictions(toy_model) -> None:
    again = pickle.loads(pickle.dumps(toy_model))
    np.testing.assert_array_equal(again.predict_proba(PAIRS), toy_model.predict_proba(PAIRS))


def test_classifier_rejects_unknown_labels() -> None:
    with pytest.raises(ValueError, match=r"labels must be in .* \(got \['for'\]\)"):
        StanceClassifier().fit(PAIRS, ["agree", "disagree", "discuss", "for"])


def test_stance_broadcasts_one_claim_and_uses_a_given_model(toy_model) -> None:
    texts = [text for _, text in PAIRS]
    assert stance(CLAIM, texts, model=toy_model) == list(toy_model.predict(PAIRS))
    assert stance(CLAIM, texts, model=toy_model, batch_size=1) == stance(
        CLAIM, texts, model=toy_model
    )
    assert stance([], [], model=toy_model) == []


def test_stance_rejects_a_bare_text_and_unequal_lengths(toy_model) -> None:
    with pytest.raises(TypeError, match="got a single str"):
        stance(CLAIM, "one text", model=toy_model)
    with pytest.raises(ValueError, match="as many claims as texts"):
        stance([CLAIM, CLAIM], ["one text"], model=toy_model)


def test_shipped_model_tells_unrelated_and_related_texts_apart() -> None:
    labels = stance(
        ["Police arrest man who stole a famous painting from the city museum"] * 2,
        [
            "Police arrested a man who stole the famous painting from the city museum, "
            "officials confirmed on Friday.",
            "Heavy rain is expected across the region this weekend, forecasters said.",
        ],
    )
    assert labels[0] in {"agree", "discuss"}
    assert labels[1] == "unrelated"


def test_shipped_model_passes_its_manifest_check() -> None:
    assert isinstance(load_stance_model(), StanceClassifier)


def test_fnc_score_weights_related_pairs() -> None:
    assert fnc_score(["agree", "unrelated"], ["agree", "unrelated"]) == 1.0
    # agree read as discuss earns 0.25 of 1.0; the unrelated pair its 0.25 of 0.25.
    assert fnc_score(["agree", "unrelated"], ["discuss", "unrelated"]) == pytest.approx(0.5 / 1.25)
    assert fnc_score(["agree"], ["unrelated"]) == 0.0


def test_metrics_report_every_class_f1() -> None:
    metrics = stance_metrics(LABELS, LABELS)
    assert metrics["macro_f1"] == 1.0
    assert {f"f1_{s}" for s in STANCES} <= set(metrics)


def _toy_fnc(n_claims: int = 10) -> pd.DataFrame:
    rows = []
    for c in range(n_claims):
        for h in range(2):
            for b in range(2):
                rows.append((f"claim {c} headline {h}", c * 10 + b, "discuss", f"body {c}.{b}"))
            rows.append((f"claim {c} headline {h}", ((c + 1) % n_claims) * 10, "unrelated", "x"))
    return pd.DataFrame(rows, columns=["Headline", "Body ID", "Stance", "articleBody"])


def test_dev_split_shares_no_headline_or_body_with_training() -> None:
    pairs = _toy_fnc()
    train, dev = fnc1_dev_split(pairs, random_state=0)
    assert dev.any()
    assert train.any()
    assert not set(pairs.loc[train, "Headline"]) & set(pairs.loc[dev, "Headline"])
    assert not set(pairs.loc[train, "Body ID"]) & set(pairs.loc[dev, "Body ID"])
    assert pairs.loc[dev, "Body ID"].nunique() == pytest.approx(0.2 * pairs["Body ID"].nunique())


def test_dev_split_is_seeded() -> None:
    pairs = _toy_fnc()
    first = fnc1_dev_split(pairs, random_state=3)
    np.testing.assert_array_equal(first[1], fnc1_dev_split(pairs, random_state=3)[1])


def test_claim_folds_hold_out_whole_claims_once_each() -> None:
    pairs = _toy_fnc()
    folds = claim_folds(pairs, n_folds=5, random_state=0)
    assert len(folds) == 5
    for train, test in folds:
        assert test.any()
        assert not set(pairs.loc[train, "Headline"]) & set(pairs.loc[test, "Headline"])
        assert not set(pairs.loc[train, "Body ID"]) & set(pairs.loc[test, "Body ID"])
    related = (pairs["Stance"] != "unrelated").to_numpy()
    held = np.sum([test for _, test in folds], axis=0)
    assert (held[related] == 1).all()


def test_word_model_learns_debunking_words_from_other_claims() -> None:
    topics = ["dam", "bridge", "tower", "ship", "plane", "train"]
    pairs, labels = [], []
    for topic in topics:
        claim = f"The {topic} collapsed"
        for text, label in (
            (f"The {topic} collapsed, officials confirmed.", "agree"),
            (f"The {topic} story is a hoax, officials said; it was fake.", "disagree"),
            (f"Reports say the {topic} may have collapsed.", "discuss"),
            ("Rain is expected this weekend.", "unrelated"),
        ):
            pairs.append((claim, text))
            labels.append(label)
    model = StanceClassifier().fit(pairs, labels)
    vectorizer = model.words_.estimator.steps[0][1]
    assert vectorizer.stop_words_ is None
    model.words_.proba(np.asarray(["The canal collapsed."], dtype=object), STANCES[:3])
    assert "_stop_words_id" not in vars(vectorizer)  # an id() differs from process to process
    texts = ["The canal story is a hoax; it was fake.", "The canal collapsed, officials confirmed."]
    p_disagree = model.words_.proba(np.asarray(texts, dtype=object), STANCES[:3])[:, 1]
    assert p_disagree[0] > p_disagree[1]


def test_claim_word_model_learns_headlines_that_refute_from_other_claims() -> None:
    pairs, labels = [], []
    for topic in ["dam", "bridge", "tower", "ship", "plane", "train"]:
        text = f"Officials spoke about the {topic} on Monday."
        for claim, label in (
            (f"The {topic} collapsed, officials confirm", "agree"),
            (f"Officials deny the {topic} collapsed", "disagree"),
            (f"The {topic} may have collapsed, reports say", "discuss"),
        ):
            pairs.append((claim, text))
            labels.append(label)
    model = StanceClassifier().fit(pairs, labels)
    claims = ["Officials deny the canal collapsed", "The canal collapsed, officials confirm"]
    p_disagree = model.claim_words_.proba(np.asarray(claims, dtype=object), STANCES[:3])[:, 1]
    assert p_disagree[0] > p_disagree[1]
    assert model.network_.classes_ == ["agree", "disagree", "discuss"]


def test_rebalancing_adds_only_pairs_of_other_claims() -> None:
    pairs = _toy_fnc()
    dev = pairs[pairs["Stance"] != "unrelated"].reset_index(drop=True)
    balanced = rebalance_unrelated(dev, 0.5, random_state=0)
    added = balanced.iloc[len(dev) :]
    assert (balanced["Stance"] == "unrelated").mean() == pytest.approx(0.5)
    own = {(h, b) for h, b in zip(dev["Headline"], dev["Body ID"], strict=True)}
    assert not own & set(zip(added["Headline"], added["Body ID"], strict=True))
    assert all(
        h.split()[1] != str(b // 10)
        for h, b in zip(added["Headline"], added["Body ID"], strict=True)
    )


def test_training_is_deterministic_on_real_pairs(data_dir) -> None:
    from reliability._train_stance import read_fnc1

    pairs = read_fnc1(data_dir).sample(n=600, random_state=0)
    X = list(zip(pairs["Headline"], pairs["articleBody"], strict=True))
    first = StanceClassifier(random_state=0).fit(X, pairs["Stance"])
    second = StanceClassifier(random_state=0).fit(X, pairs["Stance"])
    assert pickle.dumps(first) == pickle.dumps(second)


def test_training_without_the_data_names_the_missing_file(tmp_path) -> None:
    from reliability import ReliabilityError
    from reliability._train_stance import train_stance

    with pytest.raises(ReliabilityError, match=r"fnc1/train_stances\.csv: FNC-1 training file"):
        train_stance(tmp_path, tmp_path / "models")
    assert not (tmp_path / "models").exists()
