"""Sources that the attribution rules read from one sentence, on sentences written here."""

from __future__ import annotations

import pytest

from reliability._attribution import Token, find_attributions, token_words


def _sources(text: str, cue: str) -> list[str | None]:
    words, starts, ends = token_words(text)
    tokens = [Token(w, s, e, w.lower()) for w, s, e in zip(words, starts, ends, strict=True)]
    positions = [k for k, t in enumerate(tokens) if t.lower == cue]
    return [
        None if a.source is None else text[a.source[0] : a.source[1]]
        for a in find_attributions(text, tokens, positions)
    ]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("They asked the city police, which reported two arrests on Friday.", "reported", "which"),
        ("It is a fund that intends to buy ads against the mayor.", "intends", "that"),
    ],
    ids=["which", "that"],
)
def test_a_relative_pronoun_before_the_cue_is_its_source(text: str, cue: str, source: str) -> None:
    assert _sources(text, cue) == [source]


def test_a_name_before_the_cue_is_still_read_whole() -> None:
    assert _sources("The city police reported two arrests.", "reported") == ["The city police"]


def test_a_name_with_a_party_label_is_read_before_a_long_apposition() -> None:
    text = (
        "Rep. Ana B. Ruiz (D-N.Y.), chairman of the small river caucus of the state "
        "assembly, said the dam held."
    )
    assert _sources(text, "said") == ["Rep. Ana B. Ruiz (D-N.Y.)"]


def test_a_single_name_before_a_long_relative_clause_is_the_source() -> None:
    text = (
        "Novak, who has campaigned for the mayor in every town of the valley since the "
        "spring, blasted the council."
    )
    assert _sources(text, "blasted") == ["Novak"]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "The plan has been harshly criticized by the river council.",
            "criticized",
            "the river council",
        ),
        ("The mayor was once asked about the dam.", "asked", None),
    ],
    ids=["agent", "agentless"],
)
def test_a_passive_cue_after_an_adverb_takes_its_agent_or_none(
    text: str, cue: str, source: str | None
) -> None:
    assert _sources(text, cue) == [source]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "In 2019, Marta Lind joined the board and has warned of losses since.",
            "warned",
            "Marta Lind",
        ),
        (
            "But the port authority, run by Ivo Dane, cut fees and claimed a record.",
            "claimed",
            None,
        ),
        ("Kofi Asante, the mayor, cut fees and claimed a record.", "claimed", "Kofi Asante"),
    ],
    ids=["opening-phrase", "conjunction", "apposition"],
)
def test_a_second_verb_takes_the_subject_of_the_sentence_not_its_first_word(
    text: str, cue: str, source: str | None
) -> None:
    assert _sources(text, cue) == [source]


def test_an_introductory_phrase_before_an_apposition_is_not_the_source() -> None:
    text = "In a statement to the Herald, her campaign chief, Tomas Varga, said the count was fair."
    assert _sources(text, "said") == ["her campaign chief, Tomas Varga"]
