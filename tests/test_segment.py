"""Sentence segmentation: abbreviations, initials, quotations, paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given

from reliability._segment import split_sentences
from tests.strategies import news_like_text


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Gen. Jones in the U.S. capital on Sept. 4 at 5 p.m. local time.",
        "President George W. Bush spoke at the U.N. headquarters.",
        "Dr. Ana Ruiz, of Acme Corp. in St. Louis, declined.",
        "The army's spokesman, Brig. Gen. Nabil Abdallah, told reporters the city held.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert _texts(text) == [text]


def test_sentences_split_after_terminal_punctuation() -> None:
    assert _texts("It rained. Roads closed! Why? Nobody knows.") == [
        "It rained.",
        "Roads closed!",
        "Why?",
        "Nobody knows.",
    ]


def test_quotation_of_several_sentences_stays_with_its_attribution() -> None:
    text = '"We will win. They will lose," the minister said. Troops moved.'
    assert _texts(text) == ['"We will win. They will lose," the minister said.', "Troops moved."]


def test_sentence_ending_inside_closing_quote_splits_after_it() -> None:
    text = 'He said: "It is over." Then he left.'
    assert _texts(text) == ['He said: "It is over."', "Then he left."]


def test_line_breaks_separate_paragraphs_but_wrapped_lines_join() -> None:
    text = "Headline Without Period\nThe army said the bridge\nwas hit.\n\nA second paragraph."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Headline Without Period",
        "The army said the bridge\nwas hit.",
        "A second paragraph.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 2]


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    text = '"This never closes. Second sentence. Third one.'
    assert len(_texts(text)) == 3


@given(news_like_text)
def test_sentence_offsets_index_the_text(text: str) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
