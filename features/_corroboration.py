"""In-article corroboration: independent sources that assert or deny the same claim.

Two statements assert the same claim when their contents share enough content words
(Jaccard overlap of lower-cased words, function words removed). Each source entity
counts once however often it is quoted, so a source repeating itself is one source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from features._lexicons import read_lexicon
from features._statements import check_statements
from reliability._records import Statement

__all__ = ["CorroborationFeatures", "content_words"]

FEATURE_NAMES = (
    "corroboration_supporters",
    "corroboration_deniers",
    "corroboration_subject_denial",
    "corroboration_narrator_confirms",
)

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?")


def content_words(text: str) -> frozenset[str]:
    """Return the lower-cased content words of ``text`` (function words removed)."""
    stop = read_lexicon("stopwords.txt")
    return frozenset(
        w
        for w in (m.group(0).lower() for m in _WORD.finditer(text))
        if w not in stop and len(w) > 2
    )


def _source_key(statement: Statement) -> str:
    """Identity of a statement's source: its entity, else its mention, else the narrator."""
    if statement.source is None:
        return "<narrator>"
    return (statement.source.entity or statement.source.text).lower()


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class CorroborationFeatures(TransformerMixin, BaseEstimator):
    """Counts of independent sources in the same document that support or deny a statement.

    Statements are grouped by ``doc_id``; within a document, each statement is
    compared with the statements at most ``window`` positions away, so time grows
    linearly with the number of statements.

    Parameters
    ----------
    min_overlap : float, default=0.3
        Jaccard overlap of content words at which two statements assert the same claim.
    window : int, default=40
        How many statements before and after a statement are compared with it.

    Attributes
    ----------
    n_features_out_ : int
        Number of output columns.

    Examples
    --------
    >>> from reliability import extract_statements
    >>> text = "The army said the bridge was destroyed. The mayor denied the bridge was destroyed."
    >>> CorroborationFeatures().fit_transform(extract_statements(text))[0].tolist()
    [0.0, 1.0, 0.0, 0.0]
    """

    def __init__(self, *, min_overlap: float = 0.3, window: int = 40) -> None:
        self.min_overlap = min_overlap
        self.window = window

    def fit(self, X: Sequence[Statement], y: object = None) -> CorroborationFeatures:
        """Check the parameters and the input; record the output width."""
        if not 0.0 < self.min_overlap <= 1.0:
            msg = f"'min_overlap' must be in (0, 1] (got {self.min_overlap!r})"
            raise ValueError(msg)
        if not isinstance(self.window, int) or self.window < 1:
            msg = f"'window' must be a positive int (got {self.window!r})"
            raise ValueError(msg)
        check_statements(X, type(self).__name__)
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[Statement]) -> np.ndarray:
        """Return one row of corroboration counts per statement."""
        check_is_fitted(self)
        statements = check_statements(X, type(self).__name__)
        out = np.zeros((len(statements), self.n_features_out_), dtype=float)
        order = sorted(range(len(statements)), key=lambda i: statements[i].doc_id)
        for _, group in groupby(order, key=lambda i: statements[i].doc_id):
            positions = sorted(group, key=lambda i: statements[i].start)
            self._fill_document([statements[i] for i in positions], out, positions)
        return out

    def _fill_document(self, doc: list[Statement], out: np.ndarray, rows: list[int]) -> None:
        words = [content_words(s.content.text) for s in doc]
        for a, statement in enumerate(doc):
            own = _source_key(statement)
            supporters: set[str] = set()
            deniers: set[str] = set()
            subject_denial = narrator_confirms = 0.0
            for b in range(max(0, a - self.window), min(len(doc), a + self.window + 1)):
                other = doc[b]
                key = _source_key(other)
                if b == a or key == own:
                    continue
                if _jaccard(words[a], words[b]) < self.min_overlap:
                    continue
                if other.source is None:
                    narrator_confirms = max(narrator_confirms, float(not other.hedges))
                elif other.cue is not None and other.cue.kind == "denial":
                    deniers.add(key)
                    named = content_words(other.source.entity or other.source.text)
                    subject_denial = max(subject_denial, float(bool(named & words[a])))
                else:
                    supporters.add(key)
            out[rows[a]] = (len(supporters), len(deniers), subject_denial, narrator_confirms)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the output column names."""
        return np.asarray(FEATURE_NAMES, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
