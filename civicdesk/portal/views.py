"""Resident pages after filing: track, follow, stop updates, the survey, and the public list and map.

Thin: they parse input, call services (reads) or lifecycle/notifications (writes), and render.
"""

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicdesk.accounts.residents import is_resident
from civicdesk.catalog.models import ServiceType
from civicdesk.notifications import services as notifications
from civicdesk.notifications.wording import resolution_in_plain_words, status_in_plain_words
from civicdesk.routing.models import District
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.lifecycle import follow_request
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id
from civicdesk.service_requests.services import (
    PublicRequestFilter,
    public_photos,
    public_requests,
    public_timeline,
    request_by_public_id,
    requests_matching_typed_number,
)

REQUESTS_PER_PAGE = 25
MAP_POINTS_LIMIT = 500  # the map JSON never grows past this, however wide the filters
MAP_AREA_KIND = "council-district"
MAP_AREAS_LIMIT = 100


def _language() -> str:
    return get_language() or "en"


# --- Track a request -------------------------------------------------------------------------------


def track_lookup(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()
    if not number:
        return render(request, "portal/track_lookup.html", {"error": ""})
    matches = requests_matching_typed_number(number)
    if len(matches) == 1:
        return redirect("portal:track", matches[0].public_id)
    return _not_found(request, number, matches)


def _not_found(request: HttpRequest, typed: str, matches: list[ServiceRequest]) -> HttpResponse:
    number = normalize_public_id(typed)
    error = "" if matches else _(
        "We found no request with tracking number %(number)s. Check the number and try again."
    ) % {"number": number}
    return render(request, "portal/track_lookup.html", {"error": error, "number": typed, "matches": matches},
                  status=200 if matches else 404)


class FollowForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"), max_length=254, error_messages={
        "required": gettext_lazy("Enter your email address to get updates."),
        "invalid": gettext_lazy("Enter an email address like name@example.org."),
    })


def track(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = request_by_public_id(public_id)
    if service_request is None:
        matches = requests_matching_typed_number(public_id)
        if len(matches) == 1:
            return redirect("portal:track", matches[0].public_id)
        return _not_found(request, public_id, matches)
    return _track_page(request, service_request, FollowForm())


def _track_page(
    request: HttpRequest, service_request: ServiceRequest, form: FollowForm, status: int = 200
) -> HttpResponse:
    return render(request, "portal/track.html", {
        "sr": service_request,
        "timeline": public_timeline(service_request),
        "photos": public_photos(service_request),
        "service_name": service_request.service.localized_name(_language()),
        "status_words": status_in_plain_words(service_request.status),
        "resolution_words": resolution_in_plain_words(service_request.resolution),
        "form": form,
        "resident_email": request.user.email if is_resident(request.user) else "",  # type: ignore[union-attr]
    }, status=status)


@require_POST
def follow(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = request_by_public_id(public_id)
    if service_request is None:
        return _not_found(request, public_id, [])
    data = {"email": request.user.email} if is_resident(request.user) else request.POST  # type: ignore[union-attr]
    form = FollowForm(data)
    if not service_request.is_open:
        form.add_error(None, _("This request is closed, so there will be no more updates to follow."))
    if not form.is_valid():
        return _track_page(request, service_request, form, status=400)
    follow_request(service_request, actor=Actor.resident(), channel=Channel.WEB, email=form.cleaned_data["email"],
                   language=_language())
    context = {"sr": service_request, "email": form.cleaned_data["email"]}
    return render(request, "portal/requests_following.html", context)


def stop_updates(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners open links too); POST stops the updates."""
    try:
        if request.method == "POST":
            everything = request.POST.get("everything") == "yes"
            service_request = notifications.stop_updates(token, everything=everything)
            return render(request, "portal/requests_stop_updates.html",
                          {"sr": service_request, "done": True, "everything": everything})
        service_request, _email = notifications.request_of_stop_token(token)
    except notifications.InvalidLink as problem:
        return render(request, "portal/requests_stop_updates.html", {"error": str(problem)}, status=400)
    return render(request, "portal/requests_stop_updates.html", {"sr": service_request, "done": False})


# --- Feedback survey ----------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    was_fixed = forms.TypedChoiceField(
        label=gettext_lazy("Was the problem fixed?"), widget=forms.RadioSelect,
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))], coerce=lambda value: value == "yes",
        error_messages={"required": gettext_lazy("Tell us whether the problem was fixed.")},
    )
    satisfaction = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with how the city handled it?"), widget=forms.RadioSelect,
        choices=[("5", gettext_lazy("5 — Very satisfied")), ("4", "4"), ("3", "3"), ("2", "2"),
                 ("1", gettext_lazy("1 — Very unsatisfied"))],
        coerce=int, required=False,
    )
    comment = forms.CharField(label=gettext_lazy("Anything else you want us to know?"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        answer = notifications.survey_by_token(token)
    except notifications.SurveyNotFound as problem:
        return render(request, "portal/survey_form.html", {"error": str(problem)}, status=404)
    context: dict[str, Any] = {"survey": answer, "sr": answer.request,
                               "service_name": answer.request.service.localized_name(_language())}
    if answer.is_answered:
        return render(request, "portal/survey_thanks.html", {**context, "already": True})
    form = SurveyForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "portal/survey_form.html", {**context, "form": form}, status=400 if form.errors else 200)
    try:
        result = notifications.answer_survey(token, was_fixed=form.cleaned_data["was_fixed"],
                                             satisfaction=form.cleaned_data["satisfaction"],
                                             comment=form.cleaned_data["comment"])
    except notifications.SurveyAlreadyAnswered:
        return render(request, "portal/survey_thanks.html", {**context, "already": True})
    return render(request, "portal/survey_thanks.html", {**context, "reopened": result.reopened})


# --- Public list and map ---------------------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Service"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    district = forms.TypedChoiceField(label=gettext_lazy("Area"), required=False, coerce=int, empty_value=None)
    requested_from = forms.DateField(label=gettext_lazy("Reported from"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    requested_to = forms.DateField(label=gettext_lazy("Reported to"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        services = ServiceType.objects.filter(is_active=True).order_by("name")
        everything = [("", _("Any"))]
        self.fields["service"].choices = everything + [  # type: ignore[attr-defined]
            (service.service_code, service.localized_name(language)) for service in services]
        self.fields["status"].choices = everything + [  # type: ignore[attr-defined]
            ("open", _("Open (not done yet)")), ("closed", _("Done (resolved or closed)")),
            *[(status.value, status.label) for status in Status]]
        self.fields["district"].choices = everything + [  # type: ignore[attr-defined]
            (str(district.pk), f"{district.name} ({district.kind.replace('-', ' ')})")
            for district in District.objects.order_by("kind", "name")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("requested_from"), cleaned.get("requested_to")
        if start and end and start > end:
            self.add_error("requested_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> PublicRequestFilter:
        data = self.cleaned_data
        return PublicRequestFilter(service_code=data["service"], status=data["status"], district_id=data["district"],
                                   requested_from=data["requested_from"], requested_to=data["requested_to"])


def request_list(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "portal/requests_list.html", {"form": form, "page": None}, status=400)
    page = Paginator(public_requests(form.filters()), REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    language = _language()
    rows = [(row, row.service.localized_name(language)) for row in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/requests_list.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "map_url": reverse("portal:request_map") + (f"?{query.urlencode()}" if query else ""),
    })


def request_map(request: HttpRequest) -> JsonResponse:
    """The filtered requests as map points: public fields only, at most MAP_POINTS_LIMIT."""
    form = RequestFilterForm(request.GET)
    if not form.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    rows = public_requests(form.filters()).filter(lat__isnull=False, lon__isnull=False)
    total = rows.count()
    language = _language()
    points = [
        {"id": row.public_id, "service": row.service.localized_name(language), "status": row.status,
         "status_label": Status(row.status).label, "lat": row.lat, "lon": row.lon,
         "requested": timezone.localdate(row.requested_at).isoformat(),
         "url": reverse("portal:track", args=[row.public_id])}
        for row in rows[:MAP_POINTS_LIMIT]
    ]
    return JsonResponse({"total": total, "shown": len(points), "requests": points})


def request_areas(request: HttpRequest) -> JsonResponse:
    """District outlines drawn under the map points: the map has no outside tile server to lean on."""
    districts = District.objects.filter(kind=MAP_AREA_KIND).order_by("code")[:MAP_AREAS_LIMIT]
    return JsonResponse({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": district.name}, "geometry": district.geometry}
        for district in districts
    ]})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
