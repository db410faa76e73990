"""The outlet prior: a user's domain ratings turned into features of statements.

A ratings file is a ``domain,score`` CSV (a header row, then one domain per line with a
score in [0, 1], higher meaning a better outlet), such as the ``domain_pc1.csv`` of Lin
et al. (2023). It is never shipped: users pass their own copy. An outlet is named by a
URL, a host name or a name ("Fox News"); names map to domains through
``reliability/data/outlet_domains.tsv`` and then the guess "name run together + .com".

Two features come out, both 0 when there is no ratings file or no rated domain:

* ``outlet_rating``: the publisher's rating, on every statement of its article;
* ``cited_outlet_rating``: the rating of a news outlet the statement is attributed to,
  or the news outlet it was told to.

Each is a log-odds gap: ``logit(score) - logit(median score of the file)``, with scores
clipped to [0.02, 0.98], so that a median outlet counts as no information.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

import numpy as np

from features._lexicons import read_table_file
from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._records import Statement

__all__ = [
    "OUTLET_FEATURES",
    "DomainRatings",
    "outlet_domain_candidates",
    "outlet_features",
]

#: Column names of :func:`outlet_features`, in order.
OUTLET_FEATURES = ("outlet_rating", "cited_outlet_rating")
#: Scores are clipped to this range before the logit (pc1 reaches exactly 0 and 1).
SCORE_CLIP = (0.02, 0.98)
#: Source and channel types whose rating is a cited outlet's. State media, separatist outlets
#: and social-media accounts have type priors measured from these same ratings, so their
#: rating is not used again.
CITED_TYPES = frozenset({"news_outlet"})
_NAME_NOISE = re.compile(r"[^a-z0-9]+")
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")


@lru_cache(maxsize=1)
def _name_table() -> Mapping[str, str]:
    """Normalised outlet name to domain, from the shipped table."""
    with resources.as_file(resources.files("reliability") / "data" / "outlet_domains.tsv") as path:
        rows = read_table_file(path)
    return {_normalise_name(r["name"]): r["domain"].lower() for r in rows}


def _normalise_name(name: str) -> str:
    """Lower-case a name, drop a leading 'the' and everything but letters and digits."""
    lowered = name.strip().lower()
    lowered = lowered.removeprefix("the ")
    return _NAME_NOISE.sub("", lowered)


def _looks_like_address(outlet: str) -> bool:
    """Whether ``outlet`` is a URL or a host name rather than an outlet's name."""
    text = outlet.strip()
    return "://" in text or (" " not in text and "." in text)


def outlet_domain_candidates(outlet: str) -> list[str]:
    """Return the rating keys to try for an outlet, most specific first.

    Parameters
    ----------
    outlet : str
        A URL (``https://www.bbc.co.uk/news/x``), a host (``www.dailymail.co.uk``)
        or a name (``Fox News``).

    Returns
    -------
    list of str
        For an address: host plus first path segment, the host, then each parent
        domain down to two labels. For a name: the table's domain, then the guesses.

    Examples
    --------
    >>> outlet_domain_candidates("https://www.theguardian.com/world/x")
    ['theguardian.com/world', 'theguardian.com']
    >>> outlet_domain_candidates("Fox News")
    ['foxnews.com']
    """
    text = outlet.strip()
    if not text:
        return []
    if _looks_like_address(text):
        parts = urlsplit(text if "://" in text else f"//{text}")
        host = (parts.hostname or "").lower()
        for prefix in _HOST_PREFIXES:
            host = host.removeprefix(prefix)
        if not host:
            return []
        out = []
        segment = parts.path.strip("/").split("/", 1)[0].lower()
        if segment:
            out.append(f"{host}/{segment}")
        labels = host.split(".")
        out += [".".join(labels[i:]) for i in range(max(1, len(labels) - 1))]
        return out
    key = _normalise_name(text)
    if not key:
        return []
    out = []
    known = _name_table().get(key)
    if known is not None:
        out.append(known)
    whole = _NAME_NOISE.sub("", text.lower())
    for guess in (f"{key}.com", f"{whole}.com"):
        if guess not in out:
            out.append(guess)
    return out


class DomainRatings:
    """Quality ratings of news domains, from a user's ``domain,score`` file.

    Parameters
    ----------
    scores : mapping of str to float
        Rating in [0, 1] per lower-case domain (optionally with a first path
        segment, e.g. ``facebook.com/news``).

    Attributes
    ----------
    median_ : float
        Median score of the file: the rating that counts as no information.

    Examples
    --------
    >>> ratings = DomainRatings({"reuters.com": 1.0, "rt.com": 0.29, "cnn.com": 0.66})
    >>> ratings.domain("https://www.reuters.com/world"), ratings.rating("CNN")
    ('reuters.com', 0.66)
    >>> ratings.gap("rt.com") < 0 < ratings.gap("Reuters")
    True
    """

    def __init__(self, scores: Mapping[str, float]) -> None:
        if not scores:
            msg = "domain ratings are empty"
            raise ValueError(msg)
        self.scores = {str(k).lower(): float(v) for k, v in scores.items()}
        self.median_ = float(median(self.scores.values()))

    @classmethod
    def from_csv(cls, path: str | Path) -> DomainRatings:
        """Read a ``domain,score`` CSV with a header row; errors name the file and line.

        Raises
        ------
        DataNotFoundError
            When the file does not exist.
        SchemaError
            When the header's first column is not ``domain``, a row does not have two
            fields, a score is not a number in [0, 1], or a domain repeats.
        """
        path = Path(path)
        if not path.is_file():
            msg = f"{path}: no such domain-ratings file"
            raise DataNotFoundError(msg)
        scores: dict[str, float] = {}
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None or len(header) != 2 or header[0].strip().lower() != "domain":
                msg = f"{path}:1: expected a header 'domain,score' (got {header!r})"
                raise SchemaError(msg, field="header")
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != 2:
                    msg = f"{path}:{line}: expected 2 comma-separated fields, got {len(row)}"
                    raise SchemaError(msg, field="row")
                domain, raw = row[0].strip().lower(), row[1].strip()
                if not domain:
                    msg = f"{path}:{line}: empty domain"
                    raise SchemaError(msg, field="domain")
                try:
                    score = float(raw)
                except ValueError:
                    score = math.nan
                if not 0.0 <= score <= 1.0:
                    msg = f"{path}:{line}: score must be a number in [0, 1] (got {raw!r})"
                    raise SchemaError(msg, field="score")
                if domain in scores:
                    msg = f"{path}:{line}: domain {domain!r} is listed twice"
                    raise SchemaError(msg, field="domain")
                scores[domain] = score
        if not scores:
            msg = f"{path}: no ratings after the header"
            raise SchemaError(msg, field="row")
        return cls(scores)

    def domain(self, outlet: str | None) -> str | None:
        """Return the rated domain an outlet name or address matches, or None."""
        if not outlet:
            return None
        for key in outlet_domain_candidates(outlet):
            if key in self.scores:
                return key
        return None

    def rating(self, outlet: str | None) -> float | None:
        """Return the outlet's score, or None when it matches no rated domain."""
        key = self.domain(outlet)
        return None if key is None else self.scores[key]

    def gap(self, outlet: str | None) -> float:
        """Return ``logit(score) - logit(median)`` (clipped scores), 0 for an unrated outlet."""
        score = self.rating(outlet)
        return 0.0 if score is None else _logit(score) - _logit(self.median_)


def _logit(p: float) -> float:
    """Log-odds of a score clipped to :data:`SCORE_CLIP`."""
    low, high = SCORE_CLIP
    p = min(max(p, low), high)
    return math.log(p / (1.0 - p))


def _cited_gap(statement: Statement, ratings: DomainRatings) -> float:
    """Rating gap of the news outlet a statement is attributed or told to, else 0."""
    names: list[str | None] = []
    if statement.source is not None and statement.source.type in CITED_TYPES:
        names += [statement.source.entity, statement.source.text]
    if statement.channel is not None and statement.channel.type in CITED_TYPES:
        names.append(statement.channel.text)
    for name in names:
        if ratings.domain(name) is not None:
            return ratings.gap(name)
    return 0.0


def outlet_features(
    statements: Sequence[Statement],
    outlets: Sequence[str | None] | None,
    ratings: DomainRatings | None,
) -> np.ndarray:
    """Return the :data:`OUTLET_FEATURES` columns of statements, given their publishers.

    Parameters
    ----------
    statements : sequence of Statement
        The statements.
    outlets : sequence of str or None, optional
        The publisher of each statement's article (name, host or URL); None when unknown.
    ratings : DomainRatings, optional
        The ratings; without them every value is 0.

    Returns
    -------
    ndarray of shape (n_statements, 2)
        ``outlet_rating`` and ``cited_outlet_rating`` log-odds gaps.
    """
    out = np.zeros((len(statements), len(OUTLET_FEATURES)), dtype=float)
    if ratings is None:
        return out
    if outlets is not None and len(outlets) != len(statements):
        msg = f"'outlets' must have one entry per statement ({len(statements)}, got {len(outlets)})"
        raise ValueError(msg)
    gaps: dict[str | None, float] = {}
    for row, statement in enumerate(statements):
        outlet = None if outlets is None else outlets[row]
        if outlet not in gaps:
            gaps[outlet] = ratings.gap(outlet)
        out[row, 0] = gaps[outlet]
        out[row, 1] = _cited_gap(statement, ratings)
    return out
