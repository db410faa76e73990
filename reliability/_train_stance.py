"""Train the shipped stance model on FNC-1, with a development split of unseen claims.

The development split holds out about 20% of the bodies together with every
headline paired with them in a related pair, so that no dev headline and no dev
body is seen in training. FNC-1 groups headlines and bodies by claim: a headline
is related only to bodies about its own claim, so the split takes whole claims,
found as the connected components of the related (agree, disagree, discuss)
pairs. Unrelated pairs that join a dev claim to a training claim belong to
neither side and are dropped. Because that leaves the dev side with a smaller
share of unrelated pairs than the data, the metrics are also reported on a
"rebalanced" dev set which adds unrelated pairs drawn the way FNC-1 drew its
own (a dev headline with a dev body of another claim, seeded), until the share
of unrelated pairs equals the one in the data.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from features._stance import (
    FEATURE_NAMES,
    LEAD_CHARS,
    RELATED_STANCES,
    SENTENCE_FEATURE_NAMES,
    SENTENCE_TOP,
    STANCES,
    WORD_FOLDS,
    StanceClassifier,
    claim_components,
)
from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._loading import save_model, sha256_file

__all__ = [
    "FNC1_FILES",
    "claim_folds",
    "cross_validate_training",
    "fnc1_dev_split",
    "fnc_score",
    "read_fnc1",
    "rebalance_unrelated",
    "stance_metrics",
    "train_stance",
]

FNC1_FILES = ("fnc1/train_stances.csv", "fnc1/train_bodies.csv")
DEV_FRACTION = 0.2
RANDOM_STATE = 0

logger = logging.getLogger(__name__)


def read_fnc1(data_dir: str | Path) -> pd.DataFrame:
    """Return FNC-1's training pairs joined to their bodies, exact duplicate rows dropped.

    Parameters
    ----------
    data_dir : str or Path
        The shared data folder holding ``fnc1/``.

    Returns
    -------
    DataFrame
        Columns ``Headline``, ``Body ID``, ``Stance``, ``articleBody``, in file order.

    Raises
    ------
    SchemaError
        When a file lacks a column or a stance is outside ``STANCES``.
    """
    folder = Path(data_dir)
    stances = pd.read_csv(folder / FNC1_FILES[0], encoding="utf-8")
    bodies = pd.read_csv(folder / FNC1_FILES[1], encoding="utf-8")
    for name, frame, columns in (
        (FNC1_FILES[0], stances, ("Headline", "Body ID", "Stance")),
        (FNC1_FILES[1], bodies, ("Body ID", "articleBody")),
    ):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            msg = f"{folder / name}: missing columns {missing}"
            raise SchemaError(msg, field=missing[0])
    unknown = sorted(set(stances["Stance"]) - set(STANCES))
    if unknown:
        msg = f"{folder / FNC1_FILES[0]}: stances must be in {STANCES} (got {unknown})"
        raise SchemaError(msg, field="Stance")
    stances = stances.drop_duplicates().reset_index(drop=True)
    return stances.merge(bodies, on="Body ID", how="inner", validate="many_to_one")


def fnc1_dev_split(
    pairs: pd.DataFrame, *, dev_fraction: float = DEV_FRACTION, random_state: int = RANDOM_STATE
) -> tuple[np.ndarray, np.ndarray]:
    """Split FNC-1 pairs by claim so that no dev headline or dev body is seen in training.

    Claims are the connected components of the headline-body graph of related
    pairs. Components are taken in a seeded random order until they hold
    ``dev_fraction`` of the bodies; their headlines and bodies are the dev side.

    Parameters
    ----------
    pairs : DataFrame
        Columns ``Headline``, ``Body ID``, ``Stance`` (as from ``read_fnc1``).
    dev_fraction : float, default=0.2
        Share of the bodies to hold out.
    random_state : int, default=0
        Seed of the order in which claims are drawn.

    Returns
    -------
    train, dev : ndarray of bool
        Row masks; pairs that join the two sides are in neither.
    """
    head_component, body_component, counts, order = _claims_in_order(pairs, random_state)
    dev_components: set[int] = set()
    taken = 0
    for c in order:
        if taken >= dev_fraction * int(counts.sum()):
            break
        dev_components.add(int(c))
        taken += int(counts[c])
    head_dev = np.isin(head_component, list(dev_components))
    body_dev = np.isin(body_component, list(dev_components))
    return ~head_dev & ~body_dev, head_dev & body_dev


def _claims_in_order(
    pairs: pd.DataFrame, random_state: int
) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray]:
    """Each pair's headline and body claim, the number of bodies of each claim, and the
    claims in a seeded random order: what the dev split and the folds deal out."""
    head_component, body_component = _components(pairs)
    by_body = pd.Series(body_component, index=pairs["Body ID"].to_numpy())
    counts = by_body[~by_body.index.duplicated()].value_counts().sort_index()
    order = np.random.RandomState(random_state).permutation(counts.index.to_numpy())
    return head_component, body_component, counts, order


def _components(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The claim of each pair's headline and body (``features._stance.claim_components``)."""
    return claim_components(
        pairs["Headline"].tolist(),
        pairs["Body ID"].tolist(),
        (pairs["Stance"] != "unrelated").to_numpy(),
    )


def claim_folds(
    pairs: pd.DataFrame, *, n_folds: int = 5, random_state: int = RANDOM_STATE
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation folds of whole claims, each held out as ``fnc1_dev_split`` holds out dev.

    Claims are dealt, in a seeded random order, to the fold holding the fewest
    bodies so far. A fold's test side is the pairs whose headline and body both
    lie in its claims; its training side the pairs with neither there.

    Returns
    -------
    list of (train, test)
        Row masks, one pair per fold.
    """
    head_component, body_component, counts, order = _claims_in_order(pairs, random_state)
    fold_of: dict[int, int] = {}
    load = np.zeros(n_folds, dtype=int)
    for c in order:
        k = int(np.argmin(load))
        fold_of[int(c)] = k
        load[k] += int(counts[c])
    # headlines with unrelated pairs only are components of their own without bodies
    spare = sorted(set(head_component.tolist()) - set(fold_of))
    for i, c in enumerate(np.random.RandomState(random_state).permutation(spare)):
        fold_of[int(c)] = i % n_folds
    head_fold = np.fromiter((fold_of[int(c)] for c in head_component), dtype=int)
    body_fold = np.fromiter((fold_of[int(c)] for c in body_component), dtype=int)
    return [
        ((head_fold != k) & (body_fold != k), (head_fold == k) & (body_fold == k))
        for k in range(n_folds)
    ]


def rebalance_unrelated(
    dev: pd.DataFrame, unrelated_share: float, *, random_state: int = RANDOM_STATE
) -> pd.DataFrame:
    """Add unrelated dev pairs, drawn as FNC-1 drew them, until they make ``unrelated_share``.

    A new pair joins a dev headline with a dev body of another claim (a body the
    headline has no related pair with) that it is not already paired with.

    Parameters
    ----------
    dev : DataFrame
        Dev pairs with ``Headline``, ``Body ID``, ``Stance``, ``articleBody``.
    unrelated_share : float
        Target share of unrelated pairs, e.g. the share in the whole data.
    random_state : int, default=0
        Seed of the draw.

    Returns
    -------
    DataFrame
        ``dev`` followed by the drawn pairs.
    """
    n_related = int((dev["Stance"] != "unrelated").sum())
    n_unrelated = int((dev["Stance"] == "unrelated").sum())
    wanted = round(unrelated_share * n_related / (1.0 - unrelated_share)) - n_unrelated
    if wanted <= 0:
        return dev
    related_bodies = (
        dev[dev["Stance"] != "unrelated"].groupby("Headline")["Body ID"].agg(frozenset).to_dict()
    )
    seen = set(zip(dev["Headline"], dev["Body ID"], strict=True))
    heads = sorted(set(dev["Headline"]))
    body_text = dev.drop_duplicates("Body ID").set_index("Body ID")["articleBody"]
    body_ids = sorted(body_text.index)
    # Bodies with a related pair: only they can be judged "of another claim" safely.
    claimed = sorted(set().union(*related_bodies.values())) if related_bodies else body_ids
    rng = np.random.RandomState(random_state)
    rows = []
    attempts = 0
    while len(rows) < wanted and attempts < 50 * wanted:
        attempts += 1
        head = heads[rng.randint(len(heads))]
        body = claimed[rng.randint(len(claimed))]
        if (head, body) in seen or body in related_bodies.get(head, frozenset()):
            continue
        if head not in related_bodies:
            continue
        seen.add((head, body))
        rows.append((head, body, "unrelated", body_text[body]))
    extra = pd.DataFrame(rows, columns=["Headline", "Body ID", "Stance", "articleBody"])
    return pd.concat([dev, extra], ignore_index=True)


def fnc_score(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    """Return FNC-1's weighted score relative to the best possible (in [0, 1]).

    A pair earns 0.25 for the right related/unrelated decision and 0.75 more when
    it is related and its exact stance is right (the official scorer).
    """
    score = best = 0.0
    for truth, guess in zip(y_true, y_pred, strict=True):
        truth_related = truth in RELATED_STANCES
        best += 1.0 if truth_related else 0.25
        if truth == guess:
            score += 0.25 + (0.75 if truth_related else 0.0)
        elif truth_related and guess in RELATED_STANCES:
            score += 0.25
    return score / best if best else 0.0


def stance_metrics(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    """Return the FNC-1 score, accuracy, macro-F1 and the F1 of each stance."""
    truth = np.asarray(list(y_true), dtype=object)
    guess = np.asarray(list(y_pred), dtype=object)
    per_class = f1_score(truth, guess, labels=list(STANCES), average=None, zero_division=0)
    return {
        "fnc_score": round(fnc_score(truth, guess), 4),
        "accuracy": round(float(np.mean(truth == guess)), 4),
        "macro_f1": round(float(np.mean(per_class)), 4),
        **{f"f1_{label}": round(float(f), 4) for label, f in zip(STANCES, per_class, strict=True)},
        "n": len(truth),
    }


def _pairs(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["Headline"], frame["articleBody"], strict=True))


def evaluate_dev(
    data_dir: str | Path, *, random_state: int = RANDOM_STATE, **params: Any
) -> dict[str, dict[str, Any]]:
    """Fit on the training side of ``fnc1_dev_split`` and measure on the dev side.

    Returns
    -------
    dict
        ``{"dev": metrics, "dev_rebalanced": metrics}`` (see ``stance_metrics``).
    """
    pairs = read_fnc1(data_dir)
    train, dev = fnc1_dev_split(pairs, random_state=random_state)
    model = StanceClassifier(random_state=random_state, **params).fit(
        _pairs(pairs[train]), pairs.loc[train, "Stance"]
    )
    dev_frame = pairs[dev].reset_index(drop=True)
    share = float((pairs["Stance"] == "unrelated").mean())
    balanced = rebalance_unrelated(dev_frame, share, random_state=random_state)
    predicted = model.predict(_pairs(balanced))
    n = len(dev_frame)
    return {
        "dev": stance_metrics(dev_frame["Stance"], predicted[:n]),
        "dev_rebalanced": stance_metrics(balanced["Stance"], predicted),
        "split": {
            "train_pairs": int(train.sum()),
            "dev_pairs": int(dev.sum()),
            "dev_rebalanced_pairs": len(balanced),
            "dropped_pairs": int((~train & ~dev).sum()),
            "dev_bodies": int(dev_frame["Body ID"].nunique()),
            "dev_headlines": int(dev_frame["Headline"].nunique()),
        },
    }


def cross_validate_training(
    data_dir: str | Path, *, n_folds: int = 5, random_state: int = RANDOM_STATE, **params: Any
) -> dict[str, Any]:
    """Cross-validate by claim on the training side of ``fnc1_dev_split``; the dev side is unread.

    Each fold holds out whole claims (``claim_folds``) and is measured as is and
    rebalanced (``rebalance_unrelated``); the out-of-fold predictions of all folds
    are scored together.

    Returns
    -------
    dict
        ``{"cv": metrics, "cv_rebalanced": metrics, "folds": [metrics, ...]}``
        (see ``stance_metrics``; ``folds`` as is).
    """
    pairs = read_fnc1(data_dir)
    share = float((pairs["Stance"] == "unrelated").mean())
    train, _ = fnc1_dev_split(pairs, random_state=random_state)
    frame = pairs[train].reset_index(drop=True)
    truth: list[str] = []
    guess: list[str] = []
    truth_all: list[str] = []
    guess_all: list[str] = []
    per_fold = []
    for fit_rows, test_rows in claim_folds(frame, n_folds=n_folds, random_state=random_state):
        model = StanceClassifier(random_state=random_state, **params).fit(
            _pairs(frame[fit_rows]), frame.loc[fit_rows, "Stance"]
        )
        test = frame[test_rows].reset_index(drop=True)
        balanced = rebalance_unrelated(test, share, random_state=random_state)
        predicted = model.predict(_pairs(balanced))
        truth.extend(test["Stance"])
        guess.extend(predicted[: len(test)])
        truth_all.extend(balanced["Stance"])
        guess_all.extend(predicted)
        per_fold.append(stance_metrics(test["Stance"], predicted[: len(test)]))
    return {
        "cv": stance_metrics(truth, guess),
        "cv_rebalanced": stance_metrics(truth_all, guess_all),
        "folds": per_fold,
    }


def _data_hashes(data_dir: Path) -> list[dict[str, str]]:
    return [{"name": name, "sha256": sha256_file(data_dir / name)} for name in FNC1_FILES]


def train_stance(
    data_dir: str | Path,
    out_dir: str | Path = "trained",
    *,
    name: str = "stance",
    random_state: int = RANDOM_STATE,
) -> tuple[Path, dict[str, Any]]:
    """Train the stance model on all of FNC-1's training pairs and ship it.

    The metrics in the manifest and the model card come from the same
    configuration fitted on the training side of ``fnc1_dev_split`` and measured
    on its dev side (headlines and bodies unseen). Deterministic: the same data
    and ``random_state`` give the same file, byte for byte.

    Parameters
    ----------
    data_dir : str or Path
        The shared data folder holding ``fnc1/``.
    out_dir : str or Path, default="trained"
        Models folder; ``<name>.joblib``, ``<name>.md`` and the manifest entry are written there.
    name : str, default="stance"
        Model name in the manifest and file stem.
    random_state : int, default=0
        Seed of the split, the unrelated draw and the gradient boosting.

    Returns
    -------
    path : Path
        The written model file.
    metrics : dict
        The dev metrics recorded in the manifest.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    missing = [f for f in FNC1_FILES if not (data_dir / f).is_file()]
    if missing:
        msg = f"{data_dir / missing[0]}: FNC-1 training file not found"
        raise DataNotFoundError(msg)
    logger.info("measuring on the FNC-1 dev split")
    metrics = evaluate_dev(data_dir, random_state=random_state)
    pairs = read_fnc1(data_dir)
    logger.info("fitting on all %d FNC-1 pairs", len(pairs))
    model = StanceClassifier(random_state=random_state).fit(_pairs(pairs), pairs["Stance"])
    training_data = _data_hashes(data_dir)
    path = save_model(
        model,  # type: ignore[arg-type]  # save_model writes any fitted estimator
        name,
        out_dir,
        metrics=metrics,
        training_data=training_data,
        created_by="reliability train stance --data-dir DIR",
    )
    card = stance_model_card(metrics, training_data, sha256_file(path), len(pairs), name=name)
    (out_dir / f"{name}.md").write_text(card, encoding="utf-8")
    return path, metrics


def _table(metrics: Mapping[str, Mapping[str, Any]]) -> str:
    keys = ("fnc_score", "macro_f1", "accuracy", *(f"f1_{s}" for s in STANCES), "n")
    lines = ["| split | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for name in ("dev", "dev_rebalanced"):
        lines.append(f"| {name} | " + " | ".join(str(metrics[name][k]) for k in keys) + " |")
    return "\n".join(lines)


def stance_model_card(
    metrics: Mapping[str, Any],
    training_data: Sequence[Mapping[str, str]],
    model_sha256: str,
    n_pairs: int,
    *,
    name: str = "stance",
) -> str:
    """Return the Markdown model card of the stance model."""
    data = "\n".join(f"- `{d['name']}` sha256 `{d['sha256']}`" for d in training_data)
    split = metrics["split"]
    digest = hashlib.sha256(repr(sorted(split.items())).encode()).hexdigest()[:12]
    return f"""# Model card: `{name}`

Stance of a text towards a claim: `agree`, `disagree`, `discuss` or `unrelated`
(`reliability.stance(claims, texts)`). File `{name}.joblib`, sha256 `{model_sha256}`.
Rebuild: `reliability train stance --data-dir DIR` (deterministic).

## Model

`features.StanceClassifier`, two stages over the {len(FEATURE_NAMES)} `StanceFeatures`
(hashed TF-IDF cosine of claim and text and of claim and the text's first {LEAD_CHARS}
characters; word, bigram and character overlap; refuting, negation, reporting and
support words in the claim, the text, its lead, near the claim's words and in the
sentences that repeat the claim). Stage one, gradient boosting, tells related from
unrelated. Stage two, fitted on related pairs, averages the probabilities of gradient
boosting, of a class-weighted (balanced) logistic regression over spline-expanded
features and of a one-hidden-layer network (64 units) over standardised features to tell
agree, disagree and discuss apart. Its inputs add the {len(SENTENCE_FEATURE_NAMES)} features of
the text's sentences most similar to the claim (TF-IDF cosine; refuting, negation,
reporting and support words of the best {SENTENCE_TOP}) and the log-odds of two word models
(class-weighted logistic regressions on the TF-IDF words and bigrams of the text and of
the claim), which learn the vocabulary of debunking and denial and of headlines that
report or refute; stage two is fitted on their out-of-fold log-odds, {WORD_FOLDS} folds of
whole claims, so it never sees a text's own words scored.

## Training data

FNC-1 training pairs ({n_pairs} after dropping exact duplicate rows), filtered by the
data's curators so that no withheld Emergent claim is seen:

{data}

## Validation

Development split (seeded, `fnc1_dev_split`): whole claims (connected components of
the related pairs) holding 20% of the bodies, with every headline paired with them,
so no dev headline or body is seen in training. {split["train_pairs"]} training pairs,
{split["dev_pairs"]} dev pairs ({split["dev_bodies"]} bodies, {split["dev_headlines"]}
headlines), {split["dropped_pairs"]} unrelated pairs joining the two sides dropped.
`dev_rebalanced` adds unrelated dev pairs drawn as FNC-1 drew them (a dev headline with
a dev body of another claim) until the unrelated share equals the data's
({split["dev_rebalanced_pairs"]} pairs). Split summary id `{digest}`.

{_table(metrics)}

`fnc_score` is the official weighted score relative to the best possible.

## Intended use

Ranking and counting texts that argue for or against a claim in news: corroboration
features, cross-outlet support and denial (`CorroborationIndex`). Claims are short
(headline-like); texts are headlines, sentences or article bodies in English.

## Limits

- Trained on 2014-2015 rumour stories (Emergent/FNC-1): celebrity, viral and
  conflict rumours. Other topics and later vocabulary are unseen.
- `disagree` is rare (2% of pairs) and its F1 is the lowest; a text that debunks a
  claim without refuting words is often read as `discuss`.
- It reads words, not meaning: sarcasm, a denial quoted only to be rejected, or a
  claim negated far from its words are missed.
- It says what a text asserts about a claim, not whether the claim is true.
"""
