"""The resident's front door: the "What do you need help with?" box and its answers."""

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from civicdesk.catalog.models import ServiceType


def home(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    services = ServiceType.objects.filter(is_active=True).order_by("group", "name")
    groups = [
        (group, [(service, service.localized_name(language)) for service in items])
        for group, items in groupby(services, key=lambda service: service.group)
    ]
    return render(request, "portal/home.html", {"groups": groups})
