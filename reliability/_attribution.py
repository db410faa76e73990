"""Find the attribution of one sentence: who said it (source), how (cue) and what (content).

Forms recognised, tried in this order:

- ``"Y," X said.`` / ``"Y," said X.`` and ``Y, X said.`` (content first, attribution at the end);
- ``According to X, Y`` and ``Y, according to X`` (cue kind ``according_to``);
- ``X said (that) Y`` with any reporting cue of ``features/data/cue_verbs.tsv``, the source
  read leftwards from the cue to a clause boundary, through appositions and coordination.

A source naming a medium ("the Telegram channel for the DPR") is split into the channel
and its owner, which becomes the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from features._hedging import cue_kinds
from features._lexicons import read_lexicon, read_table

__all__ = ["Attribution", "Token", "find_attribution", "tokenize"]

#: Longest source noun phrase, in tokens; a longer left context is not a source.
MAX_SOURCE_TOKENS = 14
#: Longest tail after an end-of-sentence cue ("the minister said on Thursday in Kyiv").
MAX_TAIL_TOKENS = 8
#: How far after a cue the word "that" may come ("said on Thursday that",
#: "told reporters in Kyiv on Thursday that").
MAX_THAT_DISTANCE = {"told": 8, "tell": 8, "tells": 8, "telling": 8}
DEFAULT_THAT_DISTANCE = 4
#: Longest apposition after an inverted source ("said Umm Ahmed, a resident of the area").
MAX_APPOSITION_TOKENS = 10
#: Words that end an inverted source ("said the minister on Friday").
_TIME_WORDS = frozenset({"on", "in", "at", "during", "after", "before", "late", "earlier"})
#: Relative words before an end-of-sentence source ("..., which the group denies.").
_RELATIVE_WORDS = frozenset({"which", "who", "as", "what"})
#: Longest source that starts with a lower-case word mid-sentence ("police", "two officials").
MAX_BARE_SOURCE_TOKENS = 6

_TOKEN = re.compile(r"\w(?:[\w’'.\-]*\w)?|[^\w\s]")
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
    r"^(?P<source>.+?),?\s+(?:in|via|through)\s+(?:a|an|the|its|their)\s+[\w\s]{1,30}?\s*"
    r"(?:carried|published|posted|released|issued|broadcast|shared|reported|run)\s+"
    r"(?:by|on|in)\s+(?P<channel>.+)$",
    re.IGNORECASE,
)
_OWNER_CHANNEL = re.compile(r"^(?P<owner>.+?)[’']s\s+(?P<rest>.*\b(?P<noun>\w+))$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    """A token with its offsets in the document."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class Attribution:
    """Offsets (into the document) of the parts of one attribution; ``None`` when absent."""

    content: tuple[int, int]
    cue: tuple[int, int]
    cue_kind: str
    source: tuple[int, int] | None
    channel: tuple[int, int] | None = None


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text[start:end]`` into word and punctuation tokens with document offsets."""
    return [
        Token(m.group(0), m.start(), m.end())
        for m in _TOKEN.finditer(text, start, len(text) if end is None else end)
    ]


@lru_cache(maxsize=1)
def _cue_complements() -> dict[str, str]:
    return {row["form"].lower(): row["complement"] for row in read_table("cue_verbs.tsv")}


def _quote_mask(tokens: list[Token]) -> list[bool]:
    """For each token, whether it lies inside a quotation."""
    mask = []
    inside = False
    for token in tokens:
        if token.text in _QUOTE_CHARS:
            if token.text == "“":
                inside = True
            elif token.text == "”":
                inside = False
            else:
                inside = not inside
            mask.append(False)
        else:
            mask.append(inside)
    return mask


def _is_cue(tokens: list[Token], i: int, quoted: list[bool]) -> bool:
    """True when token ``i`` is a reporting verb, not a noun ("Putin's claims") or quoted."""
    if quoted[i] or tokens[i].lower not in cue_kinds():
        return False
    if i > 0:
        before = tokens[i - 1]
        if before.lower in _NOUN_MARKERS or _POSSESSIVE.search(before.text):
            return False
        if before.lower in ("to", "be", "been", "being") and tokens[i].lower.endswith("ed"):
            return False
    return True


def _that_after(tokens: list[Token], i: int) -> int | None:
    """Position of the "that" opening the content of the cue at ``i`` ("said on Friday that")."""
    reach = MAX_THAT_DISTANCE.get(tokens[i].lower, DEFAULT_THAT_DISTANCE)
    for k in range(i + 1, min(len(tokens), i + 1 + reach)):
        if tokens[k].lower == "that":
            return k
        if tokens[k].text in ",.;:!?" or tokens[k].text in _QUOTE_CHARS:
            return None
    return None


def _has_that(tokens: list[Token], i: int) -> bool:
    """True when the cue at ``i`` is followed by "that", a colon or a quotation."""
    following = tokens[i + 1 : i + 2]
    if following and (following[0].text == ":" or following[0].text in _QUOTE_CHARS):
        return True
    return _that_after(tokens, i) is not None


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


def _left_source(tokens: list[Token], cue: int) -> tuple[int, int] | None:
    """Token range of the source read leftwards from the cue, or None."""
    skip = read_lexicon("attribution_skip_words.txt")
    boundaries = read_lexicon("clause_boundary_words.txt")
    hi = cue
    while hi > 0 and (tokens[hi - 1].lower in skip or tokens[hi - 1].lower.endswith("ly")):
        hi -= 1
    lo = hi
    while lo > 0:
        word = tokens[lo - 1]
        if word.lower in boundaries or word.text in ",;:—–()" or word.text in _QUOTE_CHARS:
            break
        lo -= 1
    if lo == hi:
        return _apposition_or_subject(tokens, lo, cue)
    if hi - lo > MAX_SOURCE_TOKENS or not any(t.text[0].isalpha() for t in tokens[lo:hi]):
        return None
    first = tokens[lo].text
    if lo > 0 and first[0].islower() and first.lower() not in _NOUN_MARKERS:
        # a long lower-case left context is a verb phrase, not a bare-noun source ("police")
        return None if hi - lo > MAX_BARE_SOURCE_TOKENS else (lo, hi)
    return lo, hi


def _apposition_or_subject(tokens: list[Token], at: int, cue: int) -> tuple[int, int] | None:
    """Source of "Ali Hassan, a resident, said" or of "Assad has echoed X and alleged Y"."""
    if at > 0 and tokens[at - 1].text == ",":
        lo = at - 1
        while lo > 0 and tokens[lo - 1].text not in ';:—"“”' and tokens[lo - 1].lower != "that":
            lo -= 1
        if 0 < at - 1 - lo <= MAX_SOURCE_TOKENS and tokens[lo].text[0].isupper():
            return lo, at - 1
        return None
    if at > 0 and tokens[at - 1].lower == "and":
        hi = 0
        while hi < cue and (
            tokens[hi].text[0].isupper() or tokens[hi].lower in ("al", "bin", "de", "von", "van")
        ):
            hi += 1
        return (0, hi) if 0 < hi <= MAX_SOURCE_TOKENS else None
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


def _span(tokens: list[Token], lo: int, hi: int) -> tuple[int, int]:
    return tokens[lo].start, tokens[hi - 1].end


def _according_to(tokens: list[Token], quoted: list[bool]) -> int | None:
    for i in range(len(tokens) - 1):
        if tokens[i].lower == "according" and tokens[i + 1].lower == "to" and not quoted[i]:
            return i
    return None


def _inverted_source(tokens: list[Token], lo: int) -> tuple[int, int]:
    """Source after an inverted cue: ``said Umm Ahmed, a resident of the area, who ...``."""
    n = len(tokens)
    hi = next(
        (k for k in range(lo, n) if tokens[k].text in ",;.!?" or tokens[k].lower in _TIME_WORDS),
        n,
    )
    if hi + 1 < n and tokens[hi].text == "," and tokens[hi + 1].lower in ("a", "an", "the"):
        end = next((k for k in range(hi + 1, n) if tokens[k].text in ",;.!?"), n)
        if end - hi <= MAX_APPOSITION_TOKENS:
            hi = end
    return lo, hi


def _attribution_at_end(tokens: list[Token], quoted: list[bool]) -> tuple | None:
    """``"Y," X said.``, ``Y, X said on Friday.`` or ``"Y," said X, a resident.``."""
    n = len(tokens)
    for i in range(n - 1, 0, -1):
        if not _is_cue(tokens, i, quoted):
            continue
        # the comma (or closing quote) that opens the attribution clause
        j = i - 1
        while j > 0 and tokens[j].text not in (",", "”", '"') and i - j <= MAX_SOURCE_TOKENS:
            j -= 1
        if j <= 0 or tokens[j].text not in (",", "”", '"'):
            return None
        if tokens[j].text in ("”", '"') and tokens[j - 1].text not in ",?!.":
            return None
        content_hi = j if tokens[j].text == "," else j + 1
        if j + 1 == i:
            source_lo, source_hi = _inverted_source(tokens, i + 1)
        else:
            if n - i - 1 > MAX_TAIL_TOKENS + 1:
                return None
            source_lo, source_hi = j + 1, i
            while source_lo < i and tokens[source_lo].lower in _RELATIVE_WORDS:
                source_lo += 1
        if source_lo >= source_hi or source_hi - source_lo > MAX_SOURCE_TOKENS:
            return None
        return content_hi, i, (source_lo, source_hi)
    return None


def find_attribution(text: str, start: int, end: int) -> Attribution | None:
    """Return the attribution of the sentence ``text[start:end]``, or None for the narrator."""
    tokens = tokenize(text, start, end)
    if len(tokens) < 3:
        return None
    quoted = _quote_mask(tokens)
    kinds = cue_kinds()

    acc = _according_to(tokens, quoted)
    if acc is not None:
        cue = (tokens[acc].start, tokens[acc + 1].end)
        if acc == 0 or (acc == 1 and not tokens[0].text[0].isalnum()):
            comma = next((k for k in range(acc + 2, len(tokens)) if tokens[k].text == ","), None)
            if comma is not None and comma - acc - 2 <= MAX_SOURCE_TOKENS + 4:
                src = _strip_span(tokens, acc + 2, comma)
                content = _content_span(tokens, comma + 1, len(tokens))
                if src and content:
                    source, channel = _split_channel(text, *src)
                    return Attribution(content, cue, "according_to", source, channel)
        elif acc > 1 and tokens[acc - 1].text == ",":
            src = _strip_span(tokens, acc + 2, len(tokens))
            content = _content_span(tokens, 0, acc - 1)
            if src and content:
                source, channel = _split_channel(text, *src)
                return Attribution(content, cue, "according_to", source, channel)

    complements = _cue_complements()
    for i, token in enumerate(tokens):
        if not _is_cue(tokens, i, quoted):
            continue
        if complements[token.lower] == "that" and not _has_that(tokens, i):
            continue
        left = _left_source(tokens, i)
        if left is None:
            continue
        that = _that_after(tokens, i)
        body = i + 1 if that is None else that + 1
        content = _content_span(tokens, body, len(tokens))
        src = _strip_span(tokens, *left)
        if content is None or src is None:
            continue
        source, channel = _split_channel(text, *src)
        return Attribution(content, (token.start, token.end), kinds[token.lower], source, channel)
    at_end = _attribution_at_end(tokens, quoted)
    if at_end is not None:
        content_hi, i, (slo, shi) = at_end
        content = _content_span(tokens, 0, content_hi)
        src = _strip_span(tokens, slo, shi)
        if content and src:
            source, channel = _split_channel(text, *src)
            cue = (tokens[i].start, tokens[i].end)
            return Attribution(content, cue, kinds[tokens[i].lower], source, channel)

    return None
