"""Train the learned reader of ``source_type`` and write its weight table; cross-validate it.

The reader is a ``SourceTypeClassifier`` over a mention's words, its sentence and the evidence
of the rules (``features._source_type._rule_reading``). It is trained on

- the ``tune`` split of ``benchmarks/data/source_mentions.jsonl`` (PolNeAR train mentions read
  in their sentences from ``RELIABILITY_DATA``), each once with the text before it (at most
  ``MAX_DOCUMENT_CHARS``) and once without, since callers may not pass a document;
- the written examples of ``features/data/source_type_examples.tsv``, every lexicon phrase and
  every gazetteer name, which cover the types PolNeAR rarely has (state media, armed groups,
  social media, international bodies).

``--cv`` reports 5-fold cross-validation on the tune mentions, folds grouped by document, for
the rules alone and for the rules with the reader at several thresholds. ``--write`` fits on
everything and writes ``features/data/source_type_weights.tsv`` (rounded, small weights
dropped), which ``source_type`` loads; retrain whenever the rules or lexicons change, since
the reader weighs their evidence. The ``held_out`` split is never read.

Usage::

    python benchmarks/train_source_fallback.py --cv [--data-dir DIR] [--C 1.0]
    python benchmarks/train_source_fallback.py --write [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import zlib
from pathlib import Path

import numpy as np

from benchmarks.source_types import load_annotations, load_documents, scores, sentence_around
from features._gazetteer import _default_gazetteer
from features._lexicons import read_lexicon, read_table
from features._source_rules import LEXICON_TIERS
from features._source_type import (
    _RULES_DECIDE,
    EXAMPLES_FILE,
    MAX_DOCUMENT_CHARS,
    WEIGHTS_FILE,
    _rule_reading,
)
from features._source_type_model import SourceTypeClassifier

FOLDS = 5
C_DEFAULT = 1.0
EXAMPLE_WEIGHT = 2.0  # a written example against one tune mention
PHRASE_WEIGHT = 0.5  # a bare lexicon phrase or gazetteer name
MIN_WEIGHT = 0.1  # features no class weighs this much are left out of the table
MIN_DF = 5  # features of fewer training items are dropped before fitting
THRESHOLDS = ((0.4, 0.5), (0.3, 0.5), (0.2, 0.5), (0.0, 0.5), (0.3, 0.6), (0.3, 0.4), (1.1, 1.1))
WEIGHTS_PATH = Path(__file__).parents[1] / "features" / "data" / WEIGHTS_FILE

Item = tuple[str, str, tuple[str, ...]]


def tune_items(
    data_dir: Path,
) -> tuple[list[Item], list[Item], list[str | None], list[str], list[str]]:
    """Return each tune mention with and without its document, rule types, labels, doc ids."""
    docs = load_documents(data_dir)
    gaz = _default_gazetteer()
    with_doc, without_doc, rules, labels, groups = [], [], [], [], []
    for row in load_annotations("tune"):
        text = docs[row["doc_id"]]
        mention = text[row["start"] : row["end"]]
        context = sentence_around(text, row["start"], row["end"])
        document = text[max(0, row["start"] - MAX_DOCUMENT_CHARS) : row["start"]]
        found, evidence = _rule_reading(mention, context, gaz, document)
        with_doc.append((mention, context, evidence))
        without_doc.append((mention, context, _rule_reading(mention, context, gaz, "")[1]))
        rules.append(found)
        labels.append(row["type"])
        groups.append(row["doc_id"])
    return with_doc, without_doc, rules, labels, groups


def shipped_items() -> tuple[list[Item], list[str], list[float]]:
    """Return the written examples, lexicon phrases and gazetteer names with rule evidence."""
    gaz = _default_gazetteer()
    items, labels, weights = [], [], []
    for row in read_table(EXAMPLES_FILE):
        _, evidence = _rule_reading(row["mention"], row["context"], gaz, "")
        items.append((row["mention"], row["context"], evidence))
        labels.append(row["type"])
        weights.append(EXAMPLE_WEIGHT)
    phrases = [(p, type_) for filename, type_, _ in LEXICON_TIERS for p in read_lexicon(filename)]
    phrases += [(e.name, e.type) for e in gaz.entries]
    for phrase, type_ in sorted(set(phrases)):
        items.append((phrase, "", _rule_reading(phrase, "", gaz, "")[1]))
        labels.append(type_)
        weights.append(PHRASE_WEIGHT)
    return items, labels, weights


def decide(
    found: str | None,
    evidence: tuple[str, ...],
    proba: np.ndarray,
    classes: np.ndarray,
    fall: float,
    over: float,
) -> str:
    """What ``source_type`` returns for the rules' type and the reader's probabilities."""
    if found in _RULES_DECIDE or "settled" in evidence:
        return found
    best = int(proba.argmax())
    if proba[best] >= (fall if found is None else over):
        return str(classes[best])
    return found or "unknown"


def shipped(clf: SourceTypeClassifier) -> SourceTypeClassifier:
    """The classifier as ``source_type`` will see it: rounded, small weights dropped."""
    rows = clf.to_table(min_weight=MIN_WEIGHT)
    return SourceTypeClassifier.from_table([dict(zip(rows[0], r, strict=True)) for r in rows[1:]])


def fold_of(doc_id: str) -> int:
    """A stable fold number for a document, so its mentions stay together."""
    return zlib.crc32(doc_id.encode("utf-8")) % FOLDS


def cross_validate(data_dir: Path, C: float) -> str:
    """Return a report of grouped 5-fold cross-validation on the tune mentions."""
    with_doc, without_doc, rules, labels, groups = tune_items(data_dir)
    extra, extra_labels, extra_weights = shipped_items()
    folds = [fold_of(g) for g in groups]
    preds: dict[tuple[float, float], list[str]] = {t: [""] * len(labels) for t in THRESHOLDS}
    for fold in range(FOLDS):
        train = [i for i in range(len(labels)) if folds[i] != fold]
        test = [i for i in range(len(labels)) if folds[i] == fold]
        X = [with_doc[i] for i in train] + [without_doc[i] for i in train] + extra
        y = [labels[i] for i in train] * 2 + extra_labels
        w = [1.0] * (2 * len(train)) + extra_weights
        clf = shipped(SourceTypeClassifier(C=C, min_df=MIN_DF).fit(X, y, sample_weight=w))
        proba = clf.predict_proba([with_doc[i] for i in test])
        for t in THRESHOLDS:
            for row, i in zip(proba, test, strict=True):
                preds[t][i] = decide(rules[i], with_doc[i][2], row, clf.classes_, *t)
    lines = [f"tune mentions: {len(labels)}, {FOLDS} folds grouped by document, C={C}"]
    base = scores(labels, [r or "unknown" for r in rules], 10)
    lines.append(f"rules alone: accuracy {base['accuracy']:.3f}, macro-F1 {base['macro_f1']:.3f}")
    for (fall, over), pred in preds.items():
        result = scores(labels, pred, 10)
        lines.append(
            f"reader (untyped >= {fall}, override >= {over}): accuracy {result['accuracy']:.3f}, "
            f"macro-F1 {result['macro_f1']:.3f}"
        )
    return "\n".join(lines)


def write_table(data_dir: Path, C: float, path: Path = WEIGHTS_PATH) -> str:
    """Fit on every tune mention and the shipped examples; write the weight table."""
    with_doc, without_doc, _, labels, _ = tune_items(data_dir)
    extra, extra_labels, extra_weights = shipped_items()
    X = with_doc + without_doc + extra
    y = labels * 2 + extra_labels
    w = [1.0] * (2 * len(labels)) + extra_weights
    clf = SourceTypeClassifier(C=C, min_df=MIN_DF).fit(X, y, sample_weight=w)
    rows = clf.to_table(min_weight=MIN_WEIGHT)
    annotations = Path(__file__).parent / "data" / "source_mentions.jsonl"
    digest = hashlib.sha256(annotations.read_bytes()).hexdigest()[:16]
    header = [
        "# Weights of the learned reader of source_type (features._source_type_model).",
        "# Written by benchmarks/train_source_fallback.py --write: logistic regression",
        f"# (C={C}, min_df={MIN_DF}) over mention words, sentence words and rule evidence,",
        f"# trained on the {len(labels)} tune mentions of benchmarks/data/source_mentions.jsonl",
        f"# (sha256 {digest}...) with and without their document, the written examples,",
        f"# lexicon phrases and gazetteer names. Features below |{MIN_WEIGHT}| for every class",
        "# are left out. Retrain whenever the rules, lexicons or gazetteer change.",
    ]
    body = ["\t".join(r) for r in rows]
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    return f"wrote {path} ({len(rows) - 2} features, {len(clf.classes_)} classes)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("RELIABILITY_DATA"))
    parser.add_argument("--C", type=float, default=C_DEFAULT, help=f"default: {C_DEFAULT}")
    parser.add_argument("--cv", action="store_true", help="cross-validate on the tune split")
    parser.add_argument("--write", action="store_true", help=f"write features/data/{WEIGHTS_FILE}")
    args = parser.parse_args(argv)
    if args.data_dir is None:
        parser.error("--data-dir is required when RELIABILITY_DATA is not set")
    if not (args.cv or args.write):
        parser.error("nothing to do: pass --cv, --write or both")
    if args.cv:
        print(cross_validate(Path(args.data_dir), args.C))
    if args.write:
        print(write_table(Path(args.data_dir), args.C))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
