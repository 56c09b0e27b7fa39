"""The staff workspace's logic: work queues, the staff view of one request, and staff actions.

Every change goes through `civicdesk.service_requests.lifecycle` with the staff member as the actor;
every read and write is checked against `civicdesk.console.permissions` first.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicdesk.console.permissions import (
    Action,
    can,
    can_assign_to,
    can_see,
    require,
    require_action,
    visible_requests,
)
from civicdesk.notifications.models import Notification, Survey
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, Channel, Status
from civicdesk.service_requests.duplicates import DuplicateCandidate, find_duplicates
from civicdesk.service_requests.models import Follower, Photo, RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id

STAFF_CHANNEL = Channel.STAFF
NEAR_DUE = timedelta(hours=24)
MAP_POINT_LIMIT = 500
QUEUE_COLUMNS = (
    "id", "public_id", "status", "address", "requested_at", "expected_at", "department_id", "team_id",
    "assignee_id", "service__name", "service__name_es", "team__name", "assignee__username",
    "assignee__first_name", "assignee__last_name",
)
# Age bands of open requests in whole days since they were received: (at least, under) days; None = no bound.
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "0-2": (None, 3), "3-7": (3, 8), "8-30": (8, 31), "31+": (31, None),
}
PERIODS = ("today", "7d", "30d")  # since local midnight, the last 7 days, the last 30 days


class ActionRefused(Exception):
    """A staff action the lifecycle refused (illegal transition, missing reason, ...): say why."""


@dataclass(frozen=True)
class QueueFilter:
    """What a work queue shows; empty fields mean "any". Open requests only, unless `state` or `closed` says
    otherwise (the supervisor view's drill-downs list closed work too)."""

    department_id: int | None = None
    team_id: int | None = None
    status: str = ""
    service_id: int | None = None
    district_id: int | None = None
    older_than_days: int | None = None
    due: str = ""  # "overdue", "near_due" (due within NEAR_DUE) or ""
    assigned: str = ""  # "me", "unassigned" or ""
    sort: str = "due"  # "due" (SLA due time, soonest first), "oldest", "newest"
    state: str = "open"  # "open", "done" (resolved or closed) or "any"
    age_band: str = ""  # a key of AGE_BANDS
    channel: str = ""
    received: str = ""  # one of PERIODS: received in that period
    closed: str = ""  # one of PERIODS: resolved or closed in that period (implies state "done")
    sla: str = ""  # "met" (closed by its due time) or "missed" (closed after it), for done requests


def period_start(period: str, now: datetime) -> datetime:
    """When a period of PERIODS began: local midnight for "today", else 7 or 30 days before `now`."""
    if period == "today":
        return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return now - timedelta(days={"7d": 7, "30d": 30}[period])


def queue_requests(user: Any, filters: QueueFilter, now: datetime | None = None) -> QuerySet[ServiceRequest]:
    """The requests of a work queue that `user` may see (open ones unless `filters` ask for closed work),
    in the chosen order, with only the columns shown."""
    now = now or timezone.now()
    state = "done" if filters.closed else filters.state
    statuses = {"open": OPEN_STATUSES, "done": DONE_STATUSES}.get(state)
    rows = visible_requests(user, ServiceRequest.objects.filter(status__in=statuses) if statuses
                            else ServiceRequest.objects.all())
    rows = _supervision_filters(rows, filters, now)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.department_id is not None:
        rows = rows.filter(department_id=filters.department_id)
    if filters.team_id is not None:
        rows = rows.filter(team_id=filters.team_id)
    if filters.service_id is not None:
        rows = rows.filter(service_id=filters.service_id)
    if filters.district_id is not None:
        rows = rows.filter(districts__id=filters.district_id)
    if filters.older_than_days is not None:
        rows = rows.filter(requested_at__lt=now - timedelta(days=filters.older_than_days))
    if filters.due:
        rows = rows.filter(due_q(filters.due, now))
    if filters.assigned == "me":
        rows = rows.filter(assignee_id=user.pk)
    elif filters.assigned == "unassigned":
        rows = rows.filter(assignee__isnull=True)
    order = {
        "oldest": ("requested_at", "id"),
        "newest": ("-requested_at", "-id"),
    }.get(filters.sort)
    ordered = rows.order_by(*order) if order else rows.order_by(F("expected_at").asc(nulls_last=True), "id")
    return ordered.select_related("service", "team", "assignee").only(*QUEUE_COLUMNS)


def age_band_q(band: str, now: datetime) -> Q:
    """Requests received `AGE_BANDS[band]` whole days before `now`."""
    at_least, under = AGE_BANDS[band]
    condition = Q()
    if at_least is not None:
        condition &= Q(requested_at__lte=now - timedelta(days=at_least))
    if under is not None:
        condition &= Q(requested_at__gt=now - timedelta(days=under))
    return condition


def due_q(due: str, now: datetime) -> Q:
    """Open requests past their due time ("overdue") or due within NEAR_DUE ("near_due")."""
    if due == "overdue":
        return Q(expected_at__lt=now)
    return Q(expected_at__gte=now, expected_at__lt=now + NEAR_DUE)


ON_TIME = Q(closed_at__lte=F("expected_at"))
LATE = Q(closed_at__gt=F("expected_at"))


def _supervision_filters(
    rows: QuerySet[ServiceRequest], filters: QueueFilter, now: datetime
) -> QuerySet[ServiceRequest]:
    """The filters the supervisor view's figures link to: age band, channel, received, closed, SLA met."""
    if filters.age_band:
        rows = rows.filter(age_band_q(filters.age_band, now))
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.received:
        rows = rows.filter(requested_at__gte=period_start(filters.received, now))
    if filters.closed:
        rows = rows.filter(closed_at__gte=period_start(filters.closed, now))
    if filters.sla:
        rows = rows.filter(ON_TIME if filters.sla == "met" else LATE)
    return rows


def due_state(service_request: ServiceRequest, now: datetime) -> str:
    """"overdue", "near_due" or "" for an open request, from its SLA due time."""
    due = service_request.expected_at
    if due is None or service_request.status not in OPEN_STATUSES:
        return ""
    if due < now:
        return "overdue"
    return "near_due" if due < now + NEAR_DUE else ""


def queue_map_points(rows: QuerySet[ServiceRequest], now: datetime, limit: int = MAP_POINT_LIMIT) -> dict[str, Any]:
    """The queue's requests that have a place, as small dicts for the map; at most `limit` of them."""
    located = rows.filter(lat__isnull=False, lon__isnull=False)
    points = [
        {"id": row.public_id, "lat": row.lat, "lon": row.lon, "service": row.service.name,
         "status": row.get_status_display(), "due": due_state(row, now)}
        for row in located.only(*QUEUE_COLUMNS, "lat", "lon")[:limit + 1]
    ]
    return {"requests": points[:limit], "shown": min(len(points), limit), "capped": len(points) > limit}


# --- The staff view of one request ------------------------------------------------------------------


@dataclass
class StaffRequestView:
    """Everything the staff request page shows, already cut to what the viewer may see."""

    request: ServiceRequest
    history: list[RequestEvent]
    followers: list[Follower]
    photos: list[Photo]
    notifications: list[Notification]
    surveys: list[Survey]
    duplicates: list[DuplicateCandidate]
    allowed: set[str] = field(default_factory=set)


def staff_request(user: Any, public_id: str) -> ServiceRequest | None:
    """The request with this tracking number, or None; raises PermissionDenied if `user` may not see it."""
    found = (
        ServiceRequest.objects.select_related("service", "department", "team", "assignee", "parent")
        .filter(public_id=normalize_public_id(public_id)).first()
    )
    if found is not None:
        require_action(user, Action.VIEW, found)
    return found


def staff_request_view(user: Any, service_request: ServiceRequest) -> StaffRequestView:
    """The whole story of a request for a member of staff who may see it."""
    require_action(user, Action.VIEW, service_request)
    duplicates: list[DuplicateCandidate] = []
    if service_request.is_open and service_request.lat is not None and service_request.lon is not None:
        duplicates = [
            candidate for candidate in find_duplicates(
                service_request.service, service_request.lat, service_request.lon, service_request.description,
                exclude_id=service_request.pk,
            )
            if can_see(user, candidate.request)
        ]
    return StaffRequestView(
        request=service_request,
        history=list(service_request.events.select_related("actor_user").order_by("at", "id")),
        followers=list(service_request.followers.all()),
        photos=list(service_request.photos.all()),
        notifications=list(service_request.notifications.order_by("-created_at")),
        surveys=list(service_request.surveys.filter(answered_at__isnull=False)),
        duplicates=duplicates,
        allowed={action.value for action in Action if can(user, action, service_request)},
    )


# --- Staff actions ----------------------------------------------------------------------------------

Performer = Callable[[ServiceRequest, Actor, dict[str, Any]], Any]


def _claim(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.assign_request(row, assignee=actor.user, actor=actor, channel=STAFF_CHANNEL)


def _assign(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.assign_request(row, assignee=data["assignee"], actor=actor, channel=STAFF_CHANNEL)


def _status(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.change_status(
        row, data["status"], actor=actor, channel=STAFF_CHANNEL, note=data.get("note", ""),
        resolution=data.get("resolution", ""), resolution_notes=data.get("note", ""),
    )


def _note(is_public: bool) -> Performer:
    def add(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
        return lifecycle.add_note(row, data["text"], actor=actor, channel=STAFF_CHANNEL, is_public=is_public)
    return add


def _photo(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.attach_photo(row, data["photo"], actor=actor, channel=STAFF_CHANNEL,
                                  is_public=data["is_public"], caption=data.get("caption", ""))


def _schedule(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.schedule_request(row, on=data["on"], actor=actor, channel=STAFF_CHANNEL,
                                      note=data.get("note", ""))


def _refer(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    note = f"Referred to {data['agency']}." + (f" {data['note']}" if data.get("note") else "")
    return lifecycle.change_status(row, Status.REFERRED, actor=actor, channel=STAFF_CHANNEL, note=note)


def _transfer(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.transfer_request(row, department=data["department"], team=data.get("team"), actor=actor,
                                      channel=STAFF_CHANNEL, reason=data["reason"])


def _merge(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.merge_requests(data["duplicate"], row, actor=actor, channel=STAFF_CHANNEL)


def _close(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.close_request(row, resolution=data["resolution"], actor=actor, channel=STAFF_CHANNEL,
                                   notes=data.get("notes", ""))


def _reopen(row: ServiceRequest, actor: Actor, data: dict[str, Any]) -> Any:
    return lifecycle.reopen_request(row, actor=actor, channel=STAFF_CHANNEL, reason=data["reason"])


PERFORMERS: dict[Action, Performer] = {
    Action.CLAIM: _claim,
    Action.ASSIGN: _assign,
    Action.CHANGE_STATUS: _status,
    Action.PUBLIC_NOTE: _note(is_public=True),
    Action.INTERNAL_NOTE: _note(is_public=False),
    Action.ATTACH_PHOTO: _photo,
    Action.SCHEDULE: _schedule,
    Action.REFER: _refer,
    Action.TRANSFER: _transfer,
    Action.MERGE: _merge,
    Action.CLOSE: _close,
    Action.REOPEN: _reopen,
}


def perform_action(user: Any, action: Action, service_request: ServiceRequest, data: dict[str, Any]) -> None:
    """Run one staff action through the lifecycle, after the policy allows it.

    Raises PermissionDenied when the policy refuses (nothing is written) and ActionRefused when the
    lifecycle does (its transaction is rolled back).
    """
    _check(user, action, service_request, data)
    try:
        PERFORMERS[action](service_request, Actor.staff(user), data)
    except (lifecycle.IllegalTransition, ValueError) as refusal:
        raise ActionRefused(str(refusal)) from refusal


def _check(user: Any, action: Action, service_request: ServiceRequest, data: dict[str, Any]) -> None:
    """The policy's word on this action, including who the work may go to and the other request of a merge."""
    require_action(user, action, service_request)
    if action == Action.ASSIGN:
        require(can_assign_to(user, service_request, data["assignee"]),
                _("That person cannot be given this request: they do not work in its department."))
    if action == Action.MERGE:
        require_action(user, Action.MERGE, data["duplicate"])


BULK_ACTIONS = (Action.ASSIGN, Action.CHANGE_STATUS, Action.CLOSE)


@dataclass(frozen=True)
class BulkResult:
    done: list[str]


def perform_bulk(user: Any, action: Action, public_ids: Sequence[str], data: dict[str, Any]) -> BulkResult:
    """The same action on many requests, each through the lifecycle, all or none.

    Every row is checked against the policy before anything is written; a refusal from the lifecycle on
    any row rolls back the rows done before it, and ActionRefused names the request and the reason.
    """
    require(action in BULK_ACTIONS, _("That action cannot be used on several requests at once."))
    ids = list(dict.fromkeys(normalize_public_id(public_id) for public_id in public_ids))
    if not ids:
        raise ActionRefused(_("Select at least one request."))
    rows = {row.public_id: row for row in ServiceRequest.objects.filter(public_id__in=ids)}
    missing = [public_id for public_id in ids if public_id not in rows]
    if missing:
        raise ActionRefused(_("No request has the number %(number)s.") % {"number": missing[0]})
    for public_id in ids:
        require_action(user, Action.BULK, rows[public_id])
        _check(user, action, rows[public_id], data)
    actor = Actor.staff(user)
    with transaction.atomic():
        for public_id in ids:
            try:
                PERFORMERS[action](rows[public_id], actor, data)
            except (lifecycle.IllegalTransition, ValueError) as refusal:
                raise ActionRefused(
                    _("Nothing was changed: %(number)s could not be updated. %(reason)s")
                    % {"number": public_id, "reason": refusal}
                ) from refusal
    return BulkResult(done=ids)
