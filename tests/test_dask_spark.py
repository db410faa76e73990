"""Local Dask and Spark (``local[2]``) give the same statement rows as ``score_frame``."""

from __future__ import annotations

import os
import sys

import pandas as pd
import pytest

from reliability._analyze import score_frame
from reliability._batch import conform_frame, statement_columns
from reliability._exceptions import SchemaError
from reliability._loading import load_model
from tests.conftest import ROOT
from tests.test_batch import ARTICLES, canonical_rows


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    rows = [
        {"doc_id": f"d{i:02d}", "text": ARTICLES[i % len(ARTICLES)] + f" It was day {i}."}
        for i in range(12)
    ]
    rows.append({"doc_id": "quiet", "text": "Calm."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def expected(articles: pd.DataFrame) -> list[dict[str, object]]:
    frame = conform_frame(score_frame(articles), statement_columns(load_model()))
    return canonical_rows(frame)


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_dask_equals_single_process(
    articles: pd.DataFrame, expected: list[dict[str, object]], scheduler: str
) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed")
    from reliability.dask import score_dask

    ddf = dd.from_pandas(articles, npartitions=3)
    lazy = score_dask(ddf)
    frame = lazy.compute(scheduler=scheduler, num_workers=2)
    assert list(lazy.columns) == list(frame.columns)
    assert canonical_rows(frame) == expected


def test_dask_rejects_a_missing_text_column(articles: pd.DataFrame) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed")
    from reliability.dask import score_dask

    ddf = dd.from_pandas(articles.rename(columns={"text": "body"}), npartitions=2)
    with pytest.raises(SchemaError, match=r"column 'text' not in DataFrame"):
        score_dask(ddf)


# pyspark 4 warns that its pandas >= 3 support is partial; the equality test below is
# what tells whether our path works on it.
SPARK_PANDAS_3 = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


def _java_missing() -> bool:
    from shutil import which

    return which("java") is None and not os.environ.get("JAVA_HOME")


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    pytest.importorskip("pyspark", reason="the [spark] extra (pyspark) is not installed")
    if _java_missing():
        pytest.skip("pyspark needs a Java runtime (java on PATH or JAVA_HOME)")
    from pyspark.sql import SparkSession

    # The Python workers must run this interpreter and import this checkout.
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYTHONPATH")}
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [saved["PYTHONPATH"]])])
    session = (
        SparkSession.builder.master("local[2]")
        .appName("reliability-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _spark_frame(spark, articles: pd.DataFrame):  # type: ignore[no-untyped-def]
    rows = list(articles[["doc_id", "text"]].itertuples(index=False, name=None))
    return spark.createDataFrame(rows, "doc_id string, text string")


@SPARK_PANDAS_3
def test_spark_local_equals_single_process(
    spark, articles: pd.DataFrame, expected: list[dict[str, object]]
) -> None:
    from reliability.spark import score_spark

    sdf = _spark_frame(spark, articles).repartition(2)
    # collect, not toPandas: the driver-side pandas conversion is what pyspark says is
    # not ready for pandas 3; the workers' mapInPandas path is the one under test.
    frame = pd.DataFrame([row.asDict(recursive=True) for row in score_spark(sdf).collect()])
    assert canonical_rows(frame) == expected


@SPARK_PANDAS_3
def test_spark_requires_the_id_column(spark, articles: pd.DataFrame) -> None:
    from reliability.spark import score_spark

    sdf = _spark_frame(spark, articles).drop("doc_id")
    with pytest.raises(SchemaError, match=r"column 'doc_id' not in DataFrame"):
        score_spark(sdf)


def test_dask_with_domain_ratings_equals_single_process(articles: pd.DataFrame, tmp_path) -> None:
    dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed")
    from reliability.dask import score_dask

    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "domain,score\nrumours.example,0.05\nwire.example,0.95\nother.example,0.6\n",
        encoding="utf-8",
    )
    rated = articles.assign(outlet="rumours.example")
    frame = score_frame(rated, outlet_col="outlet", domain_ratings=ratings)
    expected = canonical_rows(conform_frame(frame, statement_columns(load_model())))
    lazy = score_dask(
        dd.from_pandas(rated, npartitions=3), outlet_col="outlet", domain_ratings=ratings
    )
    assert canonical_rows(lazy.compute(scheduler="synchronous")) == expected
    assert expected != canonical_rows(
        conform_frame(score_frame(rated, outlet_col="outlet"), statement_columns(load_model()))
    )
