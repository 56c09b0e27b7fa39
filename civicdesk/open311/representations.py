"""Service types and requests as Open311 documents (plain dicts, rendered by formats.py).

Reporter contact details never appear here: they are not even read.
"""

from typing import Any

from civicdesk.catalog.models import ServiceType
from civicdesk.open311.formats import w3c
from civicdesk.service_requests.choices import EventKind
from civicdesk.service_requests.models import RequestEvent, ServiceRequest


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
    es = language.startswith("es")
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
                "description": (question.prompt_es if es and question.prompt_es else question.prompt),
                "values": [
                    {"key": value.key, "name": value.name_es if es and value.name_es else value.name}
                    for value in question.values.all()
                ],
            }
            for question in service.questions.all()
        ],
    }


def request_document(
    request: ServiceRequest, language: str, photos: list[str], *, extensions: bool = False
) -> dict[str, Any]:
    """The 17 keys of the spec on every request (None, not "", when empty).

    `request` comes from `services.find_requests` (with its annotations); `photos` are its public photos' URLs.
    """
    document: dict[str, Any] = {
        "service_request_id": request.public_id,
        "status": request.open311_status,
        "status_notes": request.resolution_notes or None,
        "service_name": request.service.localized_name(language),
        "service_code": request.service.service_code,
        "description": request.description or None,
        "agency_responsible": getattr(request, "agency_name", None),
        "service_notice": None,
        "requested_datetime": w3c(request.requested_at),
        "updated_datetime": w3c(request.updated_at),
        "expected_datetime": w3c(request.expected_at),
        "address": request.address or None,
        "address_id": getattr(request, "address_point_code", None),
        "zipcode": request.zip_code or None,
        "lat": request.lat,
        "long": request.lon,
        "media_url": photos[0] if photos else None,
    }
    if extensions:
        document.update(_extended(request, language, photos))
    return document


def _extended(request: ServiceRequest, language: str, photos: list[str]) -> dict[str, Any]:
    districts = list(request.districts.all())
    council = next((d for d in districts if d.kind == "council-district"), districts[0] if districts else None)
    questions = {question.code: question for question in request.service.questions.all()}
    attributes = []
    for code, value in request.answers.items():
        question = questions.get(code)
        attributes.append(
            {
                "label": question.prompt if question else code,
                "name": code,
                "code": code,
                "value": ", ".join(map(str, value)) if isinstance(value, list) else value,
            }
        )
    notes = [
        {"datetime": w3c(event.at), "description": event.note, "type": _note_type(event)}
        for event in request.events.all()
        if event.is_public
        and (event.note or event.kind == EventKind.STATUS_CHANGED)
        and event.kind in (EventKind.NOTE, EventKind.STATUS_CHANGED, EventKind.REOPENED)
    ]
    return {
        "extended_attributes": {
            "channel": request.channel,
            "detailed_status": request.status,
            "resolution": request.resolution or None,
            "duplicate": request.parent_id is not None,
            "parent_service_request_id": getattr(request, "parent_public_id", None),
            "photos": photos,
            "district": council.name if council else None,
            "districts": [{"kind": d.kind, "code": d.code, "name": d.name} for d in districts],
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
