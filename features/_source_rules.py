"""Phrase rules for source types: longest-match hits over the gazetteer and the lexicons.

Each hit has a SPEC type and a tier; ``resolve`` picks the lowest tier, then the head of the
phrase, so a channel outranks its owner, a role ("a professor at Yale") outranks an employer,
a named owner outranks a generic body ("the DPR’s ministry") and a country is a last resort.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from features._gazetteer import (
    Gazetteer,
    GazetteerEntry,
    _function_words,
    _is_acronym,
    _key,
    _Token,
    _tokens,
)
from features._lexicons import read_lexicon, read_table

__all__ = [
    "LEXICON_TIERS",
    "SCIENTIST_SUFFIX",
    "Hit",
    "body_nouns",
    "first_of",
    "given_names",
    "is_generic",
    "lexicon_phrases",
    "resolve",
    "rule_type",
    "scan",
]

EXPERT_TIER = 2  # heads that make a person an expert ("economist", "professor")
DOCUMENT_TIER = 8  # polls, studies and ads: their author, when named, decides
#: (lexicon file, type, tier): a lower tier outranks a higher one.
LEXICON_TIERS = (
    ("source_social_media.txt", "social_media", 1),
    ("source_anonymous.txt", "anonymous", 1),
    ("source_heads_expert.txt", "expert", EXPERT_TIER),
    ("source_heads_witness.txt", "witness", 2),
    ("source_state_media_words.txt", "state_media", 2),
    ("source_separatist_words.txt", "separatist_or_militant", 3),
    ("source_international_words.txt", "international_org", 3),
    ("source_news_words.txt", "news_outlet", 3),
    ("source_organization_words.txt", "organization", 3),
    ("source_academic_words.txt", "expert", 3),
    ("source_titles_politician.txt", "politician", 3),
    ("source_titles_government.txt", "government", 4),
    ("source_partisan_words.txt", "politician", 5),
    ("source_documents_expert.txt", "expert", DOCUMENT_TIER),
    ("source_documents_organization.txt", "organization", DOCUMENT_TIER),
    ("source_people_generic.txt", "witness", 5),
    ("source_roles_generic.txt", "government", 7),
)
ENTITY_TIER = 3  # a named organisation, outlet, group or body
PERSON_TIER = 5  # a named person (gazetteer note starting "person"): a title outranks them
COUNTRY_TIER = 6  # a country, its adjective or capital ("Moscow said")
#: Owners whose type a press noun after them takes ("SANA news agency", "CNN's reporter").
PRESS_OWNERS = frozenset({"news_outlet", "state_media", "separatist_or_militant"})
_SIBILANTS = ("ss", "x", "ch", "sh")
#: The ending of the names of sciences' practitioners ("glaciologist"), experts whether or
#: not the expert lexicon lists the science; with its plural ("hydrologists").
SCIENTIST_SUFFIX = "ologist"
_SCIENTIST_SUFFIXES = (SCIENTIST_SUFFIX, SCIENTIST_SUFFIX + "s")
MASTHEAD_FILE = "source_masthead_words.txt"
STATE_OWNERS_FILE = "source_state_owners.txt"
PLATFORMS_FILE = "social_platforms.txt"
SOCIAL_NOUNS_FILE = "social_content_nouns.txt"
MAX_PHRASE = 10  # longest phrase, in tokens, tried by the matcher
_PARTY_WORDS = frozenset({("party",), ("parties",)})  # a party named by the word alone


class Hit(NamedTuple):
    """A typed phrase found in a text: tokens ``start:end``; ``entity`` if from the gazetteer.

    ``party`` marks a political party, by name or by the word ("the Republican Party", "party").
    """

    type: str
    tier: int
    start: int
    end: int
    entity: bool = False
    party: bool = False


@lru_cache(maxsize=1)
def lexicon_phrases() -> Mapping[tuple[str, ...], tuple[str, int, bool]]:
    """Map each lexicon phrase (and country name) to (type, tier, needs capitals)."""
    phrases: dict[tuple[str, ...], tuple[str, int, bool]] = {}
    for row in read_table("source_countries.tsv"):
        adjectives = [a for a in row["adjectives"].split("|") if a.strip()]
        plurals = [f"{a}s" for a in adjectives if a[-1:] not in "sehi"]  # "The Russians said"
        for name in (row["name"], *adjectives, *plurals, row["capital"]):
            if name.strip():
                phrases[_key(name, strip_the=False)] = (
                    "government",
                    COUNTRY_TIER,
                    _is_acronym(name),
                )
    for platform in read_lexicon(PLATFORMS_FILE):  # "a Facebook group", "a video on TikTok"
        for noun in read_lexicon(SOCIAL_NOUNS_FILE):
            for phrase in (
                f"{platform} {noun}",
                f"{noun} on {platform}",
                f"{noun} posted on {platform}",
            ):
                phrases[_key(phrase, strip_the=False)] = ("social_media", 1, False)
    for filename, type_, tier in reversed(LEXICON_TIERS):
        for phrase in read_lexicon(filename):
            key = _key(phrase, strip_the=False)
            forms = [key]
            last = key[-1] if key else ""
            if last and len(key) <= 3 and (last.endswith(_SIBILANTS) or last[-1] != "s"):
                forms.append((*key[:-1], _plural(last)))
            for form in forms:
                if form and (form == key or form not in phrases):
                    phrases[form] = (type_, tier, False)
    return phrases


def _plural(word: str) -> str:
    """English plural of a singular noun: "witness" -> "witnesses", "party" -> "parties"."""
    if word.endswith(_SIBILANTS):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


@lru_cache(maxsize=1)
def title_vocabulary() -> frozenset[str]:
    """Words of lexicon phrases, minus function words: what a title before a name is made of.

    Staff words ("spokesman", "secretary") are titles too, so they stay.
    """
    roles = _function_words()
    function = frozenset().union(*(words for role, words in roles.items() if role != "staff"))
    return frozenset(w for key in lexicon_phrases() for w in key) - function


@lru_cache(maxsize=1)
def _lexicon_prefixes() -> frozenset[tuple[str, ...]]:
    """Every leading part of a lexicon phrase: the matcher stops extending outside them."""
    return frozenset(key[:n] for key in lexicon_phrases() for n in range(1, len(key) + 1))


def _titlecase(surface: list[_Token]) -> bool:
    """Whether a word is written like a name ("Gao"), which a short acronym ("GAO") never is."""
    return any(t.surface[:1].isupper() and not t.surface.isupper() for t in surface)


@lru_cache(maxsize=1)
def body_nouns() -> frozenset[str]:
    """Nouns of bodies ("agency", "union", "council"): a person word before one modifies it."""
    return frozenset(
        row["head"] for row in read_table("anaphora_heads.tsv") if row["kind"] == "org"
    )


def _modifies_body(kind: str, norms: tuple[str, ...], after: int) -> bool:
    """Whether a person-type word stands before a body noun ("refugee agency", "student
    union", "voter registration office"): the body, not the people, speaks."""
    people = ("witness", "expert", "anonymous")
    return kind in people and after < len(norms) and norms[after] in body_nouns()


def _longer_name(tokens: list[_Token], i: int, n: int, entry: GazetteerEntry) -> bool:
    """Whether a one-word outlet name starts the longer capitalised name of a body
    ("Independent Electoral and Boundaries Commission", not The Independent)."""
    one_word = n == 1 or (n == 2 and tokens[i].norm == "the")
    if entry.type != "news_outlet" or not one_word:
        return False
    for token in tokens[i + n : i + n + MAX_PHRASE]:
        if token.norm in body_nouns() and token.surface[:1].isupper():
            return True  # the name goes on to a body's noun: "... Boundaries Commission"
        if not (token.surface[:1].isupper() or token.norm in ("and", "of", "for")):
            return False
    return False


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name -> "male" or "female", for names that show their bearer's gender."""
    return {row["name"]: row["gender"] for row in read_table("given_names.tsv")}


def _other_given_name(tokens: list[_Token], i: int, n: int, entry: GazetteerEntry) -> bool:
    """Whether a one-word name at ``tokens[i]`` follows another capitalised given name, so
    names a person the entry is not: "Alan Woodward", "Melania Trump"; and, for a body's
    one-word name, a known given name or a name after a title ("Michael Bloomberg",
    "chief executive Hakon Rasmussen", not "Shiite Hezbollah")."""
    if n != 1 or i == 0:
        return False
    before = tokens[i - 1]
    if not entry.is_person:
        titled = i > 1 and tokens[i - 2].norm in title_vocabulary()
        person = before.norm in given_names() or titled
        if not person or not tokens[i].surface[1:].islower():
            return False
    own = {w.lower() for w in entry.name.split()}
    return (
        before.surface[:1].isupper()
        and before.surface.isalpha()
        and len(before.surface) > 1
        and before.norm not in own
        and before.norm not in title_vocabulary()
        and before.norm not in read_lexicon("person_titles.txt")
    )


def _not_the_state(text: str, tokens: list[_Token], start: int, after: int) -> bool:
    """Whether the country word ``tokens[start:after]`` names no state: it says where
    something is based ("Athens-based shipping company"), or it is part of a longer name
    with a capitalised word that no lexicon phrase holds ("Chad Olsen", "Kenya Airways",
    "Athletics Kenya"; but "Russian Foreign Ministry" and "Ukraine President" are the
    state's)."""
    country = tokens[after - 1].surface
    ends = after == len(tokens) or not tokens[after].surface[:1].isupper()
    if start > 0 and after - start == 1 and ends:  # not "Assistant U.S. Attorney"
        before = tokens[start - 1]
        if (
            f"{before.surface} {country}" in text
            and _untyped_name_word(before)
            and before.norm not in read_lexicon("stopwords.txt")
        ):
            return True
    if after >= len(tokens):
        return False
    word = tokens[after]
    if word.norm == "based" and f"{country}-based" in text:
        return True
    # not "Ukraine's Coordination" nor "U.S. Army": the two are written side by side
    return f"{country} {word.surface}" in text and _untyped_name_word(word)


def _untyped_name_word(word: _Token) -> bool:
    """Whether a token is a capitalised word that no lexicon phrase starts (every phrase is
    a prefix of itself)."""
    return (
        word.surface[:1].isupper()
        and word.surface.isalpha()
        and (word.norm,) not in _lexicon_prefixes()
    )


def scan(text: str, gazetteer: Gazetteer) -> tuple[list[Hit], list[_Token]]:
    """Find typed phrases in ``text`` by longest match, gazetteer before lexicons."""
    tokens = list(_tokens(text))
    norms = tuple(t.norm for t in tokens)
    whole = text == text.lower()
    lexicon = lexicon_phrases()
    prefixes = _lexicon_prefixes()
    known = gazetteer._prefixes
    phrases = gazetteer._phrases
    words = read_lexicon("source_acronym_words.txt")
    hits: list[Hit] = []
    i = 0
    while i < len(tokens):
        # Lengths of the phrases starting here, found by extending along known prefixes.
        lengths = []
        limit = min(MAX_PHRASE, len(tokens) - i)
        n = 1
        while n <= limit:
            key = norms[i : i + n]
            if key not in known and key not in prefixes:
                break
            if key in phrases or key in lexicon:
                lengths.append(n)
            n += 1
        for n in reversed(lengths):
            key, surface = norms[i : i + n], tokens[i : i + n]
            caps = all(t.surface.isupper() or t.norm not in words for t in surface)
            lone = whole and n == len(tokens)
            found = phrases.get(key)
            if found is not None and _other_given_name(tokens, i, n, found[0]):
                found = None  # "Alan Woodward" is not Bob Woodward
            if found is not None and _longer_name(tokens, i, n, found[0]):
                found = None  # "Independent Electoral Commission" is not The Independent
            if found is not None and (
                not found[1]
                or (found[1] == "acronym" and (caps or lone) and not _titlecase(surface))
                or (found[1] == "capital" and surface[-1].surface[:1].isupper())
            ):
                entry = found[0]
                tier = PERSON_TIER if entry.is_person else ENTITY_TIER
                hits.append(Hit(entry.type, tier, i, i + n, entity=True, party=entry.is_party))
                break
            rule = lexicon.get(key)
            if rule is not None and _modifies_body(rule[0], norms, i + n):
                rule = None  # "the U.N. refugee agency": refugees are not the speaker
            country = rule is not None and rule[1] == COUNTRY_TIER
            if country and _not_the_state(text, tokens, i, i + n):
                rule = None  # "Chad Olsen", "Athens-based": a name or a place, not the state
            if (
                rule is not None
                and (not rule[2] or caps or lone)
                and not (rule[0] == "anonymous" and _inside_compound(text, tokens, i, i + n))
            ):
                hits.append(Hit(rule[0], rule[1], i, i + n, party=key in _PARTY_WORDS))
                break
        else:
            n = 1
            surface = tokens[i].surface  # only capitals can be a misspelled acronym
            typo = gazetteer.misspelled_acronym(surface) if surface.isupper() else None
            if typo is not None and (norms[i],) not in lexicon:
                hits.append(Hit(typo.type, ENTITY_TIER, i, i + 1, entity=True))
            elif norms[i].endswith(_SCIENTIST_SUFFIXES):
                hits.append(Hit("expert", EXPERT_TIER, i, i + 1))  # "a glaciologist"
            elif _masthead(tokens, i):
                hits.append(Hit("news_outlet", ENTITY_TIER, i, i + 1))  # "the Samoa Observer"
        i += n
    return _state_owned(hits, norms), tokens


def _state_owned(hits: list[Hit], norms: tuple[str, ...]) -> list[Hit]:
    """Retype a press noun after a state-ownership word as state media ("the government-owned
    daily", "a state-controlled national broadcaster")."""
    if not any(h.type == "news_outlet" and not h.entity for h in hits):
        return hits
    owners = read_lexicon(STATE_OWNERS_FILE)
    out = []
    for h in hits:
        if h.type == "news_outlet" and not h.entity and h.start >= 2:
            before = {" ".join(norms[k : k + 2]) for k in range(max(0, h.start - 3), h.start - 1)}
            if before & owners:
                h = h._replace(type="state_media", tier=2)
        out.append(h)
    return out


def _masthead(tokens: list[_Token], i: int) -> bool:
    """Whether ``tokens[i]`` ends a newspaper's name ("the Jakarta Post", "Daily Nation"): a
    masthead word with a capital after a capitalised word, and no capitalised word after it."""
    word = tokens[i]
    return (
        i > 0
        and word.surface[:1].isupper()
        and word.norm in read_lexicon(MASTHEAD_FILE)
        and tokens[i - 1].surface[:1].isupper()
        and tokens[i - 1].surface.isalpha()
        and (i + 1 == len(tokens) or not tokens[i + 1].surface[:1].isupper())
    )


def _inside_compound(text: str, tokens: list[_Token], start: int, end: int) -> bool:
    """Whether tokens ``start:end`` begin or end inside a hyphenated word of ``text``: an
    anonymity formula is a phrase of its own, and the "source" of "open-source
    investigators" names no anonymous source."""
    before = start > 0 and f"{tokens[start - 1].surface}-{tokens[start].surface}" in text
    after = end < len(tokens) and f"{tokens[end - 1].surface}-{tokens[end].surface}" in text
    return before or after


def first_of(norms: list[str], vocabulary: frozenset[str]) -> int:
    """The index of the first word of ``norms`` in ``vocabulary``, or ``len(norms)``.

    A set intersection first: most mentions hold none of the words, and a scan in Python
    of every token was the typer's hottest loop.
    """
    found = vocabulary.intersection(norms)
    return min(map(norms.index, found)) if found else len(norms)


def resolve(hits: list[Hit], tokens: list[_Token]) -> str | None:
    """Pick the winning hit: lowest tier, then the head (rightmost before the first boundary).

    Hits after a target preposition ("ambassador to the UN") or inside a relative clause
    ("Gov. X, who used Y as a consultant in his campaigns") describe something else, so they
    count only when nothing precedes them; channels and anonymity count anywhere.
    """
    words = _function_words()
    norms = [t.norm for t in tokens]
    for role in ("target", "relative"):
        cut = first_of(norms, words[role])
        # "The Tasnim news agency, which is close to the Guards": a named or typed body
        # before the clause is no anonymous source ("an official, who asked not to be
        # named" is one)
        body = any(h.start < cut and (h.entity or h.tier <= ENTITY_TIER) for h in hits)
        kept = [
            h
            for h in hits
            if h.start < cut or (h.tier == 1 and not (body and h.type == "anonymous"))
        ]
        hits = kept or hits
    if not hits:
        return None
    best = min(h.tier for h in hits)
    top = [h for h in hits if h.tier == best]
    boundary = first_of(norms, words["boundary"])
    if (
        boundary < len(norms)
        and norms[boundary] != "by"
        and any(h.tier == DOCUMENT_TIER and h.start < boundary for h in hits)
    ):  # "polling | of union voters": the voters are what the poll is about, not its author
        return resolve([h for h in hits if h.start < boundary], tokens[:boundary])
    in_head = [h for h in top if h.start < boundary]
    winner = in_head[-1] if in_head else top[0]
    owners = [
        h
        for h in in_head
        if h.entity
        and h.start < winner.start
        and (winner.type != "news_outlet" or h.type in PRESS_OWNERS)
        # A party's nominee or contenders are politicians, as the guideline types a party's
        # people; a committee's or a PAC's strategist is still its own.
        and not (winner.type == "politician" and h.party)
    ]
    if (
        winner.entity
        and winner.tier == PERSON_TIER
        and any(h.type == "politician" and h.tier == PERSON_TIER for h in owners)
        and words["staff"].intersection(norms[: winner.start])
        and "campaign" not in norms
    ):  # "Trump senior communications adviser Jason Miller": a politician's staff, unnamed campaign
        return "politician"
    if owners and not winner.entity:
        # A named owner says more than the generic role or press noun after it: "an NBC
        # executive", "Priorities USA chief strategist", "Syria's official SANA news agency";
        # but a reporter's beat is not their owner ("CBS News White House correspondent").
        winner = owners[0]
    if any(h.tier == DOCUMENT_TIER for h in hits) and any(
        h.entity and h.type == "news_outlet" for h in in_head
    ):  # "a Reuters/Ipsos poll": a poll a news organisation commissions is the outlet's
        return "news_outlet"
    if winner.party and winner.type == "organization":
        # "the party's top figures", "a Labour Party spokesman", "X, a deputy from the Workers'
        # Party": a party's people are politicians; the party alone is a body ("the
        # Republican Party of Wyoming")
        head_end = min(boundary, first_of(norms, words["cue"]))
        name_start = winner.start  # the party's name before its word ("the Labour Party")
        while name_start > 0 and tokens[name_start - 1].surface[:1].isupper():
            name_start -= 1
        people = [
            norm
            for k, norm in enumerate(norms[:head_end])
            if not name_start <= k < winner.end and norm not in words["determiner"]
        ]
        if people:
            return "politician"
    if winner.type in ("government", "international_org"):
        # "former Florida Gov. Jeb Bush" no longer speaks for a state, nor "former UN Ambassador
        # John Bolton" for the UN.
        before = set(norms[: winner.start])
        relative = first_of(norms, words["relative"])
        if before & words["retired"]:
            return "expert"
        # "X, who served as labor secretary": a past tense before the office makes it a former one.
        if before & words["former"] or set(norms[relative : winner.start]) & words["past"]:
            # A former agency man or appointee comments as an expert; a former office holder
            # ("former Gov. Jeb Bush") is still a politician.
            # Staff words anywhere in the head count: "a former spokesman | for Mr. Obama".
            head = set(norms[: max(boundary, winner.end)])
            staff = (winner.entity and winner.tier != PERSON_TIER) or head & words["staff"]
            return "expert" if staff else "politician"
    return winner.type


def rule_type(text: str, gazetteer: Gazetteer) -> str | None:
    hits, tokens = scan(text, gazetteer)
    return resolve(hits, tokens)


def is_generic(
    mention: str,
    gazetteer: Gazetteer,
    scanned: tuple[list[Hit], list[_Token]] | None = None,
    *,
    bodies: bool = False,
) -> bool:
    """Whether a mention names nobody: no gazetteer entity and no capitalised unknown word.

    ``scanned`` is ``scan(mention, gazetteer)`` when the caller already has it. With
    ``bodies``, a named body does not name the person ("a senior EU diplomat").
    """
    hits, tokens = scan(mention, gazetteer) if scanned is None else scanned
    named = (h for h in hits if h.entity and h.type != "politician")
    if any(not bodies or h.tier == PERSON_TIER for h in named):
        return False
    covered = {i for h in hits for i in range(h.start, h.end)}
    skip = _function_words()["determiner"]
    return not any(
        t.surface[:1].isupper() and i not in covered and (i > 0 or t.norm not in skip)
        for i, t in enumerate(tokens)
        if i > 0 or t.norm not in skip
    )
