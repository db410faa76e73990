"""Train the shipped ``news`` model from the public data sets and measure it.

``train_news`` fits the ``news`` model on Emergent: each article headline is
analysed as a statement by the library's own extraction and feature pipeline, its
label is the veracity of the claim it reports (true against false; unverified claims
are dropped), its annotated stance towards the claim is the publisher confirming or
denying it, and its publisher's domain rating (``domain_quality/domain_pc1.csv``) is
the outlet prior. Every cross-validated figure, and the choice of calibration, uses
folds that never split a claim. ``train_and_save`` also writes the joblib file, the
manifest entry and the model card. Both are deterministic: the same data, versions
and ``features_factory`` give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold

from reliability._calibration import N_BINS, brier_score, expected_calibration_error
from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._loading import save_model, sha256_file
from reliability._model import CredibilityModel, _as_frame
from reliability._outlets import OUTLET_FEATURES, DomainRatings, outlet_features
from reliability._records import Statement

__all__ = [
    "EMERGENT_COLUMNS",
    "NEWS_DATA",
    "NEWS_MONOTONE",
    "DataNotFoundError",
    "binary_metrics",
    "cross_validate_news",
    "emergent_probabilities",
    "emergent_statements",
    "news_learned",
    "read_emergent",
    "train_and_save",
    "train_news",
    "training_data",
]

#: Files of the data directory that ``train_news`` reads: (headlines, domain ratings).
NEWS_DATA = ("emergent/emergent_train.csv", "domain_quality/domain_pc1.csv")
#: Columns of ``emergent_train.csv`` that training needs.
EMERGENT_COLUMNS = (
    "claimId",
    "claimTruth",
    "articleId",
    "articleHeadline",
    "articleHeadlineStance",
    "source",
)
_EMERGENT_TRUTH = ("true", "false", "unknown")
_EMERGENT_STANCES = ("for", "against", "observing")
#: The annotated stance of a headline towards its claim, as the publisher's own voice: "for"
#: is the publisher confirming a claim the headline attributes to someone (a headline in the
#: narrator's voice already asserts it), "against" the publisher denying the claim.
STANCE_FEATURES = {
    "for": "corroboration_narrator_confirms",
    "against": "corroboration_narrator_denies",
}
#: A feature is learned when the headlines of at least this many claims have it (headlines
#: of one claim are not independent); rarer features keep their documented prior.
MIN_SUPPORT = 10
#: Required signs of learned effects (a feature learned with the other sign is dropped and
#: falls back to its prior): hedges, distancing, uncommitted authors, denials and low-rated
#: source types never raise a score; commitment (which a hedge takes away), confirmation
#: and outlet ratings never lower it.
NEWS_MONOTONE = {
    "source_type_state_media": -1,
    "source_type_separatist_or_militant": -1,
    "source_type_anonymous": -1,
    "source_type_social_media": -1,
    "channel_type_social_media": -1,
    "hedge_count": -1,
    "author_hedge_count": -1,
    "source_hedge_count": -1,
    "conditional_count": -1,
    "scare_quote_count": -1,
    "disclaimer_covered": -1,
    "cue_distancing": -1,
    "author_uncommitted": -1,
    "author_committed": 1,
    "source_committed": 1,
    "content_uncertain": -1,
    "corroboration_supporters": 1,
    "corroboration_deniers": -1,
    "corroboration_narrator_confirms": 1,
    "corroboration_narrator_denies": -1,
    "outlet_rating": 1,
    "cited_outlet_rating": 1,
}
#: Columns that only the annotated stance or the ratings file can teach, learned whatever
#: their support in extracted features.
_ALWAYS_LEARNED = (*STANCE_FEATURES.values(), "outlet_rating")
#: Folds of every cross-validation (grouped by claim).
CV_FOLDS = 5


def read_emergent(path: str | Path) -> pd.DataFrame:
    """Read ``emergent_train.csv`` (or a split with the same columns).

    Parameters
    ----------
    path : str or Path
        The CSV described in the data set's README.

    Returns
    -------
    DataFrame
        The file's rows, text columns as ``str``.

    Raises
    ------
    DataNotFoundError
        When the file does not exist.
    SchemaError
        When a needed column is missing, or a veracity or stance is unknown; the
        message names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        msg = f"{path}: Emergent file not found"
        raise DataNotFoundError(msg)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        msg = f"{path}: not a valid CSV ({exc})"
        raise SchemaError(msg, field="row") from exc
    missing = [c for c in EMERGENT_COLUMNS if c not in frame.columns]
    if missing:
        msg = f"{path}:1: missing column {missing[0]!r} (columns: {list(frame.columns)})"
        raise SchemaError(msg, field=missing[0])
    for column, allowed in (
        ("claimTruth", _EMERGENT_TRUTH),
        ("articleHeadlineStance", _EMERGENT_STANCES),
    ):
        bad = ~frame[column].isin(allowed)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            value = frame[column].iloc[row]
            msg = f"{path}:{row + 2}: {column!r} must be in {allowed} (got {value!r})"
            raise SchemaError(msg, field=column)
    return frame


def emergent_statements(df: pd.DataFrame) -> list[Statement]:
    """Return the statement of each headline: the first one ``extract_statements`` finds.

    Parameters
    ----------
    df : DataFrame
        As returned by :func:`read_emergent`.

    Returns
    -------
    list of Statement
        One per row, ``doc_id`` the article id. A headline is one sentence; when
        it holds several statements (a few percent), the first is its main clause.
    """
    from reliability._extract import extract_statements

    statements = []
    for doc_id, headline in zip(df["articleId"], df["articleHeadline"], strict=True):
        found = extract_statements(str(headline), str(doc_id))
        if not found:
            msg = f"no statement found in the headline of article {doc_id!r}: {headline!r}"
            raise SchemaError(msg, field="articleHeadline")
        statements.append(found[0])
    return statements


def _stance_values(df: pd.DataFrame, statements: Sequence[Statement]) -> dict[str, np.ndarray]:
    """The annotated stance of each headline as publisher-confirms / publisher-denies columns."""
    stance = df["articleHeadlineStance"].to_numpy()
    attributed = np.asarray([s.source is not None for s in statements])
    confirms, denies = STANCE_FEATURES["for"], STANCE_FEATURES["against"]
    return {
        confirms: ((stance == "for") & attributed).astype(float),
        denies: (stance == "against").astype(float),
    }


def news_learned(frame: pd.DataFrame, groups: Sequence[Any]) -> list[str]:
    """Return the columns the news model learns: those of at least :data:`MIN_SUPPORT` claims.

    Parameters
    ----------
    frame : DataFrame
        The feature frame of the labelled training headlines.
    groups : sequence
        The claim of each headline.

    Returns
    -------
    list of str
        The learned columns, in frame order; the others keep their prior.
    """
    claims = np.asarray(groups)
    values = frame.to_numpy(dtype=float) != 0.0
    support = [len(set(claims[values[:, j]].tolist())) for j in range(values.shape[1])]
    return [
        str(c)
        for c, n in zip(frame.columns, support, strict=True)
        if n >= MIN_SUPPORT or c in _ALWAYS_LEARNED
    ]


def binary_metrics(y: Any, p: Any) -> dict[str, Any]:
    """Return accuracy, ROC AUC, Brier score, ECE (15 bins) and n, rounded to 4 decimals."""
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    return {
        "accuracy": round(float(accuracy_score(y, (p >= 0.5).astype(int))), 4),
        "auc": round(float(roc_auc_score(y, p)), 4),
        "brier": round(brier_score(y, p), 4),
        "ece": round(expected_calibration_error(y, p, N_BINS), 4),
        "n": len(y),
    }


class _NewsData:
    """The labelled Emergent headlines with their statements, claims, outlets and stance."""

    def __init__(self, data_dir: Path) -> None:
        frame = read_emergent(data_dir / NEWS_DATA[0])
        frame = frame[frame["claimTruth"] != "unknown"].reset_index(drop=True)
        self.frame = frame
        self.statements = emergent_statements(frame)
        self.y = (frame["claimTruth"] == "true").to_numpy(dtype=int)
        self.groups = frame["claimId"].to_numpy()
        self.outlets = frame["source"].tolist()
        self.stance = _stance_values(frame, self.statements)
        self.ratings = DomainRatings.from_csv(data_dir / NEWS_DATA[1])

    def subset(self, rows: np.ndarray) -> dict[str, Any]:
        """Keyword arguments of ``CredibilityModel.fit`` for some rows."""
        return {
            "groups": self.groups[rows],
            "outlets": [self.outlets[i] for i in rows],
            "feature_values": {k: v[rows] for k, v in self.stance.items()},
        }

    def rows(self, rows: np.ndarray) -> list[Statement]:
        """The statements of some rows."""
        return [self.statements[i] for i in rows]


def emergent_probabilities(
    model: CredibilityModel,
    frame: pd.DataFrame,
    *,
    ratings: DomainRatings | None = None,
    stance: bool = True,
) -> np.ndarray:
    """Return P(true) of each headline of an Emergent frame, as the news model scores it.

    Parameters
    ----------
    model : CredibilityModel
        A fitted news model.
    frame : DataFrame
        As returned by :func:`read_emergent` (any split, e.g. the withheld test split).
    ratings : DomainRatings, optional
        Domain ratings for the publishers (column ``source``).
    stance : bool, default=True
        Use the annotated stance towards the claim (else the headline text alone).

    Returns
    -------
    ndarray of shape (len(frame),)
    """
    statements = emergent_statements(frame)
    values = _stance_values(frame, statements) if stance else None
    return model.predict_proba(
        statements, outlets=frame["source"].tolist(), ratings=ratings, feature_values=values
    )[:, 1]


def _news_model(learned: Sequence[str], features_factory: Callable[[], Any]) -> CredibilityModel:
    """The news model's estimator, unfitted."""
    return CredibilityModel(
        features=features_factory(),
        learned=list(learned),
        monotone=NEWS_MONOTONE,
        calibration="auto",
        cv=CV_FOLDS,
        random_state=0,
    )


def _learned_columns(data: _NewsData, features_factory: Callable[[], Any]) -> list[str]:
    """The learned columns of the news model on the labelled headlines."""
    features = features_factory()
    frame = _as_frame(features.fit_transform(data.statements), features)
    for column, values in data.stance.items():
        frame[column] = values
    outlet = outlet_features(data.statements, data.outlets, data.ratings)
    for i, column in enumerate(OUTLET_FEATURES):
        frame[column] = outlet[:, i]
    return news_learned(frame, data.groups)


def cross_validate_news(
    data_dir: str | Path, *, features_factory: Callable[[], Any]
) -> tuple[dict[str, dict[str, Any]], dict[str, np.ndarray]]:
    """Measure the news model and its baselines on Emergent, cross-validated by claim.

    The folds (``StratifiedGroupKFold``, 5, seed 0) never split a claim; inside each
    training part the calibration method is chosen by a nested grouped
    cross-validation. The systems are: the news model scored with the domain ratings
    and without them, the same model trained without ratings, the model scored from
    the headline text alone (without the annotated stance towards the claim), and a
    hedge-only model (the hedge count alone, calibrated the same way).

    Parameters
    ----------
    data_dir : str or Path
        Folder holding the files of :data:`NEWS_DATA`.
    features_factory : callable
        Returns a fresh, unfitted features transformer over statements.

    Returns
    -------
    metrics : dict
        :func:`binary_metrics` per system.
    probabilities : dict
        Out-of-fold P(true) per system, and ``"y"`` the labels.
    """
    data = _NewsData(Path(data_dir))
    learned = _learned_columns(data, features_factory)
    unrated = [c for c in learned if c != "outlet_rating"]
    # name: (learned columns, trained with ratings, scored with ratings, scored with stance)
    systems = {
        "news_with_ratings": (learned, True, True, True),
        "news_without_ratings": (learned, True, False, True),
        "news_trained_without_ratings": (unrated, False, False, True),
        "news_headline_text_only": (learned, True, True, False),
        "hedge_only": (["hedge_count"], False, False, False),
    }
    n = len(data.y)
    probabilities = {name: np.zeros(n) for name in systems}
    folds = StratifiedGroupKFold(CV_FOLDS, shuffle=True, random_state=0)
    for train, test in folds.split(np.zeros((n, 1)), data.y, data.groups):
        fitted: dict[tuple[str, ...], CredibilityModel] = {}
        held_out = data.subset(test)
        for name, (columns, train_rated, test_rated, test_stance) in systems.items():
            key = (*columns, str(train_rated))
            if key not in fitted:
                model = _news_model(columns, features_factory)
                if name == "hedge_only":
                    model.set_params(priors={}, monotone=None)
                fitted[key] = model.fit(
                    data.rows(train),
                    data.y[train],
                    ratings=data.ratings if train_rated else None,
                    **data.subset(train),
                )
            probabilities[name][test] = fitted[key].predict_proba(
                data.rows(test),
                outlets=held_out["outlets"],
                ratings=data.ratings if test_rated else None,
                feature_values=held_out["feature_values"] if test_stance else None,
            )[:, 1]
    metrics = {name: binary_metrics(data.y, p) for name, p in probabilities.items()}
    claims = len(set(data.groups.tolist()))
    for values in metrics.values():
        values["claims"] = claims
    return metrics, probabilities | {"y": data.y}


def train_news(
    data_dir: str | Path,
    *,
    features_factory: Callable[[], Any],
    cross_validate: bool = True,
) -> tuple[CredibilityModel, dict[str, Any]]:
    """Train the ``news`` model on the labelled Emergent headlines and measure it.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding the files of :data:`NEWS_DATA`.
    features_factory : callable
        Returns a fresh, unfitted features transformer over statements.
    cross_validate : bool, default=True
        Also measure the model and its baselines by :func:`cross_validate_news`.

    Returns
    -------
    model : CredibilityModel
        The fitted model (trained with the domain ratings).
    metrics : dict
        ``{"emergent_cv_<system>": binary_metrics}`` for each system of
        :func:`cross_validate_news`, and ``"calibration_brier"``: the nested
        cross-validated Brier score of each calibration method on all the data.

    Examples
    --------
    >>> model, metrics = train_news("data", features_factory=make_features)  # doctest: +SKIP
    """
    data_dir = Path(data_dir)
    data = _NewsData(data_dir)
    learned = _learned_columns(data, features_factory)
    rows = np.arange(len(data.y))
    model = _news_model(learned, features_factory).fit(
        data.statements, data.y, ratings=data.ratings, **data.subset(rows)
    )
    metrics: dict[str, Any] = {}
    if cross_validate:
        cv_metrics, _ = cross_validate_news(data_dir, features_factory=features_factory)
        metrics = {f"emergent_cv_{name}": values for name, values in cv_metrics.items()}
    metrics["calibration_brier"] = {
        method: round(score, 4) for method, score in model.calibration_scores_.items()
    } | {"chosen": model.calibration_}
    return model, metrics


def training_data(data_dir: str | Path, files: Sequence[str] = NEWS_DATA) -> list[dict[str, str]]:
    """Return ``{"name", "sha256"}`` for each data file, for the manifest."""
    return [{"name": f, "sha256": sha256_file(Path(data_dir) / f)} for f in files]


def train_and_save(
    data_dir: str | Path,
    directory: str | Path,
    *,
    features_factory: Callable[[], Any],
    name: str = "news",
) -> tuple[Path, dict[str, Any]]:
    """Train the news model, save it with its manifest entry and write its model card.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding ``emergent/`` and ``domain_quality/``.
    directory : str or Path
        Models folder, e.g. the repository's ``trained/``.
    features_factory : callable
        Returns a fresh, unfitted features transformer over statements.
    name : str, default="news"
        Model name.

    Returns
    -------
    path : Path
        The written joblib file.
    metrics : dict
        As returned by :func:`train_news`.
    """
    from reliability._model_card import write_model_card

    model, metrics = train_news(data_dir, features_factory=features_factory)
    data = training_data(data_dir)
    path = save_model(model, name, directory, metrics=metrics, training_data=data)
    write_model_card(model, name, directory, metrics=metrics, training_data=data)
    return path, metrics
