"""Batch services with the production task backend: the POST is checked and queued, answered with a token;
the worker files the request through the common intake, and the token then gives its id (or why not)."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicdesk.catalog.choices import Datatype, ServiceKind
from civicdesk.catalog.tests.factories import ServiceQuestionFactory
from civicdesk.conftest import City
from civicdesk.open311.models import APIClient, RequestToken
from civicdesk.open311.services import file_queued
from civicdesk.open311.tests.driver import Open311, pothole_report
from civicdesk.open311.tests.factories import tiny_png
from civicdesk.service_requests.choices import Channel, EventKind
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.testing.tasks import run_task_worker


@pytest.fixture
def batch_pothole(city: City) -> City:
    city.pothole.kind = ServiceKind.BATCH
    city.pothole.save()
    return city


def queued_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="civicdesk.open311.tasks.file_queued_request").count()


def queued_submission() -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get(task_path="civicdesk.open311.tasks.file_queued_request").args_kwargs["args"][0]


def token_of(answer: Any) -> str:
    assert answer.status == 200, answer.text
    [taken] = answer.data
    assert list(taken) == ["token", "service_notice", "account_id"]
    return str(taken["token"])


@pytest.mark.django_db(transaction=True)
def test_a_batch_request_waits_for_the_worker_then_its_token_gives_the_id(
    api: Open311, batch_pothole: City, georeporter: APIClient, database_tasks: None, fmt: str
) -> None:
    report = pothole_report(email="ana@example.org", **{"attribute[lanes][]": "left"})
    token = token_of(api.post("requests", fmt, report))

    assert ServiceRequest.objects.count() == 0
    assert queued_tasks() == 1
    assert isinstance(queued_submission(), str)  # one JSON text, not a mapping the task library checks value by value
    assert api.get(f"tokens/{token}", fmt).data == [{"service_request_id": None, "token": token}]

    run_task_worker()

    filed = ServiceRequest.objects.get()
    assert api.get(f"tokens/{token}", fmt).data == [{"service_request_id": filed.public_id, "token": token}]
    assert filed.channel == Channel.API
    assert filed.api_client == georeporter
    assert filed.answers == {"size": "large", "lanes": ["left"]}
    assert filed.reporter.email == "ana@example.org"
    assert filed.department is not None  # routed by the worker
    created = filed.events.get(kind=EventKind.CREATED)
    assert (created.actor_name, created.channel) == ("via GeoReporter", Channel.API)


@pytest.mark.django_db(transaction=True)
def test_wrong_answers_to_a_batch_service_are_refused_at_once(
    api: Open311, batch_pothole: City, database_tasks: None, fmt: str
) -> None:
    answer = api.post("requests", fmt, pothole_report(**{"attribute[size]": "enormous", "email": "not-an-email"}))

    assert sorted(text for _, text in answer.errors()) == [
        "attribute[size]: 'enormous' is not a choice for 'How big is it?'.",
        "email: 'not-an-email' is not an email address.",
    ]
    assert answer.status == 400
    assert queued_tasks() == 0


@pytest.mark.django_db(transaction=True)
def test_an_emergency_sent_to_a_batch_service_answers_call_911_at_once(
    api: Open311, batch_pothole: City, database_tasks: None
) -> None:
    answer = api.post("requests", "json", pothole_report(description="there is a gas leak by the hole"))

    assert "911" in answer.error(400)
    assert queued_tasks() == 0


@pytest.mark.django_db(transaction=True)
def test_a_batch_request_the_worker_cannot_file_tells_why_through_its_token(
    api: Open311, batch_pothole: City, database_tasks: None, fmt: str
) -> None:
    token = token_of(api.post("requests", fmt, pothole_report(lat="40.0", long="-80.0")))  # a real point, elsewhere

    run_task_worker()

    assert ServiceRequest.objects.count() == 0
    assert api.get(f"tokens/{token}", fmt).error(400) == (
        f"The request sent with token '{token}' was not filed: lat: That location is outside City of Riverton."
    )


@pytest.mark.django_db(transaction=True)
def test_a_photo_sent_to_a_batch_service_is_filed_at_once(
    api: Open311, batch_pothole: City, database_tasks: None, media_root: Path
) -> None:
    photo = SimpleUploadedFile("hole.png", tiny_png(), content_type="image/png")

    token = token_of(api.post("requests", "json", pothole_report(), files={"media": photo}))

    filed = ServiceRequest.objects.get()
    assert filed.photos.count() == 1
    assert queued_tasks() == 0
    assert api.get(f"tokens/{token}", "json").data == [{"service_request_id": filed.public_id, "token": token}]


@pytest.mark.django_db(transaction=True)
def test_a_retried_batch_post_queues_once(api: Open311, batch_pothole: City, database_tasks: None) -> None:
    first = api.post("requests", "json", pothole_report(), HTTP_IDEMPOTENCY_KEY="phone-42")
    again = api.post("requests", "json", pothole_report(), HTTP_IDEMPOTENCY_KEY="phone-42")

    assert token_of(first) == token_of(again)
    assert queued_tasks() == 1


@pytest.mark.django_db
def test_a_task_run_twice_files_once(batch_pothole: City, georeporter: APIClient) -> None:
    fields = {"service_code": "pothole", "channel": Channel.API, "description": "Deep", "lat": "41.85",
              "lon": "-87.675", "address": "", "address_id": "", "zip_code": "", "answers": {"size": "large"},
              "contact": {"email": "ana@example.org"}, "media_urls": [], "language": "en", "priority": "",
              "follow_request_id": ""}

    first = file_queued("token-1", dict(fields), georeporter.pk)
    again = file_queued("token-1", dict(fields), georeporter.pk)

    assert first.pk == again.pk
    assert ServiceRequest.objects.count() == 1
    assert RequestToken.objects.get().request == ServiceRequest.objects.get()


@pytest.mark.django_db(transaction=True)
def test_the_id_of_another_task_is_not_a_token(api: Open311, city: City, database_tasks: None, fmt: str) -> None:
    from civicdesk.intake.tasks import close_abandoned_text_conversations

    other = close_abandoned_text_conversations.enqueue()

    assert api.get(f"tokens/{other.id}", fmt).error(404) == f"There is no token '{other.id}'."


@pytest.mark.django_db
def test_a_new_required_question_applies_to_the_next_post(api: Open311, batch_pothole: City, fmt: str) -> None:
    token_of(api.post("requests", fmt, pothole_report()))  # the definition is now cached
    ServiceQuestionFactory.create(service=batch_pothole.pothole, code="side", prompt="Which side?",
                                  datatype=Datatype.STRING, required=True, order=9)

    answer = api.post("requests", fmt, pothole_report())

    assert answer.error(400) == "attribute[side]: Please answer: Which side?"
    assert [a["code"] for a in api.get("services/pothole", fmt).data["attributes"]][-1] == "side"


@pytest.mark.django_db(transaction=True)
def test_a_submission_queued_as_a_mapping_by_an_earlier_version_is_still_filed(
    api: Open311, batch_pothole: City, georeporter: APIClient, database_tasks: None
) -> None:
    """Queued submissions are JSON text now; a task left in the queue by the version before, with the fields as a
    mapping, is filed all the same after an upgrade."""
    from civicdesk.open311.tasks import file_queued_request

    fields = {"service_code": "pothole", "channel": "api", "description": "Deep", "lat": "41.85", "lon": "-87.675",
              "address": "", "address_id": "", "zip_code": "", "answers": {"size": "large"},
              "contact": {"email": "ana@example.org"}, "media_urls": [], "language": "en", "priority": "",
              "follow_request_id": ""}
    token = str(file_queued_request.enqueue(fields, georeporter.pk).id)

    run_task_worker()

    filed = ServiceRequest.objects.get()
    assert api.get(f"tokens/{token}", "json").data == [{"service_request_id": filed.public_id, "token": token}]
    assert filed.answers == {"size": "large"} and filed.api_client == georeporter
