"""Errors raised by source-reliability.

ReliabilityError
 ├── ModelNotFoundError  (also LookupError)        a model name or file that does not exist
 ├── ManifestError                                a model file failing its sha256 check
 ├── DataNotFoundError   (also FileNotFoundError)  a training or evaluation data file missing
 ├── SchemaError         (also ValueError)         a bad record, column or input row
 └── ExtractionError     (also ValueError)         text that cannot be analysed

Each error carries an ``exit_code`` used by the CLI: 1 for bad input, 2 for a
missing or untrusted model or data file.
"""

from __future__ import annotations

__all__ = [
    "DataNotFoundError",
    "ExtractionError",
    "ManifestError",
    "ModelNotFoundError",
    "ReliabilityError",
    "SchemaError",
]


class ReliabilityError(Exception):
    """Base class of every error this library raises on purpose."""

    exit_code = 1


class ModelNotFoundError(ReliabilityError, LookupError):
    """A model name or file that does not exist."""

    exit_code = 2

    def __init__(self, message: str, *, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


class ManifestError(ReliabilityError):
    """A model file whose sha256 is not the one the manifest records, or a bad manifest."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        expected: str | None = None,
        actual: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.expected = expected
        self.actual = actual


class SchemaError(ReliabilityError, ValueError):
    """A record, column or input row that does not have the expected shape."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ExtractionError(ReliabilityError, ValueError):
    """Text that cannot be analysed, such as a non-string or binary input."""


class DataNotFoundError(ReliabilityError, FileNotFoundError):
    """A training or evaluation data file that does not exist."""

    exit_code = 2
