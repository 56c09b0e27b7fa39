"""The survey page reached from the closure email."""

import pytest
from django.test import Client

from civicdesk.conftest import WEST_POINT, City
from civicdesk.notifications.models import Survey
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import close_request
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def closed(city: City, resident: Contact, as_worker: Actor) -> ServiceRequest:
    submission = Submission(service_code="pothole", channel=Channel.WEB, lat=WEST_POINT[0], lon=WEST_POINT[1],
                            answers={"size": "small"}, contact=resident)
    request = file_request(submission, actor=Actor.resident()).request
    return close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER)


def test_not_fixed_reopens_and_a_second_visit_says_already_answered(client: Client, closed: ServiceRequest) -> None:
    url = f"/survey/{Survey.objects.get().token}/"
    form = client.get(url)
    assert form.status_code == 200
    assert "Was the problem fixed?" in form.text and closed.public_id in form.text

    done = client.post(url, {"was_fixed": "no", "satisfaction": "2", "comment": "Still a hole"})

    assert done.status_code == 200
    assert f"request {closed.public_id} was reopened" in done.text
    closed.refresh_from_db()
    assert closed.status == Status.ACKNOWLEDGED
    assert closed.events.get(kind=EventKind.REOPENED).note == "Still a hole"
    again = client.get(url)
    assert "This survey was already answered. Thank you." in again.text
    assert "This survey was already answered" in client.post(url, {"was_fixed": "yes"}).text
    assert Survey.objects.get().was_fixed is False


def test_fixed_thanks_and_keeps_it_closed(client: Client, closed: ServiceRequest) -> None:
    page = client.post(f"/survey/{Survey.objects.get().token}/", {"was_fixed": "yes", "satisfaction": "5"})
    assert "We received your answers." in page.text
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    assert Survey.objects.get().satisfaction == 5


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"satisfaction": "3"}, "Tell us whether the problem was fixed."),
        ({"was_fixed": "maybe"}, "Select a valid choice."),
        ({"was_fixed": "yes", "satisfaction": "9"}, "Select a valid choice."),
        ({"was_fixed": "no", "comment": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_incomplete_answers_are_kept_with_a_message(client: Client, closed: ServiceRequest,
                                                    answers: dict[str, str], message: str) -> None:
    page = client.post(f"/survey/{Survey.objects.get().token}/", answers)
    assert page.status_code == 400
    assert message in page.text
    assert Survey.objects.get().answered_at is None
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED


def test_an_unknown_survey_link(client: Client, db: None) -> None:
    page = client.get("/survey/not-a-token/")
    assert page.status_code == 404
    assert "This survey link is not valid" in page.text
