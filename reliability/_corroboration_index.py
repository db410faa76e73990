"""Cross-document corroboration: which independent outlets support or deny each statement.

A ``CorroborationIndex`` takes many analyzed articles (a night's batch), one at a
time, and keeps per statement only a hashed, sparse vector of its claim terms and
a few integers, so memory grows with the number of statements, not with the text.
``corroboration()`` then finds, for every statement, the statements of *other*
origins that assert the same proposition (cosine of TF-IDF-weighted hashed stems,
searched in row blocks of a sparse product, so the similarity matrix is never
held whole) and counts the distinct origins that support and that deny it.

Independence. Each statement gets an *origin*, and an origin counts once:

- a statement attributed to a named source has the source as origin, so one
  source quoted by many outlets ("the ministry said", "according to Reuters")
  is one origin;
- a statement in the publisher's own voice (or from an anonymous source) has as
  origin the wire agency the article credits ("(Reuters) -", "(AP)"), else the
  group of near-duplicate articles it belongs to (one wire story republished by
  many outlets), else its outlet, so an outlet repeating its own earlier report
  is one origin.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import BinaryIO

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from features._corroboration import NARRATOR, claim_polarity, claim_terms, source_key
from features._lexicons import read_lexicon
from reliability._exceptions import SchemaError
from reliability._records import Analysis, ScoredStatement, Source, Span, Statement

__all__ = ["CorroborationIndex", "corroborate_frame", "wire_credit"]

#: Source types whose mention does not identify one source: they fall back to the article.
UNIDENTIFIED_SOURCES = frozenset({"anonymous", "unknown", "narrator"})
#: Characters at the start of an article searched for a wire credit.
CREDIT_CHARS = 300
_CREDIT_PAREN = re.compile(r"\(\s*([^()\n]{1,40}?)\s*\)")


@cache
def _wire_agencies() -> dict[str, str]:
    """Map each lower-cased wire credit (name or alias) to its agency."""
    agencies: dict[str, str] = {}
    for line in read_lexicon("corroboration_wire_agencies.txt"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for name in names:
            agencies[name] = names[0]
    return agencies


def wire_credit(text: str) -> str | None:
    """Return the wire agency an article credits at its start ("LONDON (Reuters) -"), if any."""
    agencies = _wire_agencies()
    head = text[:CREDIT_CHARS]
    for match in _CREDIT_PAREN.finditer(head):
        agency = agencies.get(match.group(1).lower())
        if agency is not None:
            return agency
    return None


def _analyzer(text: str) -> list[str]:
    """Claim terms and their adjacent pairs: the hashed features of a statement."""
    terms = claim_terms(text)
    return terms + [f"{a} {b}" for a, b in pairwise(terms)]


def _document_analyzer(text: str) -> list[str]:
    """Word 3-shingles of an article: near-duplicate articles share most of them."""
    words = claim_terms(text)
    return [" ".join(words[i : i + 3]) for i in range(max(0, len(words) - 2))]


def _csr_arrays(matrix: sp.csr_matrix) -> dict[str, np.ndarray]:
    return {
        "data": matrix.data,
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "rows": np.asarray([matrix.shape[0]]),
    }


def _csr_from(saved: Mapping[str, np.ndarray], name: str, width: tuple[int]) -> sp.csr_matrix:
    shape = (int(saved[f"{name}_rows"][0]), *width)
    arrays = (saved[f"{name}_data"], saved[f"{name}_indices"], saved[f"{name}_indptr"])
    return sp.csr_matrix(arrays, shape=shape)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True, slots=True)
class _Article:
    doc_id: str
    outlet: str
    wire: str | None


def _neighbours(
    matrix: sp.csr_matrix, threshold: float, block: int, limit: int
) -> Iterable[tuple[int, np.ndarray, np.ndarray]]:
    """Yield (row, neighbour rows, similarities) with cosine >= threshold, at most ``limit``."""
    transposed = matrix.T.tocsr()  # converted once, not once per block product
    for start in range(0, matrix.shape[0], block):
        product = (matrix[start : start + block] @ transposed).tocsr()
        for offset in range(product.shape[0]):
            row = start + offset
            lo, hi = product.indptr[offset], product.indptr[offset + 1]
            cols, sims = product.indices[lo:hi], product.data[lo:hi]
            keep = (sims >= threshold) & (cols != row)
            cols, sims = cols[keep], sims[keep]
            if len(cols) > limit:
                top = np.argsort(-sims, kind="stable")[:limit]
                cols, sims = cols[top], sims[top]
            yield row, cols, sims


class CorroborationIndex:
    """Supporting and denying outlets of each statement across many analyzed articles.

    Add articles with ``add`` (one ``Analysis`` or a sequence of statements at a
    time) or ``extend``; then ``corroboration()`` returns one row per statement.
    Memory is bounded by the hashed feature width and the number of statements:
    the index keeps no text, only a sparse vector and a few integers per statement.

    Parameters
    ----------
    min_similarity : float, default=0.5
        Cosine similarity of claim terms from which two statements assert the same claim.
    duplicate_similarity : float, default=0.8
        Cosine similarity of word 3-shingles from which two articles are copies of one story.
    n_features : int, default=2**20
        Width of the hashed feature space.
    max_neighbours : int, default=200
        Most similar statements kept per statement.
    block_size : int, default=512
        Rows per block of the similarity search; bounds the memory of one block.

    Attributes
    ----------
    n_statements : int
        Statements added so far.
    n_articles : int
        Articles added so far.

    Examples
    --------
    >>> import reliability
    >>> index = CorroborationIndex()
    >>> index.add(reliability.analyze("Officials said the dam collapsed.", doc_id="a", outlet="A"))
    >>> index.add(reliability.analyze("Witnesses said the dam collapsed.", doc_id="b", outlet="B"))
    >>> index.corroboration()["n_supporters"].tolist()
    [1, 1]
    """

    def __init__(
        self,
        *,
        min_similarity: float = 0.5,
        duplicate_similarity: float = 0.8,
        n_features: int = 2**20,
        max_neighbours: int = 200,
        block_size: int = 512,
    ) -> None:
        for name, value in (
            ("min_similarity", min_similarity),
            ("duplicate_similarity", duplicate_similarity),
        ):
            if not 0.0 < value <= 1.0:
                msg = f"'{name}' must be in (0, 1] (got {value!r})"
                raise ValueError(msg)
        for name, value in (
            ("n_features", n_features),
            ("max_neighbours", max_neighbours),
            ("block_size", block_size),
        ):
            if not isinstance(value, int) or value < 1:
                msg = f"'{name}' must be a positive int (got {value!r})"
                raise ValueError(msg)
        self.min_similarity = min_similarity
        self.duplicate_similarity = duplicate_similarity
        self.n_features = n_features
        self.max_neighbours = max_neighbours
        self.block_size = block_size
        self._hasher = HashingVectorizer(
            analyzer=_analyzer, n_features=n_features, alternate_sign=False, norm=None
        )
        self._doc_hasher = HashingVectorizer(
            analyzer=_document_analyzer, n_features=n_features, alternate_sign=False, norm="l2"
        )
        self._articles: list[_Article] = []
        self._doc_blocks: list[sp.csr_matrix] = []
        self._blocks: list[sp.csr_matrix] = []
        self._doc_of: list[np.ndarray] = []
        self._statement_ids: list[np.ndarray] = []
        self._polarity: list[np.ndarray] = []
        self._source: list[np.ndarray] = []
        self._source_names: dict[str, int] = {}

    @property
    def n_statements(self) -> int:
        """Statements added so far."""
        return sum(len(b) for b in self._doc_of)

    @property
    def n_articles(self) -> int:
        """Articles added so far."""
        return len(self._articles)

    def add(
        self,
        article: Analysis | Sequence[Statement | ScoredStatement],
        *,
        outlet: str | None = None,
        text: str | None = None,
    ) -> None:
        """Add one article: an ``Analysis``, or its statements with ``outlet`` and ``text``.

        Parameters
        ----------
        article : Analysis or sequence of Statement or ScoredStatement
            The analyzed article. A bare sequence must hold one ``doc_id``.
        outlet : str, optional
            The publishing outlet; default the analysis's ``outlet``, else the ``doc_id``
            (each unnamed article is then its own outlet).
        text : str, optional
            The article text, for wire credits and near-duplicates; default the analysis's.
        """
        if isinstance(article, Analysis):
            statements = [s.statement for s in article.statements]
            doc_id = article.doc_id
            outlet = outlet if outlet is not None else article.outlet
            text = text if text is not None else article.text
        else:
            if isinstance(article, (str, bytes)):
                msg = (
                    "CorroborationIndex.add expects an Analysis or a sequence of statements "
                    "(got a str)"
                )
                raise TypeError(msg)
            statements = [s.statement if isinstance(s, ScoredStatement) else s for s in article]
            for position, item in enumerate(statements):
                if not isinstance(item, Statement):
                    msg = (
                        "CorroborationIndex.add expects Statement or ScoredStatement items "
                        f"(got {type(item).__name__} at position {position})"
                    )
                    raise TypeError(msg)
            doc_ids = sorted({s.doc_id for s in statements})
            if len(doc_ids) > 1:
                msg = f"CorroborationIndex.add expects one article (got doc_ids {doc_ids[:3]})"
                raise ValueError(msg)
            doc_id = doc_ids[0] if doc_ids else f"<article {len(self._articles)}>"
            text = text if text is not None else " ".join(s.text for s in statements)
        number = len(self._articles)
        self._articles.append(
            _Article(doc_id=doc_id, outlet=outlet or doc_id, wire=wire_credit(text))
        )
        self._doc_blocks.append(self._doc_hasher.transform([text]).astype(np.float32))
        self._blocks.append(
            self._hasher.transform([s.content.text for s in statements]).astype(np.float32)
        )
        self._doc_of.append(np.full(len(statements), number, dtype=np.int32))
        self._statement_ids.append(np.asarray([s.statement_id for s in statements], dtype=np.int32))
        self._polarity.append(np.asarray([claim_polarity(s) for s in statements], dtype=np.int8))
        self._source.append(np.asarray([self._source_id(s) for s in statements], dtype=np.int32))

    def extend(self, articles: Iterable[Analysis]) -> CorroborationIndex:
        """Add many analyses; return the index."""
        for article in articles:
            self.add(article)
        return self

    def save(self, file: str | os.PathLike[str] | BinaryIO) -> None:
        """Write what the index holds (no text) to an ``.npz`` file that ``load`` adds back.

        A worker can index its share of a batch and save it; one process then loads
        every share into one index, in order, as if it had added the articles itself.
        """
        meta = {
            "n_features": self.n_features,
            "articles": [[a.doc_id, a.outlet, a.wire] for a in self._articles],
            "sources": sorted(self._source_names, key=self._source_names.__getitem__),
        }
        matrix, documents = self._stacked(self._blocks), self._stacked(self._doc_blocks)
        np.savez(
            file,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            **{f"statements_{k}": v for k, v in _csr_arrays(matrix).items()},
            **{f"documents_{k}": v for k, v in _csr_arrays(documents).items()},
            doc_of=self._concatenated(self._doc_of, np.int32),
            statement_ids=self._concatenated(self._statement_ids, np.int32),
            polarity=self._concatenated(self._polarity, np.int8),
            source=self._concatenated(self._source, np.int32),
        )

    def load(self, file: str | os.PathLike[str] | BinaryIO) -> CorroborationIndex:
        """Add the articles of an index written by ``save`` after those held; return the index.

        Raises
        ------
        ValueError
            When the saved index hashed into another number of features.
        """
        with np.load(file) as saved:
            meta = json.loads(saved["meta"].tobytes().decode("utf-8"))
            if meta["n_features"] != self.n_features:
                msg = f"saved index has n_features={meta['n_features']}, not {self.n_features}"
                raise ValueError(msg)
            width = (self.n_features,)
            matrix = _csr_from(saved, "statements", width)
            documents = _csr_from(saved, "documents", width)
            ids = np.asarray(
                [self._source_names.setdefault(n, len(self._source_names)) for n in meta["sources"]]
                + [-1],
                dtype=np.int32,
            )
            offset = len(self._articles)
            self._articles.extend(_Article(d, o, w) for d, o, w in meta["articles"])
            self._doc_blocks.append(documents)
            self._blocks.append(matrix)
            self._doc_of.append(saved["doc_of"] + np.int32(offset))
            self._statement_ids.append(saved["statement_ids"])
            self._polarity.append(saved["polarity"])
            self._source.append(ids[saved["source"]])  # -1 (no source) indexes the last
        return self

    def _stacked(self, blocks: list[sp.csr_matrix]) -> sp.csr_matrix:
        if not blocks:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        return sp.vstack(blocks, format="csr", dtype=np.float32)

    @staticmethod
    def _concatenated(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(arrays).astype(dtype) if arrays else np.empty(0, dtype=dtype)

    def _source_id(self, statement: Statement) -> int:
        """Id of the statement's source, or -1 when its origin is its article's own voice.

        Sources resolved to an entity are the same source in every article; a mention
        without an entity ("local officials", "witnesses") is the same source only
        within one article's origin, which ``corroboration`` scopes it to.
        """
        if statement.source is None or statement.source.type in UNIDENTIFIED_SOURCES:
            return -1
        key = source_key(statement)
        if key == NARRATOR:
            return -1
        if statement.source.entity is None:
            key = f"mention:{key}"
        return self._source_names.setdefault(key, len(self._source_names))

    def _article_origins(self) -> tuple[np.ndarray, dict[tuple[str, str], int]]:
        """Origin id of each article's own voice: wire agency, copy group, or outlet."""
        n = len(self._articles)
        groups = _UnionFind(n)
        if n > 1:
            documents = sp.vstack(self._doc_blocks).tocsr()
            for row, cols, _ in _neighbours(
                documents, self.duplicate_similarity, self.block_size, self.max_neighbours
            ):
                for col in cols:
                    groups.union(row, int(col))
        roots = [groups.find(i) for i in range(n)]
        sizes = Counter(roots)
        # A copy that drops the dateline still carries the story of the copy that credits it.
        group_wire: dict[int, str] = {}
        for root, article in zip(roots, self._articles, strict=True):
            if article.wire is not None:
                group_wire.setdefault(root, article.wire)
        names: dict[tuple[str, str], int] = {}
        origins = np.empty(n, dtype=np.int64)
        for i, (root, article) in enumerate(zip(roots, self._articles, strict=True)):
            wire = article.wire or group_wire.get(root)
            if wire is not None:
                key = ("source", wire.lower())
            elif sizes[root] > 1:
                key = ("group", str(root))
            else:
                key = ("outlet", article.outlet.lower())
            origins[i] = names.setdefault(key, len(names))
        return origins, names

    def corroboration(self) -> pd.DataFrame:
        """Return one row per statement with its supporting and denying origins and outlets.

        Returns
        -------
        DataFrame
            Columns ``doc_id``, ``statement_id``, ``outlet``, ``origin``,
            ``n_supporters`` and ``n_deniers`` (distinct independent origins, the
            statement's own excluded), ``supporting_outlets`` and ``denying_outlets``
            (sorted outlet names of the matching statements), in the order added.
        """
        columns = [
            "doc_id",
            "statement_id",
            "outlet",
            "origin",
            "n_supporters",
            "n_deniers",
            "supporting_outlets",
            "denying_outlets",
        ]
        if not self._blocks or self.n_statements == 0:
            return pd.DataFrame({c: [] for c in columns})
        matrix = sp.vstack(self._blocks).tocsr()
        doc_of = np.concatenate(self._doc_of)
        polarity = np.concatenate(self._polarity)
        source = np.concatenate(self._source).astype(np.int64)
        article_origin, article_names = self._article_origins()
        # Named sources and article origins share one id space: a wire credited in the
        # dateline and the same wire named as a source ("Reuters reported") are one origin.
        by_name = {name: i for (kind, name), i in article_names.items() if kind == "source"}
        ids: dict[object, int] = {key: i for key, i in article_names.items()}
        names = sorted(self._source_names, key=self._source_names.__getitem__)
        origin = np.empty(len(source), dtype=np.int64)
        for row, (sid, doc) in enumerate(zip(source.tolist(), doc_of.tolist(), strict=True)):
            if sid < 0:
                origin[row] = article_origin[doc]
                continue
            name = names[sid]
            if name.startswith("mention:"):
                key: object = ("mention", name, int(article_origin[doc]))
            elif name in by_name:
                origin[row] = by_name[name]
                continue
            else:
                key = ("entity", name)
            origin[row] = ids.setdefault(key, len(ids))
        weighted = normalize(matrix @ sp.diags(self._idf(matrix)))
        outlets = [a.outlet for a in self._articles]
        supporters = np.zeros(len(origin), dtype=np.int32)
        deniers = np.zeros(len(origin), dtype=np.int32)
        supporting: list[list[str]] = [[] for _ in origin]
        denying: list[list[str]] = [[] for _ in origin]
        for row, cols, _ in _neighbours(
            weighted, self.min_similarity, self.block_size, self.max_neighbours
        ):
            cols = cols[origin[cols] != origin[row]]
            if not len(cols):
                continue
            agrees = polarity[cols] == polarity[row]
            supporters[row] = len(np.unique(origin[cols[agrees]]))
            deniers[row] = len(np.unique(origin[cols[~agrees]]))
            supporting[row] = sorted({outlets[d] for d in doc_of[cols[agrees]]})
            denying[row] = sorted({outlets[d] for d in doc_of[cols[~agrees]]})
        return pd.DataFrame(
            {
                "doc_id": [self._articles[d].doc_id for d in doc_of],
                "statement_id": np.concatenate(self._statement_ids),
                "outlet": [outlets[d] for d in doc_of],
                "origin": origin,
                "n_supporters": supporters,
                "n_deniers": deniers,
                "supporting_outlets": supporting,
                "denying_outlets": denying,
            },
            columns=columns,
        )

    @staticmethod
    def _idf(matrix: sp.csr_matrix) -> np.ndarray:
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        return (np.log((1 + matrix.shape[0]) / (1 + df)) + 1).astype(np.float32)


#: Columns ``corroborate_frame`` adds, named after ``CorroborationIndex.corroboration()``'s.
FRAME_RESULT_COLUMNS = (
    "n_supporters",
    "n_deniers",
    "supporting_outlets",
    "denying_outlets",
)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def _statement_from_row(row: pd.Series) -> Statement:
    """The fields of a flattened statement record that corroboration reads."""
    content = str(row["content_text"])
    source = cue = None
    if _present(row.get("source_text")) and _present(row.get("source_type")):
        name = str(row["source_text"])
        entity = row.get("source_entity")
        source = Source(
            name, 0, len(name), str(row["source_type"]), entity if _present(entity) else None
        )
    if _present(row.get("cue_kind")):
        cue = Span("", 0, 0, str(row["cue_kind"]))
    return Statement(
        doc_id=str(row["doc_id"]),
        statement_id=int(row["statement_id"]),
        start=0,
        end=len(content),
        text=str(row.get("text", content)),
        content=Span(content, 0, len(content)),
        source=source,
        cue=cue,
    )


def corroborate_frame(
    statements: pd.DataFrame,
    *,
    outlets: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
    index: CorroborationIndex | None = None,
) -> pd.DataFrame:
    """Add cross-document corroboration columns to a frame of flattened statement records.

    The frame is what ``Analysis.to_frame()``, ``score_frame`` or ``reliability batch``
    write: it needs ``doc_id``, ``statement_id`` and ``content_text``, and reads
    ``source_text``, ``source_type``, ``source_entity`` and ``cue_kind`` when present.

    Parameters
    ----------
    statements : DataFrame
        One row per statement.
    outlets : mapping, optional
        ``doc_id`` to outlet name; default an ``outlet`` column if any, else each
        document is its own outlet.
    texts : mapping, optional
        ``doc_id`` to article text, for wire credits and near-duplicate articles;
        default the statements' texts joined.
    index : CorroborationIndex, optional
        An empty index with your parameters; default ``CorroborationIndex()``.

    Returns
    -------
    DataFrame
        A copy of ``statements`` with ``corroboration_n_supporters``,
        ``corroboration_n_deniers``, ``corroboration_supporting_outlets`` and
        ``corroboration_denying_outlets``.

    Raises
    ------
    SchemaError
        When a needed column is missing.
    """
    missing = [c for c in ("doc_id", "statement_id", "content_text") if c not in statements]
    if missing:
        msg = f"corroborate_frame needs columns {missing} (got {list(statements.columns)})"
        raise SchemaError(msg, field=missing[0])
    index = index if index is not None else CorroborationIndex()
    if outlets is None and "outlet" in statements:
        outlets = dict(zip(statements["doc_id"], statements["outlet"], strict=True))
    for doc_id, group in statements.groupby("doc_id", sort=False):
        records = [_statement_from_row(row) for _, row in group.iterrows()]
        index.add(
            records,
            outlet=None if outlets is None else outlets.get(doc_id),
            text=None if texts is None else texts.get(doc_id),
        )
    answer = index.corroboration()[["doc_id", "statement_id", *FRAME_RESULT_COLUMNS]]
    answer = answer.rename(columns={c: f"corroboration_{c}" for c in FRAME_RESULT_COLUMNS})
    keys = statements[["doc_id", "statement_id"]].astype({"doc_id": str, "statement_id": int})
    merged = keys.merge(answer, on=["doc_id", "statement_id"], how="left", validate="one_to_one")
    out = statements.copy()
    for column in answer.columns[2:]:
        out[column] = merged[column].to_numpy()
    return out
