"""Every feature extractor honours the scikit-learn transformer contract (STYLE.md §1)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from features import CorroborationFeatures, HedgingFeatures, SourceTypeFeatures
from reliability import extract_statements

EXTRACTORS = [SourceTypeFeatures(), HedgingFeatures(), CorroborationFeatures()]
TEXT = (
    "According to the Telegram channel of the rebels, the bridge allegedly fell. "
    '"The bridge stands," the ministry said. The ministry denied the bridge fell. '
    "The town has 3,000 residents."
)


@pytest.fixture(scope="module")
def statements() -> list:
    return extract_statements(TEXT, "contract")


@parametrize_with_checks(EXTRACTORS)
def test_sklearn_estimator_checks(estimator, check) -> None:
    check(estimator)


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_clone_keeps_params(extractor) -> None:
    assert clone(extractor).get_params() == extractor.get_params()


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_fit_returns_self(extractor, statements) -> None:
    fresh = clone(extractor)
    assert fresh.fit(statements) is fresh


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_transform_before_fit_raises_not_fitted(extractor, statements) -> None:
    with pytest.raises(NotFittedError, match=type(extractor).__name__):
        clone(extractor).transform(statements)


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_one_name_per_output_column(extractor, statements) -> None:
    out = clone(extractor).fit_transform(statements)
    names = clone(extractor).fit(statements).get_feature_names_out()
    assert out.shape == (len(statements), len(names))
    assert names.dtype == object


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_pandas_output_has_the_feature_names(extractor, statements) -> None:
    fitted = clone(extractor).set_output(transform="pandas").fit(statements)
    frame = fitted.transform(statements)
    assert list(frame.columns) == list(fitted.get_feature_names_out())


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_output_survives_pickle_round_trip(extractor, statements) -> None:
    fitted = clone(extractor).fit(statements)
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.transform(statements), fitted.transform(statements))


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: type(e).__name__)
def test_bare_string_is_rejected(extractor) -> None:
    with pytest.raises(TypeError, match="expects a sequence of Statement"):
        clone(extractor).fit("a sentence")
