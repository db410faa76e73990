"""Domain ratings and the outlet features of statements."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reliability._cli import main
from reliability._exceptions import DataNotFoundError, SchemaError
from reliability._outlets import (
    OUTLET_FEATURES,
    DomainRatings,
    outlet_domain_candidates,
    outlet_features,
)
from reliability._records import Channel, Source, Span, Statement

RATINGS = DomainRatings(
    {"reuters.com": 1.0, "foxnews.com": 0.53, "dailymail.co.uk": 0.38, "rt.com": 0.29}
)


def statement(source: Source | None = None, channel: Channel | None = None) -> Statement:
    text = "The bridge was closed."
    return Statement("d", 0, 0, len(text), text, Span(text, 0, len(text)), source, None, channel)


@pytest.mark.parametrize(
    ("outlet", "domain"),
    [
        ("https://www.reuters.com/world/europe/x", "reuters.com"),
        ("www.dailymail.co.uk", "dailymail.co.uk"),
        ("news.dailymail.co.uk", "dailymail.co.uk"),
        ("Fox News", "foxnews.com"),
        ("the Daily Mail", "dailymail.co.uk"),
        ("RT", "rt.com"),
        ("Unknown Gazette", None),
        ("", None),
    ],
)
def test_outlet_names_hosts_and_urls_map_to_rated_domains(outlet, domain):
    assert RATINGS.domain(outlet) == domain


def test_a_domain_rated_with_its_path_is_preferred_to_the_host():
    assert outlet_domain_candidates("https://facebook.com/news/1")[:2] == [
        "facebook.com/news",
        "facebook.com",
    ]


def test_gap_is_the_logit_distance_from_the_median_rating():
    median = RATINGS.median_
    expected = math.log(0.53 / 0.47) - math.log(median / (1 - median))
    assert RATINGS.gap("foxnews.com") == pytest.approx(expected)
    assert RATINGS.gap("nowhere.example") == 0.0
    assert RATINGS.gap("rt.com") < 0 < RATINGS.gap("Reuters")


def test_publisher_rating_goes_on_every_statement_and_cited_outlets_on_theirs():
    cited = statement(Source("Reuters", 0, 7, "news_outlet", "Reuters"))
    plain = statement()
    values = outlet_features([cited, plain], ["rt.com", "rt.com"], RATINGS)
    assert values.shape == (2, len(OUTLET_FEATURES))
    assert values[0, 0] == values[1, 0] == pytest.approx(RATINGS.gap("rt.com"))
    assert values[0, 1] == pytest.approx(RATINGS.gap("Reuters"))
    assert values[1, 1] == 0.0


def test_state_media_sources_keep_their_type_prior_instead_of_the_rating():
    tass = statement(Source("RT", 0, 2, "state_media", "RT"))
    assert outlet_features([tass], [None], RATINGS)[0, 1] == 0.0


def test_without_ratings_the_outlet_columns_are_zero():
    values = outlet_features([statement()], ["reuters.com"], None)
    np.testing.assert_array_equal(values, np.zeros((1, 2)))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("site,score\nx.com,0.5\n", r"r\.csv:1: expected a header 'domain,score'"),
        ("domain,score\nx.com,0.5,1\n", r"r\.csv:2: expected 2 comma-separated fields, got 3"),
        ("domain,score\nx.com,0.5\ny.com,high\n", r"r\.csv:3: score must be a number in \[0, 1\]"),
        ("domain,score\nx.com,1.5\n", r"r\.csv:2: score must be a number in \[0, 1\]"),
        ("domain,score\nx.com,0.5\nX.com,0.4\n", r"r\.csv:3: domain 'x\.com' is listed twice"),
        ("domain,score\n,0.5\n", r"r\.csv:2: empty domain"),
        ("domain,score\n", r"r\.csv: no ratings after the header"),
    ],
)
def test_malformed_ratings_file_names_file_and_line(tmp_path, text, match):
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=match):
        DomainRatings.from_csv(path)


def test_missing_ratings_file_is_data_not_found(tmp_path):
    with pytest.raises(DataNotFoundError, match="no such domain-ratings file"):
        DomainRatings.from_csv(tmp_path / "nope.csv")


def test_ratings_file_is_read_with_its_header(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("domain,pc1\nReuters.com,1\nrt.com,0.29\n\n", encoding="utf-8")
    ratings = DomainRatings.from_csv(path)
    assert ratings.scores == {"reuters.com": 1.0, "rt.com": 0.29}


def test_cli_score_reports_a_bad_ratings_file_in_one_line(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("The bridge was closed on Monday.", encoding="utf-8")
    ratings = tmp_path / "r.csv"
    ratings.write_text("domain,score\nx.com,lots\n", encoding="utf-8")
    code = main(["score", str(article), "--domain-ratings", str(ratings), "--format", "json"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.count("\n") == 0
    assert f"{ratings}:2: score must be a number" in err
