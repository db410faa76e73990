"""Saving and loading models through the manifest and its sha256 check."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import sklearn
from test_model import LEARNED, PRIORS, FakeFeatures, make_statement

from reliability._exceptions import ManifestError, ModelNotFoundError
from reliability._loading import (
    MODELS_ENV,
    ModelVersionWarning,
    default_models_dir,
    load_model,
    read_manifest,
    save_model,
    sha256_file,
)
from reliability._model import CredibilityModel

TRAINING_DATA = [{"name": "synthetic.tsv", "sha256": "0" * 64}]
METRICS = {"validation": {"accuracy": 0.7, "n": 10}}


def fit_model(seed: int = 0) -> CredibilityModel:
    rng = np.random.default_rng(seed)
    kinds = rng.choice(["expert", "politician"], 200)
    statements = [make_statement(k, int(rng.integers(0, 3))) for k in kinds]
    y = [int(rng.random() < (0.8 if k == "expert" else 0.3)) for k in kinds]
    return CredibilityModel(features=FakeFeatures(), learned=LEARNED, priors=PRIORS).fit(
        statements, y
    )


@pytest.fixture(scope="module")
def fitted() -> CredibilityModel:
    return fit_model()


@pytest.fixture
def saved(tmp_path, fitted):
    save_model(fitted, "news", tmp_path, metrics=METRICS, training_data=TRAINING_DATA)
    return tmp_path


def test_save_writes_file_and_manifest_entry(saved):
    entry = read_manifest(saved)["models"][0]
    assert entry == {
        "name": "news",
        "file": "news.joblib",
        "sha256": sha256_file(saved / "news.joblib"),
        "sklearn_version": sklearn.__version__,
        "created_by": "reliability train news --data-dir DIR",
        "training_data": TRAINING_DATA,
        "metrics": METRICS,
    }
    assert not [p for p in saved.iterdir() if p.name.endswith(".tmp")]


def test_load_returns_a_model_scoring_like_the_saved_one(saved, fitted):
    model = load_model("news", directory=saved)
    statements = [make_statement("expert", 1), make_statement("narrator", 2)]
    np.testing.assert_array_equal(model.predict_proba(statements), fitted.predict_proba(statements))


def test_load_is_cached_per_name_directory_and_trust(saved):
    assert load_model("news", directory=saved) is load_model("news", directory=saved)
    assert load_model("news", directory=saved, trust=True) is not load_model(
        "news", directory=saved
    )


def test_save_is_deterministic(tmp_path, fitted):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        save_model(fit_model(), "news", folder, metrics=METRICS, training_data=TRAINING_DATA)
    assert (first / "news.joblib").read_bytes() == (second / "news.joblib").read_bytes()
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()


def test_saving_a_second_model_keeps_the_first(saved, fitted):
    save_model(fitted, "claims", saved, metrics=METRICS, training_data=TRAINING_DATA)
    assert [m["name"] for m in read_manifest(saved)["models"]] == ["claims", "news"]


def test_tampered_file_raises_manifest_error_naming_file_and_hashes(saved):
    path = saved / "news.joblib"
    expected = sha256_file(path)
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ManifestError) as info:
        load_model("news", directory=saved)
    err = info.value
    assert (err.path, err.expected, err.actual) == (str(path), expected, sha256_file(path))
    assert str(path) in str(err)
    assert expected in str(err)
    assert err.actual in str(err)
    assert err.exit_code == 2


def test_trust_loads_a_tampered_file_anyway(saved):
    path = saved / "news.joblib"
    path.write_bytes(path.read_bytes() + b"\0")
    assert isinstance(load_model("news", directory=saved, trust=True), CredibilityModel)


def test_unknown_name_lists_available_models(saved):
    with pytest.raises(
        ModelNotFoundError, match=r"^unknown model 'newz'; available: news$"
    ) as info:
        load_model("newz", directory=saved)
    assert info.value.name == "newz"
    assert info.value.exit_code == 2


def test_missing_manifest_means_no_models(tmp_path):
    with pytest.raises(ModelNotFoundError, match="available: none"):
        load_model("news", directory=tmp_path)


def test_missing_model_file_is_model_not_found(saved):
    (saved / "news.joblib").unlink()
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        load_model("news", directory=saved)


@pytest.mark.parametrize("text", ["{not json", '{"models": {}}', '{"models": [{"file": "x"}]}'])
def test_malformed_manifest_raises_manifest_error(tmp_path, text):
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match="manifest"):
        load_model("news", directory=tmp_path)


def test_other_sklearn_version_warns(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["models"][0]["sklearn_version"] = "0.24.2"
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.warns(ModelVersionWarning, match="scikit-learn 0.24.2") as record:
        load_model("news", directory=saved)
    warning = record[0].message
    assert (warning.recorded, warning.installed) == ("0.24.2", sklearn.__version__)


def test_same_sklearn_version_does_not_warn(saved):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model("news", directory=saved)


def test_models_env_overrides_default_directory(saved, monkeypatch):
    monkeypatch.setenv(MODELS_ENV, str(saved))
    assert default_models_dir() == saved
    assert isinstance(load_model(), CredibilityModel)


def test_default_directory_is_trained_next_to_the_package(monkeypatch):
    monkeypatch.delenv(MODELS_ENV, raising=False)
    import reliability

    assert default_models_dir().name == "trained"
    assert (default_models_dir().parent / "reliability").samefile(next(iter(reliability.__path__)))
