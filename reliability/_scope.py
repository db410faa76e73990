"""Which statements a disclaimer covers ("could not independently verify the DPR's claims").

A disclaimer covers, by what its object is:

* a name ("the DRP's claims", "the Huthis' account"): the statements of that entity,
  through the document's entity registry (acronyms and misspelt acronyms), or, failing
  that, of the entity one edit away from it ("Huthis" for "Houthis");
* a common-noun owner ("the militia's claims"): the statements whose source mention
  holds that noun, and none when no source does;
* a word that refers back to what a source said ("the claims", "these reports", "it"):
  the statements of the source quoted last before it;
* any other noun ("the video's origin", "the footage"): the last statement before it
  that mentions that noun;
* nothing for a non-response ("did not respond to a request for comment", "declined to
  comment"), which says who was asked, not what is doubted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from features._corroboration import source_key
from features._lexicons import read_lexicon
from reliability._entities import (
    EntityRegistry,
    _damerau_at_most_one,
    described_type,
    name_runs,
)
from reliability._records import Span, Statement

__all__ = ["StatementIndex", "disclaimer_scope"]

#: A disclaimer covers statements at most this many statements before or after its own: an
#: article's disclaimer speaks of that article, not of a later one concatenated to it.
SCOPE_WINDOW = 40
#: A disclaimer refers back ("the claims") only to a source quoted at most this far before it.
SCOPE_CHARS = 5000
#: The object's head noun is among its first words ("the claims made by either side").
OBJECT_HEAD_WORDS = 3
#: Words read after an active disclaimer ("could not verify <object>") or before a passive one.
OBJECT_WINDOW_WORDS = 8
#: A misspelt name matches a known one at most one edit away, if it is at least this long.
FUZZY_MIN_CHARS = 5

_CLAUSE_END = re.compile(r"[.;:!?,]|\b(?:because|but|and|as|which|although|though)\b")
_WORD = re.compile(r"[\w’'\-]+")
_MENTION_WORD = re.compile(r"[\w’'.\-]+")
#: A passive disclaimer ("could not be verified"), not "has not been able to verify".
_PASSIVE = re.compile(
    r"\b(?:(?:be|been)(?!\s+able\b)|unverified|unconfirmed|unsubstantiated)\b", re.IGNORECASE
)
_NON_RESPONSE = re.compile(r"\b(?:respond|comment)\b", re.IGNORECASE)
_POSSESSOR = re.compile(r"\b([a-z][\w\-]*)(?:[’']s\b|s[’'](?!\w))")
_POSSESSIVE_END = re.compile(r"(?:[’']s|(?<=s)[’'])$")
#: "either side's account", "claims by both sides": the two sources quoted last.
_BOTH_SIDES = re.compile(r"\b(?:either|both|neither)\s+sides?\b", re.IGNORECASE)
_AUXILIARIES = re.compile(r"\s*\b(?:is|are|was|were|has|have|had|remains?|remained)\s*$", re.I)


def _object_phrase(text: str, disclaimer: Span, sentence_start: int, sentence_end: int) -> str:
    """The noun phrase the disclaimer is about: after it (active) or before it (passive,
    or nothing after it: "the figures are impossible to verify")."""
    before = text[sentence_start : disclaimer.start]
    clause = _AUXILIARIES.sub("", re.split(r"[,;:]", before)[-1]).strip()
    if _PASSIVE.search(disclaimer.text):
        return clause
    after = text[disclaimer.end : sentence_end]
    words = _WORD.findall(_CLAUSE_END.split(after, maxsplit=1)[0])
    if words:
        return " ".join(words[:OBJECT_WINDOW_WORDS])
    # "..., which Reuters could not verify": the relative pronoun is the object
    first = clause.split(maxsplit=1)[:1]
    if first and first[0].lower() in read_lexicon("disclaimer_object_heads.txt"):
        return first[0]
    return clause


def _object_entity(phrase: str, registry: EntityRegistry) -> tuple[str | None, bool]:
    """(entity the object names, whether it names anything): "the DRP's claims" -> the DPR."""
    runs, modifiers = name_runs(phrase)
    names = [r.text for r in reversed(runs)] + modifiers
    for name in names:
        entity = registry.find(name)
        if entity is not None:
            return entity.name, True
    for name in names:
        entity = _near_entity(name, registry)
        if entity is not None:
            return entity, True
    return None, bool(names)


def _near_entity(name: str, registry: EntityRegistry) -> str | None:
    """The entity, last seen first, with a name one edit from ``name`` ("Huthis")."""
    key = re.sub(r"(?:[’']s|(?<=s)[’'])$", "", name.strip()).lower()
    key = re.sub(r"^(?:the|a|an)\s+", "", key)
    if len(key) < FUZZY_MIN_CHARS:
        return None
    for entity in reversed(registry.entities):
        names = {entity.name.lower(), *entity.aliases}
        if any(len(a) >= FUZZY_MIN_CHARS and _damerau_at_most_one(key, a) for a in names):
            return entity.name
    return None


class StatementIndex:
    """Attributed statements of a document by entity and by position, built once."""

    def __init__(self, statements: Sequence[Statement]) -> None:
        self.statements = statements
        self.by_entity: dict[str, list[int]] = {}
        self.attributed: list[int] = []
        for i, statement in enumerate(statements):
            if statement.source is None:
                continue
            self.attributed.append(i)
            if statement.source.entity is not None:
                self.by_entity.setdefault(statement.source.entity, []).append(i)
        self._ends = [statements[i].end for i in self.attributed]
        self._starts = [s.start for s in statements]

    def _window(self, offset: int) -> list[int]:
        """Attributed statements at most ``SCOPE_WINDOW`` statements from ``offset``."""
        here = bisect.bisect_right(self._starts, offset) - 1
        lo = bisect.bisect_left(self.attributed, here - SCOPE_WINDOW)
        hi = bisect.bisect_right(self.attributed, here + SCOPE_WINDOW)
        return self.attributed[lo:hi]

    def of_entity(self, entity: str, offset: int, aliases: frozenset[str]) -> list[int]:
        """Statements within ``SCOPE_WINDOW`` of ``offset`` whose source is ``entity`` or
        speaks for it (an alias in the source or channel mention: "Houthi spokesman X")."""
        covered = []
        for i in self._window(offset):
            statement = self.statements[i]
            source = statement.source
            if source is None:
                continue
            mentions = source.text + " " + (statement.channel.text if statement.channel else "")
            words = {w.lower() for w in _MENTION_WORD.findall(mentions)}
            if source.entity == entity or any(set(a.split()) <= words for a in aliases):
                covered.append(i)
        return covered

    def of_source_noun(self, noun: str, offset: int) -> list[int]:
        """Statements within ``SCOPE_WINDOW`` whose source mention holds ``noun``."""
        forms = {noun, noun + "s", noun.removesuffix("s")}
        return [
            i
            for i in self._window(offset)
            if (source := self.statements[i].source) is not None
            and forms & {w.lower() for w in _WORD.findall(source.text)}
        ]

    def of_source_type(self, source_type: str, offset: int) -> list[int]:
        """Statements within ``SCOPE_WINDOW`` whose source is of type ``source_type``."""
        return [
            i
            for i in self._window(offset)
            if (source := self.statements[i].source) is not None and source.type == source_type
        ]

    def mentioning(self, nouns: Sequence[str], offset: int) -> list[int]:
        """The last statement ending before ``offset`` (within ``SCOPE_CHARS``) that
        mentions one of ``nouns`` (singular or plural)."""
        forms = {f for noun in nouns for f in (noun, noun + "s", noun.removesuffix("s"))}
        k = bisect.bisect_right(self._starts, offset) - 1
        for i in range(k - 1, max(-1, k - 1 - SCOPE_WINDOW), -1):
            statement = self.statements[i]
            if statement.end < offset - SCOPE_CHARS:
                break
            if forms & {w.lower() for w in _WORD.findall(statement.text)}:
                return [i]
        return []

    def last_sources(self, offset: int, count: int) -> list[int]:
        """The statements, within ``SCOPE_CHARS`` before ``offset``, of the last ``count``
        distinct sources quoted before it."""
        keys: list[str] = []
        covered = []
        for i in reversed(self.attributed[: bisect.bisect_right(self._ends, offset)]):
            statement = self.statements[i]
            if statement.end < offset - SCOPE_CHARS:
                break
            key = source_key(statement)
            if key not in keys:
                if len(keys) == count:
                    continue
                keys.append(key)
            covered.append(i)
        return sorted(covered)

    def last_before(self, offset: int) -> int | None:
        """Position of the last attributed statement that ends at or before ``offset``."""
        k = bisect.bisect_right(self._ends, offset)
        return self.attributed[k - 1] if k else None

    def quoted_before(self, offset: int) -> int | None:
        """The attributed statement quoted last before ``offset``: the one holding ``offset``
        if its cue comes first ("X claimed Y, but the claims could not be confirmed"), else
        ``last_before``."""
        own = self.containing(offset)
        if own:
            statement = self.statements[own[0]]
            cue = statement.cue
            if statement.source is not None and cue is not None and cue.end <= offset:
                return own[0]
        return self.last_before(offset)

    def containing(self, offset: int) -> list[int]:
        """Positions of the statements whose span contains ``offset``."""
        k = bisect.bisect_right(self._starts, offset) - 1
        return [k] if k >= 0 and offset < self.statements[k].end else []


def disclaimer_scope(
    text: str,
    disclaimer: Span,
    sentence: tuple[int, int],
    index: StatementIndex,
    registry: EntityRegistry,
) -> list[int]:
    """Return the positions in ``index.statements`` of the statements ``disclaimer`` covers."""
    if _NON_RESPONSE.search(disclaimer.text):
        return []
    phrase = _object_phrase(text, disclaimer, *sentence)
    if not phrase and _PASSIVE.search(disclaimer.text):
        # "according to unconfirmed reports, ...": the disclaimer's own statement
        return index.containing(disclaimer.start)
    entity, names_something = _object_entity(phrase, registry)
    if entity is not None:
        return index.of_entity(entity, disclaimer.start, registry.aliases(entity))
    if names_something:
        return []
    if _BOTH_SIDES.search(phrase):
        return index.last_sources(disclaimer.start, 2)
    heads = read_lexicon("disclaimer_object_heads.txt")
    stop = read_lexicon("stopwords.txt")
    words = [_POSSESSIVE_END.sub("", w.lower()) for w in _WORD.findall(phrase)]
    owner = _POSSESSOR.search(phrase)
    if owner is not None and owner.group(1) not in heads and set(words) & heads:
        # "the militia's claims": the statements of the entity "the militia" refers back to,
        # else of a source called a militia, if any
        if owner.group(1) in stop:
            return []
        noun = re.sub(r"[’']s?$", "", owner.group(0))  # "separatists'", "group's"
        entity = registry.refers_to(f"the {noun}", disclaimer.start)
        if entity is not None:
            return index.of_entity(entity, disclaimer.start, registry.aliases(entity))
        covered = index.of_source_noun(owner.group(1), disclaimer.start)
        described = described_type(owner.group(1))
        if covered or described is None:
            return covered
        # "the separatists' claims" where no source is called so: the sources of that type
        return index.of_source_type(described, disclaimer.start)
    words = words[:OBJECT_HEAD_WORDS]
    if not set(words) & heads:
        # "the video's origin", "the footage": the last statement that mentions it
        nouns = [w for w in words if w not in stop and len(w) > 2 and w.isalpha()]
        return index.mentioning(nouns, disclaimer.start) if nouns else []
    last = index.quoted_before(disclaimer.start)
    if last is None or index.statements[last].end < disclaimer.start - SCOPE_CHARS:
        return []
    source = index.statements[last].source
    if source is None or source.entity is None:
        return [last]
    return index.of_entity(source.entity, disclaimer.start, registry.aliases(source.entity))
