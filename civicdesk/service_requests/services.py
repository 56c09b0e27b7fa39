"""Reading service requests for residents and staff (writes go through intake and lifecycle)."""

from civicdesk.service_requests.models import RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id


def request_by_public_id(public_id: str) -> ServiceRequest | None:
    return (
        ServiceRequest.objects.select_related("service", "department")
        .filter(public_id=normalize_public_id(public_id))
        .first()
    )


def public_timeline(service_request: ServiceRequest) -> list[RequestEvent]:
    """The events a resident may see: no internal notes, no staff names, no contact details."""
    return list(
        service_request.events.filter(is_public=True)
        .exclude(kind__in=["notification_sent", "followed", "routed", "assigned"])
        .order_by("at", "id")
    )
