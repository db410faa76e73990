"""Reading Emergent and training the news model on made-up Emergent headlines."""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest

from reliability._exceptions import SchemaError
from reliability._loading import load_model, read_manifest
from reliability._train import (
    NEWS_DATA,
    binary_metrics,
    emergent_statements,
    news_learned,
    read_emergent,
    train_and_save,
    train_news,
)

EMERGENT_HEADER = (
    "emergentRow,claimId,claimHeadline,claimTruth,articleId,articleHeadline,"
    "articleHeadlineStance,source,url\n"
)
#: Headline templates written for these tests: (stance, text with {n} for the claim number).
TRUE_HEADLINES = (
    ("for", "Officials opened bridge number {n} on Monday"),
    ("for", "The mayor said that bridge {n} opened on Monday"),
    ("observing", "Bridge {n} may have opened on Monday"),
)
FALSE_HEADLINES = (
    ("against", "Bridge {n} did not open according to officials"),
    ("observing", "A blogger claimed bridge {n} reportedly opened"),
    ("for", "A man claimed that bridge {n} opened"),
)


def write_emergent(folder: Path, claims: int = 30) -> Path:
    """A small data folder in the layout of NEWS_DATA, with made-up headlines and ratings."""
    (folder / "emergent").mkdir(parents=True)
    (folder / "domain_quality").mkdir()
    lines, row = [EMERGENT_HEADER], 0
    for n in range(claims):
        truth = "true" if n % 2 == 0 else "false"
        templates = TRUE_HEADLINES if truth == "true" else FALSE_HEADLINES
        for k, (stance, text) in enumerate(templates):
            rated = "www.good.com" if truth == "true" else "bad.net"
            host = rated if (n + k) % 3 else "www.mid.com"
            headline = text.format(n=n)
            lines.append(
                f"{row},c{n},claim {n},{truth},a{row},{headline},{stance},{host},"
                f"http://{host}/{row}\n"
            )
            row += 1
    (folder / NEWS_DATA[0]).write_text("".join(lines), encoding="utf-8")
    (folder / NEWS_DATA[1]).write_text(
        "domain,pc1\ngood.com,0.9\nmid.com,0.6\nbad.net,0.2\nother.org,0.5\n", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def emergent_dir(tmp_path_factory) -> Path:
    return write_emergent(tmp_path_factory.mktemp("data"))


def test_read_emergent_names_file_and_line_of_an_unknown_veracity(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(EMERGENT_HEADER + "0,c,x,maybe,a,Head,for,h.com,u\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"e\.csv:2: 'claimTruth' must be in"):
        read_emergent(path)


def test_read_emergent_names_a_missing_column(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("claimId,claimTruth\nc,true\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="missing column 'articleId'"):
        read_emergent(path)


def test_each_headline_becomes_one_statement_of_its_article(emergent_dir):
    frame = read_emergent(emergent_dir / NEWS_DATA[0])
    statements = emergent_statements(frame.head(6))
    assert [s.doc_id for s in statements] == frame["articleId"].head(6).tolist()
    assert statements[1].source is not None  # "The mayor said that ..."


def test_binary_metrics_reports_accuracy_auc_brier_ece():
    metrics = binary_metrics([0, 1, 1, 0], [0.2, 0.8, 0.6, 0.4])
    assert metrics == {"accuracy": 1.0, "auc": 1.0, "brier": 0.1, "ece": 0.3, "n": 4}


def test_train_news_cross_validates_by_claim_against_a_hedge_only_model(emergent_dir):
    model, metrics = train_news(emergent_dir, features_factory=features_factory())
    full = metrics["emergent_cv_news_with_ratings"]
    assert full["claims"] == 30
    assert full["n"] == 90
    assert full["auc"] > metrics["emergent_cv_hedge_only"]["auc"]
    assert metrics["calibration_brier"]["chosen"] == model.calibration_
    assert "outlet_rating" in model.learned_
    assert not set(model.learned_) & set(model.priors_)


def test_training_twice_gives_byte_identical_files(emergent_dir, tmp_path):
    for folder in ("a", "b"):
        train_and_save(emergent_dir, tmp_path / folder, features_factory=features_factory())
    for name in ("news.joblib", "manifest.json", "news.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    entry = read_manifest(tmp_path / "a")["models"][0]
    assert [d["name"] for d in entry["training_data"]] == list(NEWS_DATA)
    assert load_model("news", directory=tmp_path / "a").calibration_ in (
        "sigmoid",
        "temperature",
        "isotonic",
    )


def test_model_card_says_what_is_learned_and_what_is_a_prior(emergent_dir, tmp_path):
    train_and_save(emergent_dir, tmp_path, features_factory=features_factory())
    card = (tmp_path / "news.md").read_text(encoding="utf-8")
    assert "## Learned effects" in card
    assert "## Prior effects" in card
    assert "The outlet prior (domain ratings) changes accuracy by" in card


def features_factory():
    """The real feature union (``features.statement_features``)."""
    return importlib.import_module("features").statement_features


def test_a_feature_is_learned_by_the_number_of_claims_not_of_headlines():
    groups = ["c0"] * 30 + [f"c{i}" for i in range(1, 13)]
    frame = pd.DataFrame(
        {
            "one_claim_many_headlines": [1.0] * 30 + [0.0] * 12,
            "twelve_claims": [0.0] * 30 + [1.0] * 12,
        }
    )
    assert news_learned(frame, groups) == ["twelve_claims"]
