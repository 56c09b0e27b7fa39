"""Department systems post updates here (signed); staff re-send deliveries from the request page."""

import json
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from civicdesk.accounts.models import User
from civicdesk.console.permissions import require
from civicdesk.console.views import staff_only
from civicdesk.integrations import inbound, services
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.integrations.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, BadSignature, verify
from civicdesk.service_requests.actors import Actor


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # signed with the integration's secret instead: no browser session is involved
@require_POST
def updates(request: HttpRequest, slug: str) -> JsonResponse:
    integration = Integration.objects.filter(slug=slug, enabled=True).select_related("department").first()
    if integration is None:
        return _error(f"There is no enabled integration '{slug}'.", 404)
    try:
        verify(integration.secret, request.headers.get(TIMESTAMP_HEADER, ""),
               request.headers.get(SIGNATURE_HEADER, ""), request.body)
    except BadSignature as refusal:
        return _error(str(refusal), 403)
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("The body is not JSON.", 400)
    try:
        result = inbound.apply_update(integration, data)
    except inbound.InboundError as refusal:
        return _error(refusal.message, refusal.status)
    return JsonResponse(result.as_json())


@staff_only
@require_POST
def resend(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery.objects.select_related("request", "integration__department"),
                                 pk=delivery_id)
    service_request = delivery.request
    require(services.can_resend(request.user, service_request),
            _("Only the request's department staff, supervisors and administrators can re-send it."))
    try:
        services.resend_delivery(delivery, actor=Actor.staff(cast(User, request.user)))  # staff_only: signed in
    except services.ResendRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Queued to be sent again to %(system)s.") % {"system": delivery.integration.name})
    return redirect("console:request", public_id=service_request.public_id)
