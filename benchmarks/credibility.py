"""Benchmark the ``claims`` credibility model on LIAR valid beside simple baselines.

Usage::

    python benchmarks/credibility.py --data-dir ../shared/data [--out DIR] [--retrain]
                                     [--leak-demo]
    RELIABILITY_DATA=../shared/data python benchmarks/credibility.py

Rows, all fitted on ``liar/train.tsv`` and measured on ``liar/valid.tsv`` (the
test split is withheld):

* **majority class**: the training share of accurate claims as the probability
  of every claim, and the most frequent ruling as the six-way prediction;
* **TF-IDF + LR**: word 1-2-gram TF-IDF of the statement, logistic regression
  (C=1), its own probabilities, binary and six-way;
* **claims model**: the shipped ``trained/claims.joblib`` (``--retrain`` fits a
  fresh one with ``train_claims`` instead).

Each model is also measured with a random ruling (drawn with the training shares,
seed 0) taken out of LIAR's counts instead of the row's own ("random-subtraction
accuracy"): a model that reads the ruling off the gap in the counts drops there.
``--leak-demo`` adds such a model: speaker one-hot plus heavy metadata weights.

Binary means half-true, mostly-true or true against the rest. Measures: binary
accuracy, six-way accuracy, binary macro-F1, Brier score, ECE with 15 bins over
the top-label confidence and over P(accurate). The report goes to stdout and to
``DIR/credibility.md``; with matplotlib installed (``pip install
'source-reliability[report]'``) the reliability diagram goes to
``DIR/credibility_reliability.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

from reliability._calibration import (
    N_BINS,
    brier_score,
    expected_calibration_error,
    plot_reliability_diagram,
)
from reliability._claims import CREDIBLE_RULINGS, ClaimsFeatures, ClaimsModel
from reliability._liar import read_liar
from reliability._train_claims import CLAIMS_DATA, liar_claims

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "reports"


def measures(rulings: np.ndarray, p_accurate: np.ndarray, six: np.ndarray) -> dict[str, float]:
    """Return the benchmark's measures for one model."""
    y = np.isin(rulings, list(CREDIBLE_RULINGS)).astype(int)
    pred = (p_accurate >= 0.5).astype(int)
    return {
        "binary accuracy": float(accuracy_score(y, pred)),
        "six-way accuracy": float(accuracy_score(rulings, six)),
        "macro-F1": float(f1_score(y, pred, average="macro")),
        "Brier": brier_score(y, p_accurate),
        "ECE top-label": expected_calibration_error(y, p_accurate, N_BINS),
        "ECE P(accurate)": expected_calibration_error(y, p_accurate, N_BINS, top_label=False),
    }


def majority(train_rulings: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the majority baseline's P(accurate) and six-way prediction for ``n`` claims."""
    share = float(np.isin(train_rulings, list(CREDIBLE_RULINGS)).mean())
    values, counts = np.unique(train_rulings, return_counts=True)
    top = values[np.argmax(counts)]
    return np.full(n, share), np.full(n, top, dtype=object)


def tfidf_lr(
    train_text: Sequence[str], train_rulings: np.ndarray, valid_text: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Return the TF-IDF + LR baseline's P(accurate) and six-way prediction."""
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    X_train = vectorizer.fit_transform(train_text)
    X_valid = vectorizer.transform(valid_text)
    y = np.isin(train_rulings, list(CREDIBLE_RULINGS)).astype(int)
    binary = LogisticRegression(C=1.0, max_iter=2000).fit(X_train, y)
    six = LogisticRegression(C=1.0, max_iter=2000).fit(X_train, train_rulings)
    return binary.predict_proba(X_valid)[:, 1], six.predict(X_valid)


def report(rows: dict[str, dict[str, float]], n: int, model_note: str) -> str:
    """Return the Markdown report."""
    names = list(next(iter(rows.values())))
    lines = [
        "# Credibility benchmark: LIAR valid",
        "",
        f"n = {n} claims; fitted on `{CLAIMS_DATA[0]}`, measured on `{CLAIMS_DATA[1]}`. "
        "Binary = half-true or better. ECE: 15 equal-width bins.",
        "",
        "| model | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---:" for _ in names) + " |",
    ]
    for model, values in rows.items():
        lines.append(f"| {model} | " + " | ".join(f"{values[k]:.4f}" for k in names) + " |")
    lines += ["", model_note, ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="shared data directory (default: $RELIABILITY_DATA)")
    parser.add_argument(
        "--out", default=str(DEFAULT_OUT), help="report folder (default: reports/ in the repo)"
    )
    parser.add_argument(
        "--retrain", action="store_true", help="fit a fresh claims model (default: shipped)"
    )
    parser.add_argument(
        "--leak-demo",
        action="store_true",
        help="add a claims model with speaker one-hot and metadata weight 6 (off)",
    )
    args = parser.parse_args(argv)
    data_dir = args.data_dir or os.environ.get("RELIABILITY_DATA")
    if not data_dir:
        parser.error("pass --data-dir or set RELIABILITY_DATA")
    data_dir = Path(data_dir)
    train_claims_, train_rulings = liar_claims(read_liar(data_dir / CLAIMS_DATA[0]))
    valid = read_liar(data_dir / CLAIMS_DATA[1])
    valid_claims, valid_rulings = liar_claims(valid)
    rng = np.random.default_rng(0)
    values, counts = np.unique(train_rulings, return_counts=True)
    taken = rng.choice(values, size=len(valid), p=counts / counts.sum())
    shuffled_claims, _ = liar_claims(valid, subtract=taken)

    if args.retrain:
        from reliability._train_claims import train_claims

        model, _ = train_claims(data_dir)
        note = "claims model: fitted by this run (`train_claims`)."
    else:
        from reliability._loading import load_model

        model = load_model("claims")
        note = "claims model: the shipped `trained/claims.joblib`."
    note += f" Calibration: {model.calibration_}."

    probabilities = {}
    rows = {}
    p, six = majority(train_rulings, len(valid_rulings))
    rows["majority class"] = measures(valid_rulings, p, six)
    p, six = tfidf_lr(train_claims_["text"], train_rulings, valid_claims["text"])
    rows["TF-IDF + LR"] = measures(valid_rulings, p, six)
    probabilities["TF-IDF + LR"] = p
    models = {"claims model": model}
    if args.leak_demo:
        models["leak demo: speaker one-hot, metadata x6"] = ClaimsModel(
            features=ClaimsFeatures(speaker_identity=True, metadata_weight=6.0), C=0.2
        ).fit(train_claims_, train_rulings)
    for name, m in models.items():
        p = m.predict_proba(valid_claims)[:, 1]
        rows[name] = measures(valid_rulings, p, m.predict_ruling(valid_claims))
        shuffled = m.predict_proba(shuffled_claims)[:, 1]
        rows[name]["random-subtraction accuracy"] = float(
            accuracy_score(np.isin(valid_rulings, list(CREDIBLE_RULINGS)), shuffled >= 0.5)
        )
        probabilities[name] = p
    for name in ("majority class", "TF-IDF + LR"):
        rows[name]["random-subtraction accuracy"] = rows[name]["binary accuracy"]

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = report(rows, len(valid_rulings), note)
    y = np.isin(valid_rulings, list(CREDIBLE_RULINGS)).astype(int)
    try:
        png = plot_reliability_diagram(
            {name: (y, q) for name, q in probabilities.items()},
            out / "credibility_reliability.png",
            title="LIAR valid: P(accurate), half-true or better",
        )
        text += f"\nReliability diagram: `{png.name}`.\n"
    except ImportError as exc:
        print(f"skipping the reliability diagram: {exc}", file=sys.stderr)
    (out / "credibility.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    print(f"wrote {out / 'credibility.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
