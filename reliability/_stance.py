"""``stance(claims, texts)``: does each text agree with, deny, discuss or ignore its claim.

The shipped model ``trained/stance.joblib`` (a ``features.StanceClassifier``
trained on FNC-1) is read on first use through ``load_model("stance")``, which
checks its sha256 against the manifest and caches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from features._stance import STANCES, StanceClassifier
from reliability._exceptions import ManifestError
from reliability._loading import load_model

__all__ = ["STANCES", "load_stance_model", "stance"]

MODEL_NAME = "stance"
#: Pairs classified per call of the model: bounds the memory of one batch.
BATCH_SIZE = 2048


def load_stance_model(
    *, directory: str | Path | None = None, trust: bool = False
) -> StanceClassifier:
    """Load the shipped stance model through ``load_model``, which checks its sha256.

    Parameters
    ----------
    directory : str or Path, optional
        Models folder; default ``$RELIABILITY_MODELS`` or the repository's ``trained/``.
    trust : bool, default=False
        Load even when the file's sha256 differs from the manifest (only for your own files).

    Returns
    -------
    StanceClassifier
        The fitted model, cached by ``load_model``.

    Raises
    ------
    ModelNotFoundError
        When the manifest does not list ``stance`` or its file is missing.
    ManifestError
        When the sha256 does not match, or the file holds another kind of estimator.
    """
    model = load_model(MODEL_NAME, directory=directory, trust=trust)
    if not isinstance(model, StanceClassifier):
        msg = f"model {MODEL_NAME!r}: expected a StanceClassifier (got {type(model).__name__})"
        raise ManifestError(msg)
    return model


def stance(
    claims: str | Sequence[str],
    texts: Sequence[str],
    *,
    model: StanceClassifier | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[str]:
    """Return the stance of each text towards its claim, pairwise.

    Parameters
    ----------
    claims : str or sequence of str
        One claim per text, or one claim for all texts.
    texts : sequence of str
        Headlines, sentences or article bodies.
    model : StanceClassifier, optional
        A fitted model; default the shipped ``stance`` model.
    batch_size : int, default=2048
        Pairs classified at a time.

    Returns
    -------
    list of str
        One of ``agree``, ``disagree``, ``discuss``, ``unrelated`` per text.

    Raises
    ------
    TypeError
        When ``texts`` is a single str.
    ValueError
        When ``claims`` and ``texts`` differ in length.

    Examples
    --------
    >>> import reliability
    >>> reliability.stance(  # doctest: +SKIP
    ...     ["A dam collapsed near Kherson"],
    ...     ["Officials denied reports that the dam collapsed, calling them a hoax."],
    ... )
    ['disagree']
    """
    if isinstance(texts, (str, bytes)):
        msg = "stance expects a sequence of texts (got a single str; wrap it in a list)"
        raise TypeError(msg)
    texts = list(texts)
    claims = [claims] * len(texts) if isinstance(claims, str) else list(claims)
    if len(claims) != len(texts):
        msg = f"stance expects as many claims as texts (got {len(claims)} and {len(texts)})"
        raise ValueError(msg)
    if not isinstance(batch_size, int) or batch_size < 1:
        msg = f"'batch_size' must be a positive int (got {batch_size!r})"
        raise ValueError(msg)
    if not texts:
        return []
    classifier = model if model is not None else load_stance_model()
    out: list[str] = []
    for start in range(0, len(texts), batch_size):
        stop = start + batch_size
        pairs = list(zip(claims[start:stop], texts[start:stop], strict=True))
        out.extend(str(label) for label in classifier.predict(pairs))
    return out
