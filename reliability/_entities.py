"""The entities of one document, and which entity each source mention names.

Mentions resolve to an entity named earlier by its full name, a defined acronym
("Donetsk People's Republic (DPR)"), a misspelt acronym ("DRP"), a surname
("Assad" for "Bashar al-Assad"), a gazetteer alias, or by reference back: a
pronoun ("he"), or a nominal such as "the group" or "the ministry".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from features._lexicons import read_lexicon, read_table
from features._source_type import lookup_entity, source_type

__all__ = ["Entity", "EntityRegistry"]

#: Types that a body inherits from the entity that owns it or that it refers back to.
INHERITED_TYPES = frozenset(
    {"separatist_or_militant", "state_media", "international_org", "news_outlet", "government"}
)
#: Types that only the mention itself can tell (one person of an organisation may be a witness).
MENTION_ONLY_TYPES = frozenset({"social_media", "anonymous", "witness", "expert"})
#: Mention types that the entity's type may refine.
REFINABLE_TYPES = frozenset({"unknown", "government", "organization", "politician"})

_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_NAME_WORD = re.compile(r"(?:(?:al|el|bin|ibn|abu|de|da|van|von)-)?[A-Z][\w’'.\-]*")
_LINKS = frozenset({"of", "the", "for", "and", "al", "bin", "de", "von", "van", "da", "del", "le"})
_POSSESSIVE = re.compile(r"[’']s\b")
_WORD = re.compile(r"[\w’'.\-]+|,")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def _normalize(name: str) -> str:
    name = _ACRONYM.sub("", name.translate(_APOSTROPHES))
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)
    name = re.sub(r"'s$", "", re.sub(r"\s+", " ", name).strip(" ,."))
    return name.lower()


def _damerau_at_most_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit or one transposition."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and (a[diffs[1]] == b[diffs[0]])
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=1)
def _anaphora_heads() -> dict[str, str]:
    return {row["head"].lower(): row["kind"] for row in read_table("anaphora_heads.tsv")}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


@dataclass(slots=True)
class Entity:
    """An entity of the document: canonical name, aliases, person or organisation, type."""

    name: str
    kind: str
    type: str
    aliases: set[str] = field(default_factory=set)
    last_seen: int = 0


class EntityRegistry:
    """Entities of one document, filled in document order; resolves source mentions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self._define_acronyms()

    def _define_acronyms(self) -> None:
        """Register "Full Name (ACR)" definitions: the acronym becomes an alias of the name."""
        for match in _ACRONYM.finditer(self.text):
            acronym = match.group(1)
            before = self.text[max(0, match.start() - 120) : match.start()]
            words = [w for w in _WORD.findall(before) if w != ","]
            for size in range(len(acronym), min(len(words), len(acronym) + 4) + 1):
                candidate = words[-size:]
                if candidate[0][:1].isupper() and _initials(candidate) == acronym:
                    name = " ".join(candidate)
                    entity = self.find(name) or self._add(name, "org", match.start(), "")
                    entity.aliases.add(acronym.lower())
                    break

    def _add(self, name: str, kind: str, position: int, context: str) -> Entity:
        entry = lookup_entity(name)
        canonical = entry.name if entry is not None else name.strip()
        entity_type = entry.type if entry is not None else source_type(name, context)
        entity = Entity(canonical, kind, entity_type, {_normalize(name)}, position)
        entity.aliases.add(_normalize(canonical))
        if entry is not None:
            entity.aliases.update(_normalize(a) for a in entry.aliases)
        self.entities.append(entity)
        return entity

    def find(self, name: str) -> Entity | None:
        """The entity ``name`` names, by alias, misspelt acronym, surname or gazetteer entry."""
        key = _normalize(name)
        if not key:
            return None
        for entity in reversed(self.entities):
            if key in entity.aliases:
                return entity
        bare = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)
        if key.isalpha() and bare.isupper() and 3 <= len(key) <= 6:
            for entity in reversed(self.entities):
                acronyms = (a for a in entity.aliases if a.isalpha() and len(a) <= 6)
                if any(_damerau_at_most_one(key, a) for a in acronyms):
                    return entity
        words = key.split()
        if len(words) <= 2:
            for entity in reversed(self.entities):
                surname = entity.name.lower().split()[-1]
                if entity.kind == "person" and (
                    surname == words[-1] or surname.endswith("-" + words[-1])
                ):
                    return entity
        entry = lookup_entity(name)
        if entry is not None:
            canonical = _normalize(entry.name)
            for entity in reversed(self.entities):
                if canonical in entity.aliases:
                    return entity
        return None

    def observe(self, sentence: str, position: int) -> None:
        """Register the people named with a title in ``sentence`` ("Syrian President X Y")."""
        titles = read_lexicon("person_titles.txt")
        words = list(_WORD.finditer(sentence))
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and words[j].group(0).lower() in titles:
                j += 1
            if j > i:
                k = j
                while (
                    k < len(words)
                    and words[k].group(0).lower() not in titles
                    and (
                        _NAME_WORD.fullmatch(words[k].group(0))
                        or words[k].group(0).lower() in _LINKS
                    )
                ):
                    k += 1
                names = [w.group(0) for w in words[j:k]]
                while names and names[-1].lower() in _LINKS:
                    names.pop()
                if len(names) >= 2 and names[0][:1].isupper():
                    name = " ".join(names)
                    mention = sentence[words[i].start() : words[j + len(names) - 1].end()]
                    entity = self.find(name)
                    if entity is None:
                        entity = self._add(name, "person", position, sentence)
                        entity.type = source_type(mention, sentence)
                    entity.last_seen = position
                i = max(k, i + 1)
            else:
                i += 1

    def resolve(self, mention: str, position: int, context: str) -> tuple[str | None, str]:
        """Return (entity name or None, source type) for a source mention at ``position``."""
        mention_type = source_type(mention, context)
        entity = self._entity_for(mention, position, context)
        if entity is None:
            return None, mention_type
        entity.last_seen = position
        refinable = mention_type in REFINABLE_TYPES or entity.type in INHERITED_TYPES
        if entity.type != "unknown" and refinable and mention_type not in MENTION_ONLY_TYPES:
            mention_type = entity.type
        return entity.name, mention_type

    def _entity_for(self, mention: str, position: int, context: str) -> Entity | None:
        named = self._named(mention, position, context)
        if named is not None:
            return named
        owner = _POSSESSIVE.split(mention, maxsplit=1)
        if len(owner) == 2 and owner[0].strip():
            found = self._named(owner[0], position, context)
            if found is not None:
                return found
        words = [w.lower() for w in _WORD.findall(mention) if w != ","]
        if not words:
            return None
        head = words[-1]
        kind = _anaphora_heads().get(head)
        definite = words[0] in ("the", "this", "that", "these", "he", "she", "they", "it")
        if kind is None or not definite:
            return None
        candidates = [e for e in self.entities if e.kind == kind and e.last_seen <= position]
        return max(candidates, key=lambda e: e.last_seen, default=None)

    def _named(self, phrase: str, position: int, context: str) -> Entity | None:
        """The entity named by the proper-name part of ``phrase``, registering a new one."""
        titles = read_lexicon("person_titles.txt")
        words = [w for w in _WORD.findall(_ACRONYM.sub("", phrase)) if w != ","]
        while words and (words[0].lower() in titles or words[0].lower() in ("the", "a", "an")):
            words.pop(0)
        if not words or not all(_NAME_WORD.fullmatch(w) or w.lower() in _LINKS for w in words):
            return None
        if not words[0][:1].isupper() or words[0].lower() in _anaphora_heads():
            return None
        name = " ".join(words)
        found = self.find(name)
        if found is not None:
            return found
        kind = "person" if source_type(name, "") == "unknown" and len(words) in (2, 3) else "org"
        return self._add(name, kind, position, context)
