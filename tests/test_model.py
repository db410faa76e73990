"""Behaviour of CredibilityModel on a tiny synthetic feature set."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import FeatureUnion

from reliability._model import CALIBRATION_METHODS, CredibilityModel, band_for, read_priors
from reliability._outlets import OUTLET_FEATURES, DomainRatings
from reliability._records import Source, Span, Statement

FAKE_COLUMNS = (
    "source_type_politician",
    "source_type_expert",
    "source_type_narrator",
    "hedge_count",
    "corroboration_supporters",
    "noise",
)
PRIORS = {"source_type_narrator": 0.5, "hedge_count": -0.2, "corroboration_supporters": 0.35}
LEARNED = ["source_type_politician", "source_type_expert", "noise"]


class FakeFeatures(TransformerMixin, BaseEstimator):
    """Reads fixed columns from a statement's doc_id: ``type|hedges|supporters|noise``."""

    def fit(self, X, y=None):
        self.n_features_out_ = len(FAKE_COLUMNS)
        return self

    def transform(self, X):
        rows = []
        for s in X:
            kind, hedges, supporters, noise = s.doc_id.split("|")
            rows.append(
                [
                    kind == "politician",
                    kind == "expert",
                    kind == "narrator",
                    int(hedges),
                    int(supporters),
                    float(noise),
                ]
            )
        return np.asarray(rows, dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FAKE_COLUMNS, dtype=object)


def make_statement(
    kind: str, hedges: int = 0, supporters: int = 0, noise: float = 0.0
) -> Statement:
    text = "The bridge was closed."
    source = None if kind == "narrator" else Source("someone", 0, 0, kind)
    return Statement(
        doc_id=f"{kind}|{hedges}|{supporters}|{noise}",
        statement_id=0,
        start=0,
        end=len(text),
        text=text,
        content=Span(text, 0, len(text)),
        source=source,
    )


@pytest.fixture(scope="module")
def data() -> tuple[list[Statement], np.ndarray]:
    """400 statements; experts are right more often than politicians."""
    rng = np.random.default_rng(0)
    statements, y = [], []
    for _ in range(400):
        kind = "expert" if rng.random() < 0.5 else "politician"
        p = 0.8 if kind == "expert" else 0.35
        statements.append(
            make_statement(
                kind, int(rng.integers(0, 3)), int(rng.integers(0, 2)), round(rng.normal(), 3)
            )
        )
        y.append(int(rng.random() < p))
    return statements, np.array(y)


@pytest.fixture(scope="module")
def model(data) -> CredibilityModel:
    statements, y = data
    return CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=PRIORS).fit(
        statements, y
    )


def test_predict_proba_is_a_probability_per_statement(model, data):
    proba = model.predict_proba(data[0])
    assert proba.shape == (400, 2)
    assert ((proba >= 0) & (proba <= 1)).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_learned_effects_have_the_sign_in_the_data(model):
    assert model.coef_["source_type_expert"] > 0 > model.coef_["source_type_politician"]
    assert model.learned_ == tuple(LEARNED)
    assert model.priors_ == PRIORS


def test_learned_logit_equals_the_sklearn_calibrator(data):
    statements, y = data
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors={}).fit(statements, y)
    X = model.transform_features(statements)[LEARNED].to_numpy()
    np.testing.assert_allclose(
        model.predict_proba(statements)[:, 1], model.calibrator_.predict_proba(X)[:, 1], atol=1e-10
    )


def test_prior_shift_is_added_to_the_calibrated_logit(model):
    plain = model.decision_function([make_statement("expert")])[0]
    hedged = model.decision_function([make_statement("expert", hedges=2)])[0]
    assert hedged - plain == pytest.approx(2 * PRIORS["hedge_count"])


def test_reasons_sum_exactly_to_logit_minus_baseline(model, data):
    statements = [*data[0][:50], make_statement("narrator", 3, 1, 0.5)]
    logits = model.decision_function(statements)
    for logit, reasons in zip(logits, model.explain(statements), strict=True):
        assert math.fsum(r.effect for r in reasons) == pytest.approx(
            logit - model.baseline_logit_, abs=1e-9
        )


def test_reasons_are_sorted_by_size_and_omit_zeros(model):
    reasons = model.explain([make_statement("narrator", hedges=1)])[0]
    sizes = [abs(r.effect) for r in reasons]
    assert sizes == sorted(sizes, reverse=True)
    assert all(r.effect != 0 for r in reasons)
    assert {"source_type_narrator", "hedge_count"} <= {r.feature for r in reasons}
    assert "corroboration_supporters" not in {r.feature for r in reasons}


def test_prior_effect_is_shift_times_value(model):
    reasons = {r.feature: r.effect for r in model.explain([make_statement("expert", hedges=3)])[0]}
    assert reasons["hedge_count"] == pytest.approx(3 * PRIORS["hedge_count"])


@pytest.mark.parametrize("kind", ["expert", "politician", "narrator"])
def test_more_hedges_never_raise_credibility(model, kind):
    probs = model.predict_proba([make_statement(kind, hedges=h) for h in range(6)])[:, 1]
    assert (np.diff(probs) <= 0).all()


@pytest.mark.parametrize("kind", ["expert", "politician", "narrator"])
def test_more_supporters_never_lower_credibility(model, kind):
    probs = model.predict_proba([make_statement(kind, supporters=n) for n in range(6)])[:, 1]
    assert (np.diff(probs) >= 0).all()


@pytest.mark.parametrize(
    ("feature", "sign"),
    [
        ("source_type_narrator", 1),
        ("source_type_separatist_or_militant", -1),
        ("source_type_state_media", -1),
        ("source_type_anonymous", -1),
        ("channel_type_social_media", -1),
        ("disclaimer_covered", -1),
        ("cue_distancing", -1),
        ("author_uncommitted", -1),
        ("hedge_count", -1),
        ("conditional_count", -1),
        ("scare_quote_count", -1),
        ("corroboration_supporters", 1),
        ("corroboration_deniers", -1),
        ("corroboration_subject_denial", -1),
        ("corroboration_narrator_confirms", 1),
        ("outlet_rating", 1),
        ("cited_outlet_rating", 1),
    ],
)
def test_shipped_priors_have_the_documented_sign(feature, sign):
    priors = {p.feature: p for p in read_priors()}
    assert np.sign(priors[feature].shift) == sign
    assert priors[feature].evidence


def test_score_gives_features_rounded_credibility_band_and_reasons(model):
    statement = make_statement("narrator", hedges=1)
    scored = model.score([statement])[0]
    assert scored.statement is statement
    assert set(scored.features) == {*FAKE_COLUMNS, *OUTLET_FEATURES}
    assert scored.features["hedge_count"] == 1.0
    assert scored.credibility == round(float(model.predict_proba([statement])[0, 1]), 4)
    assert scored.band == band_for(scored.credibility)
    assert scored.reasons == tuple(model.explain([statement])[0])
    assert scored.to_dict()["reasons"][0]["feature"] == scored.reasons[0].feature


@pytest.mark.parametrize(
    ("credibility", "band"),
    [
        (0.0, "low"),
        (0.3999, "low"),
        (0.4, "uncertain"),
        (0.5999, "uncertain"),
        (0.6, "high"),
        (1.0, "high"),
    ],
)
def test_band_limits_are_low_below_04_high_from_06(credibility, band):
    assert band_for(credibility) == band


def test_thresholds_parameter_moves_the_bands(model, data):
    custom = clone(model).set_params(thresholds=(0.0, 0.01)).fit(*data)
    assert {s.band for s in custom.score(data[0][:20])} == {"high"}


def test_fit_is_deterministic_and_pickles(model, data):
    again = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=PRIORS).fit(*data)
    assert pickle.dumps(again) == pickle.dumps(model)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict_proba(data[0]), model.predict_proba(data[0]))


def test_clone_keeps_params(model):
    assert clone(model).get_params()["priors"] == PRIORS
    assert clone(model).get_params()["learned"] == LEARNED


def test_predict_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError, match="CredibilityModel"):
        CredibilityModel(features=FakeFeatures()).predict_proba([make_statement("expert")])


def test_bare_string_is_rejected(model):
    with pytest.raises(TypeError, match="sequence of Statement"):
        model.predict_proba("The bridge was closed.")


def test_prior_of_a_learned_feature_is_unused_while_the_feature_is_learned(data):
    priors = {**PRIORS, "source_type_expert": 0.4}
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=priors).fit(*data)
    assert "source_type_expert" in model.learned_
    assert "source_type_expert" not in model.priors_


def test_prior_of_a_dropped_learned_feature_applies_instead(data):
    priors = {**PRIORS, "source_type_expert": -0.4}
    model = CredibilityModel(
        features=FakeFeatures(), learned=LEARNED, priors=priors, monotone={"source_type_expert": -1}
    ).fit(*data)
    assert model.dropped_ == ("source_type_expert",)
    assert model.priors_["source_type_expert"] == -0.4


def test_unknown_prior_feature_names_the_available_ones(data):
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors={"hedges": -1.0})
    with pytest.raises(ValueError, match=r"prior feature 'hedges' is not produced.*hedge_count"):
        model.fit(*data)


def test_default_priors_come_from_the_shipped_table(data):
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED).fit(*data)
    shipped = {p.feature: p.shift for p in read_priors()}
    columns = (*FAKE_COLUMNS, *OUTLET_FEATURES)
    assert model.priors_ == {f: shipped[f] for f in columns if f in shipped}


def test_default_learned_is_every_column_without_a_prior(data):
    model = CredibilityModel(features=FakeFeatures(), priors=PRIORS).fit(*data)
    assert model.learned_ == (*LEARNED, *OUTLET_FEATURES)


def test_monotone_drops_a_learned_feature_with_the_wrong_sign(data):
    model = CredibilityModel(
        features=FakeFeatures(), learned=LEARNED, priors=PRIORS, monotone={"source_type_expert": -1}
    ).fit(*data)
    assert model.dropped_ == ("source_type_expert",)
    assert "source_type_expert" not in model.coef_


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"calibration": "platt"}, "'calibration' must be in"),
        ({"cv": 1}, "'cv' must be an integer >= 2"),
        ({"C": 0}, "'C' must be a positive number"),
        ({"thresholds": (0.7, 0.2)}, "'thresholds' must satisfy"),
    ],
)
def test_bad_params_are_rejected_at_fit(data, params, match):
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=PRIORS, **params)
    with pytest.raises(ValueError, match=match):
        model.fit(*data)


def test_labels_must_be_binary(data):
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=PRIORS)
    with pytest.raises(ValueError, match="only 0/1"):
        model.fit(data[0], np.full(len(data[0]), 2))


def test_pandas_output_of_the_features_is_accepted(data):
    features = FakeFeatures().set_output(transform="pandas")
    model = CredibilityModel(features=features, learned=LEARNED, priors=PRIORS).fit(*data)
    frame = model.transform_features(data[0][:3])
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [*FAKE_COLUMNS, *OUTLET_FEATURES]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("feature\tshift\tevidence\nhedge_count\tlots\tx\n", "non-numeric shift"),
        ("feature\tshift\tevidence\nhedge_count\t-0.2\t\n", "has no 'evidence'"),
        ("feature\tshift\tevidence\nhedge_count\t-0.2\tx\nhedge_count\t-0.1\tx\n", "listed twice"),
    ],
)
def test_bad_priors_table_is_rejected_with_the_file_name(tmp_path, text, match):
    path = tmp_path / "priors.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=match) as info:
        read_priors(path)
    assert str(path) in str(info.value)


def test_priors_table_from_a_file_is_read_in_order(tmp_path):
    path = tmp_path / "priors.tsv"
    path.write_text("# evidence comment\nfeature\tshift\tevidence\nhedge_count\t-0.2\tmeasured\n")
    assert [(p.feature, p.shift, p.evidence) for p in read_priors(path)] == [
        ("hedge_count", -0.2, "measured")
    ]


@pytest.mark.parametrize("method", CALIBRATION_METHODS)
def test_reasons_sum_to_the_logit_whatever_the_calibration(data, method):
    model = CredibilityModel(
        features=FakeFeatures(), learned=LEARNED, priors=PRIORS, calibration=method
    ).fit(*data)
    statements = data[0][:40]
    for logit, reasons in zip(
        model.decision_function(statements), model.explain(statements), strict=True
    ):
        assert math.fsum(r.effect for r in reasons) == pytest.approx(
            logit - model.baseline_logit_, abs=1e-9
        )


def test_auto_calibration_picks_the_method_with_the_lowest_nested_brier(data):
    model = CredibilityModel(
        features=FakeFeatures(), learned=LEARNED, priors=PRIORS, calibration="auto"
    ).fit(*data)
    scores = model.calibration_scores_
    assert set(scores) == set(CALIBRATION_METHODS)
    assert scores[model.calibration_] == min(scores.values())


def test_calibration_folds_never_split_a_group(data):
    y = data[1]
    groups = np.arange(len(y)) // 7
    model = CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=PRIORS)
    folds = model._splits(y, groups)
    for _, test in folds:
        inside = set(groups[test].tolist())
        outside = set(np.delete(groups, test).tolist())
        assert not inside & outside


def test_known_feature_values_replace_extracted_ones(model):
    statement = make_statement("expert")
    hedged = model.decision_function([statement], feature_values={"hedge_count": [2.0]})[0]
    plain = model.decision_function([statement])[0]
    assert hedged - plain == pytest.approx(2 * PRIORS["hedge_count"])


def test_a_better_rated_publisher_never_lowers_credibility(data):
    statements, y = data
    ratings = DomainRatings({"good.com": 0.95, "mid.com": 0.6, "bad.com": 0.1})
    rng = np.random.default_rng(1)
    outlets = [
        ("good.com" if label else "bad.com") if rng.random() < 0.6 else "mid.com" for label in y
    ]
    model = CredibilityModel(
        features=FakeFeatures(),
        learned=[*LEARNED, "outlet_rating"],
        priors=PRIORS,
        monotone={"outlet_rating": 1},
    ).fit(statements, y, outlets=outlets, ratings=ratings)
    statement = make_statement("expert")
    probs = [
        model.predict_proba([statement], outlets=[o], ratings=ratings)[0, 1]
        for o in ("bad.com", "unrated.org", "mid.com", "good.com")
    ]
    assert probs == sorted(probs)


def test_without_ratings_the_publisher_counts_as_the_average_training_publisher(data):
    statements, y = data
    ratings = DomainRatings({"good.com": 0.95, "mid.com": 0.6, "bad.com": 0.1})
    outlets = ["good.com" if label else "bad.com" for label in y]
    model = CredibilityModel(
        features=FakeFeatures(), learned=[*LEARNED, "outlet_rating"], priors=PRIORS
    ).fit(statements, y, outlets=outlets, ratings=ratings)
    assert model.outlet_mean_ == pytest.approx(np.mean([ratings.gap(o) for o in outlets]))
    statement = make_statement("expert")
    unrated = model.predict_proba([statement], outlets=["unrated.org"], ratings=ratings)[0, 1]
    bad = model.predict_proba([statement], outlets=["bad.com"], ratings=ratings)[0, 1]
    good = model.predict_proba([statement], outlets=["good.com"], ratings=ratings)[0, 1]
    without = model.predict_proba([statement])[0, 1]
    assert bad < unrated < without < good
    (reasons,) = model.explain([statement])
    assert "outlet_rating" not in {r.feature for r in reasons}


def test_a_feature_union_scores_like_its_own_transform(data):
    union = FeatureUnion([("fake", FakeFeatures())], verbose_feature_names_out=False)
    model = CredibilityModel(features=union, learned=LEARNED, priors=PRIORS).fit(*data)
    frame = model.transform_features(data[0][:5])
    expected = model.features_.transform(data[0][:5])
    np.testing.assert_array_equal(frame[list(FAKE_COLUMNS)].to_numpy(), expected)
