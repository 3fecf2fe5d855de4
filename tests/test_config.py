"""Settings: parsing, validation with one-line errors, secrets never shown."""

from __future__ import annotations

import pytest

from rlm_bot.config import Secret, load_settings, mask_url
from rlm_bot.errors import ConfigError


def test_config_defaults_are_embedded(tmp_path):
    settings = load_settings({"RLM_DATA_DIR": str(tmp_path)})
    assert settings.sql_url == f"sqlite:///{(tmp_path / 'rlm.db').resolve()}"
    assert settings.chroma_dir == tmp_path / "chroma"
    assert settings.routing.cascade_order == ("haiku", "sonnet", "opus")


@pytest.mark.parametrize(
    ("var", "value", "fragment"),
    [
        ("RLM_COST_SENSITIVITY", "1.5", "RLM_COST_SENSITIVITY"),
        ("RLM_SCHEME_MAX_STEPS", "-3", "RLM_SCHEME_MAX_STEPS"),
        ("RLM_SANDBOX_TIMEOUT", "soon", "RLM_SANDBOX_TIMEOUT"),
        ("RLM_DATABASE_URL", "mysql://x@y/z", "RLM_DATABASE_URL"),
        ("RLM_REPORT_CRON", "every monday", "RLM_REPORT_CRON"),
        ("RLM_LLM_API_BASE", "localhost", "RLM_LLM_API_BASE"),
        ("RLM_LOG_LEVEL", "loud", "RLM_LOG_LEVEL"),
        ("RLM_ROUTE_PRIOR", "/nowhere/prior.npz", "RLM_ROUTE_PRIOR"),
    ],
)
def test_config_bad_value_names_the_variable(var, value, fragment):
    with pytest.raises(ConfigError) as info:
        load_settings({var: value})
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_config_route_prior_values():
    assert load_settings({}).routing.route_prior == "shipped"
    assert load_settings({"RLM_ROUTE_PRIOR": "None"}).routing.route_prior == "none"


def test_config_secrets_are_masked_everywhere():
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-canary-123", "RLM_LLM_API_KEY": "sk-canary",
                              "OPENAI_API_KEY": "sk-other"})
    text = repr(settings) + str(settings.to_dict()) + f"{settings.slack.bot_token}"
    assert "canary" not in text and "sk-other" not in text
    assert settings.slack.bot_token.reveal() == "xoxb-canary-123"
    assert settings.provider_keys == ("OPENAI_API_KEY",)
    assert not Secret("")


def test_config_toml_file_and_env_precedence(tmp_path):
    cfg = tmp_path / "rlm.toml"
    cfg.write_text('log_level = "DEBUG"\n[routing]\nsamples = 5\ncost_sensitivity = 0.2\n')
    settings = load_settings({"RLM_CONFIG": str(cfg), "RLM_COST_SENSITIVITY": "0.9"})
    assert settings.log_level == "DEBUG"
    assert settings.routing.samples == 5
    assert settings.routing.cost_sensitivity == 0.9


def test_config_toml_unknown_key_is_refused(tmp_path):
    cfg = tmp_path / "rlm.toml"
    cfg.write_text("[routing]\nsampels = 5\n")
    with pytest.raises(ConfigError, match="sampels"):
        load_settings({"RLM_CONFIG": str(cfg)})


def test_config_mask_url_hides_password():
    assert mask_url("postgresql+psycopg://bob:hunter2@db:5432/x") == "postgresql+psycopg://bob:****@db:5432/x"
    assert mask_url("sqlite:///tmp/x.db") == "sqlite:///tmp/x.db"
