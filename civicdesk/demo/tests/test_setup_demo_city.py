from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.services import manual_secret, next_code
from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.knowledge import search_help
from civicdesk.catalog.models import Article, QuestionValue, ServiceQuestion, ServiceType
from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.demo.knowledge_data import ARTICLES
from civicdesk.demo.services import DEMO_LOGINS
from civicdesk.departments.models import BusinessHours, Department, Holiday, Team
from civicdesk.open311.models import APIClient
from civicdesk.routing.models import AddressPoint, District, RoutingRule
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db
KEY = "riverton-demo-key-from-the-environment"


def setup_demo_city(key_file: Path, *args: str) -> str:
    out = StringIO()
    call_command("setup_demo_city", "--key-file", str(key_file), *args, stdout=out, stderr=StringIO(), verbosity=0)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Department, Team, BusinessHours, Holiday, ServiceType, ServiceQuestion, QuestionValue, District,
              AddressPoint, RoutingRule, User, APIClient, ServiceRequest, Article)
    return {model.__name__: model.objects.count() for model in models}


def test_the_first_run_builds_the_city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_API_KEY", KEY)

    setup_demo_city(tmp_path / "key.txt", "--history", "0")

    assert Department.objects.count() >= 8
    assert Department.objects.get(is_triage=True).name == "311 Customer Service"
    public_works = Department.objects.get(code="dpw")
    assert public_works.email and public_works.phone and public_works.teams.count() >= 2
    assert sorted(public_works.business_hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert not Department.objects.get(code="police").business_hours.exists()  # around the clock
    assert Holiday.objects.filter(date__year=2026).count() >= 11
    assert Holiday.objects.filter(date__year=2027, name="Thanksgiving Day").get().date.isoformat() == "2027-11-25"

    services = ServiceType.objects.filter(is_emergency=False)
    assert services.count() >= 40
    assert not services.filter(name_es="").exists() and not services.filter(description_es="").exists()
    assert set(ServiceType.objects.filter(is_emergency=True).values_list("service_code", flat=True)) == {
        "gas-leak", "downed-power-line"
    }
    pothole = ServiceType.objects.get(service_code="pothole")
    assert (pothole.sla_amount, pothole.sla_unit, pothole.default_department) == (3, "business_days", public_works)
    assert set(ServiceQuestion.objects.values_list("datatype", flat=True)) == set(Datatype.values)
    size = pothole.questions.get(code="size")
    assert size.required and size.order == 1
    assert list(size.values.values_list("key", "name_es")) == [
        ("small", "Más pequeño que un plato"), ("medium", "Como una llanta"), ("large", "Más grande que una llanta")
    ]
    assert not ServiceQuestion.objects.filter(prompt_es="").exists()

    assert District.objects.filter(kind="council-district").count() == 6
    assert District.objects.filter(kind="sanitation-zone").count() == 4
    assert AddressPoint.objects.count() > 3000
    assert RoutingRule.objects.filter(service=pothole).count() == 6

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values) - {Role.RESIDENT}
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.check_password("riverton-admin")
    assert User.objects.get(username="supervisor").is_staff
    assert list(User.objects.get(username="streets").departments.all()) == [public_works]
    client = APIClient.for_key(KEY)
    assert client is not None and client.name == "Riverton demo app"
    assert client.key_hash != KEY
    assert ServiceRequest.objects.count() == 0

    assert Article.objects.filter(is_published=True).count() == len(ARTICLES) >= 25
    for field in ("title_es", "summary_es", "body_es", "keywords", "keywords_es", "group"):
        assert not Article.objects.filter(**{field: ""}).exists(), field
    linked = {article.slug: set(article.services.values_list("service_code", flat=True))
              for article in Article.objects.prefetch_related("services")}
    assert linked == {data.slug: set(data.services) for data in ARTICLES}  # every listed service exists
    assert linked["bulk-trash-pickup"] == {"bulk-pickup", "illegal-dumping"}
    assert search_help("bulk trash", "en").answers[0].key == "bulk-trash-pickup"
    assert search_help("basura voluminosa", "es").answers[0].title == (
        "Recolección de basura voluminosa: qué llevamos y cuándo"
    )


def test_a_demo_city_built_before_the_knowledge_base_gets_it_once_and_keeps_admin_edits(tmp_path: Path) -> None:
    setup_demo_city(tmp_path / "key.txt", "--history", "0")
    Article.objects.all().delete()

    output = setup_demo_city(tmp_path / "key.txt", "--history", "0")

    assert f"Added {len(ARTICLES)} help articles." in output
    assert Article.objects.count() == len(ARTICLES)
    Article.objects.filter(slug="water-bill").delete()
    Article.objects.filter(slug="heat-season").update(title="Heat rules (edited)")
    again = setup_demo_city(tmp_path / "key.txt", "--history", "0")
    assert "help articles" not in again
    assert Article.objects.count() == len(ARTICLES) - 1
    assert Article.objects.get(slug="heat-season").title == "Heat rules (edited)"


def test_every_run_prints_the_address_logins_and_key_and_later_runs_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMO_API_KEY", KEY)
    monkeypatch.setenv("PORT", "9311")
    first = setup_demo_city(tmp_path / "key.txt", "--history", "30")
    before = counts()

    second = setup_demo_city(tmp_path / "key.txt", "--history", "30")

    assert counts() == before
    assert before["ServiceRequest"] == 30
    for output in (first, second):
        assert "http://127.0.0.1:9311/" in output
        assert "admin       / riverton-admin" in output
        assert "supervisor  / riverton-supervisor" in output
        assert "calltaker   / riverton-calltaker" in output
        assert "streets     / riverton-streets     Public Works – Streets" in output
        assert f"Open311 API key (Riverton demo app): {KEY}" in output
        for login in DEMO_LOGINS:  # every demo login's authenticator key, to add to an app
            device = TOTPDevice.objects.get(user__username=login.username, confirmed=True)
            assert f"    {login.username:<11} {manual_secret(device)}" in output
        assert "manage.py two_factor_code <username>" in output
    assert "first run" in first and "first run" not in second
    assert not (tmp_path / "key.txt").exists()  # a key from the environment is not written down


def test_a_generated_key_is_kept_in_the_key_file_and_shown_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEMO_API_KEY", raising=False)
    key_file = tmp_path / "var" / "demo-api-key.txt"
    first = setup_demo_city(key_file, "--history", "0")
    key = key_file.read_text().strip()

    second = setup_demo_city(key_file, "--history", "0")

    assert len(key) >= 30 and f"API key (Riverton demo app): {key}" in first and key in second
    assert APIClient.for_key(key) is not None
    assert not APIClient.objects.filter(key_hash=key).exists()
    monkeypatch.setenv("DEMO_API_KEY", "a-new-key-for-the-demo-app-0001")
    assert "a-new-key-for-the-demo-app-0001" in setup_demo_city(key_file)
    assert APIClient.for_key(key) is None and APIClient.for_key("a-new-key-for-the-demo-app-0001") is not None
    assert APIClient.objects.count() == 1


def test_the_supervisor_and_the_administrator_can_use_the_admin(tmp_path: Path) -> None:
    setup_demo_city(tmp_path / "key.txt", "--history", "0")
    for username, page in (("supervisor", "/admin/service_requests/servicerequest/"), ("admin", "/admin/")):
        browser = Client()
        browser.post("/staff/login/", {"username": username, "password": f"riverton-{username}", "next": page})
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert browser.post("/staff/login/code/", {"code": next_code(device)})["Location"] == page
        assert browser.get(page).status_code == 200


def test_a_database_with_another_city_is_left_alone(tmp_path: Path) -> None:
    ServiceTypeFactory.create(service_code="pothole", name="Pothole")

    output = setup_demo_city(tmp_path / "key.txt")

    assert "not the demo city's: nothing was changed" in output
    assert "riverton-admin" not in output
    assert ServiceType.objects.count() == 1 and not District.objects.exists() and not User.objects.exists()


def test_a_negative_history_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--history must be 0 or more"):
        setup_demo_city(tmp_path / "key.txt", "--history", "-1")
