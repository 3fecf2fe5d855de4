"""Shared fixtures: hermetic environment, databases (SQLite always, PostgreSQL when configured).

The fake servers (OpenAI-compatible provider, Slack Web API) are fixtures of tests/fakes/fixtures.py,
loaded below. Per-area fixtures belong in that area's own conftest.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

pytest_plugins = ["tests.fakes.fixtures"]

# Variables that could let a test reach a real provider, a real workspace or real data.
_SCRUB = (
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "MISTRAL_API_KEY", "GROQ_API_KEY",
    "TOGETHERAI_API_KEY", "OPENROUTER_API_KEY", "AZURE_API_KEY", "COHERE_API_KEY", "DEEPSEEK_API_KEY",
    "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
    "RLM_DATABASE_URL", "RLM_CHROMA_URL", "RLM_LLM_API_BASE", "RLM_LLM_API_KEY", "RLM_CONFIG",
    "RLM_MODELS_FILE", "RLM_REPORT_CHANNEL", "RLM_REPO_PATH",
)


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path, monkeypatch) -> Iterator[None]:
    """Point RLM_DATA_DIR at a tmp dir and remove every key that could reach a real service."""
    for name in _SCRUB:
        monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path / "rlm-data"
    data_dir.mkdir()
    monkeypatch.setenv("RLM_DATA_DIR", str(data_dir))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # litellm in-process unless a test is about worker processes (tests/llm/test_workers.py sets
    # RLM_LLM_WORKERS itself): two processes importing litellm per test client would dominate the run
    monkeypatch.setenv("RLM_LLM_WORKERS", "0")
    yield


def _postgres_url() -> str | None:
    return os.environ.get("RLM_TEST_DATABASE_URL") or None


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, and a private PostgreSQL schema when
    RLM_TEST_DATABASE_URL is set (the PostgreSQL case is skipped otherwise)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = _postgres_url()
    if not base:
        pytest.skip("RLM_TEST_DATABASE_URL is not set")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(database_url):
    """A freshly migrated store on every backend of `database_url` (SQLite, and PostgreSQL when
    RLM_TEST_DATABASE_URL is set)."""
    from rlm_bot.storage import Database

    database = Database(database_url)
    database.upgrade()
    try:
        yield database
    finally:
        database.dispose()
