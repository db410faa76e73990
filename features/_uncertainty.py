"""A learned detector of uncertainty cues and uncertain sentences (Szeged / BioScope sense).

A word that is part of a gold cue at least ``MIN_CUE_COUNT`` times in the training
sentences, and in at least ``MIN_CUE_RATE`` of its occurrences, is a *candidate* ("may",
"suggest", "considered", "if", "or", ...; not "the" or "of"). A logistic regression scores every
candidate occurrence from its word, its neighbours and a small window around it, so that
"may" the modal is told from "May 2005" and "either ... or" from a plain "or". A sentence
is uncertain when its best cue scores at least ``threshold``; cues are the candidates
scoring at least ``threshold`` too, adjacent ones merged into one span.

Where the model lives, and why
------------------------------
``features`` may not import ``reliability._loading`` (which registers joblib files in
``trained/manifest.json``), and a pickle would run code on load. So the fitted model is
stored as plain numbers: ``features/data/uncertainty_cues.tsv`` holds one row per
non-zero logistic-regression weight (``feature<TAB>weight``) and a few ``:name`` rows
(intercept, threshold, settings); its comment header records the training data (file
names and sha256), the split and the command that rebuilt it. Inference is pure Python
over dictionaries (no scikit-learn call), which keeps ``is_uncertain`` far above 20,000
sentences per second on one core, and gives exactly the scores of the fitted scikit-learn
model. Nothing is trained at import or on first call: ``train_uncertainty`` (run by
``python benchmarks/hedging.py train``) rebuilds the file deterministically.

Data and splits
---------------
The development parts of ``szeged_wikiweasel`` and ``bioscope_speculation`` are split by
document with ``random.Random(SPLIT_SEED)`` over sorted doc ids: ``HOLDOUT_SHARE`` of the
documents is held out (never fitted, never tuned on), ``TUNE_SHARE`` chooses ``C`` and the
threshold, and the shipped model is refitted on fit + tune with those choices. One model
serves both corpora (and news text), since ``is_uncertain`` takes a sentence only.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from features._lexicons import read_table

__all__ = [
    "CORPORA",
    "LabelledSentence",
    "UncertaintyModel",
    "fit_uncertainty_model",
    "load_uncertainty_model",
    "read_corpus",
    "split_documents",
    "token_offsets",
    "tokenize",
    "train_uncertainty",
]

#: The corpora whose development parts train the model (directories under the data dir).
CORPORA = ("szeged_wikiweasel", "bioscope_speculation")
#: Seed of the document-level split of each development part.
SPLIT_SEED = 2010
#: Share of each development part's documents held out from fitting and tuning.
HOLDOUT_SHARE = 0.2
#: Share of each development part's documents used to choose ``C`` and the threshold.
TUNE_SHARE = 0.2
#: A word becomes a candidate cue once it is part of this many gold cues in the fitted data.
MIN_CUE_COUNT = 2
#: ... and is part of a cue in at least this share of its occurrences ("the", "of" are not).
MIN_CUE_RATE = 0.01
#: A feature is kept once it fires on this many candidate occurrences in the fitted data.
MIN_FEATURE_COUNT = 5
#: Inverse regularisation strengths tried on the tune part.
C_GRID = (0.3, 1.0, 3.0)
#: Words either side of a candidate that enter its bag-of-context features.
CONTEXT_WINDOW = 3
#: The shipped model file under ``features/data``.
MODEL_FILE = "uncertainty_cues.tsv"

_TOKEN = re.compile(r"\w+(?:[-/'’]\w+)*")
_START, _END = "<s>", "</s>"


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One sentence of a cue-annotated corpus: its document, text, label and cue spans."""

    doc_id: str
    text: str
    uncertain: bool
    cues: tuple[tuple[int, int], ...] = ()


def read_corpus(path: str | Path) -> list[LabelledSentence]:
    """Read a JSONL file in the shared format (``doc_id``, ``text``, ``uncertain``, ``cues``)."""
    path = Path(path)
    sentences = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = LabelledSentence(
                    str(row.get("doc_id", row.get("id", number))),
                    row["text"],
                    bool(row["uncertain"]),
                    tuple((int(a), int(b)) for a, b in row.get("cues", ())),
                )
            except (ValueError, KeyError, TypeError) as exc:
                msg = f"{path}:{number}: not a labelled sentence ({exc})"
                raise ValueError(msg) from exc
            sentences.append(sentence)
    return sentences


def split_documents(
    sentences: Sequence[LabelledSentence],
    *,
    seed: int = SPLIT_SEED,
    holdout: float = HOLDOUT_SHARE,
    tune: float = TUNE_SHARE,
) -> dict[str, list[LabelledSentence]]:
    """Split ``sentences`` by document into ``fit``, ``tune`` and ``holdout`` parts.

    Sorted doc ids are shuffled with ``random.Random(seed)``; the first ``holdout`` share
    of them is the holdout, the next ``tune`` share the tune part, the rest the fit part.
    """
    docs = sorted({s.doc_id for s in sentences})
    random.Random(seed).shuffle(docs)
    n_holdout = round(len(docs) * holdout)
    n_tune = round(len(docs) * tune)
    part_of = {d: "holdout" for d in docs[:n_holdout]}
    part_of.update({d: "tune" for d in docs[n_holdout : n_holdout + n_tune]})
    parts: dict[str, list[LabelledSentence]] = {"fit": [], "tune": [], "holdout": []}
    for sentence in sentences:
        parts[part_of.get(sentence.doc_id, "fit")].append(sentence)
    return parts


def tokenize(text: str) -> tuple[list[str], list[str]]:
    """Return the tokens of ``text`` as written and lower-cased (the model's tokenizer)."""
    tokens = _TOKEN.findall(text)
    return tokens, "\x00".join(tokens).lower().split("\x00") if tokens else []


def token_offsets(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each token ``tokenize`` finds in ``text``."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _norm(word: str) -> str:
    return "<num>" if word[:1].isdigit() else word


def _feature_keys(tokens: list[str], words: list[str], i: int) -> list[tuple[str, ...]]:
    """The features of the candidate ``words[i]`` as ``(kind, *values)``: word, neighbours,
    window, shape (``_features`` names them; scoring looks weights up by these keys)."""
    w = words[i]
    before = [_norm(x) for x in words[max(0, i - CONTEXT_WINDOW) : i]]
    after = [_norm(x) for x in words[i + 1 : i + 1 + CONTEXT_WINDOW]]
    p1 = before[-1] if before else _START
    p2 = before[-2] if len(before) > 1 else _START
    n1 = after[0] if after else _END
    n2 = after[1] if len(after) > 1 else _END
    keys = [
        ("w", w),
        ("p", w, p1),
        ("n", w, n1),
        ("pp", w, p2, p1),
        ("nn", w, n1, n2),
        ("pn", w, p1, n1),
        ("P", p1),
        ("N", n1),
    ]
    keys += [("c", w, x) for x in before]
    keys += [("c", w, x) for x in after]
    if i > 0 and tokens[i][:1].isupper():
        keys.append(("cap", w))
    return keys


def _feature_name(key: tuple[str, ...]) -> str:
    """``("p", "may", "it")`` as ``"p=may|it"``, the name in the weight table."""
    kind, *values = key
    return f"{kind}={'|'.join(values)}"


def _feature_key(name: str) -> tuple[str, ...]:
    """The inverse of ``_feature_name`` (tokens never hold "=" or "|")."""
    kind, _, values = name.partition("=")
    return (kind, *values.split("|"))


def _features(tokens: list[str], words: list[str], i: int) -> list[str]:
    """The feature names of the candidate ``words[i]`` (see ``_feature_keys``)."""
    return [_feature_name(key) for key in _feature_keys(tokens, words, i)]


def _candidate_rows(sentence: str, candidates: frozenset[str]) -> tuple[list[int], list[list[str]]]:
    """Token positions of the candidates of ``sentence`` and the features of each."""
    tokens, words = tokenize(sentence)
    positions = [i for i, w in enumerate(words) if w in candidates]
    return positions, [_features(tokens, words, i) for i in positions]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class UncertaintyModel:
    """A fitted cue scorer: logistic-regression weights over named features.

    Attributes
    ----------
    weights : Mapping[str, float]
        Non-zero weight of each feature name.
    intercept : float
        The logistic regression's intercept.
    threshold : float
        A candidate whose probability reaches it is a cue; a sentence with a cue is uncertain.
    candidates : frozenset of str
        Lower-cased words that are scored at all.
    settings : Mapping[str, str]
        How the model was trained (C, split seed, data files and their sha256).
    """

    weights: Mapping[str, float]
    intercept: float
    threshold: float
    candidates: frozenset[str]
    settings: Mapping[str, str] = field(default_factory=dict)
    _by_key: Mapping[tuple[str, ...], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {_feature_key(name): weight for name, weight in self.weights.items()}
        object.__setattr__(self, "_by_key", by_key)

    def token_probabilities(
        self, tokens: list[str], words: list[str]
    ) -> tuple[list[int], list[float]]:
        """Return the positions of the candidate words and the cue probability of each.

        ``tokens`` are the tokens of one sentence as written, ``words`` the same lower-cased
        (both as ``tokenize`` returns them).
        """
        candidates = self.candidates
        if candidates.isdisjoint(words):
            return [], []
        positions = [i for i, w in enumerate(words) if w in candidates]
        return positions, [self.token_probability(tokens, words, i) for i in positions]

    def token_probability(self, tokens: list[str], words: list[str], i: int) -> float:
        """Return the cue probability of the candidate ``words[i]`` (arguments as in
        ``token_probabilities``)."""
        get = self._by_key.get
        # The weights summed in the order of the features, as a lookup by name would.
        return _sigmoid(
            self.intercept + sum([get(key, 0.0) for key in _feature_keys(tokens, words, i)])
        )

    def _probabilities(self, sentence: str) -> tuple[list[int], list[float]]:
        return self.token_probabilities(*tokenize(sentence))

    def cue_scores(self, sentence: str) -> list[tuple[int, int, float]]:
        """Return ``(start, end, probability)`` of every candidate word of ``sentence``."""
        positions, probabilities = self._probabilities(sentence)
        if not positions:
            return []
        spans = [m.span() for m in _TOKEN.finditer(sentence)]
        return [(*spans[i], p) for i, p in zip(positions, probabilities, strict=True)]

    def score(self, sentence: str) -> float:
        """Return the probability of the sentence's most probable cue (0.0 without one)."""
        return max(self._probabilities(sentence)[1], default=0.0)

    def is_uncertain(self, sentence: str) -> bool:
        """Return True when a cue of ``sentence`` reaches ``threshold``."""
        return self.score(sentence) >= self.threshold

    def cues(self, sentence: str) -> list[tuple[int, int]]:
        """Return the cue spans of ``sentence``; adjacent cue words form one span."""
        spans: list[tuple[int, int]] = []
        for start, end, p in self.cue_scores(sentence):
            if p < self.threshold:
                continue
            if spans and sentence[spans[-1][1] : start].isspace():
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def to_tsv(self, path: str | Path, header: Iterable[str] = ()) -> None:
        """Write the model as ``feature<TAB>weight`` rows under a ``#`` comment ``header``."""
        lines = [f"# {line}".rstrip() for line in header]
        lines.append("feature\tweight")
        lines.append(f":intercept\t{self.intercept!r}")
        lines.append(f":threshold\t{self.threshold!r}")
        lines.extend(f":candidate\t{w}" for w in sorted(self.candidates))
        lines.extend(f":setting\t{k}={v}" for k, v in sorted(self.settings.items()))
        lines.extend(f"{name}\t{weight!r}" for name, weight in sorted(self.weights.items()))
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]], where: str) -> UncertaintyModel:
        """Build the model from the rows of its TSV file (see ``to_tsv``)."""
        weights: dict[str, float] = {}
        candidates: set[str] = set()
        settings: dict[str, str] = {}
        scalars: dict[str, float] = {}
        for row in rows:
            name, value = row["feature"], row["weight"]
            if name == ":candidate":
                candidates.add(value)
            elif name == ":setting":
                key, _, val = value.partition("=")
                settings[key] = val
            elif name in (":intercept", ":threshold"):
                scalars[name[1:]] = float(value)
            else:
                weights[name] = float(value)
        missing = {"intercept", "threshold"} - scalars.keys()
        if missing or not candidates:
            msg = f"{where}: not an uncertainty model (missing {sorted(missing) or 'candidates'})"
            raise ValueError(msg)
        return cls(
            weights, scalars["intercept"], scalars["threshold"], frozenset(candidates), settings
        )


@lru_cache(maxsize=1)
def load_uncertainty_model() -> UncertaintyModel:
    """Return the shipped model (``features/data/uncertainty_cues.tsv``), read once."""
    return UncertaintyModel.from_rows(read_table(MODEL_FILE), MODEL_FILE)


def _labelled_rows(
    sentences: Iterable[LabelledSentence], candidates: frozenset[str]
) -> tuple[list[list[str]], list[int]]:
    X, y = [], []
    for s in sentences:
        positions, rows = _candidate_rows(s.text, candidates)
        spans = [m.span() for m in _TOKEN.finditer(s.text)]
        for i, feats in zip(positions, rows, strict=True):
            a, b = spans[i]
            X.append(feats)
            y.append(int(any(a < end and start < b for start, end in s.cues)))
    return X, y


def cue_vocabulary(
    sentences: Iterable[LabelledSentence],
    min_count: int = MIN_CUE_COUNT,
    min_rate: float = MIN_CUE_RATE,
) -> frozenset[str]:
    """Return the lower-cased words that are part of at least ``min_count`` gold cues and
    are part of a cue in at least ``min_rate`` of their occurrences."""
    cue_counts: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for s in sentences:
        words = tokenize(s.text)[1]
        counts.update(words)
        for word, match in zip(words, _TOKEN.finditer(s.text), strict=True):
            a, b = match.span()
            if any(a < end and start < b for start, end in s.cues):
                cue_counts[word] += 1
    return frozenset(
        w for w, n in cue_counts.items() if n >= min_count and n >= min_rate * counts[w]
    )


def fit_uncertainty_model(
    sentences: Sequence[LabelledSentence],
    *,
    C: float = 1.0,
    threshold: float = 0.5,
    min_count: int = MIN_CUE_COUNT,
    min_rate: float = MIN_CUE_RATE,
    min_feature_count: int = MIN_FEATURE_COUNT,
    settings: Mapping[str, str] | None = None,
) -> UncertaintyModel:
    """Fit the cue scorer on labelled sentences (a deterministic L-BFGS fit).

    Parameters
    ----------
    sentences : sequence of LabelledSentence
        Training sentences with gold cue spans.
    C : float, default=1.0
        Inverse L2 regularisation strength of the logistic regression.
    threshold : float, default=0.5
        Probability from which a candidate counts as a cue.
    min_count : int, default=MIN_CUE_COUNT
        Gold-cue count from which a word is a candidate.
    settings : mapping, optional
        Recorded with the model.

    Returns
    -------
    UncertaintyModel
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    candidates = cue_vocabulary(sentences, min_count, min_rate)
    rows, y = _labelled_rows(sentences, candidates)
    counts = Counter(f for feats in rows for f in set(feats))
    kept = [{f: 1.0 for f in feats if counts[f] >= min_feature_count} for feats in rows]
    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform(kept)
    classifier = LogisticRegression(C=C, solver="lbfgs", max_iter=2000)
    classifier.fit(X, y)
    names = vectorizer.get_feature_names_out()
    weights = {
        str(name): float(w) for name, w in zip(names, classifier.coef_[0], strict=True) if w != 0.0
    }
    return UncertaintyModel(
        weights,
        float(classifier.intercept_[0]),
        threshold,
        candidates,
        dict(
            settings or {},
            C=str(C),
            min_count=str(min_count),
            min_rate=str(min_rate),
            min_feature_count=str(min_feature_count),
        ),
    )


def sentence_f1(model: UncertaintyModel, sentences: Iterable[LabelledSentence]) -> float:
    """F1 of the uncertain class over ``sentences`` at the model's threshold."""
    tp = fp = fn = 0
    for s in sentences:
        predicted = model.is_uncertain(s.text)
        tp += predicted and s.uncertain
        fp += predicted and not s.uncertain
        fn += s.uncertain and not predicted
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best_threshold(
    model: UncertaintyModel, parts: Sequence[Sequence[LabelledSentence]]
) -> tuple[float, float]:
    """The threshold maximising the mean over ``parts`` of the uncertain-class F1."""
    scored = [[(model.score(s.text), s.uncertain) for s in part] for part in parts]
    best = (0.5, -1.0)
    for step in range(10, 91):
        t = step / 100
        f1s = []
        for part in scored:
            tp = sum(1 for p, u in part if p >= t and u)
            fp = sum(1 for p, u in part if p >= t and not u)
            fn = sum(1 for p, u in part if p < t and u)
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        mean = sum(f1s) / len(f1s)
        if mean > best[1]:
            best = (t, mean)
    return best


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_uncertainty(
    data_dir: str | Path,
    *,
    seed: int = SPLIT_SEED,
    c_grid: Sequence[float] = C_GRID,
) -> tuple[UncertaintyModel, dict[str, object]]:
    """Choose ``C`` and the threshold on the tune parts, then refit on fit + tune.

    Parameters
    ----------
    data_dir : path
        Directory holding ``<corpus>/development.jsonl`` for each of ``CORPORA``.
    seed : int, default=SPLIT_SEED
        Seed of the document split (``split_documents``).
    c_grid : sequence of float
        Regularisation strengths to try.

    Returns
    -------
    model : UncertaintyModel
        Fitted on the fit and tune parts of every corpus; the holdouts stay unseen.
    report : dict
        The tune scores of every ``C`` and the data files with their sha256.
    """
    data_dir = Path(data_dir)
    splits = {}
    files = {}
    for corpus in CORPORA:
        path = data_dir / corpus / "development.jsonl"
        files[f"{corpus}/development.jsonl"] = _sha256(path)
        splits[corpus] = split_documents(read_corpus(path), seed=seed)
    fit = [s for parts in splits.values() for s in parts["fit"]]
    tune = [parts["tune"] for parts in splits.values()]
    trials = {}
    for C in c_grid:
        model = fit_uncertainty_model(fit, C=C)
        trials[C] = _best_threshold(model, tune)
    best_c = max(trials, key=lambda c: trials[c][1])
    threshold = trials[best_c][0]
    settings = {
        "split_seed": str(seed),
        "holdout_share": str(HOLDOUT_SHARE),
        "tune_share": str(TUNE_SHARE),
    }
    settings.update({f"sha256:{name}": digest for name, digest in files.items()})
    final = fit_uncertainty_model(
        fit + [s for part in tune for s in part],
        C=best_c,
        threshold=threshold,
        settings=settings,
    )
    report = {
        "trials": {str(c): {"threshold": t, "tune_mean_f1": f} for c, (t, f) in trials.items()},
        "C": best_c,
        "threshold": threshold,
        "files": files,
    }
    return final, report
