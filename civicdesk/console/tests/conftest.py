"""The console's cast, beside the shared one: Dave (Public Works) and Carla (call-taker) come from
civicdesk/conftest.py; here are Dana (Dave's colleague), Sofia (Sanitation), Sam the supervisor, Avery
the administrator and Rosa, a resident with an account, plus a pothole request Rosa reported."""

from typing import Any

import pytest
from django.test import Client

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.accounts.tests.two_factor import authenticator, current_code, verified_client
from civicdesk.conftest import WEST_POINT, City
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def colleague(city: City) -> User:
    dana = StaffFactory.create(username="dana", first_name="Dana", role=Role.DEPARTMENT_STAFF)
    dana.departments.add(city.public_works)
    return dana


@pytest.fixture
def sanitation_worker(city: City) -> User:
    sofia = StaffFactory.create(username="sofia", first_name="Sofia", role=Role.DEPARTMENT_STAFF)
    sofia.departments.add(city.sanitation)
    return sofia


@pytest.fixture
def supervisor(db: None) -> User:
    return StaffFactory.create(username="sam", first_name="Sam", role=Role.SUPERVISOR)


@pytest.fixture
def administrator(db: None) -> User:
    return StaffFactory.create(username="avery", first_name="Avery", role=Role.ADMINISTRATOR)


@pytest.fixture
def resident_account(db: None) -> User:
    return StaffFactory.create(username="resident-rosa", role="resident", email="rosa@example.org")


@pytest.fixture
def pothole_request(city: City) -> ServiceRequest:
    request = ServiceRequestFactory.create(
        service=city.pothole, department=city.public_works, lat=WEST_POINT[0], lon=WEST_POINT[1],
        address="120 N Main St", description="Deep pothole by the school",
    )
    ReporterContactFactory.create(request=request, email="rosa@example.org", phone="+13125550100")
    return request


def signed_in(user: User) -> Client:
    """A test client signed in as `user` and verified with their authenticator app (set up for them if needed)."""
    return verified_client(user)


def browser_sign_in(page: Any, user: User, password: str = PASSWORD) -> None:
    """Sign `user` in through the staff sign-in page of the browser `page` (already on that page): the password,
    then the current code of their authenticator app (set up for them if they have none)."""
    device = authenticator(user)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("6-digit code").fill(current_code(device))
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/staff/login/" not in url)
