"""Attribution cues learned from PolNeAR: which words of a text introduce an attribution.

Candidates are the tokens whose word form is a cue often enough in the training
articles (``said``, ``according``, ``told``, ``:``, ``called``, ``suggested`` ...). A
logistic regression over context features (the word, its neighbours, quotation
marks, punctuation, capitals, position in the sentence) decides which candidates are
cues. Featurising only the candidates keeps extraction fast.
"""

from __future__ import annotations

import bisect
import json
import math
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
DEFAULT_THRESHOLD = 0.5
DEFAULT_C = 0.3
DEFAULT_MIN_RATE = 0.12

#: Quotation marks, for the in-quotation feature.
_QUOTES = frozenset('"“”')
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
    sentence_ids = _sentence_ids(starts, sentences)
    paragraph = sentences[0].paragraph if sentences else 0
    quoted = []
    inside = False
    previous = 0
    for word, s in zip(words, sentence_ids, strict=True):
        if s != previous:
            previous = s
            if sentences[s].paragraph != paragraph:
                paragraph, inside = sentences[s].paragraph, False
        if word in _QUOTES:
            inside = word == "“" or (word == '"' and not inside)
            quoted.append(False)
        else:
            quoted.append(inside)
    return CueDocument(
        tuple(words),
        tuple(map(str.lower, words)),
        tuple(sentence_ids),
        tuple(quoted),
        tuple(starts),
        tuple(ends),
    )


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


def _features(
    doc: CueDocument, candidates: Sequence[int], kinds: dict[str, str]
) -> list[list[str]]:
    """Feature strings of each candidate token: its word, its neighbours and its sentence."""
    words, lower, sentence, quoted = doc.words, doc.lower, doc.sentence, doc.quoted
    n = len(lower)
    first_of: dict[int, int] = {}
    quotes_of: dict[int, list[int]] = {}
    quote_marks = [k for k, w in enumerate(lower) if w in _QUOTES]
    rows = []
    for i in candidates:
        here = sentence[i]
        if here not in first_of:
            # sentence ids never decrease: a sentence's tokens and marks are found by bisection
            lo = bisect.bisect_left(sentence, here, 0, i)
            hi = bisect.bisect_right(sentence, here, i)
            first_of[here] = lo
            quotes_of[here] = quote_marks[
                bisect.bisect_left(quote_marks, lo) : bisect.bisect_left(quote_marks, hi)
            ]
        start = first_of[here]
        marks = quotes_of[here]
        w = lower[i]
        prev = lower[i - 1] if i - 1 >= start else "<s>"
        prev2 = lower[i - 2] if i - 2 >= start else "<s>"
        nxt = lower[i + 1] if i + 1 < n and sentence[i + 1] == here else "</s>"
        nxt2 = lower[i + 2] if i + 2 < n and sentence[i + 2] == here else "</s>"
        q = quoted[i]
        shape_prev = _shape(words[i - 1]) if i else "<s>"
        features = [
            "w=" + w,
            "p=" + prev,
            "n=" + nxt,
            "p2=" + prev2,
            "n2=" + nxt2,
            f"pw={prev}|{w}",
            f"wn={w}|{nxt}",
            f"pn={prev}|{nxt}",
            f"wn2={w}|{nxt2}",
            f"p2w={prev2}|{w}",
            "s=" + _shape(words[i]),
            "ps=" + shape_prev,
            "ns=" + (_shape(words[i + 1]) if i + 1 < n else "</s>"),
            f"q={q}",
            f"wq={w}|{q}",
            "suf=" + w[-3:],
            "lex=" + kinds.get(w, "-"),
            f"pos={min(i - start, 6)}",
            f"wpos={w}|{min(i - start, 4)}",
            f"marks={min(len(marks), 3)}",
            f"wmarks={w}|{bool(marks)}|{bool(marks) and marks[0] < i}",
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
        if prev in _QUOTES or prev == ",":
            features.append("after_" + prev)
        if "that" in lower[i + 1 : i + 5]:
            features.append("that_ahead")
            features.append(f"w_that={w}")
        rows.append(features)
    return rows


class CueDetector(ClassifierMixin, BaseEstimator):
    """Which candidate tokens of a document are attribution cues.

    Parameters
    ----------
    min_count : int, default=2
        A word form is a candidate when it was a cue at least this often in training...
    min_rate : float, default=0.05
        ...and in at least this share of its occurrences.
    threshold : float, default=0.5
        Probability above which a candidate is a cue.
    C : float, default=1.0
        Inverse regularisation strength of the logistic regression.
    min_feature_count : int, default=2
        A feature string is used when it occurs at least this often in training.

    Attributes
    ----------
    vocabulary_ : dict of str to bool
        The candidate word forms, in sorted order (a dict so that pickles are stable).
    weights_ : dict of str to float
        The logistic regression's weight of each feature, in sorted order; a feature
        not in it weighs nothing.
    intercept_ : float
        The logistic regression's intercept.
    """

    def __init__(
        self,
        *,
        min_count: int = 2,
        min_rate: float = 0.05,
        threshold: float = 0.5,
        C: float = 1.0,
        min_feature_count: int = 2,
    ) -> None:
        self.min_count = min_count
        self.min_rate = min_rate
        self.threshold = threshold
        self.C = C
        self.min_feature_count = min_feature_count

    def fit(self, docs: Sequence[CueDocument], labels: Sequence[Sequence[bool]]) -> CueDetector:
        """Learn the candidate vocabulary and the classifier from labelled documents."""
        if not 0.0 < self.threshold < 1.0:
            msg = f"'threshold' must be in (0, 1) (got {self.threshold!r})"
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
        rows, y = [], []
        kinds = cue_kinds()
        for doc, doc_labels in zip(docs, labels, strict=True):
            candidates = self._candidates(doc)
            rows += _features(doc, candidates, kinds)
            y += [bool(doc_labels[i]) for i in candidates]
        counts = Counter(f for row in rows for f in row)
        names = sorted(f for f, c in counts.items() if c >= self.min_feature_count)
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
        classifier = LogisticRegression(C=self.C, max_iter=2000, solver="liblinear")
        classifier.fit(X, np.asarray(y))
        self.classes_ = classifier.classes_
        self.weights_ = dict(zip(names, classifier.coef_[0].tolist(), strict=True))
        self.intercept_ = float(classifier.intercept_[0])
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
        weight, intercept = self.weights_.get, self.intercept_
        rows = _features(doc, candidates, cue_kinds())
        # a sum of looked-up weights: no sparse matrix for a few hundred candidates
        scores = [intercept + sum(map(weight, row, repeat(0.0))) for row in rows]
        return [(i, 1.0 / (1.0 + math.exp(-z))) for i, z in zip(candidates, scores, strict=True)]

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
