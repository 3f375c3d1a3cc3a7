"""Which model suggests: a trained one when `flask triage train` has written it, else built-in."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from flask import current_app

from tipsapp.triage import classifier
from tipsapp.triage.classifier import Suggestion

log = logging.getLogger("tipsapp.triage")
# path -> (file mtime, model). The file is looked at no more than every few seconds: intake
# asks for a suggestion on every tip.
_cache: dict[str, tuple[float, Any]] = {}
_last_checked: dict[str, float] = {}
CHECK_EVERY_SECONDS = 5.0


def model_path() -> Path:
    configured = current_app.config.get("TRIAGE_MODEL_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "triage_model.pkl"


def _trained_model() -> Any | None:
    path = model_path()
    now = time.monotonic()
    cached = _cache.get(str(path))
    if now - _last_checked.get(str(path), -CHECK_EVERY_SECONDS) < CHECK_EVERY_SECONDS:
        return cached[1] if cached is not None else None
    _last_checked[str(path)] = now
    try:
        mtime = path.stat().st_mtime
    except OSError:
        _cache.pop(str(path), None)
        return None
    if cached is not None and cached[0] == mtime:
        return cached[1]
    try:
        from tipsapp.triage import ml

        model = ml.load(path)
    except Exception:  # scikit-learn missing or an unreadable file: fall back, say so once.
        log.warning("triage model at %s could not be loaded; using the built-in one", path.name)
        model = None
    _cache[str(path)] = (mtime, model)
    return model


def forget(path: Path) -> None:
    """Look at the model file again on the next suggestion (after `flask triage train`)."""
    _cache.pop(str(path), None)
    _last_checked.pop(str(path), None)


def suggest(text: str, language: str | None = None) -> Suggestion:
    model = _trained_model()
    if model is not None:
        return model.suggest(text)
    return classifier.suggest(text, language)
