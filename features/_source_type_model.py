"""A learned reader of source types: a linear model over a mention, its sentence and the rules.

The rules of ``features._source_type`` know titles, bodies and named entities; a new name
("Okafor told supporters at a rally") or an unlisted noun ("the pediatricians") falls through
them. This classifier reads the mention's words, its head noun and the head's suffix, its
shape (a capitalised name, an honorific, a plural), the content words around it in the
sentence ("rally", "column", "fled", "shareholders") and what the rules found, and predicts
one of the SPEC types. A fitted classifier round-trips through a small weight table
(``to_table``/``from_table``), which is how ``source_type`` ships it: no pickle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from features._gazetteer import _APOSTROPHES, _function_words, _norms, _tokens
from features._lexicons import read_lexicon
from features._source_rules import first_of
from features._statements import TextInputMixin

__all__ = ["INTERCEPT", "SourceTypeClassifier", "mention_features"]

CONTEXT_BEFORE = 4  # words before the mention read as context
CONTEXT_AFTER = 8  # words after it ("told supporters at a rally")
CONTEXT_CHARS = 50  # characters before the mention scanned for those words (twice that after)
INTERCEPT = "(intercept)"  # the first row of a weight table
STOPWORDS_FILE = "stopwords.txt"  # words around a mention that are not features


def mention_features(
    mention: str, context: str = "", evidence: Sequence[str] = ()
) -> dict[str, float]:
    """Return the sparse features of a mention read in its sentence.

    Parameters
    ----------
    mention : str
        The source noun phrase.
    context : str, default=""
        The sentence it is in.
    evidence : sequence of str, default=()
        What the rules found ("final=government", "ctx=expert"), each a ``rule:`` feature.

    Returns
    -------
    dict of str to float
        Feature name to value: ``w=`` mention words, ``head=`` and ``suf=`` for the head noun,
        ``shape=`` flags, ``before=``/``after=``/``next=`` for the sentence around the mention,
        ``rule:`` for the rules' evidence.

    Examples
    --------
    >>> sorted(mention_features("Okafor", "Okafor told a rally."))[:3]
    ['after=rally', 'head=okafor', 'next=told']
    """
    words = _function_words()
    tokens = [t for t in _tokens(mention) if t.norm not in words["determiner"]]
    out: dict[str, float] = {}
    for token in tokens:
        out[f"w={token.norm}"] = 1.0
    boundary = first_of([t.norm for t in tokens], words["boundary"])
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
    at = context.find(mention) if mention else -1
    if at < 0 and mention:
        at = _APOSTROPHES.sub("'", context).lower().find(_APOSTROPHES.sub("'", mention).lower())
    if at >= 0:
        # Function words around a mention say nothing of its type and only add noise.
        stop = read_lexicon(STOPWORDS_FILE)
        # Bounded slices: enough characters for the words read, not the whole sentence.
        end = at + len(mention)
        before = _norms(context[max(0, at - CONTEXT_CHARS) : at])
        after = _norms(context[end : end + 2 * CONTEXT_CHARS])
        before, after = before[-CONTEXT_BEFORE:], after[:CONTEXT_AFTER]
        for word in before:
            if word not in stop:
                out[f"before={word}"] = 1.0
        for word in after:
            if word not in stop:
                out[f"after={word}"] = 1.0
        if after:
            out[f"next={after[0]}"] = 1.0
    for item in evidence:
        out[f"rule:{item}"] = 1.0
    return out


Item = tuple[str, str, tuple[str, ...]]


def _items(X: Any, who: str) -> list[Item]:
    """Return ``X`` as (mention, context, evidence) triples; a str item is a mention alone."""
    if isinstance(X, str):
        msg = f"{who} expects a sequence of mentions or (mention, context) pairs; got a single str"
        raise TypeError(msg)
    items: list[Item] = []
    for i, item in enumerate(X):
        if isinstance(item, str):
            items.append((item, "", ()))
        elif (
            isinstance(item, Sequence)
            and len(item) in (2, 3)
            and all(isinstance(s, str) for s in item[:2])
            and (len(item) == 2 or all(isinstance(e, str) for e in item[2]))
        ):
            items.append((item[0], item[1], tuple(item[2]) if len(item) == 3 else ()))
        else:
            msg = (
                f"{who} expects str, (mention, context) pairs or (mention, context, evidence) "
                f"triples; item {i} is {item!r}"
            )
            raise TypeError(msg)
    return items


class SourceTypeClassifier(TextInputMixin, ClassifierMixin, BaseEstimator):
    """Logistic regression over ``mention_features``: the learned reader of ``source_type``.

    Items are mentions, (mention, context) pairs or (mention, context, evidence) triples,
    where evidence lists what the rules found (see ``mention_features``).

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.
    min_df : int, default=1
        Features found in fewer training items are dropped (keeps the weight table small).

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature name to row of ``coef_``.
    coef_ : ndarray of shape (n_features, n_classes)
        The weight of each feature for each class.
    intercept_ : ndarray of shape (n_classes,)
        The bias of each class.
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

    def __init__(self, *, C: float = 1.0, min_df: int = 1) -> None:
        self.C = C
        self.min_df = min_df

    def fit(
        self, X: Sequence[Any], y: Sequence[str], sample_weight: Sequence[float] | None = None
    ) -> SourceTypeClassifier:
        """Learn from mentions, (mention, context) pairs or triples, and their types."""
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            msg = f"'C' must be a positive number (got {self.C!r})"
            raise ValueError(msg)
        if not (isinstance(self.min_df, int) and self.min_df >= 1):
            msg = f"'min_df' must be a positive int (got {self.min_df!r})"
            raise ValueError(msg)
        items = _items(X, type(self).__name__)
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(items):
            msg = f"X has {len(items)} items but y has {len(labels)}"
            raise ValueError(msg)
        dicts = [mention_features(*item) for item in items]
        if self.min_df > 1:
            counts = Counter(name for d in dicts for name in d)
            dicts = [{k: v for k, v in d.items() if counts[k] >= self.min_df} for d in dicts]
        vectorizer = DictVectorizer()
        features = vectorizer.fit_transform(dicts)
        model = LogisticRegression(C=self.C, max_iter=2000)
        # A small sparse problem: BLAS threads only add contention (seconds instead of 0.1 s).
        with threadpool_limits(limits=1):
            model.fit(features, labels, sample_weight=sample_weight)
        coef = model.coef_.T
        intercept = model.intercept_
        if coef.shape[1] == 1:  # binary: one score column for classes_[1]
            coef = np.column_stack([np.zeros(len(coef)), coef[:, 0]])
            intercept = np.array([0.0, intercept[0]])
        self.vocabulary_ = dict(vectorizer.vocabulary_)
        self.coef_ = np.ascontiguousarray(coef)
        self.intercept_ = np.asarray(intercept, dtype=float)
        self.classes_ = model.classes_
        return self

    @classmethod
    def from_table(cls, rows: Sequence[Mapping[str, str]]) -> SourceTypeClassifier:
        """Rebuild a fitted classifier from the rows ``to_table`` wrote (a shipped weight file).

        The first row, feature ``(intercept)``, holds the biases; the other columns are classes.
        """
        if not rows or rows[0].get("feature") != INTERCEPT:
            msg = f"a weight table must start with the row {INTERCEPT!r}"
            raise ValueError(msg)
        classes = [c for c in rows[0] if c != "feature"]
        clf = cls()
        clf.classes_ = np.asarray(classes, dtype=object)
        clf.intercept_ = np.asarray([float(rows[0][c]) for c in classes])
        clf.vocabulary_ = {row["feature"]: i for i, row in enumerate(rows[1:])}
        clf.coef_ = np.asarray(
            [[float(row[c]) for c in classes] for row in rows[1:]], dtype=float
        ).reshape(len(rows) - 1, len(classes))
        return clf

    def to_table(self, min_weight: float = 0.0, digits: int = 3) -> list[list[str]]:
        """Return the weights as rows (header first), dropping features no class weighs.

        A feature whose largest absolute weight is below ``min_weight`` is left out; weights
        are rounded to ``digits`` decimals, so the file stays small and diffs stay readable.
        """
        check_is_fitted(self)
        rows = [["feature", *map(str, self.classes_)]]
        rows.append([INTERCEPT, *(f"{w:.{digits}f}" for w in self.intercept_)])
        for name, column in sorted(self.vocabulary_.items()):
            weights = self.coef_[column]
            if np.abs(weights).max() >= max(min_weight, 0.5 * 10**-digits):
                rows.append([name, *(f"{w:.{digits}f}" for w in weights)])
        return rows

    def predict_proba(self, X: Sequence[Any]) -> np.ndarray:
        """Return the probability of each class, columns in ``classes_`` order.

        Computed by hand from the fitted weights: the extractor asks about one mention
        at a time, and the vectorizer's and classifier's input checks would cost a
        millisecond per call.
        """
        check_is_fitted(self)
        items = _items(X, type(self).__name__)
        vocabulary = self.vocabulary_
        scores = np.tile(self.intercept_, (len(items), 1))
        for row, item in enumerate(items):
            columns = [vocabulary[k] for k in mention_features(*item) if k in vocabulary]
            if columns:
                scores[row] += self.coef_[columns].sum(axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def proba_one(
        self, mention: str, context: str = "", evidence: Sequence[str] = ()
    ) -> np.ndarray:
        """Return ``predict_proba`` of one unchecked (mention, context, evidence) item, faster."""
        vocabulary = self.vocabulary_
        columns = [
            vocabulary[k] for k in mention_features(mention, context, evidence) if k in vocabulary
        ]
        scores = self.intercept_ + self.coef_[columns].sum(axis=0) if columns else self.intercept_
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def predict(self, X: Sequence[Any]) -> np.ndarray:
        """Return the most probable type of each mention."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
