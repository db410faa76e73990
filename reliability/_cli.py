"""The ``reliability`` command: score, extract, hedges, batch, train and benchmark.

stdout carries data only; messages go to stderr. Exit codes: 0 success, 1 bad
input, 2 a usage error or a model or data file missing or failing its check.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from features._gazetteer import Gazetteer
from features._hedging import find_hedges, is_uncertain
from reliability._analyze import analyze_many
from reliability._exceptions import ModelNotFoundError, ReliabilityError
from reliability._extract import extract_statements
from reliability._records import Analysis

__all__ = ["main"]

logger = logging.getLogger(__name__)

#: Largest input read into memory by ``score``/``extract`` (the batch command streams).
MAX_INPUT_BYTES = 256 * 1024 * 1024


class InputError(ReliabilityError):
    """An input file that cannot be read as the command expects (exit code 1)."""


@dataclass(frozen=True, slots=True)
class Document:
    """One input document and where it came from, for messages."""

    doc_id: str
    text: str
    outlet: str | None
    where: str


def _read_bytes(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "<stdin>"
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError as exc:
        msg = f"{path}: no such file"
        raise InputError(msg) from exc
    except IsADirectoryError as exc:
        msg = f"{path}: is a directory, expected a file"
        raise InputError(msg) from exc
    except PermissionError as exc:
        msg = f"{path}: permission denied"
        raise InputError(msg) from exc
    return data, path


def _decode(data: bytes, where: str) -> str:
    if len(data) > MAX_INPUT_BYTES:
        msg = f"{where}: larger than {MAX_INPUT_BYTES // 2**20} MiB; use 'reliability batch'"
        raise InputError(msg)
    nul = data.find(b"\x00")
    if nul >= 0:
        msg = f"{where}: binary input (NUL byte at offset {nul}), expected UTF-8 text"
        raise InputError(msg)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{where}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
        raise InputError(msg) from exc


def _jsonl_documents(text: str, where: str, fields: tuple[str, str]) -> Iterator[dict[str, Any]]:
    id_field, text_field = fields
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            msg = f"{where}:{number}: invalid JSON ({exc.msg} at column {exc.colno})"
            raise InputError(msg) from exc
        if not isinstance(row, dict):
            msg = f"{where}:{number}: expected a JSON object, got {type(row).__name__}"
            raise InputError(msg)
        if not isinstance(row.get(text_field), str):
            got = type(row.get(text_field)).__name__ if text_field in row else "nothing"
            msg = f"{where}:{number}: '{text_field}' must be a string (got {got})"
            raise InputError(msg)
        row.setdefault(id_field, f"{Path(where).stem}:{number}")
        yield row | {"_line": number}


def read_documents(path: str) -> list[Document]:
    """Read FILE (plain text, one document) or FILE.jsonl (one document per line)."""
    data, where = _read_bytes(path)
    text = _decode(data, where)
    if not path.endswith(".jsonl"):
        doc_id = "stdin" if path == "-" else Path(path).stem
        return [Document(doc_id, text, None, where)]
    documents = []
    for row in _jsonl_documents(text, where, ("doc_id", "text")):
        outlet = row.get("outlet")
        documents.append(
            Document(
                str(row["doc_id"]),
                row["text"],
                None if outlet is None else str(outlet),
                f"{where}:{row['_line']}",
            )
        )
    return documents


def _write_jsonl(records: Sequence[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _hedge_text(record: dict[str, Any]) -> str:
    return ", ".join(f"{h['text']} ({h['kind']})" for h in record["hedges"]) or "-"


def _source_text(record: dict[str, Any]) -> str:
    source = record["source"]
    if source is None:
        return "narrator"
    name = source["entity"] or source["text"]
    channel = record["channel"]
    via = f" via {channel['type']}" if channel else ""
    return f"{name} [{source['type']}]{via}"


def _line(prefix: str, text: str, width: int) -> str:
    """``prefix`` then ``text`` shortened to fit ``width`` columns, on one line."""
    return prefix + textwrap.shorten(text, width=max(20, width - len(prefix)), placeholder=" …")


def _write_table(analyses: Sequence[Analysis], out: TextIO) -> None:
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    indent = " " * 6
    for analysis in analyses:
        records = analysis.to_dicts()
        out.write(f"{analysis.doc_id}: {len(records)} statements\n")
        for record in records:
            cue = record["cue"]
            head = f"{_source_text(record)}" + (
                f"  cue: {cue['text']} ({cue['kind']})" if cue else ""
            )
            prefix = (
                f"#{record['statement_id']:<4} {record['credibility']:.2f} {record['band']:<9} "
            )
            out.write(_line(prefix, head, width) + "\n")
            out.write(_line(indent, record["text"], width) + "\n")
            out.write(_line(indent + "hedges: ", _hedge_text(record), width) + "\n")
            reasons = ", ".join(f"{r['feature']} {r['effect']:+.2f}" for r in record["reasons"][:3])
            if reasons:
                out.write(_line(indent + "reasons: ", reasons, width) + "\n")
        out.write("\n")


RATINGS_HELP = (
    "a domain,score CSV of outlet ratings: the publisher's and cited outlets' ratings then "
    "count in the score (default: none)"
)
GAZETTEER_HELP = (
    "a TSV of extra named entities (name, aliases, type, country, note) added to the "
    "shipped gazetteer (default: none)"
)


def _gazetteer(args: argparse.Namespace) -> Gazetteer | None:
    """The shipped gazetteer extended by ``--gazetteer FILE``, or None for the shipped one."""
    if getattr(args, "gazetteer", None) is None:
        return None
    path = Path(args.gazetteer)
    if not path.is_file():
        msg = f"{path}: no such gazetteer file"
        raise InputError(msg)
    try:
        return Gazetteer.default().merged(Gazetteer.from_file(path))
    except (ValueError, UnicodeDecodeError) as exc:
        msg = f"{path}: not a gazetteer ({exc})"
        raise InputError(msg) from exc


def _cmd_score(args: argparse.Namespace) -> int:
    documents = read_documents(args.file)
    if args.outlet is not None:
        documents = [Document(d.doc_id, d.text, args.outlet, d.where) for d in documents]
    triples = [(d.doc_id, d.text, d.outlet) for d in documents]
    analyses = analyze_many(
        triples, model=args.model, gazetteer=_gazetteer(args), domain_ratings=args.domain_ratings
    )
    out = sys.stdout
    if args.format == "html":
        from reliability._html import render_html

        page = render_html(analyses)
        if args.output is None:
            out.write(page)
        else:
            Path(args.output).write_text(page, encoding="utf-8")
            logger.info("wrote %s", args.output)
        return 0
    if args.format == "table":
        _write_table(analyses, out)
    elif args.format == "json":
        json.dump([r for a in analyses for r in a.to_dicts()], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _write_jsonl([r for a in analyses for r in a.to_dicts()], out)
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    gazetteer = _gazetteer(args)
    for document in read_documents(args.file):
        statements = extract_statements(document.text, document.doc_id, gazetteer=gazetteer)
        records = [s.to_dict() for s in statements]
        _write_jsonl(records, sys.stdout)
    return 0


def _cmd_hedges(args: argparse.Namespace) -> int:
    data, where = _read_bytes(args.file)
    text = _decode(data, where)
    for row in _jsonl_documents(text, where, ("id", "text")):
        spans = [s.to_dict() for s in find_hedges(row["text"])]
        record = {"id": row["id"], "uncertain": is_uncertain(row["text"]), "hedges": spans}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from reliability._batch import score_file

    summary = score_file(
        args.input,
        args.output,
        text_col=args.text_col,
        id_col=args.id_col,
        jobs=args.jobs,
        resume=args.resume,
        chunk_size=args.chunk_size,
        model=args.model,
        corroborate=args.corroborate,
        domain_ratings=args.domain_ratings,
        progress=not args.quiet,
    )
    print(f"reliability batch: {summary}", file=sys.stderr)
    return 0


def _train_news(data_dir: str, directory: Path, name: str) -> tuple[Path, dict[str, Any]]:
    from features import statement_features
    from reliability._train import train_and_save

    return train_and_save(data_dir, directory, features_factory=statement_features, name=name)


def _train_attribution(data_dir: str, directory: Path, name: str) -> tuple[Path, dict[str, Any]]:
    from reliability._cues import train_and_save_cues

    return train_and_save_cues(data_dir, directory, name=name)


def _train_claims(data_dir: str, directory: Path, name: str) -> tuple[Path, dict[str, Any]]:
    from reliability._train_claims import train_claims_and_save

    return train_claims_and_save(data_dir, directory, name=name)


def _train_stance(data_dir: str, directory: Path, name: str) -> tuple[Path, dict[str, Any]]:
    from reliability._train_stance import train_stance

    return train_stance(data_dir, directory, name=name)


#: Models that ``reliability train`` can build, and how.
TRAINERS = {
    "attribution": _train_attribution,
    "claims": _train_claims,
    "news": _train_news,
    "stance": _train_stance,
}


def _cmd_train(args: argparse.Namespace) -> int:
    from reliability._loading import default_models_dir

    if args.dataset not in TRAINERS:
        msg = f"unknown model {args.dataset!r}; trainable: {', '.join(TRAINERS)}"
        raise ModelNotFoundError(msg, name=args.dataset)
    output = Path(args.output) if args.output else default_models_dir() / args.dataset
    path, metrics = TRAINERS[args.dataset](args.data_dir, output.parent, output.name)
    logger.warning("wrote %s", path)
    json.dump(metrics, sys.stderr, indent=2)
    sys.stderr.write("\n")
    return 0


def _cmd_benchmark(args: argparse.Namespace) -> int:
    from reliability._report import build_report

    return build_report(
        args.data_dir,
        args.out,
        quick=args.quick,
        only=args.only,
        progress=not args.quiet,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reliability",
        description="How far to trust each attributed statement in a news text.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = sub.add_parser(
        "score",
        help="extract and score the statements of an article",
        description="Extract every statement of FILE and score its credibility.",
        epilog="example: reliability score seeds/000_f48a50816c6044df.txt --format table",
    )
    score.add_argument("file", metavar="FILE", help="a text file, a .jsonl of documents, or -")
    score.add_argument("--model", default="news", help="model name in trained/ (default: news)")
    score.add_argument("--outlet", default=None, help="the publisher (default: none)")
    score.add_argument("--gazetteer", default=None, help=GAZETTEER_HELP)
    score.add_argument("--domain-ratings", default=None, metavar="FILE", help=RATINGS_HELP)
    score.add_argument(
        "--format",
        choices=("json", "jsonl", "table", "html"),
        default="table",
        help="output format; html is a standalone page (default: table)",
    )
    score.add_argument(
        "-o", "--output", default=None, help="write the html page here (default: stdout)"
    )
    score.set_defaults(run=_cmd_score)

    extract = sub.add_parser(
        "extract",
        help="statements with source, cue and hedges, without scores",
        description="Extract the statements of FILE as JSONL records, without scores.",
        epilog="example: reliability extract article.txt > statements.jsonl",
    )
    extract.add_argument("file", metavar="FILE", help="a text file, a .jsonl of documents, or -")
    extract.add_argument("--gazetteer", default=None, help=GAZETTEER_HELP)
    extract.add_argument("--format", choices=("jsonl",), default="jsonl", help="(default: jsonl)")
    extract.set_defaults(run=_cmd_extract)

    hedges = sub.add_parser(
        "hedges",
        help="hedge spans and sentence uncertainty of JSONL {id, text} rows",
        description='Read JSONL {"id","text"} rows; write {"id","uncertain","hedges"} rows.',
        epilog="example: reliability hedges - < sentences.jsonl",
    )
    hedges.add_argument("file", metavar="FILE", help="a .jsonl file or -")
    hedges.set_defaults(run=_cmd_hedges)

    batch = sub.add_parser(
        "batch",
        help="score a large JSONL, CSV or Parquet file of articles, resumably",
        description=(
            "Score every article of INPUT into OUTPUT, one statement per row; formats follow "
            "the extension (.jsonl, .csv, .parquet). Bad rows go to OUTPUT.rejects.jsonl."
        ),
        epilog="example: reliability batch articles.jsonl -o statements.parquet --jobs 2",
    )
    batch.add_argument("input", metavar="INPUT", help="a .jsonl, .csv or .parquet file")
    batch.add_argument("-o", "--output", required=True, help="the output file (required)")
    batch.add_argument("--text-col", default="text", help="column of the text (default: text)")
    batch.add_argument("--id-col", default="doc_id", help="column of the id (default: doc_id)")
    batch.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    batch.add_argument(
        "--resume", action="store_true", help="continue a killed run (default: start over)"
    )
    batch.add_argument(
        "--chunk-size", type=int, default=256, help="rows per resumable chunk (default: 256)"
    )
    batch.add_argument("--model", default="news", help="model name in trained/ (default: news)")
    batch.add_argument(
        "--corroborate",
        action="store_true",
        help="add each statement's supporting and denying outlets across the input (default: off)",
    )
    batch.add_argument("--domain-ratings", default=None, metavar="FILE", help=RATINGS_HELP)
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress (default: shown)")
    batch.set_defaults(run=_cmd_batch)

    train = sub.add_parser(
        "train",
        help="train a shipped model from the public data sets",
        description="Train model DATASET from the data under --data-dir and record it.",
        epilog="example: reliability train news --data-dir ../shared/data",
    )
    train.add_argument(
        "dataset",
        metavar="DATASET",
        help="the model to train: attribution (PolNeAR), claims (LIAR), "
        "news (Emergent and domain_quality), stance (FNC-1)",
    )
    train.add_argument(
        "--data-dir", required=True, help="folder holding liar/ and polnear/ (required)"
    )
    train.add_argument(
        "-o", "--output", default=None, help="output path trained/NAME (default: trained/DATASET)"
    )
    train.set_defaults(run=_cmd_train)

    benchmark = sub.add_parser(
        "benchmark",
        help="run every benchmark whose data is present; write report.md, plots, summary.json",
        description=(
            "Run the benchmarks of benchmarks/ whose data is under --data-dir, beside baselines "
            "and quoted published figures; write report.md, PNG plots and summary.json to --out."
        ),
        epilog="example: reliability benchmark --data-dir ../shared/data --out report --quick",
    )
    benchmark.add_argument(
        "--data-dir",
        default=None,
        help="the shared data folder (default: $RELIABILITY_DATA)",
    )
    benchmark.add_argument(
        "--out", default="benchmark-report", help="output folder (default: benchmark-report)"
    )
    benchmark.add_argument(
        "--quick",
        action="store_true",
        help="fewer timing runs and smaller throughput inputs, as in CI (default: full)",
    )
    benchmark.add_argument(
        "--only",
        nargs="+",
        default=None,
        metavar="AREA",
        help="run only these areas (default: all)",
    )
    benchmark.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar (default: shown)"
    )
    benchmark.set_defaults(run=_cmd_benchmark)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="reliability: %(message)s",
        stream=sys.stderr,
    )
    try:
        return args.run(args)
    except ReliabilityError as exc:
        message = str(exc).replace("\n", " ")
        print(f"reliability {args.command}: {message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
