import pytest

from civicdesk.conftest import City
from civicdesk.open311.tests.driver import Open311, pothole_report
from civicdesk.open311.tests.factories import APIClientFactory
from civicdesk.service_requests.choices import EventKind
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db


def test_a_retry_with_the_same_key_files_once_and_gets_the_same_answer(api: Open311, city: City, fmt: str) -> None:
    headers = {"Idempotency-Key": "report-7c1e"}

    first = api.post("requests", fmt, pothole_report(), headers=headers)
    retry = api.post("requests", fmt, pothole_report(), headers=headers)

    assert first.status == retry.status == 200
    assert retry.response.content == first.response.content
    assert retry.response["Content-Type"] == first.response["Content-Type"]
    assert retry.response["Idempotent-Replayed"] == "true"
    assert not first.response.has_header("Idempotent-Replayed")
    assert ServiceRequest.objects.count() == 1


def test_different_keys_file_twice(api: Open311, city: City, fmt: str) -> None:
    api.file(fmt, headers={"Idempotency-Key": "one"})
    api.file(fmt, headers={"Idempotency-Key": "two"})

    assert ServiceRequest.objects.count() == 2


def test_no_key_files_every_time(api: Open311, city: City) -> None:
    api.file()
    api.file()

    assert ServiceRequest.objects.count() == 2


def test_the_same_key_from_two_apps_is_two_requests(api: Open311, city: City, fmt: str) -> None:
    APIClientFactory.create(name="FixMyStreet", key="fixmystreet-test-key")
    headers = {"Idempotency-Key": "shared-key"}

    mine = api.file(fmt, headers=headers)
    theirs = api.file(fmt, key="fixmystreet-test-key", headers=headers)

    assert mine != theirs
    assert ServiceRequest.objects.count() == 2


def test_a_bad_input_answer_is_replayed_too(api: Open311, city: City, fmt: str) -> None:
    headers = {"Idempotency-Key": "bad-one"}

    first = api.post("requests", fmt, pothole_report(**{"attribute[size]": "huge"}), headers=headers)
    retry = api.post("requests", fmt, pothole_report(**{"attribute[size]": "huge"}), headers=headers)

    assert first.status == retry.status == 400
    assert retry.response.content == first.response.content
    assert retry.response["Idempotent-Replayed"] == "true"


def test_an_error_raised_before_filing_keeps_nothing(api: Open311, city: City) -> None:
    headers = {"Idempotency-Key": "try-again"}

    assert api.post("requests", "json", pothole_report(service_code="unicorns"), headers=headers).status == 404
    answer = api.post("requests", "json", pothole_report(), headers=headers)

    assert answer.status == 200
    assert not answer.response.has_header("Idempotent-Replayed")


def test_a_retried_update_adds_one_note(api: Open311, city: City, fmt: str) -> None:
    public_id = api.file()
    update = {"service_request_id": public_id, "description": "Still there"}

    first = api.post("servicerequestupdates", fmt, update, headers={"Idempotency-Key": "upd-1"})
    retry = api.post("servicerequestupdates", fmt, update, headers={"Idempotency-Key": "upd-1"})

    assert retry.response.content == first.response.content
    assert retry.response["Idempotent-Replayed"] == "true"
    assert RequestEvent.objects.filter(kind=EventKind.NOTE).count() == 1


def test_the_same_key_on_another_endpoint_is_independent(api: Open311, city: City) -> None:
    public_id = api.file(headers={"Idempotency-Key": "k"})

    answer = api.post("servicerequestupdates", "json", {"service_request_id": public_id, "description": "Hi"},
                      headers={"Idempotency-Key": "k"})

    assert answer.status == 200 and not answer.response.has_header("Idempotent-Replayed")


def test_an_overlong_key_is_400(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(), headers={"Idempotency-Key": "k" * 256})

    assert answer.error(400) == "The Idempotency-Key header is too long (at most 255 characters)."
    assert not ServiceRequest.objects.exists()
