"""The hostile corpus: bad bodies, bad field values, bad ids and headers, and the write endpoints.

``WRITES`` lists every write endpoint of the app (``test_coverage`` fails when a new one is not
here), each with a request that would succeed, so one hostile change at a time is judged.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyotp
from sqlalchemy import select

from tests.factories import DEFAULT_PASSWORD, new_key, observation_body, tip_body, walk_body
from tipsapp.extensions import db
from tipsapp.triage.models import TriageItem

# --- field values ------------------------------------------------------------------------------

BASE_TEXT = "Gatlyktan vid skolan är trasig sedan en vecka "
SCRIPT = "<script>alert('x')</script>"
SVG = '<svg onload="alert(1)"><a xlink:href="javascript:alert(2)">x</a></svg>'
HUGE = "A" * 60_000  # under the 64 KB body limit: the field's own limit must answer
TOO_BIG = "B" * 70_000  # over the body limit (except the 1 MB sync batch)


@dataclass(frozen=True)
class Value:
    """A hostile field value and the class that says what the app must do with it."""

    name: str
    value: Any
    kind: str  # unstorable | control | legit | huge | wrong_type


VALUES = (
    Value("nul", "\x00", "unstorable"),
    Value("lone_surrogate", "\ud800", "unstorable"),
    Value("terminal_escape", "\x1b[2J\x1b[31m", "control"),
    Value("bell_backspace", "\x07\x08", "control"),
    Value("c1_csi", "\x9b31m", "control"),
    Value("delete", "\x7f", "control"),
    Value("rtl_override", "\u202etxt.exe", "legit"),
    Value("zero_width", "\u200b\u200c\u200d\u2060\ufeff", "legit"),
    Value("script", SCRIPT, "legit"),
    Value("svg", SVG, "legit"),
    Value("sql", "' OR '1'='1'; DROP TABLE tips; --", "legit"),
    Value("traversal", "../../../../etc/passwd", "legit"),
    Value("huge", HUGE, "huge"),
    Value("too_big", TOO_BIG, "huge"),
    Value("number", 12345, "wrong_type"),
    Value("list", ["x"], "wrong_type"),
    Value("object", {"x": 1}, "wrong_type"),
)

# --- ids in paths and query parameters ---------------------------------------------------------

IDS = {
    "traversal": "..%2F..%2F..%2Fetc%2Fpasswd",
    "dot_dot": "..",
    "sql": "1'%20OR%20'1'%3D'1",
    "sql_union": "x%22%20UNION%20SELECT%20*%20FROM%20staff_users--",
    "script": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "nul": "T-%00",
    "invalid_utf8": "%FF%FE%C3%28",
    "encoded_surrogate": "T-%ED%A0%80",
    "rtl": "%E2%80%AET-ABCD",
    "long": "Z" * 5000,
    "integer": "1",
    "negative": "-1",
}

QUERY_VALUES = {
    "script": SCRIPT,
    "sql": "gislaved' OR '1'='1",
    "traversal": "../../etc/passwd",
    "nul": "gis\x00laved",
    "control": "\x1b[2J",
    "rtl": "\u202egislaved",
    "long": "q" * 5000,
    "digits": "9" * 400,
    "nan": "NaN",
    "date_garbage": "2026-13-45T99:99:99+99:00",
}

# --- raw bodies -------------------------------------------------------------------------------


def _valid_json(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False)


def _with(body: dict[str, Any], extra: str) -> bytes:
    """The valid body with one more member written as raw JSON text."""
    text = _valid_json(body)
    inner = text[1:-1]
    return ("{" + (inner + ", " if inner else "") + extra + "}").encode()


def _duplicate_first_key(body: dict[str, Any]) -> bytes:
    key = next(iter(body), "k")
    return ("{" + json.dumps(key) + ": 1, " + _valid_json(body)[1:]).encode()


# name -> (build the bytes from the valid body, content type); all must be refused.
BODIES: dict[str, tuple[Callable[[dict[str, Any]], bytes], str | None]] = {
    "invalid_utf8": (lambda b: b'{"text": "\xff\xfe\xc3("}', "application/json"),
    "overlong_utf8": (lambda b: b'{"text": "\xc0\xaf\xe0\x80\xaf"}', "application/json"),
    "latin1_declared": (
        lambda b: _valid_json({**b, "zz": "å"}).encode("latin-1", "replace"),
        "application/json; charset=latin-1",
    ),
    "utf16": (lambda b: _valid_json(b).encode("utf-16"), "application/json"),
    "utf8_bom": (lambda b: b"\xef\xbb\xbf" + _valid_json(b).encode(), "application/json"),
    "nested_10000_arrays": (lambda b: b"[" * 10_000 + b"]" * 10_000, "application/json"),
    "nested_10000_objects": (
        lambda b: b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        "application/json",
    ),
    "nested_100_in_body": (
        lambda b: _with(b, '"zz": ' + "[" * 100 + "]" * 100),
        "application/json",
    ),
    "duplicate_key": (_duplicate_first_key, "application/json"),
    "nan": (lambda b: _with(b, '"zz": NaN'), "application/json"),
    "infinity": (lambda b: _with(b, '"zz": -Infinity'), "application/json"),
    "float_overflow": (lambda b: _with(b, '"zz": 1e400'), "application/json"),
    "digits_400": (lambda b: _with(b, '"zz": ' + "9" * 400), "application/json"),
    "digits_5000": (lambda b: _with(b, '"zz": ' + "9" * 5000), "application/json"),
    "nul_in_key": (lambda b: _with(b, '"z\\u0000z": 1'), "application/json"),
    "truncated": (lambda b: _valid_json(b).encode()[:-2], "application/json"),
    "trailing_garbage": (lambda b: _valid_json(b).encode() + b"}{", "application/json"),
    "array": (lambda b: b"[]", "application/json"),
    "string": (lambda b: b'"text"', "application/json"),
    "null": (lambda b: b"null", "application/json"),
    "form_encoded": (lambda b: b"text=hej&area=gislaved", "application/x-www-form-urlencoded"),
    "text_plain": (lambda b: _valid_json(b).encode(), "text/plain"),
    "no_content_type": (lambda b: _valid_json(b).encode(), None),
    "multipart": (
        lambda b: b"--x\r\nContent-Disposition: form-data; name=text\r\n\r\nhej\r\n--x--\r\n",
        "multipart/form-data; boundary=x",
    ),
    "json_patch": (lambda b: _valid_json(b).encode(), "application/json-patch+json"),
    # Over the 1 MB of an offline sync batch, the largest body any JSON route takes.
    "too_large": (lambda b: _with(b, '"zz": "' + "C" * 1_100_000 + '"'), "application/json"),
}

# What the photo uploads get instead of an image (judged by their bytes, not their name).
PHOTO_BODIES: dict[str, tuple[bytes, str]] = {
    "svg_with_script": (
        f"<svg xmlns='http://www.w3.org/2000/svg'>{SCRIPT}</svg>".encode(),
        "image/svg+xml",
    ),
    "html_as_jpeg": (b"<html><body>" + SCRIPT.encode() + b"</body></html>", "image/jpeg"),
    "jpeg_header_only": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    "png_header_only": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    "json": (b'{"text": "not a photo"}', "application/json"),
    "empty": (b"", "image/jpeg"),
    "nul_bytes": (b"\x00" * 1024, "application/octet-stream"),
}

# Headers a client controls, each far longer than any real one.
LONG = "x" * 16_384
HEADERS: dict[str, dict[str, str]] = {
    "long_accept_language": {"Accept-Language": LONG},
    "garbage_accept_language": {"Accept-Language": "sv;q=NaN, *;q=9e999, ;;;,,,"},
    "long_authorization": {"Authorization": "Bearer " + LONG},
    "basic_authorization": {"Authorization": "Basic Oi4uLy4uLw=="},
    "long_idempotency_key": {"Idempotency-Key": LONG},
    "sql_idempotency_key": {"Idempotency-Key": "' OR 1=1 --"},
    "long_if_match": {"If-Match": '"' + LONG + '"'},
    "star_if_match": {"If-Match": '*, W/"x", "\x1b"'},
    "long_receipt": {"X-Tip-Receipt": LONG},
    "long_cookie": {"Cookie": "tipsapp_session=" + LONG},
    "forwarded_for_garbage": {"X-Forwarded-For": "<script>, ../../, ' OR 1=1"},
    "long_content_language": {"Content-Language": LONG},
}

# --- the write endpoints ----------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """One write endpoint with a request that would succeed.

    ``text`` are free-text fields (shown back to people), ``codes`` identifiers, enums and
    dates, ``secrets`` passwords and receipts (opaque: any character may be in one).
    ``body`` is None for routes that read no JSON body.
    """

    method: str
    rule: str
    path: Callable[[Any], str]
    headers: Callable[[Any], dict[str, str]]
    body: Callable[[Any], dict[str, Any]] | None = None
    text: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    raw: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (name, kind)
            for kind, names in (("text", self.text), ("code", self.codes), ("secret", self.secrets))
            for name in names
        )


def _none(_w: Any) -> dict[str, str]:
    return {}


def _analyst(w: Any) -> dict[str, str]:
    return dict(w.analyst)


def _admin(w: Any) -> dict[str, str]:
    return dict(w.admin)


def _participant(w: Any) -> dict[str, str]:
    return dict(w.participant)


def _reporter(w: Any) -> dict[str, str]:
    return dict(w.extra["reporter"])


def _enrolment(w: Any, part: str) -> dict[str, Any]:
    """A fresh user who has started setting up a second factor: its headers and secret.

    Tests build the headers and the body in either order (and either may be built alone), so
    the first of the two to ask makes a new enrolment and the other one reuses it.
    """
    slot = w.extra.get("totp_slot")
    if slot is None or part in slot["used"]:
        headers = w.fresh_token()
        started = w.client.post("/api/v1/staff/me/totp", headers=headers)
        slot = {"headers": headers, "secret": started.get_json()["secret"], "used": set()}
        w.extra["totp_slot"] = slot
    slot["used"].add(part)
    return dict(slot)


def _enrolling(w: Any) -> dict[str, str]:
    return dict(_enrolment(w, "headers")["headers"])


def _confirming_code(w: Any) -> dict[str, Any]:
    return {"code": pyotp.TOTP(_enrolment(w, "body")["secret"]).now()}


def _own_session(w: Any) -> dict[str, str]:
    """A fresh user's token, and that very session's id in extra (a user may end it)."""
    headers = w.fresh_token()
    items = w.client.get("/api/v1/staff/me/sessions", headers=headers).get_json()["items"]
    w.extra["own_session_id"] = items[0]["id"]
    return dict(headers)


def _queue(action: str, body: Callable[[Any], dict[str, Any]], **fields: Any) -> Write:
    return Write(
        "POST",
        f"/api/v1/queue/<string:reference>/{action}",
        lambda w: f"/api/v1/queue/{w.tip_reference}/{action}",
        _analyst,
        body,
        **fields,
    )


def _current_etag(w: Any) -> str:
    """The tip's ETag now: each successful action changes it, and a stale one does nothing.

    Read from the database, not the item view, which records the analyst's visit: a write
    between a snapshot of the state and the request would look like the request's.
    """
    with w.app.app_context():
        item = db.session.scalars(select(TriageItem).filter_by(reference=w.tip_reference)).one()
        etag = str(item.etag)
        db.session.remove()
    return etag


WRITES: tuple[Write, ...] = (
    Write(
        "POST",
        "/api/v1/tips",
        lambda w: "/api/v1/tips",
        lambda w: {"Idempotency-Key": new_key()},
        lambda w: tip_body(text=BASE_TEXT),
        text=("text", "place"),
        codes=("area", "category", "language", "occurred_at"),
    ),
    Write(
        "POST",
        "/api/v1/tips/status",
        lambda w: "/api/v1/tips/status",
        _none,
        lambda w: {"reference": w.tip_reference, "receipt": w.tip_receipt},
        codes=("reference",),
        secrets=("receipt",),
    ),
    Write(
        "POST",
        "/api/v1/tips/messages",
        lambda w: "/api/v1/tips/messages",
        _none,
        lambda w: {"reference": w.tip_reference, "receipt": w.tip_receipt, "body": BASE_TEXT},
        text=("body",),
        codes=("reference",),
        secrets=("receipt",),
    ),
    Write(
        "POST",
        "/api/v1/tips/fixed",
        lambda w: "/api/v1/tips/fixed",
        _none,
        lambda w: {
            "reference": w.tip_reference,
            "receipt": w.tip_receipt,
            "action": w.extra["tip_fixed_action_id"],
            "answer": "partly",
        },
        codes=("reference", "action", "answer"),
        secrets=("receipt",),
    ),
    Write(
        "PUT",
        "/api/v1/tips/<string:reference>/photos/<string:client_uuid>",
        lambda w: f"/api/v1/tips/{w.tip_reference}/photos/{uuid.uuid4()}",
        lambda w: {"X-Tip-Receipt": w.tip_receipt},
        raw=True,
    ),
    Write(
        "PUT",
        "/api/v1/observations/<string:observation_client_uuid>/photos/<string:client_uuid>",
        lambda w: f"/api/v1/observations/{w.observation_uuid}/photos/{uuid.uuid4()}",
        _participant,
        raw=True,
    ),
    Write(
        "POST",
        "/api/v1/auth/login",
        lambda w: "/api/v1/auth/login",
        _none,
        lambda w: {"email": w.analyst_user.email, "password": DEFAULT_PASSWORD},
        codes=("email",),
        secrets=("password", "otp", "recovery_code"),
    ),
    Write(
        "POST", "/api/v1/auth/logout", lambda w: "/api/v1/auth/logout", lambda w: w.fresh_token()
    ),
    Write(
        "POST",
        "/api/v1/auth/password",
        lambda w: "/api/v1/auth/password",
        lambda w: w.fresh_token(),
        lambda w: {"current_password": DEFAULT_PASSWORD, "new_password": "a new long passphrase"},
        secrets=("current_password", "new_password"),
    ),
    Write(
        "POST",
        "/api/v1/staff/users",
        lambda w: "/api/v1/staff/users",
        _admin,
        lambda w: {
            "email": f"new-{uuid.uuid4().hex[:8]}@example.se",
            "display_name": "Ny Användare",
            "password": DEFAULT_PASSWORD,
            "role": "analyst",
            "organisation": w.org_id,
        },
        text=("display_name",),
        codes=("email", "role", "organisation"),
        secrets=("password",),
    ),
    Write(
        "PATCH",
        "/api/v1/staff/users/<string:user_id>",
        lambda w: f"/api/v1/staff/users/{w.victim_user_id}",
        _admin,
        lambda w: {"role": "analyst", "reason": BASE_TEXT},
        text=("reason",),
        codes=("role",),
    ),
    Write(
        "POST",
        "/api/v1/staff/organisations",
        lambda w: "/api/v1/staff/organisations",
        _admin,
        lambda w: {
            "name": f"Bostadsbolaget {uuid.uuid4().hex[:6]}",
            "kind": "partner",
            "areas": ["gislaved"],
        },
        text=("name",),
        codes=("kind", "areas.0"),
    ),
    Write(
        "PATCH",
        "/api/v1/staff/organisations/<string:organisation_id>",
        lambda w: f"/api/v1/staff/organisations/{w.org_id}",
        _admin,
        lambda w: {"areas": ["gislaved"]},
        codes=("areas.0",),
    ),
    Write(
        "PATCH",
        "/api/v1/queue/<string:reference>",
        lambda w: f"/api/v1/queue/{w.tip_reference}",
        _analyst,
        lambda w: {"category": "vandalism", "priority": 10, "reason": BASE_TEXT},
        text=("reason",),
        codes=("category",),
    ),
    _queue("queue", lambda w: {"reason": BASE_TEXT}, text=("reason",)),
    _queue("unqueue", lambda w: {"reason": BASE_TEXT}, text=("reason",)),
    _queue("reject", lambda w: {"reason": BASE_TEXT}, text=("reason",)),
    _queue("reopen", lambda w: {"reason": BASE_TEXT}, text=("reason",)),
    _queue("archive", lambda w: {"reason": BASE_TEXT}, text=("reason",)),
    _queue("duplicate", lambda w: {"of": w.other_reference}, codes=("of",)),
    _queue(
        "share", lambda w: {"shared": True, "partner_summary": "Trasig belysning vid gångtunneln."}
    ),
    _queue("redact", lambda w: {"text": BASE_TEXT, "reason": BASE_TEXT}, text=("text", "reason")),
    _queue("notes", lambda w: {"body": BASE_TEXT}, text=("body",)),
    _queue("erase", lambda w: {"reason": BASE_TEXT}, text=("reason",)),
    _queue("messages", lambda w: {"body": BASE_TEXT}, text=("body",)),
    # One action on many items (tipsapp/triage/routes.py QueueBulk): answered per item.
    Write(
        "POST",
        "/api/v1/queue:bulk",
        lambda w: "/api/v1/queue:bulk",
        _analyst,
        lambda w: {
            "action": "queue",
            "items": [{"reference": w.tip_reference, "etag": _current_etag(w)}],
            "reason": BASE_TEXT,
        },
        text=("reason",),
        codes=("action", "items.0.reference", "items.0.etag"),
    ),
    Write(
        "POST",
        "/api/v1/walks",
        lambda w: "/api/v1/walks",
        _analyst,
        lambda w: walk_body(checklist=["lighting"]),
        text=("title", "meeting_point"),
        codes=("area", "starts_at", "checklist.0"),
    ),
    Write(
        "PATCH",
        "/api/v1/walks/<string:walk_id>",
        lambda w: f"/api/v1/walks/{w.walk_id}",
        _analyst,
        lambda w: {"status": "active"},
        codes=("status",),
    ),
    Write(
        "POST",
        "/api/v1/walks/join",
        lambda w: "/api/v1/walks/join",
        _none,
        lambda w: {"code": w.join_code},
        codes=("code",),
    ),
    Write(
        "POST",
        "/api/v1/walks/<string:walk_id>/observations",
        lambda w: f"/api/v1/walks/{w.walk_id}/observations",
        _participant,
        lambda w: observation_body(text=BASE_TEXT),
        text=("text", "place"),
        codes=("client_uuid", "issue", "seen_at"),
    ),
    Write(
        "POST",
        "/api/v1/walks/<string:walk_id>/fixed",
        lambda w: f"/api/v1/walks/{w.walk_id}/fixed",
        _participant,
        lambda w: {"action": w.extra["walk_fixed_action_id"], "answer": "yes"},
        codes=("action", "answer"),
    ),
    Write(
        "POST",
        "/api/v1/walks/<string:walk_id>/observations:sync",
        lambda w: f"/api/v1/walks/{w.walk_id}/observations:sync",
        _participant,
        lambda w: {"observations": [observation_body(text=BASE_TEXT)]},
        text=("observations.0.text", "observations.0.place"),
        codes=("observations.0.issue", "observations.0.client_uuid"),
    ),
    Write(
        "POST",
        "/api/v1/est-reports/sync",
        lambda w: "/api/v1/est-reports/sync",
        _reporter,
        lambda w: {
            "reports": [
                {
                    "client_uuid": str(uuid.uuid4()),
                    "area": "gislaved",
                    "category": "vandalism",
                    "text": BASE_TEXT,
                    "place": "Torget",
                    "seen_at": "2026-01-05T10:00:00+01:00",
                }
            ]
        },
        text=("reports.0.text", "reports.0.place"),
        codes=("reports.0.category", "reports.0.area", "reports.0.client_uuid"),
    ),
    Write(
        "PUT",
        "/api/v1/est-reports/<string:report_client_uuid>/photos/<string:client_uuid>",
        lambda w: f"/api/v1/est-reports/{w.extra['est_report_uuid']}/photos/{uuid.uuid4()}",
        _reporter,
        raw=True,
    ),
    Write(
        "POST",
        "/api/v1/actions",
        lambda w: "/api/v1/actions",
        _analyst,
        lambda w: {
            "title": "Röj buskarna",
            "description": BASE_TEXT,
            "owner": w.org_id,
            "area": "gislaved",
        },
        text=("title", "description"),
        codes=("owner", "area", "due_date"),
    ),
    Write(
        "PATCH",
        "/api/v1/actions/<string:action_id>",
        lambda w: f"/api/v1/actions/{w.action_id}",
        _analyst,
        lambda w: {"title": "Röj buskarna vid skolan", "description": BASE_TEXT},
        text=("title", "description"),
        codes=("owner",),
    ),
    Write(
        "POST",
        "/api/v1/actions/<string:action_id>/status",
        lambda w: f"/api/v1/actions/{w.action_id}/status",
        _analyst,
        lambda w: {"status": "in_progress", "reason": BASE_TEXT},
        text=("reason",),
        codes=("status",),
    ),
    Write(
        "PATCH",
        "/api/v1/reports/<string:report_id>",
        lambda w: f"/api/v1/reports/{w.report_id}",
        _analyst,
        lambda w: {"decisions": BASE_TEXT},
        text=("decisions",),
    ),
    Write(
        "POST",
        "/api/v1/reports/<string:report_id>/publish",
        lambda w: f"/api/v1/reports/{w.extra['publish_report_id']}/publish",
        _analyst,
    ),
    Write(
        "POST",
        "/api/v1/public/statements",
        lambda w: "/api/v1/public/statements",
        _analyst,
        lambda w: {"area": "gislaved", "title": "Om ryktet om bränder", "body": BASE_TEXT},
        text=("title", "body"),
        codes=("area", "report"),
    ),
    Write(
        "DELETE",
        "/api/v1/public/statements/<string:statement_id>",
        lambda w: f"/api/v1/public/statements/{w.extra['delete_statement_id']}",
        _analyst,
    ),
    Write(
        "POST",
        "/api/v1/promises",
        lambda w: "/api/v1/promises",
        _admin,
        lambda w: {
            "area": "gislaved",
            "year": 2026,
            "title": "Medborgarlöfte Gislaved 2026",
            "text": BASE_TEXT,
            "focus_areas": ["Trygghet i centrum"],
        },
        text=("title", "text"),
        codes=("area", "language"),
    ),
    # Handover to the body responsible (tipsapp/handover/, tipsapp/outbox/).
    _queue(
        "handover",
        lambda w: {"recipient": w.extra["recipient_id"], "note": BASE_TEXT},
        text=("note",),
        codes=("recipient", "include_photos"),
    ),
    Write(
        "POST",
        "/api/v1/recipients",
        lambda w: "/api/v1/recipients",
        _admin,
        lambda w: {
            "name": "Gislaveds kommun, felanmälan",
            "kind": "email",
            "email": "felanmalan@gislaved.example",
            "level": "masked",
            "area": "gislaved",
            "category": "vandalism",
        },
        text=("name",),
        codes=("kind", "email", "level", "area", "category"),
    ),
    Write(
        "DELETE",
        "/api/v1/recipients/<string:recipient_id>",
        lambda w: f"/api/v1/recipients/{w.extra['delete_recipient_id']}",
        _admin,
    ),
    Write(
        "POST",
        "/api/v1/deliveries/<string:delivery_id>/retry",
        lambda w: f"/api/v1/deliveries/{w.extra['delivery_id']}/retry",
        _admin,
    ),
    # Webhooks for external systems (tipsapp/webhooks/).
    Write(
        "POST",
        "/api/v1/webhooks",
        lambda w: "/api/v1/webhooks",
        _admin,
        lambda w: {"url": "https://hooks.kommun.example/tipsapp", "events": ["item.created"]},
        codes=("url", "events.0"),
    ),
    Write(
        "DELETE",
        "/api/v1/webhooks/<string:webhook_id>",
        lambda w: f"/api/v1/webhooks/{w.extra['delete_webhook_id']}",
        _admin,
    ),
    # The second factor and one's sessions (tipsapp/staff/second_factor.py, sessions.py).
    Write(
        "POST",
        "/api/v1/staff/me/totp",
        lambda w: "/api/v1/staff/me/totp",
        lambda w: w.fresh_token(),
    ),
    Write(
        "POST",
        "/api/v1/staff/me/totp/confirm",
        lambda w: "/api/v1/staff/me/totp/confirm",
        _enrolling,
        _confirming_code,
        codes=("code",),
    ),
    Write(
        "DELETE",
        "/api/v1/staff/me/sessions/<string:login_id>",
        lambda w: f"/api/v1/staff/me/sessions/{w.extra['own_session_id']}",
        _own_session,
    ),
    Write(
        "DELETE",
        "/api/v1/staff/users/<string:user_id>/sessions",
        lambda w: f"/api/v1/staff/users/{w.victim_user_id}/sessions",
        _admin,
    ),
    Write(
        "DELETE",
        "/api/v1/staff/users/<string:user_id>/totp",
        lambda w: f"/api/v1/staff/users/{w.victim_user_id}/totp",
        _admin,
    ),
    # A staff member's own e-mail notices (tipsapp/notifications/).
    Write(
        "PUT",
        "/api/v1/staff/me/notifications",
        lambda w: "/api/v1/staff/me/notifications",
        _analyst,
        lambda w: {
            "subscriptions": [{"area": "gislaved", "kind": "urgent_item"}],
            "quiet_from": "22:00",
            "quiet_until": "07:00",
        },
        codes=("subscriptions.0.area", "subscriptions.0.kind", "quiet_from", "quiet_until"),
    ),
    Write(
        "PUT",
        "/api/v1/areas/<string:code>/notification-policy",
        lambda w: "/api/v1/areas/gislaved/notification-policy",
        _admin,
        lambda w: {"overdue_after_hours": 24},
        codes=("overdue_after_hours",),
    ),
    # The receipt's QR code on the resident page: JSON in, SVG out.
    Write(
        "POST",
        "/kvitto/qr.svg",
        lambda w: "/kvitto/qr.svg",
        _none,
        lambda w: {"reference": w.tip_reference, "receipt": w.tip_receipt},
        codes=("reference",),
        secrets=("receipt",),
    ),
)


# Open311 GeoReport v2 (tipsapp/open311/): form-encoded or JSON in, and refusals in
# GeoReport's own shape, not the envelope; judged in test_open311.
GEOREPORT = {("POST", "/open311/v2/requests.<string:fmt>")}

# The browser forms: they answer HTML pages, never JSON, and are judged in test_forms.
FORMS = {
    ("POST", "/"),
    ("POST", "/uppfoljning"),
    ("POST", "/staff/login"),
    ("POST", "/staff/logout"),
    ("POST", "/staff/account/totp"),
    ("POST", "/staff/account/totp/confirm"),
    ("POST", "/staff/account/sessions/<string:login_id>/end"),
}


def set_path(body: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of ``body`` with the field at ``a.0.b`` replaced (lists indexed by number)."""
    copy = json.loads(json.dumps(body))
    node: Any = copy
    *parents, last = dotted.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return copy
