"""Sentence segmentation that survives abbreviations, initials, quotations and paragraphs.

Runs in time linear in the text: one pass over candidate boundaries, and one over
quotation marks to keep a multi-sentence quotation whole when it closes within its
paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from features._lexicons import read_lexicon

__all__ = ["Sentence", "split_sentences"]

#: A quotation longer than this is not kept in one sentence (guards against a stray mark).
MAX_QUOTE_CHARS = 800

_LINE = re.compile(r"\n")
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
_OPEN_QUOTES = "“"
_CLOSE_QUOTES = "”"
_QUOTE_MARK = re.compile('["“”]')


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: ``text == document[start:end]``; ``paragraph`` counts from 0."""

    text: str
    start: int
    end: int
    paragraph: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Split on blank lines, and on single line breaks that do not look like wrapped lines."""
    blocks = []
    start = 0
    for match in _LINE.finditer(text):
        before = text[start : match.start()].rstrip()
        after = text[match.end() : match.end() + 1]
        wrapped = before[-1:].islower() or before[-1:] in ",;-(" if before else False
        if wrapped and after[:1].islower():
            continue
        blocks.append((start, match.start()))
        start = match.end()
    blocks.append((start, len(text)))
    return blocks


def _quote_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (open, close) offsets of the quotations that close within ``text[start:end]``."""
    ranges = []
    open_at: int | None = None
    for match in _QUOTE_MARK.finditer(text, start, end):
        index = match.start()
        char = text[index]
        if char == '"':
            if open_at is None:
                open_at = index
            else:
                ranges.append((open_at, index))
                open_at = None
        elif char in _OPEN_QUOTES:
            open_at = index
        elif char in _CLOSE_QUOTES and open_at is not None:
            ranges.append((open_at, index))
            open_at = None
    return [(a, b) for a, b in ranges if b - a <= MAX_QUOTE_CHARS]


def _is_abbreviation(text: str, period: int) -> bool:
    """True when the period at ``period`` closes an abbreviation or an initial."""
    match = _TOKEN_BEFORE.search(text, max(0, period - 20), period)
    if match is None:
        return False
    token = match.group(1).lower().rstrip(".")
    if len(token) == 1 and token.isalpha():  # an initial: "George W. Bush"
        return True
    return token in read_lexicon("abbreviations.txt")


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    quotes = _quote_ranges(text, start, end)
    cuts = []
    q = 0
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end()
        while q < len(quotes) and quotes[q][1] < match.start():
            q += 1
        inside = q < len(quotes) and quotes[q][0] < match.start() < quotes[q][1]
        if inside and not text[match.start() : cut].endswith(('"', "”")):
            continue
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        cuts.append(cut)
    pieces = []
    previous = start
    for cut in [*cuts, end]:
        pieces.append((previous, cut))
        previous = cut
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` with offsets, stripped of surrounding white space."""
    sentences: list[Sentence] = []
    paragraph = -1
    for block_start, block_end in _paragraphs(text):
        if not text[block_start:block_end].strip():
            continue  # a blank block has no sentence
        paragraph += 1
        for start, end in _split_block(text, block_start, block_end):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                sentences.append(Sentence(text[start:end], start, end, paragraph))
    return sentences
