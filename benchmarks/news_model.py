"""Benchmark the ``news`` model on Emergent claim veracity (true against false).

Usage::

    python benchmarks/news_model.py --data-dir ../shared/data [--out DIR]
                                    [--test FILE]
    RELIABILITY_DATA=../shared/data python benchmarks/news_model.py

Each Emergent headline is analysed as a statement by the library's own pipeline; its
label is its claim's veracity (unverified claims dropped). Cross-validation: 5 folds
(``StratifiedGroupKFold``, seed 0) that never split a claim, the calibration method
chosen inside each training part, exactly as ``reliability train news`` records it.
Systems:

* **news, with ratings**: the model with the publisher's domain rating
  (``domain_quality/domain_pc1.csv``) and the headline's annotated stance;
* **news, without ratings**: the same fitted models, scored without a ratings file;
* **news, trained without ratings**: the model fitted without the outlet prior;
* **news, headline text only**: scored without the annotated stance;
* **hedge only**: the hedge count alone, calibrated the same way (the baseline).

``--test FILE`` also measures the shipped ``trained/news.joblib`` and a hedge-only model
fitted on all of ``emergent_train.csv`` on another split with the same columns (the
withheld test split): never tune anything on it. Measures: accuracy, ROC AUC, Brier
score and ECE with 15 bins. The report goes to stdout and ``DIR/news_model.md``; with
matplotlib installed (``pip install 'source-reliability[report]'``) the reliability
diagram goes to ``DIR/news_model_reliability.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from features import statement_features
from reliability._calibration import plot_reliability_diagram
from reliability._loading import load_model
from reliability._model import CredibilityModel
from reliability._outlets import DomainRatings
from reliability._train import (
    NEWS_DATA,
    binary_metrics,
    cross_validate_news,
    emergent_probabilities,
    emergent_statements,
    read_emergent,
)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "reports"
COLUMNS = ("accuracy", "auc", "brier", "ece", "n")


def table(title: str, rows: Mapping[str, Mapping[str, Any]]) -> str:
    """Return a Markdown table of the measures of each system."""
    lines = [f"### {title}", "", "| system | " + " | ".join(COLUMNS) + " |"]
    lines.append("| --- |" + " ---: |" * len(COLUMNS))
    for name, values in rows.items():
        lines.append(f"| {name} | " + " | ".join(str(values[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def measure_test(data_dir: Path, test: Path) -> tuple[dict[str, dict[str, Any]], np.ndarray]:
    """Measures of the shipped model and a hedge-only model on another Emergent split."""
    ratings = DomainRatings.from_csv(data_dir / NEWS_DATA[1])
    train = read_emergent(data_dir / NEWS_DATA[0])
    train = train[train["claimTruth"] != "unknown"].reset_index(drop=True)
    frame = read_emergent(test)
    frame = frame[frame["claimTruth"] != "unknown"].reset_index(drop=True)
    y = (frame["claimTruth"] == "true").to_numpy(dtype=int)
    model = load_model("news")
    hedge_only = CredibilityModel(
        features=statement_features(), learned=["hedge_count"], priors={}, calibration="auto"
    ).fit(
        emergent_statements(train),
        (train["claimTruth"] == "true").to_numpy(dtype=int),
        groups=train["claimId"].to_numpy(),
    )
    systems = {
        "news, with ratings": emergent_probabilities(model, frame, ratings=ratings),
        "news, without ratings": emergent_probabilities(model, frame),
        "news, headline text only": emergent_probabilities(
            model, frame, ratings=ratings, stance=False
        ),
        "hedge only": emergent_probabilities(hedge_only, frame, stance=False),
    }
    return {name: binary_metrics(y, p) for name, p in systems.items()}, y


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write its report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="shared data directory (default: $RELIABILITY_DATA)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help=f"(default: {DEFAULT_OUT})")
    parser.add_argument(
        "--test", default=None, help="another Emergent split to measure (default: none)"
    )
    args = parser.parse_args(argv)
    data = args.data_dir or os.environ.get("RELIABILITY_DATA")
    if not data:
        print("news_model: pass --data-dir or set RELIABILITY_DATA", file=sys.stderr)
        return 2
    data_dir = Path(data)
    metrics, probabilities = cross_validate_news(data_dir, features_factory=statement_features)
    names = {
        "news_with_ratings": "news, with ratings",
        "news_without_ratings": "news, without ratings",
        "news_trained_without_ratings": "news, trained without ratings",
        "news_headline_text_only": "news, headline text only",
        "hedge_only": "hedge only",
    }
    claims = metrics["news_with_ratings"]["claims"]
    sections = [
        "## News model: Emergent claim veracity (true against false)",
        "",
        table(
            f"Cross-validated by claim (5 folds, {claims} claims, out-of-fold figures)",
            {names[k]: v for k, v in metrics.items()},
        ),
    ]
    if args.test:
        test_metrics, _ = measure_test(data_dir, Path(args.test))
        sections += ["", table(f"Split {Path(args.test).name}", test_metrics)]
    text = "\n".join(sections) + "\n"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "news_model.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    y = probabilities["y"]
    curves = {
        names[k]: (y, probabilities[k])
        for k in ("news_with_ratings", "news_without_ratings", "hedge_only")
    }
    try:
        plot_reliability_diagram(
            curves,
            out / "news_model_reliability.png",
            title="Emergent, cross-validated by claim: P(claim true)",
        )
    except ImportError as exc:
        print(f"news_model: no plot ({exc})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
