"""Behaviour the scoring's fast paths must keep: claim pairs by postings, disclaimers
searched line by line, cue scores computed only where a lexicon hedge needs one."""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from features._corroboration import _similar_pairs
from features._hedging import _lexicon, find_hedges
from features._lexicons import read_lexicon
from features._uncertainty import load_uncertainty_model, tokenize

TERM_SETS = [
    frozenset("abc"),
    frozenset("abd"),
    frozenset("xyz"),
    frozenset("abcdefghij"),
    frozenset("abc"),
    frozenset(),
    frozenset("ab"),
    frozenset("yz"),
]


def _all_pairs(terms: list[frozenset[str]], window: int, min_overlap: float) -> list[list[int]]:
    similar: list[list[int]] = [[] for _ in terms]
    for a, b in combinations(range(len(terms)), 2):
        common = len(terms[a] & terms[b])
        if b - a <= window and common and common / len(terms[a] | terms[b]) >= min_overlap:
            similar[a].append(b)
            similar[b].append(a)
    return similar


@pytest.mark.parametrize("window", [1, 2, 3, 40])
@pytest.mark.parametrize("min_overlap", [0.1, 0.3, 0.5, 1.0])
def test_similar_pairs_are_those_of_an_all_pairs_comparison(
    window: int, min_overlap: float
) -> None:
    assert _similar_pairs(TERM_SETS, window, min_overlap) == _all_pairs(
        TERM_SETS, window, min_overlap
    )


def test_an_overlap_exactly_at_the_threshold_is_similar() -> None:
    # 3 shared of 10 distinct stems: 3 / 10 == 0.3
    terms = [frozenset("abcdefg"), frozenset("abchij")]
    assert _similar_pairs(terms, 1, 0.3) == [[1], [0]]


def test_disclaimer_patterns_are_words_and_spaces_within_one_line() -> None:
    # _disclaimers searches only the lines holding a trigger: no pattern may match a newline
    for pattern in read_lexicon("disclaimer_patterns.txt"):
        assert re.fullmatch(r"[a-z' ()?:|*]+", pattern), pattern


def test_disclaimers_on_any_line_are_found_as_by_a_search_of_the_whole_text() -> None:
    text = (
        "The video was posted on Monday.\n"
        "Officials confirmed the visit. Reporters could not independently verify it.\n"
        "No comment here.\n\n"
        "The claim is UNCONFIRMED and unverified.\n"
        "Reuters could not\nverify the footage."
    )
    found = [(s.text, s.start) for s in find_hedges(text) if s.kind == "disclaimer"]
    expected = [(m.group(0), m.start()) for m in _lexicon().disclaimer.finditer(text)]
    assert found == expected
    assert [t for t, _ in found] == ["could not independently verify", "UNCONFIRMED", "unverified"]


def test_one_token_probability_equals_the_sentences_scores() -> None:
    model = load_uncertainty_model()
    tokens, words = tokenize("It may be that the strike could have hit a school, or not.")
    positions, probabilities = model.token_probabilities(tokens, words)
    assert positions
    assert [model.token_probability(tokens, words, i) for i in positions] == probabilities


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("The minister allegedly took bribes.", "allegedly"),
        ("The strike may have hit a school.", "may"),
    ],
)
def test_a_lexicon_hedge_in_a_long_article_is_scored_in_its_sentence(text: str, hedge: str) -> None:
    filler = "The council met on Tuesday. Members voted on the budget.\n" * 20
    spans = find_hedges(filler + text)
    assert [(s.text, s.start) for s in spans] == [
        (s.text, s.start + len(filler)) for s in find_hedges(text)
    ]
    assert [s.text for s in spans] == [hedge]
