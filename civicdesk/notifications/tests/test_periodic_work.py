"""The periodic tasks, run with an injected clock: the feedback survey SURVEY_DELAY_DAYS after closure,
SLA checks that alert supervisors once per overdue request; and which status changes residents hear about."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.notifications.choices import MessageKind
from civicdesk.notifications.models import Notification, NotifiedStatus, OverdueAlert, Survey
from civicdesk.notifications.tasks import check_overdue_requests, send_due_surveys
from civicdesk.notifications.tests.conftest import report
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.intake import Contact
from civicdesk.service_requests.lifecycle import (
    assign_request,
    change_status,
    close_request,
    reopen_request,
    schedule_request,
)
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROSA = Contact(first_name="Rosa", email="rosa@example.org")


def closed_for_rosa(as_worker: Actor) -> ServiceRequest:
    request = report(ROSA, Channel.WEB)
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.STAFF)
    mail.outbox.clear()
    return request


def surveys_at(request: ServiceRequest, after: timedelta) -> int:
    closed_at = request.events.get(kind=EventKind.STATUS_CHANGED, to_status=Status.CLOSED).at
    return send_due_surveys.call(now=(closed_at + after).isoformat())


# --- The feedback survey -----------------------------------------------------------------------------


def test_the_survey_goes_out_once_after_the_configured_delay(city: City, as_worker: Actor, settings: Any) -> None:
    settings.SURVEY_DELAY_DAYS = 5
    request = closed_for_rosa(as_worker)

    assert surveys_at(request, timedelta(days=4, hours=23)) == 0
    assert surveys_at(request, timedelta(days=5, minutes=1)) == 1
    assert surveys_at(request, timedelta(days=5, hours=3)) == 0

    [message] = mail.outbox
    assert message.subject == f"Was your request {request.public_id} fixed?"
    assert Survey.objects.get().token in str(message.body)
    assert Notification.objects.get(kind=MessageKind.SURVEY).status == "sent"


def test_an_answered_survey_is_not_sent_again(city: City, as_worker: Actor) -> None:
    request = closed_for_rosa(as_worker)
    Survey.objects.update(answered_at=timezone.now(), was_fixed=True)

    assert surveys_at(request, timedelta(days=3)) == 0
    assert mail.outbox == []


def test_no_survey_for_a_request_reopened_since_or_a_closure_long_past(city: City, as_worker: Actor) -> None:
    request = closed_for_rosa(as_worker)

    assert surveys_at(request, timedelta(days=2 + 7, hours=1)) == 0  # past the window: the scheduler was off
    reopen_request(request, actor=as_worker, channel=Channel.STAFF, reason="Crew missed a hole")
    assert surveys_at(request, timedelta(days=3)) == 0
    assert not Notification.objects.filter(kind=MessageKind.SURVEY).exists()


def test_no_survey_for_a_resident_who_stopped_updates(city: City, as_worker: Actor) -> None:
    request = closed_for_rosa(as_worker)
    request.reporter.wants_updates = False
    request.reporter.save()

    assert surveys_at(request, timedelta(days=3)) == 0


def test_the_survey_is_shown_to_staff_once_answered(city: City, as_worker: Actor, supervisor: User) -> None:
    from civicdesk.notifications.services import answer_survey

    request = closed_for_rosa(as_worker)
    answer_survey(Survey.objects.get().token, was_fixed=True, satisfaction=4, comment="Quick work")

    page = signed_in(supervisor).get(reverse("console:request", args=[request.public_id])).content.decode()
    assert "Survey answers" in page and "Fixed · 4/5 · “Quick work”" in page


# --- SLA checks ----------------------------------------------------------------------------------------


def test_overdue_requests_are_alerted_once_to_the_supervisors_concerned(city: City, supervisor: User) -> None:
    sanitation_lead = StaffFactory.create(username="sue", role=Role.SUPERVISOR, email="sue@city.example")
    sanitation_lead.departments.add(city.sanitation)
    now = timezone.now()
    late = ServiceRequestFactory.create(service=city.pothole, department=city.public_works,
                                        expected_at=now - timedelta(hours=2))
    ServiceRequestFactory.create(service=city.pothole, expected_at=now + timedelta(hours=2))  # not yet due
    ServiceRequestFactory.create(service=city.pothole, status=Status.CLOSED, expected_at=now - timedelta(days=1))

    assert check_overdue_requests.call(now=now.isoformat()) == 1
    assert check_overdue_requests.call(now=(now + timedelta(minutes=5)).isoformat()) == 0

    alert = OverdueAlert.objects.get()
    assert (alert.request, alert.due_at, alert.notified, alert.error) == (late, late.expected_at,
                                                                         "sam@city.example\n", "")
    [message] = mail.outbox  # Sue leads Sanitation: a Public Works request is not hers
    assert message.to == ["sam@city.example"]
    assert message.subject == "1 request(s) now overdue"
    assert late.public_id in str(message.body) and f"/staff/requests/{late.public_id}/" in str(message.body)
    page = signed_in(supervisor).get(reverse("console:request", args=[late.public_id])).content.decode()
    assert 'data-testid="overdue-alerts"' in page and "supervisors alerted" in page


def test_a_new_due_date_can_alert_again(city: City, supervisor: User) -> None:
    now = timezone.now()
    late = ServiceRequestFactory.create(service=city.pothole, expected_at=now - timedelta(hours=1))
    check_overdue_requests.call(now=now.isoformat())
    ServiceRequest.objects.filter(pk=late.pk).update(expected_at=now + timedelta(hours=1))

    assert check_overdue_requests.call(now=(now + timedelta(hours=2)).isoformat()) == 1
    assert OverdueAlert.objects.filter(request=late).count() == 2


# --- Which status changes residents hear about -------------------------------------------------------


def test_the_city_chooses_the_notify_worthy_statuses_and_closure_is_always_told(
    city: City, as_worker: Actor, department_worker: User
) -> None:
    NotifiedStatus.objects.update_or_create(status=Status.IN_PROGRESS, defaults={"notify": True})
    NotifiedStatus.objects.update_or_create(status=Status.SCHEDULED, defaults={"notify": False})
    request = report(ROSA, Channel.WEB)
    mail.outbox.clear()

    assign_request(request, assignee=department_worker, actor=as_worker, channel=Channel.STAFF)
    change_status(request, Status.IN_PROGRESS, actor=as_worker, channel=Channel.STAFF)
    schedule_request(request, on=timezone.localdate() + timedelta(days=2), actor=as_worker, channel=Channel.STAFF)
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.STAFF)

    assert [message.subject for message in mail.outbox] == [
        f"Your request {request.public_id} is now: In progress",
        f"Your request {request.public_id} is now: Closed",
    ]


def test_without_a_row_the_default_statuses_are_told(city: City, as_worker: Actor) -> None:
    NotifiedStatus.objects.all().delete()
    request = report(ROSA, Channel.WEB)
    mail.outbox.clear()

    change_status(request, Status.IN_PROGRESS, actor=as_worker, channel=Channel.STAFF)
    change_status(request, Status.REFERRED, actor=as_worker, channel=Channel.STAFF, note="Sent to the county")

    [message] = mail.outbox
    assert message.subject == f"Your request {request.public_id} is now: Referred"
    assert "Sent to the county" in str(message.body)
