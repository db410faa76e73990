"""Train the shipped ``claims`` model from LIAR, measure it and write its model card.

LIAR's credit-history columns count every rated statement of the speaker,
*including the statement's own ruling* (LIAR README; :func:`credit_history_leak`
measures it on the data). :func:`liar_claims` subtracts the row's own ruling, so
the model only ever sees the speaker's other rulings. LIAR has no count of true
rulings, so ``prior_true`` is never learned.

``train_claims`` fits on ``liar/train.tsv`` (a stratified fifth held out for the
calibration) and measures on ``liar/valid.tsv``; the hyperparameters were chosen
on ``liar/valid.tsv`` (``benchmarks/credibility.py --grid`` re-runs that grid).
Everything is seeded, so the same data and library versions give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import accuracy_score, f1_score, log_loss

from reliability._calibration import N_BINS, brier_score, expected_calibration_error
from reliability._claims import (
    CLAIMS_MODEL,
    CREDIBLE_RULINGS,
    LEARNED_PRIOR_COLUMNS,
    RULINGS,
    ClaimsModel,
)
from reliability._liar import read_liar
from reliability._loading import save_model, sha256_file

__all__ = [
    "CLAIMS_DATA",
    "claims_card",
    "credit_history_leak",
    "evaluate_claims",
    "liar_claims",
    "train_claims",
    "train_claims_and_save",
]

#: Files of the data directory ``train_claims`` reads: (training file, validation file).
CLAIMS_DATA = ("liar/train.tsv", "liar/valid.tsv")
#: LIAR's credit-history column of each ruling (there is none for "true").
_LIAR_COUNT = {
    "pants-fire": "pants_fire",
    "false": "false",
    "barely-true": "barely_true",
    "half-true": "half_true",
    "mostly-true": "mostly_true",
}


def credit_history_leak(liar: pd.DataFrame) -> dict[str, Any]:
    """Measure how often a LIAR row's credit history counts the row's own ruling.

    Parameters
    ----------
    liar : DataFrame
        As returned by :func:`reliability._liar.read_liar`.

    Returns
    -------
    dict
        ``rows`` (rows not rated true, which have a count column),
        ``own_ruling_counted`` (of those, how many have at least 1 in their own
        ruling's column) and ``share``. A share near 1 means the counts include
        the statement being scored.
    """
    rated = liar[liar["label"] != "true"]
    own = np.array([row[_LIAR_COUNT[row["label"]]] for _, row in rated.iterrows()], dtype=int)
    counted = int((own >= 1).sum())
    return {
        "rows": len(rated),
        "own_ruling_counted": counted,
        "share": round(counted / len(rated), 4) if len(rated) else float("nan"),
    }


def liar_claims(
    liar: pd.DataFrame, *, subtract: Sequence[str] | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Return LIAR rows as a claims table with a leak-free track record, and their rulings.

    Parameters
    ----------
    liar : DataFrame
        As returned by :func:`reliability._liar.read_liar`.
    subtract : sequence of str, optional
        The ruling to take out of each row's counts; default the row's own. The
        leak check passes random rulings instead.

    Returns
    -------
    claims : DataFrame
        ``text``, ``speaker``, ``speaker_title`` (LIAR's job), ``party``,
        ``state``, ``venue`` (LIAR's context) and the five ``prior_*`` counts
        LIAR has, each minus the row's own ruling (never below 0: 34 rows of
        the release lack their own ruling in the counts).
    rulings : ndarray of str
        The six-way label of each row.
    """
    claims = pd.DataFrame(
        {
            "text": liar["statement"].astype(str),
            "speaker": liar["speaker"].astype(str),
            "speaker_title": liar["job"].astype(str),
            "party": liar["party"].astype(str),
            "state": liar["state"].astype(str),
            "venue": liar["context"].astype(str),
        }
    )
    taken = liar["label"].to_numpy(dtype=object) if subtract is None else np.asarray(subtract)
    if taken.shape != (len(liar),):
        msg = f"'subtract' must hold one ruling per row ({len(liar)}) (got {taken.shape})"
        raise ValueError(msg)
    for prior, ruling in zip(LEARNED_PRIOR_COLUMNS, RULINGS[:5], strict=True):
        raw = liar[_LIAR_COUNT[ruling]].to_numpy(dtype=int)
        own = (taken == ruling).astype(int)
        claims[prior] = np.maximum(raw - own, 0)
    claims = claims.reset_index(drop=True)
    return claims, liar["label"].to_numpy(dtype=object)


def evaluate_claims(
    model: ClaimsModel, claims: pd.DataFrame, rulings: Sequence[str]
) -> dict[str, Any]:
    """Measure a claims model on labelled claims.

    Parameters
    ----------
    model : ClaimsModel
        A fitted model.
    claims : DataFrame
        Claims to score.
    rulings : sequence of str
        Their six-way rulings.

    Returns
    -------
    dict
        Binary task (half-true or better): ``accuracy``, ``macro_f1``, ``brier``,
        ``log_loss``, ``ece`` (15 bins, top-label confidence) and ``ece_accurate``
        (15 bins over P(accurate)); six-way: ``six_way_accuracy``,
        ``six_way_macro_f1``; and ``n``. Rounded to 4 decimals.
    """
    rulings = np.asarray(rulings, dtype=object)
    y = np.isin(rulings, list(CREDIBLE_RULINGS)).astype(int)
    p = model.predict_proba(claims)[:, 1]
    pred = (p >= 0.5).astype(int)
    six = model.predict_ruling(claims)
    return {
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "brier": round(brier_score(y, p), 4),
        "log_loss": round(float(log_loss(y, p, labels=[0, 1])), 4),
        "ece": round(expected_calibration_error(y, p, N_BINS), 4),
        "ece_accurate": round(expected_calibration_error(y, p, N_BINS, top_label=False), 4),
        "six_way_accuracy": round(float(accuracy_score(rulings, six)), 4),
        "six_way_macro_f1": round(
            float(f1_score(rulings, six, average="macro", labels=list(RULINGS))), 4
        ),
        "n": len(y),
    }


def train_claims(
    data_dir: str | Path, *, random_state: int = 0
) -> tuple[ClaimsModel, dict[str, Any]]:
    """Train the ``claims`` model on LIAR train and measure it on LIAR valid.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding ``liar/train.tsv`` and ``liar/valid.tsv``.
    random_state : int, default=0
        Seed of the calibration hold-out and folds.

    Returns
    -------
    model : ClaimsModel
        The fitted model.
    metrics : dict
        ``validation`` (see :func:`evaluate_claims`), ``calibration`` (the method
        chosen and each method's cross-validated Brier score on the held-out
        training claims) and ``credit_history_leak`` (see
        :func:`credit_history_leak`, on train and valid).

    Raises
    ------
    DataNotFoundError
        When a LIAR file is missing.

    Examples
    --------
    >>> model, metrics = train_claims("../shared/data")  # doctest: +SKIP
    >>> metrics["validation"]["accuracy"]  # doctest: +SKIP
    """
    data_dir = Path(data_dir)
    train = read_liar(data_dir / CLAIMS_DATA[0])
    valid = read_liar(data_dir / CLAIMS_DATA[1])
    train_claims_, train_rulings = liar_claims(train)
    valid_claims, valid_rulings = liar_claims(valid)
    model = ClaimsModel(random_state=random_state).fit(train_claims_, train_rulings)
    validation = evaluate_claims(model, valid_claims, valid_rulings)
    # Leak check: take a random ruling (drawn with the training shares) out of the
    # valid counts instead of the own one. A model that reads the ruling off the
    # gap in the counts loses much here; an honest one about nothing.
    rng = np.random.default_rng(random_state)
    values, counts = np.unique(train_rulings, return_counts=True)
    random_rulings = rng.choice(values, size=len(valid), p=counts / counts.sum())
    shuffled, _ = liar_claims(valid, subtract=random_rulings)
    random_validation = evaluate_claims(model, shuffled, valid_rulings)
    metrics = {
        "validation": validation,
        "calibration": {
            "method": model.calibration_,
            "cv_brier": dict(model.calibration_scores_),
            "n_train": model.n_train_,
            "n_calibration": model.n_calibration_,
        },
        "credit_history_leak": {
            "train": credit_history_leak(train),
            "valid": credit_history_leak(valid),
            "validation_random_subtraction": {
                k: random_validation[k] for k in ("accuracy", "log_loss", "six_way_accuracy")
            },
        },
    }
    return model, metrics


def _training_data(data_dir: str | Path) -> list[dict[str, str]]:
    """Return ``{"name", "sha256"}`` of each LIAR file read."""
    return [{"name": f, "sha256": sha256_file(Path(data_dir) / f)} for f in CLAIMS_DATA]


_INTENDED_USE = """\
Scoring short factual claims made by a named speaker (politicians, officials,
organisations, pundits, viral posts) for how likely they are to be rated
half-true or better by a fact-checker, given the wording, the speaker's type,
party, state and title, the venue, and the speaker's track record of earlier
rulings. For ranking and triaging claims for a reader or a fact-checker
(`reliability.score_claims`). It is not a verdict on any claim and does not
check facts against the world."""

_LIMITS = """\
- Trained on LIAR: US political claims rated by PolitiFact, 2007-2016. Claims
  from other countries, years or checkers are out of distribution; the
  calibration is measured on LIAR valid only.
- Without the label leak, LIAR's metadata and track record add little to the
  wording: the LIAR README's reference baseline reaches 0.651 binary accuracy
  with them. The raw (leaked) counts were not used, and neither is speaker
  identity: LIAR's counts are one snapshot per speaker, so a row's counts
  minus its own ruling differ from its speaker's other rows exactly in the own
  ruling. With one-hot speakers and heavy metadata weights a model learns to
  read the ruling off that gap: it scores well above this model on valid and
  collapses once a random ruling is taken out instead
  (`python benchmarks/credibility.py --leak-demo`). The leak check above
  measures the shipped model the same way.
- LIAR's counts are a snapshot of each speaker's rulings (other splits and
  later statements included), not a strictly earlier record; a user's
  `prior_*` counts should be earlier rulings only, and may read differently.
- LIAR has no count of true rulings: `prior_true` is accepted and checked but
  has no effect.
- The hyperparameters (regularisation, block weights) were chosen on LIAR valid,
  so the validation figures are slightly optimistic; the withheld test split
  was never used."""

_BIASES = """\
- Party, state, speaker type and title are learned effects: the model scores
  a claim by who says it as well as by what it says. It reproduces PolitiFact's
  selection of claims to check and its rulings per party (in LIAR train, 50.2%
  of Republican speakers' claims are rated half-true or better against 66.2% of
  Democrats'), which is not a measure of the parties' honesty.
- Speakers with a long record (well-known national politicians) get sharper
  scores than newcomers, whose score rests on their type, party and wording.
- Single record columns can carry odd signs (see the table above): the record
  columns overlap (counts, shares, bins), so only their sum per reason group,
  `prior_<ruling>` and so on, is meant to be read.
- Text features learn topic words that correlate with rulings in 2007-2016
  (e.g. particular programmes or opponents); they can be stale or partisan."""


def claims_card(
    model: ClaimsModel,
    *,
    metrics: Mapping[str, Any],
    training_data: Sequence[Mapping[str, str]],
    name: str = CLAIMS_MODEL,
) -> str:
    """Return the Markdown model card of a fitted claims model.

    Parameters
    ----------
    model : ClaimsModel
        A fitted model.
    metrics : mapping
        As returned by :func:`train_claims`.
    training_data : sequence of mapping
        ``{"name", "sha256"}`` per data file.
    name : str, default="claims"
        Model name.

    Returns
    -------
    str
        The card, ending in a newline; the same inputs give the same text.
    """
    v = metrics["validation"]
    cal = metrics["calibration"]
    leak = metrics["credit_history_leak"]
    rnd = leak["validation_random_subtraction"]
    features = model.features_
    lines = [
        f"# Model card: `{name}`",
        "",
        f"`trained/{name}.joblib`, a `reliability._claims.ClaimsModel`, scikit-learn "
        f"{sklearn.__version__}. Rebuild: `reliability train {name} --data-dir DIR` "
        "(deterministic: the same data and versions give the same bytes).",
        "",
        "## Data",
        "",
        "| file | sha256 |",
        "| --- | --- |",
        *[f"| `{d['name']}` | `{d['sha256']}` |" for d in training_data],
        "",
        f"Fitted on {cal['n_train']} LIAR train claims; calibrated on the other "
        f"{cal['n_calibration']} (a stratified fifth held out, seed {model.random_state}); "
        "measured on LIAR valid. The test split is withheld and was never used.",
        "",
        "Track record without the leak: LIAR's credit-history counts include the "
        f"statement's own ruling (train: {leak['train']['own_ruling_counted']} of "
        f"{leak['train']['rows']} rows not rated true have at least 1 in their own "
        f"ruling's column, {leak['train']['share']:.2%}; valid: "
        f"{leak['valid']['own_ruling_counted']} of {leak['valid']['rows']}). The "
        "model's `prior_*` counts are LIAR's minus the row's own ruling.",
        "",
        "## Metrics on LIAR valid",
        "",
        f"n = {v['n']}. Binary: half-true, mostly-true or true against the rest.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| binary accuracy | {v['accuracy']:.4f} |",
        f"| binary macro-F1 | {v['macro_f1']:.4f} |",
        f"| Brier score | {v['brier']:.4f} |",
        f"| log loss | {v['log_loss']:.4f} |",
        f"| ECE, 15 bins, top-label confidence | {v['ece']:.4f} |",
        f"| ECE, 15 bins, P(accurate) | {v['ece_accurate']:.4f} |",
        f"| six-way accuracy | {v['six_way_accuracy']:.4f} |",
        f"| six-way macro-F1 | {v['six_way_macro_f1']:.4f} |",
        "",
        "Targets of the issue: "
        + ", ".join(
            f"{label} {'reached' if ok else 'NOT reached'}"
            for label, ok in (
                ("binary accuracy >= 0.70", v["accuracy"] >= 0.70),
                ("six-way accuracy >= 0.33", v["six_way_accuracy"] >= 0.33),
                ("ECE <= 0.03", v["ece"] <= 0.03),
            )
        )
        + ". Reference figures (LIAR README, TF-IDF + logistic regression, C chosen "
        "on valid): text only 0.629 binary / 0.260 six-way; with metadata and the "
        "leak-free record 0.651 / 0.335.",
        "",
        "Leak check: the same valid claims with a random ruling (drawn with the "
        "training shares, seed 0) taken out of the counts instead of the own one: "
        f"binary accuracy {rnd['accuracy']:.4f} (own: {v['accuracy']:.4f}), log loss "
        f"{rnd['log_loss']:.4f} (own: {v['log_loss']:.4f}), six-way accuracy "
        f"{rnd['six_way_accuracy']:.4f} (own: {v['six_way_accuracy']:.4f}). A model "
        "that reads the ruling off the gap between its counts and its speaker's "
        "snapshot loses much here (see Limits); a drop in the six-way figure means "
        "that part of it may come from that gap.",
        "",
        "## Calibration",
        "",
        f"Method: **{cal['method']}**, chosen among sigmoid, temperature and isotonic by "
        "the lowest Brier score in 5-fold cross-validation on the held-out training "
        "claims (`CalibratedClassifierCV(FrozenEstimator(lr))`): "
        + ", ".join(f"{m} {s:.4f}" for m, s in cal["cv_brier"].items())
        + ". The six-way model is temperature-scaled on the same claims.",
        "",
        "## Intended use",
        "",
        _INTENDED_USE,
        "",
        "## Which effects are learned",
        "",
        "Every effect of this model is learned from LIAR train; it uses no priors. "
        "`reasons` are the exact log-odds contributions of these groups of columns "
        "(the calibration is affine in the regression's log-odds), relative to a "
        "claim with no text, metadata, record or hedge:",
        "",
        "- `text`: TF-IDF of word 1-2-grams and character 2-5-grams of the statement;",
        "- `venue`, `speaker_title`: TF-IDF of their words;",
        "- `speaker_type=...` (`features._source_type.liar_speaker_type`), `party=...`, "
        "`state=...`: one-hot"
        + ("; `speaker=...`: one-hot of the speaker;" if features.speaker_identity else ";"),
        "- `prior_<ruling>`: log count and smoothed share of each earlier ruling; "
        "`prior_record_size`: log size and size bin of the record; "
        "`prior_false_share`: bin of the share of false or pants-on-fire rulings;",
        "- `hedge_<kind>`: log count of hedges of each kind (`features._hedging.find_hedges`).",
        "",
        f"Block weights: text {features.text_weight}, metadata and record "
        f"{features.metadata_weight}, hedges {features.hedge_weight}; "
        f"C = {model.C}.",
        "",
        "Largest learned effects of single metadata columns (calibrated log-odds per unit):",
        "",
        "| column | effect |",
        "| --- | ---: |",
        *[f"| `{n}` | {e:+.3f} |" for n, e in _top_metadata_effects(model)],
        "",
        "## Limits",
        "",
        _LIMITS,
        "",
        "## Known biases",
        "",
        _BIASES,
        "",
    ]
    return "\n".join(lines)


def _top_metadata_effects(model: ClaimsModel, k: int = 12) -> list[tuple[str, float]]:
    """Return the ``k`` largest calibrated effects of type, party and record columns."""
    scale = model.slope_ if model.affine_ else 1.0
    weight = float(model.features_.metadata_weight)
    out = []
    for name, w in zip(model.feature_names_, model.lr_.coef_[0], strict=True):
        if str(name).startswith(("speaker_type=", "party=", "prior_")):
            out.append((str(name), float(w) * scale * weight))
    out.sort(key=lambda t: (-abs(t[1]), t[0]))
    return out[:k]


def train_claims_and_save(
    data_dir: str | Path, directory: str | Path, *, name: str = CLAIMS_MODEL
) -> tuple[Path, dict[str, Any]]:
    """Train the claims model, save it with its manifest entry and write its model card.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding ``liar/``.
    directory : str or Path
        Models folder, e.g. the repository's ``trained/``.
    name : str, default="claims"
        Model name (file stem).

    Returns
    -------
    path : Path
        The written joblib file.
    metrics : dict
        As returned by :func:`train_claims`.
    """
    model, metrics = train_claims(data_dir)
    data = _training_data(data_dir)
    path = save_model(model, name, directory, metrics=metrics, training_data=data)
    card = claims_card(model, metrics=metrics, training_data=data, name=name)
    card_path = Path(directory) / f"{name}.md"
    tmp = card_path.with_name(f".{card_path.name}.tmp")
    tmp.write_text(card, encoding="utf-8")
    os.replace(tmp, card_path)
    return path, metrics
