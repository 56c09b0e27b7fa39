"""Signed JSON webhook: POST the request document, signed with HMAC-SHA256, with an idempotency key."""

import json
from typing import Any

from civicdesk.integrations.adapters.base import Adapter, DeliveryResult, post, require_url
from civicdesk.integrations.models import Delivery
from civicdesk.integrations.payload import request_document
from civicdesk.integrations.signing import IDEMPOTENCY_HEADER, signed_headers


class WebhookAdapter(Adapter):
    """settings: {"url": "https://..."}. The answer may be JSON with the department's "id" for the request."""

    name = "webhook"

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> dict[str, Any]:
        return {"url": require_url(settings, "url")}

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        body = json.dumps(request_document(delivery), sort_keys=True).encode()
        headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: delivery.idempotency_key,
                   **signed_headers(delivery.integration.secret, body)}
        response = post(delivery.integration.settings["url"], data=body, headers=headers)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        external_id = answer.get("id", "") if isinstance(answer, dict) else ""
        return DeliveryResult(external_id=str(external_id or ""))
