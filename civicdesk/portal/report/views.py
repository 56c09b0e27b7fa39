"""Reporting a problem on the web, one server-rendered step at a time (JavaScript only enhances).

service → location → details (questions, description, photos, contact) → already reported nearby?
→ review → filed through `service_requests.intake.file_request`. The draft lives in the session.
"""

from itertools import groupby
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.services import emergency_in_text, emergency_message
from civicdesk.portal.report.draft import (
    Draft,
    add_photos,
    discard_draft,
    load_draft,
    max_photos,
    remove_photos,
    save_draft,
    start_draft,
)
from civicdesk.portal.report.forms import DetailsForm, FollowForm, LocationForm, MalformedPost, inside_city
from civicdesk.routing.geo import validate_point
from civicdesk.routing.geocoder import reverse_geocode, search_addresses
from civicdesk.routing.models import District
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.duplicates import DuplicateCandidate, find_duplicates
from civicdesk.service_requests.intake import EmergencyRefused, IntakeResult, UnknownService, file_request
from civicdesk.service_requests.services import request_by_public_id

FILED_KEY = "portal-report-filed:{token}"
FILED_FOR = 24 * 60 * 60
EXCERPT_CHARS = 160


def _language() -> str:
    return get_language() or "en"


def _is_app(request: HttpRequest) -> bool:
    return request.GET.get("app") == "1" or request.POST.get("app") == "1"


def _steps(current: str) -> list[dict[str, Any]]:
    """The step indicator: each step's label and whether it is done, current or still to come."""
    labels = [("service", _("Service")), ("location", _("Location")), ("details", _("Details")),
              ("review", _("Review"))]
    keys = [key for key, _label in labels]
    position = keys.index(current) if current in keys else len(keys)
    return [{"label": label, "done": index < position, "current": index == position}
            for index, (_key, label) in enumerate(labels)]


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    steps = _steps(context.get("step", ""))
    context.update(steps=steps, step_number=next((i + 1 for i, s in enumerate(steps) if s["current"]), 0),
                   step_total=len(steps))
    return render(request, f"portal/report/{template}", context, status=status)


def _draft_service(request: HttpRequest) -> tuple[Draft, ServiceType] | None:
    draft = load_draft(request)
    if draft is None:
        return None
    service = ServiceType.objects.filter(service_code=draft.service_code, is_active=True).first()
    if service is None or service.is_emergency:
        return None
    if _is_app(request) and not draft.app:
        draft.app = True
        save_draft(request, draft)
    return draft, service


@require_http_methods(["GET", "POST"])
def choose_service(request: HttpRequest) -> HttpResponse:
    """Step 1: the service, from the grouped catalog or preselected with ?service=<code>."""
    code = (request.POST.get("service") or request.GET.get("service") or "").strip()
    if code:
        service = ServiceType.objects.filter(service_code=code, is_active=True).first()
        if service is None:
            error = _("We do not have a service called “%(code)s”. Choose one from the list.") % {"code": code}
            return _choose_page(request, error, status=400 if request.method == "POST" else 404)
        if service.is_emergency:
            return _emergency(request, service, emergency_message(service) or "")
        start_draft(request, service.service_code, app=_is_app(request))
        return redirect("portal:report_location")
    if request.method == "POST":
        return _choose_page(request, _("Choose the kind of problem you want to report."), status=200)
    return _choose_page(request, "")


def _choose_page(request: HttpRequest, error: str, status: int = 200) -> HttpResponse:
    language = _language()
    services = ServiceType.objects.filter(is_active=True).order_by("group", "name")
    groups = [(group, [(service, service.localized_name(language)) for service in items])
              for group, items in groupby(services, key=lambda service: service.group)]
    draft = load_draft(request)
    return _page(request, "choose.html", {
        "groups": groups, "error": error, "step": "service", "app": _is_app(request),
        "chosen": draft.service_code if draft else "",
    }, status)


def _emergency(request: HttpRequest, service: ServiceType | None, message: str) -> HttpResponse:
    name = service.localized_name(_language()) if service else ""
    return _page(request, "emergency.html", {"message": message, "service_name": name})


def _start_again() -> HttpResponse:
    return redirect("portal:report")


@require_http_methods(["GET", "POST"])
def location(request: HttpRequest) -> HttpResponse:
    """Step 2: a pin on the map, the resident's position, or a typed address (geocoded locally)."""
    found = _draft_service(request)
    if found is None:
        return _start_again()
    draft, service = found
    status = 200
    if request.method == "POST":
        form = LocationForm(request.POST)
        try:
            valid = form.is_valid()
        except MalformedPost:
            valid, status = False, 400
            form.add_error("address", _("We could not read that position. Place the pin again or type the address."))
        draft.address_text = request.POST.get("address", "")[:300]
        if valid and form.place is not None:
            draft.place = form.place
            draft.address_text = draft.address_text or form.place.address
            save_draft(request, draft)
            return redirect("portal:report_details")
        save_draft(request, draft)
    else:
        form = LocationForm(initial={"address": draft.address_text or (draft.place.address if draft.place else ""),
                                     "lat": draft.place.lat if draft.place else "",
                                     "lon": draft.place.lon if draft.place else ""})
    return _page(request, "location.html", {
        "form": form, "draft": draft, "service_name": service.localized_name(_language()), "step": "location",
        "map": _map_frame(),
    }, status)


def _map_frame() -> dict[str, Any]:
    """The city's extent and district outlines for the map (no outside tile server is used)."""
    extent = District.objects.aggregate(Min("min_lat"), Max("max_lat"), Min("min_lon"), Max("max_lon"))
    if extent["min_lat__min"] is None:
        return {}
    kinds = District.objects.values_list("kind", flat=True).distinct().order_by("kind")
    outline_kind = "council-district" if "council-district" in kinds else next(iter(kinds))
    outlines = [{"type": "Feature", "properties": {"name": name}, "geometry": geometry}
                for name, geometry in District.objects.filter(kind=outline_kind).values_list("name", "geometry")]
    return {
        "bounds": [[extent["min_lat__min"], extent["min_lon__min"]], [extent["max_lat__max"], extent["max_lon__max"]]],
        "outlines": {"type": "FeatureCollection", "features": outlines},
    }


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    """Step 3: the service's questions, a description, photos, and contact or anonymity."""
    found = _draft_service(request)
    if found is None:
        return _start_again()
    draft, service = found
    if draft.place is None and service.location_required:
        return redirect("portal:report_location")
    if request.method == "POST":
        removed = remove_photos(draft, request.POST.getlist("remove_photo"))
        problems = add_photos(draft, request.FILES.getlist("photos"))
        form = _details_form(draft, service, data=request.POST)
        valid = form.is_valid()
        for problem in problems:
            form.add_error("photos", problem)
        _keep_details(draft, form)
        # Ticking "remove" keeps the resident here to see the photos that are left.
        draft.details_done = valid and not problems and not removed
        save_draft(request, draft)
        refusal = emergency_in_text(draft.description, *[str(value) for value in draft.answers.values()])
        if refusal:
            return _emergency(request, service, refusal)
        if draft.details_done:
            return redirect("portal:report_nearby")
    else:
        form = _details_form(draft, service)
    return _page(request, "details.html", {
        "form": form, "draft": draft, "service_name": service.localized_name(_language()), "step": "details",
        "max_photos": max_photos(), "photo_room": max(0, max_photos() - len(draft.photos)),
    })


def _details_form(draft: Draft, service: ServiceType, data: Any = None) -> DetailsForm:
    if data is not None:
        return DetailsForm(data, service=service, language=_language())
    initial = {f"q_{code}": value for code, value in draft.answers.items()}
    initial.update(description=draft.description, first_name=draft.first_name, last_name=draft.last_name,
                   email=draft.email, phone=draft.phone, anonymous=draft.anonymous)
    return DetailsForm(initial=initial, service=service, language=_language())


def _keep_details(draft: Draft, form: DetailsForm) -> None:
    data = form.data
    draft.answers = form.raw_answers()
    draft.description = data.get("description", "")[:4000]
    draft.first_name = data.get("first_name", "")[:100]
    draft.last_name = data.get("last_name", "")[:100]
    draft.email = data.get("email", "").strip()[:254]
    draft.phone = data.get("phone", "").strip()[:32]
    draft.anonymous = data.get("anonymous") in ("on", "true", "1")


def _ready_for_review(request: HttpRequest) -> tuple[Draft, ServiceType] | HttpResponse:
    found = _draft_service(request)
    if found is None:
        return _start_again()
    draft, service = found
    if draft.place is None and service.location_required:
        return redirect("portal:report_location")
    if not draft.details_done:
        return redirect("portal:report_details")
    return draft, service


@require_http_methods(["GET", "POST"])
def nearby(request: HttpRequest) -> HttpResponse:
    """Step 3b: open requests of the same kind close by, any of which the resident can follow instead."""
    ready = _ready_for_review(request)
    if isinstance(ready, HttpResponse):
        return ready
    draft, service = ready
    candidates = (find_duplicates(service, draft.place.lat, draft.place.lon, draft.description)
                  if draft.place else [])
    if request.method == "GET":
        if not candidates:
            return redirect("portal:report_review")
        form = FollowForm(initial={"email": draft.email, "phone": draft.phone})
        return _nearby_page(request, service, candidates, form)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _nearby_page(request, service, candidates, form)
    if form.cleaned_data["public_id"] not in {candidate.request.public_id for candidate in candidates}:
        return HttpResponse(_("That request is not one of those offered."), status=400)
    draft.email, draft.phone = form.cleaned_data["email"].strip(), form.cleaned_data["phone"].strip()
    draft.anonymous = False
    save_draft(request, draft)
    try:
        result = file_request(draft.submission(_language(), follow_request_id=form.cleaned_data["public_id"]),
                              actor=Actor.resident(f"{draft.first_name} {draft.last_name}".strip()))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in ("email", "phone") else None, messages)
        return _nearby_page(request, service, candidates, form)
    discard_draft(request, draft)
    return redirect("portal:report_followed", public_id=result.request.public_id)


def _nearby_page(request: HttpRequest, service: ServiceType, candidates: list[DuplicateCandidate],
                 form: FollowForm) -> HttpResponse:
    nearby_requests = [{
        "public_id": candidate.request.public_id, "status": candidate.request.get_status_display(),
        "distance_m": round(candidate.distance_m), "excerpt": _excerpt(candidate.request.description),
        "address": candidate.request.address, "requested_at": candidate.request.requested_at,
    } for candidate in candidates]
    return _page(request, "nearby.html", {
        "form": form, "nearby": nearby_requests, "service_name": service.localized_name(_language()),
        "step": "review",
    })


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """Step 4: everything on one page, then filed once through the intake function."""
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        filed = cache.get(FILED_KEY.format(token=token))
        if filed:
            return redirect("portal:report_done", public_id=filed)  # a double submit: show the first result
    ready = _ready_for_review(request)
    if isinstance(ready, HttpResponse):
        return ready
    draft, service = ready
    context: dict[str, Any] = {"draft": draft, "service": service, "step": "review",
                               "service_name": service.localized_name(_language()),
                               "answers": _answer_lines(service, draft), "errors": []}
    if request.method == "GET":
        return _page(request, "review.html", context)
    if token != draft.token:
        context["errors"] = [_("This page was out of date. Check your report and send it again.")]
        return _page(request, "review.html", context, status=400)
    if not cache.add(FILED_KEY.format(token=token), "", timeout=FILED_FOR):
        context["errors"] = [_("Your report is already being sent. Wait a moment, then reload this page.")]
        return _page(request, "review.html", context, status=409)
    try:
        result = file_request(draft.submission(_language()),
                              actor=Actor.resident(f"{draft.first_name} {draft.last_name}".strip()))
    except EmergencyRefused as refusal:
        cache.delete(FILED_KEY.format(token=token))
        return _emergency(request, service, str(refusal))
    except (ValidationError, UnknownService) as error:
        cache.delete(FILED_KEY.format(token=token))
        context["errors"] = _error_lines(error)
        return _page(request, "review.html", context)
    return _filed(request, draft, result)


def _filed(request: HttpRequest, draft: Draft, result: IntakeResult) -> HttpResponse:
    public_id = result.request.public_id
    cache.set(FILED_KEY.format(token=draft.token), public_id, timeout=FILED_FOR)
    discard_draft(request, draft)
    contact = draft.contact
    request.session["report_filed"] = {"public_id": public_id, "email": contact.email, "phone": contact.phone}
    return redirect("portal:report_done", public_id=public_id)


def _error_lines(error: Exception) -> list[str]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in getattr(error, "messages", [str(error)])]


def _answer_lines(service: ServiceType, draft: Draft) -> list[tuple[str, str]]:
    language = _language()
    lines = []
    for question in service.questions.prefetch_related("values"):
        raw = draft.answers.get(question.code)
        if raw in (None, "", []):
            continue
        names = {value.key: value.localized_name(language)
                 for value in question.values.all()}
        values = raw if isinstance(raw, list) else [raw]
        answer = ", ".join(names.get(str(value), str(value)) for value in values)
        lines.append((question.localized_prompt(language), answer))
    return lines


@require_GET
def done(request: HttpRequest, public_id: str) -> HttpResponse:
    """The tracking number, big and clear, and where the confirmation was sent."""
    service_request = request_by_public_id(public_id)
    if service_request is None:
        return redirect("portal:track", public_id=public_id)
    filed = request.session.get("report_filed") or {}
    sent_to = filed if filed.get("public_id") == service_request.public_id else {}
    return _page(request, "done.html", {"sr": service_request, "sent_to": sent_to, "step": "done",
                                        "service_name": service_request.service.localized_name(_language())})


@require_GET
def followed(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = request_by_public_id(public_id)
    if service_request is None:
        return redirect("portal:track", public_id=public_id)
    return _page(request, "followed.html", {"sr": service_request, "step": "done",
                                            "service_name": service_request.service.localized_name(_language())})


@require_GET
def address_search(request: HttpRequest) -> JsonResponse:
    """Autocomplete for the address box: the local geocoder's best matches."""
    text = request.GET.get("q", "")[:300]
    matches = search_addresses(text, limit=8) if len(text.strip()) >= 3 else []
    return JsonResponse({"results": [
        {"address_id": match.point.address_id, "address": match.point.full_address,
         "lat": match.point.lat, "lon": match.point.lon} for match in matches
    ]})


@require_GET
def address_at(request: HttpRequest) -> JsonResponse:
    """The nearest address to a dropped pin, and whether the pin is inside the city."""
    try:
        lat, lon = validate_point(request.GET.get("lat"), request.GET.get("lon"))
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    point = reverse_geocode(lat, lon)
    return JsonResponse({
        "address": point.full_address if point else "", "address_id": point.address_id if point else "",
        "inside_city": inside_city(lat, lon),
    })
