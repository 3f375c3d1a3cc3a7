"""Which model suggests: a trained one when `flask triage train` has written it, else built-in."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import current_app

from tipsapp.triage import classifier
from tipsapp.triage.classifier import Suggestion

log = logging.getLogger("tipsapp.triage")
_cache: dict[str, tuple[float, Any]] = {}


def model_path() -> Path:
    configured = current_app.config.get("TRIAGE_MODEL_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "triage_model.pkl"


def _trained_model() -> Any | None:
    path = model_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    cached = _cache.get(str(path))
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


def suggest(text: str, language: str | None = None) -> Suggestion:
    model = _trained_model()
    if model is not None:
        return model.suggest(text)
    return classifier.suggest(text, language)
