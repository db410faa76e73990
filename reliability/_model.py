"""The credibility model: calibrated learned log-odds plus documented prior shifts.

The score of a statement is a probability whose log-odds are a sum of two parts:

* a **learned** part: a logistic regression on the ``learned`` feature columns,
  Platt-calibrated (``CalibratedClassifierCV(FrozenEstimator(lr), method="sigmoid")``)
  on a held-out part of the training data, so that its log-odds are an exact affine
  function of the regression's decision function: ``a * (w . x + b) + c``;
* a **prior** part: ``sum(priors[f] * x_f)``, fixed log-odds shifts per unit of
  features the training data cannot teach (a separatist source, a disclaimer that
  covers the statement). They come from ``reliability/data/priors.tsv``, where each
  shift has its evidence, and are monotone by construction.

Because both parts are linear in the features, ``explain`` gives each feature's
exact contribution relative to a baseline where every feature is 0 (absent), so
that a statement's reasons name only what it has.
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
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.utils.validation import check_is_fitted

from features._lexicons import read_table_file
from reliability._records import BANDS, Reason, ScoredStatement, Statement

__all__ = [
    "PRIORS_FILE",
    "CredibilityModel",
    "Prior",
    "band_for",
    "read_priors",
]

#: Name of the shipped priors table under ``reliability/data``.
PRIORS_FILE = "priors.tsv"
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
        and fitted in :meth:`fit`.
    learned : list of str, optional
        Feature columns the logistic regression learns from. Default: every
        column that has no prior.
    priors : mapping of str to float, optional
        Log-odds shift per unit of a feature. Default: the shipped
        ``reliability/data/priors.tsv``, restricted to the columns the
        transformer produces. A feature may not be both learned and a prior.
    C : float, default=1.0
        Inverse L2 regularisation strength of the logistic regression.
    calibration : {"sigmoid"}, default="sigmoid"
        Calibration method; sigmoid (Platt) keeps the log-odds affine in the
        decision function, so that reasons stay exact.
    calibration_size : float, default=0.25
        Fraction of the training statements held out to fit the calibration.
    monotone : mapping of str to {-1, 1}, optional
        Required sign of a learned feature's effect. A learned feature whose
        coefficient has the wrong sign is dropped and the regression refitted.
    random_state : int, default=0
        Seed of the stratified train/calibration split.
    thresholds : tuple of two floats, default=(0.4, 0.6)
        Band limits: ``low < t0 <= uncertain < t1 <= high``.

    Attributes
    ----------
    features_ : transformer
        The fitted clone of ``features``.
    feature_names_ : tuple of str
        Every column the transformer produces.
    learned_ : tuple of str
        The learned columns actually used (after ``monotone`` checks).
    dropped_ : tuple of str
        Learned columns dropped because their sign contradicted ``monotone``.
    priors_ : dict of str to float
        The prior shifts in use.
    lr_ : LogisticRegression
        The regression on ``learned_``, fitted on the training part.
    calibrator_ : CalibratedClassifierCV
        The sigmoid calibration of the frozen ``lr_``, fitted on the calibration part.
    calibration_slope_, calibration_intercept_ : float
        ``a`` and ``c`` of the calibrated log-odds ``a * decision + c``.
    coef_ : dict of str to float
        Calibrated log-odds per unit of each learned feature (``a * w``).
    baseline_ : dict of str to float
        Reference value of each learned feature: 0, the feature absent; prior
        features have baseline 0 too.
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
        calibration_size: float = 0.25,
        monotone: Mapping[str, int] | None = None,
        random_state: int | None = 0,
        thresholds: tuple[float, float] = (0.4, 0.6),
    ) -> None:
        self.features = features
        self.learned = learned
        self.priors = priors
        self.C = C
        self.calibration = calibration
        self.calibration_size = calibration_size
        self.monotone = monotone
        self.random_state = random_state
        self.thresholds = thresholds

    # -- fitting -----------------------------------------------------------------

    def _check_params(self) -> None:
        """Reject parameter values ``fit`` cannot use."""
        if self.features is None:
            msg = "'features' must be a transformer over statements (got None)"
            raise ValueError(msg)
        if self.calibration != "sigmoid":
            msg = f"'calibration' must be in ('sigmoid',) (got {self.calibration!r})"
            raise ValueError(msg)
        if not 0.0 < self.calibration_size < 1.0:
            msg = f"'calibration_size' must be in (0, 1) (got {self.calibration_size!r})"
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
        """Return the learned columns and the priors, checked against the feature names."""
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
            both = [f for f in learned if f in priors]
            if both:
                msg = f"feature {both[0]!r} is both learned and a prior; it would be counted twice"
                raise ValueError(msg)
        if not learned:
            msg = "'learned' is empty: the model needs at least one learned feature"
            raise ValueError(msg)
        return learned, priors

    def _fit_regression(
        self, X: np.ndarray, y: np.ndarray, learned: tuple[str, ...]
    ) -> tuple[LogisticRegression, tuple[str, ...], tuple[str, ...]]:
        """Fit the regression, dropping learned features whose sign breaks ``monotone``."""
        monotone = dict(self.monotone or {})
        columns = list(learned)
        dropped: list[str] = []
        while True:
            idx = [learned.index(c) for c in columns]
            lr = LogisticRegression(C=self.C, max_iter=1000)
            lr.fit(X[:, idx], y)
            wrong = [
                c
                for c, w in zip(columns, lr.coef_[0], strict=True)
                if c in monotone and w != 0.0 and np.sign(w) != monotone[c]
            ]
            if not wrong:
                return lr, tuple(columns), tuple(dropped)
            # Drop the worst offender only: removing one feature changes the others' signs.
            worst = max(wrong, key=lambda c: abs(lr.coef_[0][columns.index(c)]))
            columns.remove(worst)
            dropped.append(worst)
            if not columns:
                msg = f"every learned feature contradicts 'monotone' (dropped {dropped})"
                raise ValueError(msg)

    def fit(self, statements: Sequence[Statement], y: Iterable[Any]) -> CredibilityModel:
        """Fit the features, the regression and its calibration.

        Parameters
        ----------
        statements : sequence of Statement
            Training statements.
        y : array-like of shape (n_statements,)
            1 (or True) when the statement is accurate, else 0.

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

        features = clone(self.features, safe=False)
        frame = _as_frame(features.fit_transform(statements), features)
        names = tuple(str(c) for c in frame.columns)
        learned, priors = self._resolve_columns(names)
        X = frame.loc[:, list(learned)].to_numpy(dtype=float)

        X_train, X_cal, y_train, y_cal = train_test_split(
            X,
            y_arr,
            test_size=self.calibration_size,
            random_state=self.random_state,
            stratify=y_arr,
        )
        lr, used, dropped = self._fit_regression(X_train, y_train, learned)
        used_idx = [learned.index(c) for c in used]
        calibrator = CalibratedClassifierCV(FrozenEstimator(lr), method="sigmoid")
        calibrator.fit(X_cal[:, used_idx], y_cal)
        sigmoid = calibrator.calibrated_classifiers_[0].calibrators[0]
        # sklearn's sigmoid is P(y=1) = expit(-(a_ * f + b_)), so the log-odds are -a_ f - b_.
        slope, intercept = -float(sigmoid.a_), -float(sigmoid.b_)
        _check_affine(calibrator, lr, X_cal[:, used_idx], slope, intercept)

        self.features_ = features
        self.feature_names_ = names
        self.learned_ = used
        self.dropped_ = dropped
        self.priors_ = priors
        self.lr_ = lr
        self.calibrator_ = calibrator
        self.calibration_slope_ = slope
        self.calibration_intercept_ = intercept
        self.coef_ = {c: slope * float(w) for c, w in zip(used, lr.coef_[0], strict=True)}
        # The baseline is the absent feature (0): a reason then names what a statement has
        # ("a separatist source"), never what it lacks ("not a politician").
        zeros = np.zeros(len(used))
        self.baseline_ = dict.fromkeys(used, 0.0)
        self.baseline_logit_ = slope * float(lr.decision_function(zeros[None, :])[0]) + intercept
        self.classes_ = np.array([0, 1])
        return self

    # -- prediction ----------------------------------------------------------------

    def transform_features(self, statements: Sequence[Statement]) -> pd.DataFrame:
        """Return the feature frame of ``statements`` (one named column per feature).

        Parameters
        ----------
        statements : sequence of Statement
            Statements to describe.

        Returns
        -------
        DataFrame
            Shape ``(n_statements, len(feature_names_))``.
        """
        check_is_fitted(self)
        statements = _check_statements(statements)
        frame = _as_frame(self.features_.transform(statements), self.features_)
        missing = [c for c in self.feature_names_ if c not in frame.columns]
        if missing:
            msg = f"the features transformer no longer produces {missing[0]!r}"
            raise ValueError(msg)
        return frame.loc[:, list(self.feature_names_)].astype(float)

    def _contributions(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return each feature's log-odds contribution relative to the baseline."""
        parts = {}
        for c in self.learned_:
            parts[c] = self.coef_[c] * (frame[c].to_numpy() - self.baseline_[c])
        for c, shift in self.priors_.items():
            parts[c] = shift * frame[c].to_numpy()
        return pd.DataFrame(parts, index=frame.index)

    def _logits(self, frame: pd.DataFrame) -> np.ndarray:
        """Return the final log-odds of each row of a feature frame."""
        X = frame.loc[:, list(self.learned_)].to_numpy(dtype=float)
        learned = (
            self.calibration_slope_ * self.lr_.decision_function(X) + self.calibration_intercept_
        )
        prior = np.zeros(len(frame))
        for c, shift in self.priors_.items():
            prior += shift * frame[c].to_numpy(dtype=float)
        return learned + prior

    def decision_function(self, statements: Sequence[Statement]) -> np.ndarray:
        """Return the log-odds that each statement is accurate.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to score.

        Returns
        -------
        ndarray of shape (n_statements,)
            Calibrated learned log-odds plus the prior shifts.
        """
        return self._logits(self.transform_features(statements))

    def predict_proba(self, statements: Sequence[Statement]) -> np.ndarray:
        """Return ``[P(inaccurate), P(accurate)]`` for each statement.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to score.

        Returns
        -------
        ndarray of shape (n_statements, 2)
            Rows sum to 1.
        """
        p = _expit(self.decision_function(statements))
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

    def explain(self, statements: Sequence[Statement]) -> list[list[Reason]]:
        """Return each statement's reasons: exact log-odds contributions, largest first.

        A learned feature ``f`` contributes ``a * w_f * (x_f - baseline_f)`` with
        ``baseline_f = 0``; a prior feature contributes
        ``shift_f * x_f``. The contributions of a statement sum to its log-odds
        minus ``baseline_logit_``. Zero contributions are left out.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to explain.

        Returns
        -------
        list of list of Reason
            One list per statement, sorted by decreasing ``abs(effect)``.
        """
        return _reasons(self._contributions(self.transform_features(statements)))

    def score(self, statements: Sequence[Statement]) -> list[ScoredStatement]:
        """Return each statement with its features, credibility, band and reasons.

        Parameters
        ----------
        statements : sequence of Statement
            Statements to score.

        Returns
        -------
        list of ScoredStatement
            In input order; credibility rounded to 4 decimals, band from ``thresholds``.
        """
        statements = _check_statements(statements)
        frame = self.transform_features(statements)
        probs = _expit(self._logits(frame))
        reasons = _reasons(self._contributions(frame))
        names = [str(c) for c in frame.columns]
        rows = frame.to_numpy(dtype=float).tolist()  # plain floats: no per-row pandas access
        scored = []
        for i, statement in enumerate(statements):
            credibility = round(float(probs[i]), 4)
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


def _check_affine(
    calibrator: CalibratedClassifierCV,
    lr: LogisticRegression,
    X: np.ndarray,
    slope: float,
    intercept: float,
) -> None:
    """Check that the calibrator's log-odds equal ``slope * decision + intercept``."""
    p = np.clip(calibrator.predict_proba(X)[:, 1], _LOGIT_CLIP, 1 - _LOGIT_CLIP)
    expected = _expit(slope * lr.decision_function(X) + intercept)
    expected = np.clip(expected, _LOGIT_CLIP, 1 - _LOGIT_CLIP)
    if not np.allclose(p, expected, rtol=0, atol=_AFFINE_TOLERANCE):
        msg = (
            "the sigmoid calibration is not affine in the decision function; scikit-learn changed?"
        )
        raise RuntimeError(msg)


def _expit(z: np.ndarray) -> np.ndarray:
    """Return the logistic function of ``z`` (without overflow warnings)."""
    return np.asarray(expit(np.asarray(z, dtype=float)), dtype=float)


def _reasons(contributions: pd.DataFrame) -> list[list[Reason]]:
    """Return the non-zero contributions of each row as reasons, largest first."""
    names = list(contributions.columns)
    values = contributions.to_numpy(dtype=float)
    out = []
    for row in values:
        order = sorted(
            (i for i in range(len(names)) if row[i] != 0.0),
            key=lambda i: (-abs(row[i]), names[i]),
        )
        out.append([Reason(names[i], float(row[i])) for i in order])
    return out
