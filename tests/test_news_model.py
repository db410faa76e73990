"""Monotonicity of the shipped ``news`` model: hedges, disclaimers and supporting sources."""

from __future__ import annotations

import pytest

import reliability
from reliability._loading import load_model
from reliability._train import NEWS_MONOTONE


@pytest.fixture(scope="module")
def model():
    return load_model("news")


def credibility_of(text: str, needle: str) -> float:
    """Credibility of the statement of ``text`` whose text contains ``needle``."""
    found = [s for s in reliability.analyze(text).statements if needle in s.statement.text]
    assert found, f"no statement with {needle!r}"
    return found[0].credibility


def test_every_constrained_effect_has_its_required_sign(model):
    effects = {**model.coef_, **model.priors_}
    for feature, sign in NEWS_MONOTONE.items():
        if feature in effects:
            assert effects[feature] * sign >= 0, feature


def test_no_feature_is_both_learned_and_a_prior(model):
    assert not set(model.learned_) & set(model.priors_)


@pytest.mark.parametrize(
    ("plain", "hedged", "needle"),
    [
        (
            "The ministry said the bridge was destroyed.",
            "The ministry said the bridge was reportedly destroyed.",
            "bridge",
        ),
        (
            "The bridge was destroyed on Monday.",
            "The bridge was probably destroyed on Monday.",
            "bridge",
        ),
        ("Rebels said they shot down a jet.", "Rebels said they may have shot down a jet.", "jet"),
    ],
)
def test_adding_a_hedge_never_raises_credibility(plain, hedged, needle):
    assert credibility_of(hedged, needle) <= credibility_of(plain, needle)


def test_adding_a_covering_disclaimer_never_raises_credibility():
    claim = "The rebel group said on Telegram that it shot down two jets."
    disclaimer = " The Herald could not independently verify the group's claims."
    assert credibility_of(claim + disclaimer, "jets") <= credibility_of(claim, "jets")


def test_one_more_independent_supporting_source_never_lowers_credibility():
    claim = "The ministry said the dam near the town was destroyed on Monday."
    support = " A local official also said the dam near the town was destroyed on Monday."
    assert credibility_of(claim + support, "ministry") >= credibility_of(claim, "ministry")
