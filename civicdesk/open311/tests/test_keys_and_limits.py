from types import SimpleNamespace
from typing import Any

import pytest

from civicdesk.conftest import City
from civicdesk.open311.models import APIClient
from civicdesk.open311.tests.driver import Open311, pothole_report
from civicdesk.open311.tests.factories import APIClientFactory
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db
MISSING = "An api_key is required to do this. Ask the city for one."
INVALID = "That api_key is not valid or has been turned off."
# 30 seconds into a minute: a fixed clock, so a test never straddles two rate-limit windows.
HALF_PAST = 1_800_000_030.0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    frozen = SimpleNamespace(now=HALF_PAST)
    monkeypatch.setattr("civicdesk.open311.services.time", SimpleNamespace(time=lambda: frozen.now))
    return frozen


def test_the_key_may_come_in_the_body(api: Open311, city: City, fmt: str) -> None:
    assert api.post("requests", fmt, pothole_report()).status == 200


def test_the_key_may_come_in_the_query_string(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(), key=None, query_params={"api_key": api.key})

    assert answer.status == 200


def test_the_key_may_come_as_a_bearer_token(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(), key=None, headers={"Authorization": f"Bearer {api.key}"})

    assert answer.status == 200


@pytest.mark.parametrize(("key", "message"), [(None, MISSING), ("", MISSING), ("  ", MISSING), ("guess", INVALID)])
def test_posting_without_a_good_key_is_403(
    api: Open311, city: City, fmt: str, key: str | None, message: str
) -> None:
    answer = api.post("requests", fmt, pothole_report(), key=key)

    assert answer.error(403) == message
    assert not ServiceRequest.objects.exists()


def test_a_bad_bearer_token_is_403(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(), key=None, headers={"Authorization": "Bearer guess"})

    assert answer.error(403) == INVALID


def test_a_turned_off_key_is_403(api: Open311, city: City, georeporter: APIClient, fmt: str) -> None:
    georeporter.is_active = False
    georeporter.save()

    assert api.post("requests", fmt, pothole_report()).error(403) == INVALID
    assert api.get("services", fmt, {"api_key": api.key}).error(403) == INVALID


def test_a_key_turned_off_after_use_stops_at_once(api: Open311, city: City, georeporter: APIClient) -> None:
    api.file()  # the key is now in the cache
    georeporter.is_active = False
    georeporter.save()

    assert api.post("requests", "json", pothole_report()).error(403) == INVALID


def test_a_key_turned_off_by_another_process_stops_within_the_hold(
    api: Open311, city: City, georeporter: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another web process turns the key off: here no signal says so; the shared cache forgets it at once (as that
    process's signal does), this process's own copy within KEY_HOLD_SECONDS. Meanwhile no cache is asked."""
    from civicdesk import held
    from civicdesk.open311 import models

    now = SimpleNamespace(value=1000.0)
    monkeypatch.setattr(held, "time", SimpleNamespace(monotonic=lambda: now.value))
    api.file()
    APIClient.objects.filter(pk=georeporter.pk).update(is_active=False)  # no signal in this process
    models.cache.delete(f"open311:client:{georeporter.key_hash}")  # as the other process's signal does

    key_reads = []
    read = models.cache.get

    def counted_read(key: str, *args: Any, **kwargs: Any) -> Any:
        key_reads.extend([key] if key.startswith("open311:client:") else [])
        return read(key, *args, **kwargs)

    monkeypatch.setattr(models.cache, "get", counted_read)
    assert api.post("requests", "json", pothole_report()).status == 200  # still held here
    assert key_reads == []

    now.value += models.KEY_HOLD_SECONDS + 0.1
    assert api.post("requests", "json", pothole_report()).error(403) == INVALID


def test_a_client_read_while_its_key_changes_is_not_held(
    api: Open311, city: City, georeporter: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civicdesk.open311 import models

    read = models.cache.get

    def read_during_a_change(key: str, *args: Any, **kwargs: Any) -> Any:
        value = read(key, *args, **kwargs)
        if key.startswith("open311:client:"):
            georeporter.is_active = False
            georeporter.save()  # turned off (and forgotten) while this read is under way
        return value

    assert APIClient.for_key(api.key) == georeporter  # now in the shared cache...
    models.held_clients.forget()  # ...and, as in another process, not held here
    monkeypatch.setattr(models.cache, "get", read_during_a_change)
    assert APIClient.for_key(api.key) == georeporter  # read before the change committed
    monkeypatch.undo()
    assert APIClient.for_key(api.key) is None  # not held: the change applies to the next request


def test_a_new_key_replaces_the_old_one_at_once(api: Open311, city: City, georeporter: APIClient) -> None:
    api.file()
    new_key = georeporter.set_key()
    georeporter.save(update_fields=["key_prefix", "key_hash"])

    assert api.post("requests", "json", pothole_report()).error(403) == INVALID
    assert api.post("requests", "json", pothole_report(), key=new_key).status == 200


def test_reading_needs_no_key_but_a_wrong_one_is_refused(api: Open311, city: City, fmt: str) -> None:
    assert api.get("services", fmt).status == 200
    assert api.get("services", fmt, {"api_key": ""}).status == 200
    assert api.get("services", fmt, {"api_key": api.key}).status == 200
    assert api.get("services", fmt, {"api_key": "guess"}).error(403) == INVALID


def test_each_request_records_the_app_that_filed_it(api: Open311, city: City, georeporter: APIClient) -> None:
    other = APIClientFactory.create(name="FixMyStreet", key="fixmystreet-test-key")

    mine = api.file()
    theirs = api.file("xml", pothole_report(), key="fixmystreet-test-key")

    assert ServiceRequest.objects.get(public_id=mine).api_client == georeporter
    assert ServiceRequest.objects.get(public_id=theirs).api_client == other
    assert set(ServiceRequest.objects.values_list("channel", flat=True)) == {Channel.API}


def test_a_keys_rate_limit_answers_429_with_retry_after(
    api: Open311, city: City, clock: SimpleNamespace, fmt: str
) -> None:
    APIClientFactory.create(name="Chatty app", key="chatty-key", requests_per_minute=3)

    answers = [api.post("requests", fmt, pothole_report(), key="chatty-key") for _ in range(4)]

    assert [answer.status for answer in answers] == [200, 200, 200, 429]
    assert answers[3].error(429).startswith("Too many requests")
    assert answers[3].response["Retry-After"] == "30"
    assert ServiceRequest.objects.count() == 3
    assert api.post("requests", fmt, pothole_report()).status == 200  # GeoReporter has its own allowance
    clock.now += 60
    assert api.post("requests", fmt, pothole_report(), key="chatty-key").status == 200


def test_reads_with_a_key_count_against_that_key(api: Open311, city: City, clock: SimpleNamespace) -> None:
    APIClientFactory.create(name="Chatty app", key="chatty-key", requests_per_minute=3)

    statuses = [api.get("services", "json", {"api_key": "chatty-key"}).status for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert api.get("services", "json").status == 200  # anonymous, from the same address: another allowance


def test_anonymous_reads_are_limited_per_address(
    api: Open311, city: City, clock: SimpleNamespace, settings: Any, fmt: str
) -> None:
    settings.OPEN311_ANONYMOUS_PER_MINUTE = 2

    first = [api.get("requests", fmt, REMOTE_ADDR="203.0.113.5") for _ in range(3)]

    assert [answer.status for answer in first] == [200, 200, 429]
    assert first[2].error(429).startswith("Too many requests")
    assert first[2].response["Retry-After"] == "30"
    assert api.get("requests", fmt, REMOTE_ADDR="203.0.113.6").status == 200
    assert api.get("requests", fmt, {"api_key": api.key}, REMOTE_ADDR="203.0.113.5").status == 200
    clock.now += 31
    assert api.get("requests", fmt, REMOTE_ADDR="203.0.113.5").status == 200


@pytest.mark.parametrize("name", ["discovery", "services", "services/pothole", "requests", "tokens/x",
                                  "servicerequestupdates"])
def test_every_endpoint_is_rate_limited(
    api: Open311, city: City, clock: SimpleNamespace, settings: Any, name: str
) -> None:
    settings.OPEN311_ANONYMOUS_PER_MINUTE = 1
    api.get(name, "json")

    assert api.get(name, "json").status == 429
