"""The integrations cast: Animal Care (a department with its own work-order system, Riverton Animal
Control, played by tools/fake_department.py over real HTTP), its stray-dog service, and Rosa's report."""

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.conftest import WEST_POINT, City
from civicdesk.departments.models import Department
from civicdesk.departments.tests.factories import DepartmentFactory
from civicdesk.integrations.models import Integration
from civicdesk.integrations.signing import signed_headers
from civicdesk.integrations.tests.factories import IntegrationFactory
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.models import ServiceRequest
from tools.fake_department import FakeDepartment

SECRET = "animal-control-shared-secret"


@pytest.fixture
def animal_care(city: City) -> Department:
    return DepartmentFactory.create(code="animals", name="Animal Care", email="animals@riverton.example")


@pytest.fixture
def stray_dog(animal_care: Department) -> ServiceType:
    return ServiceTypeFactory.create(service_code="stray-dog", name="Stray dog", group="Animals",
                                     default_department=animal_care, sla_amount=1)


@pytest.fixture
def fake_department() -> Iterator[FakeDepartment]:
    """Riverton Animal Control's own system, on a free local port."""
    department = FakeDepartment(SECRET).start()
    yield department
    department.stop()


@pytest.fixture
def animal_control(animal_care: Department, fake_department: FakeDepartment) -> Integration:
    """Animal Care's requests go to Riverton Animal Control by signed webhook."""
    return IntegrationFactory.create(slug="riverton-animal-control", department=animal_care, secret=SECRET,
                                     settings={"url": f"{fake_department.url}/webhook"})


@pytest.fixture
def report_dog(stray_dog: ServiceType, resident: Contact) -> Any:
    """Rosa reports a stray dog (through the real intake); returns a function so a test can file several."""

    def report(description: str = "A brown dog running loose by the school") -> ServiceRequest:
        submission = Submission(service_code="stray-dog", channel=Channel.WEB, description=description,
                                lat=WEST_POINT[0], lon=WEST_POINT[1], contact=resident)
        return file_request(submission, actor=Actor.resident("Rosa")).request

    return report


def post_signed(client: Client, integration: Integration, data: Any, secret: str | None = None,
                now: float | None = None) -> Any:
    """What a department system does: POST the update signed with the integration's secret."""
    body = json.dumps(data).encode()
    headers = signed_headers(integration.secret if secret is None else secret, body, now=now or time.time())
    return client.post(f"/integrations/{integration.slug}/updates", data=body, content_type="application/json",
                       headers=headers)
