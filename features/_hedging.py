"""Hedges, boosters, disclaimers, scare quotes and conditionals, and the commitment they signal.

``find_hedges`` marks cue spans in raw text from the lexicons under ``features/data``;
``HedgingFeatures`` turns the hedges and the reporting cue of each statement into
numeric features that keep the cited source's certainty apart from the author's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from features._lexicons import read_lexicon, read_table
from features._statements import check_statements
from reliability._records import CUE_KINDS, Span, Statement

__all__ = ["HedgingFeatures", "cue_kinds", "find_hedges", "is_uncertain"]

#: A quoted phrase of at most this many words that is not reported speech is a scare quote.
SCARE_QUOTE_MAX_WORDS = 4
#: Hedges that report without the author's endorsement (FactBank: the author is uncommitted).
REPORTATIVE_HEDGES = frozenset(
    {"allegedly", "reportedly", "purportedly", "supposedly", "ostensibly", "said to", "rumored"}
)

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{1,80}?)[\"”]")
_SENTENCE_PUNCT = re.compile(r"[.,!?;:]")
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|say|told|tells|wrote|writes|called|calls|asked|added|replied|tweeted|"
    r"posted|stated|declared|announced|dubbed|termed|described)\s*(?:that\s+|it\s+|them\s+)?:?"
    r"|\bas\s+an?)\s*$",
    re.IGNORECASE,
)
#: A quoted phrase coordinated with reported speech ('as a "X" and a "Y"') is reported speech.
_COORDINATED = re.compile(r"^[\"”]?\s*(?:,|and|or)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
_WORDS = re.compile(r"[\w’'-]+")


def _phrase_pattern(phrases: frozenset[str]) -> str:
    """Alternation over ``phrases`` with flexible inner white space, longest first."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


@lru_cache(maxsize=1)
def _cue_regex() -> re.Pattern[str]:
    """One compiled pattern over every lexicon, a named group per kind."""
    disclaimers = "|".join(f"(?:{p})" for p in sorted(read_lexicon("disclaimer_patterns.txt")))
    pattern = (
        rf"(?P<disclaimer>\b(?:{disclaimers})\b)"
        rf"|(?P<hedge>\b(?:{_phrase_pattern(read_lexicon('hedge_words.txt'))})\b)"
        rf"|(?P<booster>\b(?:{_phrase_pattern(read_lexicon('booster_words.txt'))})\b)"
        rf"|(?P<conditional>\b(?:{_phrase_pattern(read_lexicon('conditional_words.txt'))})\b)"
    )
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def cue_kinds() -> dict[str, str]:
    """Return the reporting-cue lexicon: word form -> SPEC cue kind."""
    return {row["form"].lower(): row["kind"] for row in read_table("cue_verbs.tsv")}


def _is_month(text: str, match: re.Match[str]) -> bool:
    """True for "May" the month ("May 5", "in May 2021"), which is no hedge."""
    return match.group(0) == "May" and re.match(r"\s+\d", text[match.end() : match.end() + 3])


def _scare_quotes(text: str) -> list[Span]:
    """Short quoted phrases that are not reported speech (after a speech verb, or "as a")."""
    spans = []
    speech_end = -1
    for match in _QUOTED.finditer(text):
        inner = match.group(1)
        before = text[max(0, match.start() - 40) : match.start()]
        if _SPEECH_BEFORE.search(before) or (
            speech_end >= 0 and _COORDINATED.match(text[speech_end : match.start()])
        ):
            speech_end = match.end()
            continue
        speech_end = -1
        if _SENTENCE_PUNCT.search(inner) or inner != inner.strip():
            continue
        if 1 <= len(_WORDS.findall(inner)) <= SCARE_QUOTE_MAX_WORDS:
            spans.append(Span(match.group(0), match.start(), match.end(), "scare_quote"))
    return spans


def find_hedges(text: str) -> list[Span]:
    """Return hedge, booster, disclaimer, scare-quote and conditional spans of ``text``, in order.

    Parameters
    ----------
    text : str
        Any text; offsets of the returned spans index into it.

    Returns
    -------
    list of Span
        Spans with ``kind`` set, sorted by start; overlapping cues keep the longer one.

    Examples
    --------
    >>> [(s.text, s.kind) for s in find_hedges("He allegedly fled, police could not confirm.")]
    [('allegedly', 'hedge'), ('could not confirm', 'disclaimer')]
    """
    if not isinstance(text, str):
        msg = f"find_hedges expects a str (got {type(text).__name__})"
        raise TypeError(msg)
    spans = [
        Span(m.group(0), m.start(), m.end(), m.lastgroup)
        for m in _cue_regex().finditer(text)
        if not _is_month(text, m)
    ]
    spans.extend(_scare_quotes(text))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def is_uncertain(sentence: str) -> bool:
    """Return True when ``sentence`` expresses semantic uncertainty (a hedge or a condition)."""
    return any(s.kind in ("hedge", "conditional", "disclaimer") for s in find_hedges(sentence))


FEATURE_NAMES = (
    "hedge_count",
    "booster_count",
    "conditional_count",
    "scare_quote_count",
    "disclaimer_covered",
    *(f"cue_{kind}" for kind in CUE_KINDS),
    "author_uncommitted",
    "quoted",
)


def _statement_row(statement: Statement) -> list[float]:
    kinds = [h.kind for h in statement.hedges]
    cue = statement.cue.kind if statement.cue is not None else None
    reportative = any(h.text.lower() in REPORTATIVE_HEDGES for h in statement.hedges)
    uncommitted = cue == "distancing" or reportative or "disclaimer" in kinds
    return [
        kinds.count("hedge"),
        kinds.count("booster"),
        kinds.count("conditional"),
        kinds.count("scare_quote"),
        float("disclaimer" in kinds),
        *(float(cue == kind) for kind in CUE_KINDS),
        float(uncommitted),
        float(statement.quoted),
    ]


class HedgingFeatures(TransformerMixin, BaseEstimator):
    """Hedging and commitment features of statements.

    The hedges of a statement include a disclaimer elsewhere in the article that
    covers it. The author's commitment (``author_uncommitted``: a distancing cue,
    a reportative hedge such as "allegedly", or a covering disclaimer) is kept
    apart from the cited source's own cue (``cue_*``); ``cue_denial`` marks a
    reversed polarity.

    Attributes
    ----------
    n_features_out_ : int
        Number of output columns.

    Examples
    --------
    >>> from reliability import extract_statements
    >>> statements = extract_statements("The group claimed victory.")
    >>> HedgingFeatures().fit_transform(statements)[0, -2]   # author_uncommitted
    1.0
    """

    def fit(self, X: Sequence[Statement], y: object = None) -> HedgingFeatures:
        """Check the input and record the output width."""
        check_statements(X, type(self).__name__)
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[Statement]) -> np.ndarray:
        """Return one row of hedging features per statement."""
        check_is_fitted(self)
        statements = check_statements(X, type(self).__name__)
        rows = [_statement_row(s) for s in statements]
        return np.asarray(rows, dtype=float).reshape(len(rows), self.n_features_out_)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the output column names."""
        return np.asarray(FEATURE_NAMES, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
