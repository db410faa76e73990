"""Benchmark ``CorroborationIndex`` memory and time over 100,000 statements.

Usage::

    python benchmarks/corroboration_index.py [--data-dir DIR] [--statements 100000] [--runs 3]

Articles are built from real news sentences: the sentences of the FNC-1 training bodies
(``--data-dir``, default ``$RELIABILITY_DATA``). Each article (seeded) takes 10 consecutive
sentences of one body, so stories recur across outlets as republished reports do, and
gives each sentence a source drawn from a pool of 2,000 named sources (or the narrator,
one time in three) and a cue that is a denial one time in twenty. Statements are built
directly as records, so the figures measure the index, not statement extraction. A tenth
of the articles carry a wire dateline. Each run builds a fresh index (``add`` per
article) and answers it (``corroboration()``); the report gives the median wall and CPU
times and the process's peak resident set size (``ru_maxrss``, which includes the Python
interpreter, the libraries and the sentence pool).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from reliability._corroboration_index import CorroborationIndex
from reliability._records import Source, Span, Statement

SENTENCES_PER_ARTICLE = 10
N_SOURCES = 2000
N_OUTLETS = 300
LIMIT_BYTES = 2 * 1024**3
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def sentence_pool(data_dir: Path) -> list[list[str]]:
    """The sentences of each FNC-1 body (bodies with at least 10 sentences)."""
    bodies = pd.read_csv(data_dir / "fnc1" / "train_bodies.csv", encoding="utf-8")
    out = []
    for body in bodies["articleBody"]:
        sentences = [s.strip() for s in _SPLIT.split(body) if len(s.strip()) > 20]
        if len(sentences) >= SENTENCES_PER_ARTICLE:
            out.append(sentences)
    return out


def articles(
    pool: list[list[str]], n_statements: int, seed: int
) -> Iterator[tuple[list[Statement], str, str]]:
    """Yield (statements, outlet, text) for articles totalling ``n_statements`` statements."""
    rng = np.random.RandomState(seed)
    for number in range(n_statements // SENTENCES_PER_ARTICLE):
        body = pool[rng.randint(len(pool))]
        first = rng.randint(len(body) - SENTENCES_PER_ARTICLE + 1)
        sentences = body[first : first + SENTENCES_PER_ARTICLE]
        text = ("LONDON (Reuters) - " if rng.rand() < 0.1 else "") + " ".join(sentences)
        statements = []
        for i, sentence in enumerate(sentences):
            source = cue = None
            if rng.rand() >= 1 / 3:
                name = f"Source {rng.randint(N_SOURCES)}"
                source = Source(name, 0, len(name), "government", name)
                kind = "denial" if rng.rand() < 0.05 else "neutral"
                cue = Span("said", 0, 4, kind)
            statements.append(
                Statement(
                    doc_id=f"d{number}",
                    statement_id=i,
                    start=0,
                    end=len(sentence),
                    text=sentence,
                    content=Span(sentence, 0, len(sentence)),
                    source=source,
                    cue=cue,
                )
            )
        yield statements, f"Outlet {rng.randint(N_OUTLETS)}", text


def peak_rss_bytes() -> int:
    """Peak resident set size of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(
    pool: list[list[str]], n_statements: int, seed: int
) -> tuple[tuple[float, float], tuple[float, float], pd.DataFrame]:
    """Build and answer one index; return ((build wall, cpu), (answer wall, cpu), answer)."""
    wall, cpu = time.perf_counter(), time.process_time()
    index = CorroborationIndex()
    for statements, outlet, text in articles(pool, n_statements, seed):
        index.add(statements, outlet=outlet, text=text)
    built_wall, built_cpu = time.perf_counter(), time.process_time()
    answer = index.corroboration()
    build = (built_wall - wall, built_cpu - cpu)
    query = (time.perf_counter() - built_wall, time.process_time() - built_cpu)
    return build, query, answer


def _median(pairs: list[tuple[float, float]], which: int) -> float:
    return statistics.median(p[which] for p in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("RELIABILITY_DATA"),
        help="shared data folder (default: $RELIABILITY_DATA)",
    )
    parser.add_argument("--statements", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--runs", type=int, default=3, help="default: 3")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    if not args.data_dir:
        parser.error("--data-dir is required when RELIABILITY_DATA is unset")
    pool = sentence_pool(Path(args.data_dir))
    builds, answers = [], []
    answer = pd.DataFrame()
    for seed in range(args.runs):
        build, query, answer = run(pool, args.statements, seed)
        builds.append(build)
        answers.append(query)
    peak = peak_rss_bytes()
    matched = answer[(answer["n_supporters"] > 0) | (answer["n_deniers"] > 0)]
    report = "\n".join(
        [
            "# CorroborationIndex benchmark",
            "",
            "| statements | articles | runs | build s wall / CPU (median) | "
            "answer s wall / CPU (median) | peak RSS MiB | under 2 GiB |",
            "|---|---|---|---|---|---|---|",
            f"| {len(answer)} | {answer['doc_id'].nunique()} | {args.runs} | "
            f"{_median(builds, 0):.1f} / {_median(builds, 1):.1f} | "
            f"{_median(answers, 0):.1f} / {_median(answers, 1):.1f} | "
            f"{peak / 1024**2:.0f} | {'yes' if peak < LIMIT_BYTES else 'NO'} |",
            "",
            "Wall time depends on what else the machine runs; CPU time is this process's own.",
            "",
            f"Statements with a supporting or denying origin (last run): {len(matched)}; "
            f"median supporters among them {matched['n_supporters'].median():.0f}, "
            f"max {answer['n_supporters'].max()}.",
            "",
        ]
    )
    sys.stdout.write(report)
    if args.out is not None:
        args.out.write_text(report, encoding="utf-8")
    return 0 if peak < LIMIT_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
