from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.notifications.models import Notification, OptOut
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ActorKind,
    Channel,
    EventKind,
    Resolution,
    Status,
)
from civicdesk.service_requests.lifecycle import (
    NEEDS_RESOLUTION,
    TRANSITIONS,
    IllegalTransition,
    add_note,
    assign_request,
    change_status,
    close_request,
    follow_request,
    merge_requests,
    reopen_request,
    resolve_request,
)
from civicdesk.service_requests.models import Follower, RequestEvent, ServiceRequest
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db

Snapshot = tuple[dict[str, Any], list[tuple[Any, ...]]]
PAIRS = [(current, new) for current in Status.values for new in Status.values]


def request_in(city: City, status: str, **fields: Any) -> ServiceRequest:
    """A pothole report written straight to the table in `status` (done ones resolved as fixed)."""
    done = status in DONE_STATUSES
    values: dict[str, Any] = dict(
        service=city.pothole, department=city.public_works, status=status,
        resolution=Resolution.FIXED if done else "", closed_at=timezone.now() if done else None,
    )
    values.update(fields)
    return ServiceRequestFactory.create(**values)  # type: ignore[no-any-return]


def snapshot(request: ServiceRequest) -> Snapshot:
    """The request's row and its whole history, to prove a refused change wrote nothing."""
    row: dict[str, Any] = dict(ServiceRequest.objects.filter(pk=request.pk).values().get())
    events = RequestEvent.objects.filter(request_id=request.pk).order_by("id")
    history: list[tuple[Any, ...]] = list(events.values_list())
    return row, history


def label(status: str) -> str:
    return Status(status).label.lower()


# --- The transition table ------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "new"), PAIRS, ids=[f"{current}->{new}" for current, new in PAIRS])
def test_every_status_pair_is_allowed_or_refused_as_the_table_says(
    city: City, department_worker: User, current: str, new: str
) -> None:
    request = request_in(city, current)
    before = snapshot(request)
    resolution = Resolution.FIXED if new in NEEDS_RESOLUTION else ""
    started = timezone.now()

    if new not in TRANSITIONS[current]:
        with pytest.raises(IllegalTransition) as refused:
            change_status(request, new, actor=Actor.staff(department_worker), channel=Channel.PHONE,
                          resolution=resolution)
        if current == new:
            assert str(refused.value) == f"The request is already {label(new)}."
        else:
            hint = " Reopen it first." if current == Status.CLOSED else ""
            assert str(refused.value) == f"A request that is {label(current)} cannot become {label(new)}.{hint}"
        assert snapshot(request) == before
        assert request.status == current
        return

    returned = change_status(request, new, actor=Actor.staff(department_worker), channel=Channel.PHONE,
                             resolution=resolution)

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert returned is request and request.status == new
    assert saved.status == new
    assert saved.updated_at >= started
    if new in NEEDS_RESOLUTION:
        assert saved.resolution == Resolution.FIXED
        assert saved.closed_at is not None and saved.closed_at >= started
    else:
        assert saved.resolution == "" and saved.closed_at is None
    event = RequestEvent.objects.filter(request=request).get()
    assert event.kind == EventKind.STATUS_CHANGED
    assert (event.from_status, event.to_status) == (current, new)
    assert (event.actor_kind, event.actor_user, event.actor_name) == (ActorKind.STAFF, department_worker, "dave")
    assert event.channel == Channel.PHONE
    assert started <= event.at <= timezone.now()
    assert event.data == ({"resolution": "fixed"} if resolution else {})


def test_the_table_has_the_shape_the_city_works_by() -> None:
    assert set(TRANSITIONS) == set(Status.values)
    assert TRANSITIONS[Status.CLOSED] == frozenset()  # only reopen_request leaves "closed"
    assert TRANSITIONS[Status.RESOLVED] == {Status.CLOSED}
    for current in OPEN_STATUSES:
        assert {Status.RESOLVED, Status.CLOSED} <= TRANSITIONS[current]
    for source, allowed in TRANSITIONS.items():
        assert source not in allowed
        assert Status.NEW not in allowed  # nothing goes back to "new"


def test_an_unknown_status_word_is_refused(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.NEW)
    before = snapshot(request)
    with pytest.raises(IllegalTransition, match="'flying' is not a status. Use one of: new, acknowledged"):
        change_status(request, "flying", actor=as_worker, channel=Channel.WEB)
    assert snapshot(request) == before


# --- Resolutions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("new", [Status.RESOLVED, Status.CLOSED])
@pytest.mark.parametrize("resolution", ["", "sorted", "FIXED"])
def test_resolving_or_closing_needs_a_valid_resolution_code(
    city: City, as_worker: Actor, new: str, resolution: str
) -> None:
    request = request_in(city, Status.IN_PROGRESS)
    before = snapshot(request)
    with pytest.raises(IllegalTransition, match=f"Marking a request {new} needs a resolution: fixed, no_action"):
        change_status(request, new, actor=as_worker, channel=Channel.WEB, resolution=resolution)
    assert snapshot(request) == before


def test_close_request_keeps_the_resolution_and_its_public_words(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.ASSIGNED)

    close_request(request, resolution=Resolution.COULD_NOT_LOCATE, actor=as_worker, channel=Channel.WEB,
                  notes="No pothole found at 120 N Main St.")

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.resolution) == (Status.CLOSED, Resolution.COULD_NOT_LOCATE)
    assert saved.resolution_notes == "No pothole found at 120 N Main St."
    event = saved.events.get()
    assert event.note == "No pothole found at 120 N Main St."
    assert event.data == {"resolution": "could_not_locate"}


def test_closing_a_resolved_request_reuses_its_resolution(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.IN_PROGRESS)
    resolve_request(request, resolution=Resolution.NO_ACTION_NEEDED, actor=as_worker, channel=Channel.WEB,
                    notes="The hole is on private land.")
    resolved_at = request.closed_at

    change_status(request, Status.CLOSED, actor=Actor.system("Auto-close"), channel="")

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.resolution) == (Status.CLOSED, Resolution.NO_ACTION_NEEDED)
    assert saved.resolution_notes == "The hole is on private land."
    assert resolved_at is not None and saved.closed_at is not None and saved.closed_at >= resolved_at
    closing = saved.events.order_by("id").last()
    assert closing is not None
    assert (closing.from_status, closing.to_status) == (Status.RESOLVED, Status.CLOSED)
    assert (closing.actor_kind, closing.actor_name) == (ActorKind.SYSTEM, "Auto-close")
    assert closing.data == {"resolution": "no_action_needed"}


def test_a_resolution_given_for_an_open_status_is_neither_kept_nor_recorded(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.ACKNOWLEDGED)

    change_status(request, Status.IN_PROGRESS, actor=as_worker, channel=Channel.WEB, resolution=Resolution.FIXED)

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.resolution, saved.closed_at) == (Status.IN_PROGRESS, "", None)
    assert saved.events.get().data == {}


# --- Reopening -----------------------------------------------------------------------------------


@pytest.mark.parametrize("done", [Status.RESOLVED, Status.CLOSED])
def test_reopening_without_an_assignee_puts_the_request_back_as_acknowledged(
    city: City, department_worker: User, done: str
) -> None:
    request = request_in(city, done, resolution_notes="Patched.")
    started = timezone.now()

    returned = reopen_request(request, actor=Actor.resident("Rosa"), channel=Channel.WEB,
                              reason="  The hole is back after the rain. ")

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert returned is request and request.status == Status.ACKNOWLEDGED
    assert (saved.status, saved.resolution, saved.resolution_notes, saved.closed_at) == (
        Status.ACKNOWLEDGED, "", "", None)
    event = saved.events.get()
    assert event.kind == EventKind.REOPENED
    assert (event.from_status, event.to_status) == (done, Status.ACKNOWLEDGED)
    assert (event.actor_kind, event.actor_name, event.channel) == (ActorKind.RESIDENT, "Rosa", Channel.WEB)
    assert "The hole is back after the rain." in event.note
    assert event.at >= started


@pytest.mark.parametrize("done", [Status.RESOLVED, Status.CLOSED])
def test_reopening_with_an_assignee_puts_the_request_back_as_assigned(
    city: City, department_worker: User, as_call_taker: Actor, done: str
) -> None:
    request = request_in(city, done, assignee=department_worker)

    reopen_request(request, actor=as_call_taker, channel=Channel.PHONE, reason="Caller says it is not fixed.")

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.assignee, saved.resolution, saved.closed_at) == (
        Status.ASSIGNED, department_worker, "", None)
    event = saved.events.get()
    assert (event.kind, event.from_status, event.to_status) == (EventKind.REOPENED, done, Status.ASSIGNED)
    assert (event.actor_user, event.channel) == (as_call_taker.user, Channel.PHONE)


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(city: City, as_worker: Actor, reason: str) -> None:
    request = request_in(city, Status.CLOSED)
    before = snapshot(request)
    with pytest.raises(IllegalTransition, match="Reopening a request needs a reason."):
        reopen_request(request, actor=as_worker, channel=Channel.WEB, reason=reason)
    assert snapshot(request) == before


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_an_open_request_cannot_be_reopened(city: City, as_worker: Actor, status: str) -> None:
    request = request_in(city, status)
    before = snapshot(request)
    with pytest.raises(IllegalTransition, match=f"The request is still {label(status)}: it is not closed."):
        reopen_request(request, actor=as_worker, channel=Channel.WEB, reason="Not fixed.")
    assert snapshot(request) == before


# --- Assigning, notes ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.NEW, Status.ACKNOWLEDGED])
def test_assigning_a_new_or_acknowledged_request_makes_it_assigned(
    city: City, department_worker: User, as_call_taker: Actor, status: str
) -> None:
    request = request_in(city, status)

    assign_request(request, assignee=department_worker, team=city.east_crew, actor=as_call_taker,
                   channel=Channel.PHONE)

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.assignee, saved.team) == (Status.ASSIGNED, department_worker, city.east_crew)
    assert request.status == Status.ASSIGNED
    event = saved.events.get()
    assert (event.kind, event.is_public) == (EventKind.ASSIGNED, False)
    assert (event.from_status, event.to_status) == (status, Status.ASSIGNED)
    assert event.data == {"assignee": "dave"}
    assert (event.actor_user, event.channel) == (as_call_taker.user, Channel.PHONE)


def test_reassigning_work_in_progress_keeps_its_status_and_team(
    city: City, department_worker: User, call_taker: User, as_call_taker: Actor
) -> None:
    request = request_in(city, Status.IN_PROGRESS, assignee=department_worker, team=city.east_crew)

    assign_request(request, assignee=call_taker, actor=as_call_taker, channel=Channel.PHONE)

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.assignee, saved.team) == (Status.IN_PROGRESS, call_taker, city.east_crew)
    event = saved.events.get()
    assert (event.from_status, event.to_status, event.data) == (
        Status.IN_PROGRESS, Status.IN_PROGRESS, {"assignee": "carla"})


def test_unassigning_an_acknowledged_request_leaves_it_acknowledged(
    city: City, department_worker: User, as_call_taker: Actor
) -> None:
    request = request_in(city, Status.ACKNOWLEDGED, assignee=department_worker)

    assign_request(request, assignee=None, actor=as_call_taker, channel=Channel.PHONE)

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.assignee) == (Status.ACKNOWLEDGED, None)
    assert saved.events.get().data == {"assignee": ""}


@pytest.mark.parametrize("done", DONE_STATUSES)
def test_a_done_request_cannot_be_assigned(
    city: City, department_worker: User, as_call_taker: Actor, done: str
) -> None:
    request = request_in(city, done)
    before = snapshot(request)
    with pytest.raises(IllegalTransition, match="A closed request cannot be assigned. Reopen it first."):
        assign_request(request, assignee=department_worker, actor=as_call_taker, channel=Channel.PHONE)
    assert snapshot(request) == before


@pytest.mark.parametrize("is_public", [True, False])
def test_a_note_is_recorded_public_or_internal(city: City, as_worker: Actor, is_public: bool) -> None:
    request = request_in(city, Status.IN_PROGRESS)
    before = ServiceRequest.objects.get(pk=request.pk).updated_at

    event = add_note(request, "  Crew scheduled for Tuesday.  ", actor=as_worker, channel=Channel.WEB,
                     is_public=is_public)

    assert RequestEvent.objects.get(request=request) == event
    assert (event.kind, event.note, event.is_public) == (EventKind.NOTE, "Crew scheduled for Tuesday.", is_public)
    assert (event.actor_user, event.channel) == (as_worker.user, Channel.WEB)
    saved = ServiceRequest.objects.get(pk=request.pk)
    assert saved.status == Status.IN_PROGRESS
    assert saved.updated_at > before and request.updated_at == saved.updated_at


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_note_is_refused(city: City, as_worker: Actor, text: str) -> None:
    request = request_in(city, Status.IN_PROGRESS)
    before = snapshot(request)
    with pytest.raises(ValueError, match="A note cannot be empty."):
        add_note(request, text, actor=as_worker, channel=Channel.WEB, is_public=True)
    assert snapshot(request) == before


# --- Merging duplicates, following ---------------------------------------------------------------


def test_merging_closes_the_duplicate_and_moves_its_people_to_the_original(
    city: City, department_worker: User, as_worker: Actor
) -> None:
    original = request_in(city, Status.ASSIGNED, assignee=department_worker)
    duplicate = request_in(city, Status.NEW)
    ReporterContactFactory.create(request=duplicate, first_name="Rosa", last_name="Resident", email="rosa@example.org")
    Follower.objects.create(request=duplicate, name="Fred", email="fred@example.org", channel=Channel.SMS,
                            language="es")

    returned = merge_requests(duplicate, original, actor=as_worker, channel=Channel.WEB)

    child = ServiceRequest.objects.get(pk=duplicate.pk)
    assert returned.pk == child.pk and duplicate.status == Status.CLOSED
    assert (child.status, child.resolution, child.parent) == (Status.CLOSED, Resolution.DUPLICATE, original)
    assert child.resolution_notes == f"Duplicate of {original.public_id}."
    assert child.closed_at is not None
    closing = child.events.get(kind=EventKind.STATUS_CHANGED)
    assert (closing.from_status, closing.to_status) == (Status.NEW, Status.CLOSED)
    assert closing.note == f"Merged into {original.public_id}."
    assert (closing.actor_user, closing.channel) == (department_worker, Channel.WEB)
    followers = {(f.name, f.email, f.language) for f in Follower.objects.filter(request=original)}
    assert followers == {("Fred", "fred@example.org", "es"), ("Rosa Resident", "rosa@example.org", "en")}
    assert not Follower.objects.filter(request=duplicate).exists()
    merged = RequestEvent.objects.get(request=original, kind=EventKind.MERGED)
    assert merged.note == f"{duplicate.public_id} merged into this request."
    assert merged.data == {"duplicate": duplicate.public_id, "followers_moved": 2}
    assert (merged.actor_user, merged.channel) == (department_worker, Channel.WEB)
    parent = ServiceRequest.objects.get(pk=original.pk)
    assert (parent.status, parent.assignee, parent.parent) == (Status.ASSIGNED, department_worker, None)


def test_a_reporter_who_wants_no_updates_is_not_moved(city: City, as_worker: Actor) -> None:
    original = request_in(city, Status.NEW)
    duplicate = request_in(city, Status.NEW)
    ReporterContactFactory.create(request=duplicate, email="quiet@example.org", wants_updates=False)

    merge_requests(duplicate, original, actor=as_worker, channel=Channel.WEB)

    assert not Follower.objects.filter(request=original).exists()
    assert RequestEvent.objects.get(request=original, kind=EventKind.MERGED).data["followers_moved"] == 0


def test_a_request_cannot_be_merged_into_itself(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.NEW)
    before = snapshot(request)
    with pytest.raises(IllegalTransition, match="cannot be merged into itself"):
        merge_requests(request, request, actor=as_worker, channel=Channel.WEB)
    assert snapshot(request) == before


@pytest.mark.parametrize("done", DONE_STATUSES)
def test_nothing_is_merged_into_a_done_request(city: City, as_worker: Actor, done: str) -> None:
    original, duplicate = request_in(city, done), request_in(city, Status.NEW)
    Follower.objects.create(request=duplicate, email="fred@example.org", channel=Channel.WEB)
    before = (snapshot(original), snapshot(duplicate))
    with pytest.raises(IllegalTransition, match="Merge into an open request: the other one is already closed."):
        merge_requests(duplicate, original, actor=as_worker, channel=Channel.WEB)
    assert (snapshot(original), snapshot(duplicate)) == before
    assert Follower.objects.get().request_id == duplicate.pk


def test_an_already_merged_request_cannot_be_merged_again(city: City, as_worker: Actor) -> None:
    first, second, duplicate = request_in(city, Status.NEW), request_in(city, Status.NEW), request_in(city, "new")
    merge_requests(duplicate, first, actor=as_worker, channel=Channel.WEB)
    before = (snapshot(first), snapshot(second), snapshot(duplicate))

    with pytest.raises(IllegalTransition, match="Only an open request can be merged as a duplicate."):
        merge_requests(duplicate, second, actor=as_worker, channel=Channel.WEB)

    assert (snapshot(first), snapshot(second), snapshot(duplicate)) == before
    assert ServiceRequest.objects.get(pk=duplicate.pk).parent_id == first.pk


def test_a_merge_that_fails_half_way_changes_nothing(city: City, as_worker: Actor) -> None:
    original, duplicate = request_in(city, Status.NEW), request_in(city, Status.NEW)
    Follower.objects.create(request=duplicate, email="fred@example.org", channel=Channel.WEB)
    before = (snapshot(original), snapshot(duplicate))

    # The duplicate is closed by someone else between the checks and the close.
    with mock.patch.object(lifecycle, "change_status", side_effect=IllegalTransition("The request is already closed.")):
        with pytest.raises(IllegalTransition):
            merge_requests(duplicate, original, actor=as_worker, channel=Channel.WEB)

    assert (snapshot(original), snapshot(duplicate)) == before
    assert Follower.objects.get().request_id == duplicate.pk


def test_following_adds_one_follower_however_often_asked(city: City) -> None:
    request = request_in(city, Status.ACKNOWLEDGED)

    first = follow_request(request, actor=Actor.resident("Fred"), channel=Channel.WEB, name="Fred",
                           email="fred@example.org", language="es")
    again = follow_request(request, actor=Actor.resident("Fred"), channel=Channel.WEB, name="Fred",
                           email="fred@example.org", language="es")
    shouting = follow_request(request, actor=Actor.resident("Fred"), channel=Channel.WEB, email="FRED@Example.org")

    assert first.pk == again.pk == shouting.pk
    follower = Follower.objects.get(request=request)
    assert (follower.name, follower.email, follower.language, follower.channel) == (
        "Fred", "fred@example.org", "es", Channel.WEB)
    event = RequestEvent.objects.get(request=request)
    assert (event.kind, event.is_public, event.actor_kind) == (EventKind.FOLLOWED, False, ActorKind.RESIDENT)


def test_following_by_phone_only_is_enough(city: City) -> None:
    request = request_in(city, Status.NEW)
    follow_request(request, actor=Actor.resident(), channel=Channel.SMS, phone="+13125550199")
    follow_request(request, actor=Actor.resident(), channel=Channel.SMS, phone="+13125550199")
    assert list(Follower.objects.filter(request=request).values_list("phone", flat=True)) == ["+13125550199"]


def test_following_needs_an_email_or_a_phone(city: City) -> None:
    request = request_in(city, Status.NEW)
    before = snapshot(request)
    with pytest.raises(ValueError, match="needs an email address or a phone number"):
        follow_request(request, actor=Actor.resident(), channel=Channel.WEB, name="Anonymous")
    assert snapshot(request) == before
    assert not Follower.objects.exists()


# --- History -------------------------------------------------------------------------------------


def test_the_history_is_append_only(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.NEW)
    change_status(request, Status.ACKNOWLEDGED, actor=as_worker, channel=Channel.WEB)
    event = RequestEvent.objects.get(request=request)
    before = snapshot(request)

    event.note = "rewritten"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()
    with pytest.raises(PermissionError, match="append-only"):
        RequestEvent.objects.filter(request=request).update(note="rewritten")
    with pytest.raises(PermissionError, match="append-only"):
        RequestEvent.objects.filter(request=request).delete()
    with pytest.raises(PermissionError, match="append-only"):
        request.events.update(to_status=Status.CLOSED)
    with pytest.raises(PermissionError, match="append-only"), transaction.atomic():
        RequestEvent.objects.bulk_update([event], ["note"])

    assert snapshot(request) == before


def test_a_new_event_object_cannot_overwrite_an_old_one(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.NEW)
    change_status(request, Status.ACKNOWLEDGED, actor=as_worker, channel=Channel.WEB)
    old = RequestEvent.objects.get(request=request)
    before = snapshot(request)

    forged = RequestEvent(pk=old.pk, request=request, kind=EventKind.NOTE, actor_kind=ActorKind.SYSTEM,
                          note="This never happened.")
    with pytest.raises(Exception):  # noqa: B017 - PermissionError, or IntegrityError from a forced insert
        with transaction.atomic():
            forged.save()

    assert snapshot(request) == before


@pytest.mark.parametrize("status", Status.values)
def test_open311_knows_only_open_and_closed(city: City, status: str) -> None:
    expected = "closed" if status in (Status.RESOLVED, Status.CLOSED) else "open"
    assert request_in(city, status).open311_status == expected


def test_referred_work_is_still_open_for_open311(city: City) -> None:
    assert request_in(city, Status.REFERRED).open311_status == "open"


# --- Notifications -------------------------------------------------------------------------------


@pytest.fixture
def reported(city: City) -> ServiceRequest:
    """Rosa's pothole report, in progress, followed by her neighbour Fred."""
    request = request_in(city, Status.IN_PROGRESS)
    ReporterContactFactory.create(request=request, email="rosa@example.org")
    Follower.objects.create(request=request, name="Fred", email="fred@example.org", channel=Channel.WEB)
    return request


def test_closing_tells_the_reporter_and_the_followers_the_resolution(
    reported: ServiceRequest, as_worker: Actor, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        close_request(reported, resolution=Resolution.FIXED, actor=as_worker, channel=Channel.WEB,
                      notes="Patched with hot asphalt.")

    assert sorted(message.to[0] for message in mail.outbox) == ["fred@example.org", "rosa@example.org"]
    for message in mail.outbox:
        assert message.subject == f"Your request {reported.public_id} is now: Closed"
        assert "Resolution: Fixed" in message.body
        assert "Patched with hot asphalt." in message.body
    assert Notification.objects.filter(request=reported, status="sent").count() == 2
    assert reported.events.filter(kind=EventKind.NOTIFICATION_SENT).count() == 2


def test_an_opt_out_is_honoured_whatever_its_case(
    reported: ServiceRequest, as_worker: Actor, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    OptOut.objects.create(address="Fred@Example.org")
    with django_capture_on_commit_callbacks(execute=True):
        close_request(reported, resolution=Resolution.FIXED, actor=as_worker, channel=Channel.WEB)

    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]
    assert not Notification.objects.filter(recipient__iexact="fred@example.org").exists()


def test_a_reporter_who_wants_no_updates_gets_none(
    city: City, as_worker: Actor, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    request = request_in(city, Status.IN_PROGRESS)
    ReporterContactFactory.create(request=request, email="quiet@example.org", wants_updates=False)
    with django_capture_on_commit_callbacks(execute=True):
        close_request(request, resolution=Resolution.FIXED, actor=as_worker, channel=Channel.WEB)
    assert mail.outbox == []


def test_bookkeeping_changes_send_nothing(
    reported: ServiceRequest, department_worker: User, as_worker: Actor,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        change_status(reported, Status.ASSIGNED, actor=as_worker, channel=Channel.WEB)
        assign_request(reported, assignee=department_worker, actor=as_worker, channel=Channel.WEB)
        add_note(reported, "Truck 12 has the asphalt.", actor=as_worker, channel=Channel.WEB, is_public=False)
        follow_request(reported, actor=Actor.resident(), channel=Channel.WEB, email="gina@example.org")

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_public_note_and_a_reopening_are_sent(
    reported: ServiceRequest, as_worker: Actor, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    close_request(reported, resolution=Resolution.FIXED, actor=as_worker, channel=Channel.WEB)
    with django_capture_on_commit_callbacks(execute=True):
        reopen_request(reported, actor=Actor.resident("Rosa"), channel=Channel.WEB, reason="Still there.")
        add_note(reported, "A crew is on the way.", actor=as_worker, channel=Channel.WEB, is_public=True)

    subjects = sorted({message.subject for message in mail.outbox})
    assert subjects == [f"An update on your request {reported.public_id}",
                        f"Your request {reported.public_id} was reopened"]
    assert len(mail.outbox) == 4
    assert any("A crew is on the way." in message.body for message in mail.outbox)


def test_a_rolled_back_change_sends_nothing(
    reported: ServiceRequest, as_worker: Actor, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            close_request(reported, resolution=Resolution.FIXED, actor=as_worker, channel=Channel.WEB)
            raise RuntimeError("the rest of the form failed")

    assert callbacks == []
    assert mail.outbox == []
    assert ServiceRequest.objects.get(pk=reported.pk).status == Status.IN_PROGRESS
    assert not RequestEvent.objects.filter(request=reported).exists()


def test_every_change_is_timestamped_in_order(city: City, as_worker: Actor) -> None:
    request = request_in(city, Status.NEW, requested_at=timezone.now() - timedelta(hours=1))
    for status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.SCHEDULED, Status.RESOLVED):
        change_status(request, status, actor=as_worker, channel=Channel.WEB,
                      resolution=Resolution.FIXED if status == Status.RESOLVED else "")
    events = list(request.events.order_by("id"))
    assert [event.to_status for event in events] == [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.SCHEDULED,
                                                     Status.RESOLVED]
    assert [event.from_status for event in events[1:]] == [event.to_status for event in events[:-1]]
    assert [event.at for event in events] == sorted(event.at for event in events)
