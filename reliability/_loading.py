"""Save and load the shipped models in ``trained/``, checking the manifest's sha256.

``trained/manifest.json``::

    {"models": [{"name": "news", "file": "news.joblib", "sha256": "...",
                 "sklearn_version": "1.9.1",
                 "created_by": "reliability train news --data-dir DIR",
                 "training_data": [{"name": "liar/train.tsv", "sha256": "..."}, ...],
                 "metrics": {"validation": {"accuracy": ..., "macro_f1": ..., "brier": ...,
                                            "ece": ..., "n": ...}}}]}

joblib files are pickles: loading one runs code. ``load_model`` therefore hashes
the file and compares it with the manifest *before* unpickling it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import sklearn
from sklearn.base import BaseEstimator

from reliability._exceptions import ManifestError, ModelNotFoundError

__all__ = [
    "DEFAULT_MODEL",
    "MANIFEST",
    "MODELS_ENV",
    "ModelVersionWarning",
    "default_models_dir",
    "load_model",
    "read_manifest",
    "save_model",
    "sha256_file",
]

DEFAULT_MODEL = "news"
MANIFEST = "manifest.json"
#: Environment variable that overrides the default models folder.
MODELS_ENV = "RELIABILITY_MODELS"
_CHUNK = 1 << 20


class ModelVersionWarning(UserWarning):
    """A model saved with another scikit-learn version than the one installed.

    Attributes
    ----------
    recorded : str
        The version written in the manifest.
    installed : str
        The version importable now.
    """

    def __init__(self, message: str, *, recorded: str, installed: str) -> None:
        super().__init__(message)
        self.recorded = recorded
        self.installed = installed


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in chunks.

    Parameters
    ----------
    path : str or Path
        The file to hash.

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_models_dir() -> Path:
    """Return the models folder: ``$RELIABILITY_MODELS`` or the repository's ``trained/``.

    Returns
    -------
    Path
        The folder holding ``manifest.json``.
    """
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override)
    import reliability

    package = Path(next(iter(reliability.__path__)))
    return package.parent / "trained"


def read_manifest(directory: str | Path) -> dict[str, Any]:
    """Return the manifest of a models folder (``{"models": []}`` when there is none yet).

    Parameters
    ----------
    directory : str or Path
        Folder holding ``manifest.json``.

    Returns
    -------
    dict
        The manifest, with a ``models`` list.

    Raises
    ------
    ManifestError
        When the file is not valid JSON or lacks a ``models`` list of named entries.
    """
    path = Path(directory) / MANIFEST
    if not path.exists():
        return {"models": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"{path}: cannot read the manifest: {exc}"
        raise ManifestError(msg, path=str(path)) from exc
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list) or not all(
        isinstance(m, dict) and isinstance(m.get("name"), str) for m in models
    ):
        msg = f"{path}: the manifest must be an object with a 'models' list of named entries"
        raise ManifestError(msg, path=str(path))
    return data


def _write_atomic(path: Path, write: Any) -> None:
    """Write ``path`` through a temporary file in the same folder and ``os.replace``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; models and manifests are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(
    model: BaseEstimator,
    name: str,
    directory: str | Path,
    *,
    metrics: Mapping[str, Any],
    training_data: Sequence[Mapping[str, str]],
    created_by: str | None = None,
) -> Path:
    """Write ``<name>.joblib`` atomically and record it in the folder's manifest.

    Parameters
    ----------
    model : BaseEstimator
        A fitted model (credibility model, cue detector, ...).
    name : str
        Model name, e.g. ``"news"``; also the file stem.
    directory : str or Path
        Models folder (created if missing).
    metrics : mapping
        Measured metrics, e.g. ``{"validation": {"accuracy": 0.6, ...}}``.
    training_data : sequence of mapping
        ``{"name": "liar/train.tsv", "sha256": "..."}`` per data file used.
    created_by : str, optional
        The command that rebuilds the file; default
        ``"reliability train <name> --data-dir DIR"``.

    Returns
    -------
    Path
        The written model file.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.joblib"
    _write_atomic(path, lambda tmp: joblib.dump(model, tmp))
    entry = {
        "name": name,
        "file": path.name,
        "sha256": sha256_file(path),
        "sklearn_version": sklearn.__version__,
        "created_by": created_by or f"reliability train {name} --data-dir DIR",
        "training_data": [{"name": d["name"], "sha256": d["sha256"]} for d in training_data],
        "metrics": json.loads(json.dumps(metrics)),
    }
    manifest = read_manifest(directory)
    models = [m for m in manifest["models"] if m["name"] != name] + [entry]
    manifest["models"] = sorted(models, key=lambda m: m["name"])
    text = json.dumps(manifest, indent=2, sort_keys=False) + "\n"
    _write_atomic(directory / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    _load_cached.cache_clear()
    return path


def load_model(
    name: str = DEFAULT_MODEL, *, directory: str | Path | None = None, trust: bool = False
) -> Any:
    """Load a shipped model after checking its sha256 against the manifest.

    Models are cached per ``(name, directory, trust)``, so the default model is
    read once, on first use.

    Parameters
    ----------
    name : str, default="news"
        A model listed in the manifest.
    directory : str or Path, optional
        Models folder; default ``$RELIABILITY_MODELS`` or the repository's ``trained/``.
    trust : bool, default=False
        Load even when the file's sha256 differs from the manifest. Only for
        files you made yourself: unpickling runs code.

    Returns
    -------
    BaseEstimator
        The fitted model: a ``CredibilityModel`` for ``news``.

    Raises
    ------
    ModelNotFoundError
        When the name is not in the manifest or its file is missing.
    ManifestError
        When the file's sha256 is not the recorded one (and ``trust`` is false),
        or the manifest is malformed.

    Warns
    -----
    ModelVersionWarning
        When the model was saved with another scikit-learn version.

    Examples
    --------
    >>> model = load_model("news")  # doctest: +SKIP
    >>> model.score(statements)  # doctest: +SKIP
    """
    folder = Path(directory) if directory is not None else default_models_dir()
    return _load_cached(name, str(folder.resolve()), bool(trust))


@lru_cache(maxsize=16)
def _load_cached(name: str, directory: str, trust: bool) -> Any:
    """Load and check one model; cached by ``load_model``."""
    folder = Path(directory)
    manifest = read_manifest(folder)
    entries = {m["name"]: m for m in manifest["models"]}
    if name not in entries:
        available = ", ".join(sorted(entries)) or "none"
        msg = f"unknown model {name!r}; available: {available}"
        raise ModelNotFoundError(msg, name=name)
    entry = entries[name]
    path = folder / str(entry.get("file", f"{name}.joblib"))
    if not path.is_file():
        msg = f"model file {path} listed in {folder / MANIFEST} does not exist"
        raise ModelNotFoundError(msg, name=name)
    expected = entry.get("sha256")
    actual = sha256_file(path)
    if actual != expected and not trust:
        msg = (
            f"{path}: sha256 {actual} does not match the manifest's {expected}; "
            "refusing to unpickle it (pass trust=True only for a file you made)"
        )
        raise ManifestError(msg, path=str(path), expected=expected, actual=actual)
    recorded = str(entry.get("sklearn_version", "unknown"))
    if recorded != sklearn.__version__:
        msg = (
            f"model {name!r} was saved with scikit-learn {recorded}, "
            f"running {sklearn.__version__}; its scores may differ"
        )
        warnings.warn(
            ModelVersionWarning(msg, recorded=recorded, installed=sklearn.__version__),
            stacklevel=3,
        )
    model = joblib.load(path)
    if not isinstance(model, BaseEstimator):
        msg = f"{path}: expected a fitted scikit-learn estimator (got {type(model).__name__})"
        raise ManifestError(msg, path=str(path))
    return model
