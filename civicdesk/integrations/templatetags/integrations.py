from typing import Any

from django import template

from civicdesk.integrations import services
from civicdesk.service_requests.models import ServiceRequest

register = template.Library()


@register.simple_tag
def request_deliveries(service_request: ServiceRequest, user: Any) -> dict[str, Any]:
    """What the staff request page shows about department systems, and whether this user may re-send."""
    return {"summary": services.delivery_summary(service_request),
            "may_resend": services.can_resend(user, service_request)}
