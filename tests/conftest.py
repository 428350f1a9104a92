"""Shared fixtures: the sample pages and one build of them per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
#: Development checks against the annotated dev pages of ../shared (not part of
#: the repository): they skip, saying why, in a clone with nothing beside it.
needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir(),
                                  reason="dev-gold check: needs ../shared/gold beside the clone")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """``kg build data`` once for the whole session; tests read, never write."""
    from kg.pipeline import build_corpus

    out = tmp_path_factory.mktemp("built")
    build_corpus([DATA], out)
    return out


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def blank():
    """A bare Chinese spaCy pipeline, for testing one component alone."""
    import spacy

    return spacy.blank("zh")
