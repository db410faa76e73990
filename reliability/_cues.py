"""Attribution cues learned from PolNeAR: which words of a text introduce an attribution.

Candidates are the tokens whose word form is a cue often enough in the training
articles (``said``, ``according``, ``told``, ``:``, ``called``, ``suggested`` ...). A
logistic regression over context features (the word, its neighbours, quotation
marks, punctuation, capitals, position in the sentence) gives each candidate a first
cue probability. A second logistic regression decides, from the same features and
the first probabilities of the other candidates of the sentence and of the sentence
before (one clause rarely has two cues; a cue inside another's content is part of
it), which candidates are cues. Featurising only the candidates keeps extraction fast.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from features._hedging import cue_kinds
from reliability._attribution import token_words
from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._loading import save_model, sha256_file
from reliability._segment import Sentence, split_sentences

__all__ = [
    "CueDetector",
    "CueDocument",
    "cue_document",
    "polnear_documents",
    "train_and_save_cues",
    "train_cue_detector",
]

#: PolNeAR files: the detector is fitted on the first and its threshold chosen on the second.
CUE_DATA = ("polnear/train.jsonl", "polnear/dev.jsonl")
#: Probability threshold, regularisation and the least cue rate of a candidate word, chosen
#: on PolNeAR dev (a rate of 0.12 drops "to", "for", "on" as candidates: as good, twice as fast).
DEFAULT_THRESHOLD = 0.45
DEFAULT_C = 0.3
DEFAULT_MIN_RATE = 0.12

#: First-pass probability from which another candidate counts as a cue for the second
#: pass's "what stands between" features.
CONTEXT_CUE = 0.4

#: Quotation marks, for the in-quotation feature.
_QUOTES = frozenset('"“”')
_QUOTE_MARK = re.compile('["“”]')
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "you"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "these"})


@dataclass(frozen=True, slots=True)
class CueDocument:
    """The tokens of one document: words, lower-cased words, sentence ids, quotation flags,
    and the tokens' offsets in the text."""

    words: tuple[str, ...]
    lower: tuple[str, ...]
    sentence: tuple[int, ...]
    quoted: tuple[bool, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def cue_document(text: str, sentences: Sequence[Sentence]) -> CueDocument:
    """The cue detector's view of a document: words, sentence ids, quotation flags.

    A quotation opens and closes with its marks and never runs past a paragraph.
    """
    words, starts, ends = token_words(text)
    return CueDocument(
        tuple(words),
        tuple(map(str.lower, words)),
        tuple(_sentence_ids(starts, sentences)),
        tuple(_quoted(text, words, starts, sentences)),
        tuple(starts),
        tuple(ends),
    )


def _quoted(
    text: str, words: Sequence[str], starts: Sequence[int], sentences: Sequence[Sentence]
) -> list[bool]:
    """Whether each token is inside a quotation (its marks are not): only the marks and the
    paragraph starts are visited, each quotation mark being a token of its own."""
    quoted = [False] * len(words)
    breaks = [
        bisect.bisect_left(starts, sentences[s].start)
        for s in range(1, len(sentences))
        if sentences[s].paragraph != sentences[s - 1].paragraph
    ]
    breaks.append(len(words))
    b = 0
    opened = -1  # the first token of the open quotation, or -1
    for match in _QUOTE_MARK.finditer(text):
        mark = bisect.bisect_left(starts, match.start())
        while breaks[b] <= mark:
            if opened >= 0:
                quoted[opened : breaks[b]] = repeat(True, breaks[b] - opened)
                opened = -1
            b += 1
        if opened >= 0:
            quoted[opened:mark] = repeat(True, mark - opened)
        word = words[mark]
        opened = mark + 1 if word == "“" or (word == '"' and opened < 0) else -1
    if opened >= 0:  # the paragraph break after the last mark ends its quotation
        quoted[opened : breaks[b]] = repeat(True, breaks[b] - opened)
    return quoted


def _sentence_ids(starts: Sequence[int], sentences: Sequence[Sentence]) -> list[int]:
    """Index of the last sentence starting at or before each token start (0 before the first)."""
    ids: list[int] = []
    lo = 0
    for s in range(1, len(sentences)):
        hi = bisect.bisect_left(starts, sentences[s].start, lo)
        ids += repeat(s - 1, hi - lo)
        lo = hi
    ids += repeat(max(len(sentences) - 1, 0), len(starts) - lo)
    return ids


@lru_cache(maxsize=4096)
def _shape(word: str) -> str:
    if not word[:1].isalnum():
        return "P"
    if word.isupper() and len(word) > 1:
        return "AA"
    return "Aa" if word[:1].isupper() else "a"


def _named(template: str, values: Iterable[object]) -> dict[object, str]:
    """Feature strings made once (their hashes are then cached): value -> template.format(value)."""
    return {v: template.format(v) for v in values}


_SHAPES = ("P", "AA", "Aa", "a", "<s>", "</s>")
_SHAPE = _named("s={}", _SHAPES)
_SHAPE_PREVIOUS = _named("ps={}", _SHAPES)
_QUOTED = _named("q={}", (False, True))
_POSITION = _named("pos={}", range(7))
_AFTER = _named("after_{}", (*_QUOTES, ","))


@lru_cache(maxsize=8192)
def _word_features(word: str) -> tuple[str, str, str]:
    """The features of a candidate that depend on its word alone, made once per word: the
    word, its suffix, and the word with "that" ahead."""
    return "w=" + word, "suf=" + word[-3:], "w_that=" + word


def _features(doc: CueDocument, candidates: Sequence[int]) -> list[list[str]]:
    """Feature strings of each candidate token: its word, its neighbours and its sentence."""
    words, lower, sentence, quoted = doc.words, doc.lower, doc.sentence, doc.quoted
    n = len(lower)
    first_of: dict[int, int] = {}
    rows = []
    for i in candidates:
        here = sentence[i]
        if here not in first_of:
            # sentence ids never decrease: a sentence's first token is found by bisection
            first_of[here] = bisect.bisect_left(sentence, here, 0, i)
        start = first_of[here]
        w = lower[i]
        prev = lower[i - 1] if i - 1 >= start else "<s>"
        prev2 = lower[i - 2] if i - 2 >= start else "<s>"
        nxt = lower[i + 1] if i + 1 < n and sentence[i + 1] == here else "</s>"
        nxt2 = lower[i + 2] if i + 2 < n and sentence[i + 2] == here else "</s>"
        shape_prev = _shape(words[i - 1]) if i else "<s>"
        word, suffix, that = _word_features(w)
        features = [
            word,
            "p=" + prev,
            "n=" + nxt,
            "p2=" + prev2,
            "n2=" + nxt2,
            f"pw={prev}|{w}",
            f"wn={w}|{nxt}",
            f"wn2={w}|{nxt2}",
            f"p2w={prev2}|{w}",
            _SHAPE[_shape(words[i])],
            _SHAPE_PREVIOUS[shape_prev],
            _QUOTED[quoted[i]],
            suffix,
            _POSITION[min(i - start, 6)],
        ]
        if prev in _PRONOUNS or shape_prev == "Aa":
            features.append("after_subjectlike")
        if prev == "<s>":
            features.append("first")
        if nxt == "</s>" or nxt2 == "</s>":
            features.append("last")
        if prev in _DETERMINERS or prev.endswith(("'s", "’s")):
            features.append("after_determiner")
        if nxt in _QUOTES or nxt == ":":
            features.append("before_quote")
        if prev in _AFTER:
            features.append(_AFTER[prev])
        if "that" in lower[i + 1 : i + 5]:
            features.append("that_ahead")
            features.append(that)
        rows.append(features)
    return rows


_BANDS = range(5)
_BAND_PAIRS = [(x, y) for x in _BANDS for y in _BANDS]
_OWN = _named("own={}", _BANDS)
_BEFORE = _named("before={}", _BANDS)
_AFTER_CUE = _named("after={}", _BANDS)
_SENTENCE_BEFORE = _named("sentence_before={}", _BANDS)
_BEFORE_AFTER = {(x, y): f"before_after={x}|{y}" for x, y in _BAND_PAIRS}
_OWN_BEFORE = {(x, y): f"own_before={x}|{y}" for x, y in _BAND_PAIRS}
_OWN_AFTER = {(x, y): f"own_after={x}|{y}" for x, y in _BAND_PAIRS}
_GAP = _named("gap={}", range(9))


def _context_features(
    doc: CueDocument, candidates: Sequence[int], first: Sequence[float]
) -> list[list[str]]:
    """Second-pass features of each candidate: the bands of its own first-pass probability,
    of the most probable other candidate before and after it in its sentence and in the
    sentence before, and what stands between it and the cue before ("that", a quotation
    mark, a comma, "and"/"but")."""
    lower, sentence = doc.lower, doc.sentence
    n = len(candidates)
    bands = [min(int(p * 5), 4) for p in first]
    rows = []
    last_sentence, last_top = -2, 0
    k = 0
    while k < n:
        here = sentence[candidates[k]]
        end = k
        while end < n and sentence[candidates[end]] == here:
            end += 1
        # the band of the most probable candidate after each one of the sentence
        after = [0] * (end - k)
        top = 0
        for j in range(end - 1, k - 1, -1):
            after[j - k] = top
            top = max(top, bands[j])
        previous = _SENTENCE_BEFORE[last_top if last_sentence == here - 1 else 0]
        last_sentence, last_top = here, top
        before, b, at = 0.0, 0, -1
        for j in range(k, end):
            i = candidates[j]
            own, a = bands[j], after[j - k]
            features = [
                _OWN[own],
                _BEFORE[b],
                _AFTER_CUE[a],
                previous,
                _BEFORE_AFTER[b, a],
                _OWN_BEFORE[own, b],
                _OWN_AFTER[own, a],
            ]
            if before >= CONTEXT_CUE:
                between = lower[at + 1 : i]
                features.append(_GAP[min(i - at, 8)])
                if "that" in between:
                    features.append("that_between")
                if not _QUOTES.isdisjoint(between):
                    features.append("quote_between")
                if "," in between:
                    features.append("comma_between")
                if "and" in between or "but" in between:
                    features.append("conjunction_between")
                if at == i - 1:
                    features.append("after_cue")
            rows.append(features)
            if first[j] >= before:  # of equally probable cues, the nearest
                before, b, at = first[j], own, i
        k = end
    return rows


def _fit_logistic(
    rows: Sequence[Sequence[str]], y: Sequence[bool], C: float, min_count: int
) -> tuple[dict[str, float], float]:
    """A logistic regression over binary feature strings seen at least ``min_count`` times:
    the weight of each such feature (in sorted order) and the intercept."""
    counts = Counter(f for row in rows for f in row)
    names = sorted(f for f, c in counts.items() if c >= min_count)
    column = {f: k for k, f in enumerate(names)}
    indices = [[column[f] for f in row if f in column] for row in rows]
    X = scipy.sparse.csr_matrix(
        (
            np.ones(sum(map(len, indices))),
            np.fromiter((k for row in indices for k in row), dtype=np.int64),
            np.cumsum([0, *map(len, indices)]),
        ),
        shape=(len(rows), len(names)),
    )
    classifier = LogisticRegression(C=C, max_iter=2000, solver="liblinear")
    classifier.fit(X, np.asarray(y))
    weights = dict(zip(names, classifier.coef_[0].tolist(), strict=True))
    return weights, float(classifier.intercept_[0])


def _columns(rows: Sequence[Sequence[str]], columns: dict[str, int]) -> tuple[Any, Any]:
    """The column of each feature of ``rows`` (``len(columns)`` for an unknown one), and
    where each row's columns start: feature rows are never empty."""
    unknown = len(columns)
    get = columns.get
    ids = np.array([get(f, unknown) for row in rows for f in row], dtype=np.intp)
    starts = np.cumsum([0, *map(len, rows[:-1])], dtype=np.intp)
    return ids, starts


def _logistic(z: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-z))


class CueDetector(ClassifierMixin, BaseEstimator):
    """Which candidate tokens of a document are attribution cues.

    Parameters
    ----------
    min_count : int, default=2
        A word form is a candidate when it was a cue at least this often in training...
    min_rate : float, default=0.05
        ...and in at least this share of its occurrences.
    threshold : float, default=0.5
        Second-pass probability above which a candidate is a cue.
    C : float, default=1.0
        Inverse regularisation strength of both logistic regressions.
    min_feature_count : int, default=2
        A feature string is used when it occurs at least this often in training.
    folds : int, default=5
        The second pass learns from first-pass probabilities of training documents given
        by a first pass fitted without them: document ``k`` is in fold ``k % folds``.

    Attributes
    ----------
    vocabulary_ : dict of str to bool
        The candidate word forms, in sorted order (a dict so that pickles are stable).
    columns_ : dict of str to int
        The features either pass weighs, in sorted order, and their columns in ``coef_``.
    coef_ : ndarray of shape (2, len(columns_) + 1)
        The weights of the first pass (row 0) and of the second (row 1); the last
        column, for a feature not in ``columns_``, is zero.
    intercept_ : ndarray of shape (2,)
        The intercepts of the two passes.
    """

    def __init__(
        self,
        *,
        min_count: int = 2,
        min_rate: float = 0.05,
        threshold: float = 0.5,
        C: float = 1.0,
        min_feature_count: int = 2,
        folds: int = 5,
    ) -> None:
        self.min_count = min_count
        self.min_rate = min_rate
        self.threshold = threshold
        self.C = C
        self.min_feature_count = min_feature_count
        self.folds = folds

    def fit(self, docs: Sequence[CueDocument], labels: Sequence[Sequence[bool]]) -> CueDetector:
        """Learn the candidate vocabulary and both passes from labelled documents."""
        if not 0.0 < self.threshold < 1.0:
            msg = f"'threshold' must be in (0, 1) (got {self.threshold!r})"
            raise ValueError(msg)
        if self.folds < 2:
            msg = f"'folds' must be at least 2 (got {self.folds!r})"
            raise ValueError(msg)
        seen: Counter[str] = Counter()
        cues: Counter[str] = Counter()
        for doc, doc_labels in zip(docs, labels, strict=True):
            for word, label in zip(doc.lower, doc_labels, strict=True):
                seen[word] += 1
                cues[word] += bool(label)
        learned = {
            w for w, c in cues.items() if c >= self.min_count and c / seen[w] >= self.min_rate
        }
        # a dict in sorted order, not a set: the pickled model must not depend on hash seeds
        self.vocabulary_ = dict.fromkeys(sorted(learned | set(cue_kinds())), True)
        candidates = [self._candidates(doc) for doc in docs]
        rows = [_features(doc, c) for doc, c in zip(docs, candidates, strict=True)]
        y = [
            [bool(doc_labels[i]) for i in c]
            for doc_labels, c in zip(labels, candidates, strict=True)
        ]
        first_pass = _fit_logistic(
            [r for doc_rows in rows for r in doc_rows],
            [t for doc_y in y for t in doc_y],
            self.C,
            self.min_feature_count,
        )
        first: list[list[float]] = [[] for _ in docs]
        for fold in range(self.folds):
            weights, intercept = _fit_logistic(
                [r for k, doc_rows in enumerate(rows) if k % self.folds != fold for r in doc_rows],
                [t for k, doc_y in enumerate(y) if k % self.folds != fold for t in doc_y],
                self.C,
                self.min_feature_count,
            )
            columns = {f: k for k, f in enumerate(weights)}
            coef = np.array([*weights.values(), 0.0])
            for k in range(fold, len(docs), self.folds):
                if rows[k]:
                    ids, starts = _columns(rows[k], columns)
                    z = intercept + np.add.reduceat(coef[ids], starts)
                    first[k] = _logistic(z).tolist()
        second = [
            r + x
            for doc, c, doc_rows, p in zip(docs, candidates, rows, first, strict=True)
            for r, x in zip(doc_rows, _context_features(doc, c, p), strict=True)
        ]
        second_pass = _fit_logistic(
            second, [t for doc_y in y for t in doc_y], self.C, self.min_feature_count
        )
        names = sorted(first_pass[0].keys() | second_pass[0].keys())
        self.columns_ = {f: k for k, f in enumerate(names)}
        self.coef_ = np.array(
            [
                [weights.get(f, 0.0) for f in names] + [0.0]
                for weights, _ in (first_pass, second_pass)
            ]
        )
        self.intercept_ = np.array([first_pass[1], second_pass[1]])
        self.classes_ = np.array([False, True])
        return self

    def _candidates(self, doc: CueDocument) -> list[int]:
        vocabulary = self.vocabulary_
        return [i for i, w in enumerate(doc.lower) if w in vocabulary]

    def cue_probabilities(self, doc: CueDocument) -> list[tuple[int, float]]:
        """(token index, cue probability) for each candidate of ``doc``."""
        check_is_fitted(self)
        candidates = self._candidates(doc)
        if not candidates:
            return []
        rows = _features(doc, candidates)
        ids, starts = _columns(rows, self.columns_)
        coef, intercept = self.coef_, self.intercept_
        first = _logistic(intercept[0] + np.add.reduceat(coef[0, ids], starts))
        context = _context_features(doc, candidates, first.tolist())
        context_ids, context_starts = _columns(context, self.columns_)
        z = (
            intercept[1]
            + np.add.reduceat(coef[1, ids], starts)
            + np.add.reduceat(coef[1, context_ids], context_starts)
        )
        return list(zip(candidates, _logistic(z).tolist(), strict=True))

    def find(self, doc: CueDocument) -> list[int]:
        """Token indices of the cues of ``doc``."""
        return [i for i, p in self.cue_probabilities(doc) if p >= self.threshold]

    def predict(self, docs: Iterable[CueDocument]) -> list[list[int]]:
        """Cue token indices per document."""
        return [self.find(doc) for doc in docs]


def polnear_documents(path: Path) -> tuple[list[CueDocument], list[list[bool]]]:
    """Cue documents and per-token cue labels from a PolNeAR-format JSONL."""
    docs, labels = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                row = json.loads(line)
                text = row["text"]
                spans = sorted(
                    (int(s), int(e)) for a in row["attributions"] for s, e in a["cue_spans"] or []
                )
            except (ValueError, KeyError, TypeError) as exc:
                msg = f"{path}:{number}: not a PolNeAR document ({exc})"
                raise SchemaError(msg) from exc
            doc = cue_document(text, split_sentences(text))
            docs.append(doc)
            token_labels = [False] * len(doc.words)
            for start, end in spans:
                i = bisect.bisect_right(doc.ends, start)  # the first token ending after the start
                while i < len(doc.words) and doc.starts[i] < end:
                    token_labels[i] = True
                    i += 1
            labels.append(token_labels)
    return docs, labels


def train_cue_detector(
    data_dir: str | Path, *, threshold: float = DEFAULT_THRESHOLD, C: float = DEFAULT_C
) -> tuple[CueDetector, dict[str, Any]]:
    """Fit the cue detector on PolNeAR train and measure it on PolNeAR dev.

    Returns the detector and its token-level precision, recall and F1 on dev (a token is
    a cue token when it overlaps a gold cue span).
    """
    folder = Path(data_dir)
    for name in CUE_DATA:
        if not (folder / name).is_file():
            msg = f"{folder / name}: PolNeAR file not found"
            raise DataNotFoundError(msg)
    docs, labels = polnear_documents(folder / CUE_DATA[0])
    detector = CueDetector(threshold=threshold, C=C, min_rate=DEFAULT_MIN_RATE).fit(docs, labels)
    dev_docs, dev_labels = polnear_documents(folder / CUE_DATA[1])
    right = found = 0
    for doc, doc_labels in zip(dev_docs, dev_labels, strict=True):
        predicted = detector.find(doc)
        found += len(predicted)
        right += sum(doc_labels[i] for i in predicted)
    gold = sum(sum(doc_labels) for doc_labels in dev_labels)
    precision = right / found if found else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics = {
        "dev_tokens": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "gold": gold,
            "found": found,
        }
    }
    return detector, metrics


def train_and_save_cues(
    data_dir: str | Path, directory: str | Path, *, name: str = "attribution"
) -> tuple[Path, dict[str, Any]]:
    """Train the cue detector and record it in the models folder's manifest."""
    detector, metrics = train_cue_detector(data_dir)
    data = [{"name": f, "sha256": sha256_file(Path(data_dir) / f)} for f in CUE_DATA]
    path = save_model(detector, name, directory, metrics=metrics, training_data=data)
    return path, metrics
