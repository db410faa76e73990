"""Source types: who is speaking, in the closed taxonomy of SPEC ``source.type``.

Rules read a source mention ("the DPR’s ministry", "two people familiar with the matter")
as a list of phrase hits found by longest match over a gazetteer of named entities and
small lexicons under ``features/data``. Each hit has a type and a tier; the lowest tier
wins, so a channel outranks its owner, a role ("a professor at Yale") outranks an employer,
a named owner outranks a generic body ("the DPR’s ministry") and a country is a last resort.
When the mention says nothing, the sentence may: an apposition ("Ali Hassan, a resident of
the town, said"), a title before a name, or a promise of anonymity; for a bare name, so may
its fuller mentions in the text before it (at most ``MAX_DOCUMENT_CHARS``).

A learned reader (``SourceTypeClassifier``, shipped as the weight table
``features/data/source_type_weights.tsv`` and trained by ``benchmarks/train_source_fallback.py``
on annotated PolNeAR mentions) then weighs what the rules found against the words of the
mention and the sentence: it types mentions the rules leave untyped and corrects them where
it is confident, except where the mention's own words settle the type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from features._gazetteer import (
    _APOSTROPHES,
    MENTION_TYPES,
    Gazetteer,
    GazetteerEntry,
    _default_gazetteer,
    _function_words,
    _key,
    _norms,
    _Token,
    _tokens,
    lookup_entity,
)
from features._lexicons import read_lexicon, read_table
from features._source_rules import (
    COUNTRY_TIER,
    ENTITY_TIER,
    EXPERT_TIER,
    PERSON_TIER,
    Hit,
    is_generic,
    resolve,
    rule_type,
    scan,
    title_vocabulary,
)
from features._source_type_model import SourceTypeClassifier
from features._statements import TextInputMixin
from reliability._records import SOURCE_TYPES, Statement

__all__ = [
    "MENTION_TYPES",
    "Gazetteer",
    "GazetteerEntry",
    "SourceTypeClassifier",
    "SourceTypeFeatures",
    "liar_speaker_type",
    "lookup_entity",
    "source_type",
]

MAX_DOCUMENT_MENTIONS = 5  # earlier mentions of a surname read to type it
MAX_DOCUMENT_CHARS = 20000  # how much of the text before a mention is read, at most
FIRST_MENTION_CHARS = 100  # text after a bare name's first mention whose words the reader sees
FALLBACK_MIN_PROBA = 0.3  # below this the learned reader leaves an untyped mention "unknown"
READER_MIN_PROBA = 0.5  # below this the learned reader leaves the rules' type alone
WEIGHTS_FILE = "source_type_weights.tsv"
EXAMPLES_FILE = "source_type_examples.tsv"  # written examples the reader is trained on
SETTLED_TIER = 5  # a type from the mention's own words up to this tier is never overridden
#: Rule outcomes the learned reader never overrides: a channel, an anonymity formula, an age.
_RULES_DECIDE = frozenset({"anonymous", "social_media", "state_media", "separatist_or_militant"})
_ANONYMITY_FILE = "source_anonymous_context.txt"
_STOPWORDS_FILE = "stopwords.txt"
_WORD = re.compile(r"[^\W_]+")
_NAME_TAIL = re.compile(r"(?:[ \t-]+[A-Z][\w.’'-]*)*")
_AGE = re.compile(r"\s*\d{1,3}\s*$")
#: "Jane Roe (@janeroe)": a mention signed with a handle is an embedded post, as the guideline says.
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
#: "Jane Roe of Greenpeace", "Tom Doe of Laconia, N.H.": the body or home town after a name.
_OF_PHRASE = re.compile(
    r"\s+of\s+([^,;:()\"“”—–]+)(,\s*(?:(?:[A-Z]\.){2}|[A-Z][a-z]{1,4}\.)(?!\w))?"
)
#: "Tuttle's article", "Mr. Roe's new memo": a name's possession, in lower case after it.
_OWNED = re.compile(r"(.*?\S)['’]s?\s+[a-z][\w -]*$")
#: "Jane Roe of the Urban Institute": a name, then the body it speaks from.
_SCHOLAR = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s+(?:of|at)\s+([^,;:()]+)")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which|whose)\b")
#: An aside set off by a comma that opens with a participle ("Mwaura, speaking at a press
#: conference,"): it says what the source was doing, not who the source is.
_PARTICIPLE_ASIDE = re.compile(r",\s+[a-z]+ing\b[^,]*")
_PUNCTUATION = ',;:()"“”—–'  # marks that end a title phrase before a name
#: A party-state tag, "(D-N.Y.)", "R-Texas", "(I-VT)": news style marks members of Congress so.
_PARTY_TAG = re.compile(
    r"(?<![\w-])[DRI] ?[-–] ?(?!Day\b)(?:[A-Z]\.[A-Z]\.|[A-Z]{2}\b|[A-Z][a-z]+\.?)"
)
#: The capitalised name right before an acronym in brackets, with its inner function words.
_NAME_RUN = re.compile(
    r"[A-Z][\w.&’'-]*(?:\s+(?:(?:of|for|and|on|the|in|de|du)\s+)*[A-Z][\w.&’'-]*)*$"
)
#: Capitalised words right before a surname: its first name ("Megyn |Kelly").
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w.’'-]*\s+){1,2}$")


def _context_type(
    mention: str,
    context: str,
    gazetteer: Gazetteer,
    at: int | None = None,
    *,
    appositions: bool = True,
) -> str | None:
    """Type a mention from its sentence: an apposition after it or a title right before it.

    An apposition may be a comma phrase ("Ali Hassan, a resident of the town,"), a body or a
    home town ("Jane Roe of Greenpeace", "Tom Doe of Laconia, N.H."). With ``appositions``
    False only a title word right before the mention counts, not a name.
    """
    if at is None:
        folded = _APOSTROPHES.sub("'", context).lower()
        at = folded.find(_APOSTROPHES.sub("'", mention).lower())
    if at < 0:
        return None
    words = _function_words()
    rest = context[at + len(mention) :]
    rest = rest[_NAME_TAIL.match(rest).end() :]  # "Ban| Ki-moon, the secretary general"
    if appositions and rest.lstrip().startswith(","):
        chunks = rest.split(",")
        for chunk in chunks[1:4]:
            if _PARTY_TAG.match(chunk.strip()):  # "former Sen. Scott Brown, R-Mass."
                return "politician"
            norms = [t.norm for t in _tokens(chunk)]
            if _AGE.match(chunk):  # "Stacey Edwards, 31, said": news copy ages ordinary people
                found = "witness"
            elif not norms or norms[0] in words["cue"]:
                break
            elif norms[0].endswith("ing") and not _promises_anonymity(chunk):
                continue  # "Mwaura, speaking at a press conference, said": what she was doing
            elif norms[0] in words["relative"] and len(norms) > 1 and norms[1] in words["cue"]:
                break  # "Juanita Roe, who said Clinton ...": what follows is her words
            else:
                hits, tokens = scan(chunk, gazetteer)
                if hits and all(h.tier == COUNTRY_TIER for h in hits):
                    continue  # "Gao, a lawyer from the Chinese province of Sichuan": a home
                found = resolve(hits, tokens)
                if found is not None and norms[0] in words["relative"]:
                    # A relative clause tells what someone did ("who was then a member of the
                    # campaign"); a title right before the name says what they are now.
                    return _title_type(context[:at], gazetteer) or found
            if found is not None:
                return _foregrounded_title(context[:at], chunks[1], gazetteer) or found
    of = _OF_PHRASE.match(rest) if appositions else None
    if of is not None and _bare_name(mention) and _is_think_tank(of.group(1), gazetteer):
        return "expert"  # "Len Burman of the Tax Policy Center": a think tank's scholar
    if of is not None:
        hits, tokens = scan(of.group(1), gazetteer)
        if hits and min(h.tier for h in hits) < COUNTRY_TIER:
            return resolve(hits, tokens)
        if of.group(2) and not hits:  # a home town and its state, as news copy places people
            return "witness"
    return _title_type(context[:at], gazetteer, need_title=not appositions)


def _after_punctuation(text: str) -> str:
    """The text after its last punctuation mark (all of it if it has none)."""
    return text[max(map(text.rfind, _PUNCTUATION)) + 1 :]


def _foregrounded_title(before: str, apposition: str, gazetteer: Gazetteer) -> str | None:
    """The type of a title right before a name, which outranks a role in its apposition.

    "Former Pennsylvania governor Ed Rendell, one of Clinton's supporters": the title is what
    the text foregrounds; unless the apposition retires it ("Gen. Wesley Clark, a retired
    four-star general").
    """
    words = _function_words()
    if not (words["former"] | words["retired"]).isdisjoint(_norms(apposition)):
        return None
    return _title_type(before, gazetteer, need_title=True)


def _title_type(
    before_mention: str, gazetteer: Gazetteer, *, need_title: bool = False
) -> str | None:
    """Type a name from what is right before it: a title, a bracketed acronym, an apposition.

    With ``need_title`` only a title word counts, not a name ("Time, Mr. Pence added" is not
    Time magazine speaking; a headline's capitalised words are not a title).
    """
    cues = _function_words()["cue"]
    head = before_mention.rstrip()
    if head.endswith("(") and not need_title:  # "the International Federation of ... (IFPTE)"
        # Only the capitalised name before the bracket: "to see a California Department of
        # Transportation (Caltrans) sign" is the department's acronym, not the sentence's.
        name = _NAME_RUN.search(head[:-1].rstrip())
        return rule_type(name.group(), gazetteer) if name else None
    if head.endswith(","):  # "The company's spokeswoman, Jane Doe, said"
        hits, tokens = scan(_after_punctuation(head[:-1]), gazetteer)
        words = _function_words()
        # "On Dec. 7 on MSNBC, Bush said": a phrase opening with a preposition is no title.
        opens = tokens[0].norm if tokens else ""
        if (
            opens not in words["boundary"]
            and opens not in words["target"]
            and any(h.end == len(tokens) and not (need_title and h.entity) for h in hits)
        ):
            return resolve(hits, tokens)
    before = _tokens(_after_punctuation(head))
    vocabulary = title_vocabulary()
    inner = _function_words()["boundary"]
    title: list[_Token] = []
    for token in reversed(before[-6:]):
        if token.norm in cues:
            break
        if not (token.surface[:1].isupper() or token.norm in vocabulary or token.norm in inner):
            break
        title.insert(0, token)
    while title and title[0].norm in inner:
        title.pop(0)
    if not title or title[-1].norm in inner:  # "told POLITICO that| Gore": no title touches him
        return None
    hits, tokens = scan(" ".join(t.surface for t in title), gazetteer)
    if need_title and all(h.entity for h in hits):
        return None
    return resolve(hits, tokens)


def _is_think_tank(text: str, gazetteer: Gazetteer) -> bool:
    """Whether the first body named in ``text`` ("the Tax Policy Center said") is a think tank."""
    hits, tokens = scan(text, gazetteer)
    named = next((h for h in hits if h.entity), None)
    if named is None:
        return False
    entry = gazetteer.lookup(" ".join(t.surface for t in tokens[named.start : named.end]))
    return entry is not None and entry.is_think_tank


def _press_type(context: str, gazetteer: Gazetteer) -> str | None:
    """The type of a news agency named in the sentence, for "the agency said"."""
    hits, _ = scan(context, gazetteer)
    press = [h.type for h in hits if h.type in ("state_media", "news_outlet")]
    return press[0] if press else None


@lru_cache(maxsize=1)
def _anonymity_pattern() -> re.Pattern[str]:
    """One regex over every anonymity formula, words separated by any non-word run."""
    phrases = sorted(read_lexicon(_ANONYMITY_FILE), key=len, reverse=True)
    words = (r"\W+".join(re.escape(w) for w in _key(p, strip_the=False)) for p in phrases)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _anonymity_keys() -> tuple[str, ...]:
    """The last word of each anonymity formula: one must be in a sentence that has one."""
    return tuple(sorted({_key(p, strip_the=False)[-1] for p in read_lexicon(_ANONYMITY_FILE)}))


def _promises_anonymity(context: str) -> bool:
    """Whether the sentence has an anonymity formula ("on condition of anonymity")."""
    lowered = context.lower()
    if not any(key in lowered for key in _anonymity_keys()):  # cheap test before the regex
        return False
    return _anonymity_pattern().search(context) is not None


def _bare_name(mention: str) -> list[_Token]:
    """The name words of a bare name ("Mr. Clarke" -> Clarke), or [] if it is not one."""
    honorifics = _function_words()["honorific"]
    names = [t for t in _tokens(mention) if t.norm not in honorifics]
    if not names or not all(t.surface[:1].isupper() for t in names) or len(names) > 3:
        return []
    return names


def _word_matches(pattern: str, text: str, flags: int = 0) -> Iterator[re.Match[str]]:
    r"""The matches ``re.finditer(rf"\b{pattern}\b", text, flags)`` finds, found faster.

    ``pattern`` starts with a word character. A leading ``\b`` stops the regex engine's
    fast literal search (a 20,000-character document took 0.3 ms a name), so the boundary
    before a match is checked here instead, moving on by one character when it fails.
    """
    compiled = re.compile(pattern + r"\b", flags)
    pos = 0
    while (match := compiled.search(text, pos)) is not None:
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        yield match
        pos = match.end()


def _document_type(mention: str, document: str, gazetteer: Gazetteer) -> str | None:
    """Type a bare name ("Mr. Clarke") from its fuller mentions earlier in the document."""
    names = _bare_name(mention)
    if not names or names[-1].surface not in document:  # cheap test before the regexes
        return None
    full = r"\W+".join(re.escape(t.surface) for t in names)
    for pattern in dict.fromkeys((full, re.escape(names[-1].surface))):
        flags = re.IGNORECASE if pattern == full and len(names) > 1 else 0
        for count, match in enumerate(_word_matches(pattern, document, flags)):
            if count == MAX_DOCUMENT_MENTIONS:
                break
            begin = max(0, match.start() - 120)
            window = document[begin : match.end() + 200]
            found = _context_type(match.group(), window, gazetteer, match.start() - begin)
            if found is not None:
                return found
            # "Megyn Kelly" earlier, "Kelly" now: the full name may be a known person.
            run = _NAME_BEFORE.search(document, max(0, match.start() - 40), match.start())
            entry = gazetteer.lookup(run.group() + match.group()) if run else None
            if entry is not None:
                return entry.type
            if (
                count == 0
                and run is not None
                and title_vocabulary().isdisjoint(_norms(run.group()))
            ):
                # "Carter's press secretary, Peter Cook, told": the title is before the first name.
                at = run.start() - begin
                found = _context_type(window[at : match.end() - begin], window, gazetteer, at)
                if found is not None:
                    return found
    return None


def _first_mention_words(mention: str, document: str) -> tuple[str, ...]:
    """Content words around a bare name's first mention in the document, for the reader.

    The first mention usually introduces the person ("Oliver Hedge, who appraises golf
    courses for a brokerage"); its words tell the reader what the rules' lexicons do not.
    """
    names = _bare_name(mention)
    if not names:
        return ()
    at = document.find(names[-1].surface)
    if at < 0:
        return ()
    stop = read_lexicon(_STOPWORDS_FILE)
    skip = {t.norm for t in names}
    # Plain lower-cased words: the reader's features, so no need for the rules' tokenizer.
    before = _WORD.findall(document[max(0, at - FIRST_MENTION_CHARS // 2) : at].lower())[-3:]
    after = _WORD.findall(document[at : at + FIRST_MENTION_CHARS].lower())[:12]
    return tuple(dict.fromkeys(w for w in before + after if w not in stop and w not in skip))


def _party_tagged(mention: str, context: str) -> bool:
    """Whether the mention's head, or the text right after it, carries a party-state tag."""
    head = _RELATIVE_CLAUSE.split(mention, maxsplit=1)[0]
    if _PARTY_TAG.search(head):
        return True
    at = context.find(mention) if mention else -1
    if at < 0:
        return False
    tail = context[at + len(mention) : at + len(mention) + 16]
    match = _PARTY_TAG.search(tail)
    return match is not None and not tail[: match.start()].strip(" ,(")  # nothing but ", ("


def _not_a_post(found: str | None) -> str | None:
    """Drop "social_media" read from around a mention: "Trump tweeted" is Trump speaking.

    A mention is a social-media source only when it names the post or the account itself
    ("a Facebook post", "one Twitter user @nycsouthpaw"), which the mention's own words show.
    """
    return None if found == "social_media" else found


def _owner_described(hits: list[Hit], tokens: list[_Token]) -> bool:
    """Whether a mention's head ends in an untyped owner after its title ("A spokesperson for
    Athena Maritime"), so that an apposition after it ("a Greece-based company") says what
    the owner, and so the speaker, is."""
    if not hits:
        return False
    end = max(h.end for h in hits)
    owner = tokens[end + 1 :]
    return (
        end < len(tokens)
        and tokens[end].norm in ("for", "of", "at")
        and bool(owner)
        and all(t.surface[:1].isupper() for t in owner)
    )


def _rule_reading(
    mention: str, context: str, gaz: Gazetteer, document: str
) -> tuple[str | None, tuple[str, ...]]:
    """Type a mention by the rules; return the type (None if untyped) and what they saw.

    The evidence ("mention=government", "tier=5", "ctx=expert", "final=government", and for
    a bare name the words around its first mention in the document, "near=appraises") is what
    the learned reader weighs against the words of the mention and the sentence. "settled"
    marks a type read from the mention's own words alone (a title, a named body or person,
    tier up to ``SETTLED_TIER``, nothing in the sentence overriding it): in cross-validation
    on the tune mentions the reader never changed one of those, so ``source_type`` does not
    ask it.
    """
    if _HANDLE.search(mention):
        return "social_media", ("handle", "settled", "final=social_media")
    hits, tokens = scan(mention, gaz)
    found = resolve(hits, tokens)
    first, comma, _ = mention.partition(",")
    if comma and found is not None:
        # "Congressman Chris Collins, a Trump supporter": a title before the name is what the
        # mention foregrounds; the apposition after it only adds a role.
        named = scan(first, gaz)
        if (
            any(not h.entity and h.tier < COUNTRY_TIER for h in named[0])
            and not is_generic(first, gaz, named)
            and not _owner_described(*named)
        ):
            found = resolve(*named)
    scholar = _SCHOLAR.match(mention) if found == "organization" else None
    if (
        scholar is not None
        and _bare_name(scholar.group(1))
        and _is_think_tank(scholar.group(2), gaz)
    ):  # "James Doe of the American Enterprise Institute": a think tank's scholar
        found = "expert"
    evidence = [f"mention={found}", f"tier={min((h.tier for h in hits), default=0)}"]
    if any(h.entity for h in hits):
        evidence.append("entity=person" if any(h.tier == PERSON_TIER for h in hits) else "entity")
    if (
        context
        and hits
        and all(h.tier >= PERSON_TIER for h in hits)
        and any(h.entity for h in hits)
    ):
        # A title in the sentence ("Gov. Mike Pence") outranks a person's gazetteer default.
        titled = _not_a_post(_context_type(mention, context, gaz, appositions=False))
        if titled is not None:
            evidence.append(f"title={titled}")
            found = titled
    if (found is None or all(h.tier >= PERSON_TIER for h in hits)) and _party_tagged(
        mention, context
    ):  # "Kirsten Gillibrand (D-NY)": a tag outranks a person's gazetteer default
        found = "politician"
        evidence.append("party_tag")
    if (
        context
        # an unnamed role ("an aid worker", "an analyst") speaking on condition of
        # anonymity is an anonymous source; a channel (tier 1) keeps its type
        and (found is None or min((h.tier for h in hits), default=0) >= EXPERT_TIER)
        and _promises_anonymity(context)
        and is_generic(mention, gaz, (hits, tokens), bodies=True)
    ):
        return "anonymous", (*evidence, "anonymity", "final=anonymous")
    if (
        found is not None
        and len(tokens) <= 2
        and tokens[-1].norm in _function_words().get("press_ambiguous", frozenset())
    ):
        found = _press_type(context, gaz) or found
    parts = mention.split(",")
    if len(parts) > 2 and _AGE.match(parts[1]):  # "Sue Doe, 62, who hasn't decided ..."
        return "witness", (*evidence, "age", "settled", "final=witness")
    if found is None and len(parts) > 1:  # "Eric Herzik, who chairs the ... department"
        found = _context_type(parts[0], mention, gaz, 0)
        evidence.append(f"apposition={found}")
    owned = _OWNED.match(mention) if found is None else None
    if owned is not None and _bare_name(owned.group(1)):
        # "Tuttle's article": a document takes its author's type, read like the bare name.
        found = _rule_reading(owned.group(1), context, gaz, document)[0]
        evidence.append(f"owner={found}")
    if found is None and context:
        found = _not_a_post(_context_type(mention, context, gaz))
        evidence.append(f"ctx={found}")
    if found is None and document:
        window = document[-MAX_DOCUMENT_CHARS:]
        found = _not_a_post(_document_type(mention, window, gaz))
        evidence.append(f"doc={found}")
        evidence.extend(f"near={word}" for word in _first_mention_words(mention, window))
    tier = min((h.tier for h in hits), default=0)
    if (
        found is not None
        and evidence[0] == f"mention={found}"
        and 0 < tier <= SETTLED_TIER
        and len(evidence) <= 3  # nothing but the mention's own words decided
    ):
        evidence.append("settled")
    evidence.append(f"final={found}")
    return found, tuple(evidence)


@lru_cache(maxsize=1)
def _reader() -> SourceTypeClassifier:
    """The learned reader, rebuilt from its shipped weight table (no pickle, no fitting)."""
    return SourceTypeClassifier.from_table(read_table(WEIGHTS_FILE))


def source_type(
    mention: str,
    context: str = "",
    *,
    gazetteer: Gazetteer | None = None,
    document: str = "",
    fallback: bool = True,
) -> str:
    """Return the SPEC type of a source mention, read with its sentence.

    Parameters
    ----------
    mention : str
        The source noun phrase as written ("the DPR’s ministry", "TASS").
    context : str, default=""
        The sentence the mention is in; used for appositions, titles before a name,
        anonymity formulas and the press sense of "the agency".
    gazetteer : Gazetteer, optional
        Named sources to use instead of the shipped ones (see ``Gazetteer.merged``).
    document : str, default=""
        The document text before the mention, if known: a bare name the rules and the
        sentence cannot type ("Mr. Clarke") is typed from its fuller mentions there
        ("Tom Clarke, a nursing home owner"). Only its last ``MAX_DOCUMENT_CHARS``
        characters are read.
    fallback : bool, default=True
        Let the learned reader (a ``SourceTypeClassifier`` trained on annotated PolNeAR
        mentions, shipped as a weight table) weigh the rules' evidence against the words of
        the mention and the sentence. It overrides the rules only when it is at least
        ``READER_MIN_PROBA`` sure, never on a channel, an anonymity formula, state media
        or an armed group, and types a mention the rules leave untyped only when there is
        a sentence and it is at least ``FALLBACK_MIN_PROBA`` sure.

    Returns
    -------
    str
        One of ``SOURCE_TYPES`` except "narrator"; "unknown" when nothing applies.

    Examples
    --------
    >>> source_type("a Telegram channel run by the rebels")
    'social_media'
    >>> source_type("Ali Hassan", "Ali Hassan, a resident of the town, said the bridge fell.")
    'witness'
    """
    if not all(isinstance(arg, str) for arg in (mention, context, document)):
        msg = (
            "source_type expects str mention, context and document "
            f"(got {type(mention).__name__}, {type(context).__name__} "
            f"and {type(document).__name__})"
        )
        raise TypeError(msg)
    gaz = _default_gazetteer() if gazetteer is None else gazetteer
    if "ing" in mention and not _promises_anonymity(mention):
        mention = _PARTICIPLE_ASIDE.sub("", mention)  # its anonymity formula says who
    found, evidence = _rule_reading(mention, context, gaz, document)
    if (
        not fallback
        or found in _RULES_DECIDE
        or (found is None and not context)
        or "settled" in evidence
    ):
        # Channels, anonymity, state media, armed groups and the mention's own words stand;
        # without a sentence the reader could only guess an untyped name from its letters.
        return found or "unknown"
    reader = _reader()
    proba = reader.proba_one(mention, context, evidence)
    best = int(proba.argmax())
    guess = str(reader.classes_[best])
    threshold = FALLBACK_MIN_PROBA if found is None else READER_MIN_PROBA
    if proba[best] >= threshold:
        return guess
    return found or "unknown"


@lru_cache(maxsize=1)
def _liar_parties() -> Mapping[str, str]:
    return {row["party"].lower(): row["type"] for row in read_table("source_liar_parties.tsv")}


def liar_speaker_type(speaker: str, job: str = "", party: str = "") -> str:
    """Map a LIAR row's speaker slug, job title and party to a SPEC source type.

    The slug decides for PolitiFact's social-media speakers ("chain-email", "viral-image"),
    then the job title is read like a source mention ("U.S. Senator", "Columnist"), then the
    slug is looked up as a name ("national-rifle-association"), then the party column
    ("organization", "journalist", "republican").

    Parameters
    ----------
    speaker : str
        The speaker slug, e.g. "barack-obama".
    job : str, default=""
        The speaker's job title, possibly empty.
    party : str, default=""
        The party column, e.g. "republican", "none", "organization".

    Returns
    -------
    str
        One of ``SOURCE_TYPES`` except "narrator".

    Examples
    --------
    >>> liar_speaker_type("chain-email", "", "none")
    'social_media'
    >>> liar_speaker_type("john-doe", "State representative", "democrat")
    'politician'
    """
    slug = speaker.strip().lower()
    if slug in read_lexicon("source_liar_speakers.txt"):
        return "social_media"
    gaz = _default_gazetteer()
    if job.strip() and job.strip().lower() != "none":
        hits, tokens = scan(job, gaz)
        # "Candidate for U.S. Senate and physician": a public role outranks a trade.
        public = [h for h in hits if h.type not in ("expert", "witness") and h.tier < COUNTRY_TIER]
        found = resolve(public or hits, tokens)
        if found is not None:
            return found
    name = slug.replace("-", " ")
    entry = gaz.lookup(name)
    if entry is not None:
        return entry.type
    hits, tokens = scan(name, gaz)  # words of an organisation's slug, never a person's surname
    hits = [h for h in hits if h.tier in (1, ENTITY_TIER) and not h.entity]
    found = resolve(hits, tokens)
    if found is not None:
        return found
    return _liar_parties().get(party.strip().lower(), "unknown")


def _check_statements(X: Any, who: str) -> list[Statement]:
    """Return ``X`` as a list of Statements, or raise saying what was expected and got."""
    if isinstance(X, (str, bytes, Statement)):
        msg = f"{who} expects a sequence of Statement objects; got a single {type(X).__name__}"
        raise TypeError(msg)
    if hasattr(X, "to_numpy"):
        X = X.to_numpy()
    if isinstance(X, np.ndarray):
        if X.ndim != 1:
            msg = f"{who} expects a 1-d sequence of Statements; got an array of shape {X.shape}"
            raise ValueError(msg)
        X = X.tolist()
    if not isinstance(X, Sequence):
        msg = f"{who} expects a sequence of Statement objects; got {type(X).__name__}"
        raise TypeError(msg)
    for i, item in enumerate(X):
        if not isinstance(item, Statement):
            msg = f"{who} expects Statement objects; item {i} is a {type(item).__name__}"
            raise TypeError(msg)
    return list(X)


class SourceTypeFeatures(TextInputMixin, TransformerMixin, BaseEstimator):
    """One-hot source and channel types of statements, as a dense float array.

    Parameters
    ----------
    types : sequence of str, optional
        The types to encode, a subset of ``SOURCE_TYPES`` (default: all of them, in order).

    Attributes
    ----------
    types_ : tuple of str
        The types encoded, in column order.
    n_features_out_ : int
        The number of output columns, twice ``len(types_)``.

    Examples
    --------
    >>> from reliability._records import Source, Span, Statement
    >>> s = Statement("d", 0, 0, 4, "TASS", Span("x", 0, 1), Source("TASS", 0, 4, "state_media"))
    >>> SourceTypeFeatures(types=["state_media", "narrator"]).fit_transform([s])
    array([[1., 0., 0., 0.]])
    """

    def __init__(self, *, types: Sequence[str] | None = None) -> None:
        self.types = types

    def fit(self, X: Sequence[Statement], y: Any = None) -> SourceTypeFeatures:
        """Check the parameters and the statements; return ``self``."""
        _check_statements(X, type(self).__name__)
        types = SOURCE_TYPES if self.types is None else tuple(self.types)
        bad = [t for t in types if t not in SOURCE_TYPES]
        if bad or not types or len(set(types)) != len(types):
            msg = f"'types' must be distinct values in {SOURCE_TYPES} (got {self.types!r})"
            raise ValueError(msg)
        self.types_ = types
        self.n_features_out_ = 2 * len(types)
        return self

    def transform(self, X: Sequence[Statement]) -> np.ndarray:
        """Return one row per statement: ``source_type_*`` then ``channel_type_*`` one-hots."""
        check_is_fitted(self)
        statements = _check_statements(X, type(self).__name__)
        column = {t: i for i, t in enumerate(self.types_)}
        k = len(self.types_)
        out = np.zeros((len(statements), 2 * k), dtype=float)
        for row, statement in enumerate(statements):
            if statement.source_type in column:
                out[row, column[statement.source_type]] = 1.0
            if statement.channel is not None and statement.channel.type in column:
                out[row, k + column[statement.channel.type]] = 1.0
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Return the column names, ``source_type_<t>`` then ``channel_type_<t>``."""
        check_is_fitted(self)
        names = [f"source_type_{t}" for t in self.types_]
        names += [f"channel_type_{t}" for t in self.types_]
        return np.asarray(names, dtype=object)
