"""The city's set-up in the Django admin: what each page offers an administrator (fields, inlines, tools),
and the API key rotation action."""

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.conftest import City
from civicdesk.departments.tests.factories import HolidayFactory
from civicdesk.open311.models import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def avery(city: City) -> Client:
    superuser = User.objects.create_superuser("avery-admin", "avery@city.example", "a-long-passphrase",
                                              role=Role.ADMINISTRATOR)
    return verified_client(superuser)


def page(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_service_type_page_has_its_questions_sla_emergency_and_spanish(avery: Client, city: City) -> None:
    html = page(avery, "admin:catalog_servicetype_change", city.pothole.pk)
    for heading in ("English", "Spanish", "Routing and SLA", "Emergency", "Duplicates"):
        assert f">{heading}</h2>" in html
    assert 'name="name_es"' in html and 'name="sla_amount"' in html and 'name="is_emergency"' in html
    assert 'name="questions-0-prompt_es"' in html and 'value="Depth in inches"' in html


def test_a_department_page_has_its_teams_hours_and_holidays(avery: Client, city: City) -> None:
    HolidayFactory.create(department=city.public_works, name="Founders' Day", date=date(2026, 7, 3))
    html = page(avery, "admin:departments_department_change", city.public_works.pk)
    assert 'name="teams-0-name"' in html and 'name="business_hours-0-opens"' in html
    assert "Founders&#x27; Day" in html and 'name="holidays-0-date"' in html


def test_the_routing_rule_list_links_to_the_tester_and_filters_by_service(avery: Client, city: City) -> None:
    html = page(avery, "admin:routing_routingrule_changelist")
    assert reverse("console:routing_test") in html and "Where would this go?" in html
    assert "By service" in html and 'name="form-0-precedence"' in html


def test_issuing_a_new_api_key_turns_the_old_one_off(avery: Client) -> None:
    client = APIClient(name="Riverton app")
    old_key = client.set_key()
    client.save()
    response = avery.post(reverse("admin:open311_apiclient_changelist"),
                          {"action": "issue_new_key", "_selected_action": [client.pk]})
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    new_key = re.search(r"The new key for Riverton app is (\S+) ", shown[0])
    assert new_key is not None
    assert APIClient.for_key(old_key) is None
    assert APIClient.for_key(new_key.group(1)) == client
