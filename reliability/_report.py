"""``reliability benchmark``: every benchmark whose data is present, in one report.

Each area is a small adapter that loads its script from ``benchmarks/`` and calls the
script's own functions (readers, predictors and metrics), so the figures here equal those
the script prints. An area whose script, function or data is missing is skipped with a
note saying which; a script that fails marks its area as failed (with the error) and the
others still run. Baselines run in the same report (the majority class, and TF-IDF +
logistic regression where a text classifier makes sense), scored with the same metric
functions; published figures are marked as quoted, with their citation.

Outputs, in ``--out``: ``report.md`` (a table per area), PNG plots (confusion matrices,
reliability diagrams, throughput; matplotlib, extra ``[report]``) and ``summary.json``
holding every figure of the report.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import logging
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from reliability._exceptions import DataNotFoundError

__all__ = ["AREAS", "AreaResult", "Row", "Table", "build_report", "run_areas", "write_report"]

logger = logging.getLogger(__name__)

#: The folder of the benchmark scripts, beside the package in a source checkout.
BENCHMARKS_DIR = Path(__file__).resolve().parent.parent / "benchmarks"
#: The command that installs what the report needs when matplotlib is missing.
PIP_REPORT = "pip install 'source-reliability[report]' (or: pip install matplotlib)"
#: Row kinds: figures we measured, baselines run here, and published figures quoted.
KINDS = ("ours", "baseline", "quoted")
RANDOM_STATE = 0


class Skip(Exception):
    """Raised by an adapter whose script, function or data is missing."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: a system, its kind (ours, baseline, quoted) and its figures."""

    system: str
    kind: str
    values: Mapping[str, float | int | str | None]
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            msg = f"'kind' must be in {KINDS} (got {self.kind!r})"
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of rows over named figure columns; ``key`` names it in summary.json."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class AreaResult:
    """What one area produced: tables and plots, or why it was skipped or failed."""

    name: str
    title: str
    status: str
    note: str = ""
    command: str = ""
    tables: tuple[Table, ...] = ()
    plots: tuple[str, ...] = ()
    seconds: float = 0.0

    def figures(self) -> dict[str, Any]:
        """Every figure as ``{table key: {system: {column: value}}}``."""
        out: dict[str, Any] = {}
        for table in self.tables:
            rows = out.setdefault(table.key, {})
            for row in table.rows:
                rows[row.system] = {"kind": row.kind, **dict(row.values)}
                if row.note:
                    rows[row.system]["note"] = row.note
        return out


@dataclass(frozen=True, slots=True)
class Context:
    """What every adapter gets: data, output folder, size setting, scripts folder."""

    data_dir: Path
    out_dir: Path
    quick: bool
    benchmarks_dir: Path = BENCHMARKS_DIR
    plots: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- helpers


def _script(ctx: Context, name: str, *functions: str) -> ModuleType:
    """Import ``benchmarks/NAME.py`` and check it defines ``functions``, else skip."""
    path = ctx.benchmarks_dir / f"{name}.py"
    if not path.is_file():
        msg = f"benchmarks/{name}.py not found (in {ctx.benchmarks_dir})"
        raise Skip(msg)
    spec = importlib.util.spec_from_file_location(f"_benchmark_{name}", path)
    if spec is None or spec.loader is None:
        msg = f"benchmarks/{name}.py cannot be imported"
        raise Skip(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    # As ``python benchmarks/NAME.py`` would, let the script import its sibling scripts.
    sys.path.insert(0, str(ctx.benchmarks_dir))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ctx.benchmarks_dir))
    missing = [f for f in functions if not hasattr(module, f)]
    if missing:
        msg = f"benchmarks/{name}.py has no {', '.join(missing)}"
        raise Skip(msg)
    return module


def _data(ctx: Context, *names: str) -> list[Path]:
    """The data files ``names`` under the data folder, else skip naming the missing ones."""
    paths = [ctx.data_dir / n for n in names]
    missing = [n for n, p in zip(names, paths, strict=True) if not p.is_file()]
    if missing:
        msg = f"data missing under {ctx.data_dir}: {', '.join(missing)}"
        raise Skip(msg)
    return paths


def _prf(values: Sequence[float], prefix: str = "") -> dict[str, float]:
    p, r, f = values
    return {f"{prefix}precision": p, f"{prefix}recall": r, f"{prefix}F1": f}


def _text_classifier(texts: Sequence[str], labels: Sequence[Any], *, balanced: bool = False) -> Any:
    """TF-IDF (words and bigrams) + logistic regression, fitted: the text baseline.

    ``balanced`` weights classes by inverse frequency, for a decision on a minority class;
    left off where the probabilities themselves are scored (calibration).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(
            max_iter=2000,
            class_weight="balanced" if balanced else None,
            random_state=RANDOM_STATE,
        ),
    )
    return model.fit(list(texts), list(labels))


def _plot_confusion(
    ctx: Context,
    name: str,
    title: str,
    labels: Sequence[str],
    gold: Sequence[str],
    pred: Sequence[str],
) -> None:
    import matplotlib.pyplot as plt

    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        matrix[index[g], index[p]] += 1
    size = max(4.0, 0.55 * len(labels) + 2.5)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(title, fontsize=10)
    top = matrix.max() or 1
    for (i, j), n in np.ndenumerate(matrix):
        if n:
            colour = "white" if n > top / 2 else "black"
            ax.text(j, i, str(n), ha="center", va="center", fontsize=7, color=colour)
    fig.tight_layout()
    _save(ctx, fig, name)


def _save(ctx: Context, fig: Any, name: str) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(ctx.out_dir / name, dpi=110)
    plt.close(fig)
    ctx.plots.append(name)


# ---------------------------------------------------------------------------- areas

#: Published attribution figures (quoted, not measured here).
ATTRIBUTION_QUOTED = (
    Row(
        "PolNeAR annotators",
        "quoted",
        {},
        "attribution-wise inter-annotator agreement 92.3 %, a human ceiling "
        "(Newell, Margolin & Ruths, LREC 2018; PolNeAR README)",
    ),
    Row(
        "BBC Citron (PARC 3.0 test, not PolNeAR)",
        "quoted",
        {"exact cue F1": 0.823, "exact whole F1": 0.567},
        "exact-match F1 cue 82.3, source 82.0, content 59.3, whole 56.7 (bbc/citron model card "
        "models/en_2021-11-15/README.md); overlap F1 0.83 on PARC 3.0 as cited in issue #3",
    ),
)
_LEXICAL_CUE = re.compile(r"\b(?:said|says|told|claimed|stated|added|according to)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\s+|$)")
_WORDS = re.compile(r"[\w'’.-]+(?:\s+[\w'’.-]+){0,2}")


def _lexical_baseline(attribution: ModuleType) -> Callable[[str, str], list[Any]]:
    """Every reporting word is a cue, up to three words beside it the source (before the
    verb, after "according to"), and the longer rest of its sentence the content."""

    def predict(doc_id: str, text: str) -> list[Any]:
        found = []
        for match in _LEXICAL_CUE.finditer(text):
            start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
            stop = _SENTENCE_END.search(text, match.end())
            end = stop.start() if stop else len(text)
            if match.group(0).lower() == "according to":
                near = _WORDS.match(text, match.end() + 1)
                source = near.span() if near else None
                content = (source[1] + 2 if source else match.end() + 1, end)
            else:
                clause = max(text.rfind(c, start, match.start()) for c in ',"“”') + 1
                words = list(_WORDS.finditer(text[: match.start()], max(start, clause)))
                source = words[-1].span() if words else None
                before = (start, source[0] if source else match.start())
                after = (match.end() + 1, end)
                content = after if after[1] - after[0] > before[1] - before[0] else before
            if content[1] > content[0]:
                found.append(attribution.Attribution(source, match.span(), content))
        return found

    return predict


#: Readable names of the attribution script's predictors.
ATTRIBUTION_PREDICTORS = {
    "predict_all": ("every attribution (predict_all)", "PolNeAR's sense: nested too"),
    "predict": ("statements with a cue (predict)", "what extract_statements returns"),
}
ATTRIBUTION_COLUMNS = (
    "whole precision",
    "whole recall",
    "whole F1",
    "cue F1",
    "source F1",
    "content F1",
    "exact whole F1",
    "exact cue F1",
)


def _attribution_values(counts: Mapping[str, Any]) -> dict[str, float]:
    p, r, f = counts["overlap whole"].scores()
    values = {"whole precision": p, "whole recall": r, "whole F1": f}
    for part in ("cue", "source", "content"):
        values[f"{part} F1"] = counts[f"overlap {part}"].scores()[2]
    values["exact whole F1"] = counts["exact whole"].scores()[2]
    values["exact cue F1"] = counts["exact cue"].scores()[2]
    return values


def attribution_area(ctx: Context) -> list[Table]:
    """PolNeAR dev: the extractor against a lexical baseline and published figures."""
    a = _script(ctx, "attribution", "report", "read_gold", "evaluate")
    (path,) = _data(ctx, "polnear/dev.jsonl")
    runs = 1 if ctx.quick else 5
    # ``report`` scores each of its predictors through ``evaluate`` and times extraction
    # through ``documents_per_second``: recording their results gives exactly the figures
    # the script prints, for whatever predictors it has.
    evaluated: list[tuple[str, Any]] = []
    original = a.evaluate

    def evaluate(documents: Any, predictor: Any) -> Any:
        counts = original(documents, predictor)
        evaluated.append((getattr(predictor, "__name__", str(predictor)), counts))
        return counts

    a.evaluate = evaluate
    rates: list[float] = []
    if hasattr(a, "documents_per_second"):
        timing = a.documents_per_second

        def documents_per_second(*args: Any) -> float:
            rates.append(timing(*args))
            return rates[-1]

        a.documents_per_second = documents_per_second
    a.report(path, runs)
    a.evaluate = original
    rows = []
    for name, counts in evaluated:
        system, note = ATTRIBUTION_PREDICTORS.get(name, (name, ""))
        rows.append(Row(system, "ours", _attribution_values(counts), note))
    documents = a.read_gold(path)
    counts = a.evaluate(documents, _lexical_baseline(a))
    rows.append(
        Row("lexical cue baseline", "baseline", _attribution_values(counts), "reporting word = cue")
    )
    tables = [
        Table(
            "polnear_dev",
            f"Attribution on PolNeAR dev ({len(documents)} documents), overlap matching "
            "unless marked exact",
            ATTRIBUTION_COLUMNS,
            (*rows, *ATTRIBUTION_QUOTED),
        )
    ]
    if rates:
        tables.append(
            Table(
                "speed",
                "Attribution speed",
                ("documents per second",),
                (
                    Row(
                        "extract_statements, one core",
                        "ours",
                        {"documents per second": rates[-1]},
                        f"median of {runs} run(s)",
                    ),
                ),
            )
        )
    return tables


#: The script's default ``--min-support``: macro-F1 counts types with this many examples.
SOURCE_TYPE_MIN_SUPPORT = 10


def _capture(module: ModuleType, name: str) -> list[tuple[Any, ...]]:
    """Record the arguments of every call to ``module.name`` (which still runs)."""
    calls: list[tuple[Any, ...]] = []
    original = getattr(module, name)

    def recorded(*args: Any) -> Any:
        calls.append(args)
        return original(*args)

    setattr(module, name, recorded)
    return calls


def source_types_area(ctx: Context) -> list[Table]:
    """Hand-labelled PolNeAR source mentions, held-out split."""
    s = _script(
        ctx,
        "source_types",
        "run",
        "markdown",
        "load_documents",
        "load_annotations",
        "sentence_around",
        "scores",
    )
    _data(ctx, "polnear/train.jsonl", "polnear/dev.jsonl")
    # ``run`` renders each of its settings through ``markdown(title, gold, pred, result)``:
    # recording those calls gives exactly the figures the script prints, whatever settings
    # it has today.
    rendered = _capture(s, "markdown")
    s.run("held_out", ctx.data_dir, SOURCE_TYPE_MIN_SUPPORT)
    if not rendered:
        msg = "benchmarks/source_types.py run() rendered no evaluation"
        raise Skip(msg)
    rows = [
        Row(title, "ours", _type_values(result, len(gold))) for title, gold, _, result in rendered
    ]
    docs = s.load_documents(ctx.data_dir)
    tune, held = s.load_annotations("tune"), s.load_annotations("held_out")

    def context(r: Mapping[str, Any]) -> str:
        text = docs[r["doc_id"]]
        return text[r["start"] : r["end"]] + " " + s.sentence_around(text, r["start"], r["end"])

    gold = [r["type"] for r in held]
    tune_types = [r["type"] for r in tune]
    majority = max(sorted(set(tune_types)), key=tune_types.count)
    result = s.scores(gold, [majority] * len(gold), SOURCE_TYPE_MIN_SUPPORT)
    rows.append(Row(f"majority class ({majority})", "baseline", _type_values(result, len(gold))))
    model = _text_classifier([context(r) for r in tune], tune_types, balanced=True)
    result = s.scores(
        gold, model.predict([context(r) for r in held]).tolist(), SOURCE_TYPE_MIN_SUPPORT
    )
    rows.append(
        Row(
            "TF-IDF + logistic regression",
            "baseline",
            _type_values(result, len(gold)),
            f"mention + sentence, balanced classes, fitted on the {len(tune)} tune mentions",
        )
    )
    title, gold, pred, _ = rendered[-1]
    _plot_confusion(
        ctx,
        "source_types_confusion.png",
        f"Source types, held-out mentions: {title}",
        sorted(set(gold) | set(pred)),
        gold,
        pred,
    )
    return [
        Table(
            "held_out",
            f"Source types on held-out PolNeAR mentions (macro-F1 over types with at least "
            f"{SOURCE_TYPE_MIN_SUPPORT} examples)",
            ("accuracy", "macro-F1", "mentions"),
            tuple(rows),
        )
    ]


def _type_values(result: Mapping[str, Any], n: int) -> dict[str, float | int]:
    return {"accuracy": result["accuracy"], "macro-F1": result["macro_f1"], "mentions": n}


#: CoNLL-2010 Task 1 best sentence-level F1 per corpus (Farkas et al., CoNLL 2010).
HEDGING_QUOTED = {
    "szeged_wikiweasel": (
        0.60,
        "CoNLL-2010 best, Wikipedia weasels: a different labelling, not directly comparable "
        "(Farkas et al., CoNLL 2010)",
    ),
    "bioscope_speculation": (
        0.86,
        "CoNLL-2010 best, biological; official test set, not this holdout "
        "(Farkas et al., CoNLL 2010)",
    ),
}


#: A row of ``hedging.evaluate``: | data | measure | precision | recall | **F1** |.
_HEDGING_ROW = re.compile(
    r"^\| (?P<data>[^|]+) \| (?P<measure>[^|]+) \| (?P<p>[\d.]+) \| (?P<r>[\d.]+) "
    r"\| \*\*(?P<f>[\d.]+)\*\* \|$"
)


def hedging_area(ctx: Context) -> list[Table]:
    """Sentence- and cue-level hedge detection on the held-out documents of each corpus."""
    h = _script(ctx, "hedging", "evaluate", "sentence_scores", "read_corpus", "split_documents")
    corpora = getattr(h, "CORPORA", ("szeged_wikiweasel", "bioscope_speculation"))
    paths = _data(ctx, *(f"{c}/development.jsonl" for c in corpora))
    baseline = h.tfidf_baseline(ctx.data_dir) if hasattr(h, "tfidf_baseline") else None
    held = {
        c: h.split_documents(h.read_corpus(p))["holdout"]
        for c, p in zip(corpora, paths, strict=True)
    }
    tables = []
    for corpus, holdout in held.items():
        # ``evaluate`` returns the Markdown rows the script prints; reading them back keeps
        # the figures identical to the script's (three decimals, as printed).
        rows = []
        for line in h.evaluate(corpus, holdout, baseline):
            match = _HEDGING_ROW.match(line.strip())
            if match is None:
                continue
            measure = match["measure"].strip()
            kind = "baseline" if "baseline" in measure.lower() else "ours"
            values = {
                "precision": float(match["p"]),
                "recall": float(match["r"]),
                "F1": float(match["f"]),
            }
            note = (
                "fitted on the fit + tune documents of both corpora" if kind == "baseline" else ""
            )
            rows.append(Row(measure, kind, values, note))
        if not rows:
            msg = "benchmarks/hedging.py evaluate() returned no row in the expected format"
            raise Skip(msg)
        rows.append(
            Row(
                "sentence: majority class (certain)",
                "baseline",
                _prf(h.sentence_scores(lambda _s: False, holdout)),
            )
        )
        quoted, note = HEDGING_QUOTED.get(corpus, (None, ""))
        if quoted is not None:
            rows.append(Row("CoNLL-2010 best system", "quoted", {"F1": quoted}, note))
        uncertain = sum(s.uncertain for s in holdout)
        tables.append(
            Table(
                corpus,
                f"Hedging on {corpus}, held-out documents ({len(holdout)} sentences, "
                f"{uncertain} uncertain); uncertain class",
                ("precision", "recall", "F1"),
                tuple(rows),
                ""
                if baseline
                else "benchmarks/hedging.py has no tfidf_baseline: no text baseline.",
            )
        )
    if hasattr(h, "plot_thresholds"):
        h.plot_thresholds(held, str(ctx.out_dir / "hedging_thresholds.png"))
        ctx.plots.append("hedging_thresholds.png")
    return tables


#: Published stance figures (quoted).
STANCE_QUOTED = (
    Row(
        "FNC-1 top three teams (competition test, not this split)",
        "quoted",
        {"fnc_score": 0.820},
        "relative weighted score 0.817 to 0.820 (Pomerleau & Rao 2017 leaderboard; "
        "Hanselowski et al., COLING 2018)",
    ),
    Row(
        "Ferreira & Vlachos (Emergent test claims)",
        "quoted",
        {"accuracy": 0.73},
        "headline stance accuracy 0.73 (Ferreira & Vlachos, NAACL 2016)",
    ),
)


STANCE_COLUMNS = (
    "fnc_score",
    "accuracy",
    "macro_f1",
    "f1_agree",
    "f1_disagree",
    "f1_discuss",
    "f1_unrelated",
    "n",
)


#: Rows of ``stance.emergent_report``: the default-C row of the grid, and the AUC rows.
_EMERGENT_DEFAULT = re.compile(
    r"^\| [\d.]+ \(default\) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$", re.M
)
_EMERGENT_AUC = re.compile(
    r"^\| (predicted out of fold[^|]*|gold \(reference\)) \| ([\d.]+) \|$", re.M
)
EMERGENT_COLUMNS = ("accuracy", "macro_f1", "f1_for", "f1_against", "f1_observing")


def stance_area(ctx: Context) -> list[Table]:
    """FNC-1 dev split (unseen headlines and bodies), and Emergent (full runs only)."""
    from reliability._train_stance import (
        fnc1_dev_split,
        read_fnc1,
        rebalance_unrelated,
        stance_metrics,
    )

    st = _script(ctx, "stance", "evaluate_dev")
    _data(ctx, "fnc1/train_stances.csv", "fnc1/train_bodies.csv")
    # The very call ``stance.fnc1_report`` makes, so the figures are the ones it prints.
    result = st.evaluate_dev(ctx.data_dir)
    rows = [
        Row(f"stance classifier, {name}", "ours", dict(result[name]))
        for name in ("dev", "dev_rebalanced")
        if name in result
    ]
    # The majority class on the same two dev sets, scored by the same metric function.
    pairs = read_fnc1(ctx.data_dir)
    _, dev = fnc1_dev_split(pairs)
    dev_frame = pairs[dev].reset_index(drop=True)
    share = float((pairs["Stance"] == "unrelated").mean())
    for name, frame in (
        ("dev", dev_frame),
        ("dev_rebalanced", rebalance_unrelated(dev_frame, share, random_state=0)),
    ):
        truth = frame["Stance"].tolist()
        metrics = stance_metrics(truth, ["unrelated"] * len(truth))
        rows.append(Row(f"majority class (unrelated), {name}", "baseline", dict(metrics)))
    tables = [
        Table(
            "fnc1_dev",
            "Stance on the FNC-1 dev split (20% of bodies and every headline paired with them)",
            STANCE_COLUMNS,
            (*rows, STANCE_QUOTED[0]),
        )
    ]
    if ctx.quick or not hasattr(st, "emergent_report"):
        ctx.notes.append(
            "Emergent headline stance left out of --quick runs (a cross-validated grid of "
            "several minutes); run without --quick"
            if ctx.quick
            else "benchmarks/stance.py has no emergent_report: Emergent left out"
        )
        return tables
    text = st.emergent_report(ctx.data_dir)
    default = _EMERGENT_DEFAULT.search(text)
    if default is None:
        ctx.notes.append("stance.emergent_report printed no default-C row: Emergent left out")
        return tables
    values: dict[str, float | None] = dict(
        zip(EMERGENT_COLUMNS, map(float, default.groups()), strict=True)
    )
    aucs = {name: float(v) for name, v in _EMERGENT_AUC.findall(text)}
    emergent = [Row("headline stance, 5-fold CV by claim", "ours", values)]
    emergent += [
        Row(f"claim veracity AUC from stances {name}", "ours", {"veracity AUC": auc})
        for name, auc in aucs.items()
    ]
    emergent.append(STANCE_QUOTED[1])
    tables.append(
        Table(
            "emergent",
            "Emergent training claims: headline stance (for / against / observing) and claim "
            "veracity (false vs true) from the share of headlines against",
            (*EMERGENT_COLUMNS, "veracity AUC"),
            tuple(emergent),
        )
    )
    return tables


def news_model_area(ctx: Context) -> list[Table]:
    """Emergent claim veracity, cross-validated by claim: the news model beside hedges alone."""
    from features import statement_features
    from reliability._calibration import plot_reliability_diagram
    from reliability._train import cross_validate_news

    _data(ctx, "emergent/emergent_train.csv", "domain_quality/domain_pc1.csv")
    metrics, probabilities = cross_validate_news(ctx.data_dir, features_factory=statement_features)
    systems = {
        "news_with_ratings": ("news, with the domain ratings", "ours"),
        "news_without_ratings": ("news, without a ratings file", "ours"),
        "news_trained_without_ratings": ("news, trained without ratings", "ours"),
        "news_headline_text_only": ("news, headline text only (no stance)", "ours"),
        "hedge_only": ("hedge count only", "baseline"),
    }
    columns = ("accuracy", "auc", "brier", "ece", "n")
    rows = tuple(
        Row(label, kind, {k: metrics[name][k] for k in columns})
        for name, (label, kind) in systems.items()
    )
    claims = metrics["news_with_ratings"]["claims"]
    y = probabilities["y"]
    plot_reliability_diagram(
        {systems[k][0]: (y, probabilities[k]) for k in ("news_with_ratings", "hedge_only")},
        ctx.out_dir / "credibility_news_reliability.png",
        title="Emergent, cross-validated by claim: P(claim true)",
    )
    ctx.plots.append("credibility_news_reliability.png")
    return [
        Table(
            "news_emergent",
            f"News model on Emergent claim veracity (true against false), 5 folds by claim "
            f"({claims} claims, out-of-fold figures); ECE with 15 bins",
            columns,
            rows,
            "Measured with `reliability._train.cross_validate_news`, the function behind "
            "`benchmarks/news_model.py` and the card of `trained/news.joblib`.",
        )
    ]


#: Published LIAR six-way accuracy without leaked credit history (quoted).
CLAIMS_QUOTED = Row(
    "published LIAR models without leaked history",
    "quoted",
    {"six-way accuracy": 0.27},
    "six-way accuracy 0.27 or below (Wang, ACL 2017, and later text-only models)",
)


def claims_model_area(ctx: Context) -> list[Table]:
    """The ``claims`` model on LIAR valid beside its baselines, from benchmarks/credibility.py."""
    from reliability._exceptions import ModelNotFoundError

    c = _script(ctx, "credibility", "main", "report")
    _data(ctx, "liar/train.tsv", "liar/valid.tsv")
    # ``main`` renders its rows through ``report(rows, n, note)``: recording that call
    # gives exactly the figures the script prints. Its own plot goes to the report folder.
    rendered = _capture(c, "report")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            c.main(["--data-dir", str(ctx.data_dir), "--out", str(ctx.out_dir)])
    except ModelNotFoundError as exc:
        raise Skip(str(exc)) from exc
    if not rendered:
        msg = "benchmarks/credibility.py main() rendered no rows"
        raise Skip(msg)
    rows, n, note = rendered[-1]
    if (ctx.out_dir / "credibility_reliability.png").is_file():
        ctx.plots.append("credibility_reliability.png")
    columns = tuple(next(iter(rows.values())))
    table_rows = [
        Row(model, "ours" if "claims" in model else "baseline", dict(values))
        for model, values in rows.items()
    ]
    return [
        Table(
            "claims_liar_valid",
            f"Claims model on LIAR valid ({n} claims; binary = half-true or better; ECE 15 bins)",
            columns,
            (*table_rows, CLAIMS_QUOTED),
            note,
        )
    ]


def throughput_area(ctx: Context) -> list[Table]:
    """End-to-end ``reliability batch`` throughput and memory, beside the parse floor."""
    t = _script(ctx, "throughput", "write_input", "run_batch", "parse_floor", "generate_articles")
    sizes, jobs_list, runs = ((300,), (1, 2), 1) if ctx.quick else ((2000, 10000), (1, 2), 3)
    polnear = (ctx.data_dir / "polnear" / "train.jsonl").is_file() and hasattr(
        t, "polnear_articles"
    )
    rows = []
    bars: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="reliability-throughput-") as tmp:
        workdir = Path(tmp)
        for size in sizes:
            source = workdir / f"in-{size}.jsonl"
            articles = (
                t.polnear_articles(size, ctx.data_dir) if polnear else t.generate_articles(size)
            )
            t.write_input(source, articles)
            floor = statistics.median(t.parse_floor(source) for _ in range(3))
            rows.append(
                Row(
                    f"{size} docs: read + json.loads (floor)",
                    "baseline",
                    {"documents": size, "jobs": 1, "wall s": floor, "docs/s": size / floor},
                )
            )
            base = None
            for jobs in jobs_list:
                results = [t.run_batch(source, jobs, workdir) for _ in range(runs)]
                wall = statistics.median(r.seconds for r in results)
                tree = statistics.median(r.peak_tree_mib for r in results)
                base = size / wall if jobs == 1 else base
                rows.append(
                    Row(
                        f"{size} docs: reliability batch --jobs {jobs}",
                        "ours",
                        {
                            "documents": size,
                            "jobs": jobs,
                            "wall s": wall,
                            "docs/s": size / wall,
                            "vs 1 job": size / wall / base if base else None,
                            "peak MiB": tree,
                        },
                        f"median of {runs} run(s), whole process incl. start-up",
                    )
                )
                bars[f"{size} docs\n{jobs} job{'s' if jobs > 1 else ''}"] = size / wall
    _plot_throughput(ctx, bars)
    corpus = "PolNeAR articles" if polnear else "generated PolNeAR-like articles"
    return [
        Table(
            "batch",
            f"Batch throughput on {corpus} ({os.cpu_count()} cores)",
            ("documents", "jobs", "wall s", "docs/s", "vs 1 job", "peak MiB"),
            tuple(rows),
            "Short runs include interpreter start-up and model loading, so documents per "
            "second grow with the input size; run without --quick for larger inputs.",
        )
    ]


def _plot_throughput(ctx: Context, bars: Mapping[str, float]) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1.3 * len(bars) + 2.5, 3.8))
    ax.bar(list(bars), list(bars.values()), color="#3d6fb6")
    for i, v in enumerate(bars.values()):
        ax.text(i, v, f"{v:.0f}", ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("documents per second (end to end)")
    ax.set_title("reliability batch throughput", fontsize=10)
    fig.tight_layout()
    _save(ctx, fig, "throughput.png")


def scaling_area(ctx: Context) -> list[Table]:
    """Seconds to analyse one article against its size: linear growth expected."""
    sc = _script(ctx, "scaling", "measure")
    sizes, runs = ((0.1, 0.2, 0.4), 1) if ctx.quick else ((0.5, 1.0, 2.0, 5.0), 3)
    measured = sc.measure(sizes, runs)
    base = measured[0][2] / measured[0][0]
    rows = [
        Row(
            f"{megabytes:.2f} MB",
            "ours",
            {
                "statements": statements,
                "seconds": seconds,
                "seconds per MB": seconds / megabytes,
                "ratio to smallest": seconds / megabytes / base,
            },
        )
        for megabytes, statements, seconds in measured
    ]
    _plot_scaling(ctx, measured)
    return [
        Table(
            "by_size",
            f"Time to analyse one article (the seed repeated) by size, median of {runs} run(s); "
            "a ratio near 1.0 is linear growth",
            ("statements", "seconds", "seconds per MB", "ratio to smallest"),
            tuple(rows),
        )
    ]


def _plot_scaling(ctx: Context, measured: Sequence[tuple[float, int, float]]) -> None:
    import matplotlib.pyplot as plt

    sizes = [m[0] for m in measured]
    seconds = [m[2] for m in measured]
    fig, ax = plt.subplots(figsize=(5, 3.8))
    ax.plot(sizes, seconds, marker="o", label="measured")
    slope = seconds[0] / sizes[0]
    ax.plot(sizes, [slope * x for x in sizes], ls="--", color="grey", label="linear from smallest")
    ax.set_xlabel("article size (MB)")
    ax.set_ylabel("seconds to analyse")
    ax.set_title("analyze(): time by article size", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    _save(ctx, fig, "scaling.png")


def priors_area(ctx: Context) -> list[Table]:
    """The measured evidence behind the priors: Emergent log odds ratios, domain ratings."""
    p = _script(ctx, "priors_evidence", "emergent_figures", "domain_figures")
    emergent, domains = _data(ctx, "emergent/emergent_train.csv", "domain_quality/domain_pc1.csv")
    rows = [
        Row(
            name,
            "ours",
            {k: f[k] for k in ("log_or", "ci_low", "ci_high", "n_exposed", "n_unexposed")},
        )
        for name, f in p.emergent_figures(emergent).items()
    ]
    groups = [
        Row(name, "ours", {k: f[k] for k in ("n", "median_pc1", "logit_gap")})
        for name, f in p.domain_figures(domains, emergent).items()
    ]
    return [
        Table(
            "emergent",
            "Emergent: log odds ratio that a claim is true, with against without (claim "
            "bootstrap 95% interval)",
            ("log_or", "ci_low", "ci_high", "n_exposed", "n_unexposed"),
            tuple(rows),
        ),
        Table(
            "domain_quality",
            "Domain quality (Lin et al. 2023): median pc1 per group, logit gap to all domains",
            ("n", "median_pc1", "logit_gap"),
            tuple(groups),
        ),
    ]


@dataclass(frozen=True, slots=True)
class Area:
    """A report area: its name, title, adapter and the script command it mirrors."""

    name: str
    title: str
    run: Callable[[Context], list[Table]]
    command: str
    quick_args: str = ""
    full_args: str = ""

    def command_for(self, data_dir: Path, quick: bool) -> str:
        """The script command giving the same figures as this area, for the report."""
        extra = self.quick_args if quick else self.full_args
        return self.command.format(data=data_dir) + (f" {extra}" if extra else "")


#: Every area, in report order. ``{data}`` in a command is the data folder.
AREAS = (
    Area(
        "attribution",
        "Attribution extraction (PolNeAR)",
        attribution_area,
        "python benchmarks/attribution.py --data {data}/polnear/dev.jsonl",
        quick_args="--runs 1",
        full_args="--runs 5",
    ),
    Area(
        "hedging",
        "Hedging and uncertainty (Szeged WikiWeasel, BioScope)",
        hedging_area,
        "python benchmarks/hedging.py evaluate --data-dir {data} --baseline",
    ),
    Area(
        "source_types",
        "Source types (hand-labelled PolNeAR mentions)",
        source_types_area,
        "python benchmarks/source_types.py --split held_out --data-dir {data}",
    ),
    Area(
        "stance",
        "Stance (FNC-1 dev split)",
        stance_area,
        "python benchmarks/stance.py --data-dir {data}",
    ),
    Area(
        "news_model",
        "Credibility: the news model (Emergent claim veracity)",
        news_model_area,
        "python benchmarks/news_model.py --data-dir {data}",
    ),
    Area(
        "claims_model",
        "Credibility: the claims model (LIAR valid)",
        claims_model_area,
        "python benchmarks/credibility.py --data-dir {data}",
    ),
    Area(
        "throughput",
        "Batch throughput",
        throughput_area,
        "python benchmarks/throughput.py --data-dir {data}",
        quick_args="--sizes 300 --jobs 1 2 --runs 1",
        full_args="--sizes 2000 10000 --jobs 1 2 --runs 3 --large-runs 3",
    ),
    Area(
        "scaling",
        "Time by article size",
        scaling_area,
        "python benchmarks/scaling.py",
        quick_args="--sizes 0.1 0.2 0.4 --runs 1",
        full_args="--sizes 0.5 1 2 5 --runs 3",
    ),
    Area(
        "priors_evidence",
        "Evidence behind the priors (Emergent, domain ratings)",
        priors_area,
        "python benchmarks/priors_evidence.py --data-dir {data}",
    ),
)


# ---------------------------------------------------------------------------- running


def _run_area(area: Area, ctx: Context) -> AreaResult:
    """Run one area: ``ok`` with its tables, ``skipped`` with why, or ``failed`` with the error."""
    command = area.command_for(ctx.data_dir, ctx.quick)
    started = time.perf_counter()
    try:
        tables = area.run(ctx)
    except Skip as exc:
        return AreaResult(area.name, area.title, "skipped", str(exc), command)
    except Exception as exc:
        # A script being edited must not take the other areas down; the traceback goes to
        # the log and the area is marked failed in the report.
        logger.exception("benchmark area %s failed", area.name)
        note = f"{type(exc).__name__}: {exc}".replace("\n", " ")
        seconds = time.perf_counter() - started
        return AreaResult(area.name, area.title, "failed", note, command, seconds=seconds)
    return AreaResult(
        area.name,
        area.title,
        "ok",
        note="; ".join(ctx.notes),
        command=command,
        tables=tuple(tables),
        plots=tuple(ctx.plots),
        seconds=time.perf_counter() - started,
    )


def run_areas(
    data_dir: Path,
    out_dir: Path,
    *,
    quick: bool = False,
    only: Iterable[str] | None = None,
    progress: bool = True,
    benchmarks_dir: Path = BENCHMARKS_DIR,
) -> list[AreaResult]:
    """Run each area and return its result (``ok``, ``skipped`` or ``failed``)."""
    from tqdm.auto import tqdm

    wanted = set(only) if only is not None else None
    areas = [a for a in AREAS if wanted is None or a.name in wanted]
    results = []
    bar = tqdm(
        areas, desc="benchmark", unit="area", file=sys.stderr, disable=None if progress else True
    )
    for area in bar:
        bar.set_postfix_str(area.name)
        result = _run_area(area, Context(data_dir, out_dir, quick, benchmarks_dir))
        if progress:
            # One line per area also when stderr is not a terminal (CI logs), where the bar
            # itself is off.
            tqdm.write(
                f"benchmark {result.name}: {result.status} in {result.seconds:.1f} s"
                + (f" ({result.note})" if result.note else ""),
                file=sys.stderr,
            )
        results.append(result)
    return results


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        # Scores keep the three decimals the scripts print; rates and sizes need fewer.
        v = float(value)
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.1f}" if abs(v) >= 100 else f"{v:.3f}"
    return str(value).replace("|", "\\|")


def _markdown_table(table: Table) -> list[str]:
    head = ["system", "kind", *table.columns, "note"]
    lines = [
        f"### {table.title}",
        "",
        "| " + " | ".join(head) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in table.columns) + " | --- |",
    ]
    for row in table.rows:
        kind = "quoted (published)" if row.kind == "quoted" else row.kind
        cells = [_fmt(row.values.get(c)) for c in table.columns]
        lines.append(
            f"| {_fmt(row.system)} | {kind} | " + " | ".join(cells) + f" | {_fmt(row.note)} |"
        )
    if table.caption:
        lines += ["", table.caption]
    return [*lines, ""]


def write_report(
    results: Sequence[AreaResult], out_dir: Path, meta: Mapping[str, Any]
) -> tuple[Path, Path]:
    """Write ``report.md`` and ``summary.json`` for ``results``; return their paths."""
    lines = [
        "# source-reliability benchmark report",
        "",
        f"Command: `{meta['command']}`  ",
        f"Data: `{meta['data_dir']}`; {'quick' if meta['quick'] else 'full'} run; built "
        f"{meta['finished']} in {meta['seconds']:.1f} s on {meta['machine']}; load average "
        f"at the end {', '.join(map(str, meta['load_average']))}"
        + (
            " (above the core count: other work shared the machine, speeds are pessimistic)."
            if meta["load_average"][0] > (os.cpu_count() or 1)
            else "."
        ),
        "",
        "Kinds: **ours** is measured here by the benchmark script's own functions (the same "
        "figures the script prints); **baseline** is run here on the same split with the same "
        "metric; **quoted (published)** is copied from the cited source, not measured here, and "
        "usually on other data.",
        "",
        "| area | status | seconds | note |",
        "| --- | --- | ---: | --- |",
    ]
    for r in results:
        lines.append(f"| {r.name} | {r.status} | {r.seconds:.1f} | {_fmt(r.note)} |")
    lines.append("")
    for r in results:
        lines += [f"## {r.title}", ""]
        if r.status != "ok":
            lines += [f"*{r.status}*: {r.note}", ""]
            continue
        lines += [f"Script: `{r.command}`", ""]
        if r.note:
            lines += [f"Note: {r.note}", ""]
        for table in r.tables:
            lines += _markdown_table(table)
        lines += [f"![{name}]({name})" for name in r.plots]
        lines.append("")
    report = out_dir / "report.md"
    report.write_text("\n".join(lines), encoding="utf-8")
    summary = {
        **meta,
        "areas": {
            r.name: {
                "title": r.title,
                "status": r.status,
                "note": r.note,
                "command": r.command,
                "seconds": r.seconds,
                "plots": list(r.plots),
                "figures": r.figures(),
            }
            for r in results
        },
    }
    path = out_dir / "summary.json"
    path.write_text(json.dumps(summary, indent=2, default=_json_default) + "\n", encoding="utf-8")
    return report, path


def _json_default(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    msg = f"not JSON serializable: {type(value).__name__}"
    raise TypeError(msg)


def build_report(
    data_dir: str | Path | None,
    out_dir: str | Path,
    *,
    quick: bool = False,
    only: Sequence[str] | None = None,
    progress: bool = True,
) -> int:
    """Run every benchmark whose data is present and write the report; return an exit code.

    Parameters
    ----------
    data_dir : str, Path or None
        The shared data folder; ``None`` reads ``RELIABILITY_DATA``.
    out_dir : str or Path
        Where ``report.md``, the PNG plots and ``summary.json`` go (created if needed).
    quick : bool, default=False
        One timing run and small throughput inputs, so the report builds in CI.
    only : sequence of str, optional
        Names of the areas to run (default: all of :data:`AREAS`).
    progress : bool, default=True
        Show a progress bar on stderr (when it is a terminal).

    Returns
    -------
    int
        0 when every area ran or was skipped, 1 when one failed, 2 when matplotlib or the
        data folder is missing (the message, with the fix, goes to stderr).

    Raises
    ------
    DataNotFoundError
        When no data folder is given or it does not exist.
    """
    try:
        import matplotlib
    except ImportError:
        print(
            f"reliability benchmark: the report needs matplotlib; install it with: {PIP_REPORT}",
            file=sys.stderr,
        )
        return 2
    matplotlib.use("Agg")
    value = data_dir if data_dir is not None else os.environ.get("RELIABILITY_DATA")
    if not value:
        msg = "no data folder: pass --data-dir or set RELIABILITY_DATA"
        raise DataNotFoundError(msg)
    data = Path(value)
    if not data.is_dir():
        msg = f"{data}: data folder not found"
        raise DataNotFoundError(msg)
    known = [a.name for a in AREAS]
    unknown = sorted(set(only or ()) - set(known))
    if unknown:
        print(
            f"reliability benchmark: unknown area(s) {unknown}; available: {', '.join(known)}",
            file=sys.stderr,
        )
        return 2
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = run_areas(data, out, quick=quick, only=only, progress=progress)
    seconds = time.perf_counter() - started
    meta = {
        "command": "reliability " + " ".join(sys.argv[1:]) if sys.argv[1:] else "build_report",
        "data_dir": str(data),
        "quick": quick,
        "seconds": seconds,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        # Timings are pessimistic when other work shares the cores: say how much there was.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    report, summary = write_report(results, out, meta)
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "skipped", "failed")}
    print(
        f"reliability benchmark: wrote {report} and {summary} in {seconds:.1f} s "
        f"({counts['ok']} areas ok, {counts['skipped']} skipped, {counts['failed']} failed)",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0
