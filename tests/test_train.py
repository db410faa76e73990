"""Reading LIAR and training the news model (LIAR tests skip without RELIABILITY_DATA)."""

from __future__ import annotations

import importlib
import os
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin

from reliability._exceptions import SchemaError
from reliability._loading import load_model, read_manifest
from reliability._records import SOURCE_TYPES
from reliability._train import (
    LIAR_COLUMNS,
    DataNotFoundError,
    liar_labels,
    liar_statements,
    read_liar,
    train_and_save,
    train_news,
)

ROW = [
    "1.json",
    "half-true",
    '"Says the bridge cost $2 million.',
    "transportation",
    "jane-doe",
    "Mayor",
    "Ohio",
    "democrat",
    "1",
    "0",
    "2",
    "0",
    "0",
    "a speech",
]


class TypeAndHedgeFeatures(TransformerMixin, BaseEstimator):
    """Source-type one-hot and hedge count: a stand-in for the real feature union."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.asarray(
            [[s.source_type == t for t in SOURCE_TYPES] + [len(s.hedges)] for s in X], dtype=float
        )

    def get_feature_names_out(self, input_features=None):
        return np.asarray(
            [f"source_type_{t}" for t in SOURCE_TYPES] + ["hedge_count"], dtype=object
        )


def write_tsv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_read_liar_keeps_bare_quotes_and_names_columns(tmp_path):
    df = read_liar(write_tsv(tmp_path / "t.tsv", [ROW, ROW]))
    assert list(df.columns) == list(LIAR_COLUMNS)
    assert df.loc[0, "statement"] == '"Says the bridge cost $2 million.'
    assert df.loc[0, "half_true"] == 2
    assert liar_labels(df).tolist() == [1, 1]


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (ROW[:13], r"t\.tsv:2: expected 14 tab-separated fields, got 13"),
        ([*ROW[:1], "pants-on-fire", *ROW[2:]], r"t\.tsv:2: 'label' must be in"),
        ([*ROW[:8], "x", *ROW[9:]], r"t\.tsv:2: 'barely_true' must be a count"),
    ],
)
def test_malformed_row_names_file_and_line(tmp_path, row, match):
    with pytest.raises(SchemaError, match=match):
        read_liar(write_tsv(tmp_path / "t.tsv", [ROW, row]))


def test_missing_liar_file_is_data_not_found(tmp_path):
    with pytest.raises(DataNotFoundError, match="LIAR file not found") as info:
        read_liar(tmp_path / "nope.tsv")
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("label", "credible"),
    [
        ("pants-fire", 0),
        ("false", 0),
        ("barely-true", 0),
        ("half-true", 1),
        ("mostly-true", 1),
        ("true", 1),
    ],
)
def test_binary_label_is_half_true_or_better(tmp_path, label, credible):
    df = read_liar(write_tsv(tmp_path / "t.tsv", [[*ROW[:1], label, *ROW[2:]]]))
    assert liar_labels(df).tolist() == [credible]


def test_liar_statement_is_attributed_to_the_speaker(tmp_path):
    df = read_liar(write_tsv(tmp_path / "t.tsv", [ROW]))
    seen = []

    def speaker_type(speaker, job, party):
        seen.append((speaker, job, party))
        return "politician"

    statement = liar_statements(df, speaker_type=speaker_type, find_hedges=lambda text: [])[0]
    assert seen == [("jane-doe", "Mayor", "democrat")]
    assert statement.doc_id == "1.json"
    assert statement.text == statement.content.text == ROW[2]
    assert (statement.source.text, statement.source.type) == ("jane-doe", "politician")
    assert statement.cue is None


@pytest.fixture
def liar_dir() -> Path:
    data = os.environ.get("RELIABILITY_DATA")
    if not data:
        pytest.skip("RELIABILITY_DATA is not set")
    return Path(data)


@pytest.fixture
def speaker_types(monkeypatch):
    """Use the real liar_speaker_type, or a stand-in while features._source_type is missing."""
    try:
        importlib.import_module("features._source_type").liar_speaker_type  # noqa: B018
    except (ImportError, AttributeError):
        fake = types.ModuleType("features._source_type")
        fake.liar_speaker_type = lambda speaker, job, party: (
            "politician" if party in {"democrat", "republican"} else "unknown"
        )
        monkeypatch.setitem(sys.modules, "features._source_type", fake)


def test_train_news_reports_validation_metrics(liar_dir, speaker_types):
    model, metrics = train_news(liar_dir, features_factory=TypeAndHedgeFeatures)
    valid = metrics["validation"]
    assert valid["n"] == 1284
    assert set(valid) == {"accuracy", "macro_f1", "brier", "ece", "n"}
    assert 0.5 <= valid["accuracy"] <= 1
    assert valid["ece"] < 0.1
    assert "hedge_count" in model.priors_
    assert "hedge_count" not in model.learned_


def test_training_twice_gives_byte_identical_files(liar_dir, speaker_types, tmp_path):
    for folder in ("a", "b"):
        train_and_save(liar_dir, tmp_path / folder, features_factory=TypeAndHedgeFeatures)
    for name in ("news.joblib", "manifest.json", "news.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    entry = read_manifest(tmp_path / "a")["models"][0]
    assert [d["name"] for d in entry["training_data"]] == ["liar/train.tsv", "liar/valid.tsv"]
    assert isinstance(load_model("news", directory=tmp_path / "a").lr_, object)


def test_news_model_trains_with_the_real_feature_union(liar_dir, tmp_path):
    features = pytest.importorskip("features")
    if not hasattr(features, "statement_features"):
        pytest.skip("features.statement_features is not there yet")
    model, metrics = train_news(liar_dir, features_factory=features.statement_features)
    assert metrics["validation"]["accuracy"] > 0.52  # above the majority class of LIAR valid
    assert not {"hedge_count", "disclaimer_covered", "corroboration_supporters"} & set(
        model.learned_
    )
    assert all(name.startswith(("source_type_", "channel_type_")) for name in model.learned_)
