"""Throughput of ``reliability batch``: documents per second, peak memory, and a parse floor.

For each input size and number of jobs, runs ``reliability batch IN.jsonl -o OUT.jsonl
--jobs J`` in a subprocess, end to end (interpreter start, model load, extraction,
features, scoring, writing), and samples the resident memory of its whole process
tree (the command and its joblib workers) from ``/proc`` every 20 ms. Beside it, the
time just to read and ``json.loads`` the same input, the floor no scorer can beat,
and the time of each stage on a sample, in process, to show where the time goes.
Each figure is the median of ``--runs`` runs (``--large-runs`` for the largest size,
which is there to show that memory does not grow with the input).

Documents are PolNeAR articles (train and dev, cycled to the size asked) when
``RELIABILITY_DATA`` or ``--data-dir`` is set, else PolNeAR-like articles from the
generator below: about 5 KB of news prose each, with quoted and paraphrased
statements, "according to", distancing cues, denials, hedges and narrator sentences.

    python benchmarks/throughput.py --out benchmarks/reports/throughput.md
    python benchmarks/throughput.py --sizes 2000 --jobs 1 2 --runs 3   # quicker

Linux only (reads ``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_EVERY = 0.02
STAGE_SAMPLE = 200

# Pieces of the generated articles: US political news of 2015-2016, as in PolNeAR.
PEOPLE = (
    "Hillary Clinton", "Donald Trump", "Sen. Ted Cruz", "Gov. John Kasich", "Bernie Sanders",
    "Rep. Paul Ryan", "Mike Pence", "Tim Kaine", "Sen. Marco Rubio", "Jeb Bush",
)  # fmt: skip
GROUPS = (
    "a campaign spokesman", "senior aides", "officials at the State Department",
    "the FBI", "a Republican strategist", "two people familiar with the talks",
    "The New York Times", "the Clinton campaign", "analysts at the Brookings Institution",
    "witnesses", "a White House official", "the Pentagon", "the party's leaders",
)  # fmt: skip
SUBJECTS = (
    "the campaign", "the committee", "the senator", "voters in Ohio", "the administration",
    "the nominee", "the delegates", "donors", "the governor's office", "the rally",
)  # fmt: skip
PREDICATES = (
    "raised more money than expected in the third quarter",
    "would release the emails before the debate",
    "had not been told about the investigation",
    "plans to visit Florida and North Carolina next week",
    "spent $12 million on television ads in September",
    "was trailing by four points among likely voters",
    "misled the public about the server",
    "never supported the trade agreement",
    "will unveil a tax plan on Monday",
    "had met the ambassador twice in 2014",
)  # fmt: skip
HEDGES = ("reportedly", "allegedly", "apparently", "possibly")
CUES = ("said", "told reporters", "claimed", "insisted", "confirmed", "denied", "argued")
NARRATION = (
    "The debate is scheduled for Sunday night in St. Louis.",
    "Polls opened at 7 a.m. across the state.",
    "The race has tightened in recent weeks.",
    "Both campaigns have spent heavily in the region.",
    "The hearing lasted more than four hours.",
)  # fmt: skip


def _sentence(rng: random.Random) -> str:
    who = rng.choice(PEOPLE + GROUPS)
    what = f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}"
    cue = rng.choice(CUES)
    form = rng.randrange(8)
    if form == 0:
        return f'"{what[0].upper()}{what[1:]}," {who} {cue}.'
    if form == 1:
        return f"According to {who}, {what}."
    if form == 2:
        return f"{who[0].upper()}{who[1:]} {cue} that {what}."
    if form == 3:
        return f"{what[0].upper()}{what[1:]}, {who} {cue} on {rng.choice(('Monday', 'Friday'))}."
    if form == 4:
        return f"{what[0].upper()}{what[1:]} {rng.choice(HEDGES)}, {who} said."
    if form == 5:
        return f"{who[0].upper()}{who[1:]} said {what}, a claim Reuters could not verify."
    return rng.choice(NARRATION) if form == 6 else f"{what[0].upper()}{what[1:]}."


def generate_articles(n: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """Yield ``n`` PolNeAR-like articles of about 5 KB, deterministically from ``seed``."""
    rng = random.Random(seed)
    for i in range(n):
        target = rng.randint(3000, 7000)
        paragraphs, size = [], 0
        while size < target:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        yield {"doc_id": f"gen{i:06d}", "text": "\n\n".join(paragraphs)}


def polnear_articles(n: int, data_dir: Path) -> Iterator[dict[str, str]]:
    """Yield ``n`` PolNeAR train and dev articles, cycled, with distinct ids."""
    texts = []
    for split in ("train", "dev"):
        with open(data_dir / "polnear" / f"{split}.jsonl", encoding="utf-8") as handle:
            texts.extend((row["doc_id"], row["text"]) for row in map(json.loads, handle))
    for i in range(n):
        doc_id, text = texts[i % len(texts)]
        yield {"doc_id": f"{doc_id}#{i // len(texts)}", "text": text}


def write_input(path: Path, articles: Iterator[dict[str, str]]) -> int:
    size = 0
    with open(path, "w", encoding="utf-8") as handle:
        for article in articles:
            line = json.dumps(article, ensure_ascii=False) + "\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
    return size


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return pids


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process so far."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memory_kib(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of one process (PSS shares forked pages out)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class Run:
    seconds: float
    peak_tree_mib: float
    peak_tree_pss_mib: float
    peak_main_mib: float
    summary: str
    load: float
    cpu_seconds: float


def run_batch(source: Path, jobs: int, workdir: Path) -> Run:
    """Run the batch command once, sampling the memory of its process tree."""
    output = workdir / "out.jsonl"
    command = [sys.executable, "-m", "reliability._cli", "batch", str(source), "-o", str(output)]
    command += ["--jobs", str(jobs), "-q"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    peaks = {"tree": 0, "pss": 0, "main": 0}
    cpu: dict[int, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pids = _tree(proc.pid)
            sizes = [_memory_kib(p) for p in pids]
            for p in pids:
                cpu[p] = max(cpu.get(p, 0.0), _cpu_seconds(p))
            peaks["tree"] = max(peaks["tree"], sum(rss for rss, _ in sizes))
            peaks["pss"] = max(peaks["pss"], sum(pss for _, pss in sizes))
            peaks["main"] = max(peaks["main"], sizes[0][0] if sizes else 0)
            stop.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        msg = f"batch failed with exit code {proc.returncode}:\n{err}"
        raise RuntimeError(msg)
    summary = err.strip().splitlines()[-1]
    # The 1-minute load average at the end tells whether others shared the cores.
    load = os.getloadavg()[0]
    return Run(
        seconds,
        peaks["tree"] / 1024,
        peaks["pss"] / 1024,
        peaks["main"] / 1024,
        summary,
        load,
        sum(cpu.values()),
    )


def parse_floor(source: Path) -> float:
    """Seconds to read the input line by line and ``json.loads`` each line."""
    started = time.perf_counter()
    with open(source, "rb") as handle:
        for line in handle:
            json.loads(line)
    return time.perf_counter() - started


def stage_times(source: Path, sample: int) -> dict[str, float]:
    """Seconds per document of each stage, in process, on the first ``sample`` documents."""
    sys.path.insert(0, str(ROOT))
    from reliability._extract import extract_statements
    from reliability._loading import load_model
    from reliability._records import records_to_frame

    model = load_model()
    with open(source, encoding="utf-8") as handle:
        docs = [json.loads(line) for _, line in zip(range(sample), handle, strict=False)]
    extract_statements(docs[0]["text"], "warm")
    times = {}
    started = time.perf_counter()
    extracted = [extract_statements(d["text"], d["doc_id"]) for d in docs]
    times["extract_statements"] = time.perf_counter() - started
    flat = [s for statements in extracted for s in statements]
    started = time.perf_counter()
    frame = model.transform_features(flat)
    times["model.transform_features (features)"] = time.perf_counter() - started
    started = time.perf_counter()
    scored = model.score(flat)
    times["model.score (features + scoring + records)"] = time.perf_counter() - started
    times["  of which outside transform_features"] = (
        times["model.score (features + scoring + records)"]
        - times["model.transform_features (features)"]
    )
    started = time.perf_counter()
    records = [s.to_dict() for s in scored]
    times["ScoredStatement.to_dict"] = time.perf_counter() - started
    started = time.perf_counter()
    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    times["json.dumps (JSONL output)"] = time.perf_counter() - started
    started = time.perf_counter()
    records_to_frame(records)
    times["records_to_frame (CSV/Parquet output only)"] = time.perf_counter() - started
    del frame
    return {k: v / len(docs) for k, v in times.items()} | {
        "statements per document": len(flat) / len(docs)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="documents per input (default: 10000 100000)",
    )
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="default: 1 2")
    parser.add_argument("--runs", type=int, default=3, help="runs per cell (default: 3)")
    parser.add_argument(
        "--large-runs", type=int, default=1, help="runs per cell for the largest size (default: 1)"
    )
    parser.add_argument(
        "--large-jobs",
        type=int,
        nargs="+",
        default=None,
        help="jobs for the largest size (default: as --jobs)",
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("RELIABILITY_DATA"),
        help="PolNeAR from here (default: $RELIABILITY_DATA; unset: generated)",
    )
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)

    corpus = "PolNeAR train+dev articles, cycled" if args.data_dir else "generated PolNeAR-like"
    lines = [
        "# Batch throughput",
        "",
        f"Command: `python benchmarks/throughput.py {' '.join(argv or sys.argv[1:])}`",
        f"Documents: {corpus}. Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}.",
        "Wall time is the whole `reliability batch IN.jsonl -o OUT.jsonl --jobs J` process",
        "(start-up, model load, extraction, features, scoring, writing). Memory is the peak",
        "resident set (RSS) of the process tree (command + workers), sampled every 20 ms, and",
        "its peak proportional set size (PSS: pages the forked workers share with the command",
        "are counted once, not once per process). CPU s is",
        "the user + system time of that tree (sampled, so it misses at most the last 20 ms of",
        "each process); docs per CPU s is the per-core rate whatever else runs. Load avg",
        "is the highest 1-minute load average at the end of a run (2 cores: above 2, other",
        "work shared the machine and the figures are pessimistic).",
        "",
        "| documents | input MB | jobs | runs | wall s (median) | docs/s | docs/s per job "
        "| vs 1 job | CPU s | docs per CPU s | peak tree RSS MiB | peak tree PSS MiB "
        "| peak main MiB | read+parse s (floor) | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    largest = max(args.sizes)
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        workdir = Path(tmp)
        for size in sorted(args.sizes):
            source = workdir / f"in-{size}.jsonl"
            articles = (
                polnear_articles(size, Path(args.data_dir))
                if args.data_dir
                else generate_articles(size)
            )
            nbytes = write_input(source, articles)
            floor = statistics.median(parse_floor(source) for _ in range(3))
            runs = args.large_runs if size == largest and len(args.sizes) > 1 else args.runs
            jobs_list = args.large_jobs if size == largest and args.large_jobs else args.jobs
            base = None
            for jobs in jobs_list:
                results = [run_batch(source, jobs, workdir) for _ in range(runs)]
                for r in results:
                    print(
                        f"{size} docs, {jobs} jobs: {r.seconds:.1f} s; {r.summary}", file=sys.stderr
                    )
                wall = statistics.median(r.seconds for r in results)
                rate = size / wall
                base = rate if jobs == 1 else base
                ratio = f"{rate / base:.2f}x" if base else "-"
                tree = statistics.median(r.peak_tree_mib for r in results)
                pss = statistics.median(r.peak_tree_pss_mib for r in results)
                main_mib = statistics.median(r.peak_main_mib for r in results)
                load = max(r.load for r in results)
                cpu_s = statistics.median(r.cpu_seconds for r in results)
                lines.append(
                    f"| {size:,} | {nbytes / 1e6:.1f} | {jobs} | {runs} | {wall:.1f} | {rate:.1f} "
                    f"| {rate / jobs:.1f} | {ratio} | {cpu_s:.0f} | {size / cpu_s:.1f} "
                    f"| {tree:.0f} | {pss:.0f} | {main_mib:.0f} | {floor:.2f} "
                    f"| {load:.1f} |"
                )
                print(lines[-1], file=sys.stderr)
        stages = stage_times(source, STAGE_SAMPLE)
    lines += [
        "",
        f"## Where the time goes (in process, first {STAGE_SAMPLE} documents, ms per document)",
        "",
        "| stage | ms per document |",
        "|---|---|",
    ]
    for name, value in stages.items():
        shown = f"{value:.1f}" if name.startswith("statements") else f"{value * 1000:.2f}"
        lines.append(f"| {name} | {shown} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
