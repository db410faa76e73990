"""Benchmark the hedge detector: sentence- and cue-level scores, and sentences per second.

Usage::

    python benchmarks/hedging.py evaluate [--data-dir DIR] [--part holdout] [--baseline]
                                          [--out report.md] [--plot thresholds.png]
    python benchmarks/hedging.py evaluate --jsonl FILE [--jsonl FILE ...]
    python benchmarks/hedging.py speed [--data-dir DIR] [--runs 7] [--sentences 5000]
    python benchmarks/hedging.py train [--data-dir DIR] [-o features/data/uncertainty_cues.tsv]

``evaluate`` reads the development part of each corpus in ``features._uncertainty.CORPORA``
under ``--data-dir`` (default: ``RELIABILITY_DATA``) and scores the documents of ``--part``
(``holdout``: documents no fitting or tuning saw; ``tune``; ``fit``; ``all``), or scores
whole JSONL files in the shared format (``--jsonl``, e.g. a withheld part). Rows:

* ``is_uncertain``: the shipped sentence decision (``reliability.is_uncertain``);
* ``cue model``: the learned cue model alone (``UncertaintyModel.is_uncertain``);
* ``lexicon only``: a sentence with a lexicon hedge, conditional or disclaimer
  (the detector before the learned model, for scale);
* ``TF-IDF + LR baseline`` (with ``--baseline``): word 1-2-gram TF-IDF and a
  class-balanced logistic regression fitted on the fit + tune documents of both corpora
  (the data the shipped model saw), untuned, for scale.

``--plot FILE.png`` draws precision, recall and F1 of the cue model's sentence decision
against its threshold on the scored documents, with the shipped threshold marked.

Cue-level scores count overlaps: a predicted cue is correct when it overlaps a gold cue, a
gold cue is found when a predicted cue overlaps it. Two cue detectors are scored: the
learned cue model (``UncertaintyModel.cues``: every cue the corpora annotate, "would" and
"considered" included) and ``find_hedges`` (its ``hedge``, ``conditional`` and
``disclaimer`` spans: the news lexicons, with the cue model vetoing hedges it finds
unlikely in context; it leaves reporting verbs to ``cue.kind`` and modal auxiliaries out,
so its recall on these corpora is low by design and its precision is the figure to read).

``speed`` times ``is_uncertain`` and ``find_hedges`` over the same sentences on one core:
sentences per CPU second (``time.process_time``, so other processes on the machine do not
count) and per wall-clock second, the median of ``--runs`` runs.

``train`` rebuilds the shipped model deterministically (``train_uncertainty``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from features._hedging import UNCERTAIN_KINDS, _lexicon, find_hedges, is_uncertain
from features._uncertainty import (
    CORPORA,
    MODEL_FILE,
    LabelledSentence,
    load_uncertainty_model,
    read_corpus,
    split_documents,
    tokenize,
    train_uncertainty,
)

PARTS = ("holdout", "tune", "fit", "all")
ROOT = Path(__file__).resolve().parent.parent


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def sentence_scores(
    decide: Callable[[str], bool], sentences: Sequence[LabelledSentence]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of the uncertain class."""
    tp = fp = fn = 0
    for s in sentences:
        predicted = decide(s.text)
        tp += predicted and s.uncertain
        fp += predicted and not s.uncertain
        fn += s.uncertain and not predicted
    return _prf(tp, fp, fn)


def cue_scores(
    cues: Callable[[str], Iterable[tuple[int, int]]], sentences: Sequence[LabelledSentence]
) -> tuple[float, float, float]:
    """Overlap precision, recall and F1 of predicted cue spans against gold cue spans."""
    correct = predicted = found = gold = 0
    for s in sentences:
        spans = list(cues(s.text))
        predicted += len(spans)
        gold += len(s.cues)
        correct += sum(any(a < e and b > g for g, e in s.cues) for a, b in spans)
        found += sum(any(a < e and b > g for a, b in spans) for g, e in s.cues)
    p = correct / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def detector_cues(sentence: str) -> list[tuple[int, int]]:
    """The ``hedge``, ``conditional`` and ``disclaimer`` spans of ``find_hedges``."""
    return [(s.start, s.end) for s in find_hedges(sentence) if s.kind in UNCERTAIN_KINDS]


def lexicon_uncertain(sentence: str) -> bool:
    """A sentence with a lexicon hedge, conditional or disclaimer (no learned model)."""
    lexicon = _lexicon()
    if lexicon.disclaimer.search(sentence):
        return True
    words = tokenize(sentence)[1]
    return any(
        kind != "booster" and tuple(words[i : i + len(phrase)]) == phrase
        for i, word in enumerate(words)
        for phrase, kind in lexicon.phrases.get(word, ())
    )


def tfidf_baseline(data_dir: Path) -> Callable[[str], bool]:
    """A TF-IDF + logistic regression sentence classifier fitted on fit + tune documents."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    train = []
    for corpus in CORPORA:
        parts = split_documents(read_corpus(data_dir / corpus / "development.jsonl"))
        train += parts["fit"] + parts["tune"]
    pipeline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(class_weight="balanced", max_iter=1000),
    )
    pipeline.fit([s.text for s in train], [s.uncertain for s in train])
    return lambda sentence: bool(pipeline.predict([sentence])[0])


def evaluate(
    name: str,
    sentences: Sequence[LabelledSentence],
    baseline: Callable[[str], bool] | None = None,
) -> list[str]:
    """Markdown table rows scoring the detectors on ``sentences``."""
    model = load_uncertainty_model()
    uncertain = sum(s.uncertain for s in sentences)
    rows = [
        f"| {name} | sentences | {len(sentences)} ({uncertain} uncertain) | | |",
    ]
    deciders: list[tuple[str, Callable[[str], bool]]] = [
        ("is_uncertain", is_uncertain),
        ("cue model", model.is_uncertain),
        ("lexicon only", lexicon_uncertain),
    ]
    if baseline is not None:
        deciders.append(("TF-IDF + LR baseline", baseline))
    for label, decide in deciders:
        p, r, f = sentence_scores(decide, sentences)
        rows.append(f"| {name} | sentence: {label} | {p:.3f} | {r:.3f} | **{f:.3f}** |")
    for label, cues in (("find_hedges", detector_cues), ("cue model", model.cues)):
        p, r, f = cue_scores(cues, sentences)
        rows.append(f"| {name} | cue (overlap): {label} | {p:.3f} | {r:.3f} | **{f:.3f}** |")
    return rows


def plot_thresholds(data: Mapping[str, Sequence[LabelledSentence]], path: str) -> None:
    """Draw precision, recall and F1 of the cue model against its threshold, per data set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model = load_uncertainty_model()
    thresholds = [t / 100 for t in range(5, 96)]
    fig, axes = plt.subplots(1, len(data), figsize=(5 * len(data), 3.6), squeeze=False)
    for ax, (name, sentences) in zip(axes[0], data.items(), strict=True):
        scored = [(model.score(s.text), s.uncertain) for s in sentences]
        curves: dict[str, list[float]] = {"precision": [], "recall": [], "F1": []}
        for t in thresholds:
            tp = sum(p >= t and u for p, u in scored)
            fp = sum(p >= t and not u for p, u in scored)
            fn = sum(p < t and u for p, u in scored)
            p, r, f = _prf(tp, fp, fn)
            curves["precision"].append(p)
            curves["recall"].append(r)
            curves["F1"].append(f)
        for label, values in curves.items():
            ax.plot(thresholds, values, label=label)
        ax.axvline(model.threshold, color="grey", linestyle=":", label="shipped threshold")
        ax.set(title=name, xlabel="cue probability threshold", ylim=(0, 1))
        ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _data_dir(value: str | None) -> Path:
    value = value or os.environ.get("RELIABILITY_DATA")
    if not value:
        msg = "no data directory: pass --data-dir or set RELIABILITY_DATA"
        raise SystemExit(msg)
    return Path(value)


def _cmd_evaluate(args: argparse.Namespace) -> str:
    header = ["| data | measure | precision | recall | F1 |", "|---|---|---|---|---|"]
    rows = []
    data: dict[str, list[LabelledSentence]] = {}
    if args.jsonl:
        for path in args.jsonl:
            data[Path(path).name] = read_corpus(path)
        scope = "whole files"
    else:
        for corpus in CORPORA:
            sentences = read_corpus(_data_dir(args.data_dir) / corpus / "development.jsonl")
            if args.part != "all":
                sentences = split_documents(sentences)[args.part]
            data[corpus] = sentences
        scope = f"documents of the `{args.part}` part of each development.jsonl"
    baseline = tfidf_baseline(_data_dir(args.data_dir)) if args.baseline else None
    for name, sentences in data.items():
        rows += evaluate(name, sentences, baseline)
    if args.plot:
        plot_thresholds(data, args.plot)
    model = load_uncertainty_model()
    lines = [
        "# Hedge detector: sentence- and cue-level scores",
        "",
        f"Data: {scope}. Model: `features/data/{MODEL_FILE}` (C={model.settings.get('C')}, "
        f"threshold={model.threshold}, split seed {model.settings.get('split_seed')}).",
        "",
        *header,
        *rows,
    ]
    return "\n".join(lines) + "\n"


def _sentences_for_speed(args: argparse.Namespace) -> list[str]:
    value = args.data_dir or os.environ.get("RELIABILITY_DATA")
    if value:
        sentences = []
        for corpus in CORPORA:
            sentences += [s.text for s in read_corpus(Path(value) / corpus / "development.jsonl")]
    else:
        seed = ROOT / "seeds" / "000_f48a50816c6044df.txt"
        sentences = [line for line in seed.read_text(encoding="utf-8").splitlines() if line]
    sentences = sentences[:: max(1, len(sentences) // args.sentences)][: args.sentences]
    return sentences * max(1, args.sentences // max(1, len(sentences)))


def _cmd_speed(args: argparse.Namespace) -> str:
    sentences = _sentences_for_speed(args)
    for s in sentences[:10]:  # load lexicons and the model outside the timing
        is_uncertain(s)
    lines = [
        "# Hedge detector speed (one core)",
        "",
        f"{len(sentences)} sentences (mean {statistics.mean(map(len, sentences)):.0f} chars), "
        f"median of {args.runs} runs.",
        "",
        "| function | sentences / CPU second | sentences / wall second |",
        "|---|---|---|",
    ]
    for name, function in (("is_uncertain", is_uncertain), ("find_hedges", find_hedges)):
        cpu, wall = [], []
        for _ in range(args.runs):
            c0, w0 = time.process_time(), time.perf_counter()
            for s in sentences:
                function(s)
            cpu.append(len(sentences) / max(time.process_time() - c0, 1e-9))
            wall.append(len(sentences) / (time.perf_counter() - w0))
        lines.append(f"| {name} | {statistics.median(cpu):,.0f} | {statistics.median(wall):,.0f} |")
    return "\n".join(lines) + "\n"


def _cmd_train(args: argparse.Namespace) -> str:
    data_dir = _data_dir(args.data_dir)
    model, report = train_uncertainty(data_dir)
    header = [
        "The learned uncertainty-cue model of features/_uncertainty.py: logistic-regression",
        "weights over named context features of candidate cue words (see that module).",
        "Rebuild: python benchmarks/hedging.py train --data-dir ../shared/data",
        "Training data: development.jsonl of szeged_wikiweasel (Szeged Uncertainty Corpus,",
        "Wikipedia; Szarvas et al. 2012) and bioscope_speculation (BioScope; Vincze et al.",
        "2008), fit + tune documents only; the holdout documents were never seen.",
        *(f"sha256 {name} {digest}" for name, digest in report["files"].items()),
        f"C chosen on the tune documents: {report['C']}; threshold {report['threshold']}.",
        *(
            f"tune trial C={c}: threshold {t['threshold']}, mean uncertain-class F1 "
            f"{t['tune_mean_f1']:.4f}"
            for c, t in report["trials"].items()
        ),
    ]
    model.to_tsv(args.output, header)
    return (
        f"wrote {args.output}: {len(model.weights)} weights, {len(model.candidates)} "
        f"candidate words, C={report['C']}, threshold={report['threshold']}\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="sentence- and cue-level precision, recall, F1")
    ev.add_argument("--data-dir", help="shared data directory (default: $RELIABILITY_DATA)")
    ev.add_argument("--part", choices=PARTS, default="holdout", help="default: holdout")
    ev.add_argument("--jsonl", action="append", help="score a whole JSONL file instead")
    ev.add_argument("--baseline", action="store_true", help="add a TF-IDF + LR row (off)")
    ev.add_argument("--plot", metavar="PNG", help="also draw the threshold plot here")
    ev.add_argument("--out", help="also write the Markdown report here")
    sp = sub.add_parser("speed", help="sentences per second of is_uncertain and find_hedges")
    sp.add_argument("--data-dir", help="sentences from here (default: $RELIABILITY_DATA)")
    sp.add_argument("--runs", type=int, default=7, help="default: 7")
    sp.add_argument("--sentences", type=int, default=5000, help="default: 5000")
    sp.add_argument("--out", help="also write the Markdown report here")
    tr = sub.add_parser("train", help="rebuild the shipped uncertainty-cue model")
    tr.add_argument("--data-dir", help="shared data directory (default: $RELIABILITY_DATA)")
    tr.add_argument(
        "-o",
        "--output",
        default=str(ROOT / "features" / "data" / MODEL_FILE),
        help=f"default: features/data/{MODEL_FILE}",
    )
    tr.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    command = {"evaluate": _cmd_evaluate, "speed": _cmd_speed, "train": _cmd_train}
    report = command[args.command](args)
    sys.stdout.write(report)
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
