"""Which statements a verification disclaimer covers (reliability/_scope.py)."""

from __future__ import annotations

import pytest

from reliability import Source, Span, Statement, extract_statements, find_hedges
from reliability._entities import EntityRegistry
from reliability._scope import StatementIndex, disclaimer_scope


def _covered(text: str) -> list[int]:
    """Positions of the statements that carry a disclaimer among their hedges."""
    return [
        s.statement_id
        for s in extract_statements(text)
        if any(h.kind == "disclaimer" for h in s.hedges)
    ]


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        pytest.param(
            "The Houthis said they struck a tanker in the Red Sea. "
            "Houthi spokesman Yahya Saree said the ship sank. "
            "The navy said the tanker was not hit. "
            "Reuters could not independently verify the Huthis' claims.",
            [0, 1],
            id="misspelt-entity-covers-its-statements-only",
        ),
        pytest.param(
            "The army said it shelled the town. The rebels claimed they shot down a jet. "
            "The claims could not be confirmed.",
            [1],
            id="the-claims-refers-back-to-the-last-source",
        ),
        pytest.param(
            "A video posted on Telegram showed troops entering the town. "
            "The mayor said the town was calm. The video's origin could not be verified.",
            [0],
            id="the-videos-origin-covers-the-statement-about-the-video",
        ),
        pytest.param(
            "The army said it shelled the town. "
            "The rebels claimed they shot down a jet, which could not immediately be confirmed.",
            [1],
            id="which-refers-back-to-the-clause-before",
        ),
        pytest.param(
            "The mayor said the water was safe, which Reuters could not verify.",
            [0],
            id="which-as-the-object-of-an-active-disclaimer",
        ),
        pytest.param(
            "The army said it shelled the town. The rebels said 40 soldiers died. "
            "The figures are impossible to verify.",
            [1],
            id="nothing-after-the-disclaimer-reads-the-object-before-it",
        ),
        pytest.param(
            "The mayor said the town was calm. The rebels said they took the airport. "
            "The army said it still held the airport. "
            "Reuters could not independently verify either side's account.",
            [1, 2],
            id="either-sides-account-covers-the-two-sources-quoted-last",
        ),
        pytest.param(
            "The army said it shelled the town. Reuters could not verify the militia's claims.",
            [],
            id="an-owner-no-source-matches-covers-nothing",
        ),
        pytest.param(
            "Rebel commanders said they had captured the airport. "
            "The regional governor said that the fighting continued. "
            "Reuters could not verify the separatists' claims.",
            [0],
            id="an-owner-no-source-is-called-covers-the-sources-of-its-type",
        ),
        pytest.param(
            "The Korean Central News Agency said the test was a success. "
            "South Korea's military said the missile flew 600 km. "
            "The agency's claims could not be independently verified.",
            [0],
            id="the-agency-refers-to-the-entity-whose-name-holds-agency",
        ),
        pytest.param(
            "The army said it shelled the town. Reuters could not verify the Wagner claims.",
            [],
            id="a-name-no-source-has-covers-nothing",
        ),
        pytest.param(
            "The army said it shelled the town. "
            "The ministry did not respond to a request for comment.",
            [],
            id="a-non-response-covers-nothing",
        ),
    ],
)
def test_disclaimer_covers(text: str, covered: list[int]) -> None:
    assert _covered(text) == covered


def test_non_response_is_still_marked_as_a_disclaimer() -> None:
    text = "Houthi officials did not respond to a request for comment."
    assert [(s.text, s.kind) for s in find_hedges(text)] == [
        ("did not respond to a request for comment", "disclaimer")
    ]


def test_disclaimer_is_not_a_hedge_of_its_own_narrator_sentence() -> None:
    statements = extract_statements(
        "The rebels claimed they shot down a jet. Reuters could not verify the rebels' claims."
    )
    assert [h.kind for h in statements[0].hedges] == ["disclaimer"]
    assert statements[1].hedges == ()


def test_disclaimer_before_the_statements_it_names_covers_them() -> None:
    text = (
        "Reuters could not independently verify the Houthis' claims. "
        "The Houthis said they struck a tanker."
    )
    assert _covered(text) == [1]


def _attributed(text: str, number: int, sentence: str, source: str, cue: str) -> Statement:
    """A statement of ``text`` whose source and cue are the first matches in ``sentence``."""
    start = text.index(sentence)
    s_start, c_start = text.index(source, start), text.index(cue, start)
    content = Span(
        text[c_start + len(cue) + 1 : start + len(sentence) - 1],
        c_start + len(cue) + 1,
        start + len(sentence) - 1,
    )
    return Statement(
        "d",
        number,
        start,
        start + len(sentence),
        sentence,
        content,
        source=Source(source, s_start, s_start + len(source), "unknown"),
        cue=Span(cue, c_start, c_start + len(cue), "neutral"),
    )


def test_the_claims_refers_back_to_a_source_quoted_earlier_in_its_own_sentence() -> None:
    first = "The army said it shelled the town."
    second = "The rebels claimed they shot down a jet, but the claims could not be confirmed."
    text = f"{first} {second}"
    statements = [
        _attributed(text, 0, first, "The army", "said"),
        _attributed(text, 1, second, "The rebels", "claimed"),
    ]
    (disclaimer,) = [h for h in find_hedges(text) if h.kind == "disclaimer"]
    sentence = (statements[1].start, statements[1].end)
    covered = disclaimer_scope(
        text, disclaimer, sentence, StatementIndex(statements), EntityRegistry(text)
    )
    assert covered == [1]
