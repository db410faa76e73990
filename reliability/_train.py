"""Train the shipped models from the public data sets and measure them.

``train_news`` fits the ``news`` model on LIAR's train split and measures it on
the valid split; ``train_and_save`` also writes the joblib file, the manifest
entry and the model card. Both are deterministic: the same data, versions and
``features_factory`` give byte-identical files.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from reliability._calibration import N_BINS, brier_score, expected_calibration_error
from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._loading import save_model, sha256_file
from reliability._model import CredibilityModel, read_priors
from reliability._records import Source, Span, Statement

__all__ = [
    "LIAR_COLUMNS",
    "LIAR_CREDIBLE",
    "LIAR_LABELS",
    "NEWS_DATA",
    "DataNotFoundError",
    "evaluate",
    "liar_labels",
    "liar_statements",
    "news_learned",
    "read_liar",
    "train_and_save",
    "train_news",
    "training_data",
]

#: Column names of the LIAR TSV files, as in the data set's README.
LIAR_COLUMNS = (
    "id",
    "label",
    "statement",
    "subject",
    "speaker",
    "job",
    "state",
    "party",
    "barely_true",
    "false",
    "half_true",
    "mostly_true",
    "pants_fire",
    "context",
)
LIAR_LABELS = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")
#: Labels counted as accurate in the binary task ("half-true or better").
LIAR_CREDIBLE = frozenset({"half-true", "mostly-true", "true"})
_COUNT_COLUMNS = ("barely_true", "false", "half_true", "mostly_true", "pants_fire")
#: Files of the data directory that ``train_news`` reads: (training file, validation file).
NEWS_DATA = ("liar/train.tsv", "liar/valid.tsv")
#: Prefixes of the columns the news model learns from LIAR (those without a prior).
_NEWS_LEARNED_PREFIXES = ("source_type_", "channel_type_")


def read_liar(path: str | Path) -> pd.DataFrame:
    """Read a LIAR split: 14 tab-separated columns, no header, no quoting.

    Parameters
    ----------
    path : str or Path
        ``train.tsv`` or ``valid.tsv`` of the LIAR release.

    Returns
    -------
    DataFrame
        Columns :data:`LIAR_COLUMNS`; text columns as ``str``, the five
        credit-history counts as ``int``.

    Raises
    ------
    DataNotFoundError
        When the file does not exist.
    SchemaError
        When a row does not have 14 fields, a label is unknown or a count is not
        an integer; the message names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        msg = f"{path}: LIAR file not found"
        raise DataNotFoundError(msg)
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        # QUOTE_NONE: many statements start with a bare '"' that is not a CSV quote.
        for line_no, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(row) != len(LIAR_COLUMNS):
                expected = len(LIAR_COLUMNS)
                msg = f"{path}:{line_no}: expected {expected} tab-separated fields, got {len(row)}"
                raise SchemaError(msg, field="row")
            if row[1] not in LIAR_LABELS:
                msg = f"{path}:{line_no}: 'label' must be in {LIAR_LABELS} (got {row[1]!r})"
                raise SchemaError(msg, field="label")
            for col in _COUNT_COLUMNS:
                value = row[LIAR_COLUMNS.index(col)]
                if not value.strip().isdigit():
                    msg = f"{path}:{line_no}: {col!r} must be a count (got {value!r})"
                    raise SchemaError(msg, field=col)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(LIAR_COLUMNS), dtype=str)
    for col in _COUNT_COLUMNS:
        frame[col] = frame[col].str.strip().astype(int)
    return frame


def liar_labels(df: pd.DataFrame) -> np.ndarray:
    """Return the binary labels of a LIAR frame: 1 for half-true or better.

    Parameters
    ----------
    df : DataFrame
        As returned by :func:`read_liar`.

    Returns
    -------
    ndarray of int
        One 0/1 label per row.
    """
    return df["label"].isin(LIAR_CREDIBLE).to_numpy(dtype=int)


def liar_statements(
    df: pd.DataFrame,
    *,
    speaker_type: Callable[[str, str, str], str] | None = None,
    find_hedges: Callable[[str], Sequence[Span]] | None = None,
) -> list[Statement]:
    """Turn each LIAR row into a statement attributed to its speaker.

    Parameters
    ----------
    df : DataFrame
        As returned by :func:`read_liar`.
    speaker_type : callable, optional
        ``(speaker, job, party) -> source type``; default
        ``features._source_type.liar_speaker_type``.
    find_hedges : callable, optional
        ``text -> spans with kind``; default ``features._hedging.find_hedges``.

    Returns
    -------
    list of Statement
        ``doc_id`` is the LIAR id, the text is both statement and content, and
        the source is the speaker slug (offsets 0: it is not in the text) with
        its type. LIAR has no cues or channels.
    """
    if speaker_type is None:
        from features._source_type import liar_speaker_type as speaker_type
    if find_hedges is None:
        from features._hedging import find_hedges
    statements = []
    for row in df.itertuples(index=False):
        text = str(row.statement)
        statements.append(
            Statement(
                doc_id=str(row.id),
                statement_id=0,
                start=0,
                end=len(text),
                text=text,
                content=Span(text, 0, len(text)),
                source=Source(
                    text=str(row.speaker),
                    start=0,
                    end=0,
                    type=speaker_type(str(row.speaker), str(row.job), str(row.party)),
                ),
                cue=None,
                hedges=tuple(find_hedges(text)),
            )
        )
    return statements


def news_learned(feature_names: Sequence[str]) -> list[str]:
    """Return the columns the news model learns from LIAR: source and channel types without a prior.

    Hedging, commitment and corroboration stay priors: LIAR is political speech
    rated by fact-checkers, where their sign is not the one in news reporting.

    Parameters
    ----------
    feature_names : sequence of str
        Every column of the features transformer.

    Returns
    -------
    list of str
        The learned columns, in transformer order.
    """
    priors = {p.feature for p in read_priors()}
    return [n for n in feature_names if n.startswith(_NEWS_LEARNED_PREFIXES) and n not in priors]


def evaluate(model: CredibilityModel, statements: Sequence[Statement], y: Any) -> dict[str, Any]:
    """Return accuracy, macro-F1, Brier score, ECE (15 bins) and n on labelled statements.

    Parameters
    ----------
    model : CredibilityModel
        A fitted model.
    statements : sequence of Statement
        Evaluation statements.
    y : array-like
        Their 0/1 labels.

    Returns
    -------
    dict
        Rounded to 4 decimals.
    """
    y = np.asarray(y, dtype=int)
    p = model.predict_proba(statements)[:, 1]
    pred = (p >= 0.5).astype(int)
    return {
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "brier": round(brier_score(y, p), 4),
        "ece": round(expected_calibration_error(y, p, N_BINS), 4),
        "n": len(y),
    }


def train_news(
    data_dir: str | Path,
    *,
    features_factory: Callable[[], Any],
    learned: Sequence[str] | None = None,
    random_state: int = 0,
) -> tuple[CredibilityModel, dict[str, Any]]:
    """Train the ``news`` model on LIAR train and measure it on LIAR valid.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding ``liar/train.tsv`` and ``liar/valid.tsv``.
    features_factory : callable
        Returns a fresh, unfitted features transformer over statements.
    learned : sequence of str, optional
        Learned columns; default :func:`news_learned` of the transformer's columns.
    random_state : int, default=0
        Seed of the calibration split.

    Returns
    -------
    model : CredibilityModel
        The fitted model.
    metrics : dict
        ``{"validation": {"accuracy", "macro_f1", "brier", "ece", "n"}}`` for the
        model, and the same under ``"validation_without_priors"`` for its learned
        part alone.

    Examples
    --------
    >>> model, metrics = train_news("data", features_factory=make_features)  # doctest: +SKIP
    """
    data_dir = Path(data_dir)
    train = read_liar(data_dir / NEWS_DATA[0])
    valid = read_liar(data_dir / NEWS_DATA[1])
    train_statements = liar_statements(train)
    if learned is None:
        probe = features_factory().fit(train_statements)
        learned = news_learned([str(n) for n in probe.get_feature_names_out()])
    model = CredibilityModel(
        features=features_factory(), learned=list(learned), random_state=random_state
    )
    model.fit(train_statements, liar_labels(train))
    valid_statements, valid_y = liar_statements(valid), liar_labels(valid)
    # The same model without its priors shows how far the priors move the LIAR calibration.
    learned_only = copy.copy(model)
    learned_only.priors_ = {}
    metrics = {
        "validation": evaluate(model, valid_statements, valid_y),
        "validation_without_priors": evaluate(learned_only, valid_statements, valid_y),
    }
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
        Folder holding ``liar/``.
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
