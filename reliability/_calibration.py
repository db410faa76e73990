"""Calibration measures for binary probabilities: ECE, Brier score, reliability diagrams.

Pure functions over ``y_true`` (0/1) and ``y_prob`` (the probability of class 1).
Bins are equal-width over [0, 1]; a probability of exactly 1 falls in the last bin.
``plot_reliability_diagram`` needs matplotlib (the ``[report]`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "ReliabilityCurve",
    "brier_score",
    "expected_calibration_error",
    "plot_reliability_diagram",
    "reliability_curve",
    "reliability_diagram_table",
]

#: Number of equal-width bins used throughout the project (SPEC: "ECE with 15 bins").
N_BINS = 15


class ReliabilityCurve(NamedTuple):
    """Per non-empty bin: mean predicted probability, observed frequency, count."""

    prob_pred: np.ndarray
    prob_true: np.ndarray
    count: np.ndarray


def _check(y_true: Any, y_prob: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return labels and probabilities as float arrays, checked for shape and range."""
    y = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(y_prob, dtype=float)
    if p.ndim == 2 and p.shape[1] == 2:
        p = p[:, 1]
    p = p.ravel()
    if y.shape != p.shape:
        msg = f"y_true and y_prob must have the same length (got {y.shape[0]} and {p.shape[0]})"
        raise ValueError(msg)
    if y.size == 0:
        msg = "y_true is empty"
        raise ValueError(msg)
    if not np.isin(y, (0.0, 1.0)).all():
        msg = "y_true must hold only 0 and 1"
        raise ValueError(msg)
    if not ((p >= 0.0) & (p <= 1.0)).all():
        msg = f"y_prob must be in [0, 1] (got min {p.min()!r}, max {p.max()!r})"
        raise ValueError(msg)
    return y, p


def _bin_index(p: np.ndarray, n_bins: int) -> np.ndarray:
    """Equal-width bin of each probability, with 1.0 in the last bin."""
    if not (isinstance(n_bins, (int, np.integer)) and n_bins >= 1):
        msg = f"n_bins must be a positive integer (got {n_bins!r})"
        raise ValueError(msg)
    return np.minimum((p * n_bins).astype(int), n_bins - 1)


def reliability_curve(y_true: Any, y_prob: Any, n_bins: int = N_BINS) -> ReliabilityCurve:
    """Return the reliability curve: per bin, mean prediction against observed frequency.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        0/1 labels.
    y_prob : array-like of shape (n,) or (n, 2)
        Predicted probability of class 1 (or ``predict_proba`` output).
    n_bins : int, default=15
        Number of equal-width bins over [0, 1].

    Returns
    -------
    ReliabilityCurve
        Arrays ``prob_pred``, ``prob_true`` and ``count`` over the non-empty bins,
        in increasing order of probability.

    Examples
    --------
    >>> curve = reliability_curve([0, 1, 1, 1], [0.1, 0.9, 0.9, 0.95], n_bins=2)
    >>> curve.prob_true.tolist(), curve.count.tolist()
    ([0.0, 1.0], [1, 3])
    """
    y, p = _check(y_true, y_prob)
    idx = _bin_index(p, n_bins)
    count = np.bincount(idx, minlength=n_bins)
    sum_p = np.bincount(idx, weights=p, minlength=n_bins)
    sum_y = np.bincount(idx, weights=y, minlength=n_bins)
    keep = count > 0
    return ReliabilityCurve(sum_p[keep] / count[keep], sum_y[keep] / count[keep], count[keep])


def expected_calibration_error(
    y_true: Any, y_prob: Any, n_bins: int = N_BINS, *, top_label: bool = True
) -> float:
    """Return the expected calibration error with equal-width bins, weighted by bin count.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        0/1 labels.
    y_prob : array-like of shape (n,) or (n, 2)
        Predicted probability of class 1 (or ``predict_proba`` output).
    n_bins : int, default=15
        Number of equal-width bins over [0, 1].
    top_label : bool, default=True
        Bin the confidence of the predicted label, ``max(p, 1 - p)``, against
        whether that label is right (the convention of the LIAR reference
        baseline); ``False`` bins ``p`` against the frequency of class 1.

    Returns
    -------
    float
        ``sum_b (n_b / n) * |mean prediction_b - observed frequency_b|``.

    Examples
    --------
    >>> expected_calibration_error([0, 1], [0.0, 1.0])
    0.0
    >>> expected_calibration_error([0, 0], [0.9, 0.9])
    0.9
    """
    y, p = _check(y_true, y_prob)
    if top_label:
        predicted = (p >= 0.5).astype(float)
        y = (predicted == y).astype(float)
        p = np.where(predicted == 1.0, p, 1.0 - p)
    curve = reliability_curve(y, p, n_bins)
    gaps = np.abs(curve.prob_pred - curve.prob_true)
    return float(np.sum(curve.count * gaps) / y.size)


def brier_score(y_true: Any, y_prob: Any) -> float:
    """Return the Brier score: the mean squared difference of probability and outcome.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        0/1 labels.
    y_prob : array-like of shape (n,) or (n, 2)
        Predicted probability of class 1 (or ``predict_proba`` output).

    Returns
    -------
    float
        In [0, 1]; lower is better, 0.25 for a constant 0.5.

    Examples
    --------
    >>> brier_score([0, 1], [0.5, 0.5])
    0.25
    """
    y, p = _check(y_true, y_prob)
    return float(np.mean((p - y) ** 2))


def reliability_diagram_table(
    y_true: Any, y_prob: Any, n_bins: int = N_BINS, *, top_label: bool = False
) -> pd.DataFrame:
    """Return the data of a reliability diagram: one row per non-empty bin.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        0/1 labels.
    y_prob : array-like of shape (n,) or (n, 2)
        Predicted probability of class 1 (or ``predict_proba`` output).
    n_bins : int, default=15
        Number of equal-width bins over [0, 1].
    top_label : bool, default=False
        Bin the confidence of the predicted label against whether it is right
        (as :func:`expected_calibration_error` does by default) instead of the
        probability of class 1 against its frequency.

    Returns
    -------
    DataFrame
        ``bin_low``, ``bin_high``, ``prob_pred`` (mean prediction), ``prob_true``
        (observed frequency), ``count`` and ``gap`` (``prob_pred - prob_true``).
        The count-weighted mean of ``abs(gap)`` is the ECE.

    Examples
    --------
    >>> reliability_diagram_table([0, 1, 1], [0.2, 0.9, 0.95], n_bins=2)["count"].tolist()
    [1, 2]
    """
    y, p = _check(y_true, y_prob)
    if top_label:
        predicted = (p >= 0.5).astype(float)
        y = (predicted == y).astype(float)
        p = np.where(predicted == 1.0, p, 1.0 - p)
    idx = np.unique(_bin_index(p, n_bins))
    curve = reliability_curve(y, p, n_bins)
    return pd.DataFrame(
        {
            "bin_low": idx / n_bins,
            "bin_high": (idx + 1) / n_bins,
            "prob_pred": curve.prob_pred,
            "prob_true": curve.prob_true,
            "count": curve.count.astype(int),
            "gap": curve.prob_pred - curve.prob_true,
        }
    )


def plot_reliability_diagram(
    curves: Mapping[str, tuple[Any, Any]],
    path: str | Path,
    *,
    n_bins: int = N_BINS,
    title: str = "Reliability diagram",
) -> Path:
    """Draw the reliability diagrams of several models on one plot and save it.

    Parameters
    ----------
    curves : mapping of str to (y_true, y_prob)
        Labels and probabilities of class 1 per model name.
    path : str or Path
        The image to write (format from the extension, e.g. ``.png``).
    n_bins : int, default=15
        Number of equal-width bins over [0, 1].
    title : str, default="Reliability diagram"
        Title of the plot.

    Returns
    -------
    Path
        The written image.

    Raises
    ------
    ImportError
        When matplotlib is not installed; the message gives the pip command.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        msg = "plotting needs matplotlib: pip install 'source-reliability[report]'"
        raise ImportError(msg) from exc
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(6, 7), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    top.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
    edges = np.linspace(0, 1, n_bins + 1)
    for name, (y_true, y_prob) in curves.items():
        _, p = _check(y_true, y_prob)
        curve = reliability_curve(y_true, y_prob, n_bins)
        ece = expected_calibration_error(y_true, y_prob, n_bins, top_label=False)
        top.plot(
            curve.prob_pred, curve.prob_true, marker="o", label=f"{name} (ECE over P(1) {ece:.3f})"
        )
        bottom.hist(p, bins=edges, histtype="step", label=name)
    top.set_ylabel("observed frequency")
    top.set_xlim(0, 1)
    top.set_ylim(0, 1)
    top.set_title(title)
    top.legend(loc="upper left", fontsize="small")
    bottom.set_xlabel(f"predicted probability ({n_bins} equal-width bins)")
    bottom.set_ylabel("count")
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out
