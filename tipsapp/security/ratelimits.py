"""Rate limits: declared on the view class, bound to one limiter per app.

flask-limiter keeps its storage and its "store is down" state on the Limiter instance, so a
module-wide instance shared by several apps (tests build many) would leak that state between
them. Each app gets its own instance here; views name the setting that holds their limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from flask_limiter import Limiter

from tipsapp.security.client_key import anonymous_client_key

ViewClass = TypeVar("ViewClass", bound=type)


def rate_limited(setting: str) -> Callable[[ViewClass], ViewClass]:
    """Class decorator: limit every method of the view by the limit in ``app.config[setting]``."""

    def mark(view_class: ViewClass) -> ViewClass:
        view_class.rate_limit_setting = setting  # type: ignore[attr-defined]
        return view_class

    return mark


def init_rate_limits(app: Flask) -> Limiter:
    """Create the app's limiter and wrap every view that asked for a limit."""
    # The key is a keyed hash of the network, never the address itself (see client_key.py).
    limiter = Limiter(key_func=anonymous_client_key)
    limiter.init_app(app)
    for endpoint, view in list(app.view_functions.items()):
        setting = getattr(getattr(view, "view_class", None), "rate_limit_setting", None)
        if setting is None:
            continue
        limited: Any = limiter.limit(_reader(app, setting))(view)
        app.view_functions[endpoint] = limited
    return limiter


def _reader(app: Flask, setting: str) -> Callable[[], str]:
    return lambda: str(app.config[setting])
