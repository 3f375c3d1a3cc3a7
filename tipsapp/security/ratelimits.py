"""Rate limits: declared on the view class, bound to one limiter per app.

flask-limiter keeps its storage and its "store is down" state on the Limiter instance, so a
module-wide instance shared by several apps (tests build many) would leak that state between
them. Each app gets its own instance here; views name the setting that holds their limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from flask import Flask, Response
from flask_limiter import Limiter

from tipsapp.security.client_key import anonymous_client_key

ViewClass = TypeVar("ViewClass", bound=type)


class LimitSpec(NamedTuple):
    setting: str
    key_func: Callable[[], str] | None
    deduct_when: Callable[[Response], bool] | None
    scope: str | None


def rate_limited(
    setting: str,
    key_func: Callable[[], str] | None = None,
    deduct_when: Callable[[Response], bool] | None = None,
    scope: str | None = None,
) -> Callable[[ViewClass], ViewClass]:
    """Class decorator: limit the view by ``app.config[setting]``; stack it for several limits.

    ``key_func`` defaults to the anonymous client key; ``deduct_when`` counts only the answers
    it accepts (e.g. failed logins); ``scope`` keeps stacked limits' counters apart.
    """

    def mark(view_class: ViewClass) -> ViewClass:
        earlier = getattr(view_class, "rate_limits", ())
        spec = LimitSpec(setting, key_func, deduct_when, scope)
        view_class.rate_limits = (*earlier, spec)  # type: ignore[attr-defined]
        return view_class

    return mark


def init_rate_limits(app: Flask) -> Limiter:
    """Create the app's limiter and wrap every view that asked for a limit."""
    # The key is a keyed hash of the network, never the address itself (see client_key.py).
    limiter = Limiter(key_func=anonymous_client_key)
    limiter.init_app(app)
    for endpoint, view in list(app.view_functions.items()):
        specs = getattr(getattr(view, "view_class", None), "rate_limits", ())
        limited: Any = view
        for spec in specs:
            limited = limiter.limit(
                _reader(app, spec.setting),
                key_func=spec.key_func,
                deduct_when=spec.deduct_when,
                scope=spec.scope,
            )(limited)
        app.view_functions[endpoint] = limited
    return limiter


def _reader(app: Flask, setting: str) -> Callable[[], str]:
    return lambda: str(app.config[setting])
