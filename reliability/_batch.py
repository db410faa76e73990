"""Batch scoring of large JSONL, CSV or Parquet files: streaming, parallel, resumable.

One core works over rows: readers at the edge turn each input format into
``_Row`` items (a line number and the raw row), ``_parse_row`` turns a row into a
document or a reject, and ``_score_chunk`` scores one chunk of rows and commits
its output part. Writers at the other edge know how to write and concatenate
parts of one output format.

Resumability comes from the layout on disk. Rows are cut into chunks of
``chunk_size`` consecutive input rows; chunk ``k`` writes ``part-k`` (its
statements), ``part-k.rejects.jsonl`` and, last, ``part-k.done.json`` (its
counts), each through a temporary file and ``os.replace``, under
``OUTPUT.parts/``. A chunk is complete exactly when its ``done`` file exists, so
a run killed at any instant resumes from the first incomplete chunk; since chunks
are cut the same way every time, the merged output is the same as that of an
uninterrupted run. The final ``OUTPUT`` and ``OUTPUT.rejects.jsonl`` are
concatenations of the parts in chunk order, written atomically too.

Workers are processes started once per job (forked on Linux, so they share the
parent's loaded models) that keep the job's shared state, so a chunk
travels to a worker as its rows only, and only its counts travel back: each worker
writes its own part.

With ``corroborate``, each chunk also saves its share of a ``CorroborationIndex``
(``part-k.corroboration.npz``, no text) and its statements as JSONL. Once every
chunk is done, a second pass loads the shares into one index, which gives each
statement its supporting and denying outlets across the whole batch, and rewrites
each part in the output format with the ``corroboration`` columns, in chunk order.
It reads only what the parts hold, so it reruns from the parts after a kill.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pandas as pd

from reliability._analyze import analyze_many, resolve_model, resolve_ratings
from reliability._corroboration_index import CorroborationIndex
from reliability._exceptions import ReliabilityError, SchemaError
from reliability._loading import _write_atomic as write_atomic
from reliability._model import CredibilityModel
from reliability._outlets import DomainRatings
from reliability._records import FRAME_COLUMNS, Analysis, records_to_frame

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "FORMATS",
    "BatchError",
    "BatchSummary",
    "conform_frame",
    "score_file",
    "statement_columns",
]

#: Input rows per chunk: the unit of work of a worker and of ``--resume``.
DEFAULT_CHUNK_SIZE = 256
#: File extensions ``score_file`` reads and writes.
FORMATS = (".jsonl", ".csv", ".parquet")
#: Column read as the publisher when present (as ``reliability score`` does for JSONL).
OUTLET_COL = "outlet"
#: Seconds between plain progress lines when stderr is not a terminal.
LOG_INTERVAL = 30.0
#: Version of the ``OUTPUT.parts`` layout; a resume refuses parts of another version.
PARTS_VERSION = 2
#: Chunks handed to the workers ahead of those they are scoring, per worker.
CHUNKS_AHEAD = 2
#: Largest CSV field (the csv module's default, 128 KiB, would reject long articles).
CSV_FIELD_LIMIT = 2**31 - 1
PARQUET_HINT = "pip install 'source-reliability[parquet]'"

# Text decoded with surrogateescape carries undecodable bytes as lone surrogates.
_UNDECODABLE = re.compile("[\udc80-\udcff]")

#: Kind of each fixed statement column: how ``conform_frame`` casts it.
_COLUMN_KINDS = {
    "doc_id": "str",
    "statement_id": "int",
    "start": "int",
    "end": "int",
    "text": "str",
    "content_text": "str",
    "content_start": "int",
    "content_end": "int",
    "source_text": "str?",
    "source_start": "int?",
    "source_end": "int?",
    "source_type": "str?",
    "source_entity": "str?",
    "cue_text": "str?",
    "cue_start": "int?",
    "cue_end": "int?",
    "cue_kind": "str?",
    "channel_text": "str?",
    "channel_start": "int?",
    "channel_end": "int?",
    "channel_type": "str?",
    "hedges": "list",
    "quoted": "bool",
    "credibility": "float",
    "band": "str",
    "reasons": "list",
}
#: Columns ``--corroborate`` adds after the features (``CorroborationIndex.corroboration``).
CORROBORATION_COLUMNS = (
    ("corroboration_n_supporters", "int"),
    ("corroboration_n_deniers", "int"),
    ("corroboration_supporting_outlets", "list"),
    ("corroboration_denying_outlets", "list"),
)
_CORROBORATION_FIELDS = ("n_supporters", "n_deniers", "supporting_outlets", "denying_outlets")


class BatchError(ReliabilityError):
    """A batch job that cannot start: bad arguments, a missing extra, unresumable parts."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Counts of a finished batch job; ``read == scored + rejected`` always.

    ``seconds`` is the wall time of this invocation only; the counts cover every
    chunk, including those a resumed run found already done.
    """

    read: int
    scored: int
    rejected: int
    statements: int
    seconds: float
    output: Path
    rejects: Path

    def __str__(self) -> str:
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        return (
            f"read {self.read} rows, scored {self.scored}, rejected {self.rejected}; "
            f"{self.statements} statements to {self.output}, rejects to {self.rejects} "
            f"({self.seconds:.1f} s, {rate:.1f} rows/s)"
        )


# -- statement columns -----------------------------------------------------------------


def statement_columns(
    model: CredibilityModel, *, corroborate: bool = False
) -> list[tuple[str, str]]:
    """Return the ``(column, kind)`` pairs of a flattened statement frame scored by ``model``.

    The columns are those of ``Analysis.to_frame()``: the SPEC record flattened
    with ``_``, then one ``feature_*`` column per model feature, then with
    ``corroborate`` the ``corroboration_*`` columns. Kinds are ``str``, ``str?``
    (nullable), ``int``, ``int?``, ``float``, ``bool`` and ``list``.
    """
    names = list(getattr(model, "feature_names_", ()))
    columns = [(c, _COLUMN_KINDS[c]) for c in FRAME_COLUMNS]
    columns += [(f"feature_{n}", "float") for n in names]
    return columns + list(CORROBORATION_COLUMNS) if corroborate else columns


def conform_frame(frame: pd.DataFrame, columns: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns``, in order, each cast to one fixed dtype.

    ``records_to_frame`` infers dtypes from the rows at hand (a chunk without any
    cue gets an all-``None`` object ``cue_start``); parts, partitions and Spark
    batches need the same dtypes whatever rows they hold.
    """
    out = {}
    for name, kind in columns:
        values = frame[name] if name in frame.columns else pd.Series([None] * len(frame))
        values = values.reset_index(drop=True)
        if kind in ("str", "str?", "list"):
            out[name] = values.astype(object).where(values.notna(), None)
        elif kind in ("int", "int?"):
            out[name] = values.astype("Int64" if kind == "int?" else "int64")
        elif kind == "float":
            out[name] = values.astype("float64")
        else:
            out[name] = values.astype("bool")
    return pd.DataFrame(out, columns=[name for name, _ in columns])


# -- rows and documents -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    """One input row as read: its line (or row) number and the raw value, or why it failed."""

    line: int
    value: bytes | dict[str, Any] | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Document:
    line: int
    doc_id: str
    text: str
    outlet: str | None


@dataclass(frozen=True, slots=True)
class _Reject:
    line: int
    reason: str
    doc_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "doc_id": self.doc_id, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class _Columns:
    """Input column names, and the prefix of default document ids (``stem:line``)."""

    text: str
    doc_id: str
    outlet: str
    stem: str


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _parse_row(row: _Row, cols: _Columns) -> _Document | _Reject:
    """Turn a raw row into a document to score, or a reject saying why not."""
    if row.error is not None:
        return _Reject(row.line, row.error)
    value = row.value
    if isinstance(value, bytes):
        try:
            value = json.loads(value)
        except UnicodeDecodeError as exc:
            return _Reject(row.line, f"not valid UTF-8 (byte at offset {exc.start})")
        except json.JSONDecodeError as exc:
            return _Reject(row.line, f"invalid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(value, dict):
        return _Reject(row.line, f"expected a JSON object, got {type(value).__name__}")
    raw_id = value.get(cols.doc_id)
    doc_id = f"{cols.stem}:{row.line}" if _missing(raw_id) else str(raw_id)
    text = value.get(cols.text)
    if not isinstance(text, str):
        got = type(text).__name__ if cols.text in value and text is not None else "nothing"
        return _Reject(row.line, f"'{cols.text}' must be a string (got {got})", doc_id)
    if not text.strip():
        return _Reject(row.line, f"'{cols.text}' is empty", doc_id)
    bad = _UNDECODABLE.search(text)
    if bad is not None:
        return _Reject(
            row.line, f"'{cols.text}' is not valid UTF-8 (at character {bad.start()})", doc_id
        )
    outlet = value.get(cols.outlet)
    return _Document(row.line, doc_id, text, None if _missing(outlet) else str(outlet))


# -- readers ------------------------------------------------------------------------------


def _read_jsonl(path: Path, cols: _Columns, where: str) -> Iterator[_Row]:
    """Yield each non-blank line undecoded: workers decode and parse them."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if line.strip():
                yield _Row(number, line)


def _read_csv(path: Path, cols: _Columns, where: str) -> Iterator[_Row]:
    """Yield each CSV record as a dict, numbered by the line it starts on."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as text:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            return
        if cols.text not in header:
            msg = f"{where}:1: no column {cols.text!r} in the header; columns: {header}"
            raise SchemaError(msg, field=cols.text)
        start = reader.line_num + 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield _Row(start, None, f"malformed CSV ({exc})")
                start = reader.line_num + 1
                continue
            if len(fields) != len(header) and fields:
                yield _Row(start, None, f"expected {len(header)} fields, got {len(fields)}")
            elif fields:
                yield _Row(start, dict(zip(header, fields, strict=True)))
            start = reader.line_num + 1


def _pyarrow(purpose: str) -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        msg = f"{purpose} needs pyarrow; install it with: {PARQUET_HINT}"
        raise BatchError(msg) from exc
    return pyarrow


def _read_parquet(path: Path, cols: _Columns, where: str) -> Iterator[_Row]:
    """Yield each Parquet row as a dict, numbered from 1, one record batch at a time."""
    pa = _pyarrow(f"reading {where}")
    handle = pa.parquet.ParquetFile(path)
    names = handle.schema_arrow.names
    if cols.text not in names:
        msg = f"{where}: no column {cols.text!r}; columns: {names}"
        raise SchemaError(msg, field=cols.text)
    wanted = [c for c in (cols.doc_id, cols.text, cols.outlet) if c in names]
    number = 0
    for batch in handle.iter_batches(batch_size=DEFAULT_CHUNK_SIZE, columns=wanted):
        for value in batch.to_pylist():
            number += 1
            yield _Row(number, value)


def _count_rows(path: Path, suffix: str) -> int | None:
    """Return the number of rows for the progress bar, when cheap to know."""
    if suffix == ".parquet":
        return int(_pyarrow(f"reading {path}").parquet.ParquetFile(path).metadata.num_rows)
    if suffix != ".jsonl":
        return None
    count = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


# -- writers ------------------------------------------------------------------------------


def _write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` all or nothing: a temporary file, then ``os.replace``."""

    def write_file(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            write(handle)

    write_atomic(path, write_file)


def _jsonl_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def _frame(records: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> pd.DataFrame:
    return conform_frame(records_to_frame(records), columns)


def _csv_bytes(records: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> bytes:
    """CSV rows without a header; list columns as JSON text."""
    if not records:
        return b""
    frame = _frame(records, columns)
    for name in (name for name, kind in columns if kind == "list"):
        frame[name] = [json.dumps(v, ensure_ascii=False) for v in frame[name]]
    return frame.to_csv(index=False, header=False, lineterminator="\n").encode("utf-8")


def _arrow_schema(columns: Sequence[tuple[str, str]]) -> Any:
    pa = _pyarrow("writing .parquet")
    span = pa.struct(
        [("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())]
    )
    outlets = pa.list_(pa.string())
    lists = {
        "hedges": pa.list_(span),
        "reasons": pa.list_(pa.struct([("feature", pa.string()), ("effect", pa.float64())])),
        "corroboration_supporting_outlets": outlets,
        "corroboration_denying_outlets": outlets,
    }
    kinds = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    fields = []
    for name, kind in columns:
        if kind == "list":
            fields.append((name, lists[name]))
        else:
            fields.append((name, kinds.get(kind.rstrip("?"), pa.string())))
    return pa.schema(fields)


class _Writer:
    """Write statement parts of one output format and concatenate them into OUTPUT."""

    suffix = ".jsonl"

    def __init__(self, columns: Sequence[tuple[str, str]]) -> None:
        self.columns = list(columns)

    def write_part(self, records: list[dict[str, Any]], path: Path) -> None:
        data = _jsonl_bytes(records)
        _write_atomic(path, lambda handle: handle.write(data))

    def merge(self, parts: Sequence[Path], output: Path) -> None:
        _write_atomic(output, lambda handle: _concatenate(parts, handle))


class _CsvWriter(_Writer):
    suffix = ".csv"

    def write_part(self, records: list[dict[str, Any]], path: Path) -> None:
        data = _csv_bytes(records, self.columns)
        _write_atomic(path, lambda handle: handle.write(data))

    def merge(self, parts: Sequence[Path], output: Path) -> None:
        header = ",".join(name for name, _ in self.columns) + "\n"

        def write(handle: BinaryIO) -> None:
            handle.write(header.encode("utf-8"))
            _concatenate(parts, handle)

        _write_atomic(output, write)


class _ParquetWriter(_Writer):
    suffix = ".parquet"

    def write_part(self, records: list[dict[str, Any]], path: Path) -> None:
        pa = _pyarrow("writing .parquet")
        schema = _arrow_schema(self.columns)
        frame = _frame(records, self.columns)
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        _write_atomic(path, lambda handle: pa.parquet.write_table(table, handle))

    def merge(self, parts: Sequence[Path], output: Path) -> None:
        pa = _pyarrow("writing .parquet")
        schema = _arrow_schema(self.columns)

        def write(handle: BinaryIO) -> None:
            with pa.parquet.ParquetWriter(handle, schema) as writer:
                for part in parts:
                    table = pa.parquet.read_table(part, schema=schema)
                    if table.num_rows:
                        writer.write_table(table)

        _write_atomic(output, write)


_WRITERS: dict[str, type[_Writer]] = {
    ".jsonl": _Writer,
    ".csv": _CsvWriter,
    ".parquet": _ParquetWriter,
}


def _concatenate(parts: Iterable[Path], handle: BinaryIO) -> None:
    for part in parts:
        with open(part, "rb") as source:
            shutil.copyfileobj(source, handle, 1 << 20)


# -- one chunk ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ChunkResult:
    index: int
    read: int
    scored: int
    rejected: int
    statements: int

    def to_dict(self) -> dict[str, int]:
        return {
            "index": self.index,
            "read": self.read,
            "scored": self.scored,
            "rejected": self.rejected,
            "statements": self.statements,
        }


def _analyze(
    documents: list[_Document], model: CredibilityModel, ratings: DomainRatings | None
) -> tuple[list[Analysis], list[_Reject]]:
    """Score documents in one pass; if that fails, one by one to isolate the culprits."""
    triples = [(d.doc_id, d.text, d.outlet) for d in documents]
    try:
        return analyze_many(triples, model=model, domain_ratings=ratings), []
    except Exception:
        if len(documents) == 1:
            raise
    analyses, rejects = [], []
    for document in documents:
        try:
            (analysis,) = analyze_many(
                [(document.doc_id, document.text, document.outlet)],
                model=model,
                domain_ratings=ratings,
            )
        except Exception as exc:  # a document that breaks scoring must not stop the job
            reason = f"scoring failed: {type(exc).__name__}: {exc}"
            rejects.append(_Reject(document.line, reason, document.doc_id))
        else:
            analyses.append(analysis)
    return analyses, rejects


def _part_paths(parts: Path, index: int, suffix: str) -> tuple[Path, Path, Path]:
    stem = f"part-{index:06d}"
    return (
        parts / f"{stem}{suffix}",
        parts / f"{stem}.rejects.jsonl",
        parts / f"{stem}.done.json",
    )


def _corroboration_path(parts: Path, index: int) -> Path:
    return parts / f"part-{index:06d}.corroboration.npz"


@dataclass(frozen=True, slots=True)
class _Job:
    """What every chunk of one batch job shares; a worker receives it once."""

    cols: _Columns
    model: CredibilityModel
    writer: _Writer
    parts: Path
    corroborate: bool
    ratings: DomainRatings | None


def _score_chunk(index: int, rows: list[_Row], job: _Job) -> _ChunkResult:
    """Score one chunk and commit its part: statements, rejects, then the ``done`` marker."""
    parsed = [_parse_row(row, job.cols) for row in rows]
    documents = [p for p in parsed if isinstance(p, _Document)]
    rejects = [p for p in parsed if isinstance(p, _Reject)]
    analyses: list[Analysis] = []
    if documents:
        analyses, failed = _analyze(documents, job.model, job.ratings)
        rejects = sorted(rejects + failed, key=lambda r: r.line)
    records = [r for a in analyses for r in a.to_dicts()]
    result = _ChunkResult(index, len(rows), len(rows) - len(rejects), len(rejects), len(records))
    data_path, rejects_path, done_path = _part_paths(job.parts, index, job.writer.suffix)
    job.writer.write_part(records, data_path)
    reject_bytes = _jsonl_bytes(r.to_dict() for r in rejects)
    _write_atomic(rejects_path, lambda handle: handle.write(reject_bytes))
    if job.corroborate:
        share = CorroborationIndex().extend(analyses)
        _write_atomic(_corroboration_path(job.parts, index), share.save)
    done = json.dumps(result.to_dict()).encode("utf-8")
    _write_atomic(done_path, lambda handle: handle.write(done))
    return result


#: The job of this worker process, set once by ``_start_worker``.
_WORKER_JOB: dict[str, _Job] = {}


def _start_worker(job: _Job) -> None:
    _WORKER_JOB["job"] = job


def _score_in_worker(index: int, rows: list[_Row]) -> _ChunkResult:
    return _score_chunk(index, rows, _WORKER_JOB["job"])


def _warm_up(model: CredibilityModel) -> None:
    """Load every lazily loaded model and table, so that forked workers share them."""
    analyze_many(
        [("warm-up", "The ministry said the bridge had allegedly fallen.", None)], model=model
    )


def _pool(jobs: int, job: _Job) -> ProcessPoolExecutor:
    """Worker processes that keep ``job``: forked from this process on Linux, else spawned.

    (Elsewhere fork is unsafe, as on macOS, or missing, as on Windows.)
    """
    fork = sys.platform.startswith("linux")
    if fork:
        _warm_up(job.model)
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(job,))
    # Frozen objects are left alone by the workers' garbage collector, so the pages they
    # share with this process are not copied; start the workers now, before any thread.
    gc.collect()
    gc.freeze()
    try:
        pool.submit(os.getpid).result()
    finally:
        gc.unfreeze()
    return pool


def _run_chunks(
    chunks: Iterable[tuple[int, list[_Row]]], job: _Job, pool: ProcessPoolExecutor | None, jobs: int
) -> Iterator[_ChunkResult]:
    """Score chunks in this process, or in ``pool`` as they finish, ``CHUNKS_AHEAD`` per worker
    in flight at most (so memory stays bounded whatever the input size)."""
    if pool is None:
        # The loaded models and tables live for the whole run: frozen, the garbage
        # collector's full passes skip them (measured: 0.5-1 ms per document otherwise)
        _warm_up(job.model)
        gc.collect()
        gc.freeze()
        try:
            for index, rows in chunks:
                yield _score_chunk(index, rows, job)
        finally:
            gc.unfreeze()
        return
    pending: set[Future[_ChunkResult]] = set()
    for index, rows in chunks:
        if len(pending) >= CHUNKS_AHEAD * jobs:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in finished)
        pending.add(pool.submit(_score_in_worker, index, rows))
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from (future.result() for future in finished)


def _corroborate_parts(results: list[_ChunkResult], job: _Job, writer: _Writer) -> list[Path]:
    """Load every chunk's index share, then rewrite each part with its corroboration columns.

    Returns the rewritten parts, in chunk order.
    """
    index = CorroborationIndex()
    for result in results:
        index.load(_corroboration_path(job.parts, result.index))
    table = index.corroboration()
    keys = zip(table["doc_id"], table["statement_id"].tolist(), strict=True)
    values = zip(*(table[f].tolist() for f in _CORROBORATION_FIELDS), strict=True)
    rows = zip(keys, values, strict=True)
    paths = []
    for result in results:
        part = _part_paths(job.parts, result.index, job.writer.suffix)[0]
        records = []
        with open(part, "rb") as handle:
            for line in handle:
                record = json.loads(line)
                key, value = next(rows)
                if key != (record["doc_id"], record["statement_id"]):
                    msg = f"{part}: statement {key} of the index is not the part's next one"
                    raise BatchError(msg)
                record["corroboration"] = dict(zip(_CORROBORATION_FIELDS, value, strict=True))
                records.append(record)
        target = part.with_name(f"part-{result.index:06d}.corroborated{writer.suffix}")
        writer.write_part(records, target)
        paths.append(target)
    return paths


# -- progress -----------------------------------------------------------------------------


class _Progress:
    """A tqdm bar on a terminal, else a plain line every ``interval`` seconds."""

    def __init__(self, total: int | None, stream: TextIO, enabled: bool, interval: float) -> None:
        self.stream = stream
        self.enabled = enabled
        self.interval = interval
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.last = self.started
        self.bar = None
        if enabled and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="row", file=stream, desc="reliability batch")

    def update(self, result: _ChunkResult, skipped: bool) -> None:
        self.done += result.read
        if self.bar is not None:
            self.bar.update(result.read)
            return
        now = time.monotonic()
        if not self.enabled or skipped or now - self.last < self.interval:
            return
        self.last = now
        rate = self.done / max(now - self.started, 1e-9)
        left = ""
        if self.total and rate > 0:
            left = f", about {max(self.total - self.done, 0) / rate:.0f} s left"
        of = f" of {self.total}" if self.total else ""
        self.stream.write(f"reliability batch: {self.done}{of} rows, {rate:.1f} rows/s{left}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# -- the job ------------------------------------------------------------------------------


def _suffix(path: Path, role: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        msg = f"{path}: unknown {role} format {suffix or '(no extension)'!r}; use one of {FORMATS}"
        raise BatchError(msg)
    return suffix


def _fingerprint(
    path: Path,
    cols: _Columns,
    chunk_size: int,
    suffix: str,
    model: Any,
    corroborate: bool,
    ratings: Any,
) -> dict[str, Any]:
    """What must not change between a killed run and its resume."""
    stat = path.stat()
    return {
        "version": PARTS_VERSION,
        "input": str(path.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "text_col": cols.text,
        "id_col": cols.doc_id,
        "chunk_size": chunk_size,
        "output_format": suffix,
        "model": model if isinstance(model, str) or model is None else type(model).__name__,
        "corroborate": corroborate,
        "domain_ratings": None if ratings is None else _describe(ratings),
    }


def _describe(ratings: Any) -> str:
    """A resolved path for a ratings file, a content digest for loaded ratings."""
    if isinstance(ratings, DomainRatings):
        pairs = json.dumps(sorted(ratings.scores.items())).encode("utf-8")
        return f"{len(ratings.scores)} domains, sha256 {hashlib.sha256(pairs).hexdigest()}"
    return str(Path(ratings).resolve())


def _prepare_parts(parts: Path, state: dict[str, Any], resume: bool) -> dict[int, _ChunkResult]:
    """Make ``parts`` ready; on resume, return the chunks already done."""
    state_path = parts / "state.json"
    if resume and state_path.is_file():
        recorded = json.loads(state_path.read_text(encoding="utf-8"))
        changed = sorted(k for k in state if recorded.get(k) != state[k])
        if changed:
            was = ", ".join(f"{k}={recorded.get(k)!r} now {state[k]!r}" for k in changed)
            msg = f"cannot resume from {parts}: {was}; rerun without --resume"
            raise BatchError(msg)
        for stale in parts.glob(".*.tmp"):
            stale.unlink()
        done = {}
        for marker in parts.glob("part-*.done.json"):
            counts = json.loads(marker.read_text(encoding="utf-8"))
            done[counts["index"]] = _ChunkResult(**counts)
        return done
    if parts.exists():
        shutil.rmtree(parts)
    parts.mkdir(parents=True)
    text = json.dumps(state, indent=2).encode("utf-8")
    _write_atomic(state_path, lambda handle: handle.write(text))
    return {}


def _chunks(rows: Iterator[_Row], size: int) -> Iterator[tuple[int, list[_Row]]]:
    for index in itertools.count():
        chunk = list(itertools.islice(rows, size))
        if not chunk:
            return
        yield index, chunk


def score_file(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    text_col: str = "text",
    id_col: str = "doc_id",
    jobs: int = 1,
    resume: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    model: CredibilityModel | str | None = None,
    corroborate: bool = False,
    domain_ratings: DomainRatings | str | os.PathLike[str] | None = None,
    progress: bool = True,
    stream: TextIO | None = None,
    log_interval: float = LOG_INTERVAL,
) -> BatchSummary:
    """Score every document of a JSONL, CSV or Parquet file into a statements file.

    The input is read in chunks of ``chunk_size`` rows, so memory stays bounded
    whatever its size; ``jobs`` worker processes score chunks in parallel. Each
    output row is one SPEC statement record (flattened as ``Analysis.to_frame()``
    for CSV and Parquet, list columns as JSON text in CSV). Rows that cannot be
    scored go to ``OUTPUT.rejects.jsonl`` as ``{"line", "doc_id", "reason"}``.

    Parameters
    ----------
    input, output : path
        Files whose extension (``.jsonl``, ``.csv``, ``.parquet``) gives the format.
    text_col, id_col : str
        Input columns of the text and of the document id; without an id, a row's
        id is ``STEM:LINE``. A column ``outlet``, when present, is the publisher.
    jobs : int, default=1
        Worker processes; ``-1`` uses every core. One job scores in this process.
    resume : bool, default=False
        Continue a killed run from its last complete chunk instead of starting over.
    chunk_size : int, default=256
        Rows per chunk; a resume must use the same value.
    model : CredibilityModel or str, optional
        A loaded model or a model name; the shipped ``news`` model by default.
    corroborate : bool, default=False
        Add each statement's supporting and denying outlets across the whole input
        (``CorroborationIndex``): a ``corroboration`` object per JSONL record, the
        ``corroboration_*`` columns in CSV and Parquet. Needs memory for the index,
        which grows with the number of statements, not with their text.
    domain_ratings : DomainRatings or path, optional
        Outlet ratings (a ``domain,score`` CSV): the publisher's (input column
        ``outlet``) and cited outlets' ratings then count in the score.
    progress : bool, default=True
        A tqdm bar when ``stream`` is a terminal, else a plain line every
        ``log_interval`` seconds.
    stream : text stream, optional
        Where progress goes; ``sys.stderr`` by default.
    log_interval : float, default=30.0
        Seconds between plain progress lines.

    Returns
    -------
    BatchSummary
        Rows read, scored and rejected (``read == scored + rejected``), statements written.

    Raises
    ------
    BatchError
        An unknown format, pyarrow missing for Parquet, or parts that cannot be resumed.
    SchemaError
        A CSV or Parquet input without the text column.

    Examples
    --------
    >>> summary = score_file("articles.jsonl", "statements.parquet", jobs=2)  # doctest: +SKIP
    >>> summary.read == summary.scored + summary.rejected  # doctest: +SKIP
    True
    """
    started = time.monotonic()
    source, target = Path(input), Path(output)
    in_suffix, out_suffix = _suffix(source, "input"), _suffix(target, "output")
    if chunk_size < 1:
        msg = f"chunk_size must be at least 1 (got {chunk_size})"
        raise BatchError(msg)
    if jobs == 0 or jobs < -1:
        msg = f"jobs must be a positive number of processes or -1 for all cores (got {jobs})"
        raise BatchError(msg)
    if not source.is_file():
        msg = f"{source}: no such file"
        raise ReliabilityError(msg)  # exit code 1, as for ``reliability score``
    if in_suffix == ".parquet" or out_suffix == ".parquet":
        _pyarrow(f"{'reading' if in_suffix == '.parquet' else 'writing'} .parquet")
    scorer = resolve_model(model)
    writer = _WRITERS[out_suffix](statement_columns(scorer, corroborate=corroborate))
    cols = _Columns(text_col, id_col, OUTLET_COL, source.stem)
    parts = target.with_name(target.name + ".parts")
    rejects_path = target.with_name(target.name + ".rejects.jsonl")
    ratings = resolve_ratings(domain_ratings)
    state = _fingerprint(source, cols, chunk_size, out_suffix, model, corroborate, domain_ratings)
    done = _prepare_parts(parts, state, resume)
    # Corroborated parts are scored to JSONL first; the second pass writes the format.
    job = _Job(cols, scorer, _Writer(()) if corroborate else writer, parts, corroborate, ratings)
    workers = (os.cpu_count() or 1) if jobs == -1 else jobs
    results: list[_ChunkResult] = []

    def chunks(rows: Iterator[_Row]) -> Iterator[tuple[int, list[_Row]]]:
        for index, chunk in _chunks(rows, chunk_size):
            if index in done:
                results.append(done[index])
                bar.update(done[index], skipped=True)
            else:
                yield index, chunk

    read = {".jsonl": _read_jsonl, ".csv": _read_csv, ".parquet": _read_parquet}[in_suffix]
    with contextlib.ExitStack() as stack:
        # The pool first: workers fork before the progress bar starts any thread.
        pool = stack.enter_context(_pool(workers, job)) if workers > 1 else None
        stream = sys.stderr if stream is None else stream
        bar = _Progress(_count_rows(source, in_suffix), stream, progress, log_interval)
        stack.callback(bar.close)
        rows = stack.enter_context(contextlib.closing(read(source, cols, str(source))))
        # Unordered: a slow chunk does not hold back the others; parts are merged in order.
        for result in _run_chunks(chunks(rows), job, pool, workers):
            results.append(result)
            bar.update(result, skipped=False)

    results.sort(key=lambda r: r.index)
    indexes = [r.index for r in results]
    if indexes != list(range(len(results))):
        msg = f"{parts}: chunks {indexes} are not consecutive; rerun without --resume"
        raise BatchError(msg)
    paths = [_part_paths(parts, r.index, job.writer.suffix) for r in results]
    data = _corroborate_parts(results, job, writer) if corroborate else [p[0] for p in paths]
    _write_atomic(rejects_path, lambda handle: _concatenate([p[1] for p in paths], handle))
    writer.merge(data, target)
    shutil.rmtree(parts)
    return BatchSummary(
        read=sum(r.read for r in results),
        scored=sum(r.scored for r in results),
        rejected=sum(r.rejected for r in results),
        statements=sum(r.statements for r in results),
        seconds=time.monotonic() - started,
        output=target,
        rejects=rejects_path,
    )
