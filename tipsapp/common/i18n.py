"""Swedish first, English second: language negotiation and the short texts the API says."""

from __future__ import annotations

from flask import request

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TEXTS: dict[str, dict[str, str]] = {
    "emergency_note": {
        "sv": "Pågår ett brott eller är någon i fara? Ring 112 direkt. "
        "För annat till polisen: ring 114 14.",
        "en": "Is a crime happening now or is someone in danger? Call 112 at once. "
        "For other police matters: call 114 14.",
    },
    "urgent_note": {
        "sv": "Det du beskriver låter som att det händer nu. Ring 112 direkt: "
        "tipset här läses inte dygnet runt.",
        "en": "What you describe sounds like it is happening now. Call 112 at once: "
        "tips here are not read around the clock.",
    },
    "bad_request": {"sv": "Begäran kunde inte läsas.", "en": "The request could not be read."},
    "invalid_json": {
        "sv": "Innehållet är inte giltig JSON.",
        "en": "The body is not valid JSON.",
    },
    "not_found": {"sv": "Hittades inte.", "en": "Not found."},
    "unauthorized": {
        "sv": "Logga in för att fortsätta.",
        "en": "Log in to continue.",
    },
    "invalid_credentials": {
        "sv": "Fel e-postadress eller lösenord.",
        "en": "Wrong e-mail address or password.",
    },
    "forbidden": {
        "sv": "Din roll får inte göra detta.",
        "en": "Your role may not do this.",
    },
    "precondition_failed": {
        "sv": "Någon annan har ändrat detta under tiden. Läs in det igen.",
        "en": "Someone else changed this meanwhile. Reload it.",
    },
    "invalid_transition": {
        "sv": "Statusen kan inte ändras så från nuvarande läge.",
        "en": "The status cannot change that way from where it is.",
    },
    "method_not_allowed": {
        "sv": "Metoden är inte tillåten här.",
        "en": "This method is not allowed here.",
    },
    "payload_too_large": {
        "sv": "Innehållet är för stort.",
        "en": "The request body is too large.",
    },
    "unsupported_media_type": {
        "sv": "Skicka innehållet som application/json.",
        "en": "Send the body as application/json.",
    },
    "validation_failed": {
        "sv": "Några fält behöver rättas.",
        "en": "Some fields need to be corrected.",
    },
    "idempotency_key_reused": {
        "sv": "Samma Idempotency-Key har redan använts för ett annat innehåll.",
        "en": "This Idempotency-Key was already used with a different body.",
    },
    "rate_limited": {
        "sv": "För många försök. Vänta en stund och försök igen.",
        "en": "Too many attempts. Wait a while and try again.",
    },
    "conflict": {"sv": "Konflikt med nuvarande läge.", "en": "Conflicts with the current state."},
    "internal_error": {
        "sv": "Något gick fel hos oss. Inget av det du skickade har sparats; försök igen.",
        "en": "Something went wrong on our side. Nothing you sent was stored; please try again.",
    },
    "service_unavailable": {
        "sv": "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.",
        "en": "The service is temporarily unavailable. Please try again shortly.",
    },
    "walk_not_found": {
        "sv": "Koden gäller ingen pågående trygghetsvandring.",
        "en": "The code matches no walk that is open now.",
    },
    "walk_closed": {
        "sv": "Vandringen är avslutad.",
        "en": "The walk is closed.",
    },
    "tip_not_found": {
        "sv": "Ingen rapport med den referensen och kvittokoden.",
        "en": "No report with that reference and receipt.",
    },
}

STATUS_LABELS: dict[str, dict[str, str]] = {
    "received": {"sv": "Mottaget", "en": "Received"},
    "in_progress": {"sv": "Under behandling", "en": "Being handled"},
    "reported": {"sv": "Med i lägesbilden", "en": "Included in the situation report"},
    "closed": {"sv": "Avslutat", "en": "Closed"},
}


def negotiate_language(explicit: str | None = None) -> str:
    """``explicit`` (e.g. ``?lang=``) wins, then ``Accept-Language``, then Swedish."""
    if explicit in LANGUAGES:
        return explicit
    best = request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)
    return best or DEFAULT_LANGUAGE


def text(key: str, language: str | None = None) -> str:
    entry = TEXTS[key]
    return entry.get(language or DEFAULT_LANGUAGE, entry[DEFAULT_LANGUAGE])


# --- safety walks and actions (insatser) -----------------------------------------------------

ISSUE_LABELS: dict[str, dict[str, str]] = {
    "lighting": {"sv": "Belysning", "en": "Lighting"},
    "vegetation": {"sv": "Vegetation och skymd sikt", "en": "Vegetation and blocked views"},
    "littering": {"sv": "Nedskräpning", "en": "Littering"},
    "graffiti": {"sv": "Klotter", "en": "Graffiti"},
    "damage": {"sv": "Skadegörelse", "en": "Damage"},
    "crossing": {"sv": "Osäker passage", "en": "Unsafe crossing"},
    "speeding": {"sv": "Höga hastigheter", "en": "Speeding"},
    "gathering": {"sv": "Samlingsplats, oro", "en": "Gatherings, disturbance"},
    "other": {"sv": "Övrigt", "en": "Other"},
}

ACTION_STATUS_LABELS: dict[str, dict[str, str]] = {
    "planned": {"sv": "Planerad", "en": "Planned"},
    "in_progress": {"sv": "Pågår", "en": "In progress"},
    "done": {"sv": "Genomförd", "en": "Done"},
    "wont_do": {"sv": "Blir inte av", "en": "Will not be done"},
}

WALK_TEXTS: dict[str, dict[str, str]] = {
    "followup_heading": {
        "sv": "Uppföljning av trygghetsvandringen",
        "en": "Follow-up of the safety walk",
    },
    "followup_intro": {
        "sv": "Här ser du vad som har hänt med det ni såg under vandringen och vilka "
        "insatser som är planerade eller gjorda.",
        "en": "Here you can see what happened to what you noticed on the walk and which "
        "actions are planned or done.",
    },
    "followup_no_actions": {
        "sv": "Inga insatser är beslutade ännu.",
        "en": "No actions have been decided yet.",
    },
    "map_title": {"sv": "Karta över vandringen", "en": "Map of the walk"},
    "map_route": {"sv": "Vandringens sträcka", "en": "Route of the walk"},
    "map_north": {"sv": "N", "en": "N"},
    "map_no_place": {"sv": "ingen plats angiven", "en": "no place given"},
    "map_desc": {
        "sv": "{count} observationer med position, numrerade i den ordning de gjordes.",
        "en": "{count} observations with a position, numbered in the order they were made.",
    },
}


def label(table: dict[str, dict[str, str]], key: str, language: str | None = None) -> str:
    """A label from one of the tables above; an unknown key is shown as itself, not a 500."""
    entry = table.get(key)
    if entry is None:
        return key
    return entry.get(language or DEFAULT_LANGUAGE, entry[DEFAULT_LANGUAGE])
