"""Service types and requests as Open311 documents (plain dicts, rendered by formats.py).

Reporter contact details never appear here: they are not even read.
"""

from typing import Any

from civicdesk.catalog.models import ServiceType
from civicdesk.open311.formats import w3c
from civicdesk.open311.services import Extras, RequestRow
from civicdesk.service_requests.choices import OPEN_STATUSES, EventKind
from civicdesk.service_requests.models import RequestEvent


def service_document(service: ServiceType, language: str) -> dict[str, Any]:
    """`metadata` uses the list's `question_count` annotation when there is one (0 too), not a query per service."""
    question_count = getattr(service, "question_count", None)
    return {
        "service_code": service.service_code,
        "service_name": service.localized_name(language),
        "description": service.localized_description(language),
        "metadata": question_count > 0 if question_count is not None else service.questions.exists(),
        "type": service.kind,
        "keywords": service.keywords,
        "group": service.group,
    }


def service_definition(service: ServiceType, language: str) -> dict[str, Any]:
    return {
        "service_code": service.service_code,
        "attributes": [
            {
                "variable": question.variable,
                "code": question.code,
                "datatype": question.datatype,
                "required": question.required,
                "datatype_description": question.datatype_description or None,
                "order": question.order,
                "description": question.localized_prompt(language),
                "values": [
                    {"key": value.key, "name": value.localized_name(language)}
                    for value in question.values.all()
                ],
            }
            for question in service.questions.all()
        ],
    }


def request_document(
    row: RequestRow, language: str, photos: list[str], extras: Extras | None = None
) -> dict[str, Any]:
    """The 17 keys of the spec on every request (None, not "", when empty); with `extras` (extensions=true),
    also `extended_attributes`, `attributes` and `notes`. `row` comes from `services.find_requests`, `photos`
    are its public photos' URLs."""
    es = language.startswith("es")
    document: dict[str, Any] = {
        "service_request_id": row.public_id,
        "status": "open" if row.status in OPEN_STATUSES else "closed",
        "status_notes": row.resolution_notes or None,
        "service_name": row.service_name_es if es and row.service_name_es else row.service_name,
        "service_code": row.service_code,
        "description": row.description or None,
        "agency_responsible": row.agency_name,
        "service_notice": None,
        "requested_datetime": w3c(row.requested_at),
        "updated_datetime": w3c(row.updated_at),
        "expected_datetime": w3c(row.expected_at),
        "address": row.address or None,
        "address_id": row.address_point_code,
        "zipcode": row.zip_code or None,
        "lat": row.lat,
        "long": row.lon,
        "media_url": photos[0] if photos else None,
    }
    if extras is not None:
        document.update(_extended(row, photos, extras))
    return document


def _extended(row: RequestRow, photos: list[str], extras: Extras) -> dict[str, Any]:
    districts = extras.districts.get(row.id, [])
    council = next((d for d in districts if d[0] == "council-district"), districts[0] if districts else None)
    prompts = extras.prompts.get(row.service_id, {})
    attributes = []
    for code, value in extras.answers.get(row.id, {}).items():
        attributes.append(
            {
                "label": prompts.get(code, code),
                "name": code,
                "code": code,
                "value": ", ".join(map(str, value)) if isinstance(value, list) else value,
            }
        )
    notes = [
        {"datetime": w3c(event.at), "description": event.note, "type": _note_type(event)}
        for event in extras.notes.get(row.id, [])
    ]
    return {
        "extended_attributes": {
            "channel": row.channel,
            "detailed_status": row.status,
            "resolution": row.resolution or None,
            "duplicate": row.parent_public_id is not None,
            "parent_service_request_id": row.parent_public_id,
            "photos": photos,
            "district": council[2] if council else None,
            "districts": [{"kind": kind, "code": code, "name": name} for kind, code, name in districts],
        },
        "attributes": attributes,
        "notes": notes,
    }


def _note_type(event: RequestEvent) -> str:
    return "status" if event.kind in (EventKind.STATUS_CHANGED, EventKind.REOPENED) else "comment"


def update_document(event: RequestEvent, base_url: str) -> dict[str, Any]:
    """One service request update, as FixMyStreet's Open311 client reads them.

    A note's status is the one the request had then (`status_before`, from find_updates).
    """
    from civicdesk.service_requests.choices import OPEN_STATUSES, Status

    status = event.to_status or getattr(event, "status_before", None) or Status.NEW
    return {
        "update_id": str(event.pk),
        "service_request_id": event.request.public_id,
        "status": "open" if status in OPEN_STATUSES else "closed",
        "updated_datetime": w3c(event.at),
        "description": event.note or event.get_to_status_display() or "",
        "media_url": None,
        "external_status_code": status,
    }
