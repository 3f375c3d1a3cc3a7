"""One HTTP POST for the outbox's receivers (Open311 endpoints, webhooks).

The rules every receiver shares live here: only http(s), a redirect is the answer (following it
would resend the body elsewhere), a network error or timeout is a DeliveryError the outbox
retries, and a 5xx or a status a receiver uses for "later" is retried while any other refusal
is permanent.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from tipsapp.outbox.service import DeliveryError, PermanentDeliveryError

# How much of a receiver's answer is read: enough for a JSON receipt, never a flood.
MAX_ANSWER_BYTES = 1_000_000


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the body elsewhere: it counts as the answer."""

    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    context: ssl.SSLContext | None = None,
    what: str = "receiver",
) -> tuple[int, bytes]:
    """POST ``body``; the receiver's status and (for a 2xx) its answer.

    A status outside 2xx is returned, not raised: the caller may record it before judging it
    with ``raise_for_status``. Only a failure to get any answer raises.
    """
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise PermanentDeliveryError(f"{what} url is not http(s)")
    handlers: list[Any] = [_NoRedirects()]
    if context is not None:
        handlers.insert(0, urllib.request.HTTPSHandler(context=context))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, data=body, method="POST", headers=headers
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status), response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        return int(error.code), b""
    except urllib.error.URLError as error:
        reason = error.reason
        raise DeliveryError(
            type(reason).__name__ if isinstance(reason, BaseException) else "URLError"
        ) from None
    except (TimeoutError, ConnectionError) as error:
        raise DeliveryError(type(error).__name__) from None


def raise_for_status(status: int, what: str, retried: frozenset[int]) -> None:
    """Nothing for a 2xx; retried for a 5xx or a status in ``retried``; else permanent."""
    if 200 <= status < 300:
        return
    if status >= 500 or status in retried:
        raise DeliveryError(f"{what} HTTP {status}")
    raise PermanentDeliveryError(f"{what} HTTP {status}")
