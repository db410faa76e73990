"""Benchmark stance detection on FNC-1 (unseen claims) and on Emergent (cross-validated by claim).

Usage::

    python benchmarks/stance.py [--data-dir DIR] [--out report.md] [--skip-fnc1] [--skip-emergent]
                                [--cv]

FNC-1. ``reliability._train_stance.fnc1_dev_split`` (seed 0) holds out whole claims, the
connected components of the related headline-body pairs, until they hold 20% of the
bodies: every dev body and every headline paired with one in a related pair is dev, so
no dev headline or body is seen in training; unrelated pairs that join a dev claim to a
training claim are dropped. ``StanceClassifier`` (the shipped configuration) is fitted on
the training side and measured on the dev side, and on the dev side "rebalanced": with
unrelated pairs drawn as FNC-1 drew them (a dev headline with a dev body of another
claim, seed 0) until their share equals the data's 69%, as in the competition test.
Reported: FNC-1 weighted score (relative), accuracy, macro-F1 and F1 per class.

With ``--cv``, also the training-side figures by which the model's design is chosen
(the dev side unread): ``reliability._train_stance.cross_validate_training``, 5 folds of
whole claims of the training side, each held out as dev is (``claim_folds``), scored as is
and rebalanced over the pooled out-of-fold predictions.

Emergent. Headline stance towards its claim (for / against / observing) by a logistic
regression over ``StanceFeatures(claim, headline)`` plus TF-IDF words of the headline,
5-fold ``GroupKFold`` by ``claimId`` (every claim's headlines in one fold). The
regularisation grid is printed whole; the headline figure uses the documented default
C=0.3. Claim veracity: per claim, the out-of-fold share of headlines predicted
``against`` (and, for reference, the gold share) ranks false above true claims;
reported as ROC AUC over the claims labelled true or false.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from features._stance import STANCES, StanceFeatures, tokens
from reliability._train_stance import cross_validate_training, evaluate_dev

EMERGENT_FILE = "emergent/emergent_train.csv"
EMERGENT_STANCES = ("for", "against", "observing")
EMERGENT_C = 0.3
C_GRID = (0.3, 1.0, 3.0)
N_FOLDS = 5


def _metrics_table(
    title: str, column: str, result: dict[str, Any], names: tuple[str, ...]
) -> list[str]:
    """The Markdown lines of a titled table of the stance metrics of ``result[name]``."""
    keys = ("fnc_score", "macro_f1", "accuracy", *(f"f1_{s}" for s in STANCES), "n")
    lines = [f"## {title}", "", f"| {column} | " + " | ".join(keys) + " |"]
    lines.append("|---" * (len(keys) + 1) + "|")
    for name in names:
        lines.append(f"| {name} | " + " | ".join(str(result[name][k]) for k in keys) + " |")
    return lines


def fnc1_report(data_dir: Path) -> str:
    """Fit on the FNC-1 training side, measure on the dev side; return a Markdown table."""
    started = time.perf_counter()
    result = evaluate_dev(data_dir)
    seconds = time.perf_counter() - started
    lines = _metrics_table(
        "FNC-1, dev split of unseen headlines and bodies",
        "dev set",
        result,
        ("dev", "dev_rebalanced"),
    )
    split = result["split"]
    lines += [
        "",
        "Split: " + ", ".join(f"{k} {v}" for k, v in split.items()) + ".",
        f"Fit and prediction took {seconds:.0f} s.",
        "",
    ]
    return "\n".join(lines)


def fnc1_cv_report(data_dir: Path) -> str:
    """Cross-validate by claim on the FNC-1 training side; return a Markdown table."""
    started = time.perf_counter()
    result = cross_validate_training(data_dir)
    seconds = time.perf_counter() - started
    lines = _metrics_table(
        "FNC-1, training side cross-validated by claim (5 folds)",
        "reading",
        result,
        ("cv", "cv_rebalanced"),
    )
    per_fold = ", ".join(str(fold["f1_disagree"]) for fold in result["folds"])
    lines += ["", f"Disagree F1 per fold: {per_fold}. Took {seconds:.0f} s.", ""]
    return "\n".join(lines)


def _emergent_fold(
    frame: pd.DataFrame, train: np.ndarray, test: np.ndarray, C: float
) -> np.ndarray:
    pairs = list(zip(frame["claimHeadline"], frame["articleHeadline"], strict=True))
    features = StanceFeatures().fit([pairs[i] for i in train])
    scaler = StandardScaler()
    dense_train = scaler.fit_transform(features.transform([pairs[i] for i in train]))
    dense_test = scaler.transform(features.transform([pairs[i] for i in test]))
    headlines = frame["articleHeadline"].to_numpy()
    words = TfidfVectorizer(
        tokenizer=tokens,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
    ).fit(headlines[train])
    x_train = sp.hstack([dense_train, words.transform(headlines[train])]).tocsr()
    x_test = sp.hstack([dense_test, words.transform(headlines[test])]).tocsr()
    labels = frame["articleHeadlineStance"].to_numpy()
    model = LogisticRegression(C=C, max_iter=3000).fit(x_train, labels[train])
    return model.predict(x_test)


def emergent_predictions(frame: pd.DataFrame, C: float) -> np.ndarray:
    """Out-of-fold headline stances, folds grouped by claim."""
    out = np.empty(len(frame), dtype=object)
    folds = GroupKFold(n_splits=N_FOLDS).split(frame, groups=frame["claimId"])
    for train, test in folds:
        out[test] = _emergent_fold(frame, train, test, C)
    return out


def veracity_auc(frame: pd.DataFrame, stances: np.ndarray) -> tuple[float, int, int]:
    """AUC of the per-claim share of 'against' headlines for false (positive) vs true claims."""
    shares = (
        pd.DataFrame(
            {"claim": frame["claimId"], "truth": frame["claimTruth"], "a": stances == "against"}
        )
        .groupby("claim")
        .agg(truth=("truth", "first"), against=("a", "mean"))
    )
    known = shares[shares["truth"].isin(["true", "false"])]
    auc = roc_auc_score(known["truth"] == "false", known["against"])
    return float(auc), int((known["truth"] == "false").sum()), int((known["truth"] == "true").sum())


def emergent_report(data_dir: Path) -> str:
    """Headline stance and claim veracity on Emergent's training claims; a Markdown section."""
    frame = pd.read_csv(data_dir / EMERGENT_FILE, encoding="utf-8")
    gold = frame["articleHeadlineStance"].to_numpy()
    lines = [
        "## Emergent, headline stance towards its claim (5-fold CV grouped by claim)",
        "",
        "| C | accuracy | macro-F1 | F1 for | F1 against | F1 observing |",
        "|---|---|---|---|---|---|",
    ]
    chosen = None
    for C in C_GRID:
        predicted = emergent_predictions(frame, C)
        per_class = f1_score(gold, predicted, labels=list(EMERGENT_STANCES), average=None)
        mark = " (default)" if C == EMERGENT_C else ""
        lines.append(
            f"| {C}{mark} | {np.mean(predicted == gold):.4f} | {np.mean(per_class):.4f} | "
            + " | ".join(f"{f:.4f}" for f in per_class)
            + " |"
        )
        if C == EMERGENT_C:
            chosen = predicted
    assert chosen is not None
    auc_pred, n_false, n_true = veracity_auc(frame, chosen)
    auc_gold, _, _ = veracity_auc(frame, gold)
    lines += [
        "",
        f"{len(frame)} headlines, {frame['claimId'].nunique()} claims.",
        "",
        "## Emergent, claim veracity from aggregated stance",
        "",
        f"Per claim, the share of its headlines that argue against it; ROC AUC for "
        f"false ({n_false}) vs true ({n_true}) claims.",
        "",
        "| stances | AUC |",
        "|---|---|",
        f"| predicted out of fold (C={EMERGENT_C}) | {auc_pred:.4f} |",
        f"| gold (reference) | {auc_gold:.4f} |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("RELIABILITY_DATA"),
        help="shared data folder (default: $RELIABILITY_DATA)",
    )
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument("--skip-fnc1", action="store_true", help="leave out FNC-1 (slow)")
    parser.add_argument("--skip-emergent", action="store_true", help="leave out Emergent")
    parser.add_argument(
        "--cv", action="store_true", help="add FNC-1 training-side CV by claim (slow)"
    )
    args = parser.parse_args(argv)
    if not args.data_dir:
        parser.error("--data-dir is required when RELIABILITY_DATA is unset")
    data_dir = Path(args.data_dir)
    parts = ["# Stance benchmark", ""]
    if args.cv:
        parts.append(fnc1_cv_report(data_dir))
    if not args.skip_fnc1:
        parts.append(fnc1_report(data_dir))
    if not args.skip_emergent:
        parts.append(emergent_report(data_dir))
    report = "\n".join(parts)
    sys.stdout.write(report)
    if args.out is not None:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
