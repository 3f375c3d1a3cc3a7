"""Service requests in and out: a request is filed as an anonymous tip by the API's own intake,
and answered about by status, service and district only.

What a GeoReport client may send about the person (``email``, ``first_name``, ``last_name``,
``phone``, ``device_id``, ``account_id``) and its ``api_key`` are never read: tips are anonymous
and need no key. Only the fields below are taken from the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import marshmallow as ma
from sqlalchemy import select

from tipsapp.common.clock import utcnow
from tipsapp.common.i18n import STATUS_LABELS
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.open311.catalogue import SERVICES_BY_CODE, Service
from tipsapp.public.service import district_index
from tipsapp.reference.models import Area, District
from tipsapp.reference.service import DistrictNames
from tipsapp.tips.models import Tip
from tipsapp.tips.schemas import TipSubmitSchema
from tipsapp.tips.service import TipReceipt, canonical_reference, submit_tip
from tipsapp.triage.models import TriageItem

# The only request fields read; everything else a client sends is dropped unread.
ACCEPTED_FIELDS = ("service_code", "lat", "long", "description", "address_string")
# GeoReport's names for the intake's fields, so an error names what the client sent.
FIELD_NAMES = {"text": "description", "place": "address_string", "location": "lat/long"}
MAX_REQUEST_IDS = 50
LIST_LIMIT = 200
DEFAULT_LIST_DAYS = 90
STATUSES = ("open", "closed")


def bad_request(description: str) -> ApiError:
    return ApiError(400, "bad_request", message=description)


def _field(values: Mapping[str, Any], name: str) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad_request(f"{name}: must be a single value.")
    text = str(value).strip()
    return text or None


def _coordinate(values: Mapping[str, Any], name: str) -> float:
    raw = _field(values, name)
    if raw is None:
        raise bad_request(f"{name}: required (a position is how the area is found).")
    try:
        number = float(raw)
    except ValueError:
        raise bad_request(f"{name}: must be a number.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise bad_request(f"{name}: must be a number.")
    return number


def area_at(latitude: float, longitude: float) -> Area | None:
    """The area whose named district holds the point (the nearest, where circles overlap)."""
    districts = list(db.session.scalars(select(District).order_by(District.id)))
    index = district_index(districts, latitude, longitude)
    if index >= len(districts):
        return None
    return db.session.get(Area, districts[index].area_id)


def _service(code: str | None) -> Service:
    if code is None:
        raise bad_request("service_code: required.")
    service = SERVICES_BY_CODE.get(code)
    if service is None:
        raise bad_request(f"service_code: unknown; see services.json ({code[:64]!r}).")
    return service


def _validation_message(messages: Any) -> str:
    parts = []
    for field, field_messages in sorted(messages.items()) if isinstance(messages, dict) else ():
        name = FIELD_NAMES.get(field, field)
        flat = field_messages
        if isinstance(field_messages, dict):
            flat = [text for nested in field_messages.values() for text in nested]
        parts.append(f"{name}: {' '.join(str(text) for text in flat)}")
    return "; ".join(parts) or "Invalid request."


def submit_request(values: Mapping[str, Any], idempotency_key: UUID | None) -> TipReceipt:
    """File a service request as a tip: the API's validation, limits and idempotency."""
    service = _service(_field(values, "service_code"))
    latitude = _coordinate(values, "lat")
    longitude = _coordinate(values, "long")
    description = _field(values, "description")
    if description is None:
        raise bad_request("description: required (what is wrong, at least 10 characters).")
    location = {"lat": latitude, "lon": longitude}
    try:
        data = TipSubmitSchema().load(
            {
                "area": "-",  # found from the position below, once it is known to be valid
                "text": description,
                "category": service.category,
                "place": _field(values, "address_string"),
                "location": location,
            }
        )
    except ma.ValidationError as error:
        raise bad_request(_validation_message(error.messages)) from None
    area = area_at(latitude, longitude)
    if area is None:
        raise bad_request("lat/long: outside every area this service covers.")
    data["area"] = area.code
    try:
        return submit_tip(data, idempotency_key, open311_service=service.code)
    except ApiError as error:
        if error.status == 422:
            raise bad_request(error.message or _validation_message(error.fields)) from None
        raise


# --- following requests up -------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def request_view(tip: Tip, districts: DistrictNames, language: str) -> dict[str, Any]:
    """What anyone may read about a request: never its text, place or exact position."""
    item = tip.item
    resident_status = item.resident_status
    service = SERVICES_BY_CODE.get(tip.open311_service or "")
    english = language.startswith("en")
    district = districts.name(tip.area_id, tip.latitude, tip.longitude)
    return {
        "service_request_id": tip.reference,
        "status": "closed" if resident_status == "closed" else "open",
        "status_notes": STATUS_LABELS.get(resident_status, language),
        "service_name": (service.name_en if english else service.name_sv) if service else None,
        "service_code": tip.open311_service,
        "requested_datetime": _iso(tip.received_at),
        "updated_datetime": _iso(item.updated_at),
        "address": district or tip.area.name,
    }


def _open311_tips() -> Any:
    return (
        select(Tip)
        .join(TriageItem, TriageItem.tip_id == Tip.id)
        .where(Tip.open311_service.is_not(None))
    )


def request_ids(raw: str) -> list[str]:
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids or len(ids) > MAX_REQUEST_IDS:
        raise bad_request(f"service_request_id: 1 to {MAX_REQUEST_IDS} ids, comma separated.")
    return [canonical_reference(value) for value in ids]


def _moment(values: Mapping[str, str], name: str) -> datetime | None:
    raw = values.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{name}: an ISO 8601 date and time with its offset.") from None
    if moment.tzinfo is None:
        raise bad_request(f"{name}: an ISO 8601 date and time with its offset.")
    return moment


def find_requests(values: Mapping[str, str], language: str) -> list[dict[str, Any]]:
    """GET requests.json: by id (a comma list), or by service, status and period (newest
    first, the last 90 days unless a period is given)."""
    query = _open311_tips()
    raw_ids = values.get("service_request_id")
    if raw_ids is not None:
        query = query.where(Tip.reference.in_(request_ids(raw_ids)))
    else:
        codes = [code for code in (values.get("service_code") or "").split(",") if code]
        for code in codes:
            _service(code)
        if codes:
            query = query.where(Tip.open311_service.in_(codes))
        start, end = _moment(values, "start_date"), _moment(values, "end_date")
        if start is None and end is None:
            start = utcnow() - timedelta(days=DEFAULT_LIST_DAYS)
        if start is not None:
            query = query.where(Tip.received_at >= start)
        if end is not None:
            query = query.where(Tip.received_at <= end)
        query = query.order_by(Tip.received_at.desc(), Tip.id.desc()).limit(LIST_LIMIT)
    statuses = [status for status in (values.get("status") or "").split(",") if status]
    if any(status not in STATUSES for status in statuses):
        raise bad_request("status: open or closed.")
    districts = DistrictNames()
    views = [request_view(tip, districts, language) for tip in db.session.scalars(query)]
    return [view for view in views if not statuses or view["status"] in statuses]


def find_request(request_id: str, language: str) -> dict[str, Any]:
    tip = db.session.scalars(
        _open311_tips().where(Tip.reference == canonical_reference(request_id))
    ).first()
    if tip is None:
        raise ApiError(404, "not_found", message="No such service request.")
    return request_view(tip, DistrictNames(), language)
