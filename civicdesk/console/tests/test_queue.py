"""Work queues: the user's department by default, filters, SLA order, overdue and near-due in words,
pages, the map's JSON and bulk actions (all or nothing)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.services import MAP_POINT_LIMIT, QueueFilter, queue_map_points, queue_requests
from civicdesk.console.tests.conftest import signed_in
from civicdesk.console.views import PAGE_SIZE
from civicdesk.service_requests.choices import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def filed(city: City, *, due_in_hours: float | None, age_days: float = 0, **fields: object) -> ServiceRequest:
    now = timezone.now()
    due = now + timedelta(hours=due_in_hours) if due_in_hours is not None else None
    values: dict[str, object] = {"service": city.pothole, "department": city.public_works,
                                 "requested_at": now - timedelta(days=age_days), "expected_at": due}
    values.update(fields)
    return ServiceRequestFactory.create(**values)


def numbers(response: object) -> list[str]:
    return [row.public_id for row, _name, _due in response.context["rows"]]  # type: ignore[attr-defined]


def test_a_worker_sees_their_departments_open_requests_soonest_due_first(
    city: City, department_worker: User
) -> None:
    later = filed(city, due_in_hours=72)
    overdue = filed(city, due_in_hours=-5)
    near = filed(city, due_in_hours=3)
    no_due = filed(city, due_in_hours=None)
    filed(city, due_in_hours=1, status=Status.CLOSED, resolution="fixed")
    filed(city, due_in_hours=1, service=city.missed_trash, department=city.sanitation)

    response = signed_in(department_worker).get(reverse("console:queue"))

    assert response.status_code == 200
    assert numbers(response) == [overdue.public_id, near.public_id, later.public_id, no_due.public_id]
    page = response.content.decode()
    assert page.count(">Overdue</span>") == 1
    assert page.count(">Due within 24 h</span>") == 1
    assert "4 open requests" in page


@pytest.mark.parametrize(("query", "expected"), [
    ({"due": "overdue"}, ["overdue"]),
    ({"due": "near_due"}, ["near"]),
    ({"status": Status.IN_PROGRESS}, ["working"]),
    ({"age": "7"}, ["old"]),
    ({"assigned": "me"}, ["working"]),
    ({"assigned": "unassigned"}, ["overdue", "near", "old", "east"]),
    ({"sort": "newest"}, ["near", "working", "east", "overdue", "old"]),
    ({"sort": "oldest"}, ["old", "overdue", "east", "working", "near"]),
])
def test_queue_filters(city: City, department_worker: User, query: dict[str, str], expected: list[str]) -> None:
    made = {
        "overdue": filed(city, due_in_hours=-1, age_days=4),
        "near": filed(city, due_in_hours=10, age_days=0.1),
        "working": filed(city, due_in_hours=100, age_days=1, status=Status.IN_PROGRESS, assignee=department_worker),
        "old": filed(city, due_in_hours=200, age_days=9),
        "east": filed(city, due_in_hours=300, age_days=2),
    }
    names = {request.public_id: name for name, request in made.items()}

    response = signed_in(department_worker).get(reverse("console:queue"), query)

    assert [names[number] for number in numbers(response)] == expected


def test_team_service_and_district_filters(city: City, supervisor: User) -> None:
    in_east = filed(city, due_in_hours=5, team=city.east_crew)
    in_east.districts.add(city.east)
    in_west = filed(city, due_in_hours=6)
    in_west.districts.add(city.west)
    trash = filed(city, due_in_hours=7, service=city.missed_trash, department=city.sanitation)
    client = signed_in(supervisor)

    assert numbers(client.get(reverse("console:queue"), {"team": city.east_crew.pk})) == [in_east.public_id]
    assert numbers(client.get(reverse("console:queue"), {"district": city.west.pk})) == [in_west.public_id]
    assert numbers(client.get(reverse("console:queue"), {"service": city.missed_trash.pk})) == [trash.public_id]
    assert numbers(client.get(reverse("console:queue"))) == [in_east.public_id, in_west.public_id, trash.public_id]


def test_the_queue_is_paged(city: City, department_worker: User) -> None:
    for hours in range(PAGE_SIZE + 3):
        filed(city, due_in_hours=hours)
    client = signed_in(department_worker)

    first, second = client.get(reverse("console:queue")), client.get(reverse("console:queue"), {"page": 2})

    assert len(numbers(first)) == PAGE_SIZE and len(numbers(second)) == 3
    assert "Page 2 of 2" in second.content.decode()


def test_a_worker_in_two_departments_may_switch_but_not_to_a_third(
    city: City, department_worker: User
) -> None:
    department_worker.departments.add(city.sanitation)
    trash = filed(city, due_in_hours=4, service=city.missed_trash, department=city.sanitation)
    pothole = filed(city, due_in_hours=2)
    filed(city, due_in_hours=1, department=city.triage)
    client = signed_in(department_worker)

    assert numbers(client.get(reverse("console:queue"))) == [pothole.public_id]  # Public Works comes first by name
    assert numbers(client.get(reverse("console:queue"), {"department": city.sanitation.pk})) == [trash.public_id]
    assert numbers(client.get(reverse("console:queue"), {"department": ""})) == [pothole.public_id, trash.public_id]
    assert client.get(reverse("console:queue"), {"department": city.triage.pk}).status_code == 403


def test_the_map_json_lists_located_requests_and_marks_overdue(city: City, department_worker: User) -> None:
    overdue = filed(city, due_in_hours=-2)
    filed(city, due_in_hours=5, lat=None, lon=None)

    data = signed_in(department_worker).get(reverse("console:queue_map")).json()

    assert data["shown"] == 1 and data["capped"] is False
    assert data["requests"][0]["id"] == overdue.public_id and data["requests"][0]["due"] == "overdue"
    assert data["requests"][0]["url"] == reverse("console:request", args=[overdue.public_id])


def test_the_map_json_is_capped(city: City, department_worker: User) -> None:
    for hours in range(3):
        filed(city, due_in_hours=hours)
    rows = queue_requests(department_worker, QueueFilter(department_id=city.public_works.pk))

    capped = queue_map_points(rows, timezone.now(), limit=2)

    assert (capped["shown"], capped["capped"], len(capped["requests"])) == (2, True, 2)
    assert MAP_POINT_LIMIT == 500


def test_the_queue_page_makes_as_many_queries_for_40_rows_as_for_5(city: City, department_worker: User) -> None:
    client = signed_in(department_worker)
    counts = []
    for rows in (5, 35):
        for hours in range(rows):
            filed(city, due_in_hours=hours, assignee=department_worker, status=Status.ASSIGNED, team=city.east_crew)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("console:queue"))
        assert len(numbers(response)) == min(len(ServiceRequest.objects.all()), PAGE_SIZE)
        counts.append(len(captured))

    assert counts[0] == counts[1]
    sql = str(queue_requests(department_worker, QueueFilter(department_id=city.public_works.pk)).query)
    assert "description" not in sql and "answers" not in sql


def test_bulk_close_changes_every_selected_request_with_a_summary(city: City, department_worker: User) -> None:
    first, second = filed(city, due_in_hours=1), filed(city, due_in_hours=2)

    response = signed_in(department_worker).post(reverse("console:bulk"), {
        "requests": [first.public_id, second.public_id], "action": "close", "resolution": "fixed",
        "notes": "Filled both", "next": reverse("console:queue"),
    }, follow=True)

    assert "2 requests updated" in response.content.decode()
    for request in (first, second):
        request.refresh_from_db()
        assert request.status == Status.CLOSED and request.resolution == "fixed"
        assert request.events.filter(kind="status_changed", actor_user=department_worker, channel="staff").exists()


def test_bulk_is_all_or_nothing(city: City, department_worker: User) -> None:
    open_one = filed(city, due_in_hours=1)
    closed_one = filed(city, due_in_hours=2, status=Status.CLOSED, resolution="fixed")

    response = signed_in(department_worker).post(reverse("console:bulk"), {
        "requests": [open_one.public_id, closed_one.public_id], "action": "status", "status": Status.IN_PROGRESS,
    }, follow=True)

    page = response.content.decode()
    assert f"Nothing was changed: {closed_one.public_id} could not be updated" in page
    open_one.refresh_from_db()
    assert open_one.status == Status.NEW and not open_one.events.exists()


def test_bulk_assign_needs_an_assignee_and_checks_it(city: City, department_worker: User, colleague: User) -> None:
    request = filed(city, due_in_hours=1)
    client = signed_in(department_worker)

    missing = client.post(reverse("console:bulk"), {"requests": [request.public_id], "action": "assign"}, follow=True)
    done = client.post(reverse("console:bulk"), {"requests": [request.public_id], "action": "assign",
                                                 "assignee": colleague.pk}, follow=True)

    assert "This action needs this field." in missing.content.decode()
    assert "1 request updated" in done.content.decode()
    request.refresh_from_db()
    assert request.assignee == colleague and request.status == Status.ASSIGNED


def test_the_queue_speaks_spanish(city: City, department_worker: User) -> None:
    filed(city, due_in_hours=-1)

    with translation.override("en"):  # LocaleMiddleware leaves Spanish active in this thread: undo it after
        page = signed_in(department_worker).get(reverse("console:queue"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Cola de trabajo" in page and ">Vencida</span>" in page and "1 solicitud abierta" in page


def test_the_heading_counts_open_requests_or_all_listed_when_closed_work_is_asked_for(
    city: City, department_worker: User
) -> None:
    filed(city, due_in_hours=24)
    filed(city, due_in_hours=24, status=Status.CLOSED, resolution="fixed", closed_at=timezone.now())
    client = signed_in(department_worker)
    assert "1 open request<" in client.get("/staff/queue/").text
    assert "2 requests<" in client.get("/staff/queue/", {"state": "any"}).text
    assert "1 request<" in client.get("/staff/queue/", {"closed": "today"}).text
