"""Attribution cues learned from PolNeAR: which words of a text introduce an attribution.

Candidates are the tokens whose word form is a cue often enough in the training
articles (``said``, ``according``, ``told``, ``:``, ``called``, ``suggested`` ...). A
logistic regression over hashed context features (the word, its neighbours, quotation
marks, punctuation, capitals, position in the sentence) decides which candidates are
cues. Featurising only the candidates keeps extraction fast.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import FeatureHasher
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
#: Probability threshold and regularisation, chosen on PolNeAR dev.
DEFAULT_THRESHOLD = 0.4
DEFAULT_C = 0.3

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
    sentence_ids = []
    quoted = []
    s = 0
    inside = False
    paragraph = sentences[0].paragraph if sentences else 0
    for word, start in zip(words, starts, strict=True):
        while s + 1 < len(sentences) and start >= sentences[s + 1].start:
            s += 1
        if sentences and sentences[s].paragraph != paragraph:
            paragraph, inside = sentences[s].paragraph, False
        sentence_ids.append(s)
        if word in _QUOTES:
            inside = word == "“" or (word == '"' and not inside)
            quoted.append(False)
        else:
            quoted.append(inside)
    return CueDocument(
        tuple(words),
        tuple(w.lower() for w in words),
        tuple(sentence_ids),
        tuple(quoted),
        tuple(starts),
        tuple(ends),
    )


def _shape(word: str) -> str:
    if not word[:1].isalnum():
        return "P"
    if word.isupper() and len(word) > 1:
        return "AA"
    return "Aa" if word[:1].isupper() else "a"


def _features(doc: CueDocument, i: int, kinds: dict[str, str]) -> list[str]:
    """Hashed feature strings of token ``i``: its word and context."""
    words, lower, sentence = doc.words, doc.lower, doc.sentence
    n = len(lower)
    here = sentence[i]
    w = lower[i]
    prev = lower[i - 1] if i >= 1 and sentence[i - 1] == here else "<s>"
    prev2 = lower[i - 2] if i >= 2 and sentence[i - 2] == here else "<s>"
    nxt = lower[i + 1] if i + 1 < n and sentence[i + 1] == here else "</s>"
    nxt2 = lower[i + 2] if i + 2 < n and sentence[i + 2] == here else "</s>"
    quoted = doc.quoted[i]
    features = [
        "w=" + w,
        "p=" + prev,
        "n=" + nxt,
        "p2=" + prev2,
        "n2=" + nxt2,
        f"pw={prev}|{w}",
        f"wn={w}|{nxt}",
        f"pn={prev}|{nxt}",
        "s=" + _shape(words[i]),
        "ps=" + (_shape(words[i - 1]) if i else "<s>"),
        "ns=" + (_shape(words[i + 1]) if i + 1 < n else "</s>"),
        f"q={quoted}",
        f"wq={w}|{quoted}",
        "suf=" + w[-3:],
        "lex=" + kinds.get(w, "-"),
    ]
    if prev in _PRONOUNS or (i and _shape(words[i - 1]) == "Aa"):
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
    return features


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
    n_features : int, default=2**18
        Width of the hashed feature space.

    Attributes
    ----------
    vocabulary_ : dict of str to bool
        The candidate word forms, in sorted order (a dict so that pickles are stable).
    classifier_ : LogisticRegression
        The fitted classifier over hashed features.
    """

    def __init__(
        self,
        *,
        min_count: int = 2,
        min_rate: float = 0.05,
        threshold: float = 0.5,
        C: float = 1.0,
        n_features: int = 2**18,
    ) -> None:
        self.min_count = min_count
        self.min_rate = min_rate
        self.threshold = threshold
        self.C = C
        self.n_features = n_features

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
            for i in self._candidates(doc):
                rows.append(_features(doc, i, kinds))
                y.append(bool(doc_labels[i]))
        self.hasher_ = FeatureHasher(
            n_features=self.n_features, input_type="string", alternate_sign=False
        )
        classifier = LogisticRegression(C=self.C, max_iter=2000, solver="liblinear")
        self.classifier_ = classifier.fit(self.hasher_.transform(rows), np.asarray(y))
        self.classes_ = self.classifier_.classes_
        self.coef_ = self.classifier_.coef_[0].copy()
        self.intercept_ = float(self.classifier_.intercept_[0])
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
        kinds = cue_kinds()
        X = self.hasher_.transform([_features(doc, i, kinds) for i in candidates])
        # the decision function by hand: predict_proba re-validates its input on every call
        scores = X @ self.coef_ + self.intercept_
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        return list(zip(candidates, probabilities.tolist(), strict=True))

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
    detector = CueDetector(threshold=threshold, C=C).fit(docs, labels)
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
