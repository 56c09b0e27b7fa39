"""The supervisor view: its figures from a known set of requests, the drill-downs that list exactly the
requests a figure counted, and who may open it.

The known set (ages in whole days; "today" items sit halfway between local midnight and now, so the
tests hold at any hour):

open, Public Works: p-young (1 day, due in 2 hours, phone), p-week (5 days, overdue, web),
                    p-month (10 days, overdue, web), p-old (40 days, no due time, phone)
open, Sanitation:   s-today (received today, due in 2 days, sms), s-late (20 days, overdue, email)
closed potholes:    c-today (took 1 day, allowed 2, closed today), c-two (took 2, allowed 3),
                    c-four (took 4, allowed 3.5: late)       → median 2 days against 3 days allowed
closed trash:       t-long (received 45 days ago, took 40 days, allowed 2: late), t-short (took 1, allowed 2,
                    resolved)                              → median 20.5 days against 2 days allowed
closed long ago:    x-old (closed 40 days ago): counted nowhere
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.metrics import SupervisorMetrics, supervisor_metrics
from civicdesk.console.services import period_start
from civicdesk.console.supervisor_views import duration_text
from civicdesk.console.tests.conftest import signed_in
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@dataclass
class KnownSet:
    now: datetime
    today: datetime  # a moment earlier today
    rows: dict[str, ServiceRequest]

    def ids(self, *names: str) -> set[str]:
        return {self.rows[name].public_id for name in names}


@pytest.fixture
def known(city: City) -> KnownSet:
    now = timezone.now()
    midnight = period_start("today", now)
    today = midnight + (now - midnight) / 2
    rows: dict[str, ServiceRequest] = {}

    def request(name: str, service: Any, received: datetime, *, due: datetime | None, channel: str = Channel.WEB,
                status: str = Status.NEW, closed: datetime | None = None) -> None:
        rows[name] = ServiceRequestFactory.create(
            service=service, department=service.default_department, requested_at=received, expected_at=due,
            channel=channel, status=status, closed_at=closed, description=name,
        )

    pothole, trash = city.pothole, city.missed_trash
    request("p-young", pothole, now - 1.5 * DAY, due=now + timedelta(hours=2), channel=Channel.PHONE)
    request("p-week", pothole, now - 5.5 * DAY, due=now - DAY, status=Status.IN_PROGRESS)
    request("p-month", pothole, now - 10.5 * DAY, due=now - 8 * DAY, status=Status.ASSIGNED)
    request("p-old", pothole, now - 40 * DAY, due=None, channel=Channel.PHONE, status=Status.REFERRED)
    request("s-today", trash, today, due=now + 2 * DAY, channel=Channel.SMS)
    request("s-late", trash, now - 20 * DAY, due=now - 18 * DAY, channel=Channel.EMAIL, status=Status.ACKNOWLEDGED)
    closed_today = today
    request("c-today", pothole, closed_today - DAY, due=closed_today + DAY, status=Status.CLOSED, closed=closed_today)
    request("c-two", pothole, now - 5 * DAY, due=now - 2 * DAY, status=Status.CLOSED, closed=now - 3 * DAY)
    request("c-four", pothole, now - 10 * DAY, due=now - 6.5 * DAY, status=Status.CLOSED, closed=now - 6 * DAY)
    request("t-long", trash, now - 45 * DAY, due=now - 43 * DAY, channel=Channel.PHONE, status=Status.CLOSED,
            closed=now - 5 * DAY)
    request("t-short", trash, midnight - 2 * DAY, due=midnight, status=Status.RESOLVED, closed=midnight - DAY)
    request("x-old", pothole, now - 50 * DAY, due=now - 47 * DAY, status=Status.CLOSED, closed=now - 40 * DAY)
    for outcome, started in ((Outcome.ANSWERED, today), (Outcome.ANSWERED, now - 3 * DAY),
                             (Outcome.STATUS_GIVEN, today), (Outcome.REQUEST_FILED, today),
                             (Outcome.ABANDONED, now - 10 * DAY)):
        Contact.objects.create(channel=Channel.PHONE, outcome=outcome, started_at=started)
    return KnownSet(now, today, rows)


@pytest.fixture
def figures(known: KnownSet) -> SupervisorMetrics:
    return supervisor_metrics(known.now)


def test_open_requests_by_department_and_age_band(figures: SupervisorMetrics) -> None:
    by_name = {row.name: row for row in figures.departments}
    assert set(by_name) == {"Public Works", "Sanitation"}
    assert by_name["Public Works"].bands == {"0-2": 1, "3-7": 1, "8-30": 1, "31+": 1}
    assert by_name["Sanitation"].bands == {"0-2": 1, "3-7": 0, "8-30": 1, "31+": 0}
    works = by_name["Public Works"]
    assert (works.open, works.overdue, works.near_due) == (4, 2, 1)
    assert (by_name["Sanitation"].open, by_name["Sanitation"].overdue, by_name["Sanitation"].near_due) == (2, 1, 0)
    assert figures.totals["open"] == 6 and figures.totals["overdue"] == 3 and figures.totals["near_due"] == 1


def test_closed_today_and_closure_rate_over_30_days(figures: SupervisorMetrics) -> None:
    closure = figures.closure
    assert closure.closed_today == 1
    assert closure.closed == 5  # c-today, c-two, c-four, t-long, t-short; x-old is older than 30 days
    # Received in 30 days: the 5 open ones younger than 30 days and c-today, c-two, c-four, t-short.
    assert closure.received == 9
    assert closure.rate == pytest.approx(5 / 9)
    assert (closure.closed_on_time, closure.closed_with_due) == (3, 5)
    assert closure.on_time_share == pytest.approx(0.6)


def test_median_time_to_close_against_the_sla_per_service_type(figures: SupervisorMetrics) -> None:
    by_name = {row.name: row for row in figures.services}
    pothole, trash = by_name["Pothole"], by_name["Missed trash pickup"]
    assert pothole.closed == 3 and pothole.median_to_close == 2 * DAY and pothole.median_allowed == 3 * DAY
    assert pothole.sla_target == "3 business days" and (pothole.closed_on_time, pothole.closed_with_due) == (2, 3)
    assert not pothole.over_target
    assert trash.closed == 2 and trash.median_to_close == 20.5 * DAY and trash.median_allowed == 2 * DAY
    assert trash.sla_target == "2 calendar days" and trash.closed_on_time == 1 and trash.over_target
    assert duration_text(trash.median_to_close) == "20.5 days"
    assert duration_text(timedelta(hours=30)) == "30.0 hours"


def test_intake_by_channel_today_and_last_7_days(known: KnownSet, figures: SupervisorMetrics) -> None:
    by_channel = {row.channel: (row.today, row.last_7_days) for row in figures.channels}
    # Received in the last 7 days: p-young (phone), p-week (web), s-today (sms), c-today (web), c-two (web),
    # t-short (web).
    assert by_channel == {Channel.PHONE: (0, 1), Channel.WEB: (0, 4), Channel.SMS: (1, 1)}
    assert (figures.totals["received_today"], figures.totals["received_7_days"]) == (1, 6)


def test_information_only_contacts_against_requests(figures: SupervisorMetrics) -> None:
    by_outcome = {row.outcome: (row.today, row.last_7_days) for row in figures.contacts}
    assert by_outcome[Outcome.ANSWERED] == (1, 2)
    assert by_outcome[Outcome.STATUS_GIVEN] == (1, 1)
    assert by_outcome[Outcome.REQUEST_FILED] == (1, 1)
    assert by_outcome[Outcome.ABANDONED] == (0, 0)  # ten days ago
    assert figures.information_only == {"today": 2, "last_7_days": 3}


def test_the_figures_take_a_few_queries_whatever_the_volume(known: KnownSet, django_assert_max_num_queries: Any,
                                                             city: City) -> None:
    for _ in range(30):
        ServiceRequestFactory.create(service=city.pothole, status=Status.CLOSED, closed_at=known.now - DAY,
                                     requested_at=known.now - 3 * DAY, expected_at=known.now)
    with django_assert_max_num_queries(8):
        supervisor_metrics(known.now)


# --- The page and its drill-downs -------------------------------------------------------------------


class _Links(HTMLParser):
    """Every link of a page as (text, href), with the data-* attributes of the rows it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str]]] = []
        self._row: dict[str, str] = {}
        self._href: str | None = None
        self._text = ""
        self._cell = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "tr":
            self._row, self._cell = {name: value for name, value in values.items() if name.startswith("data-")}, 0
        if tag in ("td", "th"):
            self._cell += 1
        if tag == "a":
            self._href, self._text = values.get("href", ""), ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((" ".join(self._text.split()), self._href, {**self._row, "cell": str(self._cell)}))
            self._href = None


def links_of(html: str) -> list[tuple[str, str, dict[str, str]]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def listed(client: Client, href: str) -> set[str]:
    """The tracking numbers the work queue lists at this link (all pages)."""
    response = client.get(href)
    assert response.status_code == 200, href
    found = set(ServiceRequest.objects.values_list("public_id", flat=True))
    text = response.content.decode()
    return {public_id for public_id in found if f">{public_id}</a>" in text}


@pytest.fixture
def sam(supervisor: User) -> Client:
    return signed_in(supervisor)


def test_the_page_shows_the_figures_and_defines_them(sam: Client, known: KnownSet) -> None:
    response = sam.get(reverse("console:supervisor"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Closure rate" in html and "÷ requests received in the last 30 days" in html
    assert "56%" in html and "5 closed ÷ 9 received" in html  # closure rate 5/9
    assert "60%" in html and "3 of 5 with a due time" in html
    assert html.count("<svg role=\"img\"") == 4  # four charts, each with a title and a table beside it
    assert 'data-source="/staff/supervisor/metrics/"' in html and "console/supervisor.js" in html


def test_every_department_figure_lists_exactly_its_requests(sam: Client, known: KnownSet) -> None:
    html = sam.get(reverse("console:supervisor")).content.decode()
    department_links = [(text, href, row) for text, href, row in links_of(html) if "data-department" in row]
    expected = {
        # (department, column): the requests behind that figure; columns: 2-5 age bands, 6 open, 7 overdue, 8 near due
        ("Public Works", "2"): {"p-young"}, ("Public Works", "3"): {"p-week"},
        ("Public Works", "4"): {"p-month"}, ("Public Works", "5"): {"p-old"},
        ("Public Works", "6"): {"p-young", "p-week", "p-month", "p-old"},
        ("Public Works", "7"): {"p-week", "p-month"}, ("Public Works", "8"): {"p-young"},
        ("Sanitation", "2"): {"s-today"}, ("Sanitation", "3"): set(), ("Sanitation", "4"): {"s-late"},
        ("Sanitation", "5"): set(), ("Sanitation", "6"): {"s-today", "s-late"}, ("Sanitation", "7"): {"s-late"},
        ("Sanitation", "8"): set(),
        ("all", "2"): {"p-young", "s-today"}, ("all", "3"): {"p-week"}, ("all", "4"): {"p-month", "s-late"},
        ("all", "5"): {"p-old"}, ("all", "7"): {"p-week", "p-month", "s-late"}, ("all", "8"): {"p-young"},
        ("all", "6"): {"p-young", "p-week", "p-month", "p-old", "s-today", "s-late"},
    }
    checked = set()
    for text, href, row in department_links:
        key = (row["data-department"], row["cell"])
        assert int(text) == len(expected[key]), key
        assert listed(sam, href) == known.ids(*expected[key]), key
        checked.add(key)
    assert checked == set(expected)


def test_closure_sla_and_channel_figures_list_exactly_their_requests(sam: Client, known: KnownSet) -> None:
    html = sam.get(reverse("console:supervisor")).content.decode()
    by_figure = dict(_figure_links(html))
    assert listed(sam, by_figure["closed_today"]) == known.ids("c-today")
    assert listed(sam, by_figure["closure_rate"]) == known.ids("c-today", "c-two", "c-four", "t-long", "t-short")
    assert listed(sam, by_figure["received_30"]) == known.ids(
        "p-young", "p-week", "p-month", "s-today", "s-late", "c-today", "c-two", "c-four", "t-short")
    assert listed(sam, by_figure["on_time"]) == known.ids("c-today", "c-two", "t-short")
    assert listed(sam, by_figure["overdue"]) == known.ids("p-week", "p-month", "s-late")
    channel_links = {(row["data-channel"], row["cell"]): href for _t, href, row in links_of(html)
                     if "data-channel" in row}
    assert listed(sam, channel_links[(Channel.WEB, "3")]) == known.ids("p-week", "c-today", "c-two", "t-short")
    assert listed(sam, channel_links[(Channel.SMS, "2")]) == known.ids("s-today")
    assert listed(sam, channel_links[("all", "2")]) == known.ids("s-today")
    service_links = {row["data-service"] + row["cell"]: href for _t, href, row in links_of(html)
                     if "data-service" in row}
    assert listed(sam, service_links["Pothole2"]) == known.ids("c-today", "c-two", "c-four")
    assert listed(sam, service_links["Missed trash pickup6"]) == known.ids("t-short")


def _figure_links(html: str) -> Iterator[tuple[str, str]]:
    for marker in html.split('data-figure="')[1:]:
        name = marker.split('"')[0]
        href = html.split(f'data-figure="{name}"')[0].rsplit('href="', 1)[1].split('"')[0]
        yield name, href.replace("&amp;", "&")


def test_drill_down_filters_are_in_the_queue_form(sam: Client, known: KnownSet) -> None:
    response = sam.get(reverse("console:queue"), {"state": "any", "channel": "web", "received": "7d"})
    form = response.context["form"]
    assert form.is_valid() and form.cleaned_data["channel"] == "web"
    bad = sam.get(reverse("console:queue"), {"age_band": "99-100"})
    assert bad.status_code == 200 and "age_band" in bad.context["form"].errors
    assert not bad.context["page"].object_list  # a filter that does not hold shows nothing, never everything


def test_the_queue_without_the_new_filters_still_lists_open_requests_only(sam: Client, known: KnownSet) -> None:
    assert listed(sam, reverse("console:queue")) == known.ids("p-young", "p-week", "p-month", "p-old", "s-today",
                                                              "s-late")


def test_the_metrics_fragment_is_the_figures_alone(sam: Client, known: KnownSet) -> None:
    response = sam.get(reverse("console:supervisor_metrics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "Updated at" in html and 'data-department="Public Works"' in html


# --- Who may open it --------------------------------------------------------------------------------

ROLES = ("call_taker", "department_worker", "outsider", "supervisor", "administrator", "resident_account")
ALLOWED = {"supervisor", "administrator"}


@pytest.mark.parametrize("page", ["console:supervisor", "console:supervisor_metrics"])
@pytest.mark.parametrize("role", ROLES)
def test_only_supervisors_and_administrators_see_the_figures(request: pytest.FixtureRequest, role: str, page: str,
                                                             known: KnownSet) -> None:
    user: User = request.getfixturevalue(role)
    before = [model_to_dict(row, exclude=["districts"]) for row in ServiceRequest.objects.order_by("pk")]
    response = signed_in(user).get(reverse(page))
    if role in ALLOWED:
        assert response.status_code == 200
        assert 'data-department="Public Works"' in response.content.decode()
    else:
        assert response.status_code == 403
        assert "Public Works" not in response.content.decode()
        if role != "resident_account":
            assert "for supervisors and administrators" in response.content.decode()
    assert [model_to_dict(row, exclude=["districts"]) for row in ServiceRequest.objects.order_by("pk")] == before


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("console:supervisor"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("console:login"))


def test_the_nav_link_shows_for_supervisors_only(supervisor: User, department_worker: User) -> None:
    assert reverse("console:supervisor") in signed_in(supervisor).get(reverse("console:queue")).content.decode()
    assert reverse("console:supervisor") not in signed_in(department_worker).get(
        reverse("console:queue")).content.decode()

