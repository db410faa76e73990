"""Score a Dask DataFrame of articles, one partition at a time (extra ``[dask]``).

>>> import dask.dataframe as dd  # doctest: +SKIP
>>> from reliability.dask import score_dask  # doctest: +SKIP
>>> statements = score_dask(dd.read_parquet("articles/")).compute()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from reliability._analyze import check_columns, resolve_model, resolve_ratings, score_frame
from reliability._batch import BatchError, conform_frame, statement_columns
from reliability._exceptions import SchemaError
from reliability._model import CredibilityModel
from reliability._outlets import DomainRatings

__all__ = ["score_dask"]

DASK_HINT = "pip install 'source-reliability[dask]'"


def _score_partition(
    part: pd.DataFrame,
    text_col: str,
    id_col: str | None,
    outlet_col: str | None,
    model: CredibilityModel,
    ratings: DomainRatings | None,
    columns: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """Score one partition into statement rows with the fixed columns and dtypes."""
    frame = score_frame(part, text_col, id_col, outlet_col, model=model, domain_ratings=ratings)
    return conform_frame(frame, columns)


def score_dask(
    ddf: Any,
    text_col: str = "text",
    id_col: str | None = "doc_id",
    outlet_col: str | None = None,
    *,
    model: CredibilityModel | str | None = None,
    domain_ratings: DomainRatings | str | Path | None = None,
) -> Any:
    """Score the articles of a Dask DataFrame lazily: one output row per statement.

    Each partition goes through ``reliability.score_frame`` (``map_partitions``), so
    the rows are those of the single-process path; the columns and dtypes are fixed
    (``Analysis.to_frame()`` columns, then one ``feature_*`` column per feature)
    whatever a partition holds. Each output partition has its own ``RangeIndex``.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One article per row.
    text_col, id_col, outlet_col : str
        Column names as in ``score_frame``; without ``id_col`` the index is the id.
    model : CredibilityModel or str, optional
        A loaded model or a model name; the shipped ``news`` model by default. It is
        loaded once here and shipped to the workers with the task graph.
    domain_ratings : DomainRatings or path, optional
        Outlet ratings (a ``domain,score`` CSV), read once here; see ``score_frame``.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy statement rows, with ``doc_id`` linking each to its article.

    Raises
    ------
    BatchError
        When dask is not installed (exit code 2 in the CLI), naming the pip command.
    SchemaError
        When ``ddf`` is not a Dask DataFrame or lacks ``text_col``.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd  # doctest: +SKIP
    >>> ddf = dd.from_pandas(pd.DataFrame({"doc_id": ["d1"], "text": ["He said so."]}))
    >>> score_dask(ddf).compute()["source_text"].tolist()  # doctest: +SKIP
    ['He']
    """
    try:
        import dask.dataframe as dd
    except ImportError as exc:
        msg = f"score_dask needs dask[dataframe]; install it with: {DASK_HINT}"
        raise BatchError(msg) from exc
    if not isinstance(ddf, dd.DataFrame):
        msg = f"score_dask expects a dask DataFrame (got {type(ddf).__name__})"
        raise SchemaError(msg, field="ddf")
    check_columns(ddf.columns, text_col, outlet_col)
    scorer = resolve_model(model)
    ratings = resolve_ratings(domain_ratings)
    columns = statement_columns(scorer)
    meta = conform_frame(pd.DataFrame(), columns)
    return ddf.map_partitions(
        _score_partition, text_col, id_col, outlet_col, scorer, ratings, columns, meta=meta
    )
