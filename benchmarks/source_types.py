"""Benchmark ``source_type`` on hand-labelled PolNeAR source mentions.

The annotations (``benchmarks/data/source_mentions.jsonl``) store only a document id, the
character offsets of a gold PolNeAR source span and its type; the article text is read from
the PolNeAR files under ``RELIABILITY_DATA`` (or ``--data-dir``). The ``tune`` split (PolNeAR
train documents) was used to develop the rules; ``held_out`` (PolNeAR dev documents) was not.

Usage::

    python benchmarks/source_types.py --split held_out [--data-dir DIR] [--out report.md]
    python benchmarks/source_types.py --timing [--data-dir DIR]

The report (Markdown, on stdout and optionally in ``--out``) gives accuracy, per-type
precision, recall and F1, macro-F1 over types with at least ``--min-support`` examples and a
confusion matrix, once with the sentence as context and once with the document as well.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from features._source_type import MAX_DOCUMENT_CHARS, source_type

ANNOTATIONS = Path(__file__).parent / "data" / "source_mentions.jsonl"
SPLITS = ("tune", "held_out", "all")
TIMING_RUNS = 5
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z“\"‘])")


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence (or paragraph line) holding ``text[start:end]``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    begin = line_start
    for match in _SENTENCE_END.finditer(text, line_start, start):
        begin = match.end()
    match = _SENTENCE_END.search(text, end, line_end)
    return text[begin : match.start() + 1 if match else line_end]


def load_documents(data_dir: Path) -> dict[str, str]:
    """Read the PolNeAR train and dev texts, keyed by doc_id."""
    docs: dict[str, str] = {}
    for split in ("train", "dev"):
        with (data_dir / "polnear" / f"{split}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                docs[doc["doc_id"]] = doc["text"]
    return docs


def load_annotations(split: str) -> list[dict]:
    """Read the annotation rows of ``split`` ("all" for every row)."""
    with ANNOTATIONS.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def scores(gold: list[str], pred: list[str], min_support: int) -> dict:
    """Accuracy, per-type precision/recall/F1/support and macro-F1 over well-supported types."""
    types = sorted(set(gold) | set(pred))
    per_type = {}
    for t in types:
        tp = sum(g == p == t for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = pred.count(t), gold.count(t)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[t] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
    supported = [t for t in types if per_type[t]["support"] >= min_support]
    macro = sum(per_type[t]["f1"] for t in supported) / len(supported) if supported else 0.0
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"accuracy": accuracy, "macro_f1": macro, "macro_types": supported, "per_type": per_type}


def markdown(title: str, gold: list[str], pred: list[str], result: dict) -> str:
    """Render one evaluation as Markdown tables."""
    lines = [f"### {title}", ""]
    lines.append(f"- mentions: {len(gold)}")
    lines.append(f"- accuracy: {result['accuracy']:.3f}")
    macro_types = ", ".join(result["macro_types"])
    lines.append(
        f"- macro-F1 over types with enough examples ({macro_types}): {result['macro_f1']:.3f}"
    )
    lines += [
        "",
        "| type | precision | recall | F1 | support |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for t, s in result["per_type"].items():
        lines.append(
            f"| {t} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |"
        )
    types = sorted(set(gold) | set(pred))
    counts = Counter(zip(gold, pred, strict=True))
    lines += ["", "Confusion matrix (rows gold, columns predicted):", ""]
    lines.append("| gold \\ pred | " + " | ".join(types) + " |")
    lines.append("| --- | " + " | ".join("---:" for _ in types) + " |")
    for g in types:
        lines.append(f"| {g} | " + " | ".join(str(counts[(g, p)]) for p in types) + " |")
    return "\n".join(lines) + "\n"


def run(split: str, data_dir: Path, min_support: int, show_errors: bool = False) -> str:
    """Evaluate ``source_type`` on ``split`` and return the Markdown report."""
    docs = load_documents(data_dir)
    rows = load_annotations(split)
    gold = [r["type"] for r in rows]
    report = [f"## Source types on PolNeAR mentions, split `{split}`", ""]
    settings = (
        ("rules, sentence as context", False, False),
        ("rules and learned reader, sentence as context", False, True),
        ("rules, sentence and document as context", True, False),
        ("rules and learned reader, sentence and document as context", True, True),
    )
    for title, use_document, fallback in settings:
        pred = []
        for r in rows:
            text = docs[r["doc_id"]]
            mention = text[r["start"] : r["end"]]
            context = sentence_around(text, r["start"], r["end"])
            # The extractor passes a bounded window, so the benchmark does too.
            document = (
                text[max(0, r["start"] - MAX_DOCUMENT_CHARS) : r["start"]] if use_document else ""
            )
            pred.append(source_type(mention, context, document=document, fallback=fallback))
        result = scores(gold, pred, min_support)
        report.append(markdown(title, gold, pred, result))
        if show_errors:
            for r, g, p in zip(rows, gold, pred, strict=True):
                if g != p:
                    mention = docs[r["doc_id"]][r["start"] : r["end"]]
                    print(f"{g:>22} <- {p:<22} {mention!r}", file=sys.stderr)
    return "\n".join(report)


def time_calls(data_dir: Path, runs: int = TIMING_RUNS) -> str:
    """Time ``source_type`` over every single-span gold source of PolNeAR train.

    Each call gets the sentence and the ``MAX_DOCUMENT_CHARS`` before the mention, as the
    extractor passes them. Reports the CPU time per call (``time.process_time``, so other
    processes on a shared machine do not count) of each run and their median.
    """
    calls = []
    with (data_dir / "polnear" / "train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            text = doc["text"]
            for attribution in doc["attributions"]:
                spans = attribution.get("source_spans") or []
                if len(spans) != 1:
                    continue
                start, end = spans[0]
                window = text[max(0, start - MAX_DOCUMENT_CHARS) : start]
                calls.append((text[start:end], sentence_around(text, start, end), window))
    for mention, context, window in calls[:200]:  # load lexicons and the reader first
        source_type(mention, context, document=window)
    per_call = []
    for _ in range(runs):
        begin = time.process_time()
        for mention, context, window in calls:
            source_type(mention, context, document=window)
        per_call.append((time.process_time() - begin) / len(calls) * 1e6)
    listed = ", ".join(f"{t:.1f}" for t in per_call)
    return (
        f"source_type over {len(calls)} PolNeAR train source mentions, {runs} runs: "
        f"{listed} µs per call (CPU time); median {statistics.median(per_call):.1f} µs\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="held_out", help="default: held_out")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get("RELIABILITY_DATA"),
        help="folder holding polnear/ (default: $RELIABILITY_DATA)",
    )
    parser.add_argument("--min-support", type=int, default=10, help="default: 10")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument("--errors", action="store_true", help="list errors on stderr")
    parser.add_argument(
        "--timing", action="store_true", help="time calls over PolNeAR train instead"
    )
    args = parser.parse_args(argv)
    if args.data_dir is None:
        parser.error("--data-dir is required when RELIABILITY_DATA is not set")
    if args.timing:
        sys.stdout.write(time_calls(Path(args.data_dir)))
        return 0
    report = run(args.split, Path(args.data_dir), args.min_support, args.errors)
    sys.stdout.write(report)
    if args.out is not None:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
