"""Attribution forms, entity resolution and disclaimer scope, on sentences written here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reliability import ExtractionError, Statement, extract_statements
from reliability._attribution import Token, find_attributions, token_words
from reliability._extract import sentence_attributions
from reliability._segment import split_sentences
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


def test_apposition_names_the_speaker_when_the_head_names_no_known_body() -> None:
    text = (
        "A Moldovan army spokesman, Ion Braga, told reporters that the road was open. "
        "Braga said the convoy had passed."
    )
    entities = [s.source.entity for s in extract_statements(text) if s.source]
    assert entities == ["Ion Braga", "Ion Braga"]


def test_a_whole_quotation_after_a_quoted_attribution_continues_its_source() -> None:
    text = (
        '"She has no plan," Novak said. "None at all." "Not one."\n'
        '"A new paragraph." The mayor said the town was calm. "Nobody quoted her."'
    )
    statements = extract_statements(text)
    assert [s.source.entity if s.source else None for s in statements] == [
        "Novak",
        "Novak",
        "Novak",
        None,
        None,
        None,
    ]
    assert statements[1].content.text == "None at all."
    assert statements[1].cue == statements[0].cue


def test_a_quotation_left_open_at_a_paragraph_end_continues_into_the_next() -> None:
    text = (
        "“We will fight,” she said. “We will not stop.\n\n"
        "“And we will win.”\n\n“A closed quote before this one.”"
    )
    statements = extract_statements(text)
    assert [s.source is not None for s in statements] == [True, True, True, False]


@pytest.mark.parametrize("dash", ["—", "–", "―", "--"])
def test_a_quotation_signed_after_a_dash_is_its_signers(dash: str) -> None:
    text = f'The shelling went on.\n\n"The bridge was hit twice." {dash} Olena Petrenko, a nurse'
    narrator, signed = extract_statements(text)
    assert narrator.source is None
    assert signed.source.text == "Olena Petrenko, a nurse"
    assert signed.source.type == "witness"
    assert signed.cue.text == dash
    assert signed.content.text == "The bridge was hit twice."


def test_a_cue_inside_a_signed_quotation_is_part_of_what_the_signer_says() -> None:
    (statement,) = extract_statements("“Trump said Mexico would pay. It won’t.” — Maria Ruiz")
    assert statement.source.text == "Maria Ruiz"
    assert statement.content.text == "Trump said Mexico would pay. It won’t."


def test_every_sentence_of_a_signed_quotation_takes_the_signature() -> None:
    text = "”We had no warning. Then the roof fell in.” — Olena Petrenko, a nurse"
    statements = extract_statements(text)
    assert len(statements) == 2
    assert {s.source.text for s in statements} == {"Olena Petrenko, a nurse"}
    assert statements[0].content.text == "We had no warning."


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON — The senator spoke for an hour.",
        "“It was over,” — and then the lights went out.",
        "The storm hit at dawn — Kramatorsk lost power.",
    ],
)
def test_a_dash_that_signs_no_quotation_is_no_attribution(text: str) -> None:
    assert all(s.cue is None or s.cue.text != "—" for s in extract_statements(text))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("In 1986, the Supreme Court blocked the sale, citing a threat to public health.",
         "the Supreme Court"),
        ("KYIV - Zelensky spoke to parliament for an hour, saying the front was holding.",
         "Zelensky"),
        ("Zelensky posted a video on Tuesday night, saying the front was holding.", "Zelensky"),
    ],
)  # fmt: skip
def test_a_participle_cue_after_a_comma_takes_the_sentence_subject(text: str, source: str) -> None:
    (statement,) = extract_statements(text)
    assert statement.source.text == source


def test_a_sourced_cue_outranks_a_passive_one_that_contains_it() -> None:
    (statement,) = extract_statements("No injuries were reported, the fire chief said.")
    assert statement.source.text == "the fire chief"
    assert statement.cue.text == "said"


@pytest.mark.parametrize(
    "sentence",
    [
        "Reuters was unable to confirm the claim.",
        "The agency could not independently verify the group's claim.",
        "The BBC has not been able to verify the claim.",
    ],
)
def test_a_negated_verification_is_a_disclaimer_not_an_attribution(sentence: str) -> None:
    statements = extract_statements("The group said it shot down a drone. " + sentence)
    assert statements[1].source is None
    assert statements[1].cue is None
    assert [h.kind for h in statements[0].hedges] == ["disclaimer"]


def test_an_inverted_source_reads_past_the_period_of_a_title() -> None:
    (statement,) = extract_statements("Two were hurt, said Dr. Aileen Santos, the chief surgeon.")
    assert statement.source.text == "Dr. Aileen Santos, the chief surgeon"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("A senior official, who spoke on condition of anonymity because he was not "
         "authorized to brief reporters, said the talks had stalled.", "A senior official"),
        ("Two people familiar with the talks, speaking because the matter is private, said a "
         "deal was close.", "Two people familiar with the talks"),
        ("The World Health Organization (WHO) last year advised against the pills, saying the "
         "evidence was weak.", "The World Health Organization (WHO)"),
        ("The Calorie Control Council, an industry body that represents sweetener makers, "
         "insisted that the results did not apply.", "The Calorie Control Council"),
        ("The Institute for the Study of War (ISW), which tracks the war using open sources, "
         "wrote that the troops had advanced.", "The Institute for the Study of War (ISW)"),
        ("Toby Harward, the U.N.'s deputy coordinator for Sudan, warned that an assault "
         "would be catastrophic.", "Toby Harward, the U.N.'s deputy coordinator"),
        ('"The attempt failed," army spokesman Brig. Gen. Nabil Abdallah said.',
         "army spokesman Brig. Gen. Nabil Abdallah"),
    ],
)  # fmt: skip
def test_the_subject_is_found_past_a_long_parenthetical_clause(text: str, source: str) -> None:
    (statement,) = extract_statements(text)
    assert statement.source.text.startswith(source)


def test_he_refers_to_a_person_named_with_a_british_style_title_not_an_institution() -> None:
    text = (
        "Researchers at the Cleveland Clinic said they had found a link. "
        '"The risk was real," said Dr Stanley Hazen, who led the work. '
        "He added that more study was needed."
    )
    statements = extract_statements(text)
    assert statements[-1].source.entity == "Stanley Hazen"
    assert statements[0].source.entity == "Cleveland Clinic"


@pytest.mark.parametrize(
    ("text", "source", "channel"),
    [
        ('"The village is ours," the ministry said in a statement carried by the state news '
         "agency TASS.", "the ministry", "the state news agency TASS"),
        ("In a statement carried by the official Xinhua news agency, spokesperson Liu Wei said "
         "the boats had left.", "spokesperson Liu Wei", "the official Xinhua news agency"),
        ("Iran's foreign ministry spokesman, in remarks carried by the state news agency IRNA, "
         "said Tehran had no role.", "Iran's foreign ministry spokesman",
         "the state news agency IRNA"),
        ("The group said in a message posted on its Telegram channel that its fighters held the "
         "camp.", "The group", "its Telegram channel"),
    ],
)  # fmt: skip
def test_the_medium_that_carried_a_statement_is_its_channel(
    text: str, source: str, channel: str
) -> None:
    (statement,) = extract_statements(text)
    assert statement.source.text == source
    assert statement.channel.text == channel
    assert statement.channel.type in ("state_media", "social_media")


def test_a_statement_read_on_television_is_a_medium_not_a_cue() -> None:
    (statement,) = extract_statements(
        "In a statement read on state television, the armed forces said the attack failed."
    )
    assert statement.source.text == "the armed forces"
    assert statement.cue.text == "said"


def test_an_outlet_citing_unnamed_officials_is_the_source_of_its_report() -> None:
    (statement,) = extract_statements(
        "The state news agency RIA Novosti, citing unnamed officials, reported that a larger "
        "exchange could follow."
    )
    assert statement.source.text == "The state news agency RIA Novosti"
    assert statement.source.type == "state_media"


def test_quoted_as_saying_reads_past_an_apposition() -> None:
    (statement,) = extract_statements(
        "TASS quoted Denis Pushilin, the Russian-installed leader of the occupied parts of the "
        "region, as saying that drones had struck a bus station."
    )
    assert statement.source.entity == "Denis Pushilin"
    assert statement.channel.text == "TASS"


def test_a_quotation_signed_with_a_description_is_its_speakers() -> None:
    (statement,) = extract_statements('"We were hit twice." — a resident of the camp')
    assert statement.source.text == "a resident of the camp"
    assert statement.source.type == "witness"


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("Northwind confirmed that hackers had entered its systems but disputed the scale of "
         "the breach.", ["confirmed", "disputed"]),
        ("Israel has accused Hamas of hiding weapons in the hospital, which the group denies.",
         ["accused", "denies"]),
        ("The ministry said the convoy was hit, while the junta insisted that no one died.",
         ["said", "insisted"]),
        ("The mayor said the town was calm, adding that roads had reopened.", ["said", "adding"]),
        ("The army said the town had fallen; the rebels said they held it.", ["said", "said"]),
    ],
)  # fmt: skip
def test_a_clause_of_its_own_inside_reported_content_is_a_statement(
    text: str, cues: list[str]
) -> None:
    statements = extract_statements(text)
    assert [s.cue.text.split()[-1] for s in statements] == cues
    first, second = statements
    assert first.content.end <= second.cue.start


def test_a_report_nested_in_a_claim_stays_part_of_its_content() -> None:
    (statement,) = extract_statements("Officials said that the minister claimed the deal was done.")
    assert statement.content.text == "the minister claimed the deal was done"


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Yang Moo-jin, a professor at the University of North Korean Studies in Seoul, said "
         "the launch was a warning.", "Yang Moo-jin"),
        ("Philippe Lazzarini, UNRWA's commissioner-general, said the agency was at breaking "
         "point.", "Philippe Lazzarini"),
    ],
)  # fmt: skip
def test_a_person_named_at_the_head_is_the_entity_not_a_place_or_body_after_it(
    text: str, entity: str
) -> None:
    (statement,) = extract_statements(text)
    assert statement.source.entity == entity


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("An armed group on Tuesday claimed the attack.", "An armed group"),
        ("The ministry late on Monday night said the talks had failed.", "The ministry"),
        ("Last week officials said the plan was dead.", "officials"),
    ],
)
def test_a_time_adverbial_is_not_part_of_the_source(text: str, source: str) -> None:
    (statement,) = extract_statements(text)
    assert statement.source.text == source


def test_a_sentence_initial_quantifier_is_not_a_name() -> None:
    (statement,) = extract_statements("Another resident, Adam Yahya, said the shelling went on.")
    assert statement.source.entity == "Adam Yahya"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("KYIV, March 14 (Reuters) - Russian forces took two villages, the military said.",
         "Russian forces took two villages"),
        ("(CNN) — A fire destroyed the plant on Monday.", "A fire destroyed the plant on Monday."),
        ("US - China talks resumed on Monday.", "US - China talks resumed on Monday."),
    ],
)  # fmt: skip
def test_a_dateline_is_not_part_of_the_first_statements_content(text: str, content: str) -> None:
    assert extract_statements(text)[0].content.text == content


def test_a_dateline_after_a_headline_and_a_byline_is_not_content() -> None:
    text = "Carmaker recalls SUVs\n\nBy Jane Roe\n\nDETROIT (AP) - The recall covers 410,000 SUVs."
    assert extract_statements(text)[-1].content.text == "The recall covers 410,000 SUVs."


def test_a_pronoun_refers_to_a_person_introduced_with_a_role_in_commas() -> None:
    text = (
        "Jay Tarriela, the coast guard spokesman for the region, posted a video of the boat. "
        '"This was a deliberate act," he wrote.'
    )
    statement = extract_statements(text)[-1]
    assert statement.source.entity == "Jay Tarriela"
    assert statement.source.type == "government"


def test_an_acronym_in_brackets_between_source_and_cue_is_skipped() -> None:
    (statement,) = extract_statements("The Malian armed forces (FAMa) said the camp was held.")
    assert statement.source.text == "The Malian armed forces"


@pytest.mark.parametrize(
    "text",
    [
        "Another vessel had called at the port of Eilat.",
        "The attacks forced ships around Africa, adding weeks to journeys.",
    ],
)
def test_a_reporting_verb_used_for_something_else_is_no_cue(text: str) -> None:
    assert [s.cue for s in extract_statements(text)] == [None]


def test_a_group_calling_itself_a_name_is_one_source() -> None:
    (statement,) = extract_statements("A group calling itself Black Meridian said it took files.")
    assert statement.cue.text == "said"
    assert statement.source.text.startswith("A group calling itself")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("A spokesman, James Lee, cautioned that results would take a week.", "cautioned"),
        ("The tribunal ruled in 2016 that the claims had no legal basis.", "ruled"),
        ("The minister reiterated that the border would stay closed.", "reiterated"),
        ("Police blamed violent radical elements for the damage.", "blamed"),
    ],
)
def test_wire_copy_reporting_verbs_are_cues(text: str, cue: str) -> None:
    (statement,) = extract_statements(text)
    assert statement.cue.text == cue


def test_a_country_inside_a_charitys_name_does_not_make_it_a_government() -> None:
    (statement,) = extract_statements(
        "The charity Alzheimer's Research UK said more work was needed."
    )
    assert statement.source.type == "organization"


@pytest.mark.parametrize(
    "text",
    [
        "Legal experts said such petitions rarely succeed.",
        "A large study published on Monday found that the risk doubled.",
    ],
)
def test_a_word_capitalised_by_its_place_or_a_date_is_no_entity(text: str) -> None:
    (statement,) = extract_statements(text)
    assert statement.source.entity is None


def test_a_whole_one_word_mention_stays_a_name() -> None:
    text = "AFAD said 37 buildings had collapsed. Rausch said the road was closed."
    assert [s.source.entity for s in extract_statements(text)] == ["AFAD", "Rausch"]


def test_she_after_an_unnamed_witness_is_that_witness_not_an_official_named_before() -> None:
    text = (
        "Major General Zaw Min Tun, the junta's spokesman, said the base held. "
        "A shopkeeper in Ann said most families had fled. "
        '"Nobody knows who will come next," she said.'
    )
    shopkeeper, she = extract_statements(text)[1:]
    assert shopkeeper.source.entity is None
    assert (she.source.entity, she.source.type) == (None, "witness")


def test_an_acronym_the_article_defines_outranks_the_gazetteers_sense() -> None:
    text = (
        "The Arakan Army (AA) said it took the base. "
        '"We will treat prisoners well," said Khine Thu Kha, a spokesman for the AA.'
    )
    assert extract_statements(text)[1].source.type == "separatist_or_militant"


def test_a_person_accused_of_something_is_not_the_accuser() -> None:
    text = "Former Newark finance official goes on trial accused of taking bribes."
    assert [s.source for s in extract_statements(text)] == [None]


def test_a_place_modifying_a_source_is_typed_as_itself_not_as_the_source() -> None:
    text = (
        "A former Newark finance official said he was innocent. "
        "A spokesperson for the Newark mayor's office said the rules had changed."
    )
    assert extract_statements(text)[1].source.type == "government"


def test_a_bodys_spokeswoman_speaks_for_that_body_not_a_government() -> None:
    text = (
        "The CGT union said 500,000 people marched. "
        '"We were heard," said CGT spokeswoman Claire Dubois. She said unions would meet.'
    )
    _, spokeswoman, she = extract_statements(text)
    assert (spokeswoman.source.entity, spokeswoman.source.type) == ("Claire Dubois", "organization")
    assert she.source.type == "organization"


def test_a_pronoun_after_an_unnamed_official_takes_the_officials_type() -> None:
    text = (
        "Olga Marsh, a resident, said the port was closed. "
        "The prime minister said the port was safe. She added that ships would sail."
    )
    sources = [s.source for s in extract_statements(text) if s.source]
    assert [(s.type, s.entity) for s in sources[1:]] == [("government", None)] * 2


def test_the_channel_refers_back_to_the_source_that_spoke_through_it() -> None:
    text = (
        "According to the Telegram channel of the self-styled Abkhaz foreign ministry, "
        "the envoy arrived. The channel said the talks went well."
    )
    sources = [s.source for s in extract_statements(text) if s.source]
    assert [(s.entity, s.type) for s in sources] == [
        ("Abkhazia", "separatist_or_militant"),
        ("Abkhazia", "separatist_or_militant"),
    ]


def test_a_known_name_is_never_an_anonymous_source() -> None:
    text = (
        "The Tasnim news agency reported the seizure. "
        "Tasnim, which is close to the Guards, said the ship carried fuel. "
        "A source close to the Guards said the crew was held."
    )
    sources = [s.source for s in extract_statements(text) if s.source]
    assert [(s.entity, s.type) for s in sources[1:]] == [
        (sources[0].entity, "state_media"),
        (None, "anonymous"),
    ]


def test_the_agency_refers_back_to_the_entity_whose_name_holds_agency() -> None:
    text = (
        "The Korean Central News Agency said the launch succeeded. "
        "Japan's defence minister said the missile fell at sea. "
        "The agency later said a second test would follow."
    )
    entities = [s.source.entity for s in extract_statements(text) if s.source]
    assert entities[0] == entities[2] != entities[1]


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


HOUTHI_REPORT = (
    "Yemen's Houthi rebels on Monday reportedly claimed to have shot down a U.S. drone.\n"
    "According to a statement on the Telegram channel of the Houthi-run Saba news agency, "
    "the drone was hit by a missile.\n"
    '"Our air defenses shot down an American aircraft," Houthi military spokesman Yahya Saree '
    "said.\n"
    "A Pentagon spokesperson told reporters that the department was aware of the reports.\n"
    "Reuters could not independently verify the Houthis' claims.\n"
    "Two U.S. officials, speaking on condition of anonymity, said a drone had crashed.\n"
    "The militia has previously claimed several shootdowns.\n"
)


@pytest.fixture(scope="module")
def houthi() -> list[Statement]:
    return extract_statements(HOUTHI_REPORT, "houthi")


def test_unseen_armed_group_is_typed_and_resolved_through_the_article(
    houthi: list[Statement],
) -> None:
    sources = [(s.source.entity, s.source.type) if s.source else None for s in houthi]
    assert sources[0] == ("Houthis", "separatist_or_militant")
    assert sources[1] == ("Houthis", "separatist_or_militant")
    assert sources[6] == ("Houthis", "separatist_or_militant")  # "The militia"
    assert sources[2][1] == "separatist_or_militant"  # the group's spokesman


def test_disclaimer_covers_the_group_and_its_spokesman_not_others(houthi: list[Statement]) -> None:
    covered = [any(h.kind == "disclaimer" for h in s.hedges) for s in houthi]
    assert covered == [True, True, True, False, False, False, True]


def test_anonymous_officials_are_anonymous_without_entity(houthi: list[Statement]) -> None:
    source = houthi[5].source
    assert source is not None
    assert (source.type, source.entity) == ("anonymous", None)


def test_partial_quote_in_reported_content_is_not_a_scare_quote() -> None:
    statement = _only('The channel claimed that troops "fled in panic" near the village.')
    assert [h.kind for h in statement.hedges] == []


def test_inverted_attribution_with_apposition_gives_a_witness() -> None:
    statement = _only('"We saw the blast," said Umm Ahmed, a resident of the area, who fled.')
    assert statement.source is not None
    assert statement.source.text == "Umm Ahmed, a resident of the area"
    assert statement.source.type == "witness"


def test_outlet_told_is_the_channel() -> None:
    statement = _only("A Pentagon spokesperson told Reuters that the drone had crashed.")
    assert statement.channel is not None
    assert (statement.channel.text, statement.channel.type) == ("Reuters", "news_outlet")
    assert statement.source is not None
    assert statement.source.text == "A Pentagon spokesperson"


def test_user_gazetteer_types_an_unknown_name(tmp_path: Path) -> None:
    from features._gazetteer import Gazetteer

    path = tmp_path / "extra.tsv"
    path.write_text(
        "name\taliases\ttype\tcountry\tnote\n"
        "Zorlan Liberation Army\tZLA\tseparatist_or_militant\tZorlandia\tinvented for a test\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.default().merged(Gazetteer.from_file(path))
    text = "The ZLA said it captured the bridge."
    (statement,) = extract_statements(text, gazetteer=gazetteer)
    assert statement.source is not None
    assert (statement.source.entity, statement.source.type) == (
        "Zorlan Liberation Army",
        "separatist_or_militant",
    )


@pytest.mark.parametrize(
    "text",
    [
        '"' * 1_000_000,
        "“" * 50_000 + "said" + "”" * 50_000,
        "no punctuation at all and no capitals said the man " * 2_000,
        "\x00\x01\x02 said \x1b[31m the group claimed \x7f",
        '"Unbalanced quote, the minister said. And another "one, he added.',
    ],
    ids=[
        "megabyte-of-quotes",
        "curly-quote-walls",
        "no-punctuation",
        "control-chars",
        "unbalanced",
    ],
)
def test_extractor_never_raises_on_hostile_text(text: str) -> None:
    for statement in extract_statements(text):
        assert text[statement.start : statement.end] == statement.text


@pytest.fixture(scope="module")
def artsakh() -> list[Statement]:
    text = (Path(__file__).parent / "data" / "channels_artsakh.txt").read_text(encoding="utf-8")
    return extract_statements(text, "artsakh")


@pytest.mark.parametrize(
    ("index", "channel"),
    [
        (0, ("its Telegram channel", "social_media")),
        (3, ("X", "social_media")),
        (4, ("a post on Telegram", "social_media")),
        (5, ("the BBC", "news_outlet")),
    ],
)
def test_media_named_beside_the_cue_is_the_channel(
    artsakh: list[Statement], index: int, channel: tuple[str, str]
) -> None:
    found = artsakh[index].channel
    assert found is not None
    assert (found.text, found.type) == channel


def test_spokesman_for_the_separatist_authorities_speaks_for_the_separatists(
    artsakh: list[Statement],
) -> None:
    source = artsakh[3].source
    assert source is not None
    assert (source.entity, source.type) == ("Republic of Artsakh", "separatist_or_militant")


def test_leader_of_the_group_speaks_for_the_group(artsakh: list[Statement]) -> None:
    source = artsakh[4].source
    assert source is not None
    assert source.entity == "Republic of Artsakh"
    assert artsakh[4].content.text.startswith("the attack")


def test_sentence_initial_modifier_is_not_a_name(artsakh: list[Statement]) -> None:
    source = artsakh[5].source
    assert source is not None
    assert (source.entity, source.type) == (None, "witness")


@pytest.fixture(scope="module")
def tass() -> list[Statement]:
    text = (Path(__file__).parent / "data" / "state_media_tass.txt").read_text(encoding="utf-8")
    return extract_statements(text, "tass")


def test_quoted_as_saying_gives_the_speaker_through_the_outlet(tass: list[Statement]) -> None:
    statement = tass[2]
    assert statement.source is not None
    assert statement.channel is not None
    assert (statement.source.entity, statement.channel.text) == ("Alexander Lukashenko", "TASS")
    assert statement.channel.type == "state_media"


def test_disclaimer_naming_an_outlet_covers_what_it_carried(tass: list[Statement]) -> None:
    covered = [s.statement_id for s in tass if any(h.kind == "disclaimer" for h in s.hedges)]
    assert covered == [1, 2, 3]


def test_a_non_response_is_the_narrators_statement(tass: list[Statement]) -> None:
    assert tass[7].source is None
    assert tass[7].text == "The Kremlin did not respond to a request for comment."


def test_parenthetical_attribution_keeps_the_content_on_both_sides() -> None:
    statement = _only("Assad, the LNR's ministry said, expressed confidence in a quick victory.")
    assert statement.source is not None
    assert statement.source.text == "the LNR's ministry"
    assert statement.content.text.startswith("Assad")
    assert statement.content.text.endswith("a quick victory")


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("Sen. Ana Ruiz (D-Ore.) said the bridge was closed.", "Sen. Ana Ruiz", None),
        ("''The bridge is closed,'' said Ana Ruiz.", "Ana Ruiz", "The bridge is closed"),
        (
            "In a speech on Friday, the mayor denied the report about the bridge.",
            "the mayor",
            "the report about the bridge",
        ),
        (
            "Dr. Ana Ruiz, who ran the transport office of the city for a decade before she "
            "retired last year, said the bridge was closed.",
            "Dr. Ana Ruiz",
            "the bridge was closed",
        ),
        (
            "The bridge is closed, said Ana Ruiz, a lawyer who lives near the river.",
            "Ana Ruiz, a lawyer who lives near the river",
            "The bridge is closed",
        ),
    ],
    ids=[
        "party-label",
        "double-single-quotes",
        "introductory-phrase",
        "long-apposition",
        "inverted",
    ],
)
def test_source_is_read_past_labels_appositions_and_openers(
    text: str, source: str, content: str | None
) -> None:
    statement = _only(text)
    assert statement.source is not None
    assert statement.source.text == source
    assert statement.content.text == (content or "the bridge was closed")


def test_a_quotation_opening_the_sentence_is_the_content_despite_a_long_tail() -> None:
    text = (
        '"The bridge is closed," the mayor said, cutting off a reporter who had asked about '
        "the repairs to the ferry and the cost of them."
    )
    statement = extract_statements(text)[0]
    assert statement.content.text == "The bridge is closed"
    assert statement.source is not None
    assert statement.source.text == "the mayor"


@pytest.mark.parametrize(
    ("sentence", "titled"),
    [
        ("Defence Minister Olga Marsh spoke.", True),
        ("The then-president Bush spoke.", True),
        ("Mr. Smith spoke.", True),
        ("The president-elect Trump spoke.", False),
        ("He met the minister. Then he left.", False),
    ],
)
def test_titled_names_are_spotted_by_their_title_word(sentence: str, titled: bool) -> None:
    from reliability._entities import _has_titled_name

    assert _has_titled_name(sentence) is titled


@given(st.text(max_size=300))
def test_extractor_never_raises_on_any_string(text: str) -> None:
    for statement in extract_statements(text):
        assert text[statement.start : statement.end] == statement.text


def _tokens(text: str) -> list[Token]:
    words, starts, ends = token_words(text)
    return [Token(w, s, e, w.lower()) for w, s, e in zip(words, starts, ends, strict=True)]


@pytest.mark.parametrize(
    ("text", "cue_words", "cues"),
    [
        ("The mayor has not mentioned the bridge.", ("has", "mentioned"), ["has not mentioned"]),
        (
            "The mayor said in a statement the bridge was closed.",
            ("said", "statement"),
            ["said in a statement"],
        ),
        (
            "The mayor said that police claimed the bridge fell.",
            ("said", "claimed"),
            ["said", "claimed"],
        ),
    ],
    ids=["negated", "adverbial", "two-predicates"],
)
def test_cue_words_of_one_predicate_form_one_cue(
    text: str, cue_words: tuple[str, str], cues: list[str]
) -> None:
    tokens = _tokens(text)
    positions = [k for k, t in enumerate(tokens) if t.lower in cue_words]
    found = [text[a.cue[0] : a.cue[1]] for a in find_attributions(text, tokens, positions)]
    assert found == cues


def test_a_pronoun_refers_to_a_person_whose_role_heads_a_body() -> None:
    text = (
        "Chief District Officer Ram Lal told reporters that 26 people had been rescued. "
        '"This will not be the last flood," said Mira Dhungel, a glaciologist at the centre. '
        "She said sirens had been installed at only a few lakes. "
        "Edda Kraus, head of the works council at the plant, told Reuters the site was safe. "
        '"People feel betrayed," she said.'
    )
    *_, glaciologist_she, _, council_she = extract_statements(text)
    assert glaciologist_she.source.entity == "Mira Dhungel"
    assert council_she.source.entity == "Edda Kraus"


def test_a_person_introduced_with_a_title_and_a_role_is_named_without_the_title() -> None:
    text = (
        "Professor Lina Okafor, an entomologist at the university, said larvae were spreading. "
        '"Fogging does little," she said.'
    )
    assert [s.source.entity for s in extract_statements(text)] == ["Lina Okafor", "Lina Okafor"]


def test_a_country_named_with_of_is_no_person_a_surname_could_refer_to() -> None:
    text = (
        "GOMA, Democratic Republic of Congo (AFP) - Rebels said they took the town, "
        "while Congo's army insisted its soldiers held the outskirts."
    )
    army = extract_statements(text)[-1]
    assert army.source.type == "government"


def test_a_second_verb_after_a_staff_title_and_name_takes_the_whole_subject() -> None:
    text = (
        "A party spokesman, Brian Odera, posted on X that the result was fair "
        'and accused the opposition of "crying foul".'
    )
    accused = extract_statements(text)[-1]
    assert accused.source.text == "A party spokesman, Brian Odera"


def test_a_bare_quotation_after_indirect_speech_continues_its_speaker() -> None:
    text = 'Karl Dorn, an analyst, said family firms had less cash. "Many will not survive."'
    said, quotation = extract_statements(text)
    assert quotation.source is not None
    assert quotation.source.text == said.source.text
    assert quotation.content.text == "Many will not survive."


def test_a_passive_quoted_as_saying_names_its_speaker_and_any_channel() -> None:
    text = '"We demand an end to this," he was quoted as saying.'
    (statement,) = extract_statements(text)
    assert (statement.source.text, statement.content.text) == ("he", "We demand an end to this")
    text = '"We will respond," the leader was quoted by TASS as saying.'
    (statement,) = extract_statements(text)
    assert statement.source.text == "the leader"
    assert statement.channel is not None
    assert statement.channel.text == "TASS"


def test_a_staff_source_after_a_quotation_may_be_lower_case_and_speaks_for_its_group() -> None:
    text = (
        "M23 rebels said on Sunday they had taken the town. "
        '"The town is under our protection," the group\'s political spokesman, '
        "Jean Bosco, wrote on X."
    )
    wrote = extract_statements(text)[-1]
    assert wrote.source.text == "the group's political spokesman, Jean Bosco"
    assert wrote.source.type == "separatist_or_militant"
    assert wrote.content.text == "The town is under our protection"


def test_the_source_of_an_appositive_denial_is_after_the_claim_noun() -> None:
    text = "The militia received drones from abroad, an accusation Tehran denies."
    (denial,) = extract_statements(text)
    assert denial.source.text == "Tehran"


def test_that_after_the_contents_own_subject_does_not_open_the_content() -> None:
    text = "The bureau said it had no information confirming that a drone had crossed."
    assert extract_statements(text)[0].content.text.startswith("it had no information")


def test_admitted_to_hospital_is_no_cue() -> None:
    text = "Rana Aziz, whose son was admitted on Saturday with a fever, said she waited hours."
    (statement,) = extract_statements(text)
    assert statement.cue.text == "said"
    assert statement.source.entity == "Rana Aziz"


def test_posting_reports_what_the_post_says_not_what_was_posted() -> None:
    (posted,) = extract_statements("A party spokesman posted on X that the result was fair.")
    assert posted.cue.text == "posted"
    (narrator,) = extract_statements("The group posted a video showing fighters in the square.")
    assert narrator.cue is None


def test_a_medium_after_the_cue_of_a_quotation_is_not_its_content() -> None:
    text = (
        'The ship was hit "in response to the blockade," the group\'s spokesman said in a '
        "televised statement carried by its own channel."
    )
    (statement,) = extract_statements(text)
    assert "in response to the blockade" in statement.content.text
    assert "televised" not in statement.content.text


def test_she_refers_to_no_man_named_since() -> None:
    text = (
        "Grace Njeri, the opposition candidate, said her agents were thrown out. "
        '"It was a robbery," returning officer Joseph Mwangi told reporters. '
        '"We will go to court," she said.'
    )
    assert extract_statements(text)[-1].source.entity == "Grace Njeri"


def test_a_pronoun_that_resolved_to_a_person_tells_the_persons_gender() -> None:
    text = (
        "Rhian Jones, the prosecutor, said the fraud was deliberate. "
        "His barrister, Owain Prys, said the books were chaotic. "
        '"He kept the homes open," he said. '
        '"Mr Lloyd acted alone," she said.'
    )
    *_, he, she = extract_statements(text)
    assert he.source.entity == "Owain Prys"
    assert she.source.entity == "Rhian Jones"


def test_a_bare_surname_source_takes_the_full_name_written_before() -> None:
    text = (
        "The winner beat Grace Wanjiru Mwaura of the opposition party by 3,000 votes.\n\n"
        "Mwaura, speaking at a news conference, said her agents were thrown out."
    )
    assert extract_statements(text)[-1].source.entity == "Grace Wanjiru Mwaura"


def test_a_persons_lawyer_named_in_apposition_is_the_speaker() -> None:
    text = (
        "Tomas Reyes, the defendant, denied the charges. "
        "Reyes's lawyer, Dana Whitfield, said the evidence was thin."
    )
    assert extract_statements(text)[-1].source.entity == "Dana Whitfield"


def test_an_opening_participle_phrase_is_not_the_source() -> None:
    text = (
        "Giving evidence on Tuesday, a former carer at the home, who cannot be named, "
        "said she was often alone on duty."
    )
    (statement,) = extract_statements(text)
    assert statement.source.text.startswith("a former carer")


def test_a_title_word_before_a_partys_name_makes_no_person() -> None:
    text = (
        "Mwangi beat Ruth Achieng of the opposition Democratic Citizens Party. "
        '"We were cheated," she said.'
    )
    assert extract_statements(text)[-1].source.entity != "Citizens Party"


def test_a_bodys_short_name_is_the_body_and_its_staff_speak_for_it() -> None:
    text = (
        "Orion Motors said it was recalling 410,000 vehicles. "
        "Orion said it knew of 11 crashes. "
        '"Safety comes first," Orion spokeswoman Dana Cole said.'
    )
    _, short, staff = extract_statements(text)
    assert short.source.entity == "Orion Motors"
    assert short.source.type == "organization"
    assert staff.source.type == "organization"


def test_a_country_is_not_the_short_name_of_a_body_named_after_it() -> None:
    text = "The Israel Defense Forces said it struck a depot. Israel said the strike was lawful."
    assert extract_statements(text)[-1].source.entity == "Israel"


def test_a_relative_clause_names_no_entity_for_its_source() -> None:
    text = (
        "The Tasnim news agency, which is close to the Revolutionary Guards, "
        "said the man was a businessman."
    )
    (statement,) = extract_statements(text)
    assert statement.source.entity != "Islamic Revolutionary Guard Corps"
    assert statement.source.type != "anonymous"


def test_there_opens_the_content_before_a_that_of_its_own() -> None:
    text = "The officials said there was no sign that Russia had helped."
    (statement,) = extract_statements(text)
    assert statement.content.text.startswith("there was no sign")


def test_a_trailing_pronoun_attribution_frames_the_report_inside_it() -> None:
    text = (
        "The UKMTO agency said it had received a report. "
        "The master reported a splash near the stern, it said, adding that police were on the way."
    )
    framed = extract_statements(text)[1]
    assert framed.source.text == "it"
    assert framed.source.entity is not None
    assert "The master reported a splash" in framed.content.text


def test_a_claim_a_news_agency_reported_stays_its_speakers() -> None:
    text = "Russia's Foreign Ministry said Moscow was watching, the state agency TASS reported."
    (statement,) = extract_statements(text)
    assert statement.source.text == "Russia's Foreign Ministry"


def test_a_cue_inside_a_continued_quotation_is_part_of_it() -> None:
    text = (
        '"We will not tolerate this," said Karin Vogt, a ministry spokeswoman. '
        '"The ambassador was told that such activities have consequences."'
    )
    said, continued = extract_statements(text)
    assert continued.source.text == said.source.text
    assert continued.content.text.startswith("The ambassador was told")


def test_a_message_read_to_a_jury_is_no_cue() -> None:
    text = 'In a text message read to the jury, Pellow wrote to Grainger: "Nobody checks."'
    (statement,) = extract_statements(text)
    assert statement.cue.text == "wrote"


@pytest.mark.parametrize("opening", ["But", "And"])
def test_a_conjunction_opening_the_sentence_is_not_part_of_the_source(opening: str) -> None:
    text = f"{opening} an official at the agency, who asked not to be named, said the dam held."
    (statement,) = extract_statements(text)
    assert statement.source.text.startswith("an official")


def test_the_one_told_is_never_the_speaker() -> None:
    text = '"Our teams work every day," its health officer, Farid Alam, told The Daily Star.'
    (statement,) = extract_statements(text)
    assert statement.source.text == "its health officer, Farid Alam"


def test_a_speaker_after_a_dash_who_told_reporters_says_the_quotation() -> None:
    text = '"This is a staged provocation" — the deputy prime minister, Ion Rusu, told reporters.'
    (statement,) = extract_statements(text)
    assert statement.source.text == "the deputy prime minister, Ion Rusu"
    assert statement.content.text == "This is a staged provocation"


@pytest.mark.parametrize("recipient", ["a Nairobi court", "a news conference", "the jury"])
def test_an_institutional_audience_told_is_skipped(recipient: str) -> None:
    text = f"The gang hijacked phone numbers, prosecutors told {recipient} on Monday."
    (statement,) = extract_statements(text)
    assert statement.content.text == "The gang hijacked phone numbers"


def test_a_named_body_with_its_article_after_an_opening_clause_is_the_source() -> None:
    text = (
        "The convoy came under fire near Kalat late on Saturday, the Inter-Services Public "
        "Relations (ISPR), the military's media wing, said in a statement on Sunday."
    )
    (statement,) = extract_statements(text)
    assert statement.source.text == "the Inter-Services Public Relations (ISPR)"


def test_a_place_is_not_the_short_name_of_a_gazetteer_body_named_after_it() -> None:
    text = (
        "The Baloch Liberation Army said it attacked the convoy. "
        "Balochistan's chief minister said the attack would not go unpunished."
    )
    assert extract_statements(text)[-1].source.entity != "Balochistan Liberation Army"


def test_an_acronym_the_document_never_defines_is_the_body_it_named_in_full() -> None:
    text = (
        "The Arakan Army said it had taken the base. "
        "The AA's spokesman, Khaing Zaw Naing, told the BBC that the group would hold it."
    )
    assert extract_statements(text)[-1].source.entity == "Arakan Army"


def test_a_persons_initials_are_not_an_acronym_of_theirs() -> None:
    text = "Andrew Peters said the count was over. The AP reported that it had ended."
    assert extract_statements(text)[-1].source.entity == "Associated Press"


def test_a_relative_pronoun_source_is_the_name_before_it() -> None:
    text = (
        "The court heard evidence from a former analyst at the chain, Priya Raman, "
        "who said managers had called the practice the bounce."
    )
    (statement,) = extract_statements(text)
    assert statement.source.text == "who"
    assert statement.source.entity == "Priya Raman"


def test_a_relative_pronoun_source_reads_the_apposition_between() -> None:
    text = (
        "The drug was made by Velora Therapeutics, a biotech firm with offices in Boston, "
        "which said in a statement that it hoped to cut the price."
    )
    source = extract_statements(text)[-1].source
    assert (source.entity, source.type) == ("Velora Therapeutics", "organization")


def test_an_unresolved_who_is_not_the_world_health_organization() -> None:
    (statement,) = extract_statements("Police questioned a man, who said he saw nothing.")
    assert statement.source.type != "international_org"


def test_a_participle_cue_after_a_comma_never_inverts() -> None:
    text = (
        "Officials in the enclave accused the capital of blocking lorries, saying the "
        "standoff at the main border crossing threatened hospitals in the Russian-backed enclave."
    )
    saying = extract_statements(text)[-1]
    assert saying.cue.text == "saying"
    assert saying.source.text == "Officials in the enclave"
    assert saying.content.text.startswith("the standoff")


def test_a_report_inside_reported_speech_is_the_content() -> None:
    text = "The group said the outbreak showed that open pens were a ticking bomb."
    (statement,) = extract_statements(text)
    assert statement.cue.text == "said"
    assert statement.content.text.startswith("the outbreak showed that")


def test_a_name_ending_the_head_is_the_speaker_not_a_known_name_before_it() -> None:
    text = (
        "The U.S. market fell. "
        "U.S. electric truck maker Ridgeline Motors said it would recall 86,000 vehicles."
    )
    source = extract_statements(text)[-1].source
    assert (source.entity, source.type) == ("Ridgeline Motors", "organization")


def test_a_place_after_a_preposition_does_not_name_the_speaker() -> None:
    text = (
        "The International Organization for Migration said 4,000 people had fled. "
        '"Many walked all night," the IOM\'s head of office in Pemba said.'
    )
    assert extract_statements(text)[-1].source.entity != "Pemba"


def test_a_fisherman_beside_a_name_is_a_witness() -> None:
    text = "The raiders came at dawn, according to Abdul Issufo, a fisherman who fled by boat."
    assert extract_statements(text)[0].source.type == "witness"


def test_a_role_set_off_before_a_name_registers_the_person_for_pronouns() -> None:
    text = (
        "But the player's father, Edson Bastos, appeared to contradict the club. "
        "Speaking to a radio station, he said two scouts had visited the family home."
    )
    assert extract_statements(text)[-1].source.entity == "Edson Bastos"


def test_the_watchdog_is_the_regulator_named_before() -> None:
    text = (
        "The Australian Competition Commission said the chain misled shoppers. "
        "GreenCart said it would fight the case. "
        "The watchdog said it had received 900 complaints."
    )
    source = extract_statements(text)[-1].source
    assert (source.entity, source.type) == ("Australian Competition Commission", "government")


def test_the_statement_is_whoever_spoke_in_a_statement() -> None:
    text = (
        "Velora Foods said in a statement that the recall was voluntary. "
        '"Safety comes first," the statement said.'
    )
    source = extract_statements(text)[-1].source
    assert (source.entity, source.type) == ("Velora Foods", "organization")


def test_and_inside_a_bodys_name_does_not_cut_the_source() -> None:
    text = "The Australian Competition and Consumer Commission said the chain misled shoppers."
    (statement,) = extract_statements(text)
    assert statement.source.text == "The Australian Competition and Consumer Commission"


def test_and_between_two_people_still_ends_the_source() -> None:
    (statement,) = extract_statements("Clinton and Trump said the debate was over.")
    assert statement.source.text == "Trump"


def test_the_owner_word_before_a_staff_title_types_the_person() -> None:
    text = (
        '"There is no risk," company spokesperson Natasha Bwalya said. '
        '"It was reported within hours," Ms Bwalya said.'
    )
    assert [s.source.type for s in extract_statements(text)] == ["organization"] * 2


def test_a_quoted_name_inside_a_clause_does_not_invert_the_cue() -> None:
    text = (
        'A commander who goes by the name "General Sabre" claimed responsibility in a video, '
        "saying the officials would be tried."
    )
    assert all(
        s.source is None or s.source.text != "responsibility" for s in extract_statements(text)
    )


def test_an_object_with_its_article_does_not_split_a_cue_into_a_report() -> None:
    text = "Obama sounded a call for the country to accept more refugees on Monday."
    found = [
        a
        for group in sentence_attributions(text, split_sentences(text), claims_only=False)
        for a in group
    ]
    sources = [text[a.source[0] : a.source[1]] for a in found if a.source is not None]
    assert "a" not in sources


def test_an_acronym_of_a_department_of_something_is_that_department() -> None:
    text = (
        "The North Carolina Department of Environmental Quality said it tested 40 wells. "
        "The DEQ said results were due in January."
    )
    source = extract_statements(text)[-1].source
    assert (source.entity, source.type) == ("Department of Environmental Quality", "government")


def test_a_capitalised_owner_word_before_a_title_types_the_person() -> None:
    text = 'Union president Koen Verhaegen said talks failed. "It is unsafe," he said.'
    assert [s.source.type for s in extract_statements(text)] == ["organization"] * 2
