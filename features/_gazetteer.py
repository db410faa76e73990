"""A gazetteer of named sources (outlets, agencies, groups, bodies, people) and their SPEC types.

Entries come from ``features/data/source_gazetteer.tsv`` (name, aliases separated by ``|``,
type, country, and a note giving the evidence); users add their own file in the same columns.
Names match ignoring case, a leading "the", possessive ’s/'s and punctuation, except that
short acronyms which are also words ("WHO", "US") must be written in capitals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from features._lexicons import read_lexicon, read_table, read_table_file
from reliability._exceptions import SchemaError
from reliability._records import SOURCE_TYPES

__all__ = ["MENTION_TYPES", "Gazetteer", "GazetteerEntry", "lookup_entity"]

#: Types a mention can have: every SPEC type but "narrator", which means "no source".
MENTION_TYPES = tuple(t for t in SOURCE_TYPES if t != "narrator")
GAZETTEER_FILE = "source_gazetteer.tsv"
GAZETTEER_COLUMNS = ("name", "aliases", "type", "country", "note")
ACRONYM_MAX = 3  # acronyms this short that are also words ("WHO", "US") need capitals
TOKEN_CACHE = 4096  # texts whose tokens are kept: the mentions and sentences of a few articles

_APOSTROPHES = re.compile(r"[’‘`´]")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?!\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+")


class _Token(NamedTuple):
    norm: str
    surface: str


@lru_cache(maxsize=TOKEN_CACHE)
def _tokens(text: str) -> tuple[_Token, ...]:
    """Split ``text`` into word tokens, folding apostrophes, possessives and periods.

    Cached: one mention's sentence is split by several rules, and the extractor types every
    mention of a sentence in turn.
    """
    if "'" in text or "’" in text or "‘" in text or "`" in text or "´" in text:
        text = _POSSESSIVE.sub("", _APOSTROPHES.sub("'", text))
    text = text.replace(".", "")
    words = _TOKEN.findall(text)
    norms = _TOKEN.findall(text.lower())
    if len(norms) != len(words):  # lower-casing changed a word's length ("İ"): one at a time
        norms = [w.lower() for w in words]
    # tuple.__new__ builds the named tuples in C: the tokenizer runs on every mention.
    return tuple(map(tuple.__new__, repeat(_Token, len(words)), zip(norms, words, strict=True)))


def _norms(text: str) -> list[str]:
    """The norms of ``_tokens(text)``, uncached and without building tokens: for one-off slices.

    ASCII text, by far the most common, takes a short cut (lower-casing maps each ASCII word to
    itself in lower case); any other text goes through the tokenizer itself.
    """
    if not text.isascii():
        return [t.norm for t in _tokens.__wrapped__(text)]
    if "'" in text or "`" in text:
        text = _POSSESSIVE.sub("", _APOSTROPHES.sub("'", text))
    return _TOKEN.findall(text.replace(".", "").lower())


@lru_cache(maxsize=1)
def _function_words() -> Mapping[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for row in read_table("source_function_words.tsv"):
        roles.setdefault(row["role"], set()).add(row["word"].lower())
    return {role: frozenset(words) for role, words in roles.items()}


def _key(text: str, *, strip_the: bool) -> tuple[str, ...]:
    key = tuple(t.norm for t in _tokens(text))
    if strip_the and key[:1] and key[0] in _function_words()["determiner"]:
        key = key[1:]
    return key


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= ACRONYM_MAX


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A named source: canonical name, aliases, SPEC type, country and the evidence."""

    name: str
    aliases: tuple[str, ...] = ()
    type: str = "unknown"
    country: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.type not in MENTION_TYPES:
            msg = (
                f"'type' of gazetteer entry {self.name!r} must be in {MENTION_TYPES} "
                f"(got {self.type!r})"
            )
            raise SchemaError(msg, field="type")

    @property
    def is_person(self) -> bool:
        """Whether the entry names a person (its note starts with "person")."""
        return self.note.lower().startswith("person")

    @property
    def is_party(self) -> bool:
        """Whether the entry is a political party (its note says so): its people are politicians."""
        note = self.note.lower()
        return "political party" in note or "ruling party" in note

    @property
    def is_think_tank(self) -> bool:
        """Whether the entry is a think tank (its note says so): its scholars speak as experts."""
        return "think tank" in self.note.lower()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Named sources and their types; later entries override earlier ones with the same alias.

    Parameters
    ----------
    entries : tuple of GazetteerEntry
        The entries, in order of increasing precedence.

    Examples
    --------
    >>> Gazetteer.default().lookup("the TASS").type
    'state_media'
    """

    entries: tuple[GazetteerEntry, ...] = ()
    _names: dict[tuple[str, ...], GazetteerEntry] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _phrases: dict[tuple[str, ...], tuple[GazetteerEntry, str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _acronyms: dict[str, GazetteerEntry] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _prefixes: set[tuple[str, ...]] = field(
        init=False, repr=False, compare=False, default_factory=set
    )

    def __post_init__(self) -> None:
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                acronym = _is_acronym(alias)
                full, bare = _key(alias, strip_the=False), _key(alias, strip_the=True)
                if not bare:
                    continue
                self._names[bare] = entry
                if len(bare) == 1 and alias.isupper() and alias.isalpha() and len(alias) >= 3:
                    self._acronyms[alias] = entry
                # "The Hill" must not match "Capitol Hill", nor "The Economist" "the economist":
                # a one-word name written with "the" needs its "the" and a capital.
                titled = len(bare) == 1 and full != bare
                self._phrases[full] = (entry, "acronym" if acronym else "capital" if titled else "")
                if not titled:
                    self._phrases[bare] = (entry, "acronym" if acronym else "")
        for key in self._phrases:
            self._prefixes.update(key[:n] for n in range(1, len(key) + 1))

    @classmethod
    def default(cls) -> Gazetteer:
        """Return the gazetteer shipped in ``features/data/source_gazetteer.tsv`` (cached)."""
        return _default_gazetteer()

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, str]], where: str = "rows") -> Gazetteer:
        """Build a gazetteer from mappings with the columns name, aliases, type, country, note."""
        entries = []
        for number, row in enumerate(rows, start=1):
            missing = [c for c in ("name", "type") if not row.get(c)]
            if missing:
                msg = f"{where}: entry {number} lacks {missing}; columns: {list(GAZETTEER_COLUMNS)}"
                raise SchemaError(msg, field=missing[0])
            aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
            try:
                entries.append(
                    GazetteerEntry(
                        row["name"],
                        aliases,
                        row["type"],
                        row.get("country", ""),
                        row.get("note", ""),
                    )
                )
            except SchemaError as exc:
                msg = f"{where}: entry {number}: {exc}"
                raise SchemaError(msg, field="type") from exc
        return cls(tuple(entries))

    @classmethod
    def from_file(cls, path: str | Path) -> Gazetteer:
        """Read a user's tab-separated gazetteer with the same columns as the shipped one."""
        return cls.from_rows(read_table_file(path), str(path))

    def merged(self, other: Gazetteer) -> Gazetteer:
        """Return a new gazetteer with ``other``'s entries added; they win on shared aliases."""
        return Gazetteer(self.entries + other.entries)

    extend = merged

    def lookup(self, name: str) -> GazetteerEntry | None:
        """Return the entry for ``name`` (ignoring case, a leading "the", ’s and punctuation)."""
        key = _key(name, strip_the=True)
        entry = self._names.get(key)
        if entry is None or not any(_is_acronym(a) for a in (entry.name, *entry.aliases)):
            return entry
        return entry if _acronym_ok(name, key, entry) else None

    def misspelled_acronym(self, word: str) -> GazetteerEntry | None:
        """Return the entry of an acronym ``word`` misspells by swapping two adjacent letters.

        Typing slips like "DRP" for "DPR" are common in hurried copy; only all-capital words of
        three or more letters that match no entry themselves are tried.
        """
        if len(word) < 3 or not (word.isupper() and word.isalpha()) or word in self._acronyms:
            return None
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped in self._acronyms:
                return self._acronyms[swapped]
        return None

    def __len__(self) -> int:
        return len(self.entries)


def _acronym_ok(name: str, key: tuple[str, ...], entry: GazetteerEntry) -> bool:
    """An acronym that is also a word ("WHO") matches "WHO" or all-lower "who", not "Who"."""
    for alias in (entry.name, *entry.aliases):
        if _key(alias, strip_the=True) == key and not _is_acronym(alias):
            return True
    words = read_lexicon("source_acronym_words.txt")
    tail = _tokens(name)[-len(key) :]
    return name == name.lower() or all(t.surface.isupper() or t.norm not in words for t in tail)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.from_rows(read_table(GAZETTEER_FILE), GAZETTEER_FILE)


def lookup_entity(name: str) -> GazetteerEntry | None:
    """Return the shipped gazetteer's entry for ``name`` (e.g. "TASS"), or None.

    Parameters
    ----------
    name : str
        An entity name as written, with or without "the" and a possessive.

    Returns
    -------
    GazetteerEntry or None

    Examples
    --------
    >>> lookup_entity("the DPR’s").name
    "Donetsk People's Republic"
    """
    return _default_gazetteer().lookup(name)
