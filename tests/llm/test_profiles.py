"""Model profiles: the shipped defaults, prices from litellm's local cost map, validation errors."""

from __future__ import annotations

import pytest

from rlm_bot.config import load_settings
from rlm_bot.errors import ConfigError
from rlm_bot.llm import LLMClient, ModelsFileError, UnknownModelError, load_profiles
from rlm_bot.llm.profiles import DEFAULT_MODELS_FILE

REQUIRED_ALIASES = {"haiku", "sonnet", "opus", "gpt-mini", "gpt"}
RETIRED = ("davinci", "curie", "babbage", "ada", "gpt-3.5", "claude-2", "claude-instant", "text-bison")


def _write(tmp_path, text: str):
    path = tmp_path / "models.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_profiles_cover_the_aliases_with_current_priced_models():
    import litellm

    profiles = load_profiles()
    assert REQUIRED_ALIASES <= set(profiles) and len(profiles) >= 7
    for profile in profiles.values():
        assert not any(old in profile.model for old in RETIRED), profile.model
        entry = litellm.model_cost[profile.model]
        assert entry.get("mode") == "chat" and not entry.get("deprecation_date")
        assert profile.input_cost_per_1k == pytest.approx(entry["input_cost_per_token"] * 1000)
        assert profile.output_cost_per_1k == pytest.approx(entry["output_cost_per_token"] * 1000)
        assert profile.context_window == entry["max_input_tokens"] and profile.price_source == "litellm"
        assert 0 <= profile.quality <= 1 and profile.strengths
        assert profile.fallback in profiles
    assert profiles["opus"].quality > profiles["sonnet"].quality > profiles["haiku"].quality
    assert profiles["haiku"].cost(1000, 1000) < profiles["opus"].cost(1000, 1000)


def test_profiles_fallback_chain_stops_at_a_cycle():
    profiles = load_profiles()
    chain = [p.alias for p in profiles.fallback_chain("haiku")]
    assert chain[0] == "haiku" and len(chain) == len(set(chain))


def test_models_file_from_settings_replaces_the_defaults(tmp_path, monkeypatch, fake_llm):
    path = _write(tmp_path, '[models.local]\nmodel = "my-llama"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n'
                            'context_window = 8192\nendpoint_model = "llama3.1:8b"\nstrengths = ["Chat"]\n')
    monkeypatch.setenv("RLM_MODELS_FILE", str(path))
    client = LLMClient(load_settings().llm)
    try:
        assert set(client.profiles) == {"local"}
        reply = client.complete("local", "hi")
        assert reply.cost == 0 and fake_llm.calls[0].model == "llama3.1:8b"
        assert client.profiles["local"].strengths == ("chat",)
    finally:
        client.close()


def test_models_file_can_extend_the_defaults_and_override_prices(tmp_path):
    import litellm

    path = _write(tmp_path, 'include_defaults = true\n'
                            '[models.haiku]\nmodel = "claude-haiku-4-5"\ninput_cost_per_1k = 0.5\n'
                            '[models.vllm]\nmodel = "hosted_vllm/qwen3-8b-local"\ninput_cost_per_1k = 0.0001\n'
                            'output_cost_per_1k = 0.0002\ncontext_window = 32768\nrpm = 120\nfallback = "haiku"\n')
    profiles = load_profiles(path)
    assert REQUIRED_ALIASES <= set(profiles)
    haiku = profiles["haiku"]
    assert haiku.input_cost_per_1k == 0.5 and haiku.output_cost_per_1k == pytest.approx(0.005)
    assert haiku.price_source == "file"
    assert profiles["vllm"].rpm == 120
    # unknown models are registered with litellm (when it is used) so its own cost lookups work too
    profiles.register_with_litellm()
    assert litellm.model_cost["hosted_vllm/qwen3-8b-local"]["input_cost_per_token"] == pytest.approx(1e-7)
    # with an endpoint, each alias is also registered under the name litellm is called with
    profiles.register_with_litellm("openai")
    assert litellm.model_cost["openai/hosted_vllm/qwen3-8b-local"]["max_input_tokens"] == 32768
    assert litellm.model_cost["openai/claude-haiku-4-5"]["input_cost_per_token"] == pytest.approx(5e-4)


@pytest.mark.parametrize("text, fragment", [
    ('[models.x]\nmodel = "claude-haiku-4-5"\nqualty = 0.5\n', "unknown field(s) 'qualty'"),
    ('[models.x]\nmodel = "my-private-model"\ncontext_window = 4096\n', "no price"),
    ('[models.x]\nmodel = "my-private-model"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n', "context_window"),
    ('[models.x]\nstrengths = []\n', "needs model"),
    ('[models.x]\nmodel = "claude-haiku-4-5"\nfallback = "nowhere"\n', "'nowhere', which has no profile"),
    ('[models.x]\nmodel = "claude-haiku-4-5"\nfallback = "x"\n', "falls back to itself"),
    ('[models.x]\nmodel = "claude-haiku-4-5"\nquality = 1.5\n', "quality must be"),
    ('[models.x]\nmodel = "claude-haiku-4-5"\ninput_cost_per_1k = -1\n', "non-negative"),
    ('[models.x]\nmodel = "claude-haiku-4-5"\nrpm = 0\n', "rpm must be a positive integer"),
    ('[models.x]\nmodel = "claude-haiku-4-5"\nstrengths = "code"\n', "strengths must be a list"),
    ('[models.X]\nmodel = "claude-haiku-4-5"\n', "aliases are lowercase"),
    ('[model.x]\nmodel = "claude-haiku-4-5"\n', "unknown top-level key(s) 'model'"),
    ('models = {}\n', "defines no profiles"),
    ('[models.x\nmodel = 1', "not valid TOML"),
])
def test_models_file_errors_are_one_clear_line(tmp_path, text, fragment):
    with pytest.raises(ModelsFileError) as info:
        load_profiles(_write(tmp_path, text))
    message = str(info.value)
    assert fragment in message and "\n" not in message
    assert isinstance(info.value, ConfigError)


def test_models_file_missing_names_the_variable(tmp_path):
    with pytest.raises(ModelsFileError, match="RLM_MODELS_FILE names .* which does not exist"):
        load_profiles(tmp_path / "absent.toml")


def test_check_aliases_reports_names_without_profiles():
    profiles = load_profiles()
    profiles.check_aliases(["haiku", "sonnet"], source="RLM_CASCADE_ORDER")
    with pytest.raises(ModelsFileError, match="RLM_CASCADE_ORDER names 'gpt-4', 'claude'"):
        profiles.check_aliases(["haiku", "gpt-4", "claude"], source="RLM_CASCADE_ORDER")
    with pytest.raises(UnknownModelError, match="unknown model alias 'nope'"):
        profiles.resolve("nope")


def test_bad_transport_setting_is_a_config_error(monkeypatch):
    for bad in ("carrier-pigeon", "aiohttp"):
        monkeypatch.setenv("RLM_LLM_TRANSPORT", bad)
        with pytest.raises(ConfigError, match="RLM_LLM_TRANSPORT"):
            LLMClient(load_settings().llm)
    monkeypatch.setenv("RLM_LLM_TRANSPORT", "auto")
    assert LLMClient(load_settings().llm).transport_name() == "litellm"  # no endpoint: provider models
    monkeypatch.setenv("RLM_LLM_TRANSPORT", "http")
    with pytest.raises(ConfigError, match="RLM_LLM_API_BASE"):
        LLMClient(load_settings().llm)
    monkeypatch.setenv("RLM_LLM_TRANSPORT", "litellm")
    monkeypatch.setenv("RLM_LLM_ENDPOINT_PROVIDER", "Open AI!")
    with pytest.raises(ConfigError, match="RLM_LLM_ENDPOINT_PROVIDER"):
        LLMClient(load_settings().llm)


def test_default_models_file_ships_inside_the_package():
    assert DEFAULT_MODELS_FILE.parent.name == "llm" and DEFAULT_MODELS_FILE.is_file()


def test_profiles_cost_entry_read_alone_equals_the_whole_maps():
    import importlib.util
    import json
    from pathlib import Path

    from rlm_bot.llm.profiles import entry_in_text

    spec = importlib.util.find_spec("litellm")
    path = Path(list(spec.submodule_search_locations)[0]) / "model_prices_and_context_window_backup.json"
    text = path.read_text(encoding="utf-8")
    full = json.loads(text)
    keys = sorted(full)[::7] + [p.model for p in load_profiles().values()]
    checked = 0
    for key in keys:
        if isinstance(full[key], dict):
            assert entry_in_text(text, key) == (True, full[key]), key
            checked += 1
    assert checked > 500
    assert entry_in_text(text, "no-such-model-anywhere") == (False, None)
    assert entry_in_text(json.dumps(full, indent=2), keys[0]) == (False, None)  # another layout
    nested = '{\n    "b": {\n        "y": 2\n    },\n    "a": {\n        "b": {\n            "x": 1\n        }\n    }\n}'
    assert entry_in_text(nested, "b") == (True, {"y": 2})  # the top-level "b", not a's nested one
    repeated = '{\n    "m": {"v": 1},\n    "m": {"v": 2}\n}'
    assert entry_in_text(repeated, "m") == (True, json.loads(repeated)["m"])


def test_entries_in_text_finds_many_keys_in_one_pass_as_entry_in_text_does_one():
    import json

    from rlm_bot.llm.profiles import entries_in_text, entry_in_text

    full = {"a/b": {"x": 1}, "m": {"y": 2, "nested": {"k": 3}}, "k": {"z": 4}, 'q"uote': {"w": 5}}
    text = json.dumps(full, indent=4)
    keys = [*full, "nested", "absent"]
    assert entries_in_text(text, keys) == {k: v for k in keys if (v := entry_in_text(text, k)[1]) is not None}
    repeated = '{\n    "m": {"v": 1},\n    "m": {"v": 2}\n}'
    assert entries_in_text(repeated, ["m"]) == {"m": {"v": 2}}  # the last one, as json.loads keeps
    assert entries_in_text(json.dumps(full, indent=2), ["m"]) == {}  # another layout: not read
