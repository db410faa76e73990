"""Calibration measures: ECE, Brier score and the reliability curve."""

from __future__ import annotations

import numpy as np
import pytest

from reliability._calibration import brier_score, expected_calibration_error, reliability_curve


@pytest.fixture(scope="module")
def calibrated() -> tuple[np.ndarray, np.ndarray]:
    """Outcomes drawn with exactly the predicted probabilities."""
    rng = np.random.default_rng(0)
    p = rng.random(200_000)
    return (rng.random(p.size) < p).astype(int), p


@pytest.mark.parametrize("top_label", [True, False])
def test_ece_of_a_calibrated_predictor_is_near_zero(calibrated, top_label):
    assert expected_calibration_error(*calibrated, top_label=top_label) < 0.01


@pytest.mark.parametrize("top_label", [True, False])
def test_ece_of_a_constant_wrong_predictor_is_large(top_label):
    y = np.zeros(100, dtype=int)
    assert expected_calibration_error(y, np.full(100, 0.95), top_label=top_label) == pytest.approx(
        0.95
    )


def test_ece_weights_bins_by_count():
    # 3 statements at 0.9 all right (gap 0.1), 1 at 0.1 that is wrong (gap 0.9).
    y, p = [1, 1, 1, 1], [0.9, 0.9, 0.9, 0.1]
    expected = (3 * 0.1 + 1 * 0.9) / 4
    assert expected_calibration_error(y, p, top_label=False) == pytest.approx(expected)


def test_ece_accepts_predict_proba_output():
    proba = np.array([[0.2, 0.8], [0.7, 0.3]])
    assert expected_calibration_error([1, 0], proba) == expected_calibration_error(
        [1, 0], proba[:, 1]
    )


def test_probability_one_falls_in_the_last_bin():
    curve = reliability_curve([1, 1], [1.0, 0.99], n_bins=15)
    assert curve.count.tolist() == [2]


def test_reliability_curve_gives_bin_means_of_non_empty_bins():
    curve = reliability_curve([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], n_bins=2)
    np.testing.assert_allclose(curve.prob_pred, [0.15, 0.85])
    np.testing.assert_allclose(curve.prob_true, [0.0, 1.0])
    assert curve.count.tolist() == [2, 2]


@pytest.mark.parametrize(
    ("y", "p", "expected"),
    [([0, 1], [0.5, 0.5], 0.25), ([0, 1], [0.0, 1.0], 0.0), ([0, 1], [1.0, 0.0], 1.0)],
)
def test_brier_score_is_mean_squared_error(y, p, expected):
    assert brier_score(y, p) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("y", "p", "match"),
    [
        ([0, 1], [0.5], "same length"),
        ([0, 2], [0.5, 0.5], "only 0 and 1"),
        ([0, 1], [0.5, 1.5], r"in \[0, 1\]"),
        ([], [], "empty"),
    ],
)
def test_bad_inputs_are_rejected_with_a_message(y, p, match):
    with pytest.raises(ValueError, match=match):
        brier_score(y, p)


def test_n_bins_must_be_positive():
    with pytest.raises(ValueError, match="n_bins must be a positive integer"):
        expected_calibration_error([0, 1], [0.2, 0.8], n_bins=0)
