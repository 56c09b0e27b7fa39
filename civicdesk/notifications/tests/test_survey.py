"""The feedback survey: sent with the closure email, answered once, "not fixed" reopens the request."""

import re

import pytest
from django.core import mail

from civicdesk.conftest import WEST_POINT, City
from civicdesk.notifications.models import Survey
from civicdesk.notifications.services import (
    SurveyAlreadyAnswered,
    SurveyNotFound,
    answer_survey,
    survey_by_token,
)
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import close_request, follow_request, merge_requests
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db(transaction=True)  # notifications go out on commit

SURVEY_LINK = re.compile(r"http://[^\s]+/survey/([A-Za-z0-9_-]{40,})/")


def filed(contact: Contact, description: str = "Hole by the school") -> ServiceRequest:
    submission = Submission(service_code="pothole", channel=Channel.WEB, description=description,
                            lat=WEST_POINT[0], lon=WEST_POINT[1], answers={"size": "medium"}, contact=contact)
    return file_request(submission, actor=Actor.resident()).request


def closed(city: City, resident: Contact, as_worker: Actor) -> ServiceRequest:
    request = filed(resident)
    mail.outbox.clear()
    return close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER,
                         notes="Filled with asphalt")


def test_the_closure_email_says_what_was_done_and_links_a_survey(city: City, resident: Contact,
                                                                 as_worker: Actor) -> None:
    request = closed(city, resident, as_worker)

    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "The problem was fixed." in message.body
    assert "Filled with asphalt" in message.body
    found = SURVEY_LINK.search(str(message.body))
    assert found, message.body
    token = found.group(1)
    survey = Survey.objects.get()
    assert (survey.token, survey.request, survey.recipient) == (token, request, "rosa@example.org")
    assert "/updates/stop/" in message.body


def test_each_recipient_gets_an_own_survey_and_a_spanish_one_in_spanish(city: City, resident: Contact,
                                                                        as_worker: Actor) -> None:
    request = filed(resident)
    follow_request(request, actor=Actor.resident(), channel=Channel.WEB, email="luis@example.org", language="es")
    mail.outbox.clear()
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER)

    assert sorted(message.to[0] for message in mail.outbox) == ["luis@example.org", "rosa@example.org"]
    surveys = {survey.recipient: survey for survey in Survey.objects.all()}
    assert set(surveys) == {"luis@example.org", "rosa@example.org"}
    assert surveys["luis@example.org"].token != surveys["rosa@example.org"].token
    assert surveys["luis@example.org"].language == "es"


def test_a_duplicate_closure_asks_no_survey(city: City, resident: Contact, as_worker: Actor) -> None:
    first = filed(resident, "Hole by the school")
    second = filed(Contact(email="ann@example.org"), "Another hole report")
    merge_requests(second, first, actor=as_worker, channel=Channel.OTHER)

    assert not Survey.objects.filter(request=second).exists()


def test_fixed_is_recorded_in_the_history_and_keeps_the_request_closed(city: City, resident: Contact,
                                                                       as_worker: Actor) -> None:
    request = closed(city, resident, as_worker)
    survey = Survey.objects.get()

    result = answer_survey(survey.token, was_fixed=True, satisfaction=5, comment="Quick work, thanks")

    assert result.reopened is False
    survey.refresh_from_db()
    assert (survey.was_fixed, survey.satisfaction, survey.comment) == (True, 5, "Quick work, thanks")
    assert survey.answered_at is not None
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    event = request.events.get(kind=EventKind.SURVEY_ANSWERED)
    assert event.data == {"survey": survey.pk, "was_fixed": True, "satisfaction": 5}
    assert event.note == "Quick work, thanks" and event.is_public is False


def test_not_fixed_reopens_the_request_with_the_comment_as_the_reason(city: City, resident: Contact,
                                                                       as_worker: Actor) -> None:
    request = closed(city, resident, as_worker)
    mail.outbox.clear()

    result = answer_survey(Survey.objects.get().token, was_fixed=False, satisfaction=1,
                           comment="The hole is still there")

    assert result.reopened is True
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED
    assert request.resolution == "" and request.closed_at is None
    kinds = list(request.events.exclude(kind=EventKind.NOTIFICATION_SENT).order_by("at", "id")
                 .values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.SURVEY_ANSWERED, EventKind.REOPENED]
    reopened = request.events.get(kind=EventKind.REOPENED)
    assert (reopened.note, reopened.from_status, reopened.actor_kind) == ("The hole is still there", "closed",
                                                                          "resident")
    assert [message.subject for message in mail.outbox] == [f"Your request {request.public_id} was reopened"]


def test_not_fixed_without_a_comment_still_gives_staff_a_reason(city: City, resident: Contact,
                                                                 as_worker: Actor) -> None:
    request = closed(city, resident, as_worker)

    answer_survey(Survey.objects.get().token, was_fixed=False, satisfaction=None)

    assert request.events.get(kind=EventKind.REOPENED).note == "The resident says the problem is not fixed."


def test_a_second_not_fixed_answer_does_not_reopen_twice(city: City, resident: Contact, as_worker: Actor) -> None:
    request = filed(resident)
    follow_request(request, actor=Actor.resident(), channel=Channel.WEB, email="luis@example.org")
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER)
    first, second = Survey.objects.order_by("recipient")

    assert answer_survey(first.token, was_fixed=False, satisfaction=2, comment="Still there").reopened is True
    assert answer_survey(second.token, was_fixed=False, satisfaction=2, comment="Yes, still").reopened is False

    assert request.events.filter(kind=EventKind.REOPENED).count() == 1
    assert request.events.filter(kind=EventKind.SURVEY_ANSWERED).count() == 2


def test_a_survey_answers_once(city: City, resident: Contact, as_worker: Actor) -> None:
    closed(city, resident, as_worker)
    token = Survey.objects.get().token
    answer_survey(token, was_fixed=True, satisfaction=4)

    with pytest.raises(SurveyAlreadyAnswered, match="already answered"):
        answer_survey(token, was_fixed=False, satisfaction=1, comment="changed my mind")
    assert Survey.objects.get().was_fixed is True


def test_unknown_tokens_and_out_of_range_scores_are_refused(city: City, resident: Contact, as_worker: Actor) -> None:
    closed(city, resident, as_worker)
    with pytest.raises(SurveyNotFound, match="not valid"):
        survey_by_token("not-a-real-token")
    with pytest.raises(ValueError, match="1 to 5"):
        answer_survey(Survey.objects.get().token, was_fixed=True, satisfaction=6)
    assert Survey.objects.get().answered_at is None
