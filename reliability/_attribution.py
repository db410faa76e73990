"""Find the attribution of one sentence: who said it (source), how (cue) and what (content).

Forms recognised, tried in this order:

- ``"Y," X said.`` / ``"Y," said X.`` and ``Y, X said.`` (content first, attribution at the end);
- ``According to X, Y`` and ``Y, according to X`` (cue kind ``according_to``);
- ``X said (that) Y`` with any reporting cue of ``features/data/cue_verbs.tsv``, the source
  read leftwards from the cue to a clause boundary, through appositions, a party label
  ("Paul D. Ryan (R-Wis.)") and coordination ("agreed, but also contended").

Cue words of one predicate separated by a few lower-case words ("has not mentioned", "said
in a statement") form one cue.

A source naming a medium ("the Telegram channel for the DPR") is split into the channel
and its owner, which becomes the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from features._gazetteer import _function_words
from features._hedging import cue_kinds
from features._lexicons import read_lexicon
from features._source_rules import body_nouns

__all__ = [
    "SUBJECT_PRONOUNS",
    "Attribution",
    "Token",
    "citing_aside",
    "find_attributions",
    "is_reporting_cue",
    "token_words",
]

#: Longest source noun phrase, in tokens; a longer left context is not a source.
MAX_QUOTED_NAME_TOKENS = 4  # longest name or scare quote inside a clause ("General Sabre")
MAX_SOURCE_TOKENS = 14
#: Longest tail after an end-of-sentence cue ("the minister said on Thursday in Kyiv").
MAX_TAIL_TOKENS = 8
#: How far after a cue the word "that" may come ("said on Thursday that",
#: "told reporters in Kyiv on Thursday that").
MAX_THAT_DISTANCE = {"told": 8, "tell": 8, "tells": 8, "telling": 8}
DEFAULT_THAT_DISTANCE = 6
#: How far "that" may come after a cue followed by its medium ("said in a message posted on
#: its Telegram channel that", "said in a statement published by the Tasnim news agency that").
MAX_MEDIUM_THAT_DISTANCE = 14
_MEDIUM_PREPOSITIONS = frozenset({"in", "on", "via", "through"})
#: Longest adverbial between a parenthetical cue and its closing comma ("said in a post,").
MAX_PARENTHETICAL_TAIL = 6
#: Longest apposition after an inverted source ("said Umm Ahmed, a resident of the area").
MAX_APPOSITION_TOKENS = 10
#: Words that end an inverted source ("said the minister on Friday").
_TIME_WORDS = frozenset({"on", "in", "at", "during", "after", "before", "late", "earlier"})
_TELLING = frozenset({"told", "tell", "tells", "telling"})
_PRONOUNS = frozenset({"its", "their", "his", "her", "it", "they", "he", "she", "we", "i", "our"})
_AUDIENCES = frozenset(
    {"reporters", "journalists", "lawmakers", "supporters", "viewers"}
    # "told a Nairobi court", "told a news conference", "told the jury"
    | {"court", "jury", "judge", "parliament", "committee", "conference", "briefing"}
    | {"meeting", "crowd", "audience", "rally", "hearing", "panel", "tribunal"}
)
_OBJECT_PRONOUNS = frozenset({"me", "us", "him", "her", "them", "you"})
#: Evidential cues without a speaker: the text "seems", "appears" to be so.
_EVIDENTIAL = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
_BE = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s", "’s"})
#: Verbs that answer: before "to" ("responded to a request") they report no claim.
_ANSWER_VERBS = frozenset({"respond", "responds", "responded", "reply", "replies", "replied"})
_NEGATIONS = frozenset({"not", "n't", "never", "unable", "cannot", "failed"})
#: Words between a negation and its verb ("could not independently", "was unable to", "has
#: not been able to"), and how many of them are passed.
_ABLE_TO = frozenset({"to", "be", "been", "able", "yet"})
MAX_NEGATION_GAP = 4
#: Relative pronouns that are a source of their own before a cue, as PolNeAR marks them
#: ("a super PAC that intends", "the police department which reported").
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
_ACCUSED = frozenset({"accused", "suspected", "charged", "convicted"})
_REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself"})
_ADDING = frozenset({"adding"})
#: Longest thing added before "to" in "adding weeks to journeys".
MAX_ADDED_TOKENS = 4
#: Verbs that make a demand, not a claim, before "for"/"on" ("called for recognition").
_DEMAND_VERBS = frozenset({"call", "called", "calls", "calling"})
#: Longest source that starts with a lower-case word mid-sentence ("police", "two officials").
MAX_BARE_SOURCE_TOKENS = 6
#: Longest name before a long apposition ("Dr. Connie Mariano, who ..., said").
MAX_NAME_TOKENS = 6
#: Most words between two cue tokens of one predicate ("said in a statement").
MAX_CUE_GAP = 3
#: Words that separate two predicates ("said that ... claimed", "said and ... denied").
_GAP_STOPS = frozenset({"that", "and", "or", "but", "who", "which", "if", "whether"})
#: How far back a name and its apposition are looked for (keeps long sentences linear).
MAX_APPOSITION_SCAN = 40
#: Longest time adverbial between a source and its cue ("late on Monday night").
MAX_TIME_TOKENS = 4
#: Words that open a time adverbial ("on Tuesday", "late on Monday", "last week"); before a
#: cue "earlier" is a skip word ("The ministry earlier said"), so it opens one only at the
#: start of a source ("Earlier this week officials said").
_TIME_OPENERS = frozenset({"on", "late", "early", "last"})
#: Conjunctions that may open a sentence before its subject ("But the court ruled").
_CONJUNCTIONS = frozenset({"and", "but", "so"})
_ARTICLES = frozenset({"the", "a", "an"})
#: Pronouns that stand as a clause's subject (and the speaker of "..., it said").
SUBJECT_PRONOUNS = frozenset({"i", "we", "he", "she", "it", "they"})
#: Words that open a cue's content before any "that" ("said it had no information that").
_CONTENT_SUBJECTS = SUBJECT_PRONOUNS | {"there"}
#: Lower-case particles inside personal names ("Hamza bin Laden", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset({"al", "bin", "de", "der", "von", "van"})
#: Longest parenthesis between a name and its cue ("Paul D. Ryan (R-Wis.) said").
MAX_PARENTHESIS_TOKENS = 6

_TOKEN = re.compile(r"\w+(?:[’'.\-]\w+)*|[^\w\s]")
_QUOTE_CHARS = frozenset('"“”')
_NOUN_MARKERS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "these", "those", "this", "such"}
)
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)
_CHANNEL_OWNER = re.compile(
    r"^(?P<channel>.*?\b(?P<noun>\w+)\s+"
    r"(?:for|of|run by|belonging to|operated by|affiliated with)\s+)"
    r"(?P<owner>.+)$",
    re.IGNORECASE,
)
_VIA_CHANNEL = re.compile(
    r"^(?P<source>.+?),?\s+(?:in|via|through)\s+(?:(?:a|an|the|its|their)\s+)?[\w\s]{1,30}?\s*"
    r"(?:carried|published|posted|released|issued|broadcast|shared|reported|run)\s+"
    r"(?:by|on|in)\s+(?P<channel>.+)$",
    re.IGNORECASE,
)
_OWNER_CHANNEL = re.compile(r"^(?P<owner>.+?)[’']s\s+(?P<rest>.*\b(?P<noun>\w+))$", re.IGNORECASE)


class Token(NamedTuple):
    """A token with its offsets in the document, and its lower-cased form.

    A named tuple, not a dataclass: documents have thousands of tokens and tuples are
    several times cheaper to make.
    """

    text: str
    start: int
    end: int
    lower: str


@dataclass(frozen=True, slots=True)
class Attribution:
    """Offsets (into the document) of the parts of one attribution; ``None`` when absent."""

    content: tuple[int, int]
    cue: tuple[int, int]
    cue_kind: str
    source: tuple[int, int] | None
    channel: tuple[int, int] | None = None


def token_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of ``text`` with their start and end offsets, as three parallel lists.

    Cheaper for a whole document than a ``Token`` per word: only the sentences with a cue
    need ``Token`` objects.
    """
    words, starts, ends = [], [], []
    for match in _TOKEN.finditer(text):
        words.append(match[0])
        starts.append(match.start())
        ends.append(match.end())
    return words, starts, ends


def _that_after(tokens: list[Token], i: int) -> int | None:
    """Position of the "that" opening the content of the cue at ``i`` ("said on Friday that")."""
    reach = MAX_THAT_DISTANCE.get(tokens[i].lower, DEFAULT_THAT_DISTANCE)
    if i + 1 < len(tokens) and tokens[i + 1].lower in _MEDIUM_PREPOSITIONS:
        reach = max(reach, MAX_MEDIUM_THAT_DISTANCE)  # "said in a statement carried by X that"
    for k in range(i + 1, min(len(tokens), i + 1 + reach)):
        if tokens[k].lower == "that":
            return k
        if tokens[k].text in ",.;:!?" or tokens[k].text in _QUOTE_CHARS:
            return None
        if tokens[k].lower in _CONTENT_SUBJECTS:
            return None  # "said it had no information confirming that": the content has begun
    return None


def _strip_span(tokens: list[Token], lo: int, hi: int) -> tuple[int, int] | None:
    """Trim punctuation and quotation marks from both ends of ``tokens[lo:hi]``."""
    while lo < hi and not tokens[lo].text[0].isalnum() and tokens[lo].text not in '“"[(':
        lo += 1
    while hi > lo and not tokens[hi - 1].text[-1].isalnum() and tokens[hi - 1].text not in '”"])':
        hi -= 1
    if lo >= hi:
        return None
    return tokens[lo].start, tokens[hi - 1].end


def _content_span(tokens: list[Token], lo: int, hi: int) -> tuple[int, int] | None:
    """The content ``tokens[lo:hi]``, without a leading "that", trailing punctuation, or the
    quotation marks (and the comma inside them) of a content that is one whole quotation."""
    while lo < hi and tokens[lo].lower in ("that", ":", ","):
        lo += 1
    while hi > lo and tokens[hi - 1].text in (".", ",", ";", "—", "-"):
        hi -= 1
    whole_quote = (
        hi - lo > 2
        and tokens[lo].text in ("“", '"')
        and tokens[hi - 1].text in ("”", '"')
        and not any(t.text in _QUOTE_CHARS for t in tokens[lo + 1 : hi - 1])
    )
    if whole_quote:
        lo, hi = lo + 1, hi - 1
        while hi > lo and tokens[hi - 1].text in (",", "."):
            hi -= 1
    return _strip_span(tokens, lo, hi)


def _inside_body_name(tokens: list[Token], k: int, hi: int) -> bool:
    """Whether the "and" at ``k`` joins two capitalised words of one body's name ending at
    ``hi`` ("Competition and Consumer Commission"), not two sources ("Clinton and Trump")."""
    return (
        tokens[k].lower == "and"
        and 0 < k < hi - 1
        and tokens[k - 1].text[:1].isupper()
        and tokens[k + 1].text[:1].isupper()
        and tokens[hi - 1].text[:1].isupper()
        and tokens[hi - 1].lower in body_nouns()
    )


def _left_source(
    tokens: list[Token], cue: int, cues: frozenset[int] = frozenset()
) -> tuple[int, int] | None:
    """Token range of the source read leftwards from the cue, or None."""
    skip = read_lexicon("attribution_skip_words.txt")
    boundaries = read_lexicon("clause_boundary_words.txt")
    hi = _before_time(tokens, cue)  # "An armed group on Tuesday claimed"
    while hi > 0 and (tokens[hi - 1].lower in skip or tokens[hi - 1].lower.endswith("ly")):
        hi -= 1
    hi = _before_time(tokens, hi)  # "The ministry late on Monday also said"
    hi = _before_parenthesis(tokens, hi)  # "Paul D. Ryan (R-Wis.) said": the name before it
    lo = hi
    while lo > 0:
        word = tokens[lo - 1]
        if _inside_body_name(tokens, lo - 1, hi):
            lo -= 1  # "The Australian Competition and Consumer Commission said": one name
            continue
        if word.lower in boundaries or word.text in ",;:—–()" or word.text in _QUOTE_CHARS:
            break
        if _closes_quote(tokens, lo - 1):
            break
        if lo - 1 in cues:  # "The group claimed Assad announced ...": Assad, not the group
            break
        lo -= 1
    if lo < hi and (tokens[lo].lower in _TIME_OPENERS or tokens[lo].lower == "earlier"):
        time = read_lexicon("time_words.txt")  # "Last week officials said": not the source
        while lo < hi - 1 and tokens[lo].lower in time:
            lo += 1
    if lo == hi:
        if hi > 0 and tokens[hi - 1].lower in _RELATIVE_PRONOUNS:
            return hi - 1, hi  # "the department, which reported": the pronoun stands for it
        return _apposition_or_subject(tokens, lo, cue, cues)
    claim = hi - lo > 2 and tokens[lo + 1].lower in read_lexicon("claim_nouns.txt")
    if claim and tokens[lo].lower in _ARTICLES:
        lo += 2  # "an accusation Tehran denies": Tehran denies it
    if hi - lo > MAX_SOURCE_TOKENS or not any(t.text[0].isalpha() for t in tokens[lo:hi]):
        return None
    first = tokens[lo].text
    if lo > 0 and first[0].islower() and first.lower() not in _NOUN_MARKERS:
        # a long lower-case left context is a verb phrase, not a bare-noun source ("police"),
        # unless titles lead to a name ("army spokesman Brig. Gen. Nabil Abdallah")
        long = hi - lo > MAX_BARE_SOURCE_TOKENS
        return None if long and not _titled_name(tokens, lo, hi) else (lo, hi)
    return lo, hi


def _titled_name(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether ``tokens[lo:hi]`` is role words and titles before a name of two capitalised
    words at least, with no verb-like word ("army spokesman Brig. Gen. Nabil Abdallah")."""
    if hi - lo < 2 or not all(t.text[:1].isupper() for t in tokens[hi - 2 : hi]):
        return False
    stops = _verb_like_words()
    return not any(t.lower in stops or t.lower.endswith("ed") for t in tokens[lo:hi])


@lru_cache(maxsize=1)
def _verb_like_words() -> frozenset[str]:
    """Words that make a left context a clause, not titles before a name."""
    return _GAP_STOPS | _BE | read_lexicon("attribution_skip_words.txt")


def _sentence_subject(tokens: list[Token], end: int) -> tuple[int, int] | None:
    """The name that opens the sentence's main clause before ``end``, past a dateline
    ("BRUSSELS -") or an opening phrase set off by a comma ("On Thursday, Trump spoke ...,
    promising"), with its article ("the Supreme Court") and a staff title and its name ("A
    party spokesman, Brian Odera,"); None when no name opens it."""
    k = 0
    dash = next((j for j in range(min(end, 4)) if tokens[j].text in "-—–"), None)
    if dash is not None and all(t.text.isupper() for t in tokens[:dash] if t.text.isalpha()):
        k = dash + 1  # a dateline
    if k < end and tokens[k].lower in _CONJUNCTIONS:
        k += 1  # "But the court ruled ...": the conjunction is not the subject
    if k < end and tokens[k].lower in read_lexicon("sentence_opener_words.txt"):
        reach = min(end, k + MAX_SOURCE_TOKENS)
        comma = next((j for j in range(k, reach) if tokens[j].text == ","), None)
        if comma is None:
            return None
        k = comma + 1
    lo = k + (k < end and tokens[k].lower in _ARTICLES)
    hi = _name_end(tokens, lo, end)
    if hi - lo > MAX_NAME_TOKENS:
        return None
    hi = _after_parenthesis(tokens, hi, end)  # "The World Health Organization (WHO)"
    staff = _function_words()["staff"]
    if lo > k:  # "A party spokesman, ...": an article, lower-case modifiers, a staff title
        title = next((j for j in range(hi, min(end, hi + 3)) if tokens[j].lower in staff), None)
        if title is not None and all(t.text[:1].islower() for t in tokens[hi:title]):
            hi = title
    if hi < end and tokens[hi].lower in staff:
        # "A UDA spokesman, Brian Otieno, posted ...": the staff title and its name
        hi += 1
        if hi < end and tokens[hi].text == ",":
            named = _name_end(tokens, hi + 1, end)
            if hi + 1 < named < end and tokens[named].text == ",":
                hi = named
        else:  # "Chinese Foreign Ministry spokesperson Mao Ning, at a briefing, ..."
            hi = _name_end(tokens, hi, end)
    if hi == lo or hi >= end:
        return None
    following = tokens[hi].text
    if following != "," and not following[0].islower():
        return None
    return k, hi


def _name_end(tokens: list[Token], lo: int, end: int) -> int:
    """The end of the run of capitalised words (with initials' periods and particles such as
    "bin") that starts at ``lo``, before ``end``."""
    hi = lo
    while hi < end and (
        tokens[hi].text[0].isupper()
        or (hi > lo and (tokens[hi].text == "." or tokens[hi].lower in _NAME_PARTICLES))
    ):
        hi += 1
    return hi


def _after_parenthesis(tokens: list[Token], hi: int, end: int) -> int:
    """The end of a name followed by a short parenthesis ("(WHO)", "(R-Wis.)") at ``hi``."""
    if hi >= end or tokens[hi].text != "(":
        return hi
    close = next(
        (
            k
            for k in range(hi + 1, min(end, hi + 2 + MAX_PARENTHESIS_TOKENS))
            if tokens[k].text == ")"
        ),
        None,
    )
    return hi if close is None else close + 1


def _before_time(tokens: list[Token], hi: int) -> int:
    """The end of a source before a time adverbial that ends at ``hi`` ("on Tuesday", "late
    on Monday night", "last week"): an adverbial opens with one of ``_TIME_OPENERS``."""
    time = read_lexicon("time_words.txt")
    k = hi
    while k > 0 and hi - k < MAX_TIME_TOKENS and tokens[k - 1].lower in time:
        k -= 1
    while k < hi and tokens[k].lower not in _TIME_OPENERS:
        k += 1  # the adverbial starts at its opener; words before it stay in the source
    return k if k < hi and k > 0 else hi


def _before_parenthesis(tokens: list[Token], hi: int) -> int:
    """The end of a source before a short parenthesis that ends at ``hi`` ("(R-Wis.)")."""
    if hi < 2 or tokens[hi - 1].text != ")":
        return hi
    for k in range(hi - 2, max(-1, hi - 2 - MAX_PARENTHESIS_TOKENS), -1):
        if tokens[k].text == "(":
            # "Paul D. Ryan (R-Wis.)", "the Malian armed forces (FAMa)": a name or an acronym
            acronym = hi - k == 3 and tokens[k + 1].text[:1].isupper()
            return k if k > 0 and (tokens[k - 1].text[:1].isupper() or acronym) else hi
        if tokens[k].text in ",;:()":
            return hi
    return hi


def _name_before_apposition(tokens: list[Token], lo: int, hi: int) -> tuple[int, int] | None:
    """The last name set off by commas in ``tokens[lo:hi]``: "Dr. Connie Mariano" of "Dr.
    Connie Mariano, who as a Navy captain ..." (two capitalised words at least, or one
    before a relative clause)."""
    stopwords = read_lexicon("stopwords.txt")
    found = None
    start = lo
    for k in range(lo, hi + 1):
        if k < hi and tokens[k].text != ",":
            continue
        segment = tokens[start:k]
        names = sum(t.text[:1].isupper() and t.text[:1].isalpha() for t in segment)
        # "Rep. Gregory W. Meeks (D-N.Y.)": the words count, not the periods and brackets
        words = sum(t.text[:1].isalnum() for t in segment)
        # "Christie, who has campaigned ...": one name before a relative clause
        relative = k < hi and tokens[k + 1].lower in ("who", "which")
        named = names >= 2 or (names == 1 and relative)
        # "A senior official, who spoke on condition of anonymity ..., said": the noun
        # phrase opening the clause is its subject, named or not
        opening = (
            start == lo
            and bool(segment)
            and (segment[0].lower in _NOUN_MARKERS | {"two", "three", "one"} or names >= 2)
        )
        # "the Inter-Services Public Relations (ISPR)": "the" before a name is no stopword
        head = segment[1:] if segment and segment[0].lower == "the" else segment
        if (opening and 0 < words <= MAX_SOURCE_TOKENS) or (
            0 < words <= MAX_NAME_TOKENS and named and head and head[0].lower not in stopwords
        ):
            found = (start, k)
        start = k + 1
    return found


def _opens_content(tokens: list[Token], k: int, cues: frozenset[int]) -> bool:
    """Whether the "that" at ``k`` opens reported content ("said on Friday that"), not a
    relative clause ("an industry body that represents sweetener makers")."""
    for j in range(k - 1, max(-1, k - 1 - DEFAULT_THAT_DISTANCE), -1):
        if j in cues or tokens[j].lower in cue_kinds():
            return True
        if tokens[j].text == ",":
            return False
    return k == 0


def _apposition_or_subject(
    tokens: list[Token], at: int, cue: int, cues: frozenset[int]
) -> tuple[int, int] | None:
    """Source of "Ali Hassan, a resident, said" or of "Assad has echoed X and alleged Y"."""
    if at > 0 and tokens[at - 1].text == ",":
        lo = at - 1
        while (
            lo > max(0, at - 1 - MAX_APPOSITION_SCAN)
            and tokens[lo - 1].text not in ';:—–-"“”'
            and not (tokens[lo - 1].lower == "that" and _opens_content(tokens, lo - 1, cues))
            and not _closes_quote(tokens, lo - 1)
        ):
            lo -= 1
        # '"...," the group's spokesman, Innocent Bisengimana, wrote': lower case after a
        # quotation or the dash that follows one
        quotation = lo > 0 and (tokens[lo - 1].text in _QUOTE_CHARS or tokens[lo - 1].text in "—–")
        if any(k in cues for k in range(lo, at)) or not (tokens[lo].text[0].isupper() or quotation):
            return None
        if tokens[lo].lower in _CONJUNCTIONS and lo + 1 < at - 1 and tokens[lo + 1].text.isalnum():
            lo += 1  # "But an official at the department, who ..., said"
        participle = (
            tokens[lo].lower.endswith("ing") and lo + 1 < at and tokens[lo + 1].text[:1].islower()
        )
        if participle or tokens[lo].lower in read_lexicon("sentence_opener_words.txt"):
            # "In a statement, her adviser, Jake Sullivan, said", "Giving evidence, a former
            # carer, who cannot be named, said": the opening phrase is not the source
            comma = next((k for k in range(lo, at - 1) if tokens[k].text == ","), None)
            if comma is None:
                return None
            lo = comma + 1
        aside = next((k for k in range(lo, at - 2) if citing_aside(tokens, k + 1)), None)
        if aside is not None:
            return lo, aside  # "RIA Novosti, citing unnamed officials, reported": RIA reports
        if 0 < at - 1 - lo <= MAX_SOURCE_TOKENS:
            return lo, at - 1
        return _name_before_apposition(tokens, lo, at - 1)
    if at > 0 and tokens[at - 1].lower in ("and", "but"):
        return _sentence_subject(tokens, cue)
    return None


def _split_channel(text: str, lo: int, hi: int) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Split a source mention into (source, channel): "the Telegram channel for the DPR"."""
    mention = text[lo:hi]
    nouns = read_lexicon("channel_nouns.txt")
    match = _VIA_CHANNEL.match(mention)
    if match:
        return (lo, lo + match.end("source")), (lo + match.start("channel"), hi)
    match = _CHANNEL_OWNER.match(mention)
    if match and match.group("noun").lower() in nouns:
        return (lo + match.start("owner"), hi), (lo, hi)
    match = _OWNER_CHANNEL.match(mention)
    if match and match.group("noun").lower() in nouns:
        return (lo + match.start("owner"), lo + match.end("owner")), (lo, hi)
    return (lo, hi), None


def _ends_phrase(tokens: list[Token], k: int) -> bool:
    """True for punctuation that ends a noun phrase: not the period of "Dr." or "W."."""
    word = tokens[k].text
    if word != ".":
        return word in ",;!?"
    before = tokens[k - 1].text if k > 0 else ""
    initial = len(before) == 1 and before.isupper()
    return not initial and before.lower() not in read_lexicon("abbreviations.txt")


def _inverted_source(tokens: list[Token], lo: int) -> tuple[int, int]:
    """Source after an inverted cue: ``said Umm Ahmed, a resident of the area, who ...``."""
    n = len(tokens)
    hi = next(
        (k for k in range(lo, n) if _ends_phrase(tokens, k) or tokens[k].lower in _TIME_WORDS),
        n,
    )
    if hi + 1 < n and tokens[hi].text == "," and tokens[hi + 1].lower in ("a", "an", "the"):
        end = next((k for k in range(hi + 1, n) if _ends_phrase(tokens, k)), n)
        if end - hi <= MAX_APPOSITION_TOKENS:
            hi = end
    return lo, hi


def is_reporting_cue(tokens: list[Token], i: int) -> bool:
    """True when token ``i`` reports a claim: a reporting verb of the cue lexicon, "according
    to", or a speaker's colon; not a demand ("called for") or a stance ("voted against")."""
    word = tokens[i].lower
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    if word == "according":
        return following == "to"
    if word == ":":
        return i > 0 and tokens[i - 1].text[:1].isupper()
    if word in _DEMAND_VERBS and following in ("for", "on", "upon", "at", "in", "off"):
        return False  # "called for talks", "a ship that called at the port"
    if word in _DEMAND_VERBS and following in _REFLEXIVES:
        return False  # "a group calling itself X": a name, not a claim
    if word in _ADDING and _adds_to(tokens, i):
        return False  # "adding weeks to journeys": arithmetic, not a claim
    if word in _ACCUSED and following == "of":
        return False  # "an official accused of bribery": someone else accuses, unnamed
    if word in _ANSWER_VERBS and following == "to":
        return False  # "did not respond to a request for comment": no claim
    if word == "posted" and _that_after(tokens, i) is None and not _quotes_next(tokens, i):
        return False  # "posted a video showing ...": what was posted, not what it says
    if word == "admitted" and i > 0 and tokens[i - 1].lower in _BE and following != "that":
        return False  # "her son was admitted on Saturday": to hospital, not a confession
    medium = i > 0 and tokens[i - 1].lower in read_lexicon("medium_nouns.txt")
    if medium and following in ("by", "on", "in", "to"):
        return False  # "a statement read on state television", "a message read to the jury"
    if _negated(tokens, i):
        return False  # "did not say", "was unable to confirm": nothing is asserted
    before = tokens[i - 1] if i > 0 else None
    if before is not None and (before.lower in _NOUN_MARKERS or _POSSESSIVE.search(before.text)):
        return False  # "Putin's claims", "the report": a noun, not a reporting verb
    return word in cue_kinds()


def _quotes_next(tokens: list[Token], i: int) -> bool:
    """Whether a colon or a quotation mark follows the cue at ``i`` within a few words
    ("posted on Telegram: ...")."""
    return any(t.text == ":" or t.text in _QUOTE_CHARS for t in tokens[i + 1 : i + 6])


def citing_aside(tokens: list[Token], i: int) -> bool:
    """True for "citing" or "quoting" set off by commas before the cue of its sentence ("RIA
    Novosti, citing unnamed officials, reported"): it names a source, it reports no claim."""
    if i == 0 or tokens[i - 1].text != "," or tokens[i].lower not in ("citing", "quoting"):
        return False
    end = min(len(tokens), i + 2 + MAX_SOURCE_TOKENS)
    return any(
        tokens[k].text == "," and is_reporting_cue(tokens, k + 1) for k in range(i + 1, end - 1)
    )


def _adds_to(tokens: list[Token], i: int) -> bool:
    """Whether the "adding" at ``i`` adds something to something ("adding weeks to journeys",
    "by adding a few towns to the list"): "to" within a few words, before any clause."""
    for k in range(i + 1, min(len(tokens), i + 2 + MAX_ADDED_TOKENS)):
        word = tokens[k].lower
        if word == "to":
            return True
        if word in _GAP_STOPS or word in _PRONOUNS or not tokens[k].text[:1].isalnum():
            return False
    return False


def _negated(tokens: list[Token], i: int) -> bool:
    """True when a negation governs the verb at ``i``, past adverbs and "be able to": "did
    not say", "could not independently confirm", "has not been able to verify"."""
    k = i - 1
    while (
        k >= 0
        and i - k <= MAX_NEGATION_GAP
        and (tokens[k].lower in _ABLE_TO or tokens[k].lower.endswith("ly"))
    ):
        k -= 1
    return k >= 0 and tokens[k].lower in _NEGATIONS


def _same_predicate(tokens: list[Token], hi: int, i: int) -> bool:
    """True when the cue token ``i`` continues the cue group ending at ``hi``: adjacent, or
    after a short gap of lower-case words ("has not mentioned", "said in a statement")."""
    gap = tokens[hi:i]
    return len(gap) <= MAX_CUE_GAP and all(
        t.text.isalpha() and t.text.islower() and t.lower not in _GAP_STOPS for t in gap
    )


def _nested(tokens: list[Token], group: tuple[int, int], i: int) -> bool:
    """Whether cue ``i`` reports inside the report of ``group``: a reporting verb, a new
    subject with its article, then this cue and "that" ("said the outbreak showed that")."""
    lo, hi = group
    return (
        tokens[lo].lower in _function_words()["cue"]
        and hi < i
        and tokens[hi].lower in _ARTICLES
        and i + 1 < len(tokens)
        and tokens[i + 1].lower == "that"
    )


def _cue_groups(tokens: list[Token], cues: list[int]) -> list[tuple[int, int]]:
    """Merge adjacent cue tokens ("according to", "said in a statement") into [start, end)."""
    groups: list[tuple[int, int]] = []
    for i in sorted(set(cues)):
        if (
            groups
            and _same_predicate(tokens, groups[-1][1], i)
            and not _nested(tokens, groups[-1], i)
        ):
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
    merged = []
    for lo, hi in groups:
        if tokens[lo].lower == "according" and hi == lo + 1 and hi < len(tokens):
            hi += tokens[hi].lower == "to"
        merged.append((lo, hi))
    return merged


def _cue_kind(tokens: list[Token], lo: int, hi: int) -> str:
    head = tokens[lo].lower
    if head == "according":
        return "according_to"
    kinds = cue_kinds()
    for token in tokens[lo:hi]:
        if token.lower in kinds:
            return kinds[token.lower]
    return "neutral"


def _before_boundary(tokens: list[Token], at: int) -> int:
    """The content end before a trailing attribution: the comma or closing quote before ``at``."""
    k = at
    while k > 0 and tokens[k - 1].text not in (",", "”", '"', "—", ";", ":"):
        k -= 1
    return k - 1 if k > 0 else at


def _according(tokens: list[Token], lo: int, hi: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """ "According to X, Y" or "Y, according to X": (source range, content range)."""
    n = len(tokens)
    comma = next((k for k in range(hi, n) if tokens[k].text in ",;"), n)
    source = (hi, min(comma, hi + MAX_SOURCE_TOKENS + 4))
    if lo == 0 or not any(t.text[0].isalnum() for t in tokens[:lo]):
        return source, (comma + 1, n)
    before = lo - 1 if tokens[lo - 1].text in (",", "(", "—") else lo
    return source, (0, before)


def _closes_quote(tokens: list[Token], k: int) -> bool:
    """True when token ``k`` closes a quotation: ``”``, ``"``, or a single mark after
    punctuation or another single mark (``,'`` and the ``''`` of some newspapers)."""
    if k < 0:
        return False
    mark = tokens[k].text
    if mark in ("”", '"'):
        return True
    possessive = (  # "the U.N.'s deputy": a possessive after an abbreviation's period
        k + 1 < len(tokens) and tokens[k + 1].lower == "s" and tokens[k + 1].start == tokens[k].end
    )
    return (
        mark in ("'", "’")
        and k > 0
        and tokens[k - 1].text in ("'", "’", ",", ".", "?", "!")
        and not possessive
    )


def _after_quotation(tokens: list[Token], at: int) -> bool:
    """True when a quotation closes right before token ``at`` (a comma between allowed);
    not a short phrase quoted inside a clause ('who goes by the name "General Sabre" claimed')."""
    if _closes_quote(tokens, at - 1):
        return not _quoted_in_clause(tokens, at - 1)
    return at > 1 and tokens[at - 1].text == "," and _closes_quote(tokens, at - 2)


def _quoted_in_clause(tokens: list[Token], close: int) -> bool:
    """Whether the quotation closing at ``close`` is a few words without punctuation quoted
    after a word of the same clause: a name or a scare quote, not reported speech."""
    for k in range(close - 1, max(-1, close - 2 - MAX_QUOTED_NAME_TOKENS), -1):
        if tokens[k].text in ("“", '"'):
            inner = tokens[k + 1 : close]
            return (
                k > 0
                and tokens[k - 1].text[:1].isalpha()
                and 0 < len(inner) <= MAX_QUOTED_NAME_TOKENS
                and all(t.text[:1].isalnum() for t in inner)
            )
    return False


def _trailing(tokens: list[Token], left: tuple[int, int], body: int) -> bool:
    """True for "Y, X said on Friday." and '"Y," X said, adding ...': the source follows a
    comma or quotation, and only a short tail follows the cue or a quotation precedes it."""
    if body > 0 and tokens[body - 1].lower == "that":
        return False  # "In a post, the leader claimed that ...": the content follows
    lo = left[0]
    after_break = lo > 0 and tokens[lo - 1].text in (",", "”", '"', "—", "–")
    tail = len(tokens) - body
    opens = body < len(tokens) and tokens[body].text in ("“", '"', ":")
    # '"Y," X said, adding ...': a quotation that opens the sentence is the content
    quotation = _after_quotation(tokens, lo) and tokens[0].text in ("“", '"', "'", "‘")
    # "In a speech, Clinton laid out her plans": a tail that is an object is the content
    first = tokens[body] if body < len(tokens) else None
    adverbial = first is None or (
        first.lower in _TIME_WORDS or first.text in ",.;!?" or first.text[:1].isupper()
    )
    # '"Y," X said in a statement carried by ...': however long, the medium is no content
    mediums = read_lexicon("medium_nouns.txt")
    medium = (
        first is not None
        and first.lower in _MEDIUM_PREPOSITIONS
        and lo > 0
        and _closes_quote(tokens, lo - 1)
        and not mediums.isdisjoint(t.lower for t in tokens[body : body + 4])
    )
    short = (tail <= MAX_TAIL_TOKENS + 1 and adverbial) or quotation or medium
    return (after_break or quotation) and short and not opens


def _after_recipient(tokens: list[Token], at: int) -> int:
    """Skip the person told: "told the BBC", "told reporters", "told Reuters", "told me"."""
    k = at
    if k < len(tokens) and tokens[k].lower in _OBJECT_PRONOUNS:
        return k + 1
    if k < len(tokens) and tokens[k].lower in ("the", "a", "an"):
        k += 1
    start = k
    while k < len(tokens) and (
        tokens[k].text[:1].isupper()
        or tokens[k].lower in _AUDIENCES
        or (k + 1 < len(tokens) and tokens[k + 1].lower in _AUDIENCES and tokens[k].text.isalpha())
    ):
        k += 1
    return k if k > start else at


def _quoted_as(
    tokens: list[Token], lo: int
) -> tuple[tuple[int, int], tuple[int, int] | None, int] | None:
    """For "X quoted Y as saying", the token ranges of Y (the source) and X (the channel);
    for "Y was quoted (by X) as saying", of Y and of X if named; and where the phrase
    starts (a quotation before it is the content)."""
    if lo < 3 or tokens[lo - 1].lower != "as" or tokens[lo].lower not in ("saying", "said"):
        return None
    quoted = next(
        (
            k
            # "TASS quoted Denis Pushilin, the Russian-installed leader ..., as saying"
            for k in range(lo - 2, max(-1, lo - 2 - MAX_SOURCE_TOKENS - MAX_APPOSITION_TOKENS), -1)
            if tokens[k].lower in ("quoted", "quotes", "quoting", "cited", "cites")
        ),
        None,
    )
    if quoted is None:
        return None
    if quoted > 1 and tokens[quoted - 1].lower in _BE:
        # '"Y," he was quoted as saying', '... was quoted by TASS as saying'
        by = tokens[quoted + 1].lower == "by" and quoted + 2 < lo - 1
        if not by and quoted + 1 != lo - 1:
            return None
        be = quoted - 1
        start = _phrase_start(tokens, be)
        return ((start, be), (quoted + 2, lo - 1) if by else None, start) if start < be else None
    if quoted + 1 >= lo - 1:
        return None
    start = _phrase_start(tokens, quoted)
    if start == quoted:
        return None
    return (quoted + 1, lo - 1), (start, quoted), start


def _phrase_start(tokens: list[Token], end: int) -> int:
    """Where the noun phrase before ``end`` starts: after a comma, quotation mark or colon,
    at most ``MAX_SOURCE_TOKENS`` back."""
    start = end
    while start > 0 and tokens[start - 1].text not in ',"”;:' and end - start < MAX_SOURCE_TOKENS:
        start -= 1
    return start


def _parenthetical(tokens: list[Token], left: tuple[int, int], hi: int) -> bool:
    """True for "Y1, X said, Y2" and "Y1, X added in a post, Y2": an attribution set off
    by commas inside its content."""
    if left[0] < 2 or tokens[left[0] - 1].text != ",":
        return False
    for k in range(hi, min(len(tokens) - 1, hi + MAX_PARENTHETICAL_TAIL + 1)):
        if tokens[k].text == ",":
            return True
        if tokens[k].text in '.;:!?"“”' or tokens[k].lower == "that":
            return False
    return False


def _passive(tokens: list[Token], lo: int) -> bool:
    """True for a cue in the passive ("was accused", "is seen", "has been described"), also
    with adverbs between ("was once asked", "has been harshly criticized")."""
    if not tokens[lo].lower.endswith(("ed", "en", "wn")):
        return False
    skip = read_lexicon("attribution_skip_words.txt")  # adverbs and auxiliaries
    k = lo - 1
    while (
        k > 0
        and tokens[k].lower not in _BE
        and (tokens[k].lower in skip or tokens[k].lower.endswith("ly"))
    ):
        k -= 1
    return k >= 0 and tokens[k].lower in _BE


def _agent(tokens: list[Token], hi: int) -> tuple[int, int] | None:
    """The agent of a passive cue: "accused by X" gives X."""
    if hi < len(tokens) and tokens[hi].lower == "by":
        end = next((k for k in range(hi + 1, len(tokens)) if tokens[k].text in ",.;:"), None)
        end = len(tokens) if end is None else end
        if 0 < end - hi - 1 <= MAX_SOURCE_TOKENS:
            return _strip_span(tokens, hi + 1, end)
    return None


def _comma_inverted(tokens: list[Token], lo: int, hi: int) -> bool:
    """True for "..., said lobbyist Charlie Black.": a cue after a comma, then a noun phrase
    that names someone and runs to the end of the sentence."""
    if lo < 2 or tokens[lo - 1].text != "," or hi >= len(tokens):
        return False
    if tokens[lo].lower.endswith("ing"):
        return False  # "..., saying the standoff ... threatened X": a participle never inverts
    n = len(tokens)
    # looking no further than a name and its apposition reach keeps long sentences linear;
    # the sentence's end, not an abbreviation's period ("called Mr. Obama's remarks ...")
    reach = min(n, hi + MAX_SOURCE_TOKENS + 1)
    end = next((k for k in range(hi, reach) if tokens[k].text in ";!?" or k >= n - 2), None)
    # "said Ana Ruiz, a lawyer at the firm": a short name before an apposition
    near = min(reach, hi + MAX_NAME_TOKENS + 1)
    head = next((k for k in range(hi, near) if tokens[k].text == ","), None)
    if head is not None and (end is None or head < end):
        phrase = tokens[hi:head]
    elif end is not None:
        phrase = tokens[hi:end]
    else:
        return False
    if not phrase or phrase[0].lower in _PRONOUNS or phrase[0].lower in _TIME_WORDS:
        return False  # "..., he said on Twitter": no source follows
    named = phrase[-1].text[:1].isupper()
    return named and not any(
        t.lower in ("that", "to", "if", "whether") or t.text in _QUOTE_CHARS for t in phrase
    )


def find_attributions(text: str, tokens: list[Token], cues: list[int]) -> list[Attribution]:
    """The attributions of one sentence, given its tokens and the positions of its cue tokens.

    For each cue: "according to X" takes the source after it; otherwise the source is
    read leftwards from the cue to a clause boundary (through appositions and "and"
    coordination), or, for a cue right after a quotation or comma, rightwards ("said X");
    a cue with no source of its own after a comma ("..., adding that") shares the source
    of the attribution before it. The content follows the cue (after "that" or a
    recipient), or, when only a short tail follows, precedes the source up to the comma
    or quotation that closes it.
    """
    attributions: list[Attribution] = []
    n = len(tokens)
    cue_positions = frozenset(cues)
    previous: tuple[int, int] | None = None
    for lo, hi in _cue_groups(tokens, cues):
        kind = _cue_kind(tokens, lo, hi)
        cue = (tokens[lo].start, tokens[hi - 1].end)
        src: tuple[int, int] | None
        if kind == "according_to":
            (slo, shi), (clo, chi) = _according(tokens, lo, hi)
            src = _strip_span(tokens, slo, shi)
            content = _content_span(tokens, clo, chi)
        elif tokens[lo].lower in _EVIDENTIAL or _passive(tokens, lo):
            # "Manafort seemed to be ...", "he was accused of ...": no source but an agent
            src = _agent(tokens, hi)
            subject = _left_source(tokens, lo, cue_positions)
            start = subject[0] if subject is not None else hi
            content = _content_span(tokens, start, n)
        elif (quoted_as := _quoted_as(tokens, lo)) is not None:
            # '"Y," TASS quoted Lukashenko as saying': Lukashenko speaks through TASS
            (slo, shi), through, begins = quoted_as
            src = _strip_span(tokens, slo, shi)
            rest = _content_span(tokens, hi, n)
            content = rest if rest is not None else _content_span(tokens, 0, begins)
            source, _ = _split_channel(text, *src) if src else (None, None)
            channel = _strip_span(tokens, *through) if through is not None else None
            if content is not None:
                attributions.append(Attribution(content, cue, kind, source, channel))
                previous = src or previous
            continue
        else:
            that = _that_after(tokens, hi - 1)
            if (
                that is not None
                and tokens[hi - 1].lower not in _TELLING  # "told a woman who suggested that"
                and any(hi <= c < that for c in cue_positions)
            ):
                that = None  # "said the outbreak showed that ...": the report is the content
            body = hi if that is None else that + 1
            if that is None and tokens[hi - 1].lower in _TELLING:
                body = _after_recipient(tokens, hi)  # "told the BBC they heard ..."
            content = _content_span(tokens, body, n)
            # "said X" may invert, "told X" never does: X is the one told
            inverted = tokens[hi - 1].lower not in _TELLING and (
                _after_quotation(tokens, lo) or _comma_inverted(tokens, lo, hi)
            )
            participle = (
                not inverted
                and lo > 0
                and tokens[lo - 1].text == ","
                and tokens[lo].lower.endswith("ing")
            )
            if inverted or (participle and previous is not None):
                left = None
            elif participle:
                # "Trump spoke to the group, promising ...": the subject of the sentence speaks
                left = _sentence_subject(tokens, lo) or _left_source(tokens, lo, cue_positions)
            else:
                left = _left_source(tokens, lo, cue_positions)
            if participle and previous is not None:
                src = previous  # "X said A, adding that B"
            elif left is not None:
                src = _strip_span(tokens, *left)
                if content is not None and _parenthetical(tokens, left, hi):
                    # "Assad, the ministry said, expressed ...": the content is on both sides
                    content = _content_span(tokens, 0, n)
                elif content is None or _trailing(tokens, left, body):
                    end = _before_boundary(tokens, left[0]) if left[0] > 0 else 0
                    content = _content_span(tokens, 0, end + 1) if end > 0 else None
            elif inverted:
                slo, shi = _inverted_source(tokens, hi)  # '"Y," said X'
                src = _strip_span(tokens, slo, shi)
                content = _content_span(tokens, 0, lo)
            elif lo > 0 and tokens[lo - 1].text == "," and previous is not None:
                src = previous  # "X said A, adding that B"
            else:
                src = None
        if content is None:
            continue
        source, channel = _split_channel(text, *src) if src else (None, None)
        attributions.append(Attribution(content, cue, kind, source, channel))
        previous = src or previous
    return attributions
