"""Hedges, boosters, disclaimers, scare quotes and conditionals, and the commitment they signal.

``find_hedges`` marks cue spans in raw text. Two sources feed it:

* the lexicons under ``features/data`` (hedge, booster and conditional words, disclaimer
  patterns), which carry the news-specific cues: reportative hedges ("allegedly"),
  boosters, and verification disclaimers ("could not independently verify");
* the learned cue model of ``features._uncertainty`` (trained on the Szeged Uncertainty
  Corpus and BioScope), which reads each lexicon hedge in context and drops those it does
  not score as a cue ("appeared in court", "the best possible"; "May 5" is dropped by rule).

The model's other cues ("would", "could", "whether", "considered", reporting verbs such as
"believe") are semantic uncertainty in the corpora's sense, and ``is_uncertain`` counts
them, but they are not hedge spans: in news they are mostly predictions, embedded
questions or the statement's own reporting cue (``cue.kind``), and counting them as hedges
would lower the credibility of most statements.

``HedgingFeatures`` turns the hedges and the reporting cue of each statement into numeric
features that keep the cited source's commitment apart from the author's (FactBank:
Saurí & Pustejovsky 2009).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from features._lexicons import read_lexicon, read_table
from features._statements import TextInputMixin, check_statements
from features._uncertainty import (
    UncertaintyModel,
    load_uncertainty_model,
    token_offsets,
    tokenize,
)
from reliability._records import CUE_KINDS, Span, Statement

__all__ = ["HedgingFeatures", "cue_kinds", "find_hedges", "is_uncertain"]

#: A quoted phrase of at most this many words that is not reported speech is a scare quote.
SCARE_QUOTE_MAX_WORDS = 4
#: Hedges that report without the author's endorsement (FactBank: the author is uncommitted).
REPORTATIVE_HEDGES = frozenset(
    {"allegedly", "reportedly", "purportedly", "supposedly", "ostensibly", "said to", "rumored"}
)
#: Kinds of uncertainty cue (``is_uncertain`` counts disclaimers and reportative hedges of
#: these; the learned model decides the rest).
UNCERTAIN_KINDS = frozenset({"hedge", "conditional", "disclaimer"})

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
#: Sentence-like chunks for the cue model, whose features look at most three words away.
_CHUNK_END = re.compile(r"\n|(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_MONTH_AFTER = re.compile(r"\s*\d")
#: Of two cues with the same span, the first kind here wins.
_KIND_ORDER = {"disclaimer": 0, "scare_quote": 1, "booster": 2, "conditional": 3, "hedge": 4}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The lexicons compiled for one left-to-right pass over the tokens of a text."""

    phrases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    disclaimer: re.Pattern[str]
    triggers: tuple[str, ...]
    trigger: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Phrases by first word (longest first), the disclaimer pattern and its trigger stems."""
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, name in (
        ("hedge", "hedge_words.txt"),
        ("booster", "booster_words.txt"),
        ("conditional", "conditional_words.txt"),
    ):
        for phrase in read_lexicon(name):
            words = tuple(tokenize(phrase)[1])
            by_first.setdefault(words[0], []).append((words, kind))
    phrases = {
        first: tuple(sorted(entries, key=lambda e: -len(e[0])))
        for first, entries in by_first.items()
    }
    disclaimers = "|".join(f"(?:{p})" for p in sorted(read_lexicon("disclaimer_patterns.txt")))
    triggers = tuple(sorted(read_lexicon("disclaimer_triggers.txt")))
    return _Lexicon(
        phrases,
        re.compile(rf"\b(?:{disclaimers})\b", re.IGNORECASE),
        triggers,
        re.compile("|".join(re.escape(t) for t in triggers), re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def cue_kinds() -> dict[str, str]:
    """Return the reporting-cue lexicon: word form -> SPEC cue kind."""
    return {row["form"].lower(): row["kind"] for row in read_table("cue_verbs.tsv")}


def _is_month(text: str, start: int, end: int) -> bool:
    """True for "May" the month ("May 5", "in May", "since May"), which is no hedge.

    A capitalised "May" inside a sentence is the month; at a sentence start only when a
    number follows ("May 5 was ...").
    """
    if text[start:end] != "May":
        return False
    if _MONTH_AFTER.match(text, end):
        return True
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] not in '.!?"“”\n'


def _disclaimers(text: str, lexicon: _Lexicon) -> list[Span]:
    """Disclaimer spans of ``text``, searched only in the lines that hold a trigger.

    Every disclaimer holds a trigger, and none spans two lines (the patterns are words
    and spaces), so the other lines, most of an article, cannot hold one.
    """
    lower = text.lower()
    if not any(t in lower for t in lexicon.triggers):
        return []
    spans = []
    searched = 0
    for trigger in lexicon.trigger.finditer(text):
        if trigger.start() < searched:
            continue  # in a line already searched
        start = text.rfind("\n", 0, trigger.start()) + 1
        end = text.find("\n", trigger.end())
        searched = len(text) if end < 0 else end
        spans.extend(
            Span(m.group(0), m.start(), m.end(), "disclaimer")
            for m in lexicon.disclaimer.finditer(text, start, searched)
        )
    return spans


def _lexicon_hits(
    tokens: list[str], words: list[str], model: UncertaintyModel, lexicon: _Lexicon
) -> list[tuple[int, int, str]]:
    """Token ranges of the lexicon phrases of one chunk.

    A hedge whose first word the cue model knows counts only where the model scores it a
    cue ("appeared in court", "the best possible" do not); reportative hedges ("allegedly",
    "reportedly"), which the corpora rarely annotate but news always means, always count.
    Only these hedges are scored: most chunks have none, and no other word needs a score.
    """
    hits = []
    n = len(words)
    phrases = lexicon.phrases
    for i in [i for i, word in enumerate(words) if word in phrases]:  # most words start none
        for phrase, kind in phrases[words[i]]:
            j = i + len(phrase)
            if j <= n and tuple(words[i:j]) == phrase:
                if (
                    kind != "hedge"
                    or " ".join(phrase) in REPORTATIVE_HEDGES
                    or _cue_probability(model, tokens, words, i) >= model.threshold
                ):
                    hits.append((i, j, kind))
                break
    return hits


def _cue_probability(model: UncertaintyModel, tokens: list[str], words: list[str], i: int) -> float:
    """The cue model's probability of ``words[i]``; 1.0 for a word it does not score."""
    if words[i] not in model.candidates:
        return 1.0
    return model.token_probability(tokens, words, i)


def _hit_spans(text: str, offset: int, chunk: str, hits: list[tuple[int, int, str]]) -> list[Span]:
    """Spans of token-range hits; a phrase's words must be apart only by spaces, and "May"
    the month is no hedge."""
    tokens = token_offsets(chunk)
    spans = []
    for i, j, kind in hits:
        start, end = offset + tokens[i][0], offset + tokens[j - 1][1]
        if j - i > 1 and not all(
            chunk[tokens[k][1] : tokens[k + 1][0]].isspace() for k in range(i, j - 1)
        ):
            continue
        if kind == "hedge" and _is_month(text, start, end):
            continue
        spans.append(Span(text[start:end], start, end, kind))
    return spans


def _chunks(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for match in _CHUNK_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _scare_quotes(text: str) -> list[Span]:
    """Short quoted phrases that are not reported speech (after a speech verb, or "as a").

    Neither are quoted numbers or dates, markup attribute values (``datetime="2016"``) and
    titles whose every word is capitalised ("Good Morning America").
    """
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
        if _SENTENCE_PUNCT.search(inner) or inner != inner.strip() or before.endswith("="):
            continue
        words = _WORDS.findall(inner)
        if not 1 <= len(words) <= SCARE_QUOTE_MAX_WORDS or not any(c.isalpha() for c in inner):
            continue
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            continue  # a title or a name ("Good Morning America"), not a distanced word
        spans.append(Span(match.group(0), match.start(), match.end(), "scare_quote"))
    return spans


def _find(text: str, chunked: bool) -> list[Span]:
    """The cue spans of ``text``, read sentence by sentence when ``chunked``."""
    lexicon = _lexicon()
    model = load_uncertainty_model()
    spans = _disclaimers(text, lexicon)
    for start, end in _chunks(text) if chunked else [(0, len(text))]:
        chunk = text[start:end]
        tokens, words = tokenize(chunk)
        if lexicon.phrases.keys().isdisjoint(words):
            continue  # no lexicon phrase starts in this chunk
        hits = _lexicon_hits(tokens, words, model, lexicon)
        if hits:
            spans.extend(_hit_spans(text, start, chunk, hits))
    if '"' in text or "“" in text:
        spans.extend(_scare_quotes(text))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start), _KIND_ORDER[s.kind]))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def find_hedges(text: str) -> list[Span]:
    """Return hedge, booster, disclaimer, scare-quote and conditional spans of ``text``, in order.

    Runs in time linear in the text: one pass over its tokens, sentence by sentence.

    Parameters
    ----------
    text : str
        Any text, a sentence or a whole document; offsets of the returned spans index into it.

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
    return _find(text, chunked=True)


def is_uncertain(sentence: str) -> bool:
    """Return True when ``sentence`` expresses semantic uncertainty.

    The learned cue model decides (semantic uncertainty as annotated in the Szeged
    Uncertainty Corpus and BioScope: epistemic, doxastic, conditional and investigative
    cues); a verification disclaimer or a reportative hedge ("allegedly", "said to") that
    ``find_hedges`` marks makes the sentence uncertain too. Other lexicon hedges that the
    model scores below its threshold ("apparently" in "apparently simple") do not: on the
    tune documents they cost more precision than they gain recall.

    Parameters
    ----------
    sentence : str
        One sentence.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_uncertain("The strike may have hit a school."), is_uncertain("The strike hit a school.")
    (True, False)
    """
    if not isinstance(sentence, str):
        msg = f"is_uncertain expects a str (got {type(sentence).__name__})"
        raise TypeError(msg)
    if load_uncertainty_model().is_uncertain(sentence):
        return True
    return any(
        s.kind == "disclaimer" or (s.kind == "hedge" and _normal(s.text) in REPORTATIVE_HEDGES)
        for s in _find(sentence, chunked=False)
    )


def _normal(phrase: str) -> str:
    return " ".join(phrase.lower().split())


#: Output columns. The first twelve are what the shipped ``news`` model and its priors
#: read; new columns are only ever appended.
FEATURE_NAMES = (
    "hedge_count",
    "booster_count",
    "conditional_count",
    "scare_quote_count",
    "disclaimer_covered",
    *(f"cue_{kind}" for kind in CUE_KINDS),
    "author_uncommitted",
    "quoted",
    "author_committed",
    "source_committed",
    "polarity_reversed",
    "author_hedge_count",
    "source_hedge_count",
    "content_uncertain",
)
#: Cue kinds by which a cited source asserts the content (a denial asserts its negation).
_ASSERTING_CUES = frozenset(CUE_KINDS)
_HEDGING_KINDS = frozenset({"hedge", "conditional"})


def _statement_row(statement: Statement) -> list[float]:
    """One statement's features; the commitment classes follow FactBank (Saurí 2009).

    * the author is *uncommitted* under a distancing cue ("claimed"), a reportative hedge
      ("allegedly") or a covering disclaimer ("could not independently verify");
    * the author is *committed* under a factive cue ("confirmed", "revealed",
      "acknowledged") or in the narrator's own unhedged voice;
    * the cited source stays *committed* under all of these, unless it hedges its own
      words (a hedge or condition inside the content: "said the strike may have hit");
    * a denial ("denied") reverses the polarity: the source is committed to the negation.
    """
    kinds = [h.kind for h in statement.hedges]
    cue = statement.cue.kind if statement.cue is not None else None
    reportative = any(_normal(h.text) in REPORTATIVE_HEDGES for h in statement.hedges)
    uncommitted = cue == "distancing" or reportative or "disclaimer" in kinds
    content = statement.content
    attributed = statement.source is not None or statement.cue is not None
    inside = [
        h
        for h in statement.hedges
        if h.kind in _HEDGING_KINDS and attributed and content.start <= h.start < content.end
    ]
    author_hedges = sum(h.kind in _HEDGING_KINDS for h in statement.hedges) - len(inside)
    if attributed:
        committed = cue == "factive" and not uncommitted
    else:
        committed = not uncommitted and author_hedges == 0
    model = load_uncertainty_model()
    return [
        kinds.count("hedge"),
        kinds.count("booster"),
        kinds.count("conditional"),
        kinds.count("scare_quote"),
        float("disclaimer" in kinds),
        *(float(cue == kind) for kind in CUE_KINDS),
        float(uncommitted),
        float(statement.quoted),
        float(committed),
        float(attributed and cue in _ASSERTING_CUES and not inside),
        float(cue == "denial"),
        float(author_hedges),
        float(len(inside)),
        float(model.is_uncertain(content.text)),
    ]


class HedgingFeatures(TextInputMixin, TransformerMixin, BaseEstimator):
    """Hedging and commitment features of statements.

    The hedges of a statement include a disclaimer elsewhere in the article that covers
    it. Commitment is kept apart by whom it belongs to, as FactBank does (Saurí &
    Pustejovsky 2009):

    * ``author_uncommitted``: the author reports without endorsing (a distancing cue such
      as "claimed", a reportative hedge such as "allegedly", or a covering disclaimer such
      as "could not independently verify");
    * ``author_committed``: the author endorses the content (a factive cue such as
      "confirmed", "revealed", "acknowledged", or the narrator's own unhedged statement);
    * ``source_committed``: the cited source asserts the content without hedging it,
      whatever the author thinks of it;
    * ``polarity_reversed``: the source denies the content ("denied");
    * ``author_hedge_count`` and ``source_hedge_count``: hedges and conditions outside
      and inside the reported content;
    * ``content_uncertain``: the learned uncertainty model's decision on the content.

    ``cue_*`` one-hot encodes the reporting cue's kind.

    Attributes
    ----------
    n_features_out_ : int
        Number of output columns.

    Examples
    --------
    >>> from reliability import extract_statements
    >>> statements = extract_statements("The group claimed victory.")
    >>> row = HedgingFeatures().set_output(transform="pandas").fit_transform(statements)
    >>> row[["author_uncommitted", "source_committed", "author_committed"]].iloc[0].tolist()
    [1.0, 1.0, 0.0]
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
        # All current columns, even for an extractor fitted (and pickled) with fewer: callers
        # select columns by name (get_feature_names_out), and names are only ever appended.
        return np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURE_NAMES))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the output column names."""
        return np.asarray(FEATURE_NAMES, dtype=object)
