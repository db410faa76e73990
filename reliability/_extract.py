"""Statement extraction: sentences, attributions, entities, hedges and disclaimer scope.

``extract_statements`` turns a document into one ``Statement`` per sentence, in
document order: attributed to a source when an attribution is found, else the
narrator's own. Time grows linearly with the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from itertools import repeat

from features._gazetteer import Gazetteer
from features._hedging import find_hedges
from features._lexicons import read_lexicon
from reliability._attribution import (
    SUBJECT_PRONOUNS,
    Attribution,
    Token,
    citing_aside,
    find_attributions,
    is_reporting_cue,
)
from reliability._cues import cue_document
from reliability._entities import EntityRegistry
from reliability._exceptions import ExtractionError
from reliability._loading import load_model
from reliability._records import Channel, Source, Span, Statement
from reliability._scope import StatementIndex, disclaimer_scope
from reliability._segment import Sentence, split_sentences

__all__ = ["extract_statements", "sentence_attributions"]

#: The shipped cue detector (trained/attribution.joblib).
CUE_MODEL = "attribution"
#: Detector probability above which a reporting verb of the lexicon is a claim cue: lower
#: than the detector's own threshold because the lexicon already says the word reports.
CLAIM_CUE_THRESHOLD = 0.3
#: Reporting verbs that are claim cues wherever the lexicon's checks accept them (a verb, not
#: a noun after "the"/"'s"): rare contexts must not turn a group's claim into the narrator's.
ALWAYS_CUES = frozenset(
    {"said", "says", "told", "claimed", "claims", "alleged", "alleges", "insisted", "denied"}
    | {"denies", "disputed", "disputes"}
)
#: Source types that are media: a recipient of these types is the channel of a statement.
MEDIA_TYPES = frozenset({"news_outlet", "state_media", "social_media"})
_TELLING = frozenset({"told", "tells", "tell", "telling"})
#: The social-media platforms a channel names (alone, a cheap test before ``_PLATFORM``).
_PLATFORMS = (
    r"(?:Telegram|Facebook|Twitter|Instagram|YouTube|TikTok|VKontakte|VK|WhatsApp|Weibo"
    r"|X(?=\s+(?:that|,|:)))"
)
_PLATFORM_NAME = re.compile(_PLATFORMS)
_PLATFORM = re.compile(
    r"\b(?i:on|in|via|through)\s+(?P<channel>(?:(?:its|their|his|her|the|a|an)\s+)?"
    rf"(?:(?:official|personal|verified)\s+)?(?:post\s+on\s+)?{_PLATFORMS}"
    r"(?:\s+(?:channel|account|page|post|feed|video))?)"
)
_RECIPIENT = re.compile(r"\s+(?P<name>(?:the\s+)?[A-Z][\w&’'.\-]*(?:\s+[A-Z][\w&’'.\-]*){0,4})")
_QUOTE_CHARS = frozenset('"“”')
_QUOTATION = re.compile(r"[\"“][^\"“”]*[\"”]")
#: A sentence that is one quotation, closed ('"None at all."') or left open at the end of
#: a paragraph whose quotation the next paragraph continues (news style).
_QUOTATION_SENTENCE = re.compile(r"\s*[\"“](?P<inner>[^\"“”]+?)(?P<close>[\"”]?)\s*")
#: A sentence that ends a quotation signed after a dash ('"We had no warning." — Olena Doe,
#: a nurse'): the dash is the cue, the signature (a capitalised phrase of at most
#: ``MAX_SIGNATURE_CHARS``, or a description: "— a resident of the camp") the source.
#: The quotation may have opened in an earlier sentence.
_SIGNED_QUOTATION = re.compile(
    r"(?P<open>[\"“]?)(?P<inner>[^\"“”]+)[\"”]\s*(?P<dash>[―—–]|--|(?<=\s)-(?=\s))\s*"
    r"(?P<source>(?:[A-Z]|(?:an?|the|one|two|three)\s)[^\"“”\n]*)"
)
MAX_SIGNATURE_CHARS = 80
_DASH = re.compile(r"[”\"]\s*(?:[―—–]|--|-\s)")
#: A dateline opening an article's first sentence: "KYIV, March 14 (Reuters) - ", "(CNN) — ",
#: "MARYSVILLE, Ohio — ", "WASHINGTON ― ": place in capitals, date or state, agency, dash.
#: Only sentences of the first paragraphs are read for one (after a headline and a byline).
DATELINE_PARAGRAPH = 2
#: A medium a source speaks in ("said in a statement", "wrote in a letter to staff"): a later
#: "the statement said" is that source again.
_MEDIUM_USED = re.compile(
    r"\b(?:in|via|through) (?:a|an|its|his|her|their) (?:[\w-]+ ){0,2}?"
    r"(?P<noun>statement|letter|report|communiqu[eé]|message|memo|notice|filing)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]*){0,3}(?:, [A-Z][a-z]+\.?(?: \d{1,2})?){0,2})?"
    r"\s*(?:\([A-Z][\w .]{0,30}\))?\s*(?:[—–―]+|-{1,2})\s+"
)
#: A clause of its own inside reported content starts with one of these words right before
#: its source or cue ("X said A, while Y insisted B"; "A, which the group denies"), or
#: after a semicolon ("X said A; Y said B").
_CLAUSE_SPLIT = re.compile(
    r"(?:(?:[,;]\s*|\s)(?:while|whereas|but|which)|;(?:\s+and)?)\s+$", re.IGNORECASE
)
_COMMA_BEFORE = re.compile(r",\s*$")
#: How far before a nested source the words opening its clause are looked for.
MAX_SPLIT_CHARS = 20
#: A sentence inside a signed quotation, before the one that closes it: its first may open it.
#: (Greedy parts, trimmed in code: a lazy part before optional spaces is quadratic on them.)
_QUOTATION_PART = re.compile(r"(?P<open>[\"“”]?)(?P<inner>[^\"“”]+)")


def _check_text(text: object, doc_id: object) -> tuple[str, str]:
    if isinstance(text, bytes):
        msg = f"document {doc_id!r}: expected str, got bytes; decode it first (e.g. UTF-8)"
        raise ExtractionError(msg)
    if not isinstance(text, str):
        msg = f"document {doc_id!r}: expected str text, got {type(text).__name__}"
        raise ExtractionError(msg)
    if not isinstance(doc_id, str):
        msg = f"doc_id must be a str (got {type(doc_id).__name__})"
        raise ExtractionError(msg)
    return text, doc_id


def _channel_type(mention: str, context: str, registry: EntityRegistry) -> str:
    words = mention.lower()
    if any(platform in words.split() for platform in read_lexicon("social_platforms.txt")):
        return "social_media"
    return registry.type_of(mention, context)


def _continued_quotation(
    text: str, sentence: Sentence, previous: Statement | None
) -> re.Match[str] | None:
    """The quotation of a sentence that is one quotation right after an attribution in its
    paragraph ('"She has no plan," Novak said. "None at all."' and 'Novak said she had no
    plan. "None at all."' continue Novak), or in the next paragraph when the quotation
    before was left open at its paragraph's end; else None."""
    if previous is None or previous.source is None or previous.cue is None:
        return None
    quotation = _QUOTATION_SENTENCE.fullmatch(sentence.text)
    if quotation is None or "\n" not in text[previous.end : sentence.start]:
        return quotation
    left_open = _QUOTATION_SENTENCE.fullmatch(previous.text)
    return quotation if left_open is not None and not left_open["close"] else None


def _statement(
    text: str,
    doc_id: str,
    index: int,
    sentence: Sentence,
    attribution: Attribution | None,
    registry: EntityRegistry,
) -> Statement:
    c_start, c_end = (sentence.start, sentence.end) if attribution is None else attribution.content
    first = sentence.paragraph <= DATELINE_PARAGRAPH and c_start == sentence.start
    dateline = _DATELINE.match(text, c_start, c_end) if first else None
    if dateline is not None:  # "KYIV, March 14 (Reuters) - Russia said ...": not content
        c_start = dateline.end()
    content = Span(text[c_start:c_end], c_start, c_end)
    if attribution is None:
        return Statement(doc_id, index, sentence.start, sentence.end, sentence.text, content)
    source = None
    if attribution.source is not None:
        s_start, s_end = attribution.source
        mention = text[s_start:s_end]
        entity, kind = registry.resolve(mention, s_start, sentence.text)
        source = Source(mention, s_start, s_end, kind, entity)
    channel = None
    if attribution.channel is not None:
        h_start, h_end = attribution.channel
        mention = text[h_start:h_end]
        channel = Channel(mention, h_start, h_end, _channel_type(mention, sentence.text, registry))
    k_start, k_end = attribution.cue
    if channel is None and text[k_start:k_end].lower() in _TELLING:
        channel = _recipient_channel(text, k_end, c_start, sentence.text, registry)
    if channel is None:
        channel = _platform_channel(text, sentence, content)
    if channel is None:
        channel = _carried_channel(text, sentence, content, registry)
    if channel is not None and channel.type == "social_media" and source is not None:
        registry.note_channel(source.entity, source.type)
    if source is not None:
        for medium in _MEDIUM_USED.finditer(sentence.text):  # "X said in a statement"
            registry.note_medium(medium["noun"].lower(), source.entity, source.type)
    cue = Span(text[k_start:k_end], k_start, k_end, attribution.cue_kind)
    return Statement(
        doc_id,
        index,
        sentence.start,
        sentence.end,
        sentence.text,
        content,
        source=source,
        cue=cue,
        channel=channel,
    )


def _continuation(
    text: str, index: int, sentence: Sentence, previous: Statement, quotation: re.Match[str]
) -> Statement:
    """The statement of a continued quotation: the previous statement's source, cue and
    channel, with the quotation's words as content."""
    start, end = _trimmed(sentence.start, quotation, "inner")
    return replace(
        previous,
        statement_id=index,
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        content=Span(text[start:end], start, end),
    )


def sentence_attributions(
    text: str, sentences: list[Sentence], *, claims_only: bool = True
) -> list[list[Attribution]]:
    """The attributions of each sentence, from the cues the shipped detector finds.

    PolNeAR, on which the detector learned, counts every attribution: of claims
    ("said", "according to"), but also of stances and demands ("voted against", "called
    for"), and attributions nested in another's content. With ``claims_only`` (what
    statements are made of) only claim cues count, and a cue inside the content of an
    earlier attribution of its sentence is part of that content, not a statement.
    """
    doc = cue_document(text, sentences)
    if not doc.words:
        return [[] for _ in sentences]
    detector = load_model(CUE_MODEL)
    scored = detector.cue_probabilities(doc)
    if claims_only:
        cues = [
            i
            for i, p in scored
            if p >= CLAIM_CUE_THRESHOLD
            or doc.lower[i] in ALWAYS_CUES
            or (i > 0 and doc.lower[i - 1 : i + 1] == ("as", "saying"))  # "quoted X as saying"
        ]
    else:
        cues = [i for i, p in scored if p >= detector.threshold]
    found = []
    c = 0
    for sentence in sentences:
        lo = bisect.bisect_left(doc.starts, sentence.start)
        hi = bisect.bisect_left(doc.starts, sentence.end)
        while c < len(cues) and cues[c] < lo:
            c += 1
        mine = []
        while c < len(cues) and cues[c] < hi:
            mine.append(cues[c] - lo)
            c += 1
        signed = _signed_quotation(sentence)
        if not mine:
            found.append([] if signed is None else [signed])
            continue
        parts = zip(
            doc.words[lo:hi], doc.starts[lo:hi], doc.ends[lo:hi], doc.lower[lo:hi], strict=True
        )
        tokens = list(map(tuple.__new__, repeat(Token), parts))  # named tuples made in C
        if claims_only:
            mine = [i for i in mine if is_reporting_cue(tokens, i) and not citing_aside(tokens, i)]
        attributions = find_attributions(text, tokens, mine)
        if signed is not None:  # the signer says all the quotation says
            lo, hi = signed.content
            attributions = [signed, *(a for a in attributions if not lo <= a.cue[0] < hi)]
        found.append(_top_level(text, attributions) if claims_only else attributions)
    return found


def _signed_match(sentence: str) -> re.Match[str] | None:
    """The match of a sentence ending in a quotation signed after a dash, or None."""
    if _DASH.search(sentence) is None:
        return None  # the common case, found fast
    return _SIGNED_QUOTATION.fullmatch(sentence)


def _signed_quotation(sentence: Sentence) -> Attribution | None:
    """The attribution of a sentence ending in a quotation signed after a dash, or None."""
    match = _signed_match(sentence.text)
    source = match["source"].rstrip().rstrip(".").rstrip() if match is not None else ""
    if not source or len(source) > MAX_SIGNATURE_CHARS:
        return None
    if not (ALWAYS_CUES | _TELLING).isdisjoint(source.lower().split()):
        return None  # '"..." — the minister, Ion Rusu, told reporters': a cue of its own
    at = sentence.start
    return Attribution(
        content=_trimmed(at, match, "inner"),
        cue=(at + match.start("dash"), at + match.end("dash")),
        cue_kind="neutral",
        source=(at + match.start("source"), at + match.start("source") + len(source)),
    )


def _trimmed(at: int, match: re.Match[str], group: str) -> tuple[int, int]:
    """Offsets of ``match[group]`` without the spaces around it, ``at`` the match's origin."""
    words = match[group]
    start = at + match.start(group) + len(words) - len(words.lstrip())
    return start, at + match.start(group) + len(words.rstrip())


def _signed_earlier(
    text: str,
    statements: list[Statement],
    sentences: list[Sentence],
    of_sentence: list[list[int]],
    signed: Statement,
) -> None:
    """Give the signature of a quotation that opened sentences before the signed one
    ('"We had no warning. Then the roof fell in." — Olena Doe') to those sentences, read as
    the narrator's until then: each becomes a continuation of the signed statement."""
    k = len(of_sentence)  # the signed sentence's index
    paragraph = sentences[k].paragraph
    earlier: list[tuple[int, re.Match[str]]] = []
    for j in range(k - 1, -1, -1):
        positions = of_sentence[j]
        part = _QUOTATION_PART.fullmatch(sentences[j].text)
        if (
            sentences[j].paragraph != paragraph
            or part is None
            or len(positions) != 1
            or statements[positions[0]].cue is not None
        ):
            return  # no opening quotation mark in the paragraph: nothing was quoted
        earlier.append((j, part))
        if part["open"]:
            break
    else:
        return
    for j, part in earlier:
        position = of_sentence[j][0]
        statements[position] = _continuation(text, position, sentences[j], signed, part)


def _top_level(text: str, attributions: list[Attribution]) -> list[Attribution]:
    """Drop attributions whose cue lies inside the content of another one; of two that
    contain each other's cue, one with a source outranks one without ("No deaths were
    reported, the police said"), then a pronoun's whose content starts before its cue
    ("The master reported a splash, it said": the speaker of the text around it), else the
    first stays ("X said A, RIA reported": X speaks through RIA).
    A clause of its own ("X confirmed A but disputed B", "X said A, while Y insisted B",
    "A, which the group denies") is a statement, and ends the content it interrupts."""

    def inside(a: Attribution, b: Attribution) -> bool:
        return b.content[0] <= a.cue[0] < b.content[1]

    def rank(a: Attribution) -> tuple[bool, bool, int]:
        # "The master reported a splash, it said": the attribution that trails its content
        # frames the one inside it
        if a.source is None:
            return True, True, a.cue[0]
        pronoun = text[a.source[0] : a.source[1]].lower() in SUBJECT_PRONOUNS
        return False, not (pronoun and a.content[0] < a.cue[0]), a.cue[0]

    clipped: dict[int, int] = {}
    apart: set[tuple[int, int]] = set()  # (inner, outer) positions split into two statements
    for i, a in enumerate(attributions):
        for j, b in enumerate(attributions):
            split = _clause_split(text, b, a) if i != j and inside(a, b) else None
            if split is not None:
                clipped[j] = min(split, clipped.get(j, b.content[1]))
                apart |= {(i, j), (j, i)}
    attributions = [
        replace(a, content=(a.content[0], clipped[k])) if k in clipped else a
        for k, a in enumerate(attributions)
    ]
    return [
        a
        for i, a in enumerate(attributions)
        if a.content[1] > a.content[0]
        and not any(
            j != i
            and (i, j) not in apart
            and inside(a, b)
            and (not inside(b, a) or rank(b) < rank(a))
            for j, b in enumerate(attributions)
        )
    ]


def _clause_split(text: str, outer: Attribution, inner: Attribution) -> int | None:
    """Where the content of ``outer`` ends when ``inner`` opens a clause of its own inside
    it (after "while", "but", "whereas", "which", or a comma before a participle cue), or
    None when ``inner`` is part of what ``outer`` reports."""
    source = inner.source
    own = source is not None and outer.content[0] <= source[0] < inner.cue[0]
    start = source[0] if own else inner.cue[0]
    lo = max(outer.content[0], start - MAX_SPLIT_CHARS)
    match = _CLAUSE_SPLIT.search(text, lo, start)
    if match is None and not own and text[inner.cue[0] : inner.cue[1]].endswith("ing"):
        match = _COMMA_BEFORE.search(text, lo, start)  # "X said A, adding that B"
    if match is None:
        return None
    return len(text[: match.start()].rstrip(" ,;"))


def _platform_channel(text: str, sentence: Sentence, content: Span) -> Channel | None:
    """A social-media medium named outside the content: "said on its Telegram channel that",
    "In a post on Telegram, X claimed"."""
    if _PLATFORM_NAME.search(text, sentence.start, sentence.end) is None:
        return None  # the common case, found fast
    for match in _PLATFORM.finditer(text, sentence.start, sentence.end):
        if content.start <= match.start() < content.end:
            continue
        return Channel(
            match["channel"], match.start("channel"), match.end("channel"), "social_media"
        )
    return None


#: Verbs of a medium carrying a statement, then the preposition before the medium.
_CARRYING = r"(?i:carried|published|posted|released|issued|broadcast|aired|relayed|read|shared)"
_CARRIED_VERB = re.compile(rf"\b{_CARRYING} (?i:by|on|in)\b")


@lru_cache(maxsize=1)
def _carried() -> re.Pattern[str]:
    """A medium that carried a statement: "in a statement carried by the state news agency
    TASS", "in remarks broadcast on state television" (the medium nouns are a lexicon)."""
    nouns = "|".join(sorted(map(re.escape, read_lexicon("medium_nouns.txt"))))
    return re.compile(
        rf"\b(?i:{nouns})\s+{_CARRYING}\s+(?i:by|on|in)\s+"
        r"(?P<channel>[^,.;:\"“”\n]{1,60}?)(?=\s*(?:[,.;:\"“”\n]|\bthat\b|$))"
    )


def _carried_channel(
    text: str, sentence: Sentence, content: Span, registry: EntityRegistry
) -> Channel | None:
    """The news or social medium that carried a statement, named outside its content."""
    if _CARRIED_VERB.search(text, sentence.start, sentence.end) is None:
        return None  # the common case, found fast
    for match in _carried().finditer(text, sentence.start, sentence.end):
        if content.start <= match.start() < content.end:
            continue
        kind = _channel_type(match["channel"], sentence.text, registry)
        if kind in MEDIA_TYPES:
            return Channel(match["channel"], match.start("channel"), match.end("channel"), kind)
    return None


def _recipient_channel(
    text: str, start: int, end: int, context: str, registry: EntityRegistry
) -> Channel | None:
    """The outlet told ("X told Reuters that ..."), a channel when it is a medium."""
    match = _RECIPIENT.match(text, start, end)
    if match is None:
        return None
    kind = _channel_type(match["name"], context, registry)
    if kind not in MEDIA_TYPES:
        return None
    return Channel(match["name"], match.start("name"), match.end("name"), kind)


def extract_statements(
    text: str, doc_id: str = "doc", *, gazetteer: Gazetteer | None = None
) -> list[Statement]:
    """Return the statements of ``text`` in document order, each with source, cue and hedges.

    Parameters
    ----------
    text : str
        The article. Offsets of every span index into it.
    doc_id : str, default="doc"
        Identifier copied into each statement.
    gazetteer : Gazetteer, optional
        Named entities and their source types; the shipped one by default. Extend it with
        ``Gazetteer.default().merged(Gazetteer.from_file(path))``.

    Returns
    -------
    list of Statement
        One per top-level claim attribution, or one per sentence that has none (the
        narrator's own statement, ``source`` None). A sentence with two attributions
        ("X said A, while Y denied it") gives two statements with the sentence's span.
        The hedges of a statement include a disclaimer elsewhere that covers it.

    Examples
    --------
    >>> [s.cue.kind for s in extract_statements("The group claimed it won.")]
    ['distancing']
    """
    text, doc_id = _check_text(text, doc_id)
    sentences = split_sentences(text)
    registry = EntityRegistry(text, gazetteer)
    statements: list[Statement] = []
    of_sentence: list[list[int]] = []
    for sentence, attributions in zip(
        sentences, sentence_attributions(text, sentences), strict=True
    ):
        registry.observe(sentence.text, sentence.start)
        positions = []
        previous = statements[-1] if statements else None
        quotation = _continued_quotation(text, sentence, previous)
        if quotation is not None and attributions:
            # '"The ambassador was told ... that X."': a cue inside the quotation is part of it
            lo, hi = _trimmed(sentence.start, quotation, "inner")
            quotation = quotation if all(lo <= a.cue[0] < hi for a in attributions) else None
        if quotation is not None:
            positions.append(len(statements))
            statements.append(_continuation(text, len(statements), sentence, previous, quotation))
            of_sentence.append(positions)
            continue
        for attribution in attributions or [None]:
            positions.append(len(statements))
            statement = _statement(text, doc_id, len(statements), sentence, attribution, registry)
            statements.append(statement)
        signed = _signed_match(sentence.text) if attributions else None
        if signed is not None and not signed["open"]:
            # the quotation opened in an earlier sentence: those are the signer's too
            cued = next((statements[p] for p in positions if statements[p].cue is not None), None)
            if cued is not None:
                _signed_earlier(text, statements, sentences, of_sentence, cued)
        of_sentence.append(positions)

    hedges: list[list[Span]] = [[] for _ in statements]
    starts = [s.start for s in sentences]
    disclaimers = []
    for span in find_hedges(text):
        k = bisect.bisect_right(starts, span.start) - 1
        if k < 0 or span.start >= sentences[k].end:
            continue  # between sentences
        if span.kind == "disclaimer":
            disclaimers.append((span, sentences[k]))
            continue
        for position in of_sentence[k]:
            reported = span.kind == "scare_quote" and _in_reported_content(
                statements[position], span
            )
            if not reported:
                hedges[position].append(span)
    index = StatementIndex(statements)
    for span, sentence in disclaimers:
        for i in disclaimer_scope(text, span, (sentence.start, sentence.end), index, registry):
            hedges[i].append(span)
    return [_hedged(text, s, h) for s, h in zip(statements, hedges, strict=True)]


def _hedged(text: str, statement: Statement, hedges: list[Span]) -> Statement:
    """The statement with its hedges and whether it quotes speech (remade only if either is set)."""
    quoted = _quotes_speech(text, statement, hedges)
    if not hedges and not quoted:
        return statement
    return replace(statement, hedges=tuple(sorted(hedges, key=lambda x: x.start)), quoted=quoted)


def _in_reported_content(statement: Statement, span: Span) -> bool:
    """True for a quotation inside what a source is reported to have said: its own words."""
    content = statement.content
    return statement.source is not None and content.start <= span.start < content.end


def _quotes_speech(text: str, statement: Statement, hedges: list[Span]) -> bool:
    """True when the content is, or contains, a quotation that is not a scare quote."""
    content = statement.content
    if text[max(0, content.start - 1) : content.start] in _QUOTE_CHARS:
        return True
    scare = {(h.start, h.end) for h in hedges if h.kind == "scare_quote"}
    return any(
        (content.start + m.start(), content.start + m.end()) not in scare
        for m in _QUOTATION.finditer(content.text)
    )
