"""The entities of one document, and which entity each source mention names.

A mention resolves, in this order, to an entity already known by one of the names
inside it (its full name, a defined acronym such as "Donetsk People's Republic
(DPR)", a misspelt acronym such as "DRP", a surname such as "Assad" for "Bashar
al-Assad"); to a gazetteer entry; to a new entity named by its last name run; or,
when it names nothing ("the group", "the ministry", "he"), to the entity of the
right kind mentioned last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from features._gazetteer import Gazetteer, _function_words
from features._lexicons import read_lexicon, read_table
from features._source_rules import SCIENTIST_SUFFIX, body_nouns, given_names, title_vocabulary
from features._source_type import MAX_DOCUMENT_CHARS, source_type

__all__ = ["Entity", "EntityRegistry"]

#: Types that only the mention itself can tell (one person of an organisation may be a witness).
MENTION_ONLY_TYPES = frozenset({"social_media", "anonymous", "witness", "expert"})
#: Mention types an unknown two- or three-word name may be a person of ("Ali Hassan, a resident").
PERSON_TYPES = frozenset({"unknown", "witness", "expert", "politician", "government"})
#: Types of bodies: what an untyped organisation entity learns from its first typed mention.
BODY_TYPES = frozenset(
    {"organization", "international_org", "separatist_or_militant", "news_outlet", "state_media"}
)
#: Mention types that the named entity's type may refine ("the DPR's ministry": government
#: by its head noun, separatist by its owner).
REFINABLE_TYPES = frozenset({"unknown", "government", "organization", "politician"})

_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_TOKEN = re.compile(r"[\w’'.\-]+|,")
_NAME_WORD = re.compile(r"(?:(?:al|el|bin|ibn|abu|de|da|van|von)-)?[A-Z][\w’'.\-]*")
_MODIFIER = re.compile(
    r"^(?P<name>[A-Z][\w’'.]*)-(?:run|led|backed|linked|controlled|affiliated|allied|aligned|"
    r"based|held|occupied|installed|appointed|funded|owned|supported|operated)$"
)
_POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])$")
_OWNER = re.compile(r"^(?P<owner>(?:the|this|that)\s+\w+)[’']s\s+\w+", re.IGNORECASE)
_FOR_ORG = re.compile(r"^.*?\b(?:for|of|from)\s+(?P<org>(?:the|this|that)\s+.+)$", re.IGNORECASE)
_INNER_POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])\s+")
_LINKS = frozenset({"of", "the", "for", "and", "al", "bin", "de", "von", "van", "da", "del", "le"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_FINAL_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_FINAL_UPPER_POSSESSIVE = re.compile(r"(?:[’']s|(?<=S)[’'])$")


@lru_cache(maxsize=4096)
def _normalize(name: str) -> str:
    """Comparison key of a name: no acronym, article, possessive or case."""
    name = _ACRONYM.sub("", name.translate(_APOSTROPHES))
    name = _ARTICLE.sub("", name.strip())
    name = _FINAL_POSSESSIVE.sub("", _SPACES.sub(" ", name).strip(" ,."))
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
        if len(diffs) != 2:
            return False
        i, j = diffs
        return j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=1)
def _organisation_heads() -> frozenset[str]:
    """One-word heads that end an organisation's name ("Cleveland Clinic", "Calorie Control
    Council"), never a person's."""
    nouns = read_lexicon("source_organization_words.txt") | read_lexicon(
        "source_academic_words.txt"
    )
    return frozenset(n for n in nouns | body_nouns() if " " not in n) - {"it", "they"}


@lru_cache(maxsize=1)
def _anaphora_heads() -> dict[str, tuple[str, frozenset[str]]]:
    """Head noun -> (person or org, preferred source types; empty for any)."""
    heads = {}
    for row in read_table("anaphora_heads.tsv"):
        types = frozenset() if row["types"] in ("", "*") else frozenset(row["types"].split("|"))
        heads[row["head"].lower()] = (row["kind"], types)
    return heads


_HONORIFIC_GENDER = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
_HONORIFIC = re.compile(r"\b(Mrs|Ms|Miss|Mr)\.? ([A-Z][\w-]*(?:['’][A-Z][\w-]*)?)")
_PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}


def described_type(noun: str) -> str | None:
    """The one source type a plural or institutional noun names ("separatists", "police"),
    or None when it names several ("ministry") or none."""
    heads = _anaphora_heads()
    word = noun.lower()
    # "the separatists' claims" reaches here as "separatist": either number names the type
    _, types = heads.get(word) or heads.get(word + "s") or ("", frozenset())
    return next(iter(types)) if len(types) == 1 else None


def _time_word(word: str) -> bool:
    """A weekday or month name: "on Monday", "unsealed in March" name no entity."""
    return word.lower() in read_lexicon("calendar_words.txt")


def _person_role(phrase: str) -> bool:
    """Whether a phrase's head is a noun for a person's role ("a military spokesman", "a
    shopkeeper in Ann"): its last word before any preposition."""
    words = _ROLE_TAIL.split(phrase, maxsplit=1)[0].lower().split()
    return bool(words) and (words[-1] in _role_nouns() or words[-1].endswith(SCIENTIST_SUFFIX))


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    """One-word nouns for what a person is: the person heads pronouns refer back to, and
    the heads of witness and expert sources ("shopkeeper", "analyst")."""
    people = {head for head, (kind, _) in _anaphora_heads().items() if kind == "person"}
    people -= {"he", "she", "him", "her"}  # pronouns stand for a person, they describe none
    heads = read_lexicon("source_heads_witness.txt") | read_lexicon("source_heads_expert.txt")
    staff = _function_words()["staff"]  # "the hospital's deputy director"
    return frozenset(people | staff | {h for h in heads if " " not in h})


#: A name of two or three capitalised words, then a role set off by commas ("Viktor
#: Trehubov, spokesman for the Khortytsia group, said"); the role's head comes before
#: its first preposition. (The test that no word character comes before the name follows
#: its first capital: a pattern opening with a letter class is searched for fast.)
_NAME_AND_ROLE = re.compile(
    r"(?P<name>[A-Z](?<![\w’'].)[\w’'\-]+(?: [A-Z][\w’'\-]+){1,2}), "
    r"(?P<role>(?:(?:a|an|the) )?[^,.;:\"“”()]{3,80}),"
)
#: A role set off before a name: "the player's father, Edson Bastos," (the mirror image).
_ROLE_AND_NAME = re.compile(
    r"\b(?P<role>(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts) [^,.;:\"“”()]{3,60}+), "
    r"(?P<name>[A-Z][\w’'\-]++(?: [A-Z][\w’'\-]++){1,2}),"
)
_RELATIVE_START = re.compile(r"\s*(?:who|which|whose|that)\b", re.IGNORECASE)
_ROLE_TAIL = re.compile(r"\s(?:for|of|at|in|from|with|to|on)\s")

#: An owner's name, then a staff title: "CGT spokeswoman", "the Aurora chief executive".
_OWNER_STAFF = re.compile(
    r"(?:the\s+)?(?P<owner>[A-Z][\w&’'.\-]*(?:\s+[A-Z][\w&’'.\-]*){0,3}?)(?:[’']s)?"
    r"\s+(?:[a-z]+\s+)?(?P<staff>[a-z]+)\b"
)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]{0,40}\)\s*$")
_ACRONYM_WORD = re.compile(r"\b[A-Z]{2,6}\b")
#: Capitalised words, possibly joined by "of", "for" or "and": where a body's name may be.
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*+(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w’'-]*+)+")

#: Prepositions whose object is a place or body a mention mentions, not the speaker (the
#: object of "of" and "for" is: "the region of Transnistria", "a spokesman for Hamas").
_PREPOSITIONS = frozenset({"in", "at", "from", "on", "to", "with", "by"})
#: Relative pronouns a source may be ("the company, which said"): they stand for a name before.
_RELATIVE_SOURCES = frozenset({"who", "which"})
#: First words of an apposition between a name and its relative pronoun ("X, a firm, which").
_APPOSITION_STARTS = frozenset({"a", "an", "the", "its", "his", "her", "their"})
MAX_DESCRIBED_WORDS = 5  # longest unnamed antecedent of "which" ("the state health department")

#: Pronouns that refer back to one person.
_PERSONAL_PRONOUNS = frozenset({"he", "she"})

#: A word (hyphenated or abbreviated) before a capitalised word: a possible title of a name.
#: Possessive quantifiers: a word cut short is never followed by white space, so backtracking
#: into it could only fail (and took half the time).
_BEFORE_NAME = re.compile(
    r"\b([A-Za-z]++(?:-[A-Za-z]+)*+\.?)(?=\s+(?:[A-Z]|(?:al|el|bin|de)-[A-Z]))"
)


@lru_cache(maxsize=1)
def _title_forms() -> frozenset[str]:
    """Title words as written before a name: "minister", "Minister", "Mr."."""
    return frozenset(
        form for t in read_lexicon("person_titles.txt") for form in (t, t[:1].upper() + t[1:])
    )


def _has_titled_name(sentence: str) -> bool:
    """True when a title word ("then-president" by its part) comes before a capitalised word:
    a cheap test before ``name_runs``."""
    forms = _title_forms()
    for word in _BEFORE_NAME.findall(sentence):
        if word in forms:
            return True
        parts = word.split("-")  # "then-president": a title by its last parts
        if len(parts) > 1 and any("-".join(parts[k:]) in forms for k in range(1, len(parts))):
            return True
    return False


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Words that are no name at the start of a mention ("The", "Two", "Officials")."""
    return (
        read_lexicon("stopwords.txt")
        | read_lexicon("common_modifiers.txt")
        | read_lexicon("source_people_generic.txt")
    )


def _owned(titled: str, sentence: str) -> str:
    """A titled name with the word of its owner before the title in ``sentence``, if any
    ("company spokesperson Natasha Bwalya", "party spokesman X"): the owner types the staff."""
    at = sentence.find(titled)
    before = sentence[:at].split()[-1:] if at > 0 else []
    if before and before[0].isalpha() and before[0].lower() in title_vocabulary():
        return f"{before[0]} {titled}"  # "Union president Koen Verhaegen" too
    return titled


def _names_the_head(head: str, name: str) -> bool:
    """Whether ``name`` ends ``head`` as its head noun ("truck maker Ridgeline Motors"), not
    as the object of a preposition ("head of office in Pemba")."""
    bare = _POSSESSIVE.sub("", head.rstrip())
    if not bare.endswith(name):
        return False
    before = bare[: -len(name)].split()
    return not before or before[-1].lower() not in _PREPOSITIONS


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


@dataclass(frozen=True, slots=True)
class NameRun:
    """A run of capitalised words inside a mention, and the title words just before it."""

    text: str
    title: str = ""

    @property
    def titled(self) -> bool:
        return bool(self.title)


def name_runs(mention: str) -> tuple[list[NameRun], list[str]]:
    """The name runs of a mention, left to right, and its affiliation modifiers ("Houthi-run").

    Titles are stripped from the front of a run ("Syrian President Bashar al-Assad" gives
    "Bashar al-Assad"); a possessive before a common noun ends a run ("the DPR's ministry"
    gives "DPR"); a sentence-initial function word is not a name ("The", "Two").
    """
    runs, modifiers = _name_runs(mention)
    return list(runs), list(modifiers)


def _is_name_word(token: str) -> bool:
    """Whether a token can be a name's word ("Assad", "al-Assad"); most fail the cheap test."""
    return (token[:1].isupper() or "-" in token) and _NAME_WORD.fullmatch(token) is not None


@lru_cache(maxsize=4096)
def _name_runs(mention: str) -> tuple[tuple[NameRun, ...], tuple[str, ...]]:
    """``name_runs``, remembered: mentions recur ("he", "Trump") and the lexicons are fixed."""
    titles = read_lexicon("person_titles.txt")
    abbreviations = read_lexicon("abbreviations.txt")
    common = _common_words()
    tokens = _TOKEN.findall(_ACRONYM.sub("", mention))
    runs: list[NameRun] = []
    modifiers: list[str] = []
    current: list[str] = []
    title: list[str] = []

    def close() -> None:
        nonlocal current, title
        while current and current[-1].lower() in _LINKS:
            current.pop()
        if current:
            current[-1] = _POSSESSIVE.sub("", current[-1])
            last = current[-1]
            if last.endswith(".") and len(last) > 2 and last[:-1].lower() not in abbreviations:
                current[-1] = last[:-1]  # "Claire Dubois." at a sentence's end
            runs.append(NameRun(" ".join(current), " ".join(title)))
            current, title = [], []

    for index, token in enumerate(tokens):
        lower = token.lower()
        modifier = _MODIFIER.match(token) if "-" in token else None
        if modifier:
            close()
            modifiers.append(modifier.group("name"))
        elif lower in titles:
            close()
            title.append(token)
        elif _is_name_word(token) and not (index == 0 and lower in common):
            owner = _POSSESSIVE.search(token)
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if owner and not _is_name_word(following):  # "the DPR's ministry"
                current.append(token[: owner.start()])
                close()
            else:  # "People's Republic" stays one name; _candidates also tries its parts
                current.append(token)
        elif current and lower in _LINKS and token != ",":
            current.append(token)
        elif current:  # closing no run is a no-op: most words of a sentence
            close()
    close()
    return tuple(runs), tuple(modifiers)


def _affiliation(mention: str) -> str | None:
    """The organisation a person speaks for: "a spokesman for the authorities" -> "the
    authorities"."""
    match = _FOR_ORG.match(mention)
    return match["org"] if match else None


def _candidates(run: str) -> list[str]:
    """A name run, then its parts around possessives, last first: "Yemen's Houthi" ->
    ["Yemen's Houthi", "Houthi", "Yemen"]."""
    parts = _INNER_POSSESSIVE.split(run)
    return [run] if len(parts) == 1 else [run, *reversed(parts)]


@dataclass(slots=True)
class Entity:
    """An entity of the document: canonical name, aliases, person or organisation, type."""

    name: str
    kind: str
    type: str
    aliases: set[str] = field(default_factory=set)
    last_seen: int = 0
    first_seen: int = 0


class EntityRegistry:
    """Entities of one document, filled in document order; resolves source mentions."""

    def __init__(self, text: str, gazetteer: Gazetteer | None = None) -> None:
        self.text = text
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
        self.entities: list[Entity] = []
        self._by_alias: dict[str, Entity] = {}
        self._types: dict[tuple[str, str, str], str] = {}
        self._mid_sentence: dict[str, bool] = {}
        self._expansions: dict[str, str] = {}  # acronyms the document defines -> full names
        # the last unnamed person a source mention described ("the prime minister"): where,
        # and its type; a later "she" may refer to it rather than to a named entity
        self._role: tuple[int, str] | None = None
        # the last source that spoke in each medium, a social-media channel ("the Telegram
        # channel for the DPR") or a document ("said in a statement"): a later "the channel
        # said" or "the statement said" is that source again
        self._media: dict[str, tuple[str | None, str]] = {}
        self._genders: dict[str, str | None] = {}
        self._honorific: dict[str, str] | None = None
        self._define_acronyms()
        self._name_acronyms()

    def _define_acronyms(self) -> None:
        """Register "Full Name (ACR)" definitions: the acronym becomes an alias of the name."""
        for match in _ACRONYM.finditer(self.text):
            acronym = match.group(1)
            before = self.text[max(0, match.start() - 120) : match.start()]
            words = [w for w in _TOKEN.findall(before) if w != ","]
            for size in range(len(acronym), min(len(words), len(acronym) + 4) + 1):
                candidate = words[-size:]
                if candidate[0][:1].isupper() and _initials(candidate) == acronym:
                    name = " ".join(candidate)
                    entity = self.find(name) or self._add(name, "org", match.start(), "")
                    self._alias(entity, acronym)
                    self._expansions[acronym] = name
                    break

    def _name_acronyms(self) -> None:
        """Register acronyms a document uses for a body it named in full without defining
        them ("the Arakan Army" ... "the AA's spokesman"): the last body's name before the
        acronym's first use whose last capitalised words give its letters."""
        first_use: dict[str, int] = {}
        for match in _ACRONYM_WORD.finditer(self.text):
            if match[0] not in self._expansions:
                first_use.setdefault(match[0], match.start())
        if not first_use:
            return
        nouns = body_nouns()
        runs = ((run.end(), _TOKEN.findall(run[0])) for run in _NAME_RUN.finditer(self.text))
        # "the Department of Environmental Quality": a body's noun anywhere in the name
        bodies = [(end, words) for end, words in runs if any(w.lower() in nouns for w in words)]
        for acronym, at in first_use.items():
            for end, words in reversed(bodies):
                caps = [w for w in words if w[:1].isupper()]
                if end > at or len(caps) < len(acronym):
                    continue
                name = words[words.index(caps[-len(acronym)]) :]
                if _initials(name) == acronym:
                    full = " ".join(name)
                    self._alias(self.find(full) or self._add(full, "org", at, ""), acronym)
                    self._expansions[acronym] = full
                    break

    def _alias(self, entity: Entity, name: str) -> None:
        key = _normalize(name)
        if key:
            entity.aliases.add(key)
            self._by_alias.setdefault(key, entity)

    def _add(self, name: str, kind: str, position: int, entity_type: str) -> Entity:
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            entity = Entity(entry.name, kind, entry.type, last_seen=position, first_seen=position)
            for alias in (name, entry.name, *entry.aliases):
                self._alias(entity, alias)
        else:
            kind_type = entity_type or self.type_of(name)
            entity = Entity(name.strip(), kind, kind_type, last_seen=position, first_seen=position)
            self._alias(entity, name)
        self.entities.append(entity)
        return entity

    def find(self, name: str) -> Entity | None:
        """The known entity ``name`` names: alias, misspelt acronym, surname or gazetteer."""
        key = _normalize(name)
        if not key:
            return None
        if key in self._by_alias:
            return self._by_alias[key]
        bare = _FINAL_UPPER_POSSESSIVE.sub("", _ARTICLE.sub("", name.strip()))
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
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            return self._by_alias.get(_normalize(entry.name))
        if len(words) == 1 and name.strip()[:1].isupper():
            for entity in reversed(self.entities):
                # "Aurora" after "Aurora Motors": a body's short name; a gazetteer body's
                # short names are its aliases ("Balochistan" is no Balochistan Liberation Army)
                parts = entity.name.lower().split()
                short = entity.kind == "org" and len(parts) in (2, 3) and parts[0] == key
                if (
                    short
                    and self.type_of(name) == "unknown"  # not "Israel" of the IDF
                    and self.gazetteer.lookup(entity.name) is None
                ):
                    return entity
        return None

    def type_of(self, mention: str, context: str = "", position: int | None = None) -> str:
        """The SPEC source type of ``mention``, read with this document's gazetteer and, given
        the mention's ``position``, the text before it (each distinct reading computed once
        per document: names recur)."""
        key = (mention, context, position)
        found = self._types.get(key)
        if found is None:
            # "a spokesman for the AA" after "the Arakan Army (AA)": the document's sense of an
            # acronym, not the gazetteer's (Anadolu Agency)
            read = _ACRONYM_WORD.sub(lambda m: self._expansions.get(m[0], m[0]), mention)
            # how much text before a mention source typing reads ("Mr. Clarke" by his first
            # mention): sliced on a miss only, as the key holds its position, not its text
            document = ""
            if position is not None:
                document = self.text[max(0, position - MAX_DOCUMENT_CHARS) : position]
            found = source_type(read, context, gazetteer=self.gazetteer, document=document)
            self._types[key] = found
        return found

    def observe(self, sentence: str, position: int) -> None:
        """Register the people named after a title in ``sentence`` ("Syrian President X Y")
        or beside a role set off by commas ("Jay Tarriela, the coast guard spokesman, ...",
        "the player's father, Edson Bastos, ...")."""
        appositions = sentence.count(",") > 1  # a name's role is set off by two commas
        for pattern in (_NAME_AND_ROLE, _ROLE_AND_NAME) if appositions else ():
            for match in pattern.finditer(sentence):
                role = match["role"]
                runs = name_runs(match["name"])[0]  # "Professor Nasreen Haque": not the title
                name = runs[-1].text if runs else match["name"]
                if _person_role(role) and " " in name and self.find(name) is None:
                    kind = self.type_of(f"{name}, {role}", sentence)
                    self._add(name, "person", position + match.start("name"), kind)
        if not _has_titled_name(sentence):
            return
        for run in name_runs(sentence)[0]:
            words = run.text.split()
            # "the opposition Democratic Citizens Party": a title word before a body's name
            body = words[-1].lower() in _organisation_heads() or "of" in words
            if run.titled and len(words) >= 2 and not body and self.find(run.text) is None:
                titled = f"{run.title} {run.text}"
                self._add(run.text, "person", position, self.type_of(_owned(titled, sentence)))

    def note_channel(self, owner: str | None, owner_type: str) -> None:
        """Remember that the source ``owner`` (an entity name) spoke through a social-media
        channel ("the Telegram channel for the DPR")."""
        if owner is not None:
            for noun in read_lexicon("channel_nouns.txt"):
                self._media[noun] = (owner, owner_type)

    def note_medium(self, noun: str, owner: str | None, owner_type: str) -> None:
        """Remember that a source spoke in a medium ("said in a statement"), so that "the
        statement said" later is that source again."""
        self._media[noun] = (owner, owner_type)

    def resolve(self, mention: str, position: int, context: str) -> tuple[str | None, str]:
        """Return (entity name or None, source type) for a source mention at ``position``."""
        words = mention.lower().split()
        if len(words) == 2 and words[0] in ("the", "this") and words[1] in self._media:
            return self._media[words[1]]  # "The channel said", "the statement said": its owner
        if mention.lower() in _RELATIVE_SOURCES:
            antecedent = self._relative_antecedent(position, context, mention.lower())
            if antecedent is None:
                return None, "unknown"  # not the WHO: a pronoun whose antecedent is unclear
            return self.resolve(*antecedent, context)
        mention_type = self.type_of(mention, context, position)
        if mention_type == "anonymous":
            # "Tasnim, which is close to the Guards, said": a known name is no anonymous source
            known = self.find(mention.partition(",")[0])
            if known is None or known.type in ("unknown", "anonymous"):
                return None, mention_type
            known.last_seen = position
            return known.name, known.type
        head, _, apposition = mention.partition(",")
        if mention_type == "witness" and _person_role(head) and not name_runs(apposition)[0]:
            self._role = (position, mention_type)  # "A shopkeeper in Ann": nobody named
            return None, mention_type
        # a staff title reads as a government's, or the reader guesses from the owner's noun
        # ("the group's spokesman"): the known owner's type is the better evidence
        titled = mention_type in ("government", "unknown", "organization")
        owner_type = self._owner_type(mention, position) if titled else None
        mention_type = owner_type or mention_type
        entity, anaphoric = self._entity_for(mention, position, mention_type)
        if entity is not None and owner_type is not None:
            entity.type = owner_type  # the body's staff speaks for it, whatever the title said
        elif (
            entity is not None
            and (entity.type, entity.kind) == ("unknown", "org")
            and mention_type in BODY_TYPES
            and not anaphoric
        ):
            entity.type = mention_type  # "The CGT union": an untyped body learns its type
        role = self._role if mention.lower() in _PERSONAL_PRONOUNS else None
        if role is not None and (entity is None or entity.last_seen < role[0]):
            # "the prime minister said ... she added": the unnamed person described last
            return None, role[1]
        if entity is None:
            is_role = _person_role(mention.partition(",")[0])
            if is_role and mention_type in PERSON_TYPES - {"unknown"}:
                self._role = (position, mention_type)
            return None, mention_type
        entity.last_seen = position
        pronoun = _PRONOUN_GENDER.get(mention.lower())
        if pronoun is not None and self._gender(entity) is None:
            self._genders[entity.name] = pronoun  # "Owain Prothero ... he said": a man
        refine = anaphoric or mention_type in REFINABLE_TYPES
        if refine and entity.type != "unknown" and mention_type not in MENTION_ONLY_TYPES:
            mention_type = entity.type
        return entity.name, mention_type

    def _relative_antecedent(
        self, position: int, context: str, pronoun: str
    ) -> tuple[str, int] | None:
        """The source a relative pronoun at ``position`` stands for, and where it starts:
        the name before its comma ("Priya Raman-Holt, who said"), with the apposition
        between them ("Genvera Therapeutics, a biotech firm in Boston, which said")."""
        start = self.text.find(context, max(0, position - len(context)))
        before = self.text[start:position].rstrip() if 0 <= start <= position else ""
        if not before.endswith(","):
            return None
        *earlier, last = before[:-1].split(",")
        first_word = last.split(maxsplit=1)[0].lower() if last.strip() else ""
        apposition = bool(earlier) and first_word in _APPOSITION_STARTS
        named = earlier[-1] if apposition else last
        runs = name_runs(named)[0]
        if not runs or not named.rstrip().endswith(runs[-1].text):
            if apposition or pronoun == "who":  # "who" stands for a person, who has a name
                return None
            return self._described_antecedent(last, start, position)
        run = runs[-1]
        at = start + len(",".join(earlier[:-1] if apposition else earlier))
        at = self.text.find(run.text, at, position)
        if at < 0:
            return None
        phrase = f"{run.text},{last}" if apposition else run.text
        return (f"{run.title} {phrase}" if run.title else phrase), at

    def _described_antecedent(
        self, clause: str, start: int, position: int
    ) -> tuple[str, int] | None:
        """The last short noun phrase of ``clause`` ("the department" of "The figures came
        from the department, which reported"), or None."""
        words = clause.split()
        for k in range(len(words) - 1, max(-1, len(words) - 1 - MAX_DESCRIBED_WORDS), -1):
            if words[k].lower() in _APPOSITION_STARTS:
                phrase = " ".join(words[k:])
                at = self.text.rfind(phrase, start, position)
                return (phrase, at) if at >= 0 else None
        return None

    def refers_to(self, phrase: str, position: int) -> str | None:
        """The entity a definite description ("the separatists") at ``position`` refers to,
        once the whole document has been read (so by first mentions, not last ones)."""
        entity = self._antecedent(phrase, position, settled=True)
        return None if entity is None else entity.name

    def aliases(self, name: str) -> frozenset[str]:
        """Every name the entity called ``name`` goes by (lower-cased)."""
        entity = self._by_alias.get(_normalize(name))
        return frozenset(entity.aliases) if entity is not None else frozenset()

    def _entity_for(
        self, mention: str, position: int, mention_type: str
    ) -> tuple[Entity | None, bool]:
        # "Mahmoud Basal, a spokesman for Gaza's civil defence agency": the head comes first
        head, _, apposition = mention.partition(",")
        if _RELATIVE_START.match(apposition):
            apposition = ""  # "Tasnim, which is close to the Guards": what it is close to
        runs, modifiers = name_runs(head)
        more_runs, more_modifiers = name_runs(apposition)
        runs = [r for r in runs if not self._capitalised_by_position(r.text, head)]
        head_runs = list(runs)
        more_runs = [r for r in more_runs if not _time_word(r.text)]
        heads = _anaphora_heads()
        # "Ukraine's General Staff", "the Defense Ministry": an institutional noun names nothing
        runs = [r for r in runs if r.text.lower() not in heads]
        names = [name for run in reversed(runs) for name in _candidates(run.text)]
        named_after = [name for run in reversed(more_runs) for name in _candidates(run.text)]
        if (
            named_after
            and _person_role(head)
            and not any(self._names_body(n) for n in names + modifiers)
        ):
            # "A Ukrainian military spokesman, Serhiy Cherevatyi": no body the head names is
            # known ("Russian Defense Ministry spokesman, X" speaks for the ministry), so the
            # apposition's name is the speaker; so is "Pellow's barrister, Owain Prothero"
            names, runs, modifiers = named_after, more_runs, []
        elif not (runs and self._person_name(runs[-1])):
            # "Yang Moo-jin, a professor at ... in Seoul": a person named at the head is the
            # speaker, whatever the apposition names
            names += named_after
            modifiers += more_modifiers
        runs = runs or [r for r in more_runs if r.text.lower() not in heads]
        if runs and runs[-1] in head_runs and _names_the_head(head, runs[-1].text):
            # "U.S. electric truck maker Ridgeline Motors": a name ending the head is the
            # speaker, not a known name that only describes it
            names, modifiers = list(_candidates(runs[-1].text)), []
        for name in names + modifiers:
            known = self.find(name)
            if known is not None:
                return known, False
        for name in names:
            if self.gazetteer.lookup(name) is not None:
                return self._add(name, "org", position, ""), False
            if self.type_of(name) == "government":
                # "The charity Alzheimer's Research UK": a country in a longer name does not
                # make it a government when the mention's own head says what it is
                typed = mention_type not in ("unknown", "anonymous") and " " in name
                own = mention_type if typed else ""
                return self._add(name, "org", position, own), False
        if runs:
            last = runs[-1]
            # "Former Newark finance official": a name modifying the head noun is neither a
            # person nor typed by what the mention says of its head
            part = head if last in head_runs else apposition
            tail = _POSSESSIVE.sub("", _TRAILING_PARENTHESIS.sub("", part).rstrip())
            named = tail.endswith(last.text)
            person = named and self._person_name(last)
            # "Claudia Brenner, head of the works council": a role makes a person of any type
            # and so does a role before the name's apposition ("Its barrister, Julian Marsh KC")
            person = person and (
                last.titled
                or mention_type in PERSON_TYPES
                or _person_role(apposition)
                or (part == apposition and _person_role(head))
            )
            name = last.text
            if named and not person and mention_type in PERSON_TYPES and " " not in name:
                # "Mwaura, speaking ..., said" after "... for Grace Wanjiru Mwaura of the DCP"
                full = self._full_name(name, position)
                name, person = (full, True) if full is not None else (name, False)
            kind = "person" if person else "org"
            return self._add(name, kind, position, mention_type if named else ""), False
        for name in modifiers:  # "the Houthi-run agency": the group that runs it
            if self.gazetteer.lookup(name) is not None:
                return self._add(name, "org", position, ""), False
        # "the group's leader", "a spokesman for the separatist authorities": whom they speak for
        owner = _OWNER.match(mention)
        for phrase in (owner["owner"] if owner else None, _affiliation(mention), mention):
            if phrase:
                found = self._antecedent(phrase, position)
                if found is not None:
                    return found, True
        return None, True

    def _owner_type(self, mention: str, position: int) -> str | None:
        """The type of a known body whose staff the mention names ("CGT spokeswoman Claire
        Dubois" after "the CGT union", "the group's political spokesman, X" after the M23),
        when it is no government: a staff title alone reads as a government's."""
        staff = _function_words()["staff"]
        match = _OWNER_STAFF.match(mention)
        if match is not None and match["staff"].lower() in staff:
            owner = self.find(match["owner"])
        else:
            anaphoric = _OWNER.match(mention)
            head = mention.partition(",")[0].lower().split()
            if anaphoric is None or staff.isdisjoint(head):
                return None
            owner = self._antecedent(anaphoric["owner"], position)
        if owner is None or owner.type in ("unknown", "government", "politician"):
            return None
        return owner.type

    def _capitalised_by_position(self, run: str, mention: str) -> bool:
        """Whether a one-word run is capitalised only because it opens the mention before a
        lower-case noun ("Legal experts", "Aid groups"), is never written so mid-sentence in
        the document, and is no gazetteer name; or is a weekday or month ("on Monday")."""
        if _time_word(run):
            return True
        rest = mention.lstrip().removeprefix(run)
        modifier = rest != mention.lstrip() and rest[:1] == " " and rest[1:2].islower()
        if " " in run or run.isupper() or not modifier or self.gazetteer.lookup(run):
            return False  # a whole mention ("Rausch", "AFAD") is a name
        found = self._mid_sentence.get(run)
        if found is None:
            found = re.search(rf"[a-z,;] {re.escape(run)}\b", self.text) is not None
            self._mid_sentence[run] = found
        return not found

    def _person_name(self, run: NameRun) -> bool:
        """Whether a name run looks like a person's: after a title, or two or three words
        with no organisation noun ("Cleveland Clinic"), no "of" ("Bank of Kigali") and no
        source type of their own."""
        words = run.text.split()
        return bool(run.titled) or (
            len(words) in (2, 3)
            and words[-1].lower() not in _organisation_heads()
            and "of" not in words
            # "Athletics Kenya" is no person, "Michael Jordan" is one
            and (self.type_of(words[-1]) != "government" or words[0].lower() in given_names())
            and self.type_of(run.text) == "unknown"
        )

    def _names_body(self, name: str) -> bool:
        """Whether ``name`` is a known entity other than a person, or a gazetteer name."""
        known = self.find(name)
        if known is not None:
            return known.kind != "person"
        return self.gazetteer.lookup(name) is not None

    def _full_name(self, surname: str, position: int) -> str | None:
        """The last person's name of two or three words ending in ``surname`` in the text
        before ``position`` ("Grace Wanjiru Mwaura" for "Mwaura"), or None."""
        pattern = rf"\b((?:[A-Z][\w’'-]+ ){{1,2}}){re.escape(surname)}\b"
        for match in reversed(list(re.finditer(pattern, self.text[:position]))):
            words = match[0].split()
            while words and words[0].lower() in _common_words():
                words = words[1:]  # "The", "In": capitalised by the sentence, not the name
            run = NameRun(" ".join(words))
            if len(words) > 1 and self._person_name(run):
                return run.text
        return None

    def _honorifics(self) -> dict[str, str]:
        """Surname -> gender of the honorific it follows in the text ("Mrs Akter"), the first
        one written; read once per document."""
        if self._honorific is None:
            self._honorific = {}
            for match in _HONORIFIC.finditer(self.text):
                self._honorific.setdefault(match[2], _HONORIFIC_GENDER[match[1].lower()])
        return self._honorific

    def _gender(self, entity: Entity) -> str | None:
        """The gender a person's given name or an honorific in the text shows ("Mrs Akter"),
        or None when neither does."""
        if entity.name not in self._genders:
            words = entity.name.split()
            gender = given_names().get(words[0].lower()) if len(words) > 1 else None
            self._genders[entity.name] = gender or self._honorifics().get(words[-1])
        return self._genders[entity.name]

    def _antecedent(self, mention: str, position: int, *, settled: bool = False) -> Entity | None:
        """The entity a definite nominal or pronoun refers back to, or None."""
        words = [w.lower() for w in _TOKEN.findall(mention) if w != ","]
        if not words or words[0] not in ("the", "this", "that", "these", "he", "she", "they", "it"):
            return None
        kind, preferred = _anaphora_heads().get(words[-1], (None, frozenset()))
        if kind is None:
            return None
        seen = (lambda e: e.first_seen) if settled else (lambda e: e.last_seen)
        candidates = [e for e in self.entities if e.kind == kind and seen(e) <= position]
        gender = _PRONOUN_GENDER.get(words[0]) if len(words) == 1 else None
        if gender is not None:  # "she" refers to no Joseph
            candidates = [e for e in candidates if self._gender(e) in (None, gender)]
        # "the agency" after "the Korean Central News Agency": a name holding the head noun
        head = words[-1]
        named = [
            e for e in candidates if any(head in n.split() for n in (e.name.lower(), *e.aliases))
        ]
        if named and kind == "org":
            return max(named, key=seen)
        # "the separatist authorities": the adjective says which of the bodies is meant
        said = self.type_of(mention) if len(words) > 2 else "unknown"
        for wanted in ({said} - {"unknown"}, preferred):
            matching = [e for e in candidates if e.type in wanted]
            if matching:
                return max(matching, key=seen)
        if preferred or said != "unknown":
            # "the army" refers back to no company or witness, and "the prime minister" to
            # no resident: only to the untyped
            candidates = [e for e in candidates if e.type == "unknown"]
        return max(candidates, key=seen, default=None)
