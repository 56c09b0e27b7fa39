"""Staff work the lifecycle gained for the work queues: scheduling on a date and transferring to another department."""

from datetime import date

import pytest
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.lifecycle import IllegalTransition, schedule_request, transfer_request
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pothole(city: City) -> ServiceRequest:
    return ServiceRequestFactory.create(service=city.pothole, department=city.public_works)


def test_scheduling_books_the_date_and_tells_the_resident(
    pothole: ServiceRequest, as_worker: Actor, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    ReporterContactFactory.create(request=pothole)

    with django_capture_on_commit_callbacks(execute=True):
        schedule_request(pothole, on=date(2026, 12, 3), actor=as_worker, channel=Channel.OTHER, note="Crew 4.")

    assert pothole.status == Status.SCHEDULED
    event = pothole.events.get(kind=EventKind.STATUS_CHANGED)
    assert (event.kind, event.from_status, event.to_status) == (EventKind.STATUS_CHANGED, Status.NEW, Status.SCHEDULED)
    assert event.note == "Scheduled for December 3, 2026. Crew 4."
    assert event.data == {"scheduled_for": "2026-12-03"}
    assert event.is_public and len(mail.outbox) == 1


def test_a_scheduled_request_cannot_be_scheduled_again(pothole: ServiceRequest, as_worker: Actor) -> None:
    schedule_request(pothole, on=date(2026, 12, 3), actor=as_worker, channel=Channel.OTHER)

    with pytest.raises(IllegalTransition, match="already scheduled"):
        schedule_request(pothole, on=date(2026, 12, 4), actor=as_worker, channel=Channel.OTHER)

    assert pothole.events.count() == 1


def test_transfer_reroutes_lets_the_assignee_go_and_records_both_departments(
    pothole: ServiceRequest, as_worker: Actor, department_worker: User, city: City
) -> None:
    ServiceRequest.objects.filter(pk=pothole.pk).update(assignee=department_worker, status=Status.ASSIGNED,
                                                        team=city.east_crew)

    transfer_request(pothole, department=city.sanitation, actor=as_worker, channel=Channel.OTHER,
                     reason="Debris, not a pothole")

    pothole.refresh_from_db()
    assert (pothole.department, pothole.team, pothole.assignee) == (city.sanitation, None, None)
    assert pothole.status == Status.ACKNOWLEDGED
    event = pothole.events.get()
    assert (event.kind, event.is_public, event.note) == (EventKind.ROUTED, False, "Debris, not a pothole")
    assert event.data == {"department": "san", "team": "", "from_department": "dpw"}
    assert (event.actor_user, event.from_status, event.to_status) == (department_worker, Status.ASSIGNED,
                                                                      Status.ACKNOWLEDGED)


@pytest.mark.parametrize(("status", "reason", "message"), [
    (Status.NEW, " ", "needs a reason"),
    (Status.CLOSED, "Wrong department", "closed request cannot be transferred"),
])
def test_transfer_refusals_change_nothing(
    pothole: ServiceRequest, as_worker: Actor, city: City, status: str, reason: str, message: str
) -> None:
    ServiceRequest.objects.filter(pk=pothole.pk).update(status=status)

    with pytest.raises(IllegalTransition, match=message):
        transfer_request(pothole, department=city.sanitation, actor=as_worker, channel=Channel.OTHER, reason=reason)

    pothole.refresh_from_db()
    assert pothole.department == city.public_works and not pothole.events.exists()


def test_transfer_to_the_same_place_or_a_foreign_team_is_refused(
    pothole: ServiceRequest, as_worker: Actor, city: City
) -> None:
    with pytest.raises(IllegalTransition, match="already with Public Works"):
        transfer_request(pothole, department=city.public_works, actor=as_worker, channel=Channel.OTHER, reason="x")
    with pytest.raises(IllegalTransition, match="not part of Sanitation"):
        transfer_request(pothole, department=city.sanitation, team=city.east_crew, actor=as_worker,
                         channel=Channel.OTHER, reason="x")

    transfer_request(pothole, department=city.public_works, team=city.east_crew, actor=as_worker,
                     channel=Channel.OTHER, reason="East side")
    pothole.refresh_from_db()
    assert pothole.team == city.east_crew and pothole.events.count() == 1
