"""The claims model: input checks, calibration, exact reasons, the shipped model, LIAR."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from reliability._calibration import (
    expected_calibration_error,
    plot_reliability_diagram,
    reliability_diagram_table,
)
from reliability._claims import (
    PRIOR_COLUMNS,
    RULINGS,
    ClaimsFeatures,
    ClaimsModel,
    check_claims,
    score_claims,
)
from reliability._exceptions import SchemaError
from reliability._loading import load_model
from reliability._records import Reason

# Accurate claims cite a report; inaccurate ones are sweeping. Each ruling gets 12 rows,
# so the held-out half has the 5 claims per class that calibration needs.
ACCURATE = [
    "The census report shows the state added 12,000 jobs last year.",
    "According to the budget office, spending rose 3 percent in 2015.",
    "The county audit found 40 schools over capacity.",
    "Federal data show unemployment fell to 5 percent in March.",
]
INACCURATE = [
    "Everyone knows the governor destroyed every job in the state.",
    "Obamacare will bankrupt every family in America overnight.",
    "Illegal immigrants commit most crimes in every city.",
    "The senator never voted for a single tax cut, ever.",
]


def claims_frame(n_per_ruling: int = 12) -> tuple[pd.DataFrame, list[str]]:
    """Claims whose text, party and record all point the same way as their ruling."""
    rows, rulings = [], []
    for r, ruling in enumerate(RULINGS):
        accurate = r >= 3
        texts = ACCURATE if accurate else INACCURATE
        for i in range(n_per_ruling):
            rows.append(
                {
                    "text": texts[i % len(texts)],
                    "speaker": f"speaker-{r}-{i % 3}",
                    "speaker_title": "State senator" if accurate else "Talk show host",
                    "party": "green" if accurate else "purple",
                    "state": "Ohio",
                    "venue": "a press release" if accurate else "a tweet",
                    "prior_pants_fire": 0 if accurate else 3,
                    "prior_false": i % 2 if accurate else 4,
                    "prior_barely_true": 1,
                    "prior_half_true": 4 if accurate else 1,
                    "prior_mostly_true": 3 if accurate else 0,
                }
            )
            rulings.append(ruling)
    return pd.DataFrame(rows), rulings


def small_features() -> ClaimsFeatures:
    return ClaimsFeatures(min_df=1, char_min_df=1, category_min_count=1, speaker_min_count=1)


@pytest.fixture(scope="module")
def fitted() -> ClaimsModel:
    frame, rulings = claims_frame()
    return ClaimsModel(features=small_features(), calibration_size=0.5, C=1.0).fit(frame, rulings)


# -- input checks ----------------------------------------------------------------


def test_check_claims_fills_optional_columns_with_empty_and_zero() -> None:
    out = check_claims(pd.DataFrame({"text": ["Taxes doubled."], "party": [None]}))
    assert out.loc[0, "party"] == ""
    assert out.loc[0, "venue"] == ""
    assert [out.loc[0, c] for c in PRIOR_COLUMNS] == [0] * 6


def test_missing_text_column_raises_schema_error_naming_it() -> None:
    with pytest.raises(SchemaError, match="missing required column 'text'") as info:
        check_claims(pd.DataFrame({"statement": ["Taxes doubled."]}))
    assert info.value.field == "text"


def test_non_string_text_raises_naming_the_row() -> None:
    frame = pd.DataFrame({"text": ["Taxes doubled.", 42]})
    with pytest.raises(SchemaError, match=r"'text' must be a string \(got int at row 1\)"):
        check_claims(frame)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1, r"'prior_false' must be non-negative \(got -1 at row 'b' \(position 1\)\)"),
        ("3", r"'prior_false' must be a number \(got str '3' at row 'b'"),
        (2.5, r"'prior_false' must be a whole number \(got 2.5 at row 'b'"),
        (True, r"'prior_false' must be a number \(got bool True"),
    ],
)
def test_bad_count_raises_schema_error_naming_column_and_row(value: object, expected: str) -> None:
    frame = pd.DataFrame({"text": ["a", "b"], "prior_false": [1, value]}, index=["a", "b"])
    with pytest.raises(SchemaError, match=expected) as info:
        check_claims(frame)
    assert info.value.field == "prior_false"


def test_score_claims_rejects_bad_input_before_loading_a_model() -> None:
    with pytest.raises(SchemaError, match="'prior_true' must be non-negative"):
        score_claims(pd.DataFrame({"text": ["a"], "prior_true": [-2]}))


# -- features --------------------------------------------------------------------


def test_features_name_every_column_and_group_it() -> None:
    frame, _ = claims_frame(2)
    features = small_features().fit(frame)
    X = features.transform(frame)
    names = features.get_feature_names_out()
    assert X.shape == (len(frame), len(names))
    assert len(features.feature_groups_) == len(names)
    assert "party=green" in set(names)
    assert {"text", "venue", "prior_false", "prior_record_size"} <= set(features.feature_groups_)


def test_speaker_without_record_has_all_record_columns_zero() -> None:
    frame, _ = claims_frame(2)
    features = small_features().fit(frame)
    empty = features.transform(pd.DataFrame({"text": ["Taxes doubled."]}))
    record = [i for i, g in enumerate(features.feature_groups_) if str(g).startswith("prior_")]
    assert empty[:, record].nnz == 0


def test_features_transform_before_fit_raises_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        small_features().transform(pd.DataFrame({"text": ["a"]}))


# -- the model -------------------------------------------------------------------


def test_clone_keeps_params() -> None:
    model = ClaimsModel(C=0.5, calibration="sigmoid", features=small_features())
    assert clone(model).get_params()["C"] == 0.5
    assert clone(model).get_params()["calibration"] == "sigmoid"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"calibration": "platt"}, "'calibration' must be in"),
        ({"C": 0}, "'C' must be a positive number"),
        ({"calibration_size": 1.0}, "'calibration_size' must be in"),
    ],
)
def test_fit_rejects_bad_params(params: dict, message: str) -> None:
    frame, rulings = claims_frame(2)
    with pytest.raises(ValueError, match=message):
        ClaimsModel(**params).fit(frame, rulings)


def test_fit_rejects_unknown_rulings() -> None:
    frame, rulings = claims_frame(2)
    rulings[0] = "mostly-false"
    with pytest.raises(ValueError, match="'y' must hold rulings"):
        ClaimsModel(features=small_features()).fit(frame, rulings)


def test_score_adds_credibility_band_and_reasons(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    out = fitted.score(frame)
    assert list(out.columns) == [*frame.columns, "credibility", "band", "reasons"]
    assert out["credibility"].between(0, 1).all()
    assert set(out["band"]) <= {"low", "uncertain", "high"}
    accurate = out["credibility"].to_numpy()[3:].mean()
    inaccurate = out["credibility"].to_numpy()[:3].mean()
    assert accurate > inaccurate


def test_reasons_are_exact_and_largest_first(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    assert fitted.affine_
    contributions = fitted.contributions(frame)
    logits = fitted.decision_function(frame)
    np.testing.assert_allclose(
        contributions.sum(axis=1).to_numpy() + fitted.baseline_logit_, logits, atol=1e-9
    )
    for reasons in fitted.explain(frame):
        assert all(isinstance(r, Reason) for r in reasons)
        effects = [abs(r.effect) for r in reasons]
        assert effects == sorted(effects, reverse=True)
        assert all(r.effect != 0.0 for r in reasons)


def test_probabilities_match_the_scikit_learn_calibrator(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    ours = fitted.predict_proba(frame)[:, 1]
    theirs = fitted.calibrator_.predict_proba(fitted.transform_features(frame))[:, 1]
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


def test_ruling_probabilities_sum_to_one_over_six_rulings(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    proba = fitted.predict_ruling_proba(frame)
    assert proba.shape == (len(frame), 6)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert set(fitted.predict_ruling(frame)) <= set(RULINGS)


def test_prior_true_has_no_effect(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    more = frame.assign(prior_true=50)
    np.testing.assert_allclose(fitted.predict_proba(frame), fitted.predict_proba(more))


def test_fit_is_deterministic_and_survives_pickle() -> None:
    frame, rulings = claims_frame()
    a = ClaimsModel(features=small_features(), calibration_size=0.5).fit(frame, rulings)
    b = ClaimsModel(features=small_features(), calibration_size=0.5).fit(frame, rulings)
    assert pickle.dumps(a) == pickle.dumps(b)
    restored = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(restored.predict_proba(frame), a.predict_proba(frame))


def test_pickle_holds_no_memory_addresses(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    fitted.predict_proba(frame)  # vectorizers cache id(stop_words) when they analyse
    assert b"_stop_words_id" not in pickle.dumps(fitted)


def test_score_claims_uses_a_given_model(fitted: ClaimsModel) -> None:
    frame, _ = claims_frame(1)
    out = score_claims(frame, model=fitted)
    assert out["credibility"].tolist() == fitted.score(frame)["credibility"].tolist()


# -- calibration tooling -----------------------------------------------------------


def test_reliability_diagram_table_counts_every_prediction() -> None:
    table = reliability_diagram_table([0, 1, 1, 0], [0.1, 0.8, 0.9, 0.7], n_bins=5)
    assert list(table.columns) == ["bin_low", "bin_high", "prob_pred", "prob_true", "count", "gap"]
    assert table["count"].sum() == 4


def test_reliability_diagram_table_gaps_weight_to_the_ece() -> None:
    y, p = [0, 1, 1, 0, 1], [0.1, 0.8, 0.9, 0.7, 0.3]
    table = reliability_diagram_table(y, p, top_label=True)
    ece = (table["gap"].abs() * table["count"]).sum() / 5
    assert ece == pytest.approx(expected_calibration_error(y, p))


def test_plot_reliability_diagram_writes_a_png(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    path = plot_reliability_diagram({"m": ([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4])}, tmp_path / "r.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- the shipped model and LIAR ------------------------------------------------------


def test_shipped_claims_model_scores_a_claim() -> None:
    model = load_model("claims")
    assert isinstance(model, ClaimsModel)
    frame = pd.DataFrame(
        {
            "text": ["Says the governor cut school funding by $1 billion."],
            "speaker": ["jane-doe"],
            "speaker_title": ["State senator"],
            "party": ["democrat"],
            "state": ["Texas"],
            "venue": ["a campaign ad"],
            "prior_false": [2],
            "prior_half_true": [3],
        }
    )
    out = score_claims(frame)
    assert 0.0 <= out.loc[0, "credibility"] <= 1.0
    reasons = out.loc[0, "reasons"]
    assert {"text", "party=democrat"} <= {r["feature"] for r in reasons}
    effects = [abs(r["effect"]) for r in reasons]
    assert effects == sorted(effects, reverse=True)


def test_liar_credit_history_counts_the_own_ruling(data_dir) -> None:
    from reliability._liar import read_liar
    from reliability._train_claims import credit_history_leak, liar_claims

    liar = read_liar(data_dir / "liar" / "valid.tsv")
    assert credit_history_leak(liar)["share"] > 0.99
    claims, rulings = liar_claims(liar)
    # A row not rated true whose counts total 1 counts only itself: after the
    # subtraction its record is empty (bar the rare rows lacking their own ruling).
    raw_total = liar[["barely_true", "false", "half_true", "mostly_true", "pants_fire"]].sum(axis=1)
    single = ((raw_total == 1) & (liar["label"] != "true")).to_numpy()
    record = claims.loc[single, list(PRIOR_COLUMNS[:5])].to_numpy()
    assert single.sum() > 50
    assert (record.sum(axis=1) == 0).mean() > 0.99
    assert len(rulings) == len(claims)


def test_shipped_claims_manifest_metrics_are_the_measured_ones(data_dir) -> None:
    from reliability._liar import read_liar
    from reliability._loading import default_models_dir, read_manifest
    from reliability._train_claims import evaluate_claims, liar_claims

    entries = {m["name"]: m for m in read_manifest(default_models_dir())["models"]}
    recorded = entries["claims"]["metrics"]["validation"]
    claims, rulings = liar_claims(read_liar(data_dir / "liar" / "valid.tsv"))
    measured = evaluate_claims(load_model("claims"), claims, rulings)
    assert measured == recorded
