"""Would in-domain training help the learned fallback of ``source_type``? A cross-validation.

The shipped fallback is fitted on the written examples and lexicon phrases only. This script
adds the ``tune`` split of ``benchmarks/data/source_mentions.jsonl`` (mentions read in their
PolNeAR sentences from ``RELIABILITY_DATA``) in 5-fold cross-validation and reports how often
the fallback is right on the tune mentions that rules, sentence and document leave untyped, at
several probability thresholds.

Usage::

    python benchmarks/train_source_fallback.py [--data-dir DIR] [--C 1.0]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from benchmarks.source_types import load_annotations, load_documents, sentence_around
from features._source_type import EXAMPLE_WEIGHT, shipped_training_set, source_type
from features._source_type_model import SourceTypeClassifier

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6)
FOLDS = 5


def tune_pairs(data_dir: Path) -> tuple[list[tuple[str, str]], list[str], list[bool]]:
    """Return the tune mentions with their sentences, types and whether the rules typed them."""
    docs = load_documents(data_dir)
    pairs, labels, typed = [], [], []
    for row in load_annotations("tune"):
        text = docs[row["doc_id"]]
        mention = text[row["start"] : row["end"]]
        context = sentence_around(text, row["start"], row["end"])
        pairs.append((mention, context))
        labels.append(row["type"])
        document = text[: row["start"]]
        typed.append(source_type(mention, context, document=document, fallback=False) != "unknown")
    return pairs, labels, typed


def cross_validate(pairs, labels, typed, C: float) -> dict[float, tuple[int, int, int]]:
    """Fallback accuracy on untyped tune mentions: threshold -> (answered, right, untyped)."""
    shipped_pairs, shipped_labels = shipped_training_set()
    result = {t: [0, 0, 0] for t in THRESHOLDS}
    for fold in range(FOLDS):
        train = [i for i in range(len(pairs)) if i % FOLDS != fold]
        test = [i for i in range(len(pairs)) if i % FOLDS == fold and not typed[i]]
        train_pairs = shipped_pairs + [pairs[i] for i in train]
        weights = [EXAMPLE_WEIGHT if context else 1.0 for _, context in train_pairs]
        clf = SourceTypeClassifier(C=C).fit(
            train_pairs, shipped_labels + [labels[i] for i in train], sample_weight=weights
        )
        if not test:
            continue
        proba = clf.predict_proba([pairs[i] for i in test])
        for row, i in zip(proba, test, strict=True):
            best = row.argmax()
            for t in THRESHOLDS:
                result[t][2] += 1
                if row[best] >= t:
                    result[t][0] += 1
                    result[t][1] += clf.classes_[best] == labels[i]
    return {t: tuple(v) for t, v in result.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("RELIABILITY_DATA"))
    parser.add_argument("--C", type=float, default=1.0, help="default: 1.0")
    args = parser.parse_args(argv)
    if args.data_dir is None:
        parser.error("--data-dir is required when RELIABILITY_DATA is not set")
    pairs, labels, typed = tune_pairs(Path(args.data_dir))
    for t, (answered, right, untyped) in cross_validate(pairs, labels, typed, args.C).items():
        print(
            f"threshold {t:.1f}: answers {answered}/{untyped} untyped tune mentions, {right} right"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
