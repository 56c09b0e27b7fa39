"""The demo command connects Animal Care to the fake department system and says how to start it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from civicdesk.departments.models import Department
from civicdesk.integrations.models import Integration
from tools.fake_department import STATUS_MAPPING

pytestmark = pytest.mark.django_db


def test_it_creates_the_integration_once_and_prints_the_command(animal_care: Department) -> None:
    out = StringIO()
    call_command("connect_fake_department", stdout=out)
    call_command("connect_fake_department", "--url", "http://127.0.0.1:9999", stdout=out)

    integration = Integration.objects.get()
    assert (integration.department, integration.adapter, integration.status_mapping) == (
        animal_care, "webhook", STATUS_MAPPING)
    assert integration.settings == {"url": "http://127.0.0.1:9999/webhook"}
    assert f"--port 9999 --secret {integration.secret} --updates-url " in out.getvalue()
    assert "/integrations/riverton-animal-control/updates" in out.getvalue()


def test_without_the_department_it_says_what_to_do(db: None) -> None:
    with pytest.raises(CommandError, match="Run setup_demo_city first"):
        call_command("connect_fake_department")
