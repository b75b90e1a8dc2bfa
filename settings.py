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
    app_env: str = "production"
    secret_key: str | None = None
    public_read: bool = False
    max_upload_bytes: int = 5 * 1024 * 1024
    report_due_day: int = 5
    report_open_day: int = 1  # figures for a month may be reported from this day on
    secure_cookies: bool = False
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-For counts
    browser_path: str | None = None  # Chromium for chart images; found when unset
    redis_url: str | None = None  # shared cache for several workers and machines
    # Who recomputes the stored assessment after a change that makes many months stale:
    # a worker thread of the app processes (background: the change returns at once and
    # readers see the last complete results meanwhile) or the request that finds it
    # (inline: the tests, one-process scripts).
    recompute: str = "background"
    # Repeated requests of the main callbacks answered with the JSON sent before
    # (server.rendered); off only to measure what the cache saves (RENDERED_CACHE=0).
    rendered_cache: bool = True
    # Delivery (督查督办): the address links in messages point to, and the SMTP server.
    public_url: str = "http://127.0.0.1:8050"
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "kaohe@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"


class ConfigurationError(RuntimeError):
    """The environment does not allow the app to start safely."""


def _float_env(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    return float(raw) if raw not in (None, "") else default


def _recompute_mode(env: dict[str, str]) -> str:
    found = env.get("RECOMPUTE") or ("inline" if env.get("APP_ENV") == "test" else "")
    if found not in ("", "background", "inline"):
        raise ConfigurationError(
            f"RECOMPUTE must be background or inline, not {found!r}"
        )
    return found or "background"


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
        seasonal_profile=env.get("SEASONAL_PROFILE", "0") in ("1", "true", "yes"),
    )
    values = {
        "database_url": env.get("DATABASE_URL") or _default_database_url(),
        "port": int(env.get("PORT") or 8050),
        "city_dir": Path(env.get("CITY_DIR") or DEFAULT_CITY_DIR),
        "log_level": env.get("LOG_LEVEL") or "INFO",
        "rules": rules,
        "app_env": env.get("APP_ENV") or "production",
        "secret_key": env.get("SECRET_KEY") or None,
        "public_read": env.get("PUBLIC_READ", "0") in ("1", "true", "yes"),
        "max_upload_bytes": int(float(env.get("MAX_UPLOAD_MB") or 5) * 1024 * 1024),
        "report_due_day": int(env.get("REPORT_DUE_DAY") or 5),
        "report_open_day": int(env.get("REPORT_OPEN_DAY") or 1),
        "secure_cookies": env.get("SECURE_COOKIES", "0") in ("1", "true", "yes"),
        "trusted_proxies": int(env.get("TRUSTED_PROXIES") or 0),
        "browser_path": env.get("BROWSER_PATH") or None,
        "redis_url": env.get("REDIS_URL") or None,
        "recompute": _recompute_mode(env),
        "rendered_cache": env.get("RENDERED_CACHE", "1") not in ("0", "false", "no"),
        "public_url": (env.get("PUBLIC_URL") or "http://127.0.0.1:8050").rstrip("/"),
        "smtp_host": env.get("SMTP_HOST") or None,
        "smtp_port": int(env.get("SMTP_PORT") or 25),
        "smtp_from": env.get("SMTP_FROM") or "kaohe@localhost",
        "smtp_user": env.get("SMTP_USER") or None,
        "smtp_password": env.get("SMTP_PASSWORD") or None,
        "smtp_starttls": env.get("SMTP_STARTTLS", "0") in ("1", "true", "yes"),
    }
    values.update(overrides)
    return Settings(**values)


SETTINGS_KEY = "KAOHE_SETTINGS"


def current_settings() -> Settings:
    """The settings the running app was created with (kept in its Flask config);
    outside an app (the seed, migrations, scripts) read from the environment."""
    from flask import current_app, has_app_context

    if has_app_context() and SETTINGS_KEY in current_app.config:
        return current_app.config[SETTINGS_KEY]
    return load_settings()


def secret_key_for(settings: Settings) -> str | None:
    """SECRET_KEY from the environment; outside production a key kept in
    ``instance/secret_key`` (made once, shared by every worker). None in production
    without one: the app must refuse to start."""
    if settings.secret_key:
        return settings.secret_key
    if settings.is_production:
        return None
    path = ROOT / "instance" / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
