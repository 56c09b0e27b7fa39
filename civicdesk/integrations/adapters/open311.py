"""Open311 push: file the request on the department's own GeoReport v2 endpoint (FixMyStreet's model).

It keeps the service_request_id the department returns, and can poll `GET requests` for the status of
what it sent, for departments that cannot push updates back.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from civicdesk.integrations.adapters.base import Adapter, DeliveryError, DeliveryResult, get, post, require_url
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.integrations.payload import photo_urls
from civicdesk.integrations.signing import IDEMPOTENCY_HEADER

POLL_BATCH = 50  # ids per GET requests call, well under any URL length limit


class Open311PushAdapter(Adapter):
    """settings: {"endpoint": "https://dept.example/open311/v2", "api_key": "...", "jurisdiction_id": "...",
    "service_codes": {"our-code": "their-code"}}. Only the endpoint is required."""

    name = "open311"
    can_poll = True

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> dict[str, Any]:
        codes = settings.get("service_codes", {})
        if not isinstance(codes, dict) or not all(isinstance(v, str) for v in codes.values()):
            raise ValidationError({"settings": "'service_codes' must map our service codes to theirs."})
        return {"endpoint": require_url(settings, "endpoint").rstrip("/"), "api_key": str(settings.get("api_key", "")),
                "jurisdiction_id": str(settings.get("jurisdiction_id", "")), "service_codes": codes}

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        settings, request = delivery.integration.settings, delivery.request
        code = request.service.service_code
        form: dict[str, Any] = {
            "service_code": settings["service_codes"].get(code, code),
            "description": request.description, "address_string": request.address,
            "lat": request.lat, "long": request.lon, "media_url": (photo_urls(request) or [""])[0],
            **{f"attribute[{key}]": value for key, value in request.answers.items()},
        }
        form.update(_common(settings))
        response = post(f"{settings['endpoint']}/requests.json", data={k: v for k, v in form.items() if v is not None},
                        headers={IDEMPOTENCY_HEADER: delivery.idempotency_key})
        try:
            answer = response.json()
            external_id = str(answer[0]["service_request_id"])
        except (ValueError, LookupError, TypeError):
            raise DeliveryError(f"The department's Open311 answer has no service_request_id: {response.text[:300]}",
                                permanent=True) from None
        return DeliveryResult(external_id=external_id)

    def poll(self, integration: Integration, deliveries: Sequence[Delivery]) -> list[dict[str, Any]]:
        settings = integration.settings
        ids = [delivery.external_id for delivery in deliveries if delivery.external_id]
        updates: list[dict[str, Any]] = []
        for start in range(0, len(ids), POLL_BATCH):
            params = {"service_request_id": ",".join(ids[start:start + POLL_BATCH]), **_common(settings)}
            params.pop("api_key", None)
            rows = get(f"{settings['endpoint']}/requests.json", params=params).json()
            updates.extend(_as_update(row) for row in rows if isinstance(row, dict) and row.get("service_request_id"))
        return updates


def _common(settings: dict[str, Any]) -> dict[str, str]:
    return {key: settings[key] for key in ("api_key", "jurisdiction_id") if settings.get(key)}


def _as_update(row: dict[str, Any]) -> dict[str, Any]:
    """An Open311 request document as an inbound update; the event id changes only when the status does."""
    status = str(row.get("detailed_status") or row.get("status") or "")
    external_id = str(row["service_request_id"])
    return {
        "event_id": f"poll:{external_id}:{status}:{row.get('updated_datetime', '')}",
        "external_id": external_id,
        "status": status,
        "note": str(row.get("status_notes") or ""),
    }
