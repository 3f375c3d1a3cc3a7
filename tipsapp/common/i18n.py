"""Swedish first, English second: language negotiation and the short texts the API says."""

from __future__ import annotations

import re
from typing import Any

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


# --- the public follow-up of the citizen promise ---------------------------------------------

PUBLIC_TEXTS: dict[str, dict[str, str]] = {
    "heading": {
        "sv": "Uppföljning av medborgarlöftet",
        "en": "Follow-up of the citizen promise",
    },
    "intro": {
        "sv": "Vad kommunen och polisen lovade, vad som kom in och vad som görs.",
        "en": "What the municipality and the police promised, what came in and what is done.",
    },
    "covers": {"sv": "Omfattar", "en": "Covers"},
    "period": {"sv": "Period", "en": "Period"},
    "made_at": {"sv": "Sammanställd", "en": "Made"},
    "last_report": {"sv": "Senast publicerade lägesbild", "en": "Latest published report"},
    "promise_heading": {"sv": "Vad medborgarlöftet säger", "en": "What the promise says"},
    "no_promise": {
        "sv": "Medborgarlöftet för området finns inte som text här ännu.",
        "en": "The promise for this area is not available here yet.",
    },
    "focus_areas": {"sv": "Fokusområden", "en": "Focus areas"},
    "categories_heading": {
        "sv": "Vad som kom in, per kategori och månad",
        "en": "What came in, by category and month",
    },
    "categories_note": {
        "sv": "Tips och iakttagelser som tagits med i en publicerad lägesbild, efter den månad "
        "de kom in (svensk tid). Utkast räknas inte.",
        "en": "Tips and observations included in a published situation report, by the month "
        "they came in (Swedish time). Drafts are not counted.",
    },
    "districts_heading": {
        "sv": "Var, per ort och månad",
        "en": "Where, by locality and month",
    },
    "districts_note": {
        "sv": "Bara det som har en plats räknas här, och bara orten visas.",
        "en": "Only what has a location is counted here, and only the locality is shown.",
    },
    "other_place": {"sv": "Annan plats i kommunen", "en": "Elsewhere in the municipality"},
    "category": {"sv": "Kategori", "en": "Category"},
    "district": {"sv": "Ort", "en": "Locality"},
    "small": {"sv": "färre än 5", "en": "fewer than 5"},
    "hidden": {"sv": "dold", "en": "hidden"},
    "withheld": {"sv": "visas inte", "en": "not shown"},
    "suppression_note": {
        "sv": "Tal under 5 visas som ”färre än 5” så att ingen enskild person kan pekas ut. "
        "Inga summor visas. ”Dold” är ett tal på 5 eller mer som döljs för att ett litet tal "
        "annars skulle gå att räkna ut; ”visas inte” betyder att hela månaden för orterna "
        "döljs av samma skäl.",
        "en": "Figures under 5 are shown as “fewer than 5” so no single person can be singled "
        "out. No totals are shown. “Hidden” is a figure of 5 or more withheld because a small "
        "figure could otherwise be worked out; “not shown” means the whole month of the "
        "localities is withheld for the same reason.",
    },
    "actions_heading": {"sv": "Vad som görs", "en": "What is being done"},
    "no_actions": {
        "sv": "Inga insatser är publicerade ännu.",
        "en": "No actions have been published yet.",
    },
    "action": {"sv": "Insats", "en": "Action"},
    "owner": {"sv": "Ansvarig", "en": "Responsible"},
    "due": {"sv": "Klart senast", "en": "Due"},
    "status": {"sv": "Status", "en": "Status"},
    "reason": {"sv": "Varför", "en": "Why"},
    "statements_heading": {
        "sv": "Faktiska förhållanden",
        "en": "The actual situation",
    },
    "statements_intro": {
        "sv": "Kommunen och polisen berättar hur det faktiskt är och bemöter felaktiga påståenden.",
        "en": "The municipality and the police say how things actually are and answer false "
        "claims.",
    },
    "no_statements": {"sv": "Inga kommentarer ännu.", "en": "No statements yet."},
    "about_report": {"sv": "Gäller lägesbild", "en": "About report"},
    "privacy": {
        "sv": "Sidan sparar ingenting om dig: inga kakor, ingen besöksstatistik, inga adresser.",
        "en": "This page stores nothing about you: no cookies, no visitor statistics, "
        "no addresses.",
    },
    "other_language": {"sv": "In English", "en": "På svenska"},
    "area_not_found": {
        "sv": "Det finns inget område med den koden.",
        "en": "There is no area with that code.",
    },
}


# --- field messages of the error envelope ----------------------------------------------------
#
# The API's per-field messages come from marshmallow (and webargs) in English, and from our own
# schemas and services in English. They are translated here, at one place, by message text:
# exact texts first, then templates whose {placeholders} stand for values the message quotes
# (lengths, choices, codes). A message not in this catalogue is passed on as it is.

_RANGE_OPS = {
    "greater than or equal to": "större än eller lika med",
    "greater than": "större än",
    "less than or equal to": "mindre än eller lika med",
    "less than": "mindre än",
}
_MIN_OPS = [op for op in _RANGE_OPS if op.startswith("greater")]
_MAX_OPS = [op for op in _RANGE_OPS if op.startswith("less")]

FIELD_MESSAGES_SV: dict[str, str] = {
    # marshmallow's fields and schemas
    "Missing data for required field.": "Fältet krävs men saknas.",
    "Field may not be null.": "Fältet får inte vara null.",
    "Invalid input type.": "Fel sorts indata.",
    "Invalid type.": "Fel typ.",
    "Invalid value.": "Ogiltigt värde.",
    "Invalid input.": "Ogiltig indata.",
    "Unknown field.": "Okänt fält.",
    "Not a valid string.": "Inte en giltig textsträng.",
    "Not a valid utf-8 string.": "Inte en giltig UTF-8-sträng.",
    "Not a valid integer.": "Inte ett giltigt heltal.",
    "Not a valid number.": "Inte ett giltigt tal.",
    "Number too large.": "Talet är för stort.",
    "Special numeric values (nan or infinity) are not permitted.": (
        "Specialvärden (nan eller oändligheten) är inte tillåtna."
    ),
    "Not a valid boolean.": "Inte ett giltigt sanningsvärde (true eller false).",
    "Not a valid list.": "Inte en giltig lista.",
    "Not a valid tuple.": "Inte en giltig tupel.",
    "Not a valid mapping type.": "Inte ett giltigt objekt.",
    "Not a valid UUID.": "Inte ett giltigt UUID.",
    "Not a valid email address.": "Inte en giltig e-postadress.",
    "Not a valid URL.": "Inte en giltig URL.",
    "Not a valid datetime.": "Inte en giltig tidpunkt (datum och tid).",
    "Not a valid naive datetime.": "Inte en giltig tidpunkt utan tidszon.",
    "Not a valid aware datetime.": "Inte en giltig tidpunkt med tidszon.",
    "Not a valid date.": "Inte ett giltigt datum.",
    "Not a valid time.": "Inte en giltig tid.",
    "Not a valid naive time.": "Inte en giltig tid utan tidszon.",
    "Not a valid aware time.": "Inte en giltig tid med tidszon.",
    "Not a valid period of time.": "Inte en giltig tidsperiod.",
    "Not a valid IP address.": "Inte en giltig IP-adress.",
    "Not a valid IPv4 address.": "Inte en giltig IPv4-adress.",
    "Not a valid IPv6 address.": "Inte en giltig IPv6-adress.",
    "Not a valid IP interface.": "Inte ett giltigt IP-gränssnitt.",
    "Not a valid IPv4 interface.": "Inte ett giltigt IPv4-gränssnitt.",
    "Not a valid IPv6 interface.": "Inte ett giltigt IPv6-gränssnitt.",
    "String does not match expected pattern.": "Texten har inte det väntade formatet.",
    "Invalid JSON body.": "Innehållet är inte giltig JSON.",
    # marshmallow's validators, with the values they quote
    "Length must be between {min} and {max}.": "Längden måste vara mellan {min} och {max}.",
    "Length must be {equal}.": "Längden måste vara {equal}.",
    "Shorter than minimum length {min}.": "Kortare än minsta längden {min}.",
    "Longer than maximum length {max}.": "Längre än största längden {max}.",
    "Must be one of: {choices}.": "Måste vara ett av: {choices}.",
    "Must be equal to {other}.": "Måste vara lika med {other}.",
    "One or more of the choices you made was not in: {choices}.": (
        "Ett eller flera av valen finns inte bland: {choices}."
    ),
    "One or more of the choices you made was in: {values}.": (
        "Ett eller flera av valen får inte vara: {values}."
    ),
    **{
        f"Must be {low} {{min}} and {high} {{max}}.": (
            f"Måste vara {_RANGE_OPS[low]} {{min}} och {_RANGE_OPS[high]} {{max}}."
        )
        for low in _MIN_OPS
        for high in _MAX_OPS
    },
    **{f"Must be {op} {{min}}.": f"Måste vara {_RANGE_OPS[op]} {{min}}." for op in _MIN_OPS},
    **{f"Must be {op} {{max}}.": f"Måste vara {_RANGE_OPS[op]} {{max}}." for op in _MAX_OPS},
    # our own fields, schemas and services
    "Must not contain control characters.": "Får inte innehålla styrtecken.",
    "Must not contain NUL or unpaired surrogate characters.": (
        "Får inte innehålla NUL-tecken eller ensamma surrogattecken."
    ),
    "Must be at least {n} characters.": "Måste vara minst {n} tecken.",
    "Must be at most {n} characters.": "Får vara högst {n} tecken.",
    "Latitude must be within Sweden.": "Latituden måste ligga inom Sverige.",
    "Longitude must be within Sweden.": "Longituden måste ligga inom Sverige.",
    "Every position must be [lon, lat] within Sweden.": (
        "Varje position måste vara [lon, lat] inom Sverige."
    ),
    "Must not be in the future.": "Får inte ligga i framtiden.",
    "Must be after 2000-01-01.": "Måste vara efter 2000-01-01.",
    "Unknown area.": "Okänt område.",
    "Unknown area: {codes}": "Okänt område: {codes}",
    "Unknown category.": "Okänd kategori.",
    "Unknown role.": "Okänd roll.",
    "Unknown kind.": "Okänd sorts organisation.",
    "Unknown organisation.": "Okänd organisation.",
    "Unknown item.": "Okänt ärende.",
    "Unknown walk.": "Okänd vandring.",
    "Wrong password.": "Fel lösenord.",
    "Not a valid reference.": "Inte en giltig referens.",
    "Not a valid receipt.": "Inte ett giltigt kvitto.",
    "An account has this e-mail.": "Ett konto har redan den e-postadressen.",
    "An organisation has this name.": "En organisation har redan det namnet.",
    "An item cannot duplicate itself.": "Ett ärende kan inte vara en dubblett av sig självt.",
    "Already used with a different request body.": "Redan använd med ett annat innehåll.",
    "Already used on another walk.": "Redan använd på en annan vandring.",
    "Invalid cursor.": "Ogiltig sidmarkör.",
    "Must be a walk in the same area.": "Måste vara en vandring i samma område.",
    "Must be a walk that started earlier.": "Måste vara en vandring som började tidigare.",
    "No published report of this area with that id.": (
        "Ingen publicerad lägesbild för området har det id:t."
    ),
    "Not on this walk's checklist: {codes}": "Finns inte i vandringens checklista: {codes}",
    "Allowed: {statuses}": "Tillåtet: {statuses}",
    "Allowed from '{status}': {statuses}": "Tillåtet från '{status}': {statuses}",
    "'{action}' applies to: {statuses}": "'{action}' gäller för: {statuses}",
    "Give an item, a walk or an area.": "Ange ett ärende, en vandring eller ett område.",
    "The walk is in another area than the item.": "Vandringen är i ett annat område än ärendet.",
    "Does not match the item's or the walk's area.": (
        "Stämmer inte med ärendets eller vandringens område."
    ),
    "The observation was made on another walk.": "Iakttagelsen gjordes på en annan vandring.",
    "The organisation's agreement does not cover this area.": (
        "Organisationens avtal omfattar inte det här området."
    ),
    "Say why the action will not be done.": "Skriv varför insatsen inte blir av.",
}

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


_EXACT_SV = {en: sv for en, sv in FIELD_MESSAGES_SV.items() if not _PLACEHOLDER.search(en)}
_TEMPLATES_SV = [
    (_pattern(en), sv) for en, sv in FIELD_MESSAGES_SV.items() if _PLACEHOLDER.search(en)
]


def translate_field_message(message: str, language: str) -> str:
    """One field message in ``language``; English, or a message we do not know, as it is."""
    if language == "en":
        return message
    exact = _EXACT_SV.get(message)
    if exact is not None:
        return exact
    for pattern, swedish in _TEMPLATES_SV:
        found = pattern.match(message)
        if found:
            return swedish.format(**found.groupdict())
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
    if explicit in LANGUAGES or request.headers.get("Accept-Language"):
        return negotiate_language(explicit)
    return "en"
