"""The demo City of Riverton: building it once, and the logins and API key people need to try it.

The geography comes from the files in `data/` through the routing importers; departments, the
catalog and routing rules from `catalog_data.py`.
"""

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.services import confirmed_device
from civicdesk.catalog.choices import SlaUnit
from civicdesk.catalog.models import Article, QuestionValue, ServiceQuestion, ServiceType
from civicdesk.demo.catalog_data import DEPARTMENTS, ROUTING_RULES, SERVICES, Service
from civicdesk.demo.knowledge_data import ARTICLES
from civicdesk.departments.models import BusinessHours, Department, Holiday, Team
from civicdesk.open311.models import APIClient, hash_key
from civicdesk.routing.importers import ImportReport, import_addresses, import_districts
from civicdesk.routing.models import District, RoutingRule

DATA_DIR = Path(__file__).resolve().parent / "data"
DISTRICT_FILES = (  # (file, district kind, property holding the code)
    ("council-districts.geojson", "council-district", "district"),
    ("sanitation-zones.geojson", "sanitation-zone", "zone"),
    ("parks.geojson", "park", "park_id"),
)
ADDRESS_FILE = "address-points.csv"
DEMO_CLIENT_NAME = "Riverton demo app"
DEFAULT_KEY_FILE = Path(settings.BASE_DIR) / "var" / "demo-api-key.txt"
SUPERVISOR_GROUP = "Supervisors"
SUPERVISOR_APPS = ("service_requests", "catalog", "departments", "routing")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    departments: tuple[str, ...] = ()


DEMO_LOGINS = (
    DemoLogin("admin", "riverton-admin", Role.ADMINISTRATOR, "Avery", "Adams"),
    DemoLogin("supervisor", "riverton-supervisor", Role.SUPERVISOR, "Sam", "Sutton"),
    DemoLogin("calltaker", "riverton-calltaker", Role.CALL_TAKER, "Carla", "Castillo"),
    DemoLogin("streets", "riverton-streets", Role.DEPARTMENT_STAFF, "Dave", "Dunn", ("dpw",)),
    DemoLogin("sanitation", "riverton-sanitation", Role.DEPARTMENT_STAFF, "Sofia", "Sandoval", ("san",)),
    DemoLogin("housing", "riverton-housing", Role.DEPARTMENT_STAFF, "Hank", "Howard", ("bldg",)),
)


def catalog_is_empty() -> bool:
    return not ServiceType.objects.exists()


def is_demo_city() -> bool:
    """The demo city was built here (its API client exists), so its logins and key apply."""
    return APIClient.objects.filter(name=DEMO_CLIENT_NAME).exists()


def build_demo_city(*, progress: bool = False) -> list[ImportReport]:
    """Load the geography, departments, catalog, routing rules and staff, in one transaction.

    Returns the importers' reports (the shipped files have no bad rows, so they list no problems).
    """
    with transaction.atomic():
        reports = load_geography(progress=progress)
        departments = create_departments()
        create_holidays(timezone.localdate().year)
        services = {service.code: create_service(service, departments) for service in SERVICES}
        create_routing_rules(services, departments)
        create_staff(departments)
        load_knowledge_base()
    return reports


def load_geography(*, progress: bool = False) -> list[ImportReport]:
    reports = [
        import_districts(DATA_DIR / name, kind, code_field=code_field) for name, kind, code_field in DISTRICT_FILES
    ]
    reports.append(import_addresses(DATA_DIR / ADDRESS_FILE, progress=progress))
    return reports


def create_departments() -> dict[str, Department]:
    departments = {}
    for data in DEPARTMENTS:
        department, created = Department.objects.update_or_create(code=data.code, defaults={
            "name": data.name, "name_es": data.name_es, "email": data.email, "phone": data.phone,
            "website": data.website, "is_triage": data.is_triage,
        })
        if created:
            BusinessHours.objects.bulk_create(
                BusinessHours(department=department, weekday=weekday, opens=opens, closes=closes)
                for weekday, opens, closes in data.hours
            )
        for team in data.teams:
            Team.objects.get_or_create(department=department, name=team)
        departments[data.code] = department
    return departments


def us_federal_holidays(year: int) -> list[tuple[date, str]]:
    """The US federal holidays of a year, on the day they are observed, and the day after Thanksgiving."""

    def nth_monday(month: int, n: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7 + 7 * (n - 1))

    def observed(day: date) -> date:  # Saturday holidays are taken on Friday, Sunday ones on Monday
        return day + timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))

    last_of_may = date(year, 5, 31)
    november_first = date(year, 11, 1)
    thanksgiving = november_first + timedelta(days=(3 - november_first.weekday()) % 7 + 21)  # fourth Thursday
    return [
        (observed(date(year, 1, 1)), "New Year's Day"),
        (nth_monday(1, 3), "Martin Luther King Jr. Day"),
        (nth_monday(2, 3), "Washington's Birthday"),
        (last_of_may - timedelta(days=last_of_may.weekday()), "Memorial Day"),
        (observed(date(year, 6, 19)), "Juneteenth"),
        (observed(date(year, 7, 4)), "Independence Day"),
        (nth_monday(9, 1), "Labor Day"),
        (nth_monday(10, 2), "Columbus Day"),
        (observed(date(year, 11, 11)), "Veterans Day"),
        (thanksgiving, "Thanksgiving Day"),
        (thanksgiving + timedelta(days=1), "Day after Thanksgiving"),
        (observed(date(year, 12, 25)), "Christmas Day"),
    ]


def create_holidays(this_year: int) -> None:
    """City-wide holidays from last year (the history's due dates) to at least 2027."""
    for year in range(this_year - 1, max(this_year + 1, 2027) + 1):
        for day, name in us_federal_holidays(year):
            Holiday.objects.get_or_create(department=None, date=day, defaults={"name": name})


def create_service(data: Service, departments: dict[str, Department]) -> ServiceType:
    """A new service type with its questions and their answers (the catalog is empty on the first run)."""
    amount, unit = data.sla or (None, SlaUnit.BUSINESS_DAYS)
    service = ServiceType.objects.create(
        service_code=data.code, name=data.name, name_es=data.name_es, description=data.description,
        description_es=data.description_es, group=data.group, keywords=data.keywords, kind=data.kind,
        default_department=departments[data.department], sla_amount=amount, sla_unit=unit,
        default_priority=data.priority, is_emergency=bool(data.emergency_message),
        emergency_message=data.emergency_message,
    )
    questions = ServiceQuestion.objects.bulk_create(
        ServiceQuestion(service=service, code=item.code, datatype=item.datatype, prompt=item.prompt,
                        prompt_es=item.prompt_es, datatype_description=item.help, required=item.required, order=order)
        for order, item in enumerate(data.questions, start=1)
    )
    QuestionValue.objects.bulk_create(
        QuestionValue(question=question, key=choice.key, name=choice.name, name_es=choice.name_es, order=order)
        for question, item in zip(questions, data.questions, strict=True)
        for order, choice in enumerate(item.choices, start=1)
    )
    return service


def create_routing_rules(services: dict[str, ServiceType], departments: dict[str, Department]) -> None:
    for rule in ROUTING_RULES:
        department = departments[rule.department]
        team = Team.objects.get(department=department, name=rule.team)
        districts: list[District | None] = [
            District.objects.get(kind=rule.district_kind, code=code) for code in rule.districts
        ] or [None]
        for code in rule.services or (None,):
            for district in districts:
                RoutingRule.objects.get_or_create(
                    service=services[code] if code else None, district=district, department=department, team=team,
                    defaults={"precedence": rule.precedence, "note": rule.note},
                )


def load_knowledge_base() -> int:
    """The demo help articles, linked to their services, when the knowledge base is empty.

    Returns how many were added: 0 once any article exists, so edits and deletions made in the
    admin survive every later run.
    """
    if Article.objects.exists():
        return 0
    services = {service.service_code: service for service in ServiceType.objects.all()}
    with transaction.atomic():
        for data in ARTICLES:
            article = Article.objects.create(
                slug=data.slug, group=data.group, title=data.title, title_es=data.title_es, summary=data.summary,
                summary_es=data.summary_es, body=data.body, body_es=data.body_es, keywords=data.keywords,
                keywords_es=data.keywords_es,
            )
            article.services.set([services[code] for code in data.services if code in services])
    return len(ARTICLES)


def create_staff(departments: dict[str, Department]) -> None:
    """One login per role; the supervisor and the administrator can use the Django admin."""
    supervisors, _ = Group.objects.get_or_create(name=SUPERVISOR_GROUP)
    supervisors.permissions.set(Permission.objects.filter(content_type__app_label__in=SUPERVISOR_APPS))
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first() or User(username=login.username)
        user.first_name, user.last_name, user.role = login.first_name, login.last_name, login.role
        user.email = f"{login.username}@riverton.example"
        user.is_staff = login.role in (Role.SUPERVISOR, Role.ADMINISTRATOR)
        user.is_superuser = login.role == Role.ADMINISTRATOR
        user.set_password(login.password)
        user.save()
        user.departments.set([departments[code] for code in login.departments])
        if login.role == Role.SUPERVISOR:
            user.groups.add(supervisors)
    demo_authenticators()


def demo_authenticators() -> dict[str, TOTPDevice]:
    """Each demo login's authenticator device (confirmed; set up now when missing), so testers can give the
    two-factor code: from an app they add the secret to, or from `manage.py two_factor_code` (DEBUG only)."""
    users = User.objects.in_bulk([login.username for login in DEMO_LOGINS], field_name="username")
    devices = {}
    for login in DEMO_LOGINS:
        if (user := users.get(login.username)) is not None:
            devices[login.username] = confirmed_device(user) or TOTPDevice.objects.create(
                user=user, name="Demo authenticator", confirmed=True)
    return devices


def ensure_api_key(key_file: Path = DEFAULT_KEY_FILE) -> str:
    """The demo Open311 client's key: DEMO_API_KEY when set, else the one kept in `key_file`.

    The client is created, or given that key, when needed; a key made up here is written to
    `key_file` (only its hash is in the database) so later runs can show it again.
    """
    from_environment = os.environ.get("DEMO_API_KEY", "").strip()
    key = from_environment or (key_file.read_text().strip() if key_file.is_file() else "")
    client = APIClient.objects.filter(name=DEMO_CLIENT_NAME).first()
    if client is not None and key and client.key_hash == hash_key(key):
        return key
    client = client or APIClient(name=DEMO_CLIENT_NAME, contact_email="developers@riverton.example",
                                 requests_per_minute=600)
    key = client.set_key(key or None)
    client.save()
    if not from_environment:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key + "\n")
        key_file.chmod(0o600)
    return key
