"""The one module that changes a service request's status.

Every channel, view, API and integration calls these functions. Each one locks the request,
checks the transition, writes the change and its history event in one transaction, and queues
resident notifications only once that transaction has committed.
"""

from datetime import date
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import OPEN_STATUSES, EventKind, Resolution, Status
from civicdesk.service_requests.models import Follower, Photo, RequestEvent, ServiceRequest

# Which status may follow which. Closed requests only leave "closed" through reopen_request.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.ACKNOWLEDGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.SCHEDULED,
                           Status.REFERRED, Status.RESOLVED, Status.CLOSED}),
    Status.ACKNOWLEDGED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.SCHEDULED, Status.REFERRED,
                                    Status.RESOLVED, Status.CLOSED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.SCHEDULED, Status.REFERRED, Status.RESOLVED,
                                Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.ASSIGNED, Status.SCHEDULED, Status.REFERRED, Status.RESOLVED,
                                   Status.CLOSED}),
    Status.SCHEDULED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.REFERRED, Status.RESOLVED,
                                 Status.CLOSED}),
    Status.REFERRED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.SCHEDULED, Status.RESOLVED,
                                Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
NEEDS_RESOLUTION = frozenset({Status.RESOLVED, Status.CLOSED})


class IllegalTransition(Exception):
    """The requested status change is not allowed from the request's current status."""


def _label(status: str) -> str:
    return str(Status(status).label)


def check_transition(current: str, new: str, resolution: str = "") -> None:
    """Raise IllegalTransition with a message a person can act on, or return quietly."""
    if new not in Status.values:
        raise IllegalTransition(f"'{new}' is not a status. Use one of: {', '.join(Status.values)}.")
    if current == new:
        raise IllegalTransition(f"The request is already {_label(new).lower()}.")
    if new not in TRANSITIONS[current]:
        hint = " Reopen it first." if current == Status.CLOSED else ""
        raise IllegalTransition(
            f"A request that is {_label(current).lower()} cannot become {_label(new).lower()}.{hint}"
        )
    if new in NEEDS_RESOLUTION and resolution not in Resolution.values:
        raise IllegalTransition(
            f"Marking a request {_label(new).lower()} needs a resolution: {', '.join(Resolution.values)}."
        )


def record_event(
    request: ServiceRequest, kind: str, actor: Actor, channel: str = "", *, note: str = "", is_public: bool = True,
    from_status: str = "", to_status: str = "", data: dict[str, Any] | None = None,
) -> RequestEvent:
    """Append one line to the request's history."""
    return RequestEvent.objects.create(
        request=request, kind=kind, actor_kind=actor.kind, actor_user=actor.user, actor_name=actor.name,
        channel=channel, note=note, is_public=is_public, from_status=from_status, to_status=to_status,
        data=data or {},
    )


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def notify_after_commit(request: ServiceRequest, event: RequestEvent) -> None:
    from civicdesk.notifications.services import queue_notifications_for_event

    transaction.on_commit(lambda: queue_notifications_for_event(event.pk))


def _apply(request: ServiceRequest, locked: ServiceRequest) -> ServiceRequest:
    """Copy the saved row back onto the caller's object so it sees the change."""
    for field in locked._meta.concrete_fields:
        setattr(request, field.attname, getattr(locked, field.attname))
    return request


def change_status(
    request: ServiceRequest, new_status: str, *, actor: Actor, channel: str, note: str = "",
    resolution: str = "", resolution_notes: str = "", note_is_public: bool = True,
) -> ServiceRequest:
    """Move a request to `new_status`, recording who, when and through which channel."""
    with transaction.atomic():
        locked = _locked(request)
        if new_status not in NEEDS_RESOLUTION:
            resolution = ""  # only resolved and closed requests carry a resolution
        elif not resolution and new_status == Status.CLOSED:
            resolution = locked.resolution  # closing a resolved request keeps its resolution
        check_transition(locked.status, new_status, resolution)
        previous = locked.status
        now = timezone.now()
        locked.status = new_status
        locked.updated_at = now
        if new_status in NEEDS_RESOLUTION:
            locked.resolution = resolution
            locked.resolution_notes = resolution_notes or locked.resolution_notes
            locked.closed_at = now
        locked.save(update_fields=["status", "updated_at", "resolution", "resolution_notes", "closed_at"])
        event = record_event(
            locked, EventKind.STATUS_CHANGED, actor, channel, note=note, is_public=note_is_public,
            from_status=previous, to_status=new_status, data={"resolution": resolution} if resolution else {},
        )
        notify_after_commit(locked, event)
    return _apply(request, locked)


def acknowledge_request(request: ServiceRequest, *, actor: Actor, channel: str, note: str = "") -> ServiceRequest:
    return change_status(request, Status.ACKNOWLEDGED, actor=actor, channel=channel, note=note)


def resolve_request(
    request: ServiceRequest, *, resolution: str, actor: Actor, channel: str, notes: str = ""
) -> ServiceRequest:
    """The work is done; the request stays visible as resolved until it is closed."""
    return change_status(request, Status.RESOLVED, actor=actor, channel=channel, resolution=resolution,
                         resolution_notes=notes, note=notes)


def close_request(
    request: ServiceRequest, *, resolution: str, actor: Actor, channel: str, notes: str = ""
) -> ServiceRequest:
    """Close a request with an honest resolution code (fixed, duplicate, could not locate, ...)."""
    return change_status(request, Status.CLOSED, actor=actor, channel=channel, resolution=resolution,
                         resolution_notes=notes, note=notes)


def reopen_request(request: ServiceRequest, *, actor: Actor, channel: str, reason: str) -> ServiceRequest:
    """Put a resolved or closed request back to work (e.g. the resident says it is not fixed)."""
    if not reason.strip():
        raise IllegalTransition("Reopening a request needs a reason.")
    with transaction.atomic():
        locked = _locked(request)
        if locked.status in OPEN_STATUSES:
            raise IllegalTransition(f"The request is still {_label(locked.status).lower()}: it is not closed.")
        previous = locked.status
        locked.status = Status.ASSIGNED if locked.assignee_id else Status.ACKNOWLEDGED
        locked.resolution = ""
        locked.resolution_notes = ""
        locked.closed_at = None
        locked.parent = None
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "resolution", "resolution_notes", "closed_at", "parent", "updated_at"])
        event = record_event(locked, EventKind.REOPENED, actor, channel, note=reason, from_status=previous,
                             to_status=locked.status)
        notify_after_commit(locked, event)
    return _apply(request, locked)


def assign_request(
    request: ServiceRequest, *, assignee: Any, actor: Actor, channel: str, team: Any = None
) -> ServiceRequest:
    """Give the request to a staff member (and team); a new or acknowledged request becomes assigned."""
    with transaction.atomic():
        locked = _locked(request)
        if locked.status not in OPEN_STATUSES:
            raise IllegalTransition("A closed request cannot be assigned. Reopen it first.")
        previous = locked.status
        locked.assignee = assignee
        if team is not None:
            locked.team = team
        if locked.status in (Status.NEW, Status.ACKNOWLEDGED) and assignee is not None:
            locked.status = Status.ASSIGNED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["assignee", "team", "status", "updated_at"])
        name = assignee.get_username() if assignee is not None else ""
        record_event(locked, EventKind.ASSIGNED, actor, channel, is_public=False, from_status=previous,
                     to_status=locked.status, data={"assignee": name})
    return _apply(request, locked)


def add_note(
    request: ServiceRequest, text: str, *, actor: Actor, channel: str, is_public: bool
) -> RequestEvent:
    """A public note (residents see it) or an internal one (staff only)."""
    if not text.strip():
        raise ValueError("A note cannot be empty.")
    with transaction.atomic():
        locked = _locked(request)
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
        event = record_event(locked, EventKind.NOTE, actor, channel, note=text.strip(), is_public=is_public)
        if is_public:
            notify_after_commit(locked, event)
    request.updated_at = locked.updated_at
    return event


def attach_photo(
    request: ServiceRequest, image: File, *, actor: Actor, channel: str, is_public: bool, caption: str = ""
) -> Photo:
    """A photo staff add to a request (already checked and cleaned by `photos.clean_photo`), in its history.

    Internal photos (a crew's evidence, a private yard) stay with staff; public ones show on the request page.
    """
    with transaction.atomic():
        locked = _locked(request)
        photo = Photo(request=locked, is_public=is_public)
        photo.image.save(image.name or "photo.jpg", image, save=False)
        photo.save()
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
        record_event(locked, EventKind.PHOTO_ADDED, actor, channel, note=caption.strip(), is_public=is_public,
                     data={"photo": photo.pk})
    request.updated_at = locked.updated_at
    return photo


def merge_requests(
    duplicate: ServiceRequest, into: ServiceRequest, *, actor: Actor, channel: str
) -> ServiceRequest:
    """Close `duplicate` as a duplicate of `into`; its reporter and followers follow `into` from now on."""
    if duplicate.pk == into.pk:
        raise IllegalTransition("A request cannot be merged into itself.")
    # One transaction: a close that fails must not leave followers moved to the other request.
    with transaction.atomic():
        # Lock both rows in id order so two merges can never deadlock.
        locked = {row.pk: row for row in ServiceRequest.objects.select_for_update().filter(
            pk__in=[duplicate.pk, into.pk]).order_by("pk")}
        child, parent = locked[duplicate.pk], locked[into.pk]
        if child.status not in OPEN_STATUSES:
            raise IllegalTransition("Only an open request can be merged as a duplicate.")
        if parent.status not in OPEN_STATUSES:
            raise IllegalTransition("Merge into an open request: the other one is already closed.")
        if parent.parent_id == child.pk:
            raise IllegalTransition("That request is already a duplicate of this one.")
        moved = _move_followers(child, parent)
        child.parent = parent
        child.save(update_fields=["parent"])
        record_event(parent, EventKind.MERGED, actor, channel, note=f"{child.public_id} merged into this request.",
                     data={"duplicate": child.public_id, "followers_moved": moved})
        return change_status(duplicate, Status.CLOSED, actor=actor, channel=channel, resolution="duplicate",
                             resolution_notes=f"Duplicate of {parent.public_id}.",
                             note=f"Merged into {parent.public_id}.")


def _move_followers(child: ServiceRequest, parent: ServiceRequest) -> int:
    moved = Follower.objects.filter(request=child).update(request=parent)
    reporter = getattr(child, "reporter", None)
    if reporter is not None and (reporter.email or reporter.phone) and reporter.wants_updates:
        Follower.objects.create(
            request=parent, name=reporter.full_name, email=reporter.email, phone=reporter.phone,
            language=child.language, channel=child.channel,
        )
        moved += 1
    return moved


def follow_request(
    request: ServiceRequest, *, actor: Actor, channel: str, name: str = "", email: str = "", phone: str = "",
    language: str = "en",
) -> Follower:
    """Add a resident as a follower (instead of filing a duplicate)."""
    if not (email or phone):
        raise ValueError("Following a request needs an email address or a phone number for the updates.")
    with transaction.atomic():
        locked = _locked(request)
        # The same address in another case is the same person.
        same = Q(email__iexact=email) if email else Q(email="", phone=phone)
        existing = Follower.objects.filter(same, request=locked).first()
        if existing:
            return existing
        follower = Follower.objects.create(request=locked, name=name, email=email, phone=phone,
                                           language=language, channel=channel)
        record_event(locked, EventKind.FOLLOWED, actor, channel, is_public=False)
    return follower



def schedule_request(
    request: ServiceRequest, *, on: date, actor: Actor, channel: str, note: str = ""
) -> ServiceRequest:
    """Book the work for a day: the request becomes scheduled and residents are told the date."""
    with transaction.atomic():
        locked = _locked(request)
        check_transition(locked.status, Status.SCHEDULED)
        previous = locked.status
        locked.status = Status.SCHEDULED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        text = f"Scheduled for {on:%B} {on.day}, {on.year}." + (f" {note.strip()}" if note.strip() else "")
        event = record_event(locked, EventKind.STATUS_CHANGED, actor, channel, note=text, from_status=previous,
                             to_status=Status.SCHEDULED, data={"scheduled_for": on.isoformat()})
        notify_after_commit(locked, event)
    return _apply(request, locked)


def transfer_request(
    request: ServiceRequest, *, department: Any, actor: Actor, channel: str, reason: str, team: Any = None
) -> ServiceRequest:
    """Re-route an open request to another department (and team); its assignee, if any, is let go."""
    if not reason.strip():
        raise IllegalTransition("Transferring a request needs a reason.")
    if team is not None and team.department_id != department.pk:
        raise IllegalTransition(f"The team {team.name} is not part of {department.name}.")
    with transaction.atomic():
        locked = _locked(request)
        if locked.status not in OPEN_STATUSES:
            raise IllegalTransition("A closed request cannot be transferred. Reopen it first.")
        if locked.department_id == department.pk and (team is None or locked.team_id == team.pk):
            raise IllegalTransition(f"The request is already with {department.name}.")
        previous_status, previous_department = locked.status, locked.department
        locked.department, locked.team, locked.assignee = department, team, None
        if locked.status == Status.ASSIGNED:
            locked.status = Status.ACKNOWLEDGED  # nobody in the new department has it yet
        locked.updated_at = timezone.now()
        locked.save(update_fields=["department", "team", "assignee", "status", "updated_at"])
        record_event(
            locked, EventKind.ROUTED, actor, channel, note=reason.strip(), is_public=False,
            from_status=previous_status, to_status=locked.status,
            data={"department": department.code, "team": team.name if team else "",
                  "from_department": previous_department.code if previous_department else ""},
        )
        if previous_department != department:  # a new team of the same department: its systems have it
            from civicdesk.integrations.services import queue_deliveries  # here: that module imports this one

            queue_deliveries(locked, reason="transferred")
    return _apply(request, locked)
