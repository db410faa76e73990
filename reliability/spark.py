"""Score a Spark DataFrame of articles with ``mapInPandas`` (extra ``[spark]``).

>>> from reliability.spark import score_spark  # doctest: +SKIP
>>> statements = score_spark(spark.read.parquet("articles/"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from reliability._analyze import check_columns, resolve_model, resolve_ratings, score_frame
from reliability._batch import BatchError, conform_frame, statement_columns
from reliability._model import CredibilityModel
from reliability._outlets import DomainRatings

__all__ = ["score_spark", "spark_schema"]

SPARK_HINT = "pip install 'source-reliability[spark]'"


def _types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError as exc:
        msg = f"score_spark needs pyspark; install it with: {SPARK_HINT}"
        raise BatchError(msg) from exc
    return types


def spark_schema(columns: Sequence[tuple[str, str]]) -> Any:
    """Return the Spark ``StructType`` of statement columns from ``statement_columns``.

    Hedges and reasons are arrays of structs, as in the SPEC record.
    """
    t = _types()
    span = t.StructType(
        [
            t.StructField("text", t.StringType()),
            t.StructField("start", t.LongType()),
            t.StructField("end", t.LongType()),
            t.StructField("kind", t.StringType()),
        ]
    )
    reason = t.StructType(
        [t.StructField("feature", t.StringType()), t.StructField("effect", t.DoubleType())]
    )
    lists = {"hedges": t.ArrayType(span), "reasons": t.ArrayType(reason)}
    scalars = {
        "str": t.StringType(),
        "int": t.LongType(),
        "float": t.DoubleType(),
        "bool": t.BooleanType(),
    }
    fields = []
    for name, kind in columns:
        spark_type = lists[name] if kind == "list" else scalars[kind.rstrip("?")]
        fields.append(t.StructField(name, spark_type, nullable=kind.endswith("?")))
    return t.StructType(fields)


def score_spark(
    sdf: Any,
    text_col: str = "text",
    id_col: str = "doc_id",
    outlet_col: str | None = None,
    *,
    model: CredibilityModel | str | None = None,
    domain_ratings: DomainRatings | str | Path | None = None,
) -> Any:
    """Score the articles of a Spark DataFrame lazily: one output row per statement.

    Each Arrow batch goes through ``reliability.score_frame`` in a Python worker
    (``mapInPandas``), so the rows are those of the single-process path, with the
    columns of ``Analysis.to_frame()`` and one ``feature_*`` column per feature.

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        One article per row.
    text_col, id_col, outlet_col : str
        Column names; ``id_col`` is required, since Spark rows have no stable index.
    model : CredibilityModel or str, optional
        A loaded model or a model name; the shipped ``news`` model by default. It is
        loaded once on the driver and shipped to the workers with the function.
    domain_ratings : DomainRatings or path, optional
        Outlet ratings (a ``domain,score`` CSV), read once on the driver; see ``score_frame``.

    Returns
    -------
    pyspark.sql.DataFrame
        Lazy statement rows with the schema of ``spark_schema``.

    Raises
    ------
    BatchError
        When pyspark is not installed, naming the pip command.
    SchemaError
        When a named column is missing.

    Examples
    --------
    >>> rows = [("d1", "The army said the town fell.")]  # doctest: +SKIP
    >>> sdf = spark.createDataFrame(rows, "doc_id string, text string")  # doctest: +SKIP
    >>> score_spark(sdf).select("source_text").first()[0]  # doctest: +SKIP
    'The army'
    """
    _types()
    check_columns(sdf.columns, text_col, id_col, outlet_col)
    scorer = resolve_model(model)
    ratings = resolve_ratings(domain_ratings)
    columns = statement_columns(scorer)
    wanted = [c for c in (id_col, text_col, outlet_col) if c is not None]

    def score(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            frame = score_frame(
                batch, text_col, id_col, outlet_col, model=scorer, domain_ratings=ratings
            )
            yield conform_frame(frame, columns)

    return sdf.select(*wanted).mapInPandas(score, spark_schema(columns))
