"""Hypothesis strategies for texts and records."""

from __future__ import annotations

from hypothesis import strategies as st

from reliability._records import (
    CUE_KINDS,
    HEDGE_KINDS,
    SOURCE_TYPES,
    Channel,
    Source,
    Span,
    Statement,
)

#: Text made of the characters extraction cares about: quotes, punctuation, capitals, breaks.
news_like_text = st.lists(
    st.sampled_from(
        [
            *"abcdeAPDR ,.;:!?\"“”‘’'()-—\n\t",
            "said ",
            "claimed ",
            "according to ",
            "Mr. ",
            "U.S. ",
            "allegedly ",
            "the group ",
            "could not independently verify ",
            "\x00",
            "\x07",
            "é",
            "\u200b",
        ]
    ),
    max_size=200,
).map("".join)


def _span(text: str, kind: str | None = None) -> st.SearchStrategy[Span]:
    return st.integers(0, 50).map(lambda start: Span(text, start, start + len(text), kind))


spans = st.text(max_size=20).flatmap(lambda t: _span(t))
cues = st.tuples(st.text(max_size=10), st.sampled_from(CUE_KINDS)).flatmap(
    lambda a: _span(a[0], a[1])
)
hedges = st.tuples(st.text(max_size=10), st.sampled_from(HEDGE_KINDS)).flatmap(
    lambda a: _span(a[0], a[1])
)
sources = st.builds(
    lambda text, start, kind, entity: Source(text, start, start + len(text), kind, entity),
    st.text(max_size=20),
    st.integers(0, 100),
    st.sampled_from([t for t in SOURCE_TYPES if t != "narrator"]),
    st.none() | st.text(max_size=20),
)
channels = st.builds(
    lambda text, start, kind: Channel(text, start, start + len(text), kind),
    st.text(max_size=20),
    st.integers(0, 100),
    st.sampled_from(SOURCE_TYPES),
)
statements = st.builds(
    lambda doc_id, sid, text, content, source, cue, channel, hs, quoted: Statement(
        doc_id, sid, 0, len(text), text, content, source, cue, channel, tuple(hs), quoted
    ),
    st.text(max_size=8),
    st.integers(0, 1000),
    st.text(max_size=40),
    spans,
    st.none() | sources,
    st.none() | cues,
    st.none() | channels,
    st.lists(hedges, max_size=3),
    st.booleans(),
)
