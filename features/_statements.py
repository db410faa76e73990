"""Input checks shared by the feature extractors, whose X is a sequence of statements."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reliability._records import Statement

__all__ = ["TextInputMixin", "check_statements"]


def check_statements(X: object, estimator: str) -> Sequence[Statement]:
    """Return ``X`` as a sequence of ``Statement``; reject strings and other element types."""
    if isinstance(X, (str, bytes, Statement)):
        msg = (
            f"{estimator} expects a sequence of Statement objects "
            f"(got a single {type(X).__name__}; wrap it in a list)"
        )
        raise TypeError(msg)
    if isinstance(X, pd.DataFrame):
        msg = f"{estimator} expects a sequence of Statement objects (got a DataFrame)"
        raise TypeError(msg)
    if isinstance(X, (pd.Series, np.ndarray)):
        X = list(np.asarray(X, dtype=object).ravel())
    if not isinstance(X, Sequence):
        X = list(X)  # type: ignore[call-overload]
    for index, item in enumerate(X):
        if not isinstance(item, Statement):
            msg = (
                f"{estimator} expects a sequence of Statement objects "
                f"(got {type(item).__name__} at position {index})"
            )
            raise TypeError(msg)
    return X


class TextInputMixin:
    """Declare text (not a 2-D array) as input to scikit-learn, as ``CountVectorizer`` does.

    Put it first among the bases: ``class X(TextInputMixin, TransformerMixin, BaseEstimator)``.
    """

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]  # sklearn's Tags is private
        tags = super().__sklearn_tags__()  # type: ignore[misc]
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
