"""Configuration read from the environment, in one place.

Precedence: an explicit argument to :func:`load_settings` > the environment > the default.
No other module reads ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from domain.rules import Rules

ROOT = Path(__file__).resolve().parent
DEFAULT_CITY_DIR = ROOT / "cities" / "bayannur"


def _default_database_url() -> str:
    return f"sqlite:///{ROOT / 'instance' / 'kaohe.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything the app can be told from outside."""

    database_url: str = field(default_factory=_default_database_url)
    port: int = 8050
    city_dir: Path = DEFAULT_CITY_DIR
    log_level: str = "INFO"
    rules: Rules = field(default_factory=Rules)


def _float_env(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    return float(raw) if raw not in (None, "") else default


def load_settings(env: dict[str, str] | None = None, **overrides) -> Settings:
    """Build settings from ``env`` (default ``os.environ``) and explicit overrides."""
    env = dict(os.environ if env is None else env)
    base = Rules()
    rules = Rules(
        lag_points=_float_env(env, "STATUS_LAG_POINTS", base.lag_points),
        rate_safe_margin=_float_env(env, "RATE_SAFE_MARGIN", base.rate_safe_margin),
        rate_zero_score_excess=_float_env(
            env, "RATE_ZERO_SCORE_EXCESS", base.rate_zero_score_excess
        ),
        zero_target_penalty=_float_env(
            env, "ZERO_TARGET_PENALTY", base.zero_target_penalty
        ),
        near_tie_points=_float_env(env, "NEAR_TIE_POINTS", base.near_tie_points),
        seasonal_profile=env.get("SEASONAL_PROFILE", "1") not in ("0", "false", "no"),
    )
    values = {
        "database_url": env.get("DATABASE_URL") or _default_database_url(),
        "port": int(env.get("PORT") or 8050),
        "city_dir": Path(env.get("CITY_DIR") or DEFAULT_CITY_DIR),
        "log_level": env.get("LOG_LEVEL") or "INFO",
        "rules": rules,
    }
    values.update(overrides)
    return Settings(**values)
