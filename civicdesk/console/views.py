"""Staff workspace pages. Thin: they parse input, ask the policy and services, and render.

Every view goes through `staff_only`: not signed in → the staff sign-in page; signed in without a
staff role, or refused by the policy → a 403 page with a plain message, and nothing changed; a member of
staff whose session has no two-factor code yet → the code step. Sign-in itself is in `sign_in.py`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicdesk.accounts.services import needs_two_factor
from civicdesk.console import forms, services
from civicdesk.console.permissions import (
    Action,
    can,
    can_open_queue,
    can_see,
    can_see_contact,
    department_ids,
    is_staff_member,
    require,
    require_action,
    sees_whole_city,
)
from civicdesk.departments.models import Department
from civicdesk.service_requests.models import ServiceRequest

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def staff_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        asked = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        if not request.user.is_authenticated:
            return redirect(f"{reverse('console:login')}?{asked}")
        if needs_two_factor(request.user):
            return redirect(f"{reverse('console:two_factor')}?{asked}")
        try:
            require(is_staff_member(request.user), _("This workspace is for city staff only."))
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return render(request, "console/denied.html", {"message": str(refusal)}, status=403)
    return wrapped


# --- Work queues ------------------------------------------------------------------------------------


def _queue_filter(request: HttpRequest) -> tuple[forms.QueueFilterForm, services.QueueFilter]:
    """The filters as asked; a department worker's first visit opens their own (first) department's queue."""
    user = request.user
    data = request.GET.copy()
    if "department" not in data and not sees_whole_city(user):
        mine = Department.objects.filter(pk__in=department_ids(user)).order_by("name").first()
        if mine is not None:
            data["department"] = str(mine.pk)
    form = forms.QueueFilterForm(data, user=user)
    if not form.is_valid():
        require(all(name != "department" for name in form.errors),
                _("You can only open the work queues of your own departments."))
        # Any other filter that does not hold (e.g. another department's team): the errors and an empty queue.
        return form, services.QueueFilter(department_id=-1)
    filters = form.queue_filter()
    require(filters.department_id is not None or sees_whole_city(user) or bool(department_ids(user)),
            _("You are not in any department yet, so you have no work queue."))
    if filters.department_id is not None:
        require(can_open_queue(user, filters.department_id),
                _("You can only open the work queues of your own departments."))
    return form, filters


@staff_only
def queue(request: HttpRequest) -> HttpResponse:
    form, filters = _queue_filter(request)
    now = timezone.now()
    rows = services.queue_requests(request.user, filters, now)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language() or "en"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "console/queue.html", {
        "form": form,
        "page": page,
        "rows": [(row, row.service.localized_name(language), services.due_state(row, now)) for row in page],
        "query": query.urlencode(),
        "may_bulk": any(can(request.user, Action.BULK, row) for row in page),
        "bulk_form": forms.BulkForm(),
        "map_url": f"{reverse('console:queue_map')}?{query.urlencode()}",
        "only_open": filters.state == "open" and not filters.closed,
    })


@staff_only
def queue_map(request: HttpRequest) -> HttpResponse:
    _form, filters = _queue_filter(request)
    now = timezone.now()
    points = services.queue_map_points(services.queue_requests(request.user, filters, now), now)
    for point in points["requests"]:
        point["url"] = reverse("console:request", args=[point["id"]])
    return JsonResponse(points)


@staff_only
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = forms.BulkForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("console:queue")
    back = back or reverse("console:queue")
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect(back)
    action, data = form.action_data()
    try:
        result = services.perform_bulk(request.user, action, form.cleaned_data["requests"], data)
    except services.ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    messages.success(request, ngettext("%(count)d request updated: %(numbers)s.",
                                       "%(count)d requests updated: %(numbers)s.", len(result.done))
                     % {"count": len(result.done), "numbers": ", ".join(result.done)})
    return redirect(back)


# --- One request ------------------------------------------------------------------------------------


def _found(request: HttpRequest, public_id: str) -> ServiceRequest:
    found = services.staff_request(request.user, public_id)
    if found is None:
        raise Http404(_("No request has that tracking number."))
    return found


def _action_forms(user: Any, service_request: ServiceRequest) -> dict[str, Any]:
    assignable = forms.staff_members().filter(departments=service_request.department_id) \
        if service_request.department_id else forms.staff_members()
    built: dict[str, Any] = {}
    for action, form_class in forms.ACTION_FORMS.items():
        if not can(user, action, service_request):
            continue
        if action == Action.ASSIGN:
            built[action.value] = forms.AssignForm(assignable=assignable, auto_id=f"{action}-%s")
        else:
            built[action.value] = form_class(auto_id=f"{action}-%s")
    return built


def _render_request(request: HttpRequest, service_request: ServiceRequest, *, status: int = 200,
                    error: str = "", failed: tuple[str, Any] | None = None) -> HttpResponse:
    view = services.staff_request_view(request.user, service_request)
    action_forms = _action_forms(request.user, service_request)
    if failed is not None:
        action_forms[failed[0]] = failed[1]
    return render(request, "console/request.html", {
        "view": view,
        "sr": service_request,
        "service_name": service_request.service.localized_name(get_language() or "en"),
        "due": services.due_state(service_request, timezone.now()),
        "show_contact": can_see_contact(request.user, service_request),
        "reporter": getattr(service_request, "reporter", None),
        "action_forms": action_forms,
        "error": error,
    }, status=status)


@staff_only
def request_page(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = _found(request, public_id)
    return _render_request(request, service_request)


@staff_only
@require_POST
def request_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    service_request = _found(request, public_id)
    try:
        chosen = Action(action)
    except ValueError as unknown:
        raise Http404(_("There is no such action.")) from unknown
    if chosen not in forms.ACTION_FORMS:
        raise Http404(_("There is no such action."))
    require_action(request.user, chosen, service_request)
    form = forms.ACTION_FORMS[chosen](request.POST, request.FILES, auto_id=f"{chosen}-%s")
    if not form.is_valid():
        return _render_request(request, service_request, status=400, failed=(chosen.value, form),
                               error=_("Check the form: something is missing."))
    try:
        services.perform_action(request.user, chosen, service_request, form.cleaned_data)
    except services.ActionRefused as refusal:
        return _render_request(request, service_request, status=400, failed=(chosen.value, form), error=str(refusal))
    messages.success(request, _("Done: %(action)s.") % {"action": forms.ACTION_LABELS[chosen]})
    if not can_see(request.user, service_request):  # transferred out of the worker's departments
        return redirect("console:queue")
    return redirect("console:request", public_id=service_request.public_id)
