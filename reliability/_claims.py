"""The ``claims`` model: calibrated credibility of statements with a named speaker.

Input is a table of statements with speaker metadata (SPEC, ``score_claims``): the
text, the speaker, their title, party and state, the venue, and the speaker's prior
track record as counts of earlier rulings that never include the statement scored.

The credibility is a logistic regression over named sparse features (the words and
characters of the statement, the venue and title words, the speaker's type, party,
state and identity, the track record and the hedges), calibrated on data held out
from training with scikit-learn (``CalibratedClassifierCV(FrozenEstimator(lr))``).
When the chosen calibration is affine in the regression's log-odds (sigmoid or
temperature), each reason is an exact share of the final log-odds.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit, logit
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.utils.validation import check_is_fitted

from reliability._calibration import brier_score
from reliability._exceptions import SchemaError
from reliability._model import CALIBRATION_METHODS, band_for
from reliability._records import HEDGE_KINDS, Reason

__all__ = [
    "CALIBRATION_METHODS",
    "CLAIMS_MODEL",
    "CREDIBLE_RULINGS",
    "LEARNED_PRIOR_COLUMNS",
    "PRIOR_COLUMNS",
    "RULINGS",
    "STRING_COLUMNS",
    "TEXT_COLUMN",
    "ClaimsFeatures",
    "ClaimsModel",
    "check_claims",
    "score_claims",
]

#: Name of the shipped model in ``trained/``.
CLAIMS_MODEL = "claims"
TEXT_COLUMN = "text"
#: Optional text columns of the input; missing ones (or missing values) count as empty.
STRING_COLUMNS = ("speaker", "speaker_title", "party", "state", "venue")
#: Optional counts of the speaker's earlier rulings, worst first (SPEC).
PRIOR_COLUMNS = (
    "prior_pants_fire",
    "prior_false",
    "prior_barely_true",
    "prior_half_true",
    "prior_mostly_true",
    "prior_true",
)
#: The counts the model learns from: LIAR's credit history has no count of true rulings.
LEARNED_PRIOR_COLUMNS = PRIOR_COLUMNS[:5]
#: PolitiFact's six rulings, worst first (LIAR's labels).
RULINGS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
#: Rulings counted as accurate in the binary task ("half-true or better").
CREDIBLE_RULINGS = frozenset(RULINGS[3:])
#: Upper edges of the track-record size bins (rulings before this statement).
RECORD_SIZE_EDGES = (1, 2, 5, 10, 25, 50, 100)
#: Upper edges of the bins of the share of false-or-worse earlier rulings.
FALSE_SHARE_EDGES = (0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
#: Largest gap tolerated between the calibrator and its affine form for exact reasons.
_AFFINE_TOLERANCE = 1e-6
#: Folds of the held-out claims used to compare calibration methods.
_CALIBRATION_FOLDS = 5
_LOGIT_CLIP = 1e-12


# -- input ---------------------------------------------------------------------


def _row_label(frame: pd.DataFrame, position: int) -> str:
    """Name a row by its index label (and position when the index is not the default)."""
    label = frame.index[position]
    if isinstance(frame.index, pd.RangeIndex) and label == position:
        return f"row {position}"
    return f"row {label!r} (position {position})"


def _is_missing(value: Any) -> bool:
    """Return whether a cell is empty: None, NaN or pandas' NA."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def check_claims(df: Any) -> pd.DataFrame:
    """Return a clean copy of a claims table: every SPEC column, checked and typed.

    Parameters
    ----------
    df : DataFrame
        A ``text`` column (required) and any of ``speaker``, ``speaker_title``,
        ``party``, ``state``, ``venue`` and the six ``prior_*`` counts.

    Returns
    -------
    DataFrame
        Same index; ``text`` and the optional text columns as ``str`` (missing
        columns and missing values as ``""``), the counts as ``int`` (missing
        columns and missing values as 0: no known record).

    Raises
    ------
    SchemaError
        When ``df`` is not a DataFrame, ``text`` is missing or holds a non-string,
        an optional text column holds a non-string, or a count is negative, not a
        whole number or not numeric. The message names the column and the row;
        ``field`` is the column.

    Examples
    --------
    >>> check_claims(pd.DataFrame({"text": ["Taxes doubled."]}))["prior_false"].tolist()
    [0]
    """
    if not isinstance(df, pd.DataFrame):
        msg = f"expected a pandas DataFrame of claims (got {type(df).__name__})"
        raise SchemaError(msg, field=None)
    if TEXT_COLUMN not in df.columns:
        msg = f"missing required column 'text'; columns: {', '.join(map(str, df.columns))}"
        raise SchemaError(msg, field=TEXT_COLUMN)
    out = pd.DataFrame(index=df.index)
    for i, value in enumerate(df[TEXT_COLUMN].tolist()):
        if not isinstance(value, str):
            msg = f"'text' must be a string (got {type(value).__name__} at {_row_label(df, i)})"
            raise SchemaError(msg, field=TEXT_COLUMN)
    out[TEXT_COLUMN] = df[TEXT_COLUMN].astype(str)
    for column in STRING_COLUMNS:
        if column not in df.columns:
            out[column] = ""
            continue
        values = []
        for i, value in enumerate(df[column].tolist()):
            if _is_missing(value):
                values.append("")
            elif isinstance(value, str):
                values.append(value)
            else:
                kind = type(value).__name__
                msg = f"{column!r} must be a string (got {kind} at {_row_label(df, i)})"
                raise SchemaError(msg, field=column)
        out[column] = pd.Series(values, index=df.index, dtype=object)
    for column in PRIOR_COLUMNS:
        if column not in df.columns:
            out[column] = 0
            continue
        counts = []
        for i, value in enumerate(df[column].tolist()):
            counts.append(_check_count(value, column, _row_label(df, i)))
        out[column] = pd.Series(counts, index=df.index, dtype=np.int64)
    return out


def _check_count(value: Any, column: str, where: str) -> int:
    """Return a count cell as an int, or raise naming the column and row."""
    if _is_missing(value):
        return 0
    problem = None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        problem = f"a number (got {type(value).__name__} {value!r}"
    elif not math.isfinite(float(value)) or float(value) != int(value):
        problem = f"a whole number (got {value!r}"
    elif value < 0:
        problem = f"non-negative (got {value!r}"
    if problem is not None:
        msg = f"{column!r} must be {problem} at {where})"
        raise SchemaError(msg, field=column)
    return int(value)


def _rulings(y: Any, n: int) -> np.ndarray:
    """Return ``y`` as an array of rulings, checked."""
    if isinstance(y, str):
        msg = "'y' must be a sequence of rulings (got a str)"
        raise TypeError(msg)
    arr = np.asarray(list(y), dtype=object)
    if arr.shape != (n,):
        msg = f"'y' must have one ruling per claim ({n}) (got shape {arr.shape})"
        raise ValueError(msg)
    unknown = sorted({str(v) for v in arr if v not in RULINGS})
    if unknown:
        msg = f"'y' must hold rulings in {RULINGS} (got {unknown[:3]!r})"
        raise ValueError(msg)
    return arr


# -- features --------------------------------------------------------------------


def _norm(value: str) -> str:
    """Lower-case and collapse whitespace, for categories."""
    return " ".join(value.lower().split())


class _Categories:
    """One-hot columns for the values seen at least ``min_count`` times; others all-zero."""

    def __init__(self, prefix: str, values: Iterable[str], min_count: int) -> None:
        counts: dict[str, int] = {}
        for v in values:
            if v:
                counts[v] = counts.get(v, 0) + 1
        self.prefix = prefix
        self.categories = tuple(sorted(k for k, c in counts.items() if c >= min_count))
        self.index = {c: i for i, c in enumerate(self.categories)}

    def transform(self, values: Sequence[str]) -> sp.csr_matrix:
        rows, cols = [], []
        for r, v in enumerate(values):
            j = self.index.get(v)
            if j is not None:
                rows.append(r)
                cols.append(j)
        data = np.ones(len(rows))
        return sp.csr_matrix((data, (rows, cols)), shape=(len(values), len(self.categories)))

    def names(self) -> list[str]:
        return [f"{self.prefix}={c}" for c in self.categories]


def _bin_labels(edges: Sequence[float], fmt: Callable[[float], str]) -> list[str]:
    """Readable labels of bins with the given upper edges: ``a-b`` (the first from 0)."""
    labels, low = [], None
    for edge in edges:
        labels.append(f"{fmt(edge)}" if low is None else f"{fmt(low)}-{fmt(edge)}")
        low = edge
    labels.append(f">{fmt(edges[-1])}")
    return labels


class ClaimsFeatures(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Named sparse features of claims with speaker metadata.

    Blocks (each column is named ``block=value`` or ``block_measure``):

    * ``text_word``, ``text_char``: TF-IDF of the statement's word and character n-grams;
    * ``venue``, ``speaker_title``: TF-IDF of the venue's and title's words;
    * ``speaker_type``, ``party``, ``state``: one-hot of the values seen in training
      often enough (the speaker's type from ``features._source_type.liar_speaker_type``);
      ``speaker`` too when ``speaker_identity`` is set;
    * the track record (the five ``prior_*`` counts LIAR has): per ruling the log
      count and its smoothed share beside the training share, the log size of the
      record, the record's size bin and the bin of its share of false-or-worse rulings.
      A speaker without a record has every record column 0;
    * ``hedge_<kind>``: log count of the hedges of each kind (``find_hedges``).

    Block weights scale the columns before the regression, which is the same as
    weaker regularisation on the heavier blocks.

    Parameters
    ----------
    word_ngram_range, char_ngram_range : tuple of int
        N-gram ranges of the statement's word and character TF-IDF.
    min_df : int, default=2
        Minimum document frequency of a word n-gram (and of venue and title words).
    char_min_df : int, default=3
        Minimum document frequency of a character n-gram.
    max_char_features : int, default=50000
        Largest number of character n-grams kept (the most frequent).
    category_min_count : int, default=5
        Least number of training rows for a type, party or state to get a column.
    speaker_identity : bool, default=False
        Add a one-hot column per speaker. Off by default: on LIAR, whose counts are
        one snapshot per speaker, speaker identity plus the counts minus the own
        ruling lets a model read the ruling off the gap (see ``trained/claims.md``).
    speaker_min_count : int, default=2
        Least number of training rows for a speaker to get a column.
    record_smoothing : float, default=2.0
        Pseudo-count pulling a short record's shares towards the training shares.
    text_weight, metadata_weight, hedge_weight : float
        Scale of the text blocks, of the speaker, venue and record blocks, and of
        the hedge block.
    speaker_type : callable, optional
        ``(speaker, speaker_title, party) -> source type``; default
        ``features._source_type.liar_speaker_type``.
    find_hedges : callable, optional
        ``text -> spans with kind``; default ``features._hedging.find_hedges``.

    Attributes
    ----------
    feature_names_ : ndarray of str
        Name of every output column.
    feature_groups_ : ndarray of str
        The reason each column counts towards: ``text``, ``venue``,
        ``speaker_title``, ``speaker_type=...``, ``party=...``, ``state=...``,
        (``speaker=...``), ``prior_<ruling>``, ``prior_record_size``,
        ``prior_false_share``, ``hedge_<kind>``.
    record_base_ : ndarray of shape (5,)
        Share of each ruling over the training records' counts.

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["Taxes went up.", "Crime fell."], "party": ["a", "b"]})
    >>> ClaimsFeatures(min_df=1, char_min_df=1, category_min_count=1).fit(frame).transform(
    ...     frame
    ... ).shape[0]
    2
    """

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (2, 5),
        min_df: int = 2,
        char_min_df: int = 3,
        max_char_features: int = 50000,
        category_min_count: int = 5,
        speaker_identity: bool = False,
        speaker_min_count: int = 2,
        record_smoothing: float = 2.0,
        text_weight: float = 1.0,
        metadata_weight: float = 1.0,
        hedge_weight: float = 1.0,
        speaker_type: Callable[[str, str, str], str] | None = None,
        find_hedges: Callable[[str], Sequence[Any]] | None = None,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.char_min_df = char_min_df
        self.max_char_features = max_char_features
        self.category_min_count = category_min_count
        self.speaker_identity = speaker_identity
        self.speaker_min_count = speaker_min_count
        self.record_smoothing = record_smoothing
        self.text_weight = text_weight
        self.metadata_weight = metadata_weight
        self.hedge_weight = hedge_weight
        self.speaker_type = speaker_type
        self.find_hedges = find_hedges

    def _check_params(self) -> None:
        """Reject parameter values ``fit`` cannot use."""
        for name in ("text_weight", "metadata_weight", "hedge_weight", "record_smoothing"):
            value = getattr(self, name)
            if not (isinstance(value, numbers.Real) and value >= 0):
                msg = f"{name!r} must be a non-negative number (got {value!r})"
                raise ValueError(msg)
        for name in ("min_df", "char_min_df", "category_min_count", "speaker_min_count"):
            value = getattr(self, name)
            if not (isinstance(value, numbers.Integral) and value >= 1):
                msg = f"{name!r} must be a positive integer (got {value!r})"
                raise ValueError(msg)

    def _derive(self, frame: pd.DataFrame) -> dict[str, Any]:
        """Return the per-row values the blocks are built from."""
        speaker_type = self.speaker_type
        if speaker_type is None:
            from features._source_type import liar_speaker_type as speaker_type
        find_hedges = self.find_hedges
        if find_hedges is None:
            from features._hedging import find_hedges
        hedges = np.zeros((len(frame), len(HEDGE_KINDS)))
        kinds = {k: i for i, k in enumerate(HEDGE_KINDS)}
        for r, text in enumerate(frame[TEXT_COLUMN]):
            for span in find_hedges(text):
                if span.kind in kinds:
                    hedges[r, kinds[span.kind]] += 1
        types = [
            speaker_type(s, t, p) if (s or t or p) else ""
            for s, t, p in zip(
                frame["speaker"], frame["speaker_title"], frame["party"], strict=True
            )
        ]
        return {
            "speaker_type": types,
            "party": [_norm(v) for v in frame["party"]],
            "state": [_norm(v) for v in frame["state"]],
            "speaker": [_norm(v) for v in frame["speaker"]],
            "record": frame.loc[:, list(LEARNED_PRIOR_COLUMNS)].to_numpy(dtype=float),
            "hedges": hedges,
        }

    def fit(self, X: pd.DataFrame, y: Any = None) -> ClaimsFeatures:
        """Learn the vocabularies, categories and record shares of a claims table.

        Parameters
        ----------
        X : DataFrame
            Claims as read by :func:`check_claims`.
        y : ignored

        Returns
        -------
        self : ClaimsFeatures
            The fitted transformer.
        """
        self._check_params()
        frame = check_claims(X)
        derived = self._derive(frame)
        self.word_ = TfidfVectorizer(
            ngram_range=self.word_ngram_range, min_df=self.min_df, sublinear_tf=True
        ).fit(frame[TEXT_COLUMN])
        self.char_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.char_ngram_range,
            min_df=self.char_min_df,
            max_features=self.max_char_features,
            sublinear_tf=True,
        ).fit(frame[TEXT_COLUMN])
        self.venue_ = _fit_optional_tfidf(frame["venue"], (1, 2), self.min_df)
        self.title_ = _fit_optional_tfidf(frame["speaker_title"], (1, 1), self.min_df)
        self.categories_ = {
            name: _Categories(name, derived[name], self.category_min_count)
            for name in ("speaker_type", "party", "state")
        }
        if self.speaker_identity:
            self.categories_["speaker"] = _Categories(
                "speaker", derived["speaker"], self.speaker_min_count
            )
        totals = derived["record"].sum(axis=0)
        n = totals.sum()
        base = totals / n if n > 0 else np.full(len(LEARNED_PRIOR_COLUMNS), 0.2)
        self.record_base_ = base
        names, groups = self._names()
        self.feature_names_ = np.asarray(names, dtype=object)
        self.feature_groups_ = np.asarray(groups, dtype=object)
        self.n_features_out_ = len(names)
        return self

    def _names(self) -> tuple[list[str], list[str]]:
        """Return the output column names and the reason group of each."""
        names: list[str] = []
        groups: list[str] = []

        def add(block: list[str], group: str | list[str]) -> None:
            names.extend(block)
            groups.extend([group] * len(block) if isinstance(group, str) else group)

        add([f"text_word={t}" for t in self.word_.get_feature_names_out()], "text")
        add([f"text_char={t}" for t in self.char_.get_feature_names_out()], "text")
        add([f"venue={t}" for t in _vocabulary(self.venue_)], "venue")
        add([f"speaker_title={t}" for t in _vocabulary(self.title_)], "speaker_title")
        for name in self.categories_:
            block = self.categories_[name].names()
            add(block, block)
        add([f"{c}_log" for c in LEARNED_PRIOR_COLUMNS], list(LEARNED_PRIOR_COLUMNS))
        add([f"{c}_share" for c in LEARNED_PRIOR_COLUMNS], list(LEARNED_PRIOR_COLUMNS))
        add(["prior_record_log"], "prior_record_size")
        size = _bin_labels(RECORD_SIZE_EDGES, lambda e: str(int(e)))
        add([f"prior_record_size={s}" for s in size], "prior_record_size")
        share = _bin_labels(FALSE_SHARE_EDGES[:-1], lambda e: f"{e:g}")
        add([f"prior_false_share={s}" for s in share], "prior_false_share")
        add([f"hedge_{k}" for k in HEDGE_KINDS], [f"hedge_{k}" for k in HEDGE_KINDS])
        return names, groups

    def _record(self, record: np.ndarray) -> np.ndarray:
        """Return the dense track-record columns; all 0 for a speaker without a record."""
        total = record.sum(axis=1, keepdims=True)
        has = (total > 0).astype(float)
        alpha = float(self.record_smoothing)
        base = self.record_base_[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(has > 0, (record + alpha * base) / (total + alpha) - base, 0.0)
        size_bin = np.searchsorted(np.asarray(RECORD_SIZE_EDGES, dtype=float), total[:, 0])
        size = np.zeros((len(record), len(RECORD_SIZE_EDGES) + 1))
        size[np.arange(len(record)), size_bin] = has[:, 0]
        # Columns 0-1 of the learned counts are pants-fire and false: "false or worse".
        false_share = np.where(
            has[:, 0] > 0, record[:, :2].sum(axis=1) / np.maximum(total[:, 0], 1), 0.0
        )
        edges = np.asarray(FALSE_SHARE_EDGES[:-1], dtype=float)
        share_bin = np.searchsorted(edges, false_share, side="left")
        shares = np.zeros((len(record), len(FALSE_SHARE_EDGES)))
        shares[np.arange(len(record)), share_bin] = has[:, 0]
        return np.hstack([np.log1p(record), share, np.log1p(total), size, shares])

    def transform(self, X: pd.DataFrame) -> sp.csr_matrix:
        """Return the weighted feature matrix of a claims table.

        Parameters
        ----------
        X : DataFrame
            Claims as read by :func:`check_claims`.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_claims, n_features_out_)
            Columns named by :meth:`get_feature_names_out`.
        """
        check_is_fitted(self)
        frame = check_claims(X)
        derived = self._derive(frame)
        n = len(frame)
        text_w, meta_w = float(self.text_weight), float(self.metadata_weight)
        blocks = [
            self.word_.transform(frame[TEXT_COLUMN]) * text_w,
            self.char_.transform(frame[TEXT_COLUMN]) * text_w,
            _transform_optional(self.venue_, frame["venue"], n) * meta_w,
            _transform_optional(self.title_, frame["speaker_title"], n) * meta_w,
        ]
        for name in self.categories_:
            blocks.append(self.categories_[name].transform(derived[name]) * meta_w)
        blocks.append(sp.csr_matrix(self._record(derived["record"]) * meta_w))
        blocks.append(sp.csr_matrix(np.log1p(derived["hedges"]) * float(self.hedge_weight)))
        out = sp.hstack(blocks, format="csr", dtype=float)
        out.eliminate_zeros()
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Return the name of every output column.

        Parameters
        ----------
        input_features : ignored

        Returns
        -------
        ndarray of str
            In column order.
        """
        check_is_fitted(self)
        return self.feature_names_.copy()

    def __sklearn_is_fitted__(self) -> bool:
        """Return whether ``fit`` has run."""
        return hasattr(self, "feature_names_")

    def __getstate__(self) -> dict[str, Any]:
        """Return the state to pickle, without the vectorizers' process-specific caches."""
        state = super().__getstate__()
        # scikit-learn's word vectorizers cache ``id(self.stop_words)`` (a memory
        # address) once they have built an analyzer; pickled, it makes two identical
        # models differ byte for byte between processes. It is only a cache.
        for key in ("word_", "char_", "venue_", "title_"):
            vectorizer = state.get(key)
            if vectorizer is not None and hasattr(vectorizer, "_stop_words_id"):
                vectorizer = copy.copy(vectorizer)
                del vectorizer._stop_words_id
                state[key] = vectorizer
        return state


def _fit_optional_tfidf(values: pd.Series, ngrams: tuple[int, int], min_df: int) -> Any:
    """Fit a word TF-IDF on a column that may be empty everywhere (then return None)."""
    try:
        return TfidfVectorizer(ngram_range=ngrams, min_df=min_df, sublinear_tf=True).fit(values)
    except ValueError:  # empty vocabulary: no value in the column has a word kept
        return None


def _transform_optional(vectorizer: Any, values: pd.Series, n: int) -> sp.csr_matrix:
    """Transform with an optional vectorizer (no columns when it is None)."""
    if vectorizer is None:
        return sp.csr_matrix((n, 0))
    return vectorizer.transform(values)


def _vocabulary(vectorizer: Any) -> list[str]:
    """Return the terms of an optional vectorizer."""
    return [] if vectorizer is None else [str(t) for t in vectorizer.get_feature_names_out()]


# -- model -----------------------------------------------------------------------


class ClaimsModel(ClassifierMixin, BaseEstimator):
    """Calibrated probability that a claim is accurate (half-true or better), with reasons.

    ``fit`` holds out ``calibration_size`` of the training claims (stratified by
    ruling), fits the features and a logistic regression on the rest, and calibrates
    the frozen regression on the held-out part. With ``calibration="auto"`` the
    method (sigmoid, temperature or isotonic) is the one with the lowest Brier
    score in 5-fold cross-validation within the held-out part. A multinomial
    regression on the same features, temperature-calibrated on the same held-out
    part, predicts the six-way ruling.

    Parameters
    ----------
    features : transformer, optional
        Claims table to named columns; default :class:`ClaimsFeatures`. Cloned in ``fit``.
    C : float, default=0.3
        Inverse L2 regularisation of the binary regression.
    ruling_C : float, optional
        Inverse L2 regularisation of the six-way regression; default ``C``.
    calibration : {"auto", "sigmoid", "temperature", "isotonic"}, default="auto"
        Calibration of the binary regression.
    calibration_size : float, default=0.2
        Fraction of the training claims held out for calibration.
    max_iter : int, default=3000
        Iterations of the regressions' solver.
    random_state : int, default=0
        Seed of the held-out split and of the calibration folds.
    thresholds : tuple of two floats, default=(0.4, 0.6)
        Band limits: ``low < t0 <= uncertain < t1 <= high``.

    Attributes
    ----------
    features_ : transformer
        The fitted features.
    lr_ : LogisticRegression
        The binary regression (1 = accurate).
    calibration_ : str
        The calibration method in use.
    calibration_scores_ : dict of str to float
        Cross-validated Brier score of each method tried on the held-out part.
    calibrator_ : CalibratedClassifierCV
        The calibrated frozen ``lr_``.
    affine_ : bool
        Whether the calibrated log-odds are ``slope_ * decision + intercept_``
        (sigmoid, temperature): then reasons are exact.
    slope_, intercept_ : float
        The affine map (``nan`` when not affine).
    ruling_lr_ : LogisticRegression
        The six-way regression.
    ruling_calibrator_ : CalibratedClassifierCV
        Its temperature calibration.
    rulings_ : tuple of str
        The six rulings, in the column order of :meth:`predict_ruling_proba`.
    classes_ : ndarray
        ``[0, 1]``; 1 means the claim is accurate.

    Examples
    --------
    >>> model = ClaimsModel().fit(frame, rulings)  # doctest: +SKIP
    >>> model.score(frame)[["credibility", "band", "reasons"]]  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        features: Any = None,
        C: float = 0.3,
        ruling_C: float | None = None,
        calibration: str = "auto",
        calibration_size: float = 0.2,
        max_iter: int = 3000,
        random_state: int | None = 0,
        thresholds: tuple[float, float] = (0.4, 0.6),
    ) -> None:
        self.features = features
        self.C = C
        self.ruling_C = ruling_C
        self.calibration = calibration
        self.calibration_size = calibration_size
        self.max_iter = max_iter
        self.random_state = random_state
        self.thresholds = thresholds

    def _check_params(self) -> None:
        """Reject parameter values ``fit`` cannot use."""
        allowed = ("auto", *CALIBRATION_METHODS)
        if self.calibration not in allowed:
            msg = f"'calibration' must be in {allowed} (got {self.calibration!r})"
            raise ValueError(msg)
        for name in ("C", "ruling_C"):
            value = getattr(self, name)
            if value is None and name == "ruling_C":
                continue
            if not (isinstance(value, numbers.Real) and value > 0):
                msg = f"{name!r} must be a positive number (got {value!r})"
                raise ValueError(msg)
        if not 0.0 < self.calibration_size < 1.0:
            msg = f"'calibration_size' must be in (0, 1) (got {self.calibration_size!r})"
            raise ValueError(msg)
        low, high = self.thresholds
        if not 0.0 <= low <= high <= 1.0:
            msg = f"'thresholds' must satisfy 0 <= low <= high <= 1 (got {self.thresholds!r})"
            raise ValueError(msg)

    def fit(self, X: pd.DataFrame, y: Iterable[str]) -> ClaimsModel:
        """Fit features, regressions and calibrations on claims with their rulings.

        Parameters
        ----------
        X : DataFrame
            Claims (see :func:`check_claims`).
        y : sequence of str
            One of :data:`RULINGS` per claim.

        Returns
        -------
        self : ClaimsModel
            The fitted model.
        """
        self._check_params()
        frame = check_claims(X)
        rulings = _rulings(y, len(frame))
        y_bin = np.isin(rulings, list(CREDIBLE_RULINGS)).astype(int)
        y_six = np.array([RULINGS.index(r) for r in rulings])
        if len(np.unique(y_bin)) < 2:
            msg = "'y' must hold accurate and inaccurate rulings"
            raise ValueError(msg)
        fit_idx, cal_idx = train_test_split(
            np.arange(len(frame)),
            test_size=self.calibration_size,
            random_state=self.random_state,
            stratify=y_six if np.bincount(y_six).min() >= 2 else y_bin,
        )
        features = clone(self.features) if self.features is not None else ClaimsFeatures()
        X_fit = features.fit_transform(frame.iloc[fit_idx])
        X_cal = features.transform(frame.iloc[cal_idx])

        lr = LogisticRegression(C=self.C, max_iter=self.max_iter)
        lr.fit(X_fit, y_bin[fit_idx])
        scores = self._calibration_scores(lr, X_cal, y_bin[cal_idx])
        method = min(scores, key=lambda m: (np.nan_to_num(scores[m]), CALIBRATION_METHODS.index(m)))
        calibrator = CalibratedClassifierCV(FrozenEstimator(lr), method=method)
        calibrator.fit(X_cal, y_bin[cal_idx])

        ruling_lr = LogisticRegression(
            C=self.C if self.ruling_C is None else self.ruling_C, max_iter=self.max_iter
        )
        ruling_lr.fit(X_fit, y_six[fit_idx])
        ruling_calibrator = CalibratedClassifierCV(FrozenEstimator(ruling_lr), method="temperature")
        ruling_calibrator.fit(X_cal, y_six[cal_idx])

        self.features_ = features
        self.feature_names_ = np.asarray(features.get_feature_names_out(), dtype=object)
        self.feature_groups_ = _feature_groups(features, self.feature_names_)
        self.lr_ = lr
        self.calibration_ = method
        self.calibration_scores_ = {m: round(s, 6) for m, s in scores.items()}
        self.calibrator_ = calibrator
        self.affine_, self.slope_, self.intercept_ = _affine_form(calibrator, lr, X_cal)
        self.ruling_lr_ = ruling_lr
        self.ruling_calibrator_ = ruling_calibrator
        self.rulings_ = tuple(RULINGS[i] for i in ruling_lr.classes_)
        self.classes_ = np.array([0, 1])
        self.n_train_, self.n_calibration_ = len(fit_idx), len(cal_idx)
        return self

    def _calibration_scores(
        self, lr: LogisticRegression, X_cal: sp.csr_matrix, y_cal: np.ndarray
    ) -> dict[str, float]:
        """Return the cross-validated Brier score of each candidate calibration."""
        methods = CALIBRATION_METHODS if self.calibration == "auto" else (self.calibration,)
        # CalibratedClassifierCV itself splits its input in 5 (it needs 5 of each class).
        if len(methods) == 1 or np.bincount(y_cal, minlength=2).min() < 5 * _CALIBRATION_FOLDS:
            # Too few held-out claims of one class to compare methods: the first one.
            return {methods[0]: float("nan")}
        folds = StratifiedKFold(
            n_splits=_CALIBRATION_FOLDS, shuffle=True, random_state=self.random_state
        )
        scores = {}
        for method in methods:
            p = np.zeros(len(y_cal))
            for train, test in folds.split(X_cal, y_cal):
                cal = CalibratedClassifierCV(FrozenEstimator(lr), method=method)
                cal.fit(X_cal[train], y_cal[train])
                p[test] = cal.predict_proba(X_cal[test])[:, 1]
            scores[method] = brier_score(y_cal, p)
        return scores

    # -- prediction ------------------------------------------------------------------

    def transform_features(self, X: pd.DataFrame) -> sp.csr_matrix:
        """Return the feature matrix of a claims table (columns ``feature_names_``)."""
        check_is_fitted(self)
        return self.features_.transform(X)

    def _probability(self, Xf: sp.csr_matrix) -> np.ndarray:
        """Return P(accurate) of feature rows."""
        if self.affine_:
            return np.asarray(expit(self.slope_ * self.lr_.decision_function(Xf) + self.intercept_))
        return np.asarray(self.calibrator_.predict_proba(Xf)[:, 1])

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Return the calibrated log-odds that each claim is accurate.

        Parameters
        ----------
        X : DataFrame
            Claims.

        Returns
        -------
        ndarray of shape (n_claims,)
            ``logit(P(accurate))`` (clipped to +-27.6 for an isotonic 0 or 1).
        """
        Xf = self.transform_features(X)
        if self.affine_:
            return np.asarray(self.slope_ * self.lr_.decision_function(Xf) + self.intercept_)
        p = np.clip(self._probability(Xf), _LOGIT_CLIP, 1 - _LOGIT_CLIP)
        return np.asarray(logit(p))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Return ``[P(inaccurate), P(accurate)]`` per claim.

        Parameters
        ----------
        X : DataFrame
            Claims.

        Returns
        -------
        ndarray of shape (n_claims, 2)
            Calibrated; rows sum to 1.
        """
        p = self._probability(self.transform_features(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Return 1 for claims with P(accurate) >= 0.5, else 0."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def predict_ruling_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Return the calibrated probability of each ruling (columns ``rulings_``).

        Parameters
        ----------
        X : DataFrame
            Claims.

        Returns
        -------
        ndarray of shape (n_claims, 6)
            Rows sum to 1.
        """
        return np.asarray(self.ruling_calibrator_.predict_proba(self.transform_features(X)))

    def predict_ruling(self, X: pd.DataFrame) -> np.ndarray:
        """Return the most probable of the six rulings per claim."""
        proba = self.predict_ruling_proba(X)
        return np.asarray(self.rulings_, dtype=object)[proba.argmax(axis=1)]

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Return each reason group's contribution to the log-odds, per claim.

        A column ``j`` contributes ``slope_ * w_j * x_j`` (``w_j * x_j`` when the
        calibration is not affine, in the regression's own log-odds), relative to
        a claim whose every feature is 0: no text, metadata, record or hedge. The
        groups are summed; a claim's row adds up to its log-odds minus
        :attr:`baseline_logit_`.

        Parameters
        ----------
        X : DataFrame
            Claims.

        Returns
        -------
        DataFrame
            One row per claim (same index as ``X``), one column per group.
        """
        index = X.index if isinstance(X, pd.DataFrame) else None
        return self._contributions(self.transform_features(X), index)

    def _contributions(self, Xf: sp.csr_matrix, index: Any = None) -> pd.DataFrame:
        """Return the group contributions of feature rows."""
        Xf = sp.csr_matrix(Xf)
        scale = self.slope_ if self.affine_ else 1.0
        weighted = Xf.multiply(self.lr_.coef_[0] * scale).tocsc()
        groups = pd.unique(self.feature_groups_)
        parts = {}
        for group in groups:
            cols = np.flatnonzero(self.feature_groups_ == group)
            parts[str(group)] = np.asarray(weighted[:, cols].sum(axis=1)).ravel()
        return pd.DataFrame(parts, index=index)

    @property
    def baseline_logit_(self) -> float:
        """Log-odds of a claim whose every feature is 0."""
        check_is_fitted(self)
        scale = self.slope_ if self.affine_ else 1.0
        shift = self.intercept_ if self.affine_ else 0.0
        return float(scale * self.lr_.intercept_[0] + shift)

    def explain(self, X: pd.DataFrame) -> list[list[Reason]]:
        """Return each claim's reasons: non-zero group contributions, largest first.

        Parameters
        ----------
        X : DataFrame
            Claims.

        Returns
        -------
        list of list of Reason
            One list per claim, sorted by decreasing ``abs(effect)``.
        """
        return _reasons(self.contributions(X))

    def score(self, X: pd.DataFrame) -> pd.DataFrame:
        """Return ``X`` with ``credibility``, ``band`` and ``reasons`` columns added.

        Parameters
        ----------
        X : DataFrame
            Claims (see :func:`check_claims`).

        Returns
        -------
        DataFrame
            A copy of ``X`` plus ``credibility`` (P(accurate), rounded to 4
            decimals), ``band`` and ``reasons`` (a list of
            ``{"feature", "effect"}`` per claim, as in the statement records).
        """
        Xf = self.transform_features(X)
        p = self._probability(Xf)
        reasons = _reasons(self._contributions(Xf))
        out = X.copy()
        credibility = [round(float(v), 4) for v in p]
        out["credibility"] = credibility
        out["band"] = [band_for(c, self.thresholds) for c in credibility]
        out["reasons"] = [[r.to_dict() for r in rs] for rs in reasons]
        return out

    def __sklearn_is_fitted__(self) -> bool:
        """Return whether ``fit`` has run."""
        return hasattr(self, "lr_")


def _reasons(contributions: pd.DataFrame) -> list[list[Reason]]:
    """Return the non-zero contributions of each row as reasons, largest first."""
    names = list(contributions.columns)
    out = []
    for row in contributions.to_numpy(dtype=float):
        order = sorted(
            (i for i in range(len(names)) if row[i] != 0.0),
            key=lambda i: (-abs(row[i]), names[i]),
        )
        out.append([Reason(names[i], float(row[i])) for i in order])
    return out


def _feature_groups(features: Any, names: np.ndarray) -> np.ndarray:
    """Return the reason group of each column: the transformer's, or the name's prefix."""
    groups = getattr(features, "feature_groups_", None)
    if groups is not None and len(groups) == len(names):
        return np.asarray(groups, dtype=object)
    return np.asarray([str(n).split("=")[0] for n in names], dtype=object)


def _affine_form(
    calibrator: CalibratedClassifierCV, lr: LogisticRegression, X: sp.csr_matrix
) -> tuple[bool, float, float]:
    """Return whether the calibrated log-odds are affine in the decision, and the map."""
    d = lr.decision_function(X)
    p = np.clip(calibrator.predict_proba(X)[:, 1], _LOGIT_CLIP, 1 - _LOGIT_CLIP)
    if np.ptp(d) == 0:
        return False, float("nan"), float("nan")
    slope, intercept = np.polyfit(d, logit(p), 1)
    if np.allclose(expit(slope * d + intercept), p, rtol=0, atol=_AFFINE_TOLERANCE):
        return True, float(slope), float(intercept)
    return False, float("nan"), float("nan")


def score_claims(df: pd.DataFrame, *, model: ClaimsModel | None = None) -> pd.DataFrame:
    """Score statements with speaker metadata: add ``credibility``, ``band`` and ``reasons``.

    Parameters
    ----------
    df : DataFrame
        Column ``text`` (required) and, optionally, ``speaker``, ``speaker_title``,
        ``party``, ``state``, ``venue`` and the speaker's prior track record
        ``prior_pants_fire``, ``prior_false``, ``prior_barely_true``,
        ``prior_half_true``, ``prior_mostly_true``, ``prior_true``: counts of
        earlier rulings, never including the statement scored. Missing optional
        columns or values count as empty or 0. ``prior_true`` is checked but has
        no effect: the training data has no count of true rulings.
    model : ClaimsModel, optional
        A fitted model; default the shipped ``claims`` model, loaded on first use
        through :func:`reliability.load_model` (its sha256 checked).

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``credibility`` (calibrated P(accurate), half-true
        or better, in [0, 1]), ``band`` (``low``/``uncertain``/``high``) and
        ``reasons`` (``[{"feature", "effect"}]``, log-odds contributions, largest
        first).

    Raises
    ------
    SchemaError
        When ``text`` is missing or not a string, or a count is negative or not
        a whole number; the message names the column and the row.

    Examples
    --------
    >>> import pandas as pd
    >>> out = score_claims(pd.DataFrame({"text": ["Crime fell 5% last year."],
    ...                                  "speaker": ["jane-doe"], "prior_false": [3]}))
    >>> out.loc[0, "band"] in ("low", "uncertain", "high")
    True
    """
    check_claims(df)  # bad input fails before a model is loaded
    if model is None:
        from reliability._loading import load_model

        model = load_model(CLAIMS_MODEL)
    if not isinstance(model, ClaimsModel):
        msg = f"score_claims needs a ClaimsModel (got {type(model).__name__})"
        raise TypeError(msg)
    return model.score(df)
