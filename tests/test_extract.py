"""Attribution forms, entity resolution and disclaimer scope, on sentences written here."""

from __future__ import annotations

import pytest
from hypothesis import given

from reliability import ExtractionError, Statement, extract_statements
from tests.strategies import news_like_text


def _only(text: str) -> Statement:
    statements = extract_statements(text)
    assert len(statements) == 1
    return statements[0]


def _parts(statement: Statement) -> tuple[str | None, str | None, str]:
    source = statement.source.text if statement.source else None
    cue = statement.cue.text if statement.cue else None
    return source, cue, statement.content.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor said the bridge was closed.", ("The mayor", "said", "the bridge was closed")),
        (
            "The mayor said that the bridge was closed.",
            ("The mayor", "said", "the bridge was closed"),
        ),
        ("The bridge was closed, the mayor said.", ("the mayor", "said", "The bridge was closed")),
        ('"The bridge is closed," the mayor said.', ("the mayor", "said", "The bridge is closed")),
        ('"The bridge is closed," said Ana Ruiz.', ("Ana Ruiz", "said", "The bridge is closed")),
        (
            "According to the mayor, the bridge was closed.",
            ("the mayor", "According to", "the bridge was closed"),
        ),
        (
            "The bridge was closed, according to the mayor.",
            ("the mayor", "according to", "The bridge was closed"),
        ),
        (
            "The army told reporters on Friday that the bridge was closed.",
            ("The army", "told", "the bridge was closed"),
        ),
        (
            "The Post has learned that the bridge was closed.",
            ("The Post", "learned", "the bridge was closed"),
        ),
    ],
)
def test_attribution_forms_give_source_cue_and_content(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert _parts(_only(text)) == expected


@pytest.mark.parametrize(
    ("verb", "kind"),
    [
        ("said", "neutral"),
        ("noted that", "neutral"),
        ("claimed", "distancing"),
        ("alleged", "distancing"),
        ("insisted", "distancing"),
        ("confirmed", "factive"),
        ("revealed that", "factive"),
        ("denied", "denial"),
        ("announced", "neutral"),
        ("reported that", "neutral"),
        ("added that", "neutral"),
    ],
)
def test_reporting_verbs_get_their_cue_kind(verb: str, kind: str) -> None:
    statement = _only(f"The ministry {verb} troops crossed the river.")
    assert statement.cue is not None
    assert statement.cue.kind == kind


def test_noun_use_of_a_reporting_word_is_not_a_cue() -> None:
    assert _only("Assad echoed Putin’s claims about the alliance.").source is None


def test_sentence_without_attribution_is_the_narrators() -> None:
    statement = _only("Syria voted against the resolution in March.")
    assert (statement.source, statement.cue, statement.channel) == (None, None, None)
    assert statement.content.text == statement.text


def test_channel_owner_becomes_the_source() -> None:
    statement = _only("According to the Telegram channel of the rebels, the town fell.")
    assert statement.channel is not None
    assert statement.channel.text == "the Telegram channel of the rebels"
    assert statement.channel.type == "social_media"
    assert statement.source is not None
    assert statement.source.text == "the rebels"


def test_apposition_is_part_of_the_source() -> None:
    statement = _only("Ali Hassan, a resident of the town, said the shelling lasted hours.")
    assert statement.source is not None
    assert statement.source.text == "Ali Hassan, a resident of the town"


def test_coordinated_verb_takes_the_sentence_subject_as_source() -> None:
    statement = _only("Petrov has repeated the story and reportedly claimed that the dam broke.")
    assert statement.source is not None
    assert statement.source.text == "Petrov"
    assert [h.text for h in statement.hedges] == ["reportedly"]


def test_acronym_misspelling_and_nominal_reference_resolve_to_one_entity() -> None:
    text = (
        "According to the Kherson Liberation Front (KLF), the dam broke. "
        "The group claimed the water rose. "
        '"It is a disaster," the LKF’s spokesman said.'
    )
    entities = [s.source.entity for s in extract_statements(text) if s.source]
    assert entities == ["Kherson Liberation Front"] * 3


def test_pronoun_resolves_to_the_last_person_named_with_a_title() -> None:
    text = "Defence Minister Olga Marsh visited the port. She said the port was safe."
    statements = extract_statements(text)
    assert statements[1].source is not None
    assert statements[1].source.entity == "Olga Marsh"


def test_disclaimer_naming_an_entity_covers_its_statements_only() -> None:
    text = (
        "The KLF said the dam broke. The mayor said the roads were open. "
        "Reuters could not independently verify the KLF’s claims."
    )
    covered = [any(h.kind == "disclaimer" for h in s.hedges) for s in extract_statements(text)]
    assert covered == [True, False, False]


def test_disclaimer_referring_back_covers_the_last_source() -> None:
    text = (
        "The mayor said the roads were open. The army claimed the dam broke. "
        "The claims could not be verified."
    )
    covered = [any(h.kind == "disclaimer" for h in s.hedges) for s in extract_statements(text)]
    assert covered == [False, True, False]


def test_disclaimer_about_something_unnamed_covers_nothing() -> None:
    text = "The army claimed the dam broke. The origin of the video could not be verified."
    covered = [any(h.kind == "disclaimer" for h in s.hedges) for s in extract_statements(text)]
    assert covered == [False, False]


def test_empty_text_gives_no_statements() -> None:
    assert extract_statements("") == []
    assert extract_statements("   \n\n ") == []


@pytest.mark.parametrize(("value", "message"), [(b"abc", "got bytes"), (3, "got int")])
def test_non_string_text_is_rejected_with_its_type(value: object, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        extract_statements(value)  # type: ignore[arg-type]


@given(news_like_text)
def test_every_span_indexes_the_original_text(text: str) -> None:
    for statement in extract_statements(text):
        assert text[statement.start : statement.end] == statement.text
        spans = [statement.content, statement.source, statement.cue, statement.channel]
        for span in [*spans, *statement.hedges]:
            if span is not None:
                assert text[span.start : span.end] == span.text
