"""Source types: rules, gazetteer, LIAR mapping and the SourceTypeFeatures contract."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from features._gazetteer import _norms, _tokens
from features._source_type import (
    MAX_DOCUMENT_CHARS,
    MENTION_TYPES,
    Gazetteer,
    GazetteerEntry,
    SourceTypeFeatures,
    _word_matches,
    liar_speaker_type,
    lookup_entity,
    source_type,
)
from reliability._exceptions import SchemaError
from reliability._records import SOURCE_TYPES, Channel, Source, Span, Statement

# (mention, context, expected type): mentions written for these tests, one or more per type.
MENTIONS = [
    ("Foreign Minister Sergei Lavrov", "", "government"),
    ("the Russian Defence Ministry", "", "government"),
    ("a Pentagon spokesman", "", "government"),
    ("the mayor of Kharkiv", "", "government"),
    ("police", "", "government"),
    ("Moscow", "", "government"),
    ("Syrian President Bashar al-Assad", "", "government"),
    ("Sen. Maria Gonzalez", "", "politician"),
    ("the Democratic candidate", "", "politician"),
    ("a Republican congressman from Ohio", "", "politician"),
    ("the opposition party leader", "", "politician"),
    ("TASS", "", "state_media"),
    ("ria novosti", "", "state_media"),
    ("Iran's Press TV", "", "state_media"),
    ("Chinese state television", "", "state_media"),
    ("the KCNA", "", "state_media"),
    ("Reuters", "", "news_outlet"),
    ("The New York Post", "", "news_outlet"),
    ("the newspaper", "", "news_outlet"),
    ("a Fox News reporter", "", "news_outlet"),
    ("the rebels", "", "separatist_or_militant"),
    ("Hamas", "", "separatist_or_militant"),
    ("the Houthis", "", "separatist_or_militant"),
    ("a Wagner commander", "", "separatist_or_militant"),
    ("the self-proclaimed Luhansk People's Republic", "", "separatist_or_militant"),
    ("the Donetsk militia's press service", "", "separatist_or_militant"),
    ("the World Health Organization", "", "international_org"),
    ("U.N. monitors", "", "international_org"),
    ("Amnesty International", "", "international_org"),
    ("a humanitarian aid group", "", "international_org"),
    ("a professor of history at Kyiv University", "", "expert"),
    ("energy analysts", "", "expert"),
    ("the economist", "", "expert"),
    ("a local resident", "", "witness"),
    ("an eyewitness", "", "witness"),
    ("Witnesses", "", "witness"),
    ("two eyewitnesses", "", "witness"),
    ("the open-source investigators at Bellingcat", "", "news_outlet"),
    ("the self-styled foreign ministry", "", "separatist_or_militant"),
    ("the Abkhaz foreign ministry", "", "separatist_or_militant"),
    ("a passer-by who saw the blast", "", "witness"),
    ("the company", "", "organization"),
    ("the steelworkers' union", "", "organization"),
    ("a spokeswoman for the Sanders campaign", "", "organization"),
    ("Acme Corp.", "", "organization"),
    ("two people familiar with the matter", "", "anonymous"),
    ("sources", "", "anonymous"),
    ("a source close to the negotiations", "", "anonymous"),
    ("a person with knowledge of the talks", "", "anonymous"),
    ("a Telegram channel run by the rebels", "", "social_media"),
    ("a post on X", "", "social_media"),
    ("a viral video", "", "social_media"),
    ("a chain email", "", "social_media"),
    ("pro-Kremlin bloggers", "", "social_media"),
    ("the ministry's Facebook page", "", "social_media"),
    ("he", "", "unknown"),
    ("the document", "", "unknown"),
]


@pytest.mark.parametrize(("mention", "context", "expected"), MENTIONS)
def test_source_type_of_written_mentions(mention, context, expected):
    assert source_type(mention, context) == expected


def test_every_mention_type_is_covered_by_the_written_mentions():
    assert {expected for _, _, expected in MENTIONS} == set(MENTION_TYPES)


@pytest.mark.parametrize(
    ("mention", "context", "expected"),
    [
        ("Ali Hassan", "Ali Hassan, a resident of the town, said the bridge fell.", "witness"),
        ("John Smith", "John Smith, a professor of economics at Yale, said it would.", "expert"),
        ("Olena Kovalenko", "said Olena Kovalenko, 52, who fled the shelling in March.", "witness"),
        (
            "Ivan Petrov",
            "Regional Governor Ivan Petrov said the strikes hit a depot.",
            "government",
        ),
        ("Kim Lee", "Yale economist Kim Lee said inflation would fall.", "expert"),
        ("Jane Doe", "The company's spokeswoman, Jane Doe, said no one was hurt.", "organization"),
    ],
)
def test_unseen_names_are_typed_from_their_sentence(mention, context, expected):
    assert source_type(mention) == "unknown"
    assert source_type(mention, context) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("the DPR’s ministry", "separatist_or_militant"),
        ("the DPR's ministry", "separatist_or_militant"),
        ("the ministry of the Donetsk People's Republic", "separatist_or_militant"),
        ("the Russian Defence Ministry", "government"),
        ("a spokesman for the United Nations", "international_org"),
        ("the company's spokesman", "organization"),
        ("Acme Corp's spokesman", "organization"),
        ("Russia's ambassador to the UN", "government"),
        ("a Telegram channel run by the rebels", "social_media"),
    ],
)
def test_owner_dominates_body_but_not_channel(mention, expected):
    assert source_type(mention) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("the Telegram channel for the Donetsk People's Republic (DPR)", "social_media"),
        ("the Donetsk People's Republic (DPR)", "separatist_or_militant"),
        ("the DPR’s ministry", "separatist_or_militant"),
        ("The separatist group", "separatist_or_militant"),
        ("the DRP’s ministry", "separatist_or_militant"),  # the seed's typo for DPR
        ("Syrian President Bashar al-Assad", "government"),
        ("Russian President Vladimir Putin", "government"),
        ("Fox News", "news_outlet"),
    ],
)
def test_seed_article_mentions(mention, expected):
    assert source_type(mention) == expected


def test_title_outranks_gazetteer_person():
    assert source_type("Donald Trump") == "politician"
    assert source_type("President Donald Trump") == "government"


def test_anonymity_in_the_sentence_makes_a_generic_mention_anonymous():
    context = "Officials, who spoke on condition of anonymity, said the talks had stalled."
    assert source_type("Officials", context) == "anonymous"
    assert source_type("Officials") == "government"
    assert source_type("Sergei Lavrov", "Sergei Lavrov, speaking on condition of anonymity") == (
        "government"
    )


def test_agency_takes_the_press_sense_when_the_sentence_names_an_agency():
    assert source_type("the agency", "TASS reported the strike, the agency said.") == "state_media"
    assert source_type("the agency", "The agency said the drug was safe.") == "government"


def test_short_acronyms_need_capitals_inside_longer_mentions():
    assert source_type("officials who declined to be named") == "anonymous"
    assert source_type("WHO") == "international_org"
    assert source_type("Capitol Hill") == "unknown"
    assert source_type("The Hill") == "news_outlet"


@pytest.mark.parametrize(
    "mention", ["the dpr’s MINISTRY", "The DPR's Ministry", "THE DPR’S MINISTRY"]
)
def test_case_and_apostrophes_do_not_matter(mention):
    assert source_type(mention) == "separatist_or_militant"


def test_source_type_rejects_non_str():
    with pytest.raises(
        TypeError, match=r"expects str mention, context and document \(got NoneType"
    ):
        source_type(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="and bytes"):
        source_type("TASS", document=b"TASS")  # type: ignore[arg-type]


def test_lookup_entity_canonicalises_names():
    entry = lookup_entity("tass")
    assert entry is not None
    assert (entry.name, entry.type, entry.country) == ("TASS", "state_media", "Russia")
    assert lookup_entity("the DPR’s").name == "Donetsk People's Republic"
    assert lookup_entity("Doctors Without Borders").name == "Doctors Without Borders"
    assert lookup_entity("Dan") is None
    assert lookup_entity("nothing like this") is None


def test_default_gazetteer_covers_every_type_with_evidence():
    gazetteer = Gazetteer.default()
    assert len(gazetteer) >= 150
    assert all(entry.note for entry in gazetteer.entries)
    assert {entry.type for entry in gazetteer.entries} >= {
        "government",
        "politician",
        "state_media",
        "news_outlet",
        "separatist_or_militant",
        "international_org",
        "organization",
    }


def test_user_gazetteer_file_extends_the_default(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# my additions\nname\taliases\ttype\tcountry\tnote\n"
        "Zorya Rebel Brigade\tZRB\tseparatist_or_militant\tUkraine\tarmed group\n"
        "Reuters\t\tstate_media\t\ta deliberately wrong override\n",
        encoding="utf-8",
    )
    mine = Gazetteer.from_file(path)
    merged = Gazetteer.default().merged(mine)
    assert source_type("the ZRB") == "unknown"
    assert source_type("the ZRB", gazetteer=merged) == "separatist_or_militant"
    assert source_type("a Zorya Rebel Brigade commander", gazetteer=merged) == (
        "separatist_or_militant"
    )
    assert merged.lookup("Reuters").type == "state_media"
    assert Gazetteer.default().extend(mine) == merged
    assert len(merged) == len(Gazetteer.default()) + 2


def test_user_gazetteer_with_a_bad_type_names_the_file_and_entry(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("name\taliases\ttype\tcountry\tnote\nX Corp\t\tcompany\t\t\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"bad.tsv: entry 1: 'type' .* \(got 'company'\)"):
        Gazetteer.from_file(path)


def test_gazetteer_entry_rejects_narrator():
    with pytest.raises(SchemaError, match="narrator"):
        GazetteerEntry("Me", (), "narrator")


@pytest.mark.parametrize(
    ("speaker", "job", "party", "expected"),
    [
        ("barack-obama", "President", "democrat", "government"),
        ("chain-email", "", "none", "social_media"),
        ("viral-image", "", "none", "social_media"),
        ("facebook-posts", "Social media posting", "none", "social_media"),
        ("blog-posting", "", "none", "social_media"),
        ("jane-roe", "State representative", "republican", "politician"),
        ("jane-roe", "U.S. Senator", "democrat", "politician"),
        ("john-roe", "Governor", "republican", "government"),
        ("john-roe", "Columnist", "columnist", "news_outlet"),
        ("john-roe", "Talk show host", "talk-show-host", "news_outlet"),
        ("john-roe", "Professor", "none", "expert"),
        ("americans-united-for-life", "", "organization", "organization"),
        ("national-rifle-association", "", "none", "organization"),
        ("john-roe", "", "republican", "politician"),
        ("john-roe", "", "none", "unknown"),
    ],
)
def test_liar_speaker_type(speaker, job, party, expected):
    assert liar_speaker_type(speaker, job, party) == expected


def _statement(i, source=None, channel=None):
    return Statement(
        doc_id="d1",
        statement_id=i,
        start=0,
        end=10,
        text="0123456789",
        content=Span("0123", 0, 4),
        source=source,
        cue=None,
        channel=channel,
    )


STATEMENTS = [
    _statement(0),
    _statement(1, Source("TASS", 0, 4, "state_media", "TASS")),
    _statement(
        2,
        Source("the DPR", 0, 7, "separatist_or_militant"),
        Channel("the Telegram channel", 0, 20, "social_media"),
    ),
]


def test_transform_one_hot_source_and_channel_types():
    out = SourceTypeFeatures().fit_transform(STATEMENTS)
    names = list(SourceTypeFeatures().fit(STATEMENTS).get_feature_names_out())
    assert out.shape == (3, 2 * len(SOURCE_TYPES))
    assert out.dtype == float
    assert out.sum(axis=1).tolist() == [1.0, 1.0, 2.0]
    assert out[0, names.index("source_type_narrator")] == 1.0
    assert out[1, names.index("source_type_state_media")] == 1.0
    assert out[2, names.index("source_type_separatist_or_militant")] == 1.0
    assert out[2, names.index("channel_type_social_media")] == 1.0


@pytest.mark.parametrize(
    "X", [STATEMENTS, tuple(STATEMENTS), np.array(STATEMENTS, dtype=object), pd.Series(STATEMENTS)]
)
def test_transform_accepts_sequences(X):
    assert SourceTypeFeatures().fit_transform(X).shape == (3, 26)


@pytest.mark.parametrize(
    ("X", "message"),
    [
        ("TASS said", "expects a sequence of Statement objects; got a single str"),
        (STATEMENTS[1], "expects a sequence of Statement objects; got a single Statement"),
        (["TASS said"], "item 0 is a str"),
    ],
)
def test_fit_rejects_non_statements(X, message):
    with pytest.raises(TypeError, match=message):
        SourceTypeFeatures().fit(X)


def test_fit_rejects_unknown_types():
    with pytest.raises(ValueError, match="'types' must be distinct values"):
        SourceTypeFeatures(types=["spy"]).fit(STATEMENTS)


def test_types_parameter_selects_columns():
    est = SourceTypeFeatures(types=["state_media", "narrator"]).fit(STATEMENTS)
    assert est.get_feature_names_out().tolist() == [
        "source_type_state_media",
        "source_type_narrator",
        "channel_type_state_media",
        "channel_type_narrator",
    ]
    assert est.transform(STATEMENTS)[:, :2].tolist() == [[0, 1], [1, 0], [0, 0]]


# The contract test of STYLE.md section 1.
def test_clone_has_same_params():
    est = SourceTypeFeatures(types=["anonymous"])
    assert clone(est).get_params() == est.get_params()


def test_fit_returns_self():
    est = SourceTypeFeatures()
    assert est.fit(STATEMENTS) is est


def test_transform_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError, match="SourceTypeFeatures"):
        SourceTypeFeatures().transform(STATEMENTS)


def test_feature_names_count_equals_columns():
    est = SourceTypeFeatures().fit(STATEMENTS)
    names = est.get_feature_names_out()
    assert names.dtype == object
    assert len(names) == est.transform(STATEMENTS).shape[1] == est.n_features_out_


def test_pandas_output_has_feature_names():
    est = SourceTypeFeatures().set_output(transform="pandas").fit(STATEMENTS)
    frame = est.transform(STATEMENTS)
    assert isinstance(frame, pd.DataFrame)
    assert frame.columns.tolist() == est.get_feature_names_out().tolist()


def test_pickle_round_trip_gives_same_output():
    est = SourceTypeFeatures().fit(STATEMENTS)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.transform(STATEMENTS), est.transform(STATEMENTS))


def test_tags_declare_string_input():
    tags = SourceTypeFeatures().__sklearn_tags__()
    assert tags.input_tags.string
    assert not tags.input_tags.two_d_array


# Sentence, document and learned fallback.
def test_document_types_a_bare_name_from_its_first_mention():
    document = "Tom Clarke, a nursing home owner, bought coal mines. Later, Mr. Clarke "
    sentence = "Mr. Clarke said it paid off."
    assert source_type("Mr. Clarke", sentence, fallback=False) == "unknown"
    assert source_type("Mr. Clarke", sentence, document=document, fallback=False) == (
        "organization"
    )


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Stacey Edwards, 31,", "witness"),
        ("Sue Doe, 62, who hasn't decided which candidate to back", "witness"),
        ("former Florida Gov. Jeb Bush", "politician"),
        ("retired Gen. John Doe", "expert"),
        ("the 43-year-old former congressman", "politician"),
        ("Gov. Jane Roe of Iowa, who used him as a consultant in her campaigns", "government"),
    ],
)
def test_ages_former_titles_and_relative_clauses(mention, expected):
    assert source_type(mention) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Polling of union voters", "expert"),
        ("a Bloomberg poll", "news_outlet"),
        ("The poll by the Public Policy Institute", "expert"),
        ("the ad", "organization"),
        ("A memorable Hillary Clinton ad", "politician"),
    ],
)
def test_documents_take_their_author_not_their_topic(mention, expected):
    assert source_type(mention) == expected


def test_learned_fallback_types_an_unseen_name_from_sentence_cues():
    context = "Nwosu told the crowd at a campaign rally in Nevada that the race was tight."
    assert source_type("Nwosu", context) == "politician"
    assert source_type("Nwosu", context, fallback=False) == "unknown"
    assert source_type("Ruiz", "Ruiz said.") == "unknown"


# Names the gazetteer has never seen, typed only from what the sentence says about them.
CONTEXT_ONLY = [
    (
        "Tomasz Wrobel",
        "Tomasz Wrobel, the deputy interior minister, said the border would stay closed.",
        "government",
    ),
    ("Hana Novak", "Police spokeswoman Hana Novak said two people were arrested.", "government"),
    (
        "Aiko Tanaka",
        "Aiko Tanaka, a city council member running for re-election, said the plan was flawed.",
        "politician",
    ),
    (
        "Priya Raman",
        "Priya Raman, an economist at the University of Chicago, said prices would rise.",
        "expert",
    ),
    (
        "Bongani Dlamini",
        "Bongani Dlamini, a shopkeeper who saw the fire, said the roof collapsed first.",
        "witness",
    ),
    (
        "Carlos Vega",
        "Carlos Vega, 47, who lives near the plant, said the smell was unbearable.",
        "witness",
    ),
    (
        "Lars Eriksen",
        "Lars Eriksen, chief executive of the shipping firm, said profits fell.",
        "organization",
    ),
    (
        "Mira Holt",
        "Mira Holt, a correspondent for the newspaper, reported that the talks had failed.",
        "news_outlet",
    ),
    (
        "Omar Farouk",
        "Omar Farouk, a commander of the rebel militia, said his fighters held the town.",
        "separatist_or_militant",
    ),
    (
        "Zoltan Kiss",
        "Separatist leader Zoltan Kiss said the vote would go ahead.",
        "separatist_or_militant",
    ),
    (
        "Elena Sorokina",
        "Elena Sorokina, a spokeswoman for the World Health Organization, said cases fell.",
        "international_org",
    ),
    (
        "Kwame Mensah",
        "Kwame Mensah, a spokesman for the state news agency, said the report was accurate.",
        "state_media",
    ),
    ("Ruiz", "Ruiz said.", "unknown"),
]


@pytest.mark.parametrize(("mention", "context", "expected"), CONTEXT_ONLY)
def test_unseen_names_only_their_sentence_reveals(mention, context, expected):
    assert lookup_entity(mention) is None
    assert source_type(mention) == "unknown"
    assert source_type(mention, context) == expected


# Generic mentions that news copy makes anonymous, a post, or a state outlet by the sentence.
ANONYMOUS = [
    (
        "a senior official",
        "A senior official, who spoke on condition of anonymity, said the talks had stalled.",
    ),
    (
        "two people familiar with the matter",
        "It is close, two people familiar with the matter said.",
    ),
    ("a source close to the Kremlin", "A source close to the Kremlin told the paper it was off."),
    ("a diplomat", "A diplomat who asked not to be named said the embassy would close."),
    (
        "officials",
        "Officials, speaking on condition of anonymity because they were not authorized to "
        "discuss the matter, said troops had moved.",
    ),
    ("Sources", "Sources told Reuters the company would cut jobs."),
]


@pytest.mark.parametrize(("mention", "context"), ANONYMOUS)
def test_anonymous_sources_in_their_sentences(mention, context):
    assert source_type(mention, context) == "anonymous"


STATE_MEDIA = [
    ("RIA Novosti", "The strike hit a school, Russian state news agency RIA Novosti reported."),
    ("the state-run Xinhua news agency", "It blew up, the state-run Xinhua news agency said."),
    ("KCNA", "North Korea tested a missile, KCNA said."),
    ("Syria's official SANA news agency", "Syria's official SANA news agency said it was over."),
    ("State television", "State television showed the president meeting troops."),
    ("Iran's Press TV", "Iran's Press TV said the tanker was seized."),
    ("RT", "RT reported that the convoy had been attacked."),
    ("CGTN", "CGTN said the talks had been productive."),
    ("the agency", "TASS quoted a ministry source; the agency said talks would resume."),
    ("the official APS news agency", "The official APS news agency said the border was closed."),
    ("state broadcaster ZNBC", "The spill was contained, state broadcaster ZNBC reported."),
    ("the Sahara Press Service", "The strike hit a convoy, the Sahara Press Service said."),
]


@pytest.mark.parametrize(("mention", "context"), STATE_MEDIA)
def test_state_media_in_their_sentences(mention, context):
    assert source_type(mention, context) == "state_media"


SEPARATIST = [
    ("the DPR's militia", "The DPR's militia said it had shot down a drone."),
    (
        "the self-proclaimed Donetsk People's Republic",
        "The self-proclaimed Donetsk People's Republic said it would hold a referendum.",
    ),
    ("Houthi rebels", "Houthi rebels said they fired missiles at the ship."),
    ("the Taliban", "The Taliban said it had captured the district."),
    ("a pro-Russian separatist leader", "A pro-Russian separatist leader said the city fell."),
    ("the DPR news agency", "The DPR news agency said shelling had resumed."),
    ("the Oromo Liberation Army", "The Oromo Liberation Army said it had taken the town."),
    ("the Ogaden National Liberation Front", "The Ogaden National Liberation Front said so."),
    ("the Kosovo Liberation Army", "The Kosovo Liberation Army said it held the road."),
]


def test_a_state_army_named_for_liberation_stays_the_states():
    assert source_type("the People's Liberation Army") == "government"


CHANNELS = [
    (
        "the Telegram channel of the Luhansk People's Republic",
        "According to the Telegram channel of the Luhansk People's Republic, shelling went on.",
    ),
    ("a viral post on Facebook", "A viral post on Facebook claimed the vaccine had chips."),
    ("a widely shared tweet", "A widely shared tweet said the bridge had collapsed."),
    ("a video posted on TikTok", "A video posted on TikTok showed troops crossing a river."),
]


def test_sentence_read_mentions_cover_every_type():
    covered = {expected for _, _, expected in CONTEXT_ONLY}
    covered |= {"anonymous", "state_media", "separatist_or_militant", "social_media"}
    assert covered == set(MENTION_TYPES)
    assert all(lists for lists in (ANONYMOUS, STATE_MEDIA, SEPARATIST, CHANNELS))


@pytest.mark.parametrize(("mention", "context"), SEPARATIST)
def test_separatist_sources_in_their_sentences(mention, context):
    assert source_type(mention, context) == "separatist_or_militant"


@pytest.mark.parametrize(("mention", "context"), CHANNELS)
def test_channels_are_social_media_whoever_runs_them(mention, context):
    assert source_type(mention, context) == "social_media"


def test_a_person_who_posts_is_still_the_person():
    context = "Trump tweeted that the polls were rigged."
    assert source_type("Trump", context) == "politician"
    document = "CNN reporter Elise Labott was suspended. On Thursday, Labott"
    assert source_type("Labott", "Labott tweeted a link.", document=document) == "news_outlet"


def test_seed_mentions_in_their_sentences_get_the_gold_types():
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    gold = json.loads((seeds / "000_f48a50816c6044df.gold.json").read_text(encoding="utf-8"))
    text = (seeds / gold["text_file"]).read_text(encoding="utf-8")
    checked = 0
    for statement in gold["statements"]:
        for role in ("source", "channel"):
            span = statement[role]
            if span is None or span["text"].lower() == "the group":  # anaphora: the extractor's
                continue
            sentence = text[statement["start"] : statement["end"]]
            before = text[max(0, span["start"] - MAX_DOCUMENT_CHARS) : span["start"]]
            assert source_type(span["text"], sentence, document=before) == span["type"]
            checked += 1
    assert checked >= 6


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("DNC Chair Jane Roe", "politician"),
        ("Ohio Democratic Party chairman John Doe", "politician"),
        ("House Oversight Committee Chairman John Doe", "politician"),
        ("the company's chairman", "organization"),
    ],
)
def test_party_and_congressional_chairs_are_politicians(mention, expected):
    assert source_type(mention) == expected


def test_document_window_is_bounded():
    far = "Tom Clarke, a nursing home owner, bought coal mines. " + "x " * MAX_DOCUMENT_CHARS
    near = "Tom Clarke, a nursing home owner, bought coal mines. Later, "
    context = "Mr. Clarke said it paid off."
    assert source_type("Mr. Clarke", context, document=near) == "organization"
    assert source_type("Mr. Clarke", context, document=far, fallback=False) == "unknown"


@pytest.mark.parametrize(
    ("mention", "context"),
    [
        ("Sen. Jane Roe (D-Ohio)", "Sen. Jane Roe (D-Ohio) said the bill was dead."),
        ("Jane Roe", "Jane Roe, R-Texas, said the bill was dead."),
        ("Kirsten Gillibrand (D-NY)", "Kirsten Gillibrand (D-NY) told the host she agreed."),
    ],
)
def test_a_party_state_tag_makes_a_politician(mention, context):
    assert source_type(mention, context) == "politician"


@pytest.mark.parametrize(
    "mention",
    [
        "Robert Roe, who served as labor secretary in the 1990s",
        "Daniel Doe, who was coordinator for counterterrorism at the State Department",
        "former Labor Secretary Robert Roe",
    ],
)
def test_a_past_appointed_office_makes_an_expert(mention):
    assert source_type(mention) == "expert"


def test_a_home_town_and_state_after_a_name_make_a_witness():
    document = "Recently, Tom Doe of Laconia, N.H., stood at a rally to say he was undecided. "
    assert source_type("Mr. Doe", "Mr. Doe said he liked the speech.", document=document) == (
        "witness"
    )


def test_a_body_after_a_name_types_it():
    assert source_type("Jane Roe", "Jane Roe of the Sierra Club said the plan failed.") == (
        "organization"
    )


def test_a_capitalised_name_before_a_known_person_is_not_a_title():
    # "Time" is a magazine, but here it begins the sentence, not a title of Mr. Pence.
    assert source_type("Mr. Pence", "Time, Mr. Pence added, was on their side.") == "politician"


def test_a_relative_clause_gives_way_to_a_title_before_the_name():
    document = (
        '"It was close," said Democratic pollster Jane Roe, who was then a member of the '
        "campaign team. Later, "
    )
    assert source_type("Roe", "Roe said the numbers held.", document=document) == "expert"


def test_a_bare_surname_takes_the_type_of_the_known_person_named_earlier():
    document = "On her show, Megyn Kelly pressed the candidate. Later, "
    assert source_type("Kelly", "Kelly said he dodged.", document=document) == "news_outlet"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("an NBC executive", "news_outlet"),
        ("Sierra Club chief strategist Jane Roe", "organization"),
        ("CBS News White House correspondent Jane Roe", "news_outlet"),
    ],
)
def test_a_named_owner_decides_a_role(mention, expected):
    assert source_type(mention, f"{mention} said the plan failed.") == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Okafor, a nurse at the city hospital,", "witness"),
        ("councilmember Mark Roe", "politician"),
        ("Anna Roe, a member of the European Parliament", "politician"),
        ("Wyoming Public Radio", "news_outlet"),
        ("the surviving spouse of a soldier", "witness"),
        ("his team", "organization"),
        ("the Anti-Defamation League", "organization"),
        ("state news channels in Moscow", "state_media"),
    ],
)
def test_roles_and_bodies_added_to_the_lexicons(mention, expected):
    assert source_type(mention) == expected


def test_an_age_is_never_overridden_by_the_learned_reader():
    mention = "Roy Doe, 65, who caucused for Bernie Sanders but came to hear Johnson"
    assert source_type(mention, f'"Not for me," said {mention}.') == "witness"


def test_a_mention_signed_with_a_handle_is_an_embedded_post():
    assert source_type("Dana Lee (@danalee_news)") == "social_media"
    assert source_type("Dana Lee", "Dana Lee (@danalee_news) wrote on Monday.") != "social_media"


def test_a_name_written_in_title_case_is_not_a_short_acronym():
    assert source_type("GAO") == "government"
    assert source_type("Ms. Gao", fallback=False) == "unknown"


def test_a_nationality_in_an_apposition_is_a_home_not_an_office():
    context = "Li Wei, a lawyer from the Chinese province of Sichuan, said the rules were unclear."
    assert source_type("Li Wei", context, fallback=False) != "government"
    context = "Li Wei, a Chinese foreign ministry official, said the rules were unclear."
    assert source_type("Li Wei", context, fallback=False) == "government"


def test_a_politicians_staffer_is_typed_by_the_politician_unless_a_campaign_is_named():
    gazetteer = Gazetteer(
        (
            GazetteerEntry("Rosa Vance", ("Vance",), "politician", "US", "person, test senator"),
            GazetteerEntry("Tom Pike", (), "organization", "US", "person, test consultant"),
        )
    )
    staffer = "Vance senior communications adviser Tom Pike"
    assert source_type(staffer, gazetteer=gazetteer, fallback=False) == "politician"
    campaign = "Vance campaign communications adviser Tom Pike"
    assert source_type(campaign, gazetteer=gazetteer, fallback=False) == "organization"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("the crowd", "witness"),
        ("the audience", "witness"),
        ("a heckler", "witness"),
        ("a Verizon customer", "witness"),
        ("Chinese netizens", "social_media"),
    ],
)
def test_crowds_customers_and_netizens_have_types(mention, expected):
    assert source_type(mention, fallback=False) == expected


def test_a_title_before_a_name_outranks_the_role_in_an_apposition():
    assert source_type("Rep. Ann Voss, a Vance supporter", fallback=False) == "politician"
    context = "Former Ohio governor Tom Reed, one of Vance's supporters, praised her."
    assert source_type("Reed", "Reed said so.", document=context, fallback=False) == "politician"
    context = "Gen. Lou Park, a retired four-star general, spoke first. "
    assert source_type("Park", "Park said so.", document=context, fallback=False) == "expert"


def test_a_former_spokesman_or_envoy_comments_as_an_expert():
    assert source_type("Ty Moss, a former spokesman for Mr. Obama", fallback=False) == "expert"
    assert source_type("former UN Ambassador Ann Lee", fallback=False) == "expert"
    assert source_type("former Gov. Ann Lee", fallback=False) == "politician"


def test_a_scholar_of_a_think_tank_is_an_expert_and_the_think_tank_an_organization():
    assert source_type("Jo Park of the Tax Policy Center", fallback=False) == "expert"
    assert source_type("the Tax Policy Center", fallback=False) == "organization"
    context = "Len Ruiz of the Urban Institute said taxes would rise."
    assert source_type("Len Ruiz", context, fallback=False) == "expert"


def test_a_document_takes_the_type_of_the_name_that_owns_it():
    document = "The column by National Review's Ian Moss ran on Monday. "
    assert source_type("Moss's article", "Moss's article said so.", document=document) == (
        "news_outlet"
    )


def test_a_title_before_a_first_name_types_a_later_surname():
    document = "Carter's press secretary, Peter Vole, told the Times it was a mistake. "
    assert source_type("Vole", "Vole said so.", document=document, fallback=False) == ("government")


def test_phrases_that_are_not_titles_do_not_type_the_name_after_them():
    context = 'On Dec. 7 on MSNBC, Reyes said "local forces" must lead.'
    assert source_type("Reyes", context, fallback=False) == "unknown"
    document = "A spokeswoman told POLITICO that Reyes plans to skip it. "
    assert source_type("Reyes", "Reyes said so.", document=document, fallback=False) == "unknown"
    document = "Amy Cole, who said Clinton lied, spoke. "
    assert source_type("Cole", "Cole said so.", document=document, fallback=False) == "unknown"


def test_a_party_state_tag_in_an_apposition_marks_a_politician():
    document = (
        "according to former Sen. Tom Gray, R-Mass. \u201cI\u2019ve heard from sources.\u201d "
    )
    assert source_type("Gray", "Gray said so.", document=document, fallback=False) == ("politician")


def test_an_acronym_in_brackets_takes_the_name_right_before_it():
    context = "They saw a California Department of Transportation (Caltrans) sign on Friday."
    assert source_type("Caltrans", "Caltrans said so.", document=context) == "government"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("the F.A.A.", "government"),
        ("ICE", "government"),
        ("the ice", "unknown"),
        ("Black Lives Matter", "organization"),
        ("a sports talent agency", "organization"),
        ("Pope Francis", "organization"),
        ("the pope", "organization"),
        ("Marine Le Pen", "politician"),
    ],
)
def test_agencies_movements_and_leaders_added_to_the_lexicons(mention, expected):
    assert source_type(mention, fallback=False) == expected


@pytest.mark.parametrize(
    ("pattern", "text", "flags"),
    [
        ("Kim", "Kim said. xKim and Kim_ and Kim, then Kim.", 0),
        (r"Kim\W+Kim", "xKim Kim Kim and Kim  Kim.", re.IGNORECASE),
        ("Ana", "AnAna Ana Anab Ana", 0),
        (r"Jo\W+Roe", "jo roe, JO-ROE and Jo Roes, éJo Roe", re.IGNORECASE),
    ],
)
def test_word_matches_find_what_a_bounded_regex_finds(pattern, text, flags):
    expected = [m.span() for m in re.finditer(rf"\b{pattern}\b", text, flags)]
    assert [m.span() for m in _word_matches(pattern, text, flags)] == expected


@pytest.mark.parametrize(
    "text", ["said on Tuesday, O'Neil's aide", "the U.S. `quote`", "İstanbul’s mayor", "straße"]
)
def test_norms_are_the_norms_of_the_tokens(text):
    assert _norms(text) == [t.norm for t in _tokens(text)]


def test_a_known_persons_surname_after_another_given_name_is_someone_else() -> None:
    assert source_type("Bob Woodward") == "news_outlet"
    assert source_type("Mr. Woodward") == "news_outlet"
    assert source_type("Alan Woodward") != "news_outlet"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("The U.N. refugee agency, UNHCR", "international_org"),
        ("The Independent Electoral and Boundaries Commission", "government"),
        ("The Independent", "news_outlet"),
        ("The junta", "government"),
    ],
)
def test_the_body_named_is_typed_not_a_word_inside_its_name(mention: str, expected: str) -> None:
    assert source_type(mention) == expected


def test_a_former_prosecutor_comments_as_an_expert() -> None:
    context = "Carl Brennan, a former federal prosecutor who now teaches law, said juries doubt it."
    assert source_type("Carl Brennan", context) == "expert"


@pytest.mark.parametrize("mention", ["Dana Whitlow, a glaciologist at the centre", "hydrologists"])
def test_a_scientist_named_by_any_science_is_an_expert(mention: str) -> None:
    assert source_type(mention) == "expert"


@pytest.mark.parametrize(
    "mention",
    ["Athens-based Korvo Coastal Shipping", "His Lisbon-based manager, Rui Tavares", "Chad Olsen"],
)
def test_a_country_word_that_places_or_names_something_is_not_the_state(mention: str) -> None:
    assert source_type(mention) != "government"


@pytest.mark.parametrize(
    "mention", ["the Russian Foreign Ministry", "Ukraine President Petro Marchuk", "Kigali"]
)
def test_a_country_word_before_an_office_or_alone_is_the_state(mention: str) -> None:
    assert source_type(mention) == "government"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [("Wrexham county council", "government"), ("the works council", "organization")],
)
def test_a_council_of_local_government_is_the_state(mention: str, expected: str) -> None:
    assert source_type(mention) == expected


def test_an_aside_on_what_the_source_was_doing_does_not_type_it() -> None:
    mention = "Tanui, speaking at a press conference alongside party officials"
    assert source_type(mention) != "news_outlet"
    assert source_type("Two officials, speaking on condition of anonymity") == "anonymous"


def test_a_verb_in_a_relative_clause_is_no_social_media_handle() -> None:
    assert source_type("The AIU, which handles doping cases in track and field") != "social_media"


def test_a_named_agency_close_to_someone_is_not_an_anonymous_source() -> None:
    mention = "The Tasnim news agency, which is close to the Revolutionary Guards"
    assert source_type(mention) != "anonymous"
    assert source_type("a source close to the president") == "anonymous"
    assert source_type("an official, who asked not to be named") == "anonymous"


@pytest.mark.parametrize("mention", ["Athletics Kenya", "Cricket Australia"])
def test_a_country_that_ends_a_bodys_name_is_not_the_state(mention: str) -> None:
    assert source_type(mention) != "government"


def test_a_title_with_a_country_before_a_name_is_still_the_states() -> None:
    assert source_type("Assistant U.S. Attorney Melissa Crane") == "government"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Sweetener maker Candora Foods", "organization"),
        ("the vessel's operator", "organization"),
        ("policy makers at the central bank", "government"),
    ],
)
def test_a_maker_is_a_business_and_a_policy_maker_an_official(mention: str, expected: str) -> None:
    assert source_type(mention) == expected


def test_an_apposition_after_a_staff_titles_named_owner_types_the_owner() -> None:
    assert source_type("A spokesperson for Vesta Maritime, a Greece-based company") == (
        "organization"
    )
    assert source_type("A spokesman for the ministry, Ivan Dorn") == "government"


@pytest.mark.parametrize(
    "mention", ["an internal presentation seen by Reuters", "a memo obtained by the AP"]
)
def test_a_document_an_outlet_saw_is_not_the_outlets(mention: str) -> None:
    assert source_type(mention) == "organization"


@pytest.mark.parametrize(
    "mention",
    ["the government-owned daily Al-Amal", "a state-controlled national broadcaster"],
)
def test_a_press_noun_after_a_state_ownership_word_is_state_media(mention):
    assert source_type(mention) == "state_media"


def test_a_pro_government_daily_is_still_a_news_outlet():
    assert source_type("the pro-government daily Sabah") == "news_outlet"


@pytest.mark.parametrize(
    "mention",
    [
        "the party's top figures",
        "a Labour Party spokesman",
        "Ana Ruiz, a deputy from the Workers' Party",
    ],
)
def test_a_partys_people_are_politicians(mention):
    assert source_type(mention) == "politician"


@pytest.mark.parametrize("mention", ["the party", "the Republican Party of Wyoming"])
def test_a_party_as_a_body_is_an_organization(mention):
    assert source_type(mention) == "organization"


@pytest.mark.parametrize(
    "mention", ["A widely shared post on Facebook", "a livestream on Twitch", "a Telegram group"]
)
def test_what_is_published_on_a_platform_is_social_media(mention):
    assert source_type(mention) == "social_media"


def test_a_union_federation_named_congress_is_an_organization():
    assert source_type("The Nigeria Labour Congress") == "organization"


def test_an_unnamed_official_of_a_named_body_speaking_anonymously_is_anonymous():
    context = (
        "The package would be delayed, a senior EU diplomat, briefing reporters on "
        "condition that he not be named, said."
    )
    assert source_type("a senior EU diplomat", context) == "anonymous"


def test_a_place_after_outside_does_not_type_a_voter():
    context = "Chinedu Okafor, a voter outside a polling station in Lagos, said they came late."
    assert source_type("Chinedu Okafor", context) == "witness"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("The Inter-American Commission on Human Rights", "international_org"),
        ("Oxford Economics", "expert"),
        ("a passenger on the train, Tom Bradley", "witness"),
    ],
)
def test_regional_bodies_consultancies_and_passengers(mention, expected):
    assert source_type(mention) == expected


@pytest.mark.parametrize("mention", ["The Labour Party", "the Bharatiya Janata Party"])
def test_a_partys_own_name_is_not_its_people(mention):
    assert source_type(mention) == "organization"


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("figures published by the provincial electoral tribunal", "government"),
        ("the election commission", "government"),
        ("an international arbitral tribunal", "international_org"),
    ],
)
def test_tribunals_and_election_bodies(mention, expected):
    assert source_type(mention) == expected


def test_an_owners_media_wing_is_the_owner_not_a_news_outlet():
    assert source_type("the military's media wing") == "government"
    assert source_type("the Hamas media office") == "separatist_or_militant"


def test_an_airport_is_an_organization_not_its_city():
    assert source_type("Brussels Airport") == "organization"
