"""Shared fixtures: a hypothesis profile, a clean environment, the data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f48a50816c6044df.txt"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a user's model directory override out of the tests."""
    monkeypatch.delenv("RELIABILITY_MODELS", raising=False)


@pytest.fixture
def data_dir() -> Path:
    """The shared data sets, or a skip when RELIABILITY_DATA is unset."""
    value = os.environ.get("RELIABILITY_DATA")
    if not value:
        pytest.skip("RELIABILITY_DATA is not set")
    path = Path(value)
    if not path.is_dir():
        pytest.skip(f"RELIABILITY_DATA={value} is not a directory")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article, byte for byte."""
    return SEED.read_text(encoding="utf-8")
