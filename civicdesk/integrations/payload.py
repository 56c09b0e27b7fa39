"""The request document a department system receives: the request, its answers, place and photos."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from civicdesk.integrations.models import Delivery
from civicdesk.service_requests.models import ServiceRequest


def absolute(path_or_url: str) -> str:
    return path_or_url if "://" in path_or_url else settings.SITE_URL.rstrip("/") + path_or_url


def photo_urls(request: ServiceRequest) -> list[str]:
    return [absolute(photo.image.url) if photo.image else photo.url for photo in request.photos.all()]


def request_document(delivery: Delivery) -> dict[str, Any]:
    """What the webhook sends (and the email shows): no resident contact details, which stay with the city."""
    request = delivery.request
    return {
        "idempotency_key": delivery.idempotency_key,
        "reason": delivery.reason,
        "request": {
            "id": request.public_id,
            "service_code": request.service.service_code,
            "service_name": request.service.name,
            "description": request.description,
            "status": request.status,
            "priority": request.priority,
            "requested_at": request.requested_at.isoformat(),
            "expected_at": request.expected_at.isoformat() if request.expected_at else None,
            "answers": request.answers,
            "location": {"lat": request.lat, "lon": request.lon, "address": request.address,
                         "zip_code": request.zip_code},
            "photos": photo_urls(request),
            "department": request.department.code if request.department else "",
            "url": absolute(reverse("console:request", args=[request.public_id])),
        },
        "updates_url": absolute(reverse("integrations:updates", args=[delivery.integration.slug])),
    }
