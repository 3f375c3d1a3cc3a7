"""Rate limits: declared on the view class, bound to one limiter per app.

flask-limiter keeps its storage and its "store is down" state on the Limiter instance, so a
module-wide instance shared by several apps (tests build many) would leak that state between
them. Each app gets its own instance here; views name the setting that holds their limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from flask import Flask, Response, g
from flask_limiter import Limiter

from tipsapp.security.client_key import DailyKey, anonymous_client_key

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
    # Flask runs after-request hooks last registered first: this one runs after the limiter's.
    app.after_request(_retry_after_only_where_meant)
    # The key is a keyed hash of the network, never the address itself (see client_key.py),
    # under a daily key shared by every host that counts in the same Redis.
    app.extensions["tipsapp_daily_key"] = DailyKey(
        str(app.config["RATELIMIT_STORAGE_URI"]), str(app.config["SECRET_KEY"])
    )
    limiter = Limiter(key_func=anonymous_client_key)
    limiter.init_app(app)
    app.after_request(_remember_own_retry_after)  # runs before the limiter's header hook
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


def _remember_own_retry_after(response: Response) -> Response:
    g.tipsapp_retry_after = response.headers.get("Retry-After")
    return response


def _retry_after_only_where_meant(response: Response) -> Response:
    """Retry-After is the limiter's on a 429, and otherwise only what the app itself said.

    flask-limiter writes its window's reset into Retry-After on every answer and raises an
    earlier value to it, so a 503 that asked for 5 s said up to a minute for a tip (up to 15 for
    a login): a phone honouring it would hold a tip far longer than a short outage lasts.
    """
    if response.status_code == 429:
        return response
    own = g.pop("tipsapp_retry_after", None)
    if own is None:
        response.headers.pop("Retry-After", None)
    else:
        response.headers["Retry-After"] = own
    return response


def _reader(app: Flask, setting: str) -> Callable[[], str]:
    return lambda: str(app.config[setting])
