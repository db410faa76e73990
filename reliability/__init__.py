"""source-reliability: how far to trust each attributed statement in a news text.

>>> import reliability
>>> a = reliability.analyze("The group claimed it shot down a jet.", doc_id="d1")
>>> [s.statement.source.text for s in a.statements]
['The group']
"""

# The records come first: the feature extractors in ``features`` import them.
from reliability._exceptions import (  # isort: skip
    ExtractionError,
    ManifestError,
    ModelNotFoundError,
    ReliabilityError,
    SchemaError,
)
from reliability._records import (  # isort: skip
    Analysis,
    Channel,
    Reason,
    ScoredStatement,
    Source,
    Span,
    Statement,
)

from features._hedging import find_hedges, is_uncertain
from features._source_type import source_type
from reliability._analyze import analyze, score_frame
from reliability._claims import ClaimsModel, score_claims
from reliability._corroboration_index import CorroborationIndex, corroborate_frame
from reliability._extract import extract_statements
from reliability._loading import load_model
from reliability._model import CredibilityModel
from reliability._outlets import DomainRatings
from reliability._stance import stance

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Channel",
    "ClaimsModel",
    "CorroborationIndex",
    "CredibilityModel",
    "DomainRatings",
    "ExtractionError",
    "ManifestError",
    "ModelNotFoundError",
    "Reason",
    "ReliabilityError",
    "SchemaError",
    "ScoredStatement",
    "Source",
    "Span",
    "Statement",
    "analyze",
    "corroborate_frame",
    "extract_statements",
    "find_hedges",
    "is_uncertain",
    "load_model",
    "score_claims",
    "score_frame",
    "source_type",
    "stance",
]
