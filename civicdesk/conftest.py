"""Shared test actors and a small city, so each test reads like a story.

The city: two council districts side by side (West and East) inside one sanitation zone,
Public Works (weekdays 8-17) and Sanitation departments, a 311 triage desk, potholes with
questions, missed trash pickup, and a gas leak (an emergency).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.choices import Datatype, SlaUnit
from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.tests.factories import QuestionValueFactory, ServiceQuestionFactory, ServiceTypeFactory
from civicdesk.departments.models import Department, Team
from civicdesk.departments.tests.factories import BusinessHoursFactory, DepartmentFactory, TeamFactory
from civicdesk.portal.frontend import build_frontend
from civicdesk.portal.translations import compile_catalogs
from civicdesk.routing.models import District
from civicdesk.routing.tests.factories import AddressPointFactory, DistrictFactory, RoutingRuleFactory
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.intake import Contact
from civicdesk.testing.tasks import DATABASE_TASKS, use_redis_tasks

pytest_plugins = ["civicdesk.testing.browser"]

# West district: lon -87.70..-87.65; East district: lon -87.65..-87.60; lat 41.80..41.90.
WEST_POINT = (41.85, -87.675)
EAST_POINT = (41.85, -87.625)
OUTSIDE_POINT = (40.0, -80.0)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build what a fresh clone lacks before any test runs: the Spanish catalogs and the trimmed USWDS CSS."""
    compile_catalogs()
    build_frontend(force=False)


@dataclass
class City:
    public_works: Department
    sanitation: Department
    triage: Department
    east_crew: Team
    west: District
    east: District
    sanitation_zone: District
    pothole: ServiceType
    missed_trash: ServiceType
    gas_leak: ServiceType


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: rate limits and cached indexes never carry over between tests; nor what
    a process holds in its memory in front of the cache (API clients, the catalog's version)."""
    from django.core.cache import cache

    from civicdesk.catalog.services import held_version
    from civicdesk.open311.models import held_clients

    cache.clear()
    held_clients.forget()
    held_version.forget()


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """LocaleMiddleware leaves the last request's language active in the thread; start each test in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def database_tasks(settings: Any) -> None:
    """Tasks go to the database queue, as in production, instead of running at once (test_settings)."""
    settings.TASKS = DATABASE_TASKS  # django_tasks resets its backends when TASKS changes


@pytest.fixture
def redis_tasks(settings: Any) -> Iterator[str]:
    """Tasks go to RQ in the local Redis (TASK_BACKEND=rq), on a database of this test process's own."""
    yield from use_redis_tasks(settings)


@pytest.fixture
def city(db: None) -> City:
    public_works = DepartmentFactory.create(code="dpw", name="Public Works")
    for weekday in range(5):
        BusinessHoursFactory.create(department=public_works, weekday=weekday, opens=time(8), closes=time(17))
    sanitation = DepartmentFactory.create(code="san", name="Sanitation")
    triage = DepartmentFactory.create(code="311", name="311 Customer Service", is_triage=True)
    east_crew = TeamFactory.create(department=public_works, name="East crew")
    west = DistrictFactory.create(code="1", name="West", box=(41.80, -87.70, 41.90, -87.65))
    east = DistrictFactory.create(code="2", name="East", box=(41.80, -87.65, 41.90, -87.60))
    zone = DistrictFactory.create(kind="sanitation-zone", code="A", name="Zone A", box=(41.80, -87.70, 41.90, -87.60))
    pothole = ServiceTypeFactory.create(
        service_code="pothole",
        name="Pothole",
        name_es="Bache",
        default_department=public_works,
        sla_amount=3,
        sla_unit=SlaUnit.BUSINESS_DAYS,
        keywords="pothole,hole,road",
    )
    size = ServiceQuestionFactory.create(
        service=pothole, code="size", prompt="How big is it?", datatype=Datatype.SINGLEVALUELIST, required=True, order=1
    )
    for key in ("small", "medium", "large"):
        QuestionValueFactory.create(question=size, key=key, name=key.title())
    lanes = ServiceQuestionFactory.create(
        service=pothole, code="lanes", prompt="Which lanes?", datatype=Datatype.MULTIVALUELIST, order=2
    )
    for key in ("left", "right", "bike"):
        QuestionValueFactory.create(question=lanes, key=key, name=key.title())
    ServiceQuestionFactory.create(
        service=pothole, code="depth", prompt="Depth in inches", datatype=Datatype.NUMBER, order=3
    )
    ServiceQuestionFactory.create(
        service=pothole, code="first_seen", prompt="When did you first see it?", datatype=Datatype.DATETIME, order=4
    )
    missed_trash = ServiceTypeFactory.create(
        service_code="missed-trash",
        name="Missed trash pickup",
        group="Sanitation",
        default_department=sanitation,
        sla_amount=2,
        sla_unit=SlaUnit.CALENDAR_DAYS,
    )
    gas_leak = ServiceTypeFactory.create(
        service_code="gas-leak",
        name="Gas leak",
        group="Emergencies",
        is_emergency=True,
        default_department=public_works,
    )
    RoutingRuleFactory.create(service=pothole, district=east, department=public_works, team=east_crew, precedence=10)
    AddressPointFactory.create(
        address_id="A1",
        house_number="120",
        street="N MAIN ST",
        full_address="120 N Main St",
        normalized="120 N MAIN ST",
        lat=WEST_POINT[0],
        lon=WEST_POINT[1],
        zip_code="60601",
    )
    AddressPointFactory.create(
        address_id="A2",
        house_number="455",
        street="E OAK AVE",
        full_address="455 E Oak Ave",
        normalized="455 E OAK AVE",
        lat=EAST_POINT[0],
        lon=EAST_POINT[1],
        zip_code="60602",
    )
    return City(public_works, sanitation, triage, east_crew, west, east, zone, pothole, missed_trash, gas_leak)


@pytest.fixture
def resident() -> Contact:
    """Rosa, who reports problems on her street and wants to hear back."""
    return Contact(first_name="Rosa", last_name="Resident", email="rosa@example.org", phone="+1 312 555 0100")


@pytest.fixture
def call_taker(db: None) -> User:
    return StaffFactory.create(username="carla", first_name="Carla", role=Role.CALL_TAKER)


@pytest.fixture
def department_worker(db: None, city: City) -> User:
    worker = StaffFactory.create(username="dave", first_name="Dave", role=Role.DEPARTMENT_STAFF)
    worker.departments.add(city.public_works)
    return worker


@pytest.fixture
def outsider(db: None) -> User:
    """Olly works for the city but in no department that handles requests."""
    return StaffFactory.create(username="olly", role=Role.DEPARTMENT_STAFF)


@pytest.fixture
def as_call_taker(call_taker: User) -> Actor:
    return Actor.staff(call_taker)


@pytest.fixture
def as_worker(department_worker: User) -> Actor:
    return Actor.staff(department_worker)
