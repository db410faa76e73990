"""A learned fallback for source types: a linear model over a mention's words and its sentence.

The rules of ``features._source_type`` know titles, bodies and named entities; a new name
("Okafor told supporters at a rally") or an unlisted noun ("the pediatricians") falls through
them. This classifier reads the mention's words, its head noun and the head's suffix, its
shape (a capitalised name, an honorific, a plural) and the words around it in the sentence
("rally", "column", "fled", "shareholders"), and predicts one of the SPEC types.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from features._gazetteer import _APOSTROPHES, _function_words, _tokens

__all__ = ["SourceTypeClassifier", "mention_features"]

CONTEXT_BEFORE = 4  # words before the mention read as context
CONTEXT_AFTER = 8  # words after it ("told supporters at a rally")


def mention_features(mention: str, context: str = "") -> dict[str, float]:
    """Return the sparse features of a mention read in its sentence.

    Parameters
    ----------
    mention : str
        The source noun phrase.
    context : str, default=""
        The sentence it is in.

    Returns
    -------
    dict of str to float
        Feature name to value: ``w=`` mention words, ``head=`` and ``suf=`` for the head noun,
        ``shape=`` flags, ``before=``/``after=``/``next=`` for the sentence around the mention.

    Examples
    --------
    >>> sorted(mention_features("Okafor", "Okafor told a rally."))[:3]
    ['after=a', 'after=rally', 'after=told']
    """
    words = _function_words()
    tokens = [t for t in _tokens(mention) if t.norm not in words["determiner"]]
    out: dict[str, float] = {}
    for token in tokens:
        out[f"w={token.norm}"] = 1.0
    boundary = next((i for i, t in enumerate(tokens) if t.norm in words["boundary"]), len(tokens))
    head_part = [t for t in tokens[:boundary] if t.norm not in words["honorific"]]
    if head_part:
        head = head_part[-1].norm
        out[f"head={head}"] = 1.0
        out[f"suf={head[-3:]}"] = 1.0
        out[f"suf4={head[-4:]}"] = 1.0
    names = [t for t in tokens if t.norm not in words["honorific"]]
    if names and all(t.surface[:1].isupper() for t in names):
        out["shape=name"] = 1.0
    if any(t.norm in words["honorific"] for t in tokens):
        out["shape=honorific"] = 1.0
    if head_part and head_part[-1].surface.islower() and head_part[-1].norm.endswith("s"):
        out["shape=plural"] = 1.0
    if not tokens:
        out["shape=empty"] = 1.0
    at = _APOSTROPHES.sub("'", context).lower().find(_APOSTROPHES.sub("'", mention).lower())
    if at >= 0:
        before = [t.norm for t in _tokens(context[:at])][-CONTEXT_BEFORE:]
        after = [t.norm for t in _tokens(context[at + len(mention) :])][:CONTEXT_AFTER]
        for word in before:
            out[f"before={word}"] = 1.0
        for word in after:
            out[f"after={word}"] = 1.0
        if after:
            out[f"next={after[0]}"] = 1.0
    return out


def _pairs(X: Any, who: str) -> list[tuple[str, str]]:
    """Return ``X`` as (mention, context) pairs; a plain str item is a mention alone."""
    if isinstance(X, str):
        msg = f"{who} expects a sequence of mentions or (mention, context) pairs; got a single str"
        raise TypeError(msg)
    pairs = []
    for i, item in enumerate(X):
        if isinstance(item, str):
            pairs.append((item, ""))
        elif (
            isinstance(item, Sequence) and len(item) == 2 and all(isinstance(s, str) for s in item)
        ):
            pairs.append((item[0], item[1]))
        else:
            msg = f"{who} expects str or (mention, context) pairs; item {i} is {item!r}"
            raise TypeError(msg)
    return pairs


class SourceTypeClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over ``mention_features``: the fallback of ``source_type``.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.

    Attributes
    ----------
    vectorizer_ : DictVectorizer
        The feature names seen in ``fit``.
    model_ : LogisticRegression
        The fitted model.
    classes_ : ndarray of str
        The source types seen in ``fit``.

    Examples
    --------
    >>> clf = SourceTypeClassifier().fit(
    ...     [("Jones", "Jones told a rally."), ("Smith", "Smith wrote in a column.")],
    ...     ["politician", "news_outlet"],
    ... )
    >>> clf.predict([("Brown", "Brown wrote in a column.")]).tolist()
    ['news_outlet']
    """

    def __init__(self, *, C: float = 1.0) -> None:
        self.C = C

    def fit(
        self, X: Sequence[Any], y: Sequence[str], sample_weight: Sequence[float] | None = None
    ) -> SourceTypeClassifier:
        """Learn from (mention, context) pairs, or mentions alone, and their types."""
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            msg = f"'C' must be a positive number (got {self.C!r})"
            raise ValueError(msg)
        pairs = _pairs(X, type(self).__name__)
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(pairs):
            msg = f"X has {len(pairs)} items but y has {len(labels)}"
            raise ValueError(msg)
        self.vectorizer_ = DictVectorizer()
        features = self.vectorizer_.fit_transform([mention_features(m, c) for m, c in pairs])
        self.model_ = LogisticRegression(C=self.C, max_iter=2000)
        # A small sparse problem: BLAS threads only add contention (seconds instead of 0.1 s).
        with threadpool_limits(limits=1):
            self.model_.fit(features, labels, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: Sequence[Any]) -> np.ndarray:
        """Return the probability of each class, columns in ``classes_`` order.

        Computed by hand from the fitted weights: the extractor asks about one mention
        at a time, and the vectorizer's and classifier's input checks would cost a
        millisecond per call.
        """
        check_is_fitted(self)
        pairs = _pairs(X, type(self).__name__)
        vocabulary = self.vectorizer_.vocabulary_
        separator = self.vectorizer_.separator
        weights = self.model_.coef_.T
        scores = np.tile(self.model_.intercept_, (len(pairs), 1))
        for row, (mention, context) in enumerate(pairs):
            for key, value in mention_features(mention, context).items():
                name = f"{key}{separator}{value}" if isinstance(value, str) else key
                column = vocabulary.get(name)
                if column is not None:
                    scores[row] += weights[column] * (1.0 if isinstance(value, str) else value)
        if scores.shape[1] == 1:  # binary: one score column for classes_[1]
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: Sequence[Any]) -> np.ndarray:
        """Return the most probable type of each mention."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
