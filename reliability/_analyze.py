"""Analyse documents end to end: extract statements, then score them with a model."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from features._gazetteer import Gazetteer
from reliability._exceptions import SchemaError
from reliability._extract import extract_statements
from reliability._loading import load_model
from reliability._model import CredibilityModel
from reliability._outlets import DomainRatings
from reliability._records import Analysis, records_to_frame

__all__ = [
    "analyze",
    "analyze_many",
    "check_columns",
    "resolve_model",
    "resolve_ratings",
    "score_frame",
]


def check_columns(columns: Iterable[str], *names: str | None) -> None:
    """Raise ``SchemaError`` naming the first of ``names`` that is not among ``columns``."""
    available = list(columns)
    for name in names:
        if name is not None and name not in available:
            msg = f"column {name!r} not in DataFrame; columns: {available}"
            raise SchemaError(msg, field=name)


def resolve_model(model: CredibilityModel | str | None) -> CredibilityModel:
    """A loaded model as given, a model name loaded, or the shipped default."""
    if model is None:
        return load_model()
    if isinstance(model, str):
        return load_model(model)
    return model


def resolve_ratings(ratings: DomainRatings | str | Path | None) -> DomainRatings | None:
    """Loaded domain ratings as given, a ``domain,score`` CSV path read, or None."""
    if ratings is None or isinstance(ratings, DomainRatings):
        return ratings
    return DomainRatings.from_csv(ratings)


def analyze(
    text: str,
    doc_id: str = "doc",
    outlet: str | None = None,
    *,
    model: CredibilityModel | str | None = None,
    gazetteer: Gazetteer | None = None,
    domain_ratings: DomainRatings | str | Path | None = None,
) -> Analysis:
    """Extract and score every statement of one article.

    Parameters
    ----------
    text : str
        The article.
    doc_id : str, default="doc"
        Identifier copied into every statement record.
    outlet : str, optional
        The publisher (name, host or URL), kept with the analysis.
    model : CredibilityModel or str, optional
        A loaded model or a model name; the shipped ``news`` model by default.
    gazetteer : Gazetteer, optional
        Named entities and their source types; the shipped one by default.
    domain_ratings : DomainRatings, str or Path, optional
        Outlet ratings (a ``domain,score`` CSV): the publisher's and cited news
        outlets' ratings then count in the score. Without them the publisher counts as an
        average one and cited outlets as unrated.

    Returns
    -------
    Analysis
        Scored statements in document order; ``to_frame()`` gives one row each.

    Examples
    --------
    >>> a = analyze("The group claimed it shot down a jet.", doc_id="d1")
    >>> a.statements[0].statement.cue.kind
    'distancing'
    """
    return analyze_many(
        [(doc_id, text, outlet)], model=model, gazetteer=gazetteer, domain_ratings=domain_ratings
    )[0]


def analyze_many(
    documents: Iterable[tuple[str, str, str | None]],
    *,
    model: CredibilityModel | str | None = None,
    gazetteer: Gazetteer | None = None,
    domain_ratings: DomainRatings | str | Path | None = None,
) -> list[Analysis]:
    """Analyse ``(doc_id, text, outlet)`` triples, scoring all their statements in one pass."""
    scorer = resolve_model(model)
    ratings = resolve_ratings(domain_ratings)
    documents = list(documents)
    extracted = [
        extract_statements(text, doc_id, gazetteer=gazetteer) for doc_id, text, _ in documents
    ]
    flat = [s for statements in extracted for s in statements]
    outlets = [
        outlet
        for (_, _, outlet), statements in zip(documents, extracted, strict=True)
        for _ in statements
    ]
    scored = scorer.score(flat, outlets=outlets, ratings=ratings) if flat else []
    analyses = []
    position = 0
    for (doc_id, text, outlet), statements in zip(documents, extracted, strict=True):
        chunk = tuple(scored[position : position + len(statements)])
        position += len(statements)
        analyses.append(Analysis(doc_id, text, chunk, outlet))
    return analyses


def score_frame(
    df: pd.DataFrame,
    text_col: str = "text",
    id_col: str | None = "doc_id",
    outlet_col: str | None = None,
    *,
    model: CredibilityModel | str | None = None,
    gazetteer: Gazetteer | None = None,
    domain_ratings: DomainRatings | str | Path | None = None,
) -> pd.DataFrame:
    """Score the articles of a DataFrame: one output row per statement, as ``Analysis.to_frame``.

    Parameters
    ----------
    df : DataFrame
        One article per row.
    text_col, id_col, outlet_col : str
        Column names; without ``id_col`` in ``df`` the row index is the document id.
    model : CredibilityModel or str, optional
        A loaded model or a model name; the shipped ``news`` model by default.
    gazetteer : Gazetteer, optional
        Named entities and their source types; the shipped one by default.
    domain_ratings : DomainRatings, str or Path, optional
        Outlet ratings (a ``domain,score`` CSV) for the publisher in ``outlet_col``
        and cited news outlets.

    Returns
    -------
    DataFrame
        One row per statement, with ``doc_id`` linking it to its article.
    """
    if not isinstance(df, pd.DataFrame):
        msg = f"score_frame expects a pandas DataFrame (got {type(df).__name__})"
        raise SchemaError(msg, field="df")
    check_columns(df.columns, text_col, outlet_col)
    ids = df[id_col] if id_col is not None and id_col in df.columns else df.index
    outlets = df[outlet_col] if outlet_col is not None else [None] * len(df)
    documents = []
    for row, (doc_id, text, outlet) in enumerate(zip(ids, df[text_col], outlets, strict=True)):
        if not isinstance(text, str):
            got = type(text).__name__
            msg = f"row {row} ({id_col}={doc_id!r}): {text_col!r} must be a str (got {got})"
            raise SchemaError(msg, field=text_col)
        documents.append((str(doc_id), text, None if pd.isna(outlet) else str(outlet)))
    analyses = analyze_many(
        documents, model=model, gazetteer=gazetteer, domain_ratings=domain_ratings
    )
    records = [r for a in analyses for r in a.to_dicts()]
    return records_to_frame(records)
