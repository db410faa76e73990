"""Feature extractors over statements: source type, hedging, corroboration.

Each extractor is a scikit-learn transformer whose input is a sequence of
``reliability`` ``Statement`` records and whose output columns are named by
``get_feature_names_out``; ``statement_features`` joins the three.
"""

# reliability's records must be importable before the extractors that use them.
import reliability._records  # noqa: F401  isort: skip

from sklearn.pipeline import FeatureUnion

from features._corroboration import CorroborationFeatures
from features._hedging import HedgingFeatures, find_hedges, is_uncertain
from features._source_type import SourceTypeFeatures, source_type
from features._stance import StanceClassifier, StanceFeatures

__all__ = [
    "CorroborationFeatures",
    "HedgingFeatures",
    "SourceTypeFeatures",
    "StanceClassifier",
    "StanceFeatures",
    "find_hedges",
    "is_uncertain",
    "source_type",
    "statement_features",
]


def statement_features() -> FeatureUnion:
    """Return the union of the three extractors, with their column names kept unprefixed."""
    return FeatureUnion(
        [
            ("source_type", SourceTypeFeatures()),
            ("hedging", HedgingFeatures()),
            ("corroboration", CorroborationFeatures()),
        ],
        verbose_feature_names_out=False,
    )
