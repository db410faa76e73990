"""In-article corroboration: independent sources that assert or deny the same claim.

Two statements assert the same proposition when their contents share enough
content-word stems (Jaccard overlap, function words removed). Whether the second
supports or denies the first follows from their polarity: a denial cue ("denied",
"rejected") or a negated content ("the bridge was not destroyed") reverses it,
so two statements agree when their polarities are equal. Each source counts once
however often it is quoted (its entity, else its lower-cased mention), so a
source repeating itself is one source, and the narrator is never a source of
support for itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from features._lexicons import read_lexicon
from features._stance import stem, tokens
from features._statements import TextInputMixin, check_statements
from reliability._records import Statement

__all__ = [
    "CorroborationFeatures",
    "claim_polarity",
    "claim_terms",
    "content_words",
    "source_key",
]

FEATURE_NAMES = (
    "corroboration_supporters",
    "corroboration_deniers",
    "corroboration_subject_denial",
    "corroboration_narrator_confirms",
    "corroboration_narrator_denies",
    "corroboration_repeats",
)
#: The source key of the publisher's own voice.
NARRATOR = "<narrator>"

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?")


def content_words(text: str) -> frozenset[str]:
    """Return the lower-cased content words of ``text`` (function words removed)."""
    stop = read_lexicon("stopwords.txt")
    return frozenset(
        w
        for w in (m.group(0).lower() for m in _WORD.finditer(text))
        if w not in stop and len(w) > 2
    )


def claim_terms(text: str) -> list[str]:
    """Return the stems of the content words of ``text``, in order, for claim matching.

    Negation words are left out: "was destroyed" and "was not destroyed" are the
    same proposition with opposite polarity (see ``claim_polarity``).
    """
    return _terms(tokens(text))


def _terms(words: list[str]) -> list[str]:
    """Claim terms of already tokenized ``words`` (see ``claim_terms``)."""
    stop = read_lexicon("stopwords.txt")
    return [_term(w) for w in words if w not in stop and len(w) > 2]


@lru_cache(maxsize=2**16)
def _term(word: str) -> str:
    """The stem of one content word, its final "e" dropped ("collapse", "collapsed": "collaps")."""
    stemmed = stem(word)
    return stemmed[:-1] if len(stemmed) > 4 and stemmed.endswith("e") else stemmed


def claim_polarity(statement: Statement) -> int:
    """Return +1 when a statement asserts its content, -1 when it denies or negates it.

    A denial cue reverses the polarity, and so does each negation word in the
    content (an odd number of them negates it).
    """
    return _polarity(statement, tokens(statement.content.text))


def _polarity(statement: Statement, words: list[str]) -> int:
    """``claim_polarity`` of a statement whose content tokens are ``words``."""
    negations = read_lexicon("stance_negation_words.txt")
    sign = -1 if statement.cue is not None and statement.cue.kind == "denial" else 1
    negated = sum(w in negations for w in words) % 2 == 1
    return -sign if negated else sign


def source_key(statement: Statement) -> str:
    """Identity of a statement's source: its entity, else its mention, else the narrator.

    A publisher speaking of itself ("we reported", "this newspaper has learned") is the narrator.
    """
    if statement.source is None:
        return NARRATOR
    if statement.source.text.lower() in read_lexicon("corroboration_self_mentions.txt"):
        return NARRATOR
    return (statement.source.entity or statement.source.text).lower()


def _similar_pairs(
    terms: Sequence[frozenset[str]], window: int, min_overlap: float
) -> list[list[int]]:
    """For each term set, the others at most ``window`` positions away with Jaccard overlap
    at least ``min_overlap`` (in increasing position).

    Only pairs that share a term can reach a positive overlap, so each set is compared only
    with the earlier sets in the postings of its terms, counted by plain integer position.
    """
    postings: defaultdict[str, list[int]] = defaultdict(list)
    similar: list[list[int]] = [[] for _ in terms]
    for b, words in enumerate(terms):
        shared: dict[int, int] = {}
        for word in words:
            positions = postings[word]
            for a in reversed(positions):
                if b - a > window:
                    break
                shared[a] = shared.get(a, 0) + 1
            positions.append(b)
        # Every ``a`` is before ``b``, and ``b`` grows: both lists stay in increasing order.
        for a in sorted(shared):
            common = shared[a]
            # |A & B| / |A | B|, with the union's size from the sizes and the intersection.
            if common / (len(terms[a]) + len(words) - common) >= min_overlap:
                similar[a].append(b)
                similar[b].append(a)
    return similar


class CorroborationFeatures(TextInputMixin, TransformerMixin, BaseEstimator):
    """Counts of independent sources in the same document that support or deny a statement.

    Statements are grouped by ``doc_id``; within a document, each statement is
    compared with the statements at most ``window`` positions away, so time grows
    linearly with the number of statements.

    Output columns: ``corroboration_supporters`` and ``corroboration_deniers``
    (distinct other sources asserting the same claim with the same or the opposite
    polarity), ``corroboration_subject_denial`` (1 when a denier is named in the
    claim: "the ministry denied it shelled ..."), ``corroboration_narrator_confirms``
    and ``corroboration_narrator_denies`` (the publisher's own unhedged voice
    asserting the claim or its opposite), ``corroboration_repeats`` (other
    statements by the statement's own source asserting it again: repetition, not
    corroboration).

    Parameters
    ----------
    min_overlap : float, default=0.3
        Jaccard overlap of content-word stems at which two statements assert the same claim.
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
    [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
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
        # The width comes from FEATURE_NAMES, not from the fitted attribute, so an extractor
        # pickled inside a shipped model before a column was added still names every column.
        out = np.zeros((len(statements), len(FEATURE_NAMES)), dtype=float)
        order = sorted(range(len(statements)), key=lambda i: statements[i].doc_id)
        for _, group in groupby(order, key=lambda i: statements[i].doc_id):
            positions = sorted(group, key=lambda i: statements[i].start)
            self._fill_document([statements[i] for i in positions], out, positions)
        return out

    def _fill_document(self, doc: list[Statement], out: np.ndarray, rows: list[int]) -> None:
        words = [tokens(s.content.text) for s in doc]
        terms = [frozenset(_terms(w)) for w in words]
        similar = _similar_pairs(terms, self.window, self.min_overlap)
        # Most statements have no similar one: their row stays zero, and only the paired
        # ones need a polarity and a source.
        paired = [a for a, neighbours in enumerate(similar) if neighbours]
        polarity = {a: _polarity(doc[a], words[a]) for a in paired}
        keys = {a: source_key(doc[a]) for a in paired}
        for a in paired:
            supporters: set[str] = set()
            deniers: set[str] = set()
            subject_denial = narrator_confirms = narrator_denies = repeats = 0.0
            for b in similar[a]:
                other = doc[b]
                agrees = polarity[a] == polarity[b]
                if keys[b] == keys[a]:
                    repeats += float(agrees)
                elif keys[b] == NARRATOR:
                    unhedged = float(not other.hedges)
                    if agrees:
                        narrator_confirms = max(narrator_confirms, unhedged)
                    else:
                        narrator_denies = max(narrator_denies, unhedged)
                elif agrees:
                    supporters.add(keys[b])
                else:
                    deniers.add(keys[b])
                    named = frozenset(claim_terms(other.source.entity or other.source.text))
                    subject_denial = max(subject_denial, float(bool(named & terms[a])))
            out[rows[a]] = (
                len(supporters),
                len(deniers),
                subject_denial,
                narrator_confirms,
                narrator_denies,
                repeats,
            )

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the output column names."""
        return np.asarray(FEATURE_NAMES, dtype=object)
