"""The call-taker console: one screen for a live phone call or a walk-in. Thin views over `console.calls`.

The screen works as plain forms (GET for look-ups, POST for what is recorded); `call.js` adds the keyboard
shortcuts, address suggestions and the service's questions without a reload. The call in progress (its
start, channel and language) is kept in the session; "New call" starts the next one.
"""

from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicdesk.catalog.models import ServiceType
from civicdesk.console import calls
from civicdesk.console.call_forms import (
    AnsweredForm,
    CallerDetailsForm,
    CallForm,
    ServiceChoiceForm,
    StatusGivenForm,
)
from civicdesk.console.permissions import can_see, can_see_call_outcome, can_take_calls, require
from civicdesk.console.views import staff_only
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import contact_counts
from civicdesk.portal.report.draft import Draft
from civicdesk.portal.report.forms import LocationForm, MalformedPost
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.duplicates import DuplicateCandidate, find_duplicates
from civicdesk.service_requests.intake import EmergencyRefused, UnknownService

SESSION_KEY = "console_call"
LOCATION_FIELDS = ("address", "address_id", "lat", "lon")


def _require_call_taking(request: HttpRequest) -> calls.Call:
    require(can_take_calls(request.user), _("Only city staff can take calls."))
    return _current_call(request)


def _current_call(request: HttpRequest) -> calls.Call:
    saved = request.session.get(SESSION_KEY) or {}
    try:
        return calls.Call(datetime.fromisoformat(saved["started_at"]), saved["channel"], saved["language"])
    except (KeyError, TypeError, ValueError):
        return _start_call(request, Channel.PHONE, "en")


def _start_call(request: HttpRequest, channel: str, language: str, started_at: datetime | None = None) -> calls.Call:
    call = calls.Call(started_at or timezone.now(), channel, language)
    request.session[SESSION_KEY] = {"started_at": call.started_at.isoformat(), "channel": channel,
                                    "language": language}
    return call


def _call_url(caller: str = "", question: str = "", done: int | None = None) -> str:
    query = {key: value for key, value in (("caller", caller), ("q", question), ("done", done)) if value}
    return reverse("console:call") + (f"?{urlencode(query)}" if query else "")


def _no_service() -> ServiceType:
    """An unsaved stand-in until the caller's service is chosen: the form then has no questions."""
    return ServiceType(pk=0)


def _file_forms(call: calls.Call, service: ServiceType | None, initial: dict[str, Any]) -> dict[str, Any]:
    return {
        "choice_form": ServiceChoiceForm(initial={"channel": call.channel, **initial}, language=call.language),
        "details": CallerDetailsForm(initial=initial, service=service or _no_service(), language=call.language),
        "location": LocationForm(initial=initial),
    }


def _render(request: HttpRequest, call: calls.Call, *, caller: str = "", question: str = "",
            forms: dict[str, Any] | None = None, duplicates: list[DuplicateCandidate] | None = None,
            done: Contact | None = None, error: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    lookup = calls.look_up_caller(user, caller)
    if forms is None:
        service = ServiceType.objects.filter(service_code=request.GET.get("service", ""), is_active=True).first()
        forms = _file_forms(call, service, {
            "service": service.service_code if service else "", "first_name": lookup.name[0],
            "last_name": lookup.name[1], "phone": lookup.phone, "email": lookup.email,
        })
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return render(request, "console/call.html", {
        "call": call,
        "call_form": CallForm(initial={"channel": call.channel, "language": call.language}, auto_id="call-%s"),
        "caller": lookup.query, "lookup": lookup, "question": question.strip(),
        "knowledge": calls.search_knowledge(question, call.language) if question.strip() else None,
        "duplicates": duplicates or [], "done": done,
        "read_back": calls.read_back(done.request.public_id) if done and done.request else [],
        "done_request_visible": bool(done and done.request and can_see(user, done.request)),
        "counts": contact_counts(since=today, taken_by=user), "error": error, **forms,
    }, status=status)


@staff_only
@require_GET
def call(request: HttpRequest) -> HttpResponse:
    current = _require_call_taking(request)
    done = None
    if request.GET.get("done", "").isdecimal() and len(request.GET["done"]) < 19:  # fits a database integer
        done = Contact.objects.select_related("request__service", "article").filter(pk=request.GET["done"]).first()
        if done is not None and not can_see_call_outcome(request.user, done.taken_by_id):
            done = None
    return _render(request, current, caller=request.GET.get("caller", ""), question=request.GET.get("q", ""),
                   done=done)


@staff_only
@require_POST
def call_start(request: HttpRequest) -> HttpResponse:
    """Change the call's channel or language; with `new`, start the next call (the clock starts again)."""
    current = _require_call_taking(request)
    form = CallForm(request.POST)
    if not form.is_valid():
        return _render(request, current, error=_("Choose the channel and the caller's language."), status=400)
    fresh = "new" in request.POST
    _start_call(request, form.cleaned_data["channel"], form.cleaned_data["language"],
                started_at=None if fresh else current.started_at)
    if fresh:
        return redirect("console:call")
    return redirect(_call_url(request.POST.get("caller", ""), request.POST.get("q", "")))


@staff_only
@require_GET
def call_questions(request: HttpRequest) -> HttpResponse:
    """The chosen service's questions, for the file form to show without a reload."""
    current = _require_call_taking(request)
    service = ServiceType.objects.filter(service_code=request.GET.get("service", ""), is_active=True).first()
    details = CallerDetailsForm(service=service or _no_service(), language=current.language)
    return render(request, "console/call_questions.html", {"details": details}, status=200 if service else 404)


@staff_only
@require_POST
def call_answered(request: HttpRequest) -> HttpResponse:
    """An information-only contact: the question was answered with a knowledge-base article."""
    current = _require_call_taking(request)
    caller, question = request.POST.get("caller", ""), request.POST.get("question", "")
    form = AnsweredForm(request.POST)
    if not form.is_valid():
        return _render(request, current, caller=caller, question=question, status=400,
                       error=" ".join(str(message) for messages in form.errors.values() for message in messages))
    contact = calls.answered_with_article(request.user, current, form.cleaned_data["article"],
                                          form.cleaned_data["question"])
    return redirect(_call_url(caller, question, done=contact.pk))


@staff_only
@require_POST
def call_status_given(request: HttpRequest) -> HttpResponse:
    current = _require_call_taking(request)
    caller = request.POST.get("caller", "")
    form = StatusGivenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say which request."))
        contact = calls.status_given(request.user, current, form.cleaned_data["public_id"])
    except ValidationError as error:
        return _render(request, current, caller=caller, error=" ".join(error.messages), status=400)
    return redirect(_call_url(caller, done=contact.pk))


def _initial(data: Any) -> dict[str, Any]:
    return {key: values if len(values) > 1 else values[0] for key, values in data.lists()}


@staff_only
@require_POST
def call_file(request: HttpRequest) -> HttpResponse:
    """File a request for the caller; nearby open requests of the same kind are offered first, to follow."""
    current = _require_call_taking(request)
    caller = request.POST.get("caller", "")
    choice = ServiceChoiceForm(request.POST, language=current.language)
    service = choice.cleaned_data["service"] if choice.is_valid() else None
    if "show_questions" in request.POST:  # without JavaScript: the chosen service's questions, nothing checked
        return _render(request, current, caller=caller, forms=_file_forms(current, service, _initial(request.POST)))
    details = CallerDetailsForm(request.POST, service=service or _no_service(), language=current.language)
    location = LocationForm(request.POST)
    needs_place = service is None or service.location_required or any(
        request.POST.get(name, "").strip() for name in LOCATION_FIELDS)
    forms = {"choice_form": choice, "details": details,
             "location": location if needs_place else LocationForm(initial=_initial(request.POST))}
    valid = details.is_valid() and service is not None
    try:
        located = location.is_valid() if needs_place else True
    except MalformedPost:
        located = False
        location.add_error("address", _("That address could not be read. Type it again."))
    if not (valid and located):
        return _render(request, current, caller=caller, forms=forms, status=400,
                       error=_("Check the form: something is missing or wrong."))
    assert service is not None
    place = location.place if needs_place else None
    candidates = find_duplicates(service, place.lat, place.lon, details.cleaned_data["description"]) if place else []
    follow = request.POST.get("follow", "")
    if follow and follow not in {candidate.request.public_id for candidate in candidates}:
        return _render(request, current, caller=caller, forms=forms, duplicates=candidates, status=400,
                       error=_("That request is not one of the open requests nearby."))
    if candidates and not follow and "file_anyway" not in request.POST:
        return _render(request, current, caller=caller, forms=forms, duplicates=candidates)
    data = details.cleaned_data
    draft = Draft(service_code=service.service_code, place=place, answers=details.raw_answers(),
                  description=data["description"], first_name=data["first_name"], last_name=data["last_name"],
                  email=data["email"].strip(), phone=data["phone"].strip(), anonymous=data["anonymous"])
    submission = replace(draft.submission(current.language, follow_request_id=follow),
                         channel=choice.cleaned_data["channel"])
    try:
        _result, contact = calls.file_for_caller(request.user, current, submission)
    except EmergencyRefused as refusal:
        return _render(request, current, caller=caller, forms=forms, error=str(refusal))
    except (ValidationError, UnknownService) as problem:
        return _render(request, current, caller=caller, forms=forms, duplicates=candidates, status=400,
                       error=" ".join(getattr(problem, "messages", [str(problem)])))
    return redirect(_call_url(caller or submission.contact.email or submission.contact.phone, done=contact.pk))
