"""The short texts the API says, and the labels residents and the public read.

The texts are English msgids in ``tipsapp.i18n`` tables, translated by the ``messages``
catalogues into every offered language.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request

from tipsapp.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Table,
    canonical_code,
    label,
    negotiate_language,
)
from tipsapp.reference.data import CATEGORIES, FOCUS_AREAS
from tipsapp.walks.checklist import CHECKLIST

__all__ = [
    "ACTION_STATUS_LABELS",
    "CATEGORY_LABELS",
    "CHECKLIST_LABELS",
    "DEFAULT_LANGUAGE",
    "FOCUS_LABELS",
    "ISSUE_LABELS",
    "LANGUAGES",
    "PUBLIC_TEXTS",
    "STATUS_LABELS",
    "TEXTS",
    "WALK_TEXTS",
    "label",
    "negotiate_language",
    "text",
]

TEXTS = Table(
    "api",
    {
        "emergency_note": "Is a crime happening now or is someone in danger? Call 112 at once. "
        "For other police matters: call 114 14.",
        "urgent_note": "What you describe sounds like it is happening now. Call 112 at once: tips "
        "here are not read around the clock.",
        "bad_request": "The request could not be read.",
        "invalid_json": "The body is not valid JSON.",
        "not_found": "Not found.",
        "unauthorized": "Log in to continue.",
        "invalid_credentials": "Wrong e-mail address or password.",
        "forbidden": "Your role may not do this.",
        "precondition_failed": "Someone else changed this meanwhile. Reload it.",
        "invalid_transition": "The status cannot change that way from where it is.",
        "method_not_allowed": "This method is not allowed here.",
        "payload_too_large": "The request body is too large.",
        "unsupported_media_type": "Send the body as application/json.",
        "validation_failed": "Some fields need to be corrected.",
        "idempotency_key_reused": "This Idempotency-Key was already used with a different body.",
        "rate_limited": "Too many attempts. Wait a while and try again.",
        "conflict": "Conflicts with the current state.",
        "internal_error": "Something went wrong on our side. Nothing you sent was stored; please "
        "try again.",
        "service_unavailable": "The service is temporarily unavailable. Please try again shortly.",
        "walk_not_found": "The code matches no walk that is open now.",
        "walk_closed": "The walk is closed.",
        "tip_not_found": "No report with that reference and receipt.",
    },
)

STATUS_LABELS = Table(
    "resident_status",
    {
        "received": "Received",
        "in_progress": "Being handled",
        "reported": "Included in the situation report",
        "closed": "Closed",
    },
)


def text(key: str, language: str | None = None) -> str:
    """One of the API's texts in ``language`` (Swedish when none is given)."""
    return TEXTS.get(key, language or DEFAULT_LANGUAGE)


# --- safety walks and actions (insatser) -----------------------------------------------------

ISSUE_LABELS = Table(
    "issue",
    {
        "lighting": "Lighting",
        "vegetation": "Vegetation and blocked views",
        "littering": "Littering",
        "graffiti": "Graffiti",
        "damage": "Damage",
        "crossing": "Unsafe crossing",
        "speeding": "Speeding",
        "gathering": "Gatherings, disturbance",
        "other": "Other",
    },
)

ACTION_STATUS_LABELS = Table(
    "action_status",
    {
        "planned": "Planned",
        "in_progress": "In progress",
        "done": "Done",
        "wont_do": "Will not be done",
    },
)

WALK_TEXTS = Table(
    "walk",
    {
        "followup_heading": "Follow-up of the safety walk",
        "followup_intro": "Here you can see what happened to what you noticed on the walk and "
        "which actions are planned or done.",
        "followup_no_actions": "No actions have been decided yet.",
        "map_title": "Map of the walk",
        "map_route": "Route of the walk",
        "map_north": "N",
        "map_no_place": "no place given",
        "map_desc": "{count} observations with a position, numbered in the order they were made.",
    },
)

# Is it fixed? Asked of the tipster and the walk's participants once an action is done.
FIXED_TEXTS = Table(
    "fixed",
    {
        "question": "Is it fixed?",
        "yes": "Yes",
        "no": "No",
        "partly": "Partly",
    },
)


# --- the public follow-up of the citizen promise ---------------------------------------------

PUBLIC_TEXTS = Table(
    "public",
    {
        "heading": "Follow-up of the citizen promise",
        "intro": "What the municipality and the police promised, what came in and what is done.",
        "covers": "Covers",
        "period": "Period",
        "made_at": "Made",
        "last_report": "Latest published report",
        "promise_heading": "What the promise says",
        "no_promise": "The promise for this area is not available here yet.",
        "focus_areas": "Focus areas",
        "earlier_promises": "Earlier promises",
        "promise_in_swedish": "The promise is shown as the municipality and the police wrote it, "
        "in Swedish.",
        "figures_heading": "What came in, and where",
        "figures_intro": "Tips and observations included in a published situation report, by "
        "when they came in (Swedish time), newest first. Drafts are not counted.",
        "granularity_month": "Counted by month.",
        "granularity_quarter": "Counted by quarter: by month, most figures would be too small to "
        "show.",
        "granularity_year": "Counted by year: by month or by quarter, most figures would be too "
        "small to show.",
        "no_figures": "Nothing has been published in a situation report yet, so there are no "
        "figures.",
        "so_far": "so far",
        "by_category": "By category",
        "by_district": "By locality",
        "count": "Number",
        "why_hidden_heading": "Why some figures are hidden",
        "why_hidden": "In a small place, a figure like 1 or 2 can be enough to guess who sent a "
        "tip. So a figure under 5 is written as “fewer than 5”, and no totals are shown. "
        "Sometimes a larger figure is hidden too, because the small one could otherwise be "
        "worked out from the others.",
        "districts_note": "Only what has a location is counted here, and only the locality is "
        "shown.",
        "other_place": "Elsewhere in the municipality",
        "category": "Category",
        "district": "Locality",
        "small": "fewer than 5",
        "hidden": "hidden",
        "withheld": "not shown",
        "suppression_note": "Figures under 5 are shown as “fewer than 5” so no single person can "
        "be singled out. No totals are shown. “Hidden” is a figure of 5 or more withheld "
        "because a small figure could otherwise be worked out; “not shown” means the whole "
        "month of the localities is withheld for the same reason.",
        "actions_heading": "What is being done",
        "no_actions": "No actions have been published yet.",
        "fixed_heading": "Is it fixed?",
        "fixed_intro": "When an action on a problem in the environment or a safety walk "
        "finding is done, we ask those who reported it if it is fixed. Of the actions above:",
        "fixed_done": "Actions done: {count}",
        "fixed_asked": "Of these, we asked those who reported it: {count}",
        "fixed_yes": "Answered “yes”: {count}",
        "fixed_partly": "Answered “partly”: {count}",
        "fixed_no": "Answered “no”: {count}",
        "action": "Action",
        "owner": "Responsible",
        "due": "Due",
        "status": "Status",
        "reason": "Why",
        "statements_heading": "The actual situation",
        "statements_intro": "The municipality and the police say how things actually are and "
        "answer false claims.",
        "no_statements": "No statements yet.",
        "about_report": "About report",
        "privacy": "This page stores nothing about you: no visitor statistics, no addresses. If "
        "you pick a language, a cookie in your browser remembers that choice and nothing else.",
        "area_not_found": "There is no area with that code.",
    },
)


# --- field messages of the error envelope -----------------------------------------------------

# The API's per-field messages come from marshmallow (and webargs) in English, and from our own
# schemas and services in English. They are translated here, at one place, by message text:
# exact texts first, then templates whose {placeholders} stand for values the message quotes
# (lengths, choices, codes). A message not in this catalogue is passed on as it is.
FIELD_MESSAGES = Table(
    "field",
    {
        message: message
        for message in (
            "Missing data for required field.",
            "Field may not be null.",
            "Invalid input type.",
            "Invalid type.",
            "Invalid value.",
            "Invalid input.",
            "Unknown field.",
            "Not a valid string.",
            "Not a valid utf-8 string.",
            "Not a valid integer.",
            "Not a valid number.",
            "Number too large.",
            "Special numeric values (nan or infinity) are not permitted.",
            "Not a valid boolean.",
            "Not a valid list.",
            "Not a valid tuple.",
            "Not a valid mapping type.",
            "Not a valid UUID.",
            "Not a valid email address.",
            "Not a valid URL.",
            "Not a valid datetime.",
            "Not a valid naive datetime.",
            "Not a valid aware datetime.",
            "Not a valid date.",
            "Not a valid time.",
            "Not a valid naive time.",
            "Not a valid aware time.",
            "Not a valid period of time.",
            "Not a valid IP address.",
            "Not a valid IPv4 address.",
            "Not a valid IPv6 address.",
            "Not a valid IP interface.",
            "Not a valid IPv4 interface.",
            "Not a valid IPv6 interface.",
            "String does not match expected pattern.",
            "Invalid JSON body.",
            "Length must be between {min} and {max}.",
            "Length must be {equal}.",
            "Shorter than minimum length {min}.",
            "Longer than maximum length {max}.",
            "Must be one of: {choices}.",
            "Must be equal to {other}.",
            "One or more of the choices you made was not in: {choices}.",
            "One or more of the choices you made was in: {values}.",
            "Must be greater than or equal to {min} and less than or equal to {max}.",
            "Must be greater than or equal to {min} and less than {max}.",
            "Must be greater than {min} and less than or equal to {max}.",
            "Must be greater than {min} and less than {max}.",
            "Must be greater than or equal to {min}.",
            "Must be greater than {min}.",
            "Must be less than or equal to {max}.",
            "Must be less than {max}.",
            "Must not contain control characters.",
            "Must not contain NUL or unpaired surrogate characters.",
            "Must be at least {n} characters.",
            "Must be at most {n} characters.",
            "Latitude must be within Sweden.",
            "Longitude must be within Sweden.",
            "Every position must be [lon, lat] within Sweden.",
            "Must not be in the future.",
            "Must be after 2000-01-01.",
            "Unknown area.",
            "Unknown area: {codes}",
            "Unknown category.",
            "Unknown role.",
            "Unknown kind.",
            "Unknown organisation.",
            "Unknown item.",
            "Unknown walk.",
            "Wrong password.",
            "Not a valid reference.",
            "Not a valid receipt.",
            "An account has this e-mail.",
            "An organisation has this name.",
            "An item cannot duplicate itself.",
            "Already used with a different request body.",
            "Already used on another walk.",
            "Already used.",
            "Invalid cursor.",
            "Must be a walk in the same area.",
            "Must be a walk that started earlier.",
            "No published report of this area with that id.",
            "Not on this walk's checklist: {codes}",
            "Allowed: {statuses}",
            "Allowed from '{status}': {statuses}",
            "'{action}' applies to: {statuses}",
            "Give an item, a walk or an area.",
            "The walk is in another area than the item.",
            "Does not match the item's or the walk's area.",
            "The observation was made on another walk.",
            "The organisation's agreement does not cover this area.",
            "Say why the action will not be done.",
            "No area with that code.",
            "Write the summary partners will read.",
            "Only sent when sharing: stopping clears the summary.",
        )
    },
    contextual=False,
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    """``"Longer than maximum length {max}."`` as a regex capturing what ``{max}`` stands for."""
    parts = _PLACEHOLDER.split(template)
    # split alternates literal text and placeholder names: literal, name, literal, ...
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", flags=re.DOTALL)


_TEMPLATES = [
    (_pattern(message), message) for message in FIELD_MESSAGES if _PLACEHOLDER.search(message)
]


def translate_field_message(message: str, language: str) -> str:
    """One field message in ``language``; English, or a message we do not know, as it is."""
    if language == "en":
        return message
    if message in FIELD_MESSAGES:
        return FIELD_MESSAGES.get(message, language)
    for pattern, template in _TEMPLATES:
        found = pattern.match(message)
        if found:
            return FIELD_MESSAGES.get(template, language, **found.groupdict())
    return message


def localize_field_messages(fields: Any, language: str) -> Any:
    """The envelope's ``fields`` (nested dicts and lists of messages) in ``language``."""
    if isinstance(fields, str):
        return translate_field_message(fields, language)
    if isinstance(fields, dict):
        return {key: localize_field_messages(value, language) for key, value in fields.items()}
    if isinstance(fields, list | tuple):
        return [localize_field_messages(value, language) for value in fields]
    return fields


def field_message_language(explicit: str | None = None) -> str:
    """The language of field messages: the negotiated one when the client names a language.

    Without ``?lang`` or ``Accept-Language`` they stay in English, marshmallow's own words,
    which programs and existing clients match on; ``message`` is Swedish by default as ever.
    """
    if canonical_code(explicit) is not None or request.headers.get("Accept-Language"):
        return negotiate_language(explicit)
    if request.cookies.get("lang"):
        return negotiate_language()
    return "en"


# --- reference labels: categories, focus areas, the walk checklist ---------------------------
# The database keeps the Swedish and English labels an admin sees; residents read these.

CATEGORY_LABELS = Table("category", {c.code: c.label_en for c in CATEGORIES})
FOCUS_LABELS = Table("focus_area", {f.code: f.label_en for f in FOCUS_AREAS})
CHECKLIST_LABELS = Table("checklist", {point.code: point.label_en for point in CHECKLIST})
