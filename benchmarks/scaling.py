"""How the time to analyse one article grows with its size (it should grow linearly).

Usage::

    python benchmarks/scaling.py [--sizes 0.5 1 2 5] [--runs 3] [--shape seed|sentence]

Builds articles of the given sizes (MB) by repeating the seed article as paragraphs
(``--shape seed``) or one clause of attributions with no full stop (``--shape sentence``:
a single endless sentence, the worst case for the sentence-level scans), analyses each
``--runs`` times and reports the median seconds, seconds per MB and the ratio of seconds
per MB to that of the smallest size (1.0 = perfectly linear).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import reliability

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f48a50816c6044df.txt"
#: The repeated unit of ``--shape sentence``: attributions joined by commas, no full stop.
CLAUSE = "no punctuation here, said the man, said the woman, and the group claimed "
SHAPES = ("seed", "sentence")


def article(megabytes: float, seed: str, shape: str = "seed") -> str:
    """The seed repeated as paragraphs (or one endless sentence) to about ``megabytes`` MB."""
    if shape == "sentence":
        return CLAUSE * max(1, int(megabytes * 1_000_000 / len(CLAUSE)))
    copies = max(1, int(megabytes * 1_000_000 / (len(seed) + 2)))
    return "\n\n".join([seed] * copies)


def measure(
    sizes: Sequence[float], runs: int, shape: str = "seed"
) -> list[tuple[float, int, float]]:
    """(size in MB, statements, median seconds) for each size."""
    seed = SEED.read_text(encoding="utf-8")
    model = reliability.load_model()
    reliability.analyze(seed, model=model)  # load models and lexicons before timing
    rows = []
    for size in sizes:
        text = article(size, seed, shape)
        times = []
        statements = 0
        for _ in range(runs):
            start = time.perf_counter()
            statements = len(reliability.analyze(text, model=model).statements)
            times.append(time.perf_counter() - start)
        rows.append((len(text) / 1_000_000, statements, statistics.median(times)))
    return rows


def report(rows: Sequence[tuple[float, int, float]], runs: int, shape: str = "seed") -> str:
    """A Markdown table of the measurements."""
    base = rows[0][2] / rows[0][0]
    lines = [
        f"## Time to analyse one article by size ({shape}, median of {runs} runs)",
        "",
        "| size (MB) | statements | seconds | seconds per MB | ratio to smallest |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for megabytes, statements, seconds in rows:
        per_mb = seconds / megabytes
        lines.append(
            f"| {megabytes:.2f} | {statements} | {seconds:.2f} | {per_mb:.2f} | "
            f"{per_mb / base:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1.0, 2.0, 5.0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (default: 3)")
    parser.add_argument("--shape", choices=SHAPES, default="seed", help="(default: seed)")
    args = parser.parse_args(argv)
    rows = measure(args.sizes, args.runs, args.shape)
    sys.stdout.write(report(rows, args.runs, args.shape))
    return 0


if __name__ == "__main__":
    sys.exit(main())
