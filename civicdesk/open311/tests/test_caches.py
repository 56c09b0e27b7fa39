"""What the API keeps in its cache (service definitions, catalog names, keys) never shows stale or wrong data."""


import hashlib
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from civicdesk.catalog.choices import ServiceKind
from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.tests.factories import ServiceQuestionFactory, ServiceTypeFactory
from civicdesk.conftest import City
from civicdesk.open311.tests.driver import Open311
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory
from civicdesk.testing.tasks import run_task_worker


@pytest.mark.django_db
def test_a_service_added_by_another_process_shows_at_once(api: Open311, city: City, fmt: str) -> None:
    ServiceRequestFactory.create(service=city.pothole)
    assert len(api.get("requests", fmt).data) == 1  # the catalog's names are cached from here on
    # bulk_create sends no signals: as if another web process, with a cache of its own, had added it.
    [added] = ServiceType.objects.bulk_create([ServiceType(service_code="graffiti", name="Graffiti",
                                                           default_department=city.public_works)])
    ServiceRequestFactory.create(service=added)

    listed = api.get("requests", fmt).data
    only_added = api.get("requests", fmt, {"service_code": "graffiti"}).data

    assert {(r["service_code"], r["service_name"]) for r in listed} == {("pothole", "Pothole"),
                                                                        ("graffiti", "Graffiti")}
    assert [r["service_code"] for r in only_added] == ["graffiti"]


@pytest.mark.django_db
def test_a_turned_off_service_keeps_its_question_labels(api: Open311, city: City) -> None:
    ServiceRequestFactory.create(service=city.pothole, answers={"size": "large"})
    city.pothole.is_active = False
    city.pothole.save()

    [request] = api.get("requests", "json", {"extensions": "true"}).data

    assert request["attributes"] == [{"label": "How big is it?", "name": "size", "code": "size", "value": "large"}]


@pytest.mark.django_db
def test_a_number_too_big_for_64_bits_is_still_listed(api: Open311, city: City, fmt: str) -> None:
    ServiceRequestFactory.create(service=city.pothole, answers={"depth": 10**30})

    answer = api.get("requests", fmt, {"extensions": "true"})

    assert answer.status == 200
    assert "1000000000000000000000000000000" in answer.text


@pytest.mark.django_db(transaction=True)
def test_a_batch_request_no_department_can_take_tells_the_client(api: Open311, database_tasks: None) -> None:
    ServiceTypeFactory.create(service_code="noise", kind=ServiceKind.BATCH, location_required=False,
                              default_department=None)
    [taken] = api.post("requests", "json", {"service_code": "noise", "description": "Loud"}).data

    run_task_worker()

    assert ServiceRequest.objects.count() == 0
    assert api.get(f"tokens/{taken['token']}", "json").error(400) == (
        f"The request sent with token '{taken['token']}' was not filed: "
        "The request could not be filed because of an error on the city's side."
    )


@pytest.mark.django_db
def test_a_changed_definition_is_used_by_the_very_next_request(api: Open311, city: City, fmt: str) -> None:
    """The process keeps its own copy of each definition; a change (a new required question, a turned-off
    service) is seen by the next request, not after the copy expires."""
    assert api.get("services/pothole", fmt).status == 200  # now held by this process
    ServiceQuestionFactory.create(service=city.pothole, code="blocking", prompt="Is it blocking traffic?",
                                  required=True, order=9)

    codes = [attribute["code"] for attribute in api.get("services/pothole", fmt).data["attributes"]]
    assert codes[-1] == "blocking"

    city.pothole.is_active = False
    city.pothole.save()
    assert api.get("services/pothole", fmt).status == 404


@pytest.mark.django_db
def test_the_process_keeps_one_copy_until_it_is_a_minute_old_from_the_database(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civicdesk.catalog import services as catalog

    first = catalog.cached_service("pothole")
    assert catalog.cached_service("pothole") is first  # no unpickling from the shared cache each time

    # A change made without signals (another process's bulk update) shows once the copy read from the
    # database is DEFINITION_SECONDS old, counted from that read, not from when this process took it.
    ServiceType.objects.filter(pk=city.pothole.pk).update(name="Road hole")
    read_at = time.time()
    monkeypatch.setattr(catalog.time, "time", lambda: read_at + catalog.DEFINITION_SECONDS - 1)
    assert getattr(catalog.cached_service("pothole"), "name", None) == "Pothole"
    monkeypatch.setattr(catalog.time, "time", lambda: read_at + catalog.DEFINITION_SECONDS + 1)
    # ... and the shared copy has expired by then too (its timeout is the same minute).
    cache.delete(f"catalog:definition:{catalog._version()}:{hashlib.sha1(b'pothole').hexdigest()}")
    assert getattr(catalog.cached_service("pothole"), "name", None) == "Road hole"


@pytest.mark.django_db
def test_a_catalog_changed_by_another_process_is_seen_within_the_version_hold(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog's version is asked of the (shared) cache at most every VERSION_HOLD_SECONDS: another process's
    change, which bumps the version in the shared cache, is seen here by then; a change here at once (above)."""
    from civicdesk import held
    from civicdesk.catalog import services as catalog

    now = [1000.0]
    monkeypatch.setattr(held, "time", SimpleNamespace(monotonic=lambda: now[0]))
    assert getattr(catalog.cached_service("pothole"), "name", None) == "Pothole"
    ServiceType.objects.filter(pk=city.pothole.pk).update(name="Road hole")  # no signal in this process
    cache.incr("catalog:version")  # what the other process's signal does to the shared cache

    version_reads = []
    read = cache.get_or_set

    def counted(key: str, *args: object, **kwargs: object) -> object:
        version_reads.extend([key] if key == "catalog:version" else [])
        return read(key, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog.cache, "get_or_set", counted)
    now[0] += catalog.VERSION_HOLD_SECONDS - 0.5
    assert getattr(catalog.cached_service("pothole"), "name", None) == "Pothole"  # the version held here
    assert version_reads == []
    now[0] += 1
    assert getattr(catalog.cached_service("pothole"), "name", None) == "Road hole"
    assert version_reads == ["catalog:version"]


@pytest.mark.django_db
def test_a_version_read_while_a_change_commits_is_not_held(city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read that began before a change here committed could bring back what the change replaced: not held."""
    from civicdesk.catalog import services as catalog

    reads = []
    read = cache.get_or_set

    def read_during_a_change(key: str, *args: object, **kwargs: object) -> object:
        value = read(key, *args, **kwargs)  # type: ignore[arg-type]
        if key == "catalog:version":
            reads.append(value)
            if len(reads) == 1:
                catalog.forget_definitions()  # the change commits while this read is under way
        return value

    monkeypatch.setattr(catalog.cache, "get_or_set", read_during_a_change)
    catalog._version()
    catalog._version()

    assert len(reads) == 2 and reads[1] != reads[0]  # asked again: the first answer was not kept
