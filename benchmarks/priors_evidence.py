"""Recompute the measured figures cited in ``reliability/data/priors.tsv``.

Usage::

    python benchmarks/priors_evidence.py --data-dir ../shared/data
    RELIABILITY_DATA=../shared/data python benchmarks/priors_evidence.py

Two measurements:

* **Emergent** (``emergent/emergent_train.csv``; claims labelled ``true`` or
  ``false``, ``unknown`` left out): the log odds ratio that a headline's claim is
  true, for headlines with against without a cue (hedge words, distancing verbs,
  conditionals), and for ``for`` / ``against`` stance against ``observing``. Counts
  get +0.5 (Haldane); the 95% interval is a bootstrap over claims (rows of one
  claim are not independent), 2,000 resamples, seed 0.
* **Domain quality** (``domain_quality/domain_pc1.csv``): median pc1 of groups of
  outlets, and the gap to the median of all rated domains in logit units
  (pc1 clipped to [0.02, 0.98]). pc1 is an expert quality rating, not a measured
  accuracy rate, so reading it as a probability is a judgment.

The word lists below define the measurement (they are not the library's lexicons,
which live in ``features/data``).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

#: Headline cues measured on Emergent; each is a regex over the lower-cased headline.
CUES = {
    "hedge": r"\b(?:reportedly|allegedly|may|might|could|possibly|apparently|purportedly"
    r"|rumou?red|rumou?rs?|supposedly|appears?|seems?|said to|believed to|likely)\b",
    "distancing": r"\b(?:claims?|claimed|claiming|alleges?|alleged|insists?|insisted|purported)\b",
    "conditional": r"\b(?:if|unless|would)\b",
    "disclaimer": r"\b(?:unconfirmed|unverified"
    r"|not (?:been )?(?:independently )?(?:confirmed|verified)"
    r"|could not (?:be )?(?:independently )?(?:confirm|verif))",
    "denial_verb": r"\b(?:denies|denied|deny|rejects?|rejected|dismiss(?:es|ed)?"
    r"|refutes?|debunk\w*)\b",
}
#: Outlet groups rated in domain_pc1.csv.
GROUPS = {
    "wire_services": ("reuters.com", "apnews.com", "afp.com", "upi.com"),
    "state_media": (
        "tass.com",
        "rt.com",
        "ria.ru",
        "sputniknews.com",
        "ruptly.tv",
        "xinhuanet.com",
        "chinadaily.com.cn",
        "cgtn.com",
        "globaltimes.cn",
        "presstv.ir",
        "presstv.com",
        "kcna.kp",
        "sana.sy",
    ),
    # dan-news.info is the DPR's news agency; dnronline.com is a Virginia paper, not the DPR.
    "separatist": ("dan-news.info", "lug-info.com", "dnr-online.ru"),
}
#: Rated entries hosted on social-media platforms (an account, not an outlet's site).
SOCIAL_MEDIA = re.compile(
    r"^(?:facebook\.com|twitter\.com|youtube\.com|x\.com|t\.me|vk\.com)(?:/|$)"
)
CLIP = (0.02, 0.98)
BOOTSTRAP = 2000


def _log_or(counts: np.ndarray) -> float:
    """Log odds ratio of a 2x2 table [[a, b], [c, d]] with +0.5 per cell."""
    (a, b), (c, d) = counts + 0.5
    return math.log(a * d / (b * c))


def _claim_tables(rows: pd.DataFrame, exposed: pd.Series) -> np.ndarray:
    """Per-claim 2x2 tables: exposed/unexposed x true/false."""
    keys = pd.DataFrame({"claim": rows["claimId"], "x": exposed.astype(bool), "t": rows["true"]})
    tables = []
    for _, g in keys.groupby("claim", sort=True):
        tables.append(
            [
                [int(((g.x) & (g.t)).sum()), int(((g.x) & (~g.t)).sum())],
                [int(((~g.x) & (g.t)).sum()), int(((~g.x) & (~g.t)).sum())],
            ]
        )
    return np.array(tables)


def _estimate(tables: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
    """Point log OR and claim-bootstrap 95% interval."""
    point = _log_or(tables.sum(axis=0))
    boots = [
        _log_or(tables[rng.integers(0, len(tables), len(tables))].sum(axis=0))
        for _ in range(BOOTSTRAP)
    ]
    low, high = np.percentile(boots, [2.5, 97.5])
    total = tables.sum(axis=0)
    return {
        "log_or": point,
        "ci_low": float(low),
        "ci_high": float(high),
        "n_exposed": int(total[0].sum()),
        "true_exposed": int(total[0, 0]),
        "n_unexposed": int(total[1].sum()),
        "true_unexposed": int(total[1, 0]),
    }


def emergent_figures(path: Path) -> dict[str, dict[str, float]]:
    """Log odds ratios of claim truth for headline cues and stances on Emergent."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = df[df["claimTruth"].isin(["true", "false"])].reset_index(drop=True)
    df["true"] = df["claimTruth"] == "true"
    headline = df["articleHeadline"].str.lower()
    out = {}
    for name, pattern in CUES.items():
        rng = np.random.default_rng(0)
        out[f"headline_{name}"] = _estimate(
            _claim_tables(df, headline.str.contains(pattern, regex=True)), rng
        )
    for stance in ("for", "against"):
        rng = np.random.default_rng(0)
        sub = df[df["articleHeadlineStance"].isin([stance, "observing"])].reset_index(drop=True)
        exposed = sub["articleHeadlineStance"] == stance
        out[f"stance_{stance}_vs_observing"] = _estimate(_claim_tables(sub, exposed), rng)
    return out


def _logit(p: float) -> float:
    """Log-odds of ``p`` clipped to CLIP."""
    p = min(max(p, CLIP[0]), CLIP[1])
    return math.log(p / (1 - p))


def domain_figures(path: Path, emergent: Path | None = None) -> dict[str, dict[str, float]]:
    """Median pc1 per outlet group and its logit gap to all rated domains."""
    df = pd.read_csv(path).drop_duplicates("domain")
    ratings = dict(zip(df["domain"], df["pc1"], strict=True))
    reference = float(df["pc1"].median())
    groups = {
        name: [ratings[d] for d in domains if d in ratings] for name, domains in GROUPS.items()
    }
    groups["social_media_accounts"] = df.loc[df["domain"].str.match(SOCIAL_MEDIA), "pc1"].tolist()
    if emergent is not None:
        # The publishers whose own (narrator) voice Emergent headlines are written in.
        hosts = pd.read_csv(emergent, dtype=str, keep_default_na=False)["source"]
        hosts = set(hosts.str.lower().str.replace(r"^www\.", "", regex=True))
        groups["emergent_publishers"] = df.loc[df["domain"].isin(hosts), "pc1"].tolist()
    out = {"all_domains": {"n": len(df), "median_pc1": reference, "logit_gap": 0.0}}
    for name, values in groups.items():
        median = float(np.median(values))
        out[name] = {
            "n": len(values),
            "median_pc1": median,
            "logit_gap": _logit(median) - _logit(reference),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the figures as tab-separated lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("RELIABILITY_DATA"),
        help="folder holding emergent/ and domain_quality/ (default: $RELIABILITY_DATA)",
    )
    args = parser.parse_args(argv)
    if not args.data_dir:
        parser.error("give --data-dir or set RELIABILITY_DATA")
    data = Path(args.data_dir)
    print("measure\tfigure\tdetail")
    for name, f in emergent_figures(data / "emergent" / "emergent_train.csv").items():
        print(
            f"emergent.{name}\tlog_or={f['log_or']:+.2f}\t"
            f"95% CI [{f['ci_low']:+.2f}, {f['ci_high']:+.2f}] (claim bootstrap); "
            f"true {f['true_exposed']}/{f['n_exposed']} with, "
            f"{f['true_unexposed']}/{f['n_unexposed']} without"
        )
    emergent = data / "emergent" / "emergent_train.csv"
    for name, f in domain_figures(data / "domain_quality" / "domain_pc1.csv", emergent).items():
        print(
            f"domain_pc1.{name}\tlogit_gap={f['logit_gap']:+.2f}\t"
            f"median pc1 {f['median_pc1']:.3f} over {f['n']} domains"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
