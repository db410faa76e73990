"""Score the attribution extractor against a PolNeAR-format JSONL (source, cue, content spans).

Usage::

    python benchmarks/attribution.py --data ../shared/data/polnear/dev.jsonl [--runs 5] [--out FILE]

Reports precision, recall and F1 for cue, source, content and whole attributions under
overlap matching (spans share at least one character; each gold attribution matched at
most once; whole = cue and content overlap, and source overlaps or both are absent) and
under exact matching (identical covering spans), and documents per second on one core
(median of ``--runs`` runs of extraction alone, input already in memory), by the wall clock
and by the process's CPU time (which other jobs on a shared machine do not inflate).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reliability import extract_statements
from reliability._extract import sentence_attributions
from reliability._segment import split_sentences

Span = tuple[int, int] | None


@dataclass(frozen=True)
class Attribution:
    """The covering spans of one attribution; ``None`` for an absent part."""

    source: Span
    cue: Span
    content: Span


def _span(value: object) -> Span:
    return None if value is None else (int(value[0]), int(value[1]))  # type: ignore[index]


def read_gold(path: Path) -> list[tuple[str, str, list[Attribution]]]:
    """Return (doc_id, text, gold attributions) for each document of a PolNeAR JSONL."""
    documents = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold = [
                Attribution(_span(a["source"]), _span(a["cue"]), _span(a["content"]))
                for a in row["attributions"]
            ]
            documents.append((row["doc_id"], row["text"], gold))
    return documents


def predict_all(doc_id: str, text: str) -> list[Attribution]:
    """Every attribution the extractor finds, PolNeAR's sense: claims and stances (nested ones
    too, though PolNeAR's annotation, one attribution per token, has none)."""
    found = []
    for attributions in sentence_attributions(text, split_sentences(text), claims_only=False):
        found += [Attribution(a.source, a.cue, a.content) for a in attributions]
    return found


def predict(doc_id: str, text: str) -> list[Attribution]:
    """The library's statements that have a cue: top-level attributions of claims. The
    statements of one cue (a quotation continued over several sentences) are one
    attribution, their contents joined, as PolNeAR annotates them."""
    by_cue: dict[Span, Attribution] = {}
    for statement in extract_statements(text, doc_id):
        if statement.cue is None:
            continue
        source = statement.source
        cue = (statement.cue.start, statement.cue.end)
        content = (statement.content.start, statement.content.end)
        if cue in by_cue:
            first = by_cue[cue].content
            content = (min(first[0], content[0]), max(first[1], content[1]))
        by_cue[cue] = Attribution(
            None if source is None else (source.start, source.end), cue, content
        )
    return list(by_cue.values())


def overlap(a: Span, b: Span) -> bool:
    """Spans share at least one character."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def exact(a: Span, b: Span) -> bool:
    """Spans are identical."""
    return a is not None and a == b


def _whole(same: Callable[[Span, Span], bool]) -> Callable[[Attribution, Attribution], bool]:
    def match(gold: Attribution, found: Attribution) -> bool:
        sources = (gold.source is None and found.source is None) or same(gold.source, found.source)
        return same(gold.cue, found.cue) and same(gold.content, found.content) and sources

    return match


def _part(
    name: str, same: Callable[[Span, Span], bool]
) -> Callable[[Attribution, Attribution], bool]:
    def match(gold: Attribution, found: Attribution) -> bool:
        return same(getattr(gold, name), getattr(found, name))

    return match


@dataclass
class Counts:
    """True positives and the sizes of the gold and found sets."""

    matched: int = 0
    gold: int = 0
    found: int = 0

    def scores(self) -> tuple[float, float, float]:
        precision = self.matched / self.found if self.found else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def match_count(
    gold: Sequence[Attribution],
    found: Sequence[Attribution],
    same: Callable[[Attribution, Attribution], bool],
) -> int:
    """Greedy one-to-one matching in document order: each gold and found item used once."""
    used = [False] * len(found)
    matched = 0
    for g in gold:
        for k, f in enumerate(found):
            if not used[k] and same(g, f):
                used[k] = True
                matched += 1
                break
    return matched


def evaluate(
    documents: Sequence[tuple[str, str, list[Attribution]]],
    predictor: Callable[[str, str], list[Attribution]],
) -> dict[str, Counts]:
    """Counts per (matching, part) over all documents."""
    criteria = {}
    for mode, same in (("overlap", overlap), ("exact", exact)):
        for part in ("cue", "source", "content"):
            criteria[f"{mode} {part}"] = (part, _part(part, same))
        criteria[f"{mode} whole"] = (None, _whole(same))
    counts = {name: Counts() for name in criteria}
    for doc_id, text, gold in documents:
        found = predictor(doc_id, text)
        for name, (part, same) in criteria.items():
            g = [a for a in gold if part is None or getattr(a, part) is not None]
            f = [a for a in found if part is None or getattr(a, part) is not None]
            counts[name].gold += len(g)
            counts[name].found += len(f)
            counts[name].matched += match_count(g, f, same)
    return counts


def documents_per_second(
    documents: Sequence[tuple[str, str, object]],
    runs: int,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Median documents per second of extraction alone, over ``runs`` runs of ``clock``."""
    rates = []
    for _ in range(runs):
        start = clock()
        for doc_id, text, _gold in documents:
            extract_statements(text, doc_id)
        rates.append(len(documents) / (clock() - start))
    return statistics.median(rates)


def report(path: Path, runs: int) -> str:
    """The Markdown report for the JSONL at ``path``."""
    documents = read_gold(path)
    extract_statements(documents[0][1])  # load lexicons and models before timing
    cpu_rate = documents_per_second(documents, runs, time.process_time)
    rate = documents_per_second(documents, runs)  # last: the report records the last rate
    lines = [f"## Attribution extraction: `{path.name}` ({len(documents)} documents)", ""]
    for title, predictor in (
        ("Every attribution (PolNeAR's sense: claims, stances, nested)", predict_all),
        ("Statements (what `extract_statements` returns: top-level claims)", predict),
    ):
        counts = evaluate(documents, predictor)
        lines += [
            f"### {title}",
            "",
            "| matching | part | precision | recall | F1 | gold | found |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, c in counts.items():
            mode, part = name.split()
            p, r, f = c.scores()
            lines.append(
                f"| {mode} | {part} | {p:.3f} | {r:.3f} | {f:.3f} | {c.gold} | {c.found} |"
            )
        lines.append("")
    lines += [
        f"extract_statements, documents per second (one core, median of {runs} runs): {rate:.1f}",
        "",
        f"extract_statements, documents per CPU second (median of {runs} runs): {cpu_rate:.1f}",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="PolNeAR-format JSONL")
    parser.add_argument("--runs", type=int, default=5, help="timing runs (default: 5)")
    parser.add_argument("--out", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    text = report(args.data, args.runs)
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
