"""Write the model card ``trained/<name>.md`` of a fitted credibility model.

The card is generated from the fitted model, the measured metrics and the data
hashes, so it never disagrees with the shipped file. It is deterministic: the
same model and metrics give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sklearn

from reliability._model import CredibilityModel, read_priors
from reliability._train import MIN_SUPPORT

__all__ = ["model_card", "write_model_card"]

_INTENDED_USE = """\
Scoring statements in English news reporting: how far to trust each attributed
statement (and the publisher's own statements) given who says it, through which
channel, how it is hedged, whether a disclaimer covers it and whether other
sources in the article support or deny it. The score is a calibrated probability
that the statement is accurate, to rank and flag statements for a reader or a
fact-checker. It is not a verdict on any statement and does not check facts."""

_LIMITS = """\
- The learned part is trained on 1,274 Emergent headlines about 140 rumoured claims
  (2014-2015), labelled with the claim's veracity: it learns how a headline reports
  a claim, not whether the claim is true. Only 47 claims are true; cross-validated
  figures have wide intervals.
- The strongest learned effects are the publisher confirming or denying the claim
  (the headline's annotated stance) and the publisher's domain rating. In ordinary
  articles the first comes from in-article corroboration and the second only when a
  ratings file is passed; from the headline text alone the model is much weaker
  (see the metrics).
- Without a ratings file the publisher counts as the average Emergent publisher: a
  low-quality publisher is then trusted like a typical one. With a file, a publisher
  it does not rate counts as a median-rated one (unrated publishers were the weaker
  ones in training).
- Priors are fixed log-odds shifts. Those marked "measured" come from small
  samples (Emergent headlines, outlet ratings), with wide intervals; the others
  are judgments.
- Feature extraction (attribution, hedges, source types) is rule-based and
  English-only; its errors pass straight into the score."""

_BIASES = """\
- Source-type effects encode outlet reputations (state media, separatist
  outlets, social-media accounts rated low by expert panels). A true statement
  from a low-rated source is scored down; a false one from a reputable source up.
- Emergent's claims are viral rumours chosen by its journalists (2014-2015); the
  learned effects reflect which stories they tracked and which outlets covered them.
- With a ratings file, a publisher's rating moves every statement of its articles:
  the ratings are expert judgments of outlets (Lin et al. 2023), not of statements.
  Without one, a low-quality publisher is trusted like an average one."""


def _fmt(value: float) -> str:
    """Format a number with a sign and 3 decimals."""
    return f"{value:+.3f}"


def _round(value: float) -> str:
    """Format a number with 4 decimals, never as negative zero."""
    return f"{round(value, 4) + 0.0:.4f}"


def _metric_tables(metrics: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Markdown tables of the metrics: one per set of metric names, one row per system."""
    tables: dict[tuple[str, ...], list[str]] = {}
    for system, values in metrics.items():
        tables.setdefault(tuple(values), []).append(system)
    lines: list[str] = []
    for columns, systems in tables.items():
        lines += ["| system | " + " | ".join(columns) + " |"]
        lines += ["| --- |" + " ---: |" * len(columns)]
        for system in systems:
            cells = " | ".join(str(metrics[system][c]) for c in columns)
            lines.append(f"| {system} | {cells} |")
        lines.append("")
    return lines[:-1]


def model_card(
    model: CredibilityModel,
    name: str,
    *,
    metrics: Mapping[str, Any],
    training_data: Sequence[Mapping[str, str]],
) -> str:
    """Return the Markdown model card of a fitted model.

    Parameters
    ----------
    model : CredibilityModel
        A fitted model.
    name : str
        Model name.
    metrics : mapping
        Measured metrics per system, e.g. ``{"emergent_cv_news_with_ratings": {...}}``.
    training_data : sequence of mapping
        ``{"name", "sha256"}`` per data file.

    Returns
    -------
    str
        The card, ending in a newline.
    """
    evidence = {p.feature: p.evidence for p in read_priors()}
    lines = [
        f"# Model card: `{name}`",
        "",
        f"A `CredibilityModel` (scikit-learn {sklearn.__version__}). Rebuild it with "
        f"`reliability train {name} --data-dir DIR`; the file's sha256 is in `manifest.json`.",
        "",
        "## Intended use",
        "",
        _INTENDED_USE,
        "",
        "## Data",
        "",
        "| file | sha256 |",
        "| --- | --- |",
    ]
    lines += [f"| `{d['name']}` | `{d['sha256']}` |" for d in training_data]
    lines += [
        "",
        "Training: each Emergent headline (true and false claims; unverified claims",
        "dropped) is analysed by `extract_statements` and the feature transformers; its",
        "label is its claim's veracity (true = accurate). Its annotated stance towards the",
        "claim is the publisher's own voice: `for` sets `corroboration_narrator_confirms`",
        "when the headline attributes the claim to someone (a headline in the narrator's",
        "voice asserts it already), `against` sets `corroboration_narrator_denies`. At",
        "scoring, both come from in-article corroboration. Its publisher's domain rating is",
        "`outlet_rating` (the ratings file is used for training only and never shipped).",
        f"A feature is learned when the headlines of at least {MIN_SUPPORT} claims have it.",
        "",
        f"Folds: {model.cv}-fold `StratifiedGroupKFold` by claim (seed "
        f"{model.random_state}); no claim is ever split across folds. The regression is",
        "fitted on all headlines and its calibrator (`CalibratedClassifierCV`,",
        "`ensemble=False`) on the out-of-fold decisions. The method was chosen among",
        "sigmoid, temperature and isotonic by the Brier score of a nested grouped",
        f"cross-validation: **{model.calibration_}**"
        + (
            " (" + ", ".join(f"{m} {v:.4f}" for m, v in model.calibration_scores_.items()) + ")."
            if model.calibration_scores_
            else "."
        ),
        "",
        "## Metrics",
        "",
        "Emergent, cross-validated by claim (5 folds, every figure out of fold; the",
        "calibration method chosen inside each training part). Systems: the model with",
        "the domain ratings; the same model scored without them (what a user without a",
        "ratings file gets); the model trained without ratings; the model scored from the",
        "headline text alone (no annotated stance); a hedge-only model (hedge count alone).",
        "",
    ]
    lines += _metric_tables(metrics)
    with_r = metrics.get("emergent_cv_news_with_ratings")
    without_r = metrics.get("emergent_cv_news_without_ratings")
    if with_r and without_r:
        lines += [
            "",
            "The outlet prior (domain ratings) changes accuracy by "
            f"{with_r['accuracy'] - without_r['accuracy']:+.4f}, AUC by "
            f"{with_r['auc'] - without_r['auc']:+.4f}, Brier by "
            f"{with_r['brier'] - without_r['brier']:+.4f} and ECE by "
            f"{with_r['ece'] - without_r['ece']:+.4f} (with minus without).",
        ]
    lines += [
        "",
        "ECE: 15 equal-width bins over the confidence of the predicted label, weighted by count.",
        "",
        "## How a score is made",
        "",
        "log-odds = a * (w . x + b) + c + sum of prior shift * feature. The first part is",
        f"learned (logistic regression, {model.calibration_} calibration); the second is the",
        "documented priors. Reasons give each feature's contribution: a * w * x for learned",
        "features, shift * x for priors, relative to a statement with every feature absent",
        "(exact for sigmoid and temperature calibration). No feature is both learned and a",
        "prior.",
        "",
        f"Calibration: a = {_round(model.calibration_slope_)}, "
        f"c = {_round(model.calibration_intercept_)}; "
        f"baseline log-odds {_round(model.baseline_logit_)}.",
        "",
        "Outlet prior: with `--domain-ratings FILE` (or `ratings=` in Python) the",
        "publisher's rating becomes `outlet_rating` and a cited news outlet's rating",
        "`cited_outlet_rating`, each `logit(score) - logit(median score of the file)`;",
        "an unrated outlet counts as 0 (the median). Without a file, `outlet_rating` takes",
        f"its training mean ({_round(model.outlet_mean_)}), so that the publisher counts as",
        "an average one, and `cited_outlet_rating` is 0.",
        "",
        "## Learned effects",
        "",
        "| feature | log-odds per unit (a * w) |",
        "| --- | ---: |",
    ]
    active = [f for f in model.coef_ if model.coef_[f] != 0.0]
    for feature in sorted(active, key=lambda f: (-abs(model.coef_[f]), f)):
        lines.append(f"| `{feature}` | {_fmt(model.coef_[feature])} |")
    unseen = [f for f in model.coef_ if f not in active]
    if unseen:
        lines += [
            "",
            "Learned but never seen in training (no effect): "
            + ", ".join(f"`{f}`" for f in unseen)
            + ".",
        ]
    if model.dropped_:
        lines += [
            "",
            "Learned with a sign against the required one, so dropped; their prior applies "
            "instead (when they have one): " + ", ".join(f"`{f}`" for f in model.dropped_) + ".",
        ]
    lines += [
        "",
        "## Prior effects",
        "",
        "| feature | log-odds per unit | evidence |",
        "| --- | ---: | --- |",
    ]
    for feature, shift in model.priors_.items():
        lines.append(
            f"| `{feature}` | {_fmt(shift)} | {evidence.get(feature, 'given by the caller')} |"
        )
    unused = [f for f in model.feature_names_ if f not in model.coef_ and f not in model.priors_]
    if unused:
        lines += [
            "",
            "Computed but not used in the score: " + ", ".join(f"`{f}`" for f in unused) + ".",
        ]
    lines += ["", "## Limits", "", _LIMITS, "", "## Known biases", "", _BIASES, ""]
    return "\n".join(lines)


def write_model_card(
    model: CredibilityModel,
    name: str,
    directory: str | Path,
    *,
    metrics: Mapping[str, Any],
    training_data: Sequence[Mapping[str, str]],
) -> Path:
    """Write ``<directory>/<name>.md`` atomically and return its path.

    Parameters
    ----------
    model : CredibilityModel
        A fitted model.
    name : str
        Model name.
    directory : str or Path
        Models folder.
    metrics : mapping
        Measured metrics per system, e.g. ``{"emergent_cv_news_with_ratings": {...}}``.
    training_data : sequence of mapping
        ``{"name", "sha256"}`` per data file.

    Returns
    -------
    Path
        The card's path.
    """
    path = Path(directory) / f"{name}.md"
    text = model_card(model, name, metrics=metrics, training_data=training_data)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
