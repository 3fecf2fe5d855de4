"""Model profiles: aliases → litellm model id, strengths, prices, quality, context, fallback.

Profiles come from a TOML models file: the one shipped in the package (`models.toml`), or the one
named by `RLM_MODELS_FILE` (`settings.llm.models_file`). Prices default to litellm's bundled cost
map (read locally: `rlm_bot.config` sets LITELLM_LOCAL_MODEL_COST_MAP before litellm loads).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import rlm_bot.config  # noqa: F401  - must run before litellm is imported anywhere
from rlm_bot.llm.errors import ModelsFileError, UnknownModelError

DEFAULT_MODELS_FILE = Path(__file__).with_name("models.toml")
DEFAULT_MAX_OUTPUT_TOKENS = 4096
_ALIAS = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class ModelProfile:
    """One model alias and what we know about it."""

    alias: str
    model: str
    strengths: tuple[str, ...]
    input_cost_per_1k: float
    output_cost_per_1k: float
    quality: float
    context_window: int
    max_output_tokens: int
    fallback: str | None = None
    rpm: int | None = None
    endpoint_model: str | None = None
    price_source: str = "litellm"  # "litellm" (cost map) or "file" (explicit override)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """Dollars for a call with these token counts."""
        return (prompt_tokens * self.input_cost_per_1k + completion_tokens * self.output_cost_per_1k) / 1000.0

    @property
    def wire_model(self) -> str:
        """The model name sent to an OpenAI-compatible endpoint (RLM_LLM_API_BASE)."""
        return self.endpoint_model or self.model

    def to_dict(self) -> dict[str, Any]:
        """The profile as plain data (for `--json` output and planners)."""
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v) for f in fields(self)}


# fields a profile table may hold, and the ones it must
_KNOWN = {
    "model", "strengths", "quality", "fallback", "input_cost_per_1k", "output_cost_per_1k",
    "context_window", "max_output_tokens", "rpm", "endpoint_model",
}
_TOP_LEVEL = {"models", "include_defaults"}


class Profiles(Mapping[str, ModelProfile]):
    """The loaded profiles, by alias; also resolves a profile by its litellm model id."""

    def __init__(self, profiles: Iterable[ModelProfile], source: str = "") -> None:
        self._by_alias = {p.alias: p for p in profiles}
        self.source = source

    def __getitem__(self, alias: str) -> ModelProfile:
        return self._by_alias[alias]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_alias)

    def __len__(self) -> int:
        return len(self._by_alias)

    def resolve(self, name: str) -> ModelProfile:
        """The profile for an alias (or a profile's model id); UnknownModelError otherwise."""
        key = (name or "").strip()
        if key in self._by_alias:
            return self._by_alias[key]
        for profile in self._by_alias.values():
            if key in {profile.model, profile.endpoint_model}:
                return profile
        known = ", ".join(sorted(self._by_alias)) or "none"
        raise UnknownModelError(
            f"unknown model alias {key!r}; known aliases: {known} (add a profile to the models file "
            f"{self.source or 'RLM_MODELS_FILE'})",
            alias=key,
        )

    def fallback_chain(self, alias: str) -> list[ModelProfile]:
        """The alias's profile followed by its fallbacks, each at most once."""
        chain: list[ModelProfile] = []
        seen: set[str] = set()
        current: str | None = self.resolve(alias).alias
        while current and current not in seen:
            seen.add(current)
            chain.append(self._by_alias[current])
            current = self._by_alias[current].fallback
        return chain

    def register_with_litellm(self, endpoint_provider: str | None = None) -> None:
        """Tell litellm the prices of profile models its cost map lacks (local servers, proxies),
        and, with an endpoint provider, each alias's `<provider>/<endpoint model>` name at the
        profile's prices (so litellm's per-call cost lookup is one direct hit)."""
        _register_unknown(self._by_alias.values())
        if endpoint_provider:
            _register_endpoint(self._by_alias.values(), endpoint_provider)

    def check_aliases(self, names: Iterable[str], *, source: str) -> None:
        """Raise ModelsFileError when `source` (e.g. RLM_CASCADE_ORDER) names an unknown alias."""
        missing = [n for n in names if n not in self._by_alias]
        if missing:
            raise ModelsFileError(
                f"{source} names {', '.join(map(repr, missing))}, which no model profile defines; "
                f"known aliases: {', '.join(sorted(self._by_alias))}"
            )


def load_profiles(path: Path | str | None = None) -> Profiles:
    """Read and validate a models file (default: the shipped one)."""
    file = Path(path).expanduser() if path else DEFAULT_MODELS_FILE
    data = _read(file)
    unknown_top = set(data) - _TOP_LEVEL
    if unknown_top:
        raise ModelsFileError(
            f"models file {file}: unknown top-level key(s) {', '.join(sorted(map(repr, unknown_top)))}; "
            "profiles go in [models.ALIAS] tables"
        )
    tables = data.get("models")
    if not isinstance(tables, dict) or not tables:
        raise ModelsFileError(f"models file {file} defines no profiles; add a [models.ALIAS] table")
    raw: dict[str, dict] = {}
    if data.get("include_defaults") is True and file != DEFAULT_MODELS_FILE:
        raw.update(_read(DEFAULT_MODELS_FILE)["models"])
    raw.update(tables)
    _prefetch_entries(t["model"].strip() for t in raw.values()
                      if isinstance(t, dict) and isinstance(t.get("model"), str) and t["model"].strip())
    profiles = [_profile(file, alias, table) for alias, table in raw.items()]
    by_alias = {p.alias: p for p in profiles}
    for profile in profiles:
        if profile.fallback is not None and profile.fallback not in by_alias:
            raise ModelsFileError(
                f"models file {file}: profile {profile.alias!r} falls back to {profile.fallback!r}, "
                "which has no profile"
            )
        if profile.fallback == profile.alias:
            raise ModelsFileError(f"models file {file}: profile {profile.alias!r} falls back to itself")
    return Profiles(profiles, str(file))


def _read(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelsFileError(f"RLM_MODELS_FILE names {file}, which does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelsFileError(f"models file {file} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelsFileError(f"models file {file} is not valid TOML: {exc}") from None


def _profile(file: Path, alias: str, table: Any) -> ModelProfile:
    where = f"models file {file}: profile {alias!r}"
    if not _ALIAS.match(alias):
        raise ModelsFileError(f"{where}: aliases are lowercase letters, digits, '.', '_' or '-'")
    if not isinstance(table, dict):
        raise ModelsFileError(f"{where} must be a table ([models.{alias}])")
    unknown = set(table) - _KNOWN
    if unknown:
        raise ModelsFileError(
            f"{where} has unknown field(s) {', '.join(sorted(map(repr, unknown)))}; "
            f"known fields: {', '.join(sorted(_KNOWN))}"
        )
    model = table.get("model")
    if not isinstance(model, str) or not model.strip():
        raise ModelsFileError(f"{where} needs model = \"<litellm model id>\"")
    model = model.strip()
    info = _cost_map_entry(model)
    price_in = _price(where, table, "input_cost_per_1k", info, "input_cost_per_token")
    price_out = _price(where, table, "output_cost_per_1k", info, "output_cost_per_token")
    if price_in is None or price_out is None:
        raise ModelsFileError(
            f"{where}: litellm's cost map has no price for model {model!r}; set input_cost_per_1k "
            "and output_cost_per_1k (0 for a free local model)"
        )
    context = _int_field(where, table, "context_window", info.get("max_input_tokens"))
    if context is None:
        raise ModelsFileError(f"{where}: litellm does not know model {model!r}; set context_window")
    max_out = _int_field(where, table, "max_output_tokens", info.get("max_output_tokens")) or DEFAULT_MAX_OUTPUT_TOKENS
    quality = table.get("quality", 0.5)
    if isinstance(quality, bool) or not isinstance(quality, (int, float)) or not 0.0 <= quality <= 1.0:
        raise ModelsFileError(f"{where}: quality must be a number between 0 and 1, got {quality!r}")
    strengths = table.get("strengths", [])
    if not isinstance(strengths, list) or not all(isinstance(s, str) for s in strengths):
        raise ModelsFileError(f"{where}: strengths must be a list of task-type strings")
    fallback = table.get("fallback")
    if fallback is not None and not isinstance(fallback, str):
        raise ModelsFileError(f"{where}: fallback must be an alias string")
    rpm = _int_field(where, table, "rpm", None)
    endpoint = table.get("endpoint_model")
    if endpoint is not None and (not isinstance(endpoint, str) or not endpoint.strip()):
        raise ModelsFileError(f"{where}: endpoint_model must be a non-empty string")
    explicit = "input_cost_per_1k" in table or "output_cost_per_1k" in table
    return ModelProfile(
        alias=alias, model=model, strengths=tuple(s.strip().lower() for s in strengths if s.strip()),
        input_cost_per_1k=price_in, output_cost_per_1k=price_out, quality=float(quality),
        context_window=context, max_output_tokens=max_out, fallback=fallback or None, rpm=rpm,
        endpoint_model=endpoint.strip() if endpoint else None,
        price_source="file" if explicit else "litellm",
    )


def _price(where: str, table: dict, key: str, info: dict, map_key: str) -> float | None:
    if key in table:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ModelsFileError(f"{where}: {key} must be a non-negative number of dollars, got {value!r}")
        return float(value)
    per_token = info.get(map_key)
    return None if per_token is None else float(per_token) * 1000.0


def _int_field(where: str, table: dict, key: str, default: Any) -> int | None:
    value = table.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ModelsFileError(f"{where}: {key} must be a positive integer, got {value!r}")
    return value


_BUNDLED: dict[str, Any] | None = None
_BUNDLED_TEXT: str | None = None
_FOUND: dict[str, Any] = {}  # bundled entries found by _prefetch_entries (litellm not loaded)
# litellm's bundled map is pretty-printed with 4 spaces: a key at the start of a line indented by
# exactly 4 is one of the top-level model entries (a nested key is indented by 8 or more)
_TOP_LEVEL_START = '{\n    "'


def cost_map() -> Mapping[str, Any]:
    """litellm's cost map: `litellm.model_cost` once litellm is loaded, else the same bundled JSON
    file read directly (80 ms instead of a multi-second litellm import for HTTP-only clients)."""
    global _BUNDLED
    if "litellm" in sys.modules:
        return sys.modules["litellm"].model_cost
    if _BUNDLED is None:
        try:
            _BUNDLED = json.loads(_bundled_text())
        except ValueError as exc:
            raise ModelsFileError(f"litellm's bundled cost map cannot be read ({exc}); reinstall litellm") from None
    return _BUNDLED


def _bundled_text() -> str:
    """The text of litellm's bundled cost map (read once)."""
    global _BUNDLED_TEXT
    if _BUNDLED_TEXT is None:
        spec = importlib.util.find_spec("litellm")
        if spec is None or not spec.submodule_search_locations:
            raise ModelsFileError("litellm is not installed; reinstall rlm-bot")
        path = Path(list(spec.submodule_search_locations)[0]) / "model_prices_and_context_window_backup.json"
        try:
            _BUNDLED_TEXT = path.read_bytes().decode("utf-8")
        except (OSError, ValueError) as exc:
            raise ModelsFileError(f"litellm's bundled cost map cannot be read ({exc}); reinstall litellm") from None
    return _BUNDLED_TEXT


def _cost_entry_of(key: str) -> Any:
    """The cost-map entry of `key` (None when there is none). Without litellm loaded, the entry is
    parsed alone from the bundled file's text (~1 ms instead of ~30 ms for the whole 3 MB map, on
    the way to a cold CLI run's first call); the whole map is parsed when that finds nothing."""
    if "litellm" not in sys.modules and _BUNDLED is None:
        if key in _FOUND:
            return _FOUND[key]
        found, entry = entry_in_text(_bundled_text(), key)
        if found:
            return entry
    return cost_map().get(key)


def _prefetch_entries(models: Iterable[str]) -> None:
    """Find the bundled entries of every model a models file names (and of its name without the
    provider prefix) in one pass over the text, instead of one search of 3 MB per model."""
    if "litellm" in sys.modules or _BUNDLED is not None:
        return
    keys = set()
    for model in models:
        keys.add(model)
        if "/" in model:
            keys.add(model.split("/", 1)[1])
    try:
        text = _bundled_text()
    except ModelsFileError:
        return  # raised again, in order, by the profile that needs the map
    _FOUND.update(entries_in_text(text, keys - set(_FOUND)))


def entries_in_text(text: str, keys: Iterable[str]) -> dict[str, Any]:
    """{key: entry} for the keys found as top-level object entries of a JSON map laid out as
    `entry_in_text` reads (the last entry of a repeated key); keys not found are left out."""
    keys = sorted(set(keys))
    if not keys or not text.startswith(_TOP_LEVEL_START):
        return {}
    pattern = re.compile("\n    (" + "|".join(re.escape(json.dumps(k, ensure_ascii=False)) for k in keys)
                         + "): \\{")
    last: dict[str, int] = {}
    for match in pattern.finditer(text):
        last[match.group(1)] = match.end()
    found: dict[str, Any] = {}
    decoder = json.JSONDecoder()
    for quoted, end in last.items():
        try:
            found[json.loads(quoted)] = decoder.raw_decode(text, end - 1)[0]
        except ValueError:
            pass  # left to entry_in_text and, failing that, the whole map
    return found


def entry_in_text(text: str, key: str) -> tuple[bool, Any]:
    """(True, entry) for a top-level object entry `key` of a JSON map pretty-printed with 4 spaces
    (litellm's bundled map); (False, None) when not found so (other layout, key written with
    escapes, absent): then only parsing the whole text can tell. A key at the start of a line
    indented by exactly 4 is a top-level one (nested keys are indented by 8 or more)."""
    if not text.startswith(_TOP_LEVEL_START):
        return False, None
    needle = "\n    " + json.dumps(key, ensure_ascii=False) + ": {"
    at = text.rfind(needle)  # the last one, as json.loads keeps the last of a repeated key
    if at < 0:
        return False, None
    try:
        return True, json.JSONDecoder().raw_decode(text, at + len(needle) - 1)[0]
    except ValueError:
        return False, None


def _cost_map_entry(model: str) -> dict[str, Any]:
    """litellm's bundled cost-map entry for a model id ({} when it does not know it)."""
    entry = _cost_entry_of(model)
    if entry is None and "/" in model:
        entry = _cost_entry_of(model.split("/", 1)[1])
    return dict(entry or {})


def _register_unknown(profiles: Iterable[ModelProfile]) -> None:
    import litellm

    entries = {p.model: _cost_entry(p, p.model.split("/", 1)[0] if "/" in p.model else "openai")
               for p in profiles if p.model not in litellm.model_cost}
    if entries:
        litellm.register_model(entries)


def _register_endpoint(profiles: Iterable[ModelProfile], provider: str) -> None:
    import litellm

    entries = {f"{provider}/{p.wire_model}": _cost_entry(p, provider) for p in profiles}
    fresh = {name: entry for name, entry in entries.items()
             if {k: litellm.model_cost.get(name, {}).get(k) for k in entry} != entry}
    if fresh:
        litellm.register_model(fresh)


def _cost_entry(p: ModelProfile, provider: str) -> dict[str, Any]:
    return {
        "input_cost_per_token": p.input_cost_per_1k / 1000.0,
        "output_cost_per_token": p.output_cost_per_1k / 1000.0,
        "max_input_tokens": p.context_window,
        "max_output_tokens": p.max_output_tokens,
        "litellm_provider": provider,
        "mode": "chat",
    }
