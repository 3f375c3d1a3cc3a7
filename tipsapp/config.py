"""Settings from the environment, with safe defaults.

Order of precedence: built-in defaults, then environment variables, then the mapping given to
``create_app``. Production refuses to start without a real ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration cannot be used safely."""


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_str(name: str, default: str) -> str:
    raw = os.environ.get(name)
    return default if raw is None or raw.strip() == "" else raw.strip()


def default_instance_path() -> Path:
    """The instance folder: ``TIPSAPP_INSTANCE_PATH`` or ``instance/`` beside the package."""
    configured = os.environ.get("TIPSAPP_INSTANCE_PATH")
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parent.parent / "instance"


def settings_from_env(instance_path: Path) -> dict[str, Any]:
    """Every setting the app reads, each named after its environment variable in the README."""
    env = _env_str("TIPSAPP_ENV", "development")
    return {
        "TIPSAPP_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": _env_str(
            "DATABASE_URL", f"sqlite:///{instance_path / 'tipsapp.sqlite3'}"
        ),
        # PostgreSQL reached through pgbouncer in transaction pooling mode: no server-side
        # prepared statements (README's settings table, docs/scaling.md).
        "DATABASE_PGBOUNCER": _env_bool("TIPSAPP_DATABASE_PGBOUNCER", False),
        "MAX_CONTENT_LENGTH": _env_int("TIPSAPP_MAX_CONTENT_LENGTH", 64 * 1024),
        "TRUSTED_PROXIES": _env_int("TIPSAPP_TRUSTED_PROXIES", 0),
        "RATELIMIT_ENABLED": _env_bool("TIPSAPP_RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": _env_str("TIPSAPP_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_DEFAULT": _env_str("TIPSAPP_RATELIMIT_DEFAULT", "300 per minute"),
        "RATELIMIT_TIPS": _env_str("TIPSAPP_RATELIMIT_TIPS", "10 per minute;200 per day"),
        "RATELIMIT_PHOTOS": _env_str("TIPSAPP_RATELIMIT_PHOTOS", "20 per minute;100 per hour"),
        "RATELIMIT_TIP_STATUS": _env_str(
            "TIPSAPP_RATELIMIT_TIP_STATUS", "5 per minute;30 per hour"
        ),
        "RATELIMIT_LOGIN_ACCOUNT": _env_str(
            "TIPSAPP_RATELIMIT_LOGIN_ACCOUNT", "5 per 15 minutes;20 per day"
        ),
        "RATELIMIT_LOGIN_CLIENT": _env_str("TIPSAPP_RATELIMIT_LOGIN_CLIENT", "30 per hour"),
        "TOKEN_TTL_MINUTES": _env_int("TIPSAPP_TOKEN_TTL_MINUTES", 8 * 60),
        # A second factor (TOTP) for admins and analysts: on by default in production only.
        "REQUIRE_2FA": _env_bool("TIPSAPP_REQUIRE_2FA", env == "production"),
        "SESSION_IDLE_MINUTES": _env_int("TIPSAPP_SESSION_IDLE_MINUTES", 30),
        "TRIAGE_MODEL_PATH": os.environ.get("TIPSAPP_TRIAGE_MODEL_PATH") or None,
        "SYNC_MAX_BYTES": _env_int("TIPSAPP_SYNC_MAX_BYTES", 1024 * 1024),
        "WALK_SYNC_GRACE_HOURS": _env_int("TIPSAPP_WALK_SYNC_GRACE_HOURS", 72),
        "PUBLIC_URL": _env_str("TIPSAPP_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        "RATELIMIT_WALK_JOIN": _env_str("TIPSAPP_RATELIMIT_WALK_JOIN", "10 per minute;60 per hour"),
        "RATELIMIT_PUBLIC": _env_str("TIPSAPP_RATELIMIT_PUBLIC", "120 per minute"),
        "IDEMPOTENCY_TTL_DAYS": _env_int("TIPSAPP_IDEMPOTENCY_TTL_DAYS", 14),
        "CLOCK_SKEW_SECONDS": _env_int("TIPSAPP_CLOCK_SKEW_SECONDS", 300),
        "PHOTO_DIR": _env_str("TIPSAPP_PHOTO_DIR", str(instance_path / "photos")),
        # "disk" (one host) or "database" (several hosts; pg_dump holds the photos).
        "PHOTO_STORAGE": _env_str("TIPSAPP_PHOTO_STORAGE", "disk").lower(),
        "PHOTO_MAX_BYTES": _env_int("TIPSAPP_PHOTO_MAX_BYTES", 10 * 1024 * 1024),
        "PHOTO_MAX_PIXELS": _env_int("TIPSAPP_PHOTO_MAX_PIXELS", 40_000_000),
        "LOG_LEVEL": _env_str("TIPSAPP_LOG_LEVEL", "INFO").upper(),
        # Retention in months (README, "Retention and erasure"): counted from the publication
        # of the report an item went into; for items never reported, from their last change.
        "RETAIN_TIP_TEXT_MONTHS": _env_int("TIPSAPP_RETAIN_TIP_TEXT_MONTHS", 12),
        "RETAIN_OBSERVATION_TEXT_MONTHS": _env_int("TIPSAPP_RETAIN_OBSERVATION_TEXT_MONTHS", 24),
        "RETAIN_PHOTO_MONTHS": _env_int("TIPSAPP_RETAIN_PHOTO_MONTHS", 6),
        "RETAIN_MESSAGE_MONTHS": _env_int("TIPSAPP_RETAIN_MESSAGE_MONTHS", 6),
        "RETAIN_AUDIT_DETAIL_MONTHS": _env_int("TIPSAPP_RETAIN_AUDIT_DETAIL_MONTHS", 24),
        "RETAIN_UNREPORTED_MONTHS": _env_int("TIPSAPP_RETAIN_UNREPORTED_MONTHS", 6),
        # Who stands behind the service: shown in the header and footer of every resident and
        # public page (README, "The official channel").
        "IDENTITY_MUNICIPALITY": _env_str(
            "TIPSAPP_IDENTITY_MUNICIPALITY", "Gislaveds kommun och Värnamo kommun"
        ),
        "IDENTITY_POLICE_AREA": _env_str(
            "TIPSAPP_IDENTITY_POLICE_AREA", "Lokalpolisområde Värnamo"
        ),
        "IDENTITY_LOGO": os.environ.get("TIPSAPP_IDENTITY_LOGO") or None,
        "IDENTITY_CONTACT": _env_str("TIPSAPP_IDENTITY_CONTACT", ""),
        "IDENTITY_PRIVACY_URL": os.environ.get("TIPSAPP_IDENTITY_PRIVACY_URL") or None,
        "IDENTITY_ACCESSIBILITY_UPDATED": _env_str(
            "TIPSAPP_IDENTITY_ACCESSIBILITY_UPDATED", "2026-12-02"
        ),
        # Background deliveries (tipsapp/outbox/): with a Redis URL the relay hands jobs to RQ
        # workers; without one (the embedded SQLite setup) `flask worker` delivers in-process.
        "REDIS_URL": os.environ.get("TIPSAPP_REDIS_URL") or None,
        "OUTBOX_MAX_ATTEMPTS": _env_int("TIPSAPP_OUTBOX_MAX_ATTEMPTS", 10),
        "OUTBOX_RETRY_SECONDS": _env_int("TIPSAPP_OUTBOX_RETRY_SECONDS", 30),
        "OUTBOX_RETRY_MAX_SECONDS": _env_int("TIPSAPP_OUTBOX_RETRY_MAX_SECONDS", 6 * 60 * 60),
        "OUTBOX_LEASE_SECONDS": _env_int("TIPSAPP_OUTBOX_LEASE_SECONDS", 300),
        "WORKER_INTERVAL_SECONDS": _env_int("TIPSAPP_WORKER_INTERVAL_SECONDS", 5),
        # Handover by e-mail (tipsapp/handover/): the body responsible's own mailbox.
        "SMTP_HOST": os.environ.get("TIPSAPP_SMTP_HOST") or None,
        "SMTP_PORT": _env_int("TIPSAPP_SMTP_PORT", 587),
        "SMTP_USER": os.environ.get("TIPSAPP_SMTP_USER") or None,
        "SMTP_PASSWORD": os.environ.get("TIPSAPP_SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _env_bool("TIPSAPP_SMTP_STARTTLS", True),
        # A CA bundle for a mail server with an internal certificate (else the system's).
        "SMTP_CA_FILE": os.environ.get("TIPSAPP_SMTP_CA_FILE") or None,
        "SMTP_FROM": _env_str("TIPSAPP_SMTP_FROM", "tipsapp@localhost"),
        "SMTP_TIMEOUT_SECONDS": _env_int("TIPSAPP_SMTP_TIMEOUT_SECONDS", 20),
        # Open311 recipients' servers (tipsapp/handover/open311.py).
        "OPEN311_CA_FILE": os.environ.get("TIPSAPP_OPEN311_CA_FILE") or None,
        "OPEN311_TIMEOUT_SECONDS": _env_int("TIPSAPP_OPEN311_TIMEOUT_SECONDS", 20),
        # Webhooks to plain http://127.0.0.1 or localhost (a local bridge); else HTTPS only.
        "WEBHOOKS_ALLOW_HTTP": _env_bool("TIPSAPP_WEBHOOKS_ALLOW_HTTP", False),
        # The bearer token Prometheus sends to /metrics; unset, /metrics answers 404.
        "METRICS_TOKEN": os.environ.get("TIPSAPP_METRICS_TOKEN") or None,
    }


def resolve_secret_key(settings: dict[str, Any], instance_path: Path) -> str:
    """Return the secret key; create one in the instance folder in development.

    A generated key must survive restarts, or every receipt already handed out stops working.
    """
    if settings.get("SECRET_KEY"):
        return str(settings["SECRET_KEY"])
    if settings["TIPSAPP_ENV"] == "production":
        raise ConfigError(
            "SECRET_KEY is not set. In production tipsapp refuses to start without it: "
            "receipts and tokens are keyed with it. Set SECRET_KEY to a long random value "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if settings["TIPSAPP_ENV"] == "testing":
        return secrets.token_urlsafe(48)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


def build_config(instance_path: Path, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Defaults, then environment, then explicit overrides; the secret key resolved last."""
    settings = settings_from_env(instance_path)
    settings.update(overrides or {})
    if settings.get("PHOTO_STORAGE") not in ("disk", "database"):
        raise ConfigError(
            f"TIPSAPP_PHOTO_STORAGE must be disk or database, got {settings.get('PHOTO_STORAGE')!r}"
        )
    if settings.get("TIPSAPP_ENV") == "testing":
        settings["TESTING"] = True
    settings["SECRET_KEY"] = resolve_secret_key(settings, instance_path)
    return settings
