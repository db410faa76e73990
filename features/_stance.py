"""Stance of a text towards a claim: agree, disagree, discuss or unrelated.

``StanceFeatures`` turns (claim, text) pairs into overlap, refuting, negation,
hedging and support features (the classic FNC-1 features: TF-IDF cosine of claim
and text and of claim and the text's lead, word and n-gram overlap, refuting and
negation words near the claim's words and in the sentences that repeat it).
``StanceClassifier`` decides in two stages, as the strong FNC-1 feature systems
do: related or unrelated, then agree, disagree or discuss.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import SplineTransformer, StandardScaler, normalize
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from features._lexicons import read_lexicon
from features._statements import TextInputMixin

__all__ = [
    "STANCES",
    "StanceClassifier",
    "StanceFeatures",
    "check_pairs",
    "claim_components",
    "stem",
    "tokens",
]

#: The closed vocabulary of stances, in the order of ``StanceClassifier.classes_``.
STANCES = ("agree", "disagree", "discuss", "unrelated")
RELATED_STANCES = ("agree", "disagree", "discuss")
#: Characters of the text that count as its lead (headline-like first sentences).
LEAD_CHARS = 400
#: OpenMP threads of the gradient boosting. Its small trees gain nothing from threads, and
#: on a busy machine each tree's parallel region waits for cores: 20 ms per tree measured
#: on two shared cores, against well under 1 ms with one thread.
OPENMP_THREADS = 1
#: Tokens either side of a claim word within which a refuting or negation word is "near" it.
NEAR_WINDOW = 8
#: Folds (of whole claims) in which stage two's text-word model is fitted out of fold.
WORD_FOLDS = 5
#: Fewest texts a word or bigram of the text-word model must appear in; its largest vocabulary.
WORD_MIN_DF = 3
WORD_MAX_FEATURES = 50_000
#: The text's sentences most similar to the claim whose lexicon words stage two reads.
SENTENCE_TOP = 2
#: TF-IDF cosine from which a sentence counts as repeating the claim.
SENTENCE_MATCH = 0.2

_TOKEN = re.compile(r"[^\W_]+")
_CONTRACTION = re.compile(r"n't\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "ly", "s")
_LEXICON_NAMES = ("refuting", "negation", "report", "support")

FEATURE_NAMES = (
    "stance_cosine",
    "stance_cosine_lead",
    "stance_overlap",
    "stance_overlap_lead",
    "stance_jaccard",
    "stance_bigram_overlap",
    "stance_bigram_overlap_lead",
    "stance_char_overlap",
    "stance_first_match",
    "stance_claim_refuting",
    "stance_claim_negation",
    "stance_claim_report",
    "stance_claim_question",
    "stance_text_refuting",
    "stance_text_negation",
    "stance_text_report",
    "stance_text_support",
    "stance_lead_refuting",
    "stance_lead_negation",
    "stance_lead_report",
    "stance_lead_support",
    "stance_near_refuting",
    "stance_near_negation",
    "stance_near_report",
    "stance_near_support",
    "stance_polarity_mismatch",
    "stance_sentence_overlap",
    "stance_sentence_refuting",
    "stance_sentence_negation",
    "stance_sentence_report",
    "stance_sentence_support",
    "stance_text_question",
    "stance_text_length",
    "stance_claim_length",
)
#: Columns of ``StanceFeatures.transform_sentences``: the text's sentences ranked by TF-IDF
#: cosine with the claim, and the lexicon words (and question marks) of the best ones.
SENTENCE_FEATURE_NAMES = (
    "sentence_best_cosine",
    "sentence_top_cosine",
    "sentence_best_position",
    "sentence_match_share",
    "sentence_match_count",
    *(f"sentence_top_{name}" for name in (*_LEXICON_NAMES, "question")),
    *(f"sentence_weighted_{name}" for name in (*_LEXICON_NAMES, "question")),
)


def stem(word: str) -> str:
    """Strip one common English suffix so that inflections match (a deliberately crude stemmer)."""
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, curly quotes normalised and "n't" read as "not"."""
    # quotation marks are never part of a token: only the apostrophe of "n’t" needs mapping,
    # and only a text with an apostrophe can hold a contraction
    text = text.replace("’", "'").replace("‘", "'")
    if "'" in text:
        text = _CONTRACTION.sub(" not", text)
    return list(map(str.lower, _TOKEN.findall(text)))


def check_pairs(X: object, estimator: str) -> list[tuple[str, str]]:
    """Return ``X`` as a list of ``(claim, text)`` string pairs; reject anything else.

    Accepts a sequence of 2-sequences, a two-column array or a two-column DataFrame.
    """
    if isinstance(X, (str, bytes)):
        msg = f"{estimator} expects a sequence of (claim, text) pairs (got a single str)"
        raise TypeError(msg)
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 2:
            msg = f"{estimator} expects a DataFrame of two columns (got {X.shape[1]})"
            raise ValueError(msg)
        X = X.to_numpy(dtype=object)
    if isinstance(X, np.ndarray):
        if X.ndim != 2 or X.shape[1] != 2:
            msg = f"{estimator} expects an array of shape (n, 2) (got {X.shape})"
            raise ValueError(msg)
        X = X.tolist()
    pairs = []
    for index, pair in enumerate(X):  # type: ignore[attr-defined]
        if isinstance(pair, (str, bytes)) or len(pair) != 2:
            msg = (
                f"{estimator} expects a sequence of (claim, text) pairs "
                f"(got {type(pair).__name__} at position {index})"
            )
            raise TypeError(msg)
        claim, text = pair
        if not isinstance(claim, str) or not isinstance(text, str):
            msg = (
                f"{estimator} expects str claim and text "
                f"(got {type(claim).__name__}, {type(text).__name__} at position {index})"
            )
            raise TypeError(msg)
        pairs.append((claim, text))
    return pairs


def claim_components(
    claims: Sequence[object], texts: Sequence[object], related: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the claim (connected component of related pairs) of each pair's claim and text.

    Nodes are the sorted distinct claims, then the sorted distinct texts; an edge joins
    the two sides of each related pair. Two sides differ only for unrelated pairs.
    """
    heads = {h: i for i, h in enumerate(sorted(set(claims)))}
    bodies = {b: i + len(heads) for i, b in enumerate(sorted(set(texts)))}
    head_index = np.fromiter((heads[h] for h in claims), dtype=np.int64, count=len(claims))
    body_index = np.fromiter((bodies[b] for b in texts), dtype=np.int64, count=len(texts))
    size = len(heads) + len(bodies)
    graph = sp.coo_matrix(
        (np.ones(int(related.sum())), (head_index[related], body_index[related])),
        shape=(size, size),
    )
    _, component = connected_components(graph, directed=False)
    return component[head_index], component[body_index]


class _Text:
    """The per-text quantities the pair features need, computed once per distinct text."""

    __slots__ = (
        "bigrams",
        "chars",
        "content",
        "counts",
        "lead_bigrams",
        "lead_content",
        "lead_counts",
        "lexicon_masks",
        "n_tokens",
        "question",
        "sentences",
        "stems",
    )

    def __init__(self, text: str, stop: frozenset[str], lexicons: dict[str, frozenset[str]]):
        words = tokens(text)
        lead = tokens(text[:LEAD_CHARS])
        self.n_tokens = len(words)
        self.stems = np.asarray([stem(t) for t in words], dtype=object)
        self.content = frozenset(s for t, s in zip(words, self.stems, strict=True) if t not in stop)
        lead_stems = [stem(t) for t in lead]
        self.lead_content = frozenset(
            s for t, s in zip(lead, lead_stems, strict=True) if t not in stop
        )
        self.bigrams = frozenset(pairwise(self.stems))
        self.lead_bigrams = frozenset(pairwise(lead_stems))
        self.lexicon_masks = {
            name: np.fromiter((t in lex for t in words), dtype=bool, count=len(words))
            for name, lex in lexicons.items()
        }
        self.counts = {name: int(mask.sum()) for name, mask in self.lexicon_masks.items()}
        self.lead_counts = {name: sum(t in lex for t in lead) for name, lex in lexicons.items()}
        self.sentences = []
        for sentence in _SENTENCE_END.split(text):
            found = tokens(sentence)
            if found:
                flags = tuple(any(w in lex for w in found) for lex in lexicons.values())
                self.sentences.append((frozenset(stem(w) for w in found), flags))
        self.question = text.count("?")
        squeezed = " ".join(words)
        self.chars = frozenset(squeezed[i : i + 5] for i in range(max(0, len(squeezed) - 4)))


def _lexicons() -> dict[str, frozenset[str]]:
    return {name: read_lexicon(f"stance_{name}_words.txt") for name in _LEXICON_NAMES}


@cache
def _stopwords() -> frozenset[str]:
    # Negations and "against" carry stance: they must not be dropped as function words.
    return read_lexicon("stopwords.txt") - read_lexicon("stance_negation_words.txt") - {"against"}


def _ratio(part: int | float, whole: int | float) -> float:
    return float(part) / whole if whole else 0.0


def _cosine_rows(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Row-wise cosine of two L2-normalised sparse matrices of the same shape."""
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


class StanceFeatures(TextInputMixin, TransformerMixin, BaseEstimator):
    """Overlap, refuting, negation, hedging and support features of (claim, text) pairs.

    The input is a sequence of ``(claim, text)`` string pairs (or a two-column
    array or DataFrame). Each distinct text is tokenised once per call, so time is
    linear in the total length of the distinct texts plus the number of pairs.

    Parameters
    ----------
    n_hash_features : int, default=2**18
        Width of the hashed word uni- and bigram space behind the TF-IDF cosine features.
    near_window : int, default=8
        Tokens either side of a claim word within which a lexicon word counts as near it.

    Attributes
    ----------
    idf_ : ndarray of shape (n_hash_features,)
        Inverse document frequency of each hashed term in the fitted claims and texts.
    n_features_out_ : int
        Number of output columns.

    Examples
    --------
    >>> pairs = [("Bridge destroyed", "Officials denied the bridge was destroyed, a hoax.")]
    >>> features = StanceFeatures().fit(pairs)
    >>> row = features.transform(pairs)[0]
    >>> bool(row[list(features.get_feature_names_out()).index("stance_near_refuting")] > 0)
    True
    """

    def __init__(self, *, n_hash_features: int = 2**18, near_window: int = NEAR_WINDOW) -> None:
        self.n_hash_features = n_hash_features
        self.near_window = near_window

    def fit(self, X: Sequence[tuple[str, str]], y: object = None) -> StanceFeatures:
        """Fit the TF-IDF model on the distinct claims and texts of ``X``."""
        if not isinstance(self.n_hash_features, int) or self.n_hash_features < 1:
            msg = f"'n_hash_features' must be a positive int (got {self.n_hash_features!r})"
            raise ValueError(msg)
        if not isinstance(self.near_window, int) or self.near_window < 0:
            msg = f"'near_window' must be a non-negative int (got {self.near_window!r})"
            raise ValueError(msg)
        pairs = check_pairs(X, type(self).__name__)
        texts = sorted({t for pair in pairs for t in pair})
        counts = _hasher(self.n_hash_features).transform(texts)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        # Smoothed IDF; a word never seen in training gets the IDF of a word seen once,
        # because unseen names are what tie an unseen claim to its texts.
        self.idf_ = np.log((1 + len(texts)) / (1 + np.maximum(df, 1))).astype(np.float32) + 1
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        """Return one row of stance features per pair."""
        check_is_fitted(self)
        pairs = check_pairs(X, type(self).__name__)
        out = np.zeros((len(pairs), self.n_features_out_), dtype=float)
        if not pairs:
            return out
        stop, lexicons = _stopwords(), _lexicons()
        distinct = sorted({t for pair in pairs for t in pair})
        index = {t: i for i, t in enumerate(distinct)}
        parsed = [_Text(t, stop, lexicons) for t in distinct]
        full = self._tfidf(distinct)
        lead = self._tfidf([t[:LEAD_CHARS] for t in distinct])
        ci = np.fromiter((index[c] for c, _ in pairs), dtype=np.int64, count=len(pairs))
        ti = np.fromiter((index[t] for _, t in pairs), dtype=np.int64, count=len(pairs))
        out[:, 0] = _cosine_rows(full[ci], full[ti])
        out[:, 1] = _cosine_rows(full[ci], lead[ti])
        width = 2 * self.near_window + 1
        kernel = np.ones(width, dtype=int)
        for row, (a, b) in enumerate(zip(ci, ti, strict=True)):
            out[row, 2:] = self._pair_row(parsed[a], parsed[b], kernel)
        return out

    def transform_sentences(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        """Return one row of ``SENTENCE_FEATURE_NAMES`` per pair: the claim's best sentences.

        Each sentence of the text is scored by the TF-IDF cosine of claim and sentence;
        the row holds the best and the mean of the ``SENTENCE_TOP`` best cosines, where
        the best sentence lies (0 first, 1 last), the share and number of sentences from
        ``SENTENCE_MATCH``, the refuting, negation, reporting and support words and
        question marks of the ``SENTENCE_TOP`` best sentences, and the same counts
        averaged over all sentences weighted by their cosine.
        """
        check_is_fitted(self)
        pairs = check_pairs(X, type(self).__name__)
        out = np.zeros((len(pairs), len(SENTENCE_FEATURE_NAMES)))
        if not pairs:
            return out
        lexicons = _lexicons()
        claims = sorted({c for c, _ in pairs})
        claim_rows = {c: i for i, c in enumerate(claims)}
        claim_tfidf = self._tfidf(claims)
        by_text: dict[str, list[int]] = {}
        for row, (_, text) in enumerate(pairs):
            by_text.setdefault(text, []).append(row)
        for text, rows in by_text.items():
            sentences = [s for s in _SENTENCE_END.split(text) if tokens(s)] or [text or " "]
            counts = np.asarray(
                [
                    [sum(w in lex for w in tokens(s)) for lex in lexicons.values()]
                    + [float("?" in s)]
                    for s in sentences
                ],
                dtype=float,
            )
            cosines = (
                self._tfidf(sentences) @ claim_tfidf[[claim_rows[pairs[r][0]] for r in rows]].T
            ).toarray()
            last = max(len(sentences) - 1, 1)
            for j, row in enumerate(rows):
                cosine = cosines[:, j]
                best = np.argsort(-cosine, kind="stable")[:SENTENCE_TOP]
                matches = float((cosine > SENTENCE_MATCH).sum())
                total = cosine.sum()
                weights = cosine / total if total > 0 else np.zeros_like(cosine)
                out[row] = [
                    cosine[best[0]],
                    cosine[best].mean(),
                    best[0] / last,
                    matches / len(sentences),
                    matches,
                    *counts[best].sum(axis=0),
                    *(weights @ counts),
                ]
        return out

    def _tfidf(self, texts: list[str]) -> sp.csr_matrix:
        counts = _hasher(self.n_hash_features).transform(texts)
        counts.data = np.log1p(counts.data)
        weighted = counts @ sp.diags(self.idf_)
        return normalize(weighted)

    @staticmethod
    def _pair_row(claim: _Text, text: _Text, kernel: np.ndarray) -> list[float]:
        words = claim.content
        n = text.n_tokens
        if n and words:
            at_claim = np.isin(text.stems, list(words))
            half = len(kernel) // 2
            near = np.convolve(at_claim, kernel)[half : half + n] > 0
            first = int(np.argmax(at_claim)) if at_claim.any() else n
        else:
            near = np.zeros(n, dtype=bool)
            first = n
        near_counts = {k: int((m & near).sum()) for k, m in text.lexicon_masks.items()}
        claim_polar = claim.counts["refuting"] + claim.counts["negation"] > 0
        lead_polar = text.lead_counts["refuting"] + text.lead_counts["negation"] > 0
        per100 = 100.0 / n if n else 0.0
        # The best claim-word overlap of any sentence, and of sentences with each lexicon.
        by_sentence = [0.0] * (1 + len(_LEXICON_NAMES))
        for stems, flags in text.sentences:
            share = _ratio(len(words & stems), len(words))
            by_sentence[0] = max(by_sentence[0], share)
            for k, flag in enumerate(flags, start=1):
                if flag:
                    by_sentence[k] = max(by_sentence[k], share)
        return [
            _ratio(len(words & text.content), len(words)),
            _ratio(len(words & text.lead_content), len(words)),
            _ratio(len(words & text.content), len(words | text.content)),
            _ratio(len(claim.bigrams & text.bigrams), len(claim.bigrams)),
            _ratio(len(claim.bigrams & text.lead_bigrams), len(claim.bigrams)),
            _ratio(len(claim.chars & text.chars), len(claim.chars)),
            1.0 - _ratio(min(first, 200), 200),
            float(claim.counts["refuting"]),
            float(claim.counts["negation"]),
            float(claim.counts["report"]),
            float(claim.question > 0),
            text.counts["refuting"] * per100,
            text.counts["negation"] * per100,
            text.counts["report"] * per100,
            text.counts["support"] * per100,
            float(text.lead_counts["refuting"]),
            float(text.lead_counts["negation"]),
            float(text.lead_counts["report"]),
            float(text.lead_counts["support"]),
            float(near_counts["refuting"]),
            float(near_counts["negation"]),
            float(near_counts["report"]),
            float(near_counts["support"]),
            float(claim_polar != lead_polar),
            *by_sentence,
            float(text.question > 0),
            math.log1p(n),
            math.log1p(claim.n_tokens),
        ]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Return the output column names."""
        return np.asarray(FEATURE_NAMES, dtype=object)


def _hasher(n_features: int) -> HashingVectorizer:
    """Hashed counts of stemmed word uni- and bigrams: no vocabulary, so unseen words count."""
    return HashingVectorizer(
        tokenizer=_stemmed_tokens,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        n_features=n_features,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )


def _stemmed_tokens(text: str) -> list[str]:
    """Tokenizer of the TF-IDF models: stems of the words, function words kept out."""
    stop = _stopwords()
    return [stem(t) for t in tokens(text) if t not in stop]


class StanceClassifier(TextInputMixin, ClassifierMixin, BaseEstimator):
    """Two-stage stance classifier over (claim, text) pairs.

    Stage one tells related from unrelated pairs with gradient boosting over
    ``StanceFeatures``. Stage two, fitted on related pairs only, tells agree,
    disagree and discuss apart by averaging the probabilities of three models over
    the same features, the text's sentences most similar to the claim
    (``StanceFeatures.transform_sentences``) and the log-odds of two word models:
    gradient boosting (good at the frequent agree and discuss), a class-weighted
    logistic regression over spline-expanded features (which keeps the rare
    disagree class in view) and a one-hidden-layer network over standardised
    features. The word models, class-weighted logistic regressions on the TF-IDF
    words and bigrams of the text and of the claim, learn the vocabulary of
    debunking and denial and of headlines that report or refute; stage two is
    fitted on their out-of-fold log-odds, folds holding whole claims
    (``claim_components``), so that it never sees a text's own words scored.

    Parameters
    ----------
    related_threshold : float, default=0.5
        Probability of being related from which a pair goes to stage two.
    C : float, default=0.1
        Inverse regularisation of the stage-two logistic regression.
    class_weight : {"balanced"} or dict or None, default="balanced"
        Class weights of the stage-two logistic regression.
    word_C : float, default=1.0
        Inverse regularisation of the word models.
    random_state : int, default=0
        Seed of the gradient boosting and of the network.

    Attributes
    ----------
    classes_ : ndarray of str
        ``STANCES``.
    features_ : StanceFeatures
        The fitted feature extractor.
    related_ : HistGradientBoostingClassifier
        Stage one.
    words_ : Pipeline
        The text-word model of stage two, fitted on all related pairs.
    claim_words_ : Pipeline
        The claim-word model of stage two, fitted on all related pairs.
    boosted_ : HistGradientBoostingClassifier
        Stage two, gradient boosting.
    linear_ : Pipeline
        Stage two, splines and logistic regression.
    network_ : Pipeline
        Stage two, standardisation and a multi-layer perceptron.

    Examples
    --------
    >>> pairs = [("Bridge destroyed", "The bridge was destroyed, officials confirmed.")] * 4
    >>> labels = ["agree", "disagree", "discuss", "unrelated"]
    >>> StanceClassifier().fit(pairs, labels).predict(pairs[:1]).shape
    (1,)
    """

    def __init__(
        self,
        *,
        related_threshold: float = 0.5,
        C: float = 0.1,
        class_weight: str | dict[str, float] | None = "balanced",
        word_C: float = 1.0,
        random_state: int = 0,
    ) -> None:
        self.related_threshold = related_threshold
        self.C = C
        self.class_weight = class_weight
        self.word_C = word_C
        self.random_state = random_state

    def fit(self, X: Sequence[tuple[str, str]], y: Sequence[str]) -> StanceClassifier:
        """Fit both stages on labelled pairs (labels from ``STANCES``)."""
        with threadpool_limits(limits=OPENMP_THREADS, user_api="openmp"):
            return self._fit(X, y)

    def _fit(self, X: Sequence[tuple[str, str]], y: Sequence[str]) -> StanceClassifier:
        if not 0.0 < self.related_threshold < 1.0:
            msg = f"'related_threshold' must be in (0, 1) (got {self.related_threshold!r})"
            raise ValueError(msg)
        pairs = check_pairs(X, type(self).__name__)
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(pairs):
            msg = f"X has {len(pairs)} pairs but y has {len(labels)} labels"
            raise ValueError(msg)
        unknown = sorted(set(labels) - set(STANCES))
        if unknown:
            msg = f"labels must be in {STANCES} (got {unknown})"
            raise ValueError(msg)
        self.classes_ = np.asarray(STANCES, dtype=object)
        self.features_ = StanceFeatures().fit(pairs)
        dense = self.features_.transform(pairs)
        related = labels != "unrelated"
        self.related_ = _ConstantOr(
            HistGradientBoostingClassifier(max_iter=200, random_state=self.random_state)
        ).fit(dense, related)
        claims, texts = (np.asarray(side, dtype=object) for side in zip(*pairs, strict=True))
        groups, _ = claim_components(list(claims), list(texts), related)
        labels, groups = labels[related], groups[related]
        self.words_ = self._word_model().fit(texts[related], labels)
        self.claim_words_ = self._word_model().fit(claims[related], labels)
        dense = self._stage_two_inputs(
            dense[related],
            [p for p, r in zip(pairs, related, strict=True) if r],
            self._out_of_fold(self.words_, texts[related], labels, groups),
            self._out_of_fold(self.claim_words_, claims[related], labels, groups),
        )
        self.boosted_ = _ConstantOr(
            HistGradientBoostingClassifier(
                max_iter=200,
                max_depth=4,
                learning_rate=0.05,
                l2_regularization=1.0,
                min_samples_leaf=20,
                random_state=self.random_state,
            )
        ).fit(dense, labels)
        self.linear_ = _ConstantOr(
            make_pipeline(
                SplineTransformer(n_knots=5),
                LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000),
            )
        ).fit(dense, labels)
        network = make_pipeline(
            StandardScaler(),
            MLPClassifier(
                hidden_layer_sizes=(64,), alpha=1.0, max_iter=300, random_state=self.random_state
            ),
        )
        with warnings.catch_warnings():
            # FNC-1's pairs converge in about 130 epochs; a handful of pairs may not, and
            # the network's answer is only one of three averaged.
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.network_ = _ConstantOr(network).fit(dense, labels)
        return self

    def _stage_two_inputs(
        self,
        dense: np.ndarray,
        pairs: Sequence[tuple[str, str]],
        text_odds: np.ndarray,
        claim_odds: np.ndarray,
    ) -> np.ndarray:
        """Stage two's columns, in one order for fitting and predicting: the pair features,
        the text-word log-odds, the features of the closest sentences, the claim-word log-odds."""
        return np.hstack([dense, text_odds, self.features_.transform_sentences(pairs), claim_odds])

    def _word_model(self) -> _ConstantOr:
        return _ConstantOr(
            make_pipeline(
                _WordVectorizer(),
                LogisticRegression(C=self.word_C, class_weight="balanced", max_iter=3000),
            )
        )

    def _out_of_fold(
        self, fitted: _ConstantOr, texts: np.ndarray, labels: np.ndarray, groups: np.ndarray
    ) -> np.ndarray:
        """Log-odds of a word model for each text, fitted on the other claims' texts.

        ``fitted`` is the same word model fitted on all texts, the answer for a single claim.
        """
        n_splits = min(WORD_FOLDS, len(np.unique(groups)))
        if n_splits < 2:  # a single claim: no other claims to learn from
            return _log_odds(fitted.proba(texts, RELATED_STANCES))
        out = np.zeros((len(texts), len(RELATED_STANCES)))
        for fit, held in GroupKFold(n_splits=n_splits).split(texts, labels, groups):
            model = self._word_model().fit(texts[fit], labels[fit])
            out[held] = _log_odds(model.proba(texts[held], RELATED_STANCES))
        return out

    def predict_proba(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        """Return P(agree), P(disagree), P(discuss), P(unrelated) per pair."""
        check_is_fitted(self)
        with threadpool_limits(limits=OPENMP_THREADS, user_api="openmp"):
            return self._predict_proba(X)

    def _predict_proba(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        pairs = check_pairs(X, type(self).__name__)
        out = np.zeros((len(pairs), len(STANCES)))
        if not pairs:
            return out
        dense = self.features_.transform(pairs)
        p_related = self.related_.proba(dense, [True])[:, 0]
        dense = self._stage_two_inputs(
            dense,
            pairs,
            _distinct_log_odds(self.words_, [t for _, t in pairs]),
            _distinct_log_odds(self.claim_words_, [c for c, _ in pairs]),
        )
        p_stance = (
            self.boosted_.proba(dense, RELATED_STANCES)
            + self.linear_.proba(dense, RELATED_STANCES)
            + self.network_.proba(dense, RELATED_STANCES)
        ) / 3.0
        out[:, :3] = p_related[:, None] * p_stance
        out[:, 3] = 1.0 - p_related
        return out

    def predict(self, X: Sequence[tuple[str, str]]) -> np.ndarray:
        """Return the stance of each pair: unrelated below the threshold, else stage two's."""
        proba = self.predict_proba(X)
        related_mass = 1.0 - proba[:, 3]
        labels = np.asarray(RELATED_STANCES, dtype=object)[np.argmax(proba[:, :3], axis=1)]
        return np.where(related_mass >= self.related_threshold, labels, "unrelated").astype(object)


class _WordVectorizer(TfidfVectorizer):
    """TF-IDF words and bigrams of texts, without the state that pickles unstably (the
    pruned-term set, the stop-word check's ``id()``)."""

    def __init__(self) -> None:
        super().__init__(
            tokenizer=tokens,
            token_pattern=None,
            lowercase=False,
            ngram_range=(1, 2),
            min_df=WORD_MIN_DF,
            max_features=WORD_MAX_FEATURES,
            sublinear_tf=True,
        )

    def fit_transform(self, raw_documents: object, y: object = None) -> sp.csr_matrix:
        out = super().fit_transform(raw_documents, y)
        self.stop_words_ = None
        return out

    def _check_stop_words_consistency(self, *args: object) -> None:
        """Skip scikit-learn's stop-word check: there are none, and it keeps a per-process id()."""
        return None


def _distinct_log_odds(model: _ConstantOr, texts: list[str]) -> np.ndarray:
    """A word model's log-odds of each text, each distinct text scored once."""
    distinct, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    return _log_odds(model.proba(distinct, RELATED_STANCES))[inverse]


def _log_odds(proba: np.ndarray) -> np.ndarray:
    clipped = np.clip(proba, 1e-4, 1.0 - 1e-4)
    return np.log(clipped / (1.0 - clipped))


class _ConstantOr:
    """A classifier, or the constant answer when training labels hold a single class.

    Gives probabilities in a caller's class order, zero for classes never seen.
    """

    def __init__(self, estimator: BaseEstimator) -> None:
        self.estimator = estimator

    def fit(self, X: np.ndarray, y: np.ndarray) -> _ConstantOr:
        self.classes_ = list(np.unique(y))
        if len(self.classes_) > 1:
            self.estimator.fit(X, y)
        return self

    def proba(self, X: np.ndarray, order: Sequence[object]) -> np.ndarray:
        out = np.zeros((len(X), len(order)))
        if len(self.classes_) == 1:
            if self.classes_[0] in order:
                out[:, list(order).index(self.classes_[0])] = 1.0
            return out
        p = self.estimator.predict_proba(X)
        for j, label in enumerate(self.estimator.classes_):
            if label in order:
                out[:, list(order).index(label)] = p[:, j]
        return out
