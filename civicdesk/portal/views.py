"""Resident pages. Thin: they read through services and render."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from civicdesk.service_requests.public_ids import normalize_public_id
from civicdesk.service_requests.services import public_timeline, request_by_public_id


def track_lookup(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()
    if not number:
        return render(request, "portal/track_lookup.html", {"error": ""})
    return redirect(reverse("portal:track", args=[normalize_public_id(number)]))


def track(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = request_by_public_id(public_id)
    if service_request is None:
        number = normalize_public_id(public_id)
        message = f"We found no request with tracking number {number}. Check the number and try again."
        return render(request, "portal/track_lookup.html", {"error": message, "number": public_id}, status=404)
    return render(request, "portal/track.html", {
        "sr": service_request, "timeline": public_timeline(service_request),
        "service_name": service_request.service.localized_name(get_language() or "en"),
    })


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
