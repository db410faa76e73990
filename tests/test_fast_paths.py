"""Behaviour the extraction's fast paths must keep: per-token lower-casing, sentence ids,
title tests, blank paragraphs."""

from __future__ import annotations

from features._stance import tokens
from reliability._cues import cue_document
from reliability._entities import _has_titled_name
from reliability._segment import split_sentences


def test_stance_tokens_lowercase_each_word_on_its_own() -> None:
    # lower-casing the whole text would read the sigma in its context, not as a final one
    assert tokens("ΟΔΟΣ'Α") == ["οδος", "α"]
    assert tokens("İzmir didn't") == ["i\u0307zmir", "did", "not"]  # İ lowers to two


def test_tokens_take_the_id_of_the_sentence_they_start_in() -> None:
    text = "  The mayor said so. Then he left.\n\nThe police said no."
    sentences = split_sentences(text)
    doc = cue_document(text, sentences)
    expected = [
        next(k for k, s in enumerate(sentences) if s.start <= start < s.end) for start in doc.starts
    ]
    assert list(doc.sentence) == expected == [0] * 5 + [1] * 4 + [2] * 5


def test_a_document_without_sentences_has_no_tokens() -> None:
    doc = cue_document(" \n ", split_sentences(" \n "))
    assert doc.words == doc.sentence == doc.quoted == ()


def test_titles_before_names_are_found_whole_or_by_their_last_part() -> None:
    assert _has_titled_name("Then-President Barack Obama spoke.")
    assert _has_titled_name("He met Mr. Smith.")
    assert not _has_titled_name("The tall Smith spoke.")
    assert not _has_titled_name("the minister-designate spoke")


def test_blank_lines_do_not_count_as_paragraphs() -> None:
    text = "One.\n\n\n\nTwo.\n \nThree."
    assert [s.paragraph for s in split_sentences(text)] == [0, 1, 2]
