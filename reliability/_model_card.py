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

__all__ = ["model_card", "write_model_card"]

_INTENDED_USE = """\
Scoring statements in English news reporting: how far to trust each attributed
statement (and the publisher's own statements) given who says it, through which
channel, how it is hedged, whether a disclaimer covers it and whether other
sources in the article support or deny it. The score is a calibrated probability
that the statement is accurate, to rank and flag statements for a reader or a
fact-checker. It is not a verdict on any statement and does not check facts."""

_LIMITS = """\
- The learned part is trained on LIAR: US political statements rated by
  PolitiFact (2007-2016), with the speaker as source. News reporting differs:
  calibration is measured on LIAR valid only, not on news articles.
- Without text features the learned part sees only the type of the speaker,
  so its accuracy is modest; most of the news-specific signal comes from the priors.
- Priors are fixed log-odds shifts. Those marked "measured" come from small
  samples (Emergent headlines, outlet ratings), with wide intervals; the others
  are judgments. Adding priors moves probabilities away from the LIAR
  calibration for statements where prior features are non-zero.
- Feature extraction (attribution, hedges, source types) is rule-based and
  English-only; its errors pass straight into the score."""

_BIASES = """\
- Source-type effects encode outlet reputations (state media, separatist
  outlets, social-media accounts rated low by expert panels). A true statement
  from a low-rated source is scored down; a false one from a reputable source up.
- LIAR over-represents US politicians and the parties' rhetoric of 2007-2016;
  the learned source-type effects reflect which speakers PolitiFact chose to check.
- The publisher's own voice (narrator) gets a positive prior whatever the outlet:
  without an outlet rating, a low-quality publisher is trusted like a good one."""


def _fmt(value: float) -> str:
    """Format a number with a sign and 3 decimals."""
    return f"{value:+.3f}"


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
        ``{"validation": {...}}`` as measured.
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
        "Trained on the first file (a stratified "
        f"{1 - model.calibration_size:.0%} to fit the regression, "
        f"{model.calibration_size:.0%} to fit the sigmoid calibration, seed "
        f"{model.random_state}); measured on the second. Label: half-true or better = accurate.",
        "",
        "## Metrics",
        "",
        "| split | metric | value |",
        "| --- | --- | ---: |",
    ]
    for split, values in metrics.items():
        for metric, value in values.items():
            lines.append(f"| {split} | {metric} | {value} |")
    lines += [
        "",
        "ECE: 15 equal-width bins over the confidence of the predicted label, weighted by count.",
        "",
        "## How a score is made",
        "",
        "log-odds = a * (w . x + b) + c + sum of prior shift * feature. The first part is",
        "learned (logistic regression, Platt-calibrated); the second is the documented",
        "priors. Reasons give each feature's exact contribution: a * w * x for learned",
        "features, shift * x for priors, relative to a statement with every feature absent.",
        "",
        f"Calibration: a = {model.calibration_slope_:.4f}, c = {model.calibration_intercept_:.4f}; "
        f"baseline log-odds {model.baseline_logit_:.4f}.",
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
        lines += ["", "Dropped for a sign against `monotone`: " + ", ".join(model.dropped_) + "."]
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
        ``{"validation": {...}}`` as measured.
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
