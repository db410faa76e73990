"""The credibility model: calibrated learned log-odds plus documented prior shifts.

The score of a statement is a probability whose log-odds are a sum of two parts:

* a **learned** part: a logistic regression on the ``learned`` feature columns,
  calibrated with ``CalibratedClassifierCV`` (sigmoid, temperature or isotonic, the
  regression fitted once on all the data and the calibrator on its out-of-fold
  decisions, folds grouped when groups are given). Sigmoid and temperature make the
  log-odds an exact affine function of the decision function: ``a * (w . x + b) + c``;
* a **prior** part: ``sum(priors[f] * x_f)``, fixed log-odds shifts per unit of
  features the training data cannot teach (a separatist source, a disclaimer that
  covers the statement). They come from ``reliability/data/priors.tsv``, where each
  shift has its evidence, and are monotone by construction.

Both parts are linear in the features, so ``explain`` gives each feature's exact
contribution relative to a baseline where every feature is 0 (absent), and a
statement's reasons name only what it has. The outlet columns
(:mod:`reliability._outlets`) come from a user's domain ratings, passed at scoring; a
publisher counts as the average training publisher when there is no ratings file, and
that average is also the baseline of ``outlet_rating``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from features._lexicons import read_table_file
from reliability._calibration import brier_score
from reliability._outlets import OUTLET_FEATURES, DomainRatings, outlet_features
from reliability._records import BANDS, Reason, ScoredStatement, Statement

__all__ = [
    "CALIBRATION_METHODS",
    "PRIORS_FILE",
    "CredibilityModel",
    "Prior",
    "band_for",
    "read_priors",
]

#: Name of the shipped priors table under ``reliability/data``.
PRIORS_FILE = "priors.tsv"
#: Calibration methods of ``CalibratedClassifierCV`` a model can use (``auto`` picks one).
CALIBRATION_METHODS = ("sigmoid", "temperature", "isotonic")
#: Isotonic probabilities are clipped here before the log-odds (a step can reach 0 or 1).
_ISOTONIC_CLIP = 0.01
#: Largest disagreement tolerated between the calibrator's log-odds and the affine map.
_AFFINE_TOLERANCE = 1e-6
#: Probabilities are clipped here only to compute log-odds for the affine check.
_LOGIT_CLIP = 1e-12


@dataclass(frozen=True, slots=True)
class Prior:
    """A documented log-odds shift per unit of one feature."""

    feature: str
    shift: float
    evidence: str


def read_priors(path: str | Path | None = None) -> tuple[Prior, ...]:
    """Read a priors table: tab-separated ``feature``, ``shift``, ``evidence``.

    Parameters
    ----------
    path : str or Path, optional
        A table in the format of ``reliability/data/priors.tsv`` (``#`` starts a
        comment). Defaults to the shipped table.

    Returns
    -------
    tuple of Prior
        One entry per row, in file order.

    Raises
    ------
    ValueError
        When a column is missing, a shift is not a finite number or a feature repeats.

    Examples
    --------
    >>> priors = {p.feature: p.shift for p in read_priors()}
    >>> priors["disclaimer_covered"] < 0
    True
    """
    if path is None:
        return _shipped_priors()
    return _parse_priors(read_table_file(path), str(path))


@lru_cache(maxsize=1)
def _shipped_priors() -> tuple[Prior, ...]:
    """Read the shipped priors table once."""
    with resources.as_file(resources.files("reliability") / "data" / PRIORS_FILE) as path:
        rows = read_table_file(path)
    return _parse_priors(rows, PRIORS_FILE)


def _parse_priors(rows: Sequence[Mapping[str, str]], where: str) -> tuple[Prior, ...]:
    """Check the rows of a priors table and return them as priors."""
    priors: list[Prior] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        missing = [c for c in ("feature", "shift", "evidence") if not row.get(c)]
        if missing:
            msg = f"{where}: prior {number} has no {missing[0]!r} (got {dict(row)!r})"
            raise ValueError(msg)
        try:
            shift = float(row["shift"])
        except ValueError as exc:
            msg = f"{where}: prior {row['feature']!r} has a non-numeric shift ({row['shift']!r})"
            raise ValueError(msg) from exc
        if not math.isfinite(shift):
            msg = f"{where}: prior {row['feature']!r} has a non-finite shift ({shift!r})"
            raise ValueError(msg)
        if row["feature"] in seen:
            msg = f"{where}: prior {row['feature']!r} is listed twice"
            raise ValueError(msg)
        seen.add(row["feature"])
        priors.append(Prior(row["feature"], shift, row["evidence"]))
    return tuple(priors)


def band_for(credibility: float, thresholds: tuple[float, float] = (0.4, 0.6)) -> str:
    """Return the band of a credibility: ``low < t0 <= uncertain < t1 <= high``.

    Parameters
    ----------
    credibility : float
        A probability in [0, 1].
    thresholds : tuple of two floats
        The lower and upper band limits.

    Returns
    -------
    str
        One of ``low``, ``uncertain``, ``high``.

    Examples
    --------
    >>> band_for(0.4), band_for(0.39), band_for(0.6)
    ('uncertain', 'low', 'high')
    """
    low, high = thresholds
    if credibility < low:
        return BANDS[0]
    if credibility < high:
        return BANDS[1]
    return BANDS[2]


class CredibilityModel(BaseEstimator):
    """Calibrated credibility of statements: learned log-odds plus documented priors.

    Parameters
    ----------
    features : transformer
        Turns a sequence of :class:`~reliability.Statement` into named numeric
        columns (``fit``, ``transform``, ``get_feature_names_out``). It is cloned
        and fitted in :meth:`fit`. The outlet columns of
        :data:`~reliability._outlets.OUTLET_FEATURES` are appended to its output.
    learned : list of str, optional
        Feature columns the logistic regression learns from. Default: every
        column that has no prior.
    priors : mapping of str to float, optional
        Log-odds shift per unit of a feature. Default: the shipped
        ``reliability/data/priors.tsv``, restricted to the columns produced. A
        prior applies only to a feature that is not learned: the prior of a learned
        feature is its fallback, used when ``monotone`` drops the feature, so that
        no feature is ever counted twice.
    C : float, default=1.0
        Inverse L2 regularisation strength of the logistic regression.
    calibration : {"sigmoid", "temperature", "isotonic", "auto"}, default="sigmoid"
        Calibration of the regression (``CalibratedClassifierCV``, ``ensemble=False``:
        one regression on all the data, its calibrator fitted on out-of-fold
        decisions). ``auto`` picks the method with the lowest Brier score in a
        nested cross-validation over the same folds. Sigmoid and temperature keep
        the log-odds affine in the decision function, so reasons are exact per
        feature; with isotonic, reasons are the regression's terms scaled to sum
        exactly to the calibrated log-odds.
    cv : int, default=5
        Number of folds; with ``groups`` in :meth:`fit`, no group is split across
        folds (``StratifiedGroupKFold``), else ``StratifiedKFold``.
    monotone : mapping of str to {-1, 1}, optional
        Required sign of a learned feature's effect. A learned feature whose
        coefficient has the wrong sign is dropped and the regression refitted.
    random_state : int, default=0
        Seed of the fold shuffling.
    thresholds : tuple of two floats, default=(0.4, 0.6)
        Band limits: ``low < t0 <= uncertain < t1 <= high``.

    Attributes
    ----------
    features_ : transformer
        The fitted clone of ``features``.
    feature_names_ : tuple of str
        Every column the model sees: the transformer's, then the outlet columns.
    learned_ : tuple of str
        The learned columns actually used (after ``monotone`` checks).
    dropped_ : tuple of str
        Learned columns dropped because their sign contradicted ``monotone``.
    priors_ : dict of str to float
        The prior shifts in use (never on a column of ``learned_``).
    lr_ : LogisticRegression
        The regression on ``learned_``, fitted on all the training statements.
    calibrator_ : CalibratedClassifierCV
        The calibrated regression (``calibrator_.predict_proba`` on ``learned_``).
    calibration_ : str
        The calibration method used.
    calibration_scores_ : dict of str to float
        Brier score of each candidate method in the nested cross-validation
        (``calibration="auto"`` only, else empty).
    calibration_slope_, calibration_intercept_ : float
        ``a`` and ``c`` of the calibrated log-odds ``a * decision + c`` (exact for
        sigmoid and temperature; the least-squares line for isotonic).
    coef_ : dict of str to float
        Calibrated log-odds per unit of each learned feature (``a * w``).
    baseline_ : dict of str to float
        Reference value of each feature: 0, the feature absent; for ``outlet_rating``,
        ``outlet_mean_``.
    outlet_mean_ : float
        Mean ``outlet_rating`` of the training statements (0 when fitted without ratings):
        its value when scoring without a ratings file, so that the publisher counts as
        an average one.
    baseline_logit_ : float
        Log-odds of a statement at the baseline.
    classes_ : ndarray
        ``[0, 1]``; 1 means the statement is accurate.

    Examples
    --------
    >>> model = CredibilityModel(features=feats, learned=["source_type_expert"])  # doctest: +SKIP
    >>> model.fit(statements, y).score(statements)[0].band  # doctest: +SKIP
    'high'
    """

    def __init__(
        self,
        *,
        features: Any = None,
        learned: Sequence[str] | None = None,
        priors: Mapping[str, float] | None = None,
        C: float = 1.0,
        calibration: str = "sigmoid",
        cv: int = 5,
        monotone: Mapping[str, int] | None = None,
        random_state: int | None = 0,
        thresholds: tuple[float, float] = (0.4, 0.6),
    ) -> None:
        self.features = features
        self.learned = learned
        self.priors = priors
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.monotone = monotone
        self.random_state = random_state
        self.thresholds = thresholds

    # -- fitting -----------------------------------------------------------------

    def _check_params(self) -> None:
        """Reject parameter values ``fit`` cannot use."""
        if self.features is None:
            msg = "'features' must be a transformer over statements (got None)"
            raise ValueError(msg)
        if self.calibration not in (*CALIBRATION_METHODS, "auto"):
            msg = (
                f"'calibration' must be in {(*CALIBRATION_METHODS, 'auto')} "
                f"(got {self.calibration!r})"
            )
            raise ValueError(msg)
        if not (isinstance(self.cv, int) and self.cv >= 2):
            msg = f"'cv' must be an integer >= 2 (got {self.cv!r})"
            raise ValueError(msg)
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            msg = f"'C' must be a positive number (got {self.C!r})"
            raise ValueError(msg)
        low, high = self.thresholds
        if not 0.0 <= low <= high <= 1.0:
            msg = f"'thresholds' must satisfy 0 <= low <= high <= 1 (got {self.thresholds!r})"
            raise ValueError(msg)
        for name, sign in (self.monotone or {}).items():
            if sign not in (-1, 1):
                msg = f"'monotone[{name!r}]' must be in (-1, 1) (got {sign!r})"
                raise ValueError(msg)

    def _resolve_columns(self, names: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, float]]:
        """Return the learned columns and every prior (fallbacks included), checked."""
        if self.priors is None:
            priors = {p.feature: p.shift for p in read_priors() if p.feature in names}
        else:
            priors = {str(k): float(v) for k, v in self.priors.items()}
            unknown = [f for f in priors if f not in names]
            if unknown:
                msg = (
                    f"prior feature {unknown[0]!r} is not produced by 'features'; "
                    f"available: {', '.join(names)}"
                )
                raise ValueError(msg)
        if self.learned is None:
            learned = tuple(n for n in names if n not in priors)
        else:
            learned = tuple(self.learned)
            unknown = [f for f in learned if f not in names]
            if unknown:
                msg = (
                    f"learned feature {unknown[0]!r} is not produced by 'features'; "
                    f"available: {', '.join(names)}"
                )
                raise ValueError(msg)
        if not learned:
            msg = "'learned' is empty: the model needs at least one learned feature"
            raise ValueError(msg)
        return learned, priors

    def _splits(self, y: np.ndarray, groups: np.ndarray | None) -> list[tuple[Any, Any]]:
        """Stratified folds that never split a group."""
        X = np.zeros((len(y), 1))
        if groups is None:
            folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
            return list(folds.split(X, y))
        grouped = StratifiedGroupKFold(self.cv, shuffle=True, random_state=self.random_state)
        return list(grouped.split(X, y, groups))

    def _fit_regression(
        self, X: np.ndarray, y: np.ndarray, learned: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return the learned columns kept and dropped for a sign that breaks ``monotone``."""
        monotone = dict(self.monotone or {})
        columns = list(learned)
        dropped: list[str] = []
        while True:
            idx = [learned.index(c) for c in columns]
            lr = LogisticRegression(C=self.C, max_iter=1000).fit(X[:, idx], y)
            wrong = [
                c
                for c, w in zip(columns, lr.coef_[0], strict=True)
                if c in monotone and w != 0.0 and np.sign(w) != monotone[c]
            ]
            if not wrong:
                return tuple(columns), tuple(dropped)
            # Drop the worst offender only: removing one feature changes the others' signs.
            worst = max(wrong, key=lambda c: abs(lr.coef_[0][columns.index(c)]))
            columns.remove(worst)
            dropped.append(worst)
            if not columns:
                msg = f"every learned feature contradicts 'monotone' (dropped {dropped})"
                raise ValueError(msg)

    def _calibrated(self, method: str, splits: list[tuple[Any, Any]]) -> CalibratedClassifierCV:
        """An unfitted calibrated regression: one fit on all data, calibrator out of fold."""
        return CalibratedClassifierCV(
            LogisticRegression(C=self.C, max_iter=1000),
            method=method,
            cv=splits,
            ensemble=False,
        )

    def _select_calibration(
        self, X: np.ndarray, y: np.ndarray, groups: np.ndarray | None
    ) -> dict[str, float]:
        """Brier score of each method in a nested cross-validation (outer and inner folds)."""
        scores = {}
        outer = self._splits(y, groups)
        for method in CALIBRATION_METHODS:
            p = np.zeros(len(y))
            for train, test in outer:
                inner = self._splits(y[train], None if groups is None else groups[train])
                fitted = self._calibrated(method, inner).fit(X[train], y[train])
                p[test] = fitted.predict_proba(X[test])[:, 1]
            scores[method] = brier_score(y, p)
        return scores

    def fit(
        self,
        statements: Sequence[Statement],
        y: Iterable[Any],
        *,
        groups: Iterable[Any] | None = None,
        outlets: Sequence[str | None] | None = None,
        ratings: DomainRatings | None = None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> CredibilityModel:
        """Fit the features, the regression and its calibration.

        Parameters
        ----------
        statements : sequence of Statement
            Training statements.
        y : array-like of shape (n_statements,)
            1 (or True) when the statement is accurate, else 0.
        groups : array-like of shape (n_statements,), optional
            Group of each statement (e.g. its claim); folds never split a group.
        outlets : sequence of str or None, optional
            Publisher of each statement's article, for the outlet columns.
        ratings : DomainRatings, optional
            Domain ratings for the outlet columns (all 0 without them).
        feature_values : mapping of str to array-like, optional
            Known values that replace extracted columns (e.g. an annotated stance).

        Returns
        -------
        self : CredibilityModel
            The fitted model.
        """
        self._check_params()
        statements = _check_statements(statements)
        y_arr = np.asarray(list(y))
        if y_arr.shape != (len(statements),):
            msg = f"'y' must have one label per statement ({len(statements)}) (got {y_arr.shape})"
            raise ValueError(msg)
        if not set(np.unique(y_arr).tolist()) <= {0, 1}:
            msg = f"'y' must hold only 0/1 or booleans (got {sorted(set(y_arr.tolist()))[:5]!r})"
            raise ValueError(msg)
        y_arr = y_arr.astype(int)
        if len(np.unique(y_arr)) < 2:
            msg = "'y' must contain both classes"
            raise ValueError(msg)
        group_arr = None if groups is None else np.asarray(list(groups))
        if group_arr is not None and group_arr.shape != y_arr.shape:
            msg = f"'groups' must have one entry per statement (got {group_arr.shape})"
            raise ValueError(msg)

        features = clone(self.features, safe=False)
        frame = _as_frame(features.fit_transform(statements), features)
        names = tuple(str(c) for c in frame.columns)
        clash = [c for c in OUTLET_FEATURES if c in names]
        if clash:
            msg = f"'features' must not produce the outlet column {clash[0]!r}; the model adds it"
            raise ValueError(msg)
        names += OUTLET_FEATURES
        X_all = np.column_stack(
            [frame.to_numpy(dtype=float), outlet_features(statements, outlets, ratings)]
        )
        # Without a ratings file, a publisher counts as the average training publisher
        outlet_at = names.index(OUTLET_FEATURES[0])
        outlet_mean = float(X_all[:, outlet_at].mean()) if ratings is not None else 0.0
        _replace_columns(X_all, names, feature_values)
        learned, priors = self._resolve_columns(names)
        X = X_all[:, [names.index(c) for c in learned]]

        # Small dense problems: one BLAS thread is many times faster than several.
        with threadpool_limits(limits=1):
            used, dropped = self._fit_regression(X, y_arr, learned)
            X_used = X[:, [learned.index(c) for c in used]]
            scores = {}
            method = self.calibration
            if method == "auto":
                scores = self._select_calibration(X_used, y_arr, group_arr)
                method = min(scores, key=lambda m: (scores[m], CALIBRATION_METHODS.index(m)))
            calibrator = self._calibrated(method, self._splits(y_arr, group_arr))
            calibrator.fit(X_used, y_arr)
        lr = calibrator.calibrated_classifiers_[0].estimator
        slope, intercept = _affine_fit(calibrator, lr, X_used, exact=method != "isotonic")
        if self.monotone and slope < 0:
            msg = (
                f"the {method} calibration has a negative slope ({slope:.4f}): the regression is "
                "worse than chance out of fold, and its 'monotone' effects would flip"
            )
            raise ValueError(msg)

        self.features_ = features
        self.feature_names_ = names
        self.learned_ = used
        self.dropped_ = dropped
        self.priors_ = {f: s for f, s in priors.items() if f not in used}
        self.lr_ = lr
        self.calibrator_ = calibrator
        self.calibration_ = method
        self.calibration_scores_ = scores
        self.calibration_slope_ = slope
        self.calibration_intercept_ = intercept
        self.coef_ = {c: slope * float(w) for c, w in zip(used, lr.coef_[0], strict=True)}
        # The baseline is the absent feature (0): a reason then names what a statement has
        # ("a separatist source"), never what it lacks ("not a politician"); for the
        # publisher's rating it is the average publisher, what an unrated one counts as.
        self.outlet_mean_ = outlet_mean
        self.baseline_ = dict.fromkeys(names, 0.0) | {OUTLET_FEATURES[0]: outlet_mean}
        self.classes_ = np.array([0, 1])
        self._index_columns()
        self.baseline_logit_ = float(self._logits(self.baseline_row_[None, :])[0])
        return self

    def _index_columns(self) -> None:
        """Cache column positions and per-unit effects as arrays for fast scoring."""
        names = list(self.feature_names_)
        self.learned_index_ = np.asarray([names.index(c) for c in self.learned_], dtype=np.intp)
        self.prior_index_ = np.asarray([names.index(c) for c in self.priors_], dtype=np.intp)
        self.prior_shift_ = np.asarray(list(self.priors_.values()), dtype=float)
        self.weights_ = np.asarray(self.lr_.coef_[0], dtype=float)
        self.effect_names_ = (*self.learned_, *self.priors_)
        self.baseline_row_ = np.asarray([self.baseline_[c] for c in names], dtype=float)

    # -- prediction ----------------------------------------------------------------

    def _features(
        self,
        statements: Sequence[Statement],
        outlets: Sequence[str | None] | None,
        ratings: DomainRatings | None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> np.ndarray:
        """Return the feature matrix of statements, columns in ``feature_names_`` order."""
        check_is_fitted(self)
        statements = _check_statements(statements)
        values = _transform(self.features_, statements)
        n_base = len(self.feature_names_) - len(OUTLET_FEATURES)
        if isinstance(values, pd.DataFrame):
            missing = [c for c in self.feature_names_[:n_base] if c not in values.columns]
            if missing:
                msg = f"the features transformer no longer produces {missing[0]!r}"
                raise ValueError(msg)
            values = values.loc[:, list(self.feature_names_[:n_base])]
        base = np.asarray(values.toarray() if hasattr(values, "toarray") else values, dtype=float)
        if base.ndim != 2 or base.shape[1] != n_base:
            msg = f"features output has shape {base.shape}, expected {n_base} columns"
            raise ValueError(msg)
        X = np.hstack([base, outlet_features(statements, outlets, ratings)])
        if ratings is None:
            X[:, n_base] = self.outlet_mean_
        _replace_columns(X, self.feature_names_, feature_values)
        return X

    def transform_features(
        self,
        statements: Sequence[Statement],
        *,
        outlets: Sequence[str | None] | None = None,
        ratings: DomainRatings | None = None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> pd.DataFrame:
        """Return the feature frame of ``statements`` (one named column per feature).

        Parameters
        ----------
        statements : sequence of Statement
            Statements to describe.
        outlets : sequence of str or None, optional
            Publisher of each statement's article.
        ratings : DomainRatings, optional
            Domain ratings; without them the publisher counts as an average one.
        feature_values : mapping of str to array-like, optional
            Known values that replace extracted columns, as in :meth:`fit`.

        Returns
        -------
        DataFrame
            Shape ``(n_statements, len(feature_names_))``.
        """
        X = self._features(statements, outlets, ratings, feature_values)
        return pd.DataFrame(X, columns=list(self.feature_names_))

    def _learned_logits(self, X: np.ndarray) -> np.ndarray:
        """Return the calibrated log-odds of the learned part for a feature matrix."""
        X_learned = X[:, self.learned_index_]
        if self.calibration_ != "isotonic":
            decision = X_learned @ self.weights_ + float(self.lr_.intercept_[0])
            return self.calibration_slope_ * decision + self.calibration_intercept_
        p = self.calibrator_.predict_proba(X_learned)[:, 1]
        return _logit(np.clip(p, _ISOTONIC_CLIP, 1.0 - _ISOTONIC_CLIP))

    def _logits(self, X: np.ndarray, learned_logits: np.ndarray | None = None) -> np.ndarray:
        """Return the final log-odds of each row of a feature matrix (``learned_logits``:
        its ``_learned_logits``, when already computed)."""
        if learned_logits is None:
            learned_logits = self._learned_logits(X)
        return learned_logits + X[:, self.prior_index_] @ self.prior_shift_

    def _contributions(self, X: np.ndarray, learned_logits: np.ndarray | None = None) -> np.ndarray:
        """Return each effect's log-odds contribution (``effect_names_`` order;
        ``learned_logits`` as in ``_logits``)."""
        gap = X - self.baseline_row_
        terms = gap[:, self.learned_index_] * self.weights_
        if self.calibration_ != "isotonic":
            learned = self.calibration_slope_ * terms
        else:
            # Scale the regression's terms by the secant slope of the calibration between
            # the baseline and the statement, so that they sum to its calibrated log-odds.
            if learned_logits is None:
                learned_logits = self._learned_logits(X)
            rise = learned_logits - self._learned_logits(self.baseline_row_[None, :])
            run = terms.sum(axis=1)
            scale = np.divide(rise, run, out=np.zeros_like(rise), where=run != 0.0)
            learned = terms * scale[:, None]
        return np.hstack([learned, gap[:, self.prior_index_] * self.prior_shift_])

    def decision_function(
        self,
        statements: Sequence[Statement],
        *,
        outlets: Sequence[str | None] | None = None,
        ratings: DomainRatings | None = None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> np.ndarray:
        """Return the log-odds that each statement is accurate.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to score.
        outlets : sequence of str or None, optional
            Publisher of each statement's article.
        ratings : DomainRatings, optional
            Domain ratings; without them the publisher counts as an average one.
        feature_values : mapping of str to array-like, optional
            Known values that replace extracted columns, as in :meth:`fit`.

        Returns
        -------
        ndarray of shape (n_statements,)
            Calibrated learned log-odds plus the prior shifts.
        """
        return self._logits(self._features(statements, outlets, ratings, feature_values))

    def predict_proba(
        self,
        statements: Sequence[Statement],
        *,
        outlets: Sequence[str | None] | None = None,
        ratings: DomainRatings | None = None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> np.ndarray:
        """Return ``[P(inaccurate), P(accurate)]`` for each statement.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to score.
        outlets : sequence of str or None, optional
            Publisher of each statement's article.
        ratings : DomainRatings, optional
            Domain ratings; without them the publisher counts as an average one.
        feature_values : mapping of str to array-like, optional
            Known values that replace extracted columns, as in :meth:`fit`.

        Returns
        -------
        ndarray of shape (n_statements, 2)
            Rows sum to 1.
        """
        p = _expit(
            self.decision_function(
                statements, outlets=outlets, ratings=ratings, feature_values=feature_values
            )
        )
        return np.column_stack([1.0 - p, p])

    def predict(self, statements: Sequence[Statement]) -> np.ndarray:
        """Return 1 for statements with credibility >= 0.5, else 0.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to classify.

        Returns
        -------
        ndarray of shape (n_statements,)
            Predicted labels.
        """
        return (self.decision_function(statements) >= 0.0).astype(int)

    def explain(
        self,
        statements: Sequence[Statement],
        *,
        outlets: Sequence[str | None] | None = None,
        ratings: DomainRatings | None = None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> list[list[Reason]]:
        """Return each statement's reasons: exact log-odds contributions, largest first.

        A learned feature ``f`` contributes ``a * w_f * (x_f - b_f)`` and a prior feature
        ``shift_f * (x_f - b_f)``, ``b`` being ``baseline_``. The contributions of a statement sum
        to its log-odds minus ``baseline_logit_``. Zero contributions are left out.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to explain.
        outlets : sequence of str or None, optional
            Publisher of each statement's article.
        ratings : DomainRatings, optional
            Domain ratings; without them the publisher counts as an average one.
        feature_values : mapping of str to array-like, optional
            Known values that replace extracted columns, as in :meth:`fit`.

        Returns
        -------
        list of list of Reason
            One list per statement, sorted by decreasing ``abs(effect)``.
        """
        X = self._features(statements, outlets, ratings, feature_values)
        return _reasons(self._contributions(X), self.effect_names_)

    def score(
        self,
        statements: Sequence[Statement],
        *,
        outlets: Sequence[str | None] | None = None,
        ratings: DomainRatings | None = None,
        feature_values: Mapping[str, Iterable[float]] | None = None,
    ) -> list[ScoredStatement]:
        """Return each statement with its features, credibility, band and reasons.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to score.
        outlets : sequence of str or None, optional
            Publisher of each statement's article (name, host or URL).
        ratings : DomainRatings, optional
            Domain ratings; without them the publisher counts as an average one.
        feature_values : mapping of str to array-like, optional
            Known values that replace extracted columns, as in :meth:`fit`.

        Returns
        -------
        list of ScoredStatement
            In input order; credibility rounded to 4 decimals, band from ``thresholds``.
        """
        statements = _check_statements(statements)
        X = self._features(statements, outlets, ratings, feature_values)
        # One call of the calibrator serves the scores and the reasons: with isotonic
        # calibration it is most of the cost of scoring a single article.
        learned_logits = self._learned_logits(X)
        probs = _expit(self._logits(X, learned_logits)).tolist()
        reasons = _reasons(self._contributions(X, learned_logits), self.effect_names_)
        names = self.feature_names_
        rows = X.tolist()  # plain floats: no per-row numpy access
        scored = []
        for i, statement in enumerate(statements):
            credibility = round(probs[i], 4)
            scored.append(
                ScoredStatement(
                    statement=statement,
                    features=dict(zip(names, rows[i], strict=True)),
                    credibility=credibility,
                    band=band_for(credibility, self.thresholds),
                    reasons=tuple(reasons[i]),
                )
            )
        return scored

    def __sklearn_is_fitted__(self) -> bool:
        """Return whether ``fit`` has run."""
        return hasattr(self, "lr_")


def _check_statements(statements: Any) -> list[Statement]:
    """Return ``statements`` as a list, rejecting a bare string or non-statements."""
    if isinstance(statements, (str, bytes, Statement)):
        msg = f"expected a sequence of Statement objects (got {type(statements).__name__})"
        raise TypeError(msg)
    items = list(statements)
    for item in items:
        if not isinstance(item, Statement):
            msg = f"expected a sequence of Statement objects (got an item {type(item).__name__})"
            raise TypeError(msg)
    return items


def _as_frame(values: Any, transformer: Any) -> pd.DataFrame:
    """Return a transformer's output as a DataFrame named by ``get_feature_names_out``."""
    if isinstance(values, pd.DataFrame):
        return values.reset_index(drop=True)
    names = [str(n) for n in transformer.get_feature_names_out()]
    array = np.asarray(values.toarray() if hasattr(values, "toarray") else values, dtype=float)
    if array.ndim != 2 or array.shape[1] != len(names):
        msg = f"features output has shape {array.shape} but {len(names)} feature names"
        raise ValueError(msg)
    return pd.DataFrame(array, columns=names)


def _replace_columns(
    X: np.ndarray, names: Sequence[str], values: Mapping[str, Iterable[float]] | None
) -> None:
    """Overwrite columns of ``X`` in place with known values, checked by name and length."""
    for name, column in (values or {}).items():
        if name not in names:
            msg = f"'feature_values' names {name!r}, which is not a feature"
            raise ValueError(msg)
        array = np.asarray(list(column), dtype=float)
        if array.shape != (X.shape[0],):
            msg = f"'feature_values[{name!r}]' must have one value per statement ({X.shape[0]})"
            raise ValueError(msg)
        X[:, list(names).index(name)] = array


def _affine_fit(
    calibrator: CalibratedClassifierCV,
    lr: LogisticRegression,
    X: np.ndarray,
    *,
    exact: bool,
) -> tuple[float, float]:
    """Return ``(a, c)`` with calibrated log-odds ``a * decision + c``; check it when exact."""
    decision = lr.decision_function(X)
    p = np.clip(calibrator.predict_proba(X)[:, 1], _LOGIT_CLIP, 1 - _LOGIT_CLIP)
    target = _logit(p if exact else np.clip(p, _ISOTONIC_CLIP, 1.0 - _ISOTONIC_CLIP))
    if np.ptp(decision) == 0.0:
        return 0.0, float(target.mean())
    slope, intercept = (float(v) for v in np.polyfit(decision, target, 1))
    if exact:
        expected = np.clip(_expit(slope * decision + intercept), _LOGIT_CLIP, 1 - _LOGIT_CLIP)
        if not np.allclose(p, expected, rtol=0, atol=_AFFINE_TOLERANCE):
            msg = "the calibration is not affine in the decision function; scikit-learn changed?"
            raise RuntimeError(msg)
    return slope, intercept


def _logit(p: np.ndarray) -> np.ndarray:
    """Return the log-odds of probabilities strictly inside (0, 1)."""
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def _expit(z: np.ndarray) -> np.ndarray:
    """Return the logistic function of ``z`` (without overflow warnings)."""
    return np.asarray(expit(np.asarray(z, dtype=float)), dtype=float)


def _transform(features: Any, statements: list[Statement]) -> Any:
    """Return ``features.transform(statements)``, a plain union's parts stacked directly.

    A ``FeatureUnion`` without weights whose parts give arrays is their ``hstack``; doing
    it here skips the union's per-call dispatch, a large share of the cost of one article.
    """
    if not isinstance(features, FeatureUnion) or features.transformer_weights is not None:
        return features.transform(statements)
    parts = [
        t.transform(statements)
        for _, t in features.transformer_list
        if not (isinstance(t, str) and t == "drop")
    ]
    if all(isinstance(p, np.ndarray) and p.ndim == 2 for p in parts):
        return np.hstack(parts) if parts else np.zeros((len(statements), 0))
    return features.transform(statements)


def _reasons(contributions: np.ndarray, names: Sequence[str]) -> list[list[Reason]]:
    """Return the non-zero contributions of each row as reasons, largest first."""
    out: list[list[Reason]] = [[] for _ in range(contributions.shape[0])]
    rows, cols = np.nonzero(contributions)
    values = contributions[rows, cols].tolist()
    for row, col, value in zip(rows.tolist(), cols.tolist(), values, strict=True):
        out[row].append(Reason(names[col], value))
    for reasons in out:
        reasons.sort(key=lambda r: (-abs(r.effect), r.feature))
    return out
