"""Model prices for the report's "saved against always using the strongest model".

Prices come from the model profiles when the llm package provides them (dollars per 1,000
tokens); otherwise they are inferred from what was really paid: each model's recorded cost
divided by its recorded tokens (the `usage` table per call, else the outcomes of answers it gave
alone). The strongest model is the one with the highest price per token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa

from rlm_bot.storage import Database
from rlm_bot.storage.models import Outcome, Usage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelPrice:
    """Dollars per input and per output token of one model, and where the figure came from."""

    model: str
    input_per_token: float
    output_per_token: float
    source: str  # "profile" | "observed"
    quality: float | None = None  # the profile's baseline quality, when known

    @property
    def blended(self) -> float:
        """A single per-token figure (input and output weighted 1:3, as chat answers run)."""
        return (self.input_per_token + 3 * self.output_per_token) / 4

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        """What `tokens_in` + `tokens_out` cost on this model."""
        return tokens_in * self.input_per_token + tokens_out * self.output_per_token


def profile_prices(settings) -> dict[str, ModelPrice]:
    """Prices from the llm package's model profiles, by alias and by model id (empty if none)."""
    try:  # deferred: the rlm_bot.llm package loads the HTTP client; a report rarely needs it
        from rlm_bot.llm.profiles import load_profiles
    except ImportError:
        return {}
    try:
        profiles = load_profiles(settings.llm.models_file)
    except Exception as exc:  # noqa: BLE001 - a broken models file must not break the report
        log.warning("model profiles unavailable for prices: %s", exc)
        return {}
    out: dict[str, ModelPrice] = {}
    for alias, profile in profiles.items():
        for name in dict.fromkeys((alias, profile.model)):
            out[name] = ModelPrice(alias, profile.input_cost_per_1k / 1000.0,
                                   profile.output_cost_per_1k / 1000.0, "profile",
                                   float(profile.quality))
    return out


def observed_prices(db: Database) -> dict[str, ModelPrice]:
    """Prices inferred from recorded costs and tokens (per model call, else per single-model answer)."""
    out: dict[str, ModelPrice] = {}
    with db.session() as s:
        rows = s.execute(sa.select(Usage.model, sa.func.sum(Usage.cost),
                                   sa.func.sum(Usage.prompt_tokens),
                                   sa.func.sum(Usage.completion_tokens))
                         .group_by(Usage.model)).all()
        for model, cost, tin, tout in rows:
            _observed(out, model, cost, tin, tout)
        answers = s.execute(sa.select(Outcome.model, Outcome.models, Outcome.cost,
                                      Outcome.tokens_in, Outcome.tokens_out)
                            .where(Outcome.model.is_not(None), Outcome.cost > 0)).all()
    totals: dict[str, list[float]] = {}
    for model, models, cost, tin, tout in answers:
        if model in out or (models and len(set(models)) > 1):
            continue
        acc = totals.setdefault(model, [0.0, 0, 0])
        acc[0] += cost or 0.0
        acc[1] += tin or 0
        acc[2] += tout or 0
    for model, (cost, tin, tout) in totals.items():
        _observed(out, model, cost, tin, tout)
    return out


def known_prices(db: Database, settings=None) -> dict[str, ModelPrice]:
    """Profile prices, completed by observed ones for models the profiles do not name."""
    prices = observed_prices(db)
    if settings is not None:
        prices.update(profile_prices(settings))
    return prices


def strongest(prices: dict[str, ModelPrice], preferred: tuple[str, ...] = ()) -> ModelPrice | None:
    """The strongest model: the best-quality profile of `preferred` (the cascade order) when
    priced, else the most expensive model per token."""
    pool = [prices[m] for m in preferred if m in prices and prices[m].quality is not None]
    if pool:
        return max(pool, key=lambda p: (p.quality, p.blended))
    return max(prices.values(), key=lambda p: (p.blended, p.model), default=None)


def _observed(out: dict[str, ModelPrice], model, cost, tin, tout) -> None:
    tokens = (tin or 0) + (tout or 0)
    if not model or not tokens or not cost:
        return
    per_token = float(cost) / tokens
    out[str(model)] = ModelPrice(str(model), per_token, per_token, "observed")
