"""Who may see and do what in the staff workspace: the one policy every console view and action asks.

Call-takers, supervisors and administrators see every request; department staff see their departments'
requests (and any request assigned to them). Call-takers answer residents: they read, add notes and
reopen, but do not run the department's work. Resident contact details are shown only to people whose
work needs them. Anyone else (residents, inactive accounts) sees nothing.
"""

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from civicdesk.accounts.models import Role
from civicdesk.service_requests.models import ServiceRequest


class Action(StrEnum):
    VIEW = "view"
    CLAIM = "claim"
    ASSIGN = "assign"
    CHANGE_STATUS = "status"
    PUBLIC_NOTE = "public_note"
    INTERNAL_NOTE = "internal_note"
    ATTACH_PHOTO = "photo"
    SCHEDULE = "schedule"
    REFER = "refer"
    TRANSFER = "transfer"
    MERGE = "merge"
    CLOSE = "close"
    REOPEN = "reopen"
    BULK = "bulk"


STAFF_ROLES = frozenset({Role.CALL_TAKER, Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.ADMINISTRATOR})
CITY_WIDE_ROLES = frozenset({Role.CALL_TAKER, Role.SUPERVISOR, Role.ADMINISTRATOR})
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.CALL_TAKER: frozenset({Action.VIEW, Action.PUBLIC_NOTE, Action.INTERNAL_NOTE, Action.REOPEN}),
    Role.DEPARTMENT_STAFF: frozenset(Action),
    Role.SUPERVISOR: frozenset(Action),
    Role.ADMINISTRATOR: frozenset(Action),
}


def is_staff_member(user: Any) -> bool:
    """An active, signed-in member of city staff with one of the four console roles."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.role in STAFF_ROLES


def department_ids(user: Any) -> set[int]:
    """The departments a member of staff belongs to (read once per request and kept on the user object)."""
    cached: set[int] | None = getattr(user, "_console_department_ids", None)
    if cached is None:
        cached = set(user.departments.values_list("pk", flat=True))
        user._console_department_ids = cached
    return cached


def sees_whole_city(user: Any) -> bool:
    return is_staff_member(user) and user.role in CITY_WIDE_ROLES


def visible_requests(user: Any, rows: QuerySet[ServiceRequest] | None = None) -> QuerySet[ServiceRequest]:
    """`rows` (all requests by default) narrowed to the ones `user` may see."""
    rows = ServiceRequest.objects.all() if rows is None else rows
    if not is_staff_member(user):
        return rows.none()
    if sees_whole_city(user):
        return rows
    return rows.filter(Q(department_id__in=department_ids(user)) | Q(assignee_id=user.pk))


def can_see(user: Any, service_request: ServiceRequest) -> bool:
    if not is_staff_member(user):
        return False
    if sees_whole_city(user):
        return True
    return service_request.department_id in department_ids(user) or service_request.assignee_id == user.pk


def can(user: Any, action: Action, service_request: ServiceRequest) -> bool:
    """Whether `user` may take `action` on this request."""
    return can_see(user, service_request) and action in ROLE_ACTIONS[user.role]


def can_see_contact(user: Any, service_request: ServiceRequest) -> bool:
    """Resident contact details: for the worker assigned, the request's department, call-takers and up."""
    return can_see(user, service_request)


def can_assign_to(user: Any, service_request: ServiceRequest, assignee: Any) -> bool:
    """Department staff give work to colleagues of the request's department; supervisors to any staff member."""
    if not can(user, Action.ASSIGN, service_request) or not is_staff_member(assignee):
        return False
    if user.role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return True
    return assignee.role == Role.DEPARTMENT_STAFF and service_request.department_id in department_ids(assignee)


def can_open_queue(user: Any, department_id: int | None) -> bool:
    """Department staff open only their own departments' queues; the city-wide roles open any."""
    if sees_whole_city(user):
        return True
    return is_staff_member(user) and department_id is not None and department_id in department_ids(user)


def can_take_calls(user: Any) -> bool:
    """The call-taker console: every staff role answers residents who call or walk in (department staff at
    their counter too, so their contacts are counted); what a caller look-up shows stays within `can_see`."""
    return is_staff_member(user)


def can_see_call_outcome(user: Any, taken_by_id: int | None) -> bool:
    """A recorded contact's outcome: for whoever took it, and for supervisors and administrators."""
    return is_staff_member(user) and (taken_by_id == user.pk or user.role in (Role.SUPERVISOR, Role.ADMINISTRATOR))


def can_supervise(user: Any) -> bool:
    """Supervisors and administrators: the supervisor view's city-wide figures and the routing tester."""
    return is_staff_member(user) and user.role in (Role.SUPERVISOR, Role.ADMINISTRATOR)


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied (a 403 page with this plain message) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message or _("Your role does not allow this."))


def require_action(user: Any, action: Action, service_request: ServiceRequest) -> None:
    if not can_see(user, service_request):
        require(False, _("This request belongs to a department you do not work in."))
    require(can(user, action, service_request), _("Your role does not allow this action on a request."))
