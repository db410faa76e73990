"""Plain records for spans, statements, scored statements and analyses.

Each record mirrors the statement record of SPEC.md: ``to_dict`` produces it and
``from_dict`` reads it back, rejecting unknown keys and naming the failing field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from reliability._exceptions import SchemaError

__all__ = [
    "BANDS",
    "CUE_KINDS",
    "HEDGE_KINDS",
    "SOURCE_TYPES",
    "Analysis",
    "Channel",
    "Reason",
    "ScoredStatement",
    "Source",
    "Span",
    "Statement",
]

SOURCE_TYPES = (
    "government",
    "politician",
    "state_media",
    "news_outlet",
    "separatist_or_militant",
    "international_org",
    "expert",
    "witness",
    "organization",
    "social_media",
    "anonymous",
    "narrator",
    "unknown",
)
CUE_KINDS = ("neutral", "distancing", "factive", "according_to", "denial")
HEDGE_KINDS = ("hedge", "booster", "disclaimer", "scare_quote", "conditional")
BANDS = ("low", "uncertain", "high")


def _check_in(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        msg = f"'{name}' must be in {allowed} (got {value!r})"
        raise SchemaError(msg, field=name)


def _check_offsets(name: str, start: int, end: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start <= end:
        msg = f"'{name}' must have 0 <= start <= end (got start={start!r}, end={end!r})"
        raise SchemaError(msg, field=name)


def _take(data: Mapping[str, Any], cls_name: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    """Check that ``data`` is a mapping with only ``allowed`` keys and return it as a dict."""
    if not isinstance(data, Mapping):
        msg = f"{cls_name} must be a JSON object (got {type(data).__name__})"
        raise SchemaError(msg, field=cls_name)
    extra = sorted(set(data) - set(allowed))
    if extra:
        msg = f"{cls_name} has unknown keys {extra}; allowed: {list(allowed)}"
        raise SchemaError(msg, field=f"{cls_name}.{extra[0]}")
    return dict(data)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document: ``text == document[start:end]``; ``kind`` for cues and hedges."""

    text: str
    start: int
    end: int
    kind: str | None = None

    def __post_init__(self) -> None:
        _check_offsets("span", self.start, self.end)
        if self.kind is not None:
            _check_in("kind", self.kind, CUE_KINDS + HEDGE_KINDS)

    def to_dict(self) -> dict[str, Any]:
        """Return the span as in SPEC (``kind`` only when set)."""
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.kind is not None:
            out["kind"] = self.kind
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        """Read a span written by ``to_dict``."""
        d = _take(data, "Span", ("text", "start", "end", "kind"))
        return cls(d["text"], d["start"], d["end"], d.get("kind"))


@dataclass(frozen=True, slots=True)
class Source:
    """Who a statement is attributed to: the mention, its type and the entity it names."""

    text: str
    start: int
    end: int
    type: str
    entity: str | None = None

    def __post_init__(self) -> None:
        _check_offsets("source", self.start, self.end)
        _check_in("source.type", self.type, SOURCE_TYPES)

    def to_dict(self) -> dict[str, Any]:
        """Return the source as in SPEC."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "entity": self.entity,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Read a source written by ``to_dict``."""
        d = _take(data, "Source", ("text", "start", "end", "type", "entity"))
        return cls(d["text"], d["start"], d["end"], d["type"], d.get("entity"))


@dataclass(frozen=True, slots=True)
class Channel:
    """The medium a source spoke through ("the Telegram channel for the DPR")."""

    text: str
    start: int
    end: int
    type: str

    def __post_init__(self) -> None:
        _check_offsets("channel", self.start, self.end)
        _check_in("channel.type", self.type, SOURCE_TYPES)

    def to_dict(self) -> dict[str, Any]:
        """Return the channel as in SPEC."""
        return {"text": self.text, "start": self.start, "end": self.end, "type": self.type}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Channel:
        """Read a channel written by ``to_dict``."""
        d = _take(data, "Channel", ("text", "start", "end", "type"))
        return cls(d["text"], d["start"], d["end"], d["type"])


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a document, attributed to a source or to the narrator (``source=None``)."""

    doc_id: str
    statement_id: int
    start: int
    end: int
    text: str
    content: Span
    source: Source | None = None
    cue: Span | None = None
    channel: Channel | None = None
    hedges: tuple[Span, ...] = ()
    quoted: bool = False

    def __post_init__(self) -> None:
        _check_offsets("statement", self.start, self.end)
        if self.cue is not None and self.cue.kind not in CUE_KINDS:
            msg = f"'cue.kind' must be in {CUE_KINDS} (got {self.cue.kind!r})"
            raise SchemaError(msg, field="cue.kind")
        for hedge in self.hedges:
            if hedge.kind not in HEDGE_KINDS:
                msg = f"'hedges[].kind' must be in {HEDGE_KINDS} (got {hedge.kind!r})"
                raise SchemaError(msg, field="hedges.kind")

    @property
    def source_type(self) -> str:
        """The source's type, ``narrator`` when the publisher speaks in its own voice."""
        return "narrator" if self.source is None else self.source.type

    def to_dict(self) -> dict[str, Any]:
        """Return the statement record of SPEC, without scores."""
        return {
            "doc_id": self.doc_id,
            "statement_id": self.statement_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "content": self.content.to_dict(),
            "source": None if self.source is None else self.source.to_dict(),
            "cue": None if self.cue is None else self.cue.to_dict(),
            "channel": None if self.channel is None else self.channel.to_dict(),
            "hedges": [h.to_dict() for h in self.hedges],
            "quoted": self.quoted,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Statement:
        """Read a statement record written by ``to_dict``."""
        d = _take(data, "Statement", STATEMENT_KEYS)
        missing = [k for k in STATEMENT_KEYS if k not in d]
        if missing:
            msg = f"Statement is missing keys {missing}"
            raise SchemaError(msg, field=f"Statement.{missing[0]}")
        return cls(
            doc_id=d["doc_id"],
            statement_id=d["statement_id"],
            start=d["start"],
            end=d["end"],
            text=d["text"],
            content=Span.from_dict(d["content"]),
            source=None if d["source"] is None else Source.from_dict(d["source"]),
            cue=None if d["cue"] is None else Span.from_dict(d["cue"]),
            channel=None if d["channel"] is None else Channel.from_dict(d["channel"]),
            hedges=tuple(Span.from_dict(h) for h in d["hedges"]),
            quoted=bool(d["quoted"]),
        )


STATEMENT_KEYS = (
    "doc_id",
    "statement_id",
    "start",
    "end",
    "text",
    "content",
    "source",
    "cue",
    "channel",
    "hedges",
    "quoted",
)
SCORE_KEYS = ("features", "credibility", "band", "reasons")


@dataclass(frozen=True, slots=True)
class Reason:
    """One feature's contribution to a credibility score, in log-odds."""

    feature: str
    effect: float

    def to_dict(self) -> dict[str, Any]:
        """Return the reason as in SPEC."""
        return {"feature": self.feature, "effect": self.effect}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        """Read a reason written by ``to_dict``."""
        d = _take(data, "Reason", ("feature", "effect"))
        return cls(d["feature"], float(d["effect"]))


@dataclass(frozen=True, slots=True)
class ScoredStatement:
    """A statement with its features, calibrated credibility, band and reasons."""

    statement: Statement
    features: Mapping[str, float] = field(default_factory=dict)
    credibility: float = 0.5
    band: str = "uncertain"
    reasons: tuple[Reason, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.credibility <= 1.0:
            msg = f"'credibility' must be in [0, 1] (got {self.credibility!r})"
            raise SchemaError(msg, field="credibility")
        _check_in("band", self.band, BANDS)

    def to_dict(self) -> dict[str, Any]:
        """Return the full statement record of SPEC."""
        out = self.statement.to_dict()
        out["features"] = dict(self.features)
        out["credibility"] = self.credibility
        out["band"] = self.band
        out["reasons"] = [r.to_dict() for r in self.reasons]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoredStatement:
        """Read a statement record written by ``to_dict``."""
        d = _take(data, "ScoredStatement", STATEMENT_KEYS + SCORE_KEYS)
        missing = [k for k in SCORE_KEYS if k not in d]
        if missing:
            msg = f"ScoredStatement is missing keys {missing}"
            raise SchemaError(msg, field=f"ScoredStatement.{missing[0]}")
        return cls(
            statement=Statement.from_dict({k: d[k] for k in STATEMENT_KEYS if k in d}),
            features={str(k): float(v) for k, v in d["features"].items()},
            credibility=float(d["credibility"]),
            band=d["band"],
            reasons=tuple(Reason.from_dict(r) for r in d["reasons"]),
        )


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested objects with ``_``; lists stay as values."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}_"))
        else:
            out[name] = value
    return out


#: Columns of ``Analysis.to_frame()`` for a statement whose nested objects are all present.
FRAME_COLUMNS = (
    "doc_id",
    "statement_id",
    "start",
    "end",
    "text",
    "content_text",
    "content_start",
    "content_end",
    "source_text",
    "source_start",
    "source_end",
    "source_type",
    "source_entity",
    "cue_text",
    "cue_start",
    "cue_end",
    "cue_kind",
    "channel_text",
    "channel_start",
    "channel_end",
    "channel_type",
    "hedges",
    "quoted",
    "credibility",
    "band",
    "reasons",
)


def records_to_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Flatten statement records into a DataFrame with stable columns, features as feature_*."""
    rows = []
    for record in records:
        features = record.get("features", {})
        flat = _flatten({k: v for k, v in record.items() if k != "features"})
        for null_obj in ("source", "cue", "channel"):
            if record.get(null_obj) is None:
                flat.pop(null_obj, None)
        flat.update({f"feature_{k}": v for k, v in features.items()})
        rows.append(flat)
    columns = list(FRAME_COLUMNS)
    frame = pd.DataFrame(rows)
    extra = [c for c in frame.columns if c not in columns]
    for col in columns:
        if col not in frame.columns:
            frame[col] = None
    return frame[columns + extra]


@dataclass(frozen=True, slots=True)
class Analysis:
    """The scored statements of one document, in document order."""

    doc_id: str
    text: str
    statements: tuple[ScoredStatement, ...] = ()
    outlet: str | None = None

    def to_dicts(self) -> list[dict[str, Any]]:
        """Return one SPEC record per statement."""
        return [s.to_dict() for s in self.statements]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per statement, nested objects flattened with ``_``."""
        return records_to_frame(self.to_dicts())

    def __len__(self) -> int:
        return len(self.statements)
