"""The supervisor view's figures: a handful of aggregate queries over the whole city, no per-row loops.

Each figure is defined with the same conditions the work queue filters on (`civicdesk.console.services`),
so a figure's drill-down link lists exactly the requests it counted.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber

from civicdesk.catalog.models import ServiceType
from civicdesk.console.services import AGE_BANDS, ON_TIME, age_band_q, due_q, period_start
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.departments.models import Department
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, Channel
from civicdesk.service_requests.models import ServiceRequest

CLOSURE_DAYS = 30


@dataclass(frozen=True)
class DepartmentLoad:
    """Open requests of one department (None: not routed yet), by age band, and how many are late or nearly."""

    department_id: int | None
    name: str
    bands: dict[str, int]  # keyed like AGE_BANDS, in its order
    open: int
    overdue: int
    near_due: int


@dataclass(frozen=True)
class Closure:
    """Closing work over the last CLOSURE_DAYS days (and today)."""

    closed_today: int
    closed: int  # resolved or closed in the last CLOSURE_DAYS days
    received: int  # received in the last CLOSURE_DAYS days
    closed_on_time: int  # of `closed`: closed by their due time
    closed_with_due: int  # of `closed`: those that had a due time (a service with an SLA)

    @property
    def rate(self) -> float | None:
        """Closed ÷ received over the same days; above 1 means the backlog shrank."""
        return self.closed / self.received if self.received else None

    @property
    def on_time_share(self) -> float | None:
        return self.closed_on_time / self.closed_with_due if self.closed_with_due else None


@dataclass(frozen=True)
class ServiceTiming:
    """How fast one service type's requests were closed over the last CLOSURE_DAYS days, against its SLA."""

    service_id: int
    name: str
    sla_target: str  # "3 business days", "" with no SLA
    closed: int
    median_to_close: timedelta
    median_allowed: timedelta | None  # median of (due time - received time): the SLA in clock time
    closed_on_time: int
    closed_with_due: int

    @property
    def on_time_share(self) -> float | None:
        return self.closed_on_time / self.closed_with_due if self.closed_with_due else None

    @property
    def over_target(self) -> bool:
        return self.median_allowed is not None and self.median_to_close > self.median_allowed


@dataclass(frozen=True)
class ChannelIntake:
    channel: str
    label: str
    today: int
    last_7_days: int


@dataclass(frozen=True)
class ContactCount:
    outcome: str
    label: str
    today: int
    last_7_days: int


@dataclass
class SupervisorMetrics:
    now: datetime
    departments: list[DepartmentLoad]
    closure: Closure
    services: list[ServiceTiming]
    channels: list[ChannelIntake]
    contacts: list[ContactCount]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def information_only(self) -> dict[str, int]:
        """Contacts that filed no request (questions answered, status given, ...), today and over 7 days."""
        counted = [row for row in self.contacts if row.outcome != Outcome.REQUEST_FILED]
        return {"today": sum(row.today for row in counted), "last_7_days": sum(row.last_7_days for row in counted)}


def supervisor_metrics(now: datetime) -> SupervisorMetrics:
    """Every figure of the supervisor view, as of `now`, for the whole city."""
    departments = open_load(now)
    channels = intake_by_channel(now)
    return SupervisorMetrics(
        now=now, departments=departments, closure=closure(now), services=service_timings(now),
        channels=channels, contacts=contacts_by_outcome(now),
        totals={
            "open": sum(row.open for row in departments),
            "overdue": sum(row.overdue for row in departments),
            "near_due": sum(row.near_due for row in departments),
            "received_today": sum(row.today for row in channels),
            "received_7_days": sum(row.last_7_days for row in channels),
        },
    )


def open_load(now: datetime) -> list[DepartmentLoad]:
    """Open requests per department: one grouped query (and the departments' names)."""
    counts = {f"band_{band}": Count("id", filter=age_band_q(band, now)) for band in AGE_BANDS}
    rows = (
        ServiceRequest.objects.filter(status__in=OPEN_STATUSES)
        .values("department_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=due_q("overdue", now)),
                  near_due=Count("id", filter=due_q("near_due", now)), **counts)
        .order_by()
    )
    names = dict(Department.objects.values_list("id", "name"))
    loads = [
        DepartmentLoad(
            department_id=row["department_id"], name=names.get(row["department_id"], ""),
            bands={band: row[f"band_{band}"] for band in AGE_BANDS},
            open=row["open"], overdue=row["overdue"], near_due=row["near_due"],
        )
        for row in rows
    ]
    return sorted(loads, key=lambda load: (load.department_id is None, load.name))


def closure(now: datetime) -> Closure:
    """Closed today, closed and received over the last CLOSURE_DAYS days, closed on time: two queries."""
    since = period_start("30d", now)
    closed = ServiceRequest.objects.filter(status__in=DONE_STATUSES, closed_at__gte=since).aggregate(
        closed=Count("id"),
        closed_today=Count("id", filter=Q(closed_at__gte=period_start("today", now))),
        closed_on_time=Count("id", filter=ON_TIME),
        closed_with_due=Count("id", filter=Q(expected_at__isnull=False)),
    )
    received = ServiceRequest.objects.filter(requested_at__gte=since).count()
    return Closure(received=received, **closed)


def service_timings(now: datetime) -> list[ServiceTiming]:
    """Median time to close and median SLA allowance per service type, closed in the last CLOSURE_DAYS days.

    The medians come from the database: each row is ranked within its service type by a window function
    and only the one or two middle rows of each are read back (two queries in all, whatever the volume).
    """
    took = ExpressionWrapper(F("closed_at") - F("requested_at"), output_field=DurationField())
    allowed = ExpressionWrapper(F("expected_at") - F("requested_at"), output_field=DurationField())
    by_service = [F("service_id")]
    ranked = (
        ServiceRequest.objects.filter(status__in=DONE_STATUSES, closed_at__gte=period_start("30d", now))
        .annotate(
            took=took, allowed=allowed,
            closed_count=Window(Count("id"), partition_by=by_service),
            due_count=Window(Count("expected_at"), partition_by=by_service),
            on_time_count=Window(Count("id", filter=ON_TIME), partition_by=by_service),
            took_rank=Window(RowNumber(), partition_by=by_service, order_by=[took.asc(), F("id").asc()]),
            allowed_rank=Window(RowNumber(), partition_by=by_service,
                                order_by=[allowed.asc(nulls_last=True), F("id").asc()]),
        )
        .values("service_id", "took", "allowed", "closed_count", "due_count", "on_time_count", "took_rank",
                "allowed_rank")
        .order_by()  # the model's default order would sort every closed row once more
    )
    # The middle row (odd count) or the two middle rows (even count): 2 * rank in [count, count + 2].
    middle = ranked.filter(
        Q(took_rank__gte=F("closed_count") / 2.0, took_rank__lte=F("closed_count") / 2.0 + 1)
        | Q(allowed_rank__gte=F("due_count") / 2.0, allowed_rank__lte=F("due_count") / 2.0 + 1,
            expected_at__isnull=False)
    )
    picked: dict[int, _Middle] = {}
    for row in middle:
        entry = picked.setdefault(row["service_id"], _Middle(row["closed_count"], row["due_count"],
                                                              row["on_time_count"]))
        if entry.closed <= 2 * row["took_rank"] <= entry.closed + 2:
            entry.took.append(row["took"])
        if row["allowed"] is not None and entry.due <= 2 * row["allowed_rank"] <= entry.due + 2:
            entry.allowed.append(row["allowed"])
    services = ServiceType.objects.in_bulk(list(picked))
    timings = [
        ServiceTiming(
            service_id=service_id, name=services[service_id].name, sla_target=_sla_target(services[service_id]),
            closed=entry.closed, median_to_close=_mean(entry.took),
            median_allowed=_mean(entry.allowed) if entry.allowed else None,
            closed_on_time=entry.on_time, closed_with_due=entry.due,
        )
        for service_id, entry in picked.items()
    ]
    return sorted(timings, key=lambda timing: timing.name)


@dataclass
class _Middle:
    """The counts of one service type and the middle durations read back for its medians."""

    closed: int
    due: int
    on_time: int
    took: list[timedelta] = field(default_factory=list)
    allowed: list[timedelta] = field(default_factory=list)


def _mean(values: list[timedelta]) -> timedelta:
    return sum(values, timedelta()) / len(values)


def _sla_target(service: ServiceType) -> str:
    return f"{service.sla_amount} {service.get_sla_unit_display()}" if service.sla_amount else ""


def intake_by_channel(now: datetime) -> list[ChannelIntake]:
    """Requests received per channel today and over the last 7 days: one grouped query."""
    today, week = period_start("today", now), period_start("7d", now)
    rows = (
        ServiceRequest.objects.filter(requested_at__gte=week)
        .values("channel")
        .annotate(today=Count("id", filter=Q(requested_at__gte=today)),
                  last_7_days=Count("id", filter=Q(requested_at__gte=week)))
    )
    labels = dict(Channel.choices)
    found = [ChannelIntake(row["channel"], str(labels.get(row["channel"], row["channel"])), row["today"],
                           row["last_7_days"]) for row in rows]
    return sorted(found, key=lambda row: (-row.last_7_days, row.label))


def contacts_by_outcome(now: datetime) -> list[ContactCount]:
    """Contacts with the 311 centre per outcome today and over the last 7 days: one grouped query."""
    today, week = period_start("today", now), period_start("7d", now)
    rows = {
        row["outcome"]: row for row in
        Contact.objects.filter(started_at__gte=week).values("outcome")
        .annotate(today=Count("id", filter=Q(started_at__gte=today)),
                  last_7_days=Count("id", filter=Q(started_at__gte=week)))
    }
    return [
        ContactCount(outcome.value, str(outcome.label), rows.get(outcome.value, {}).get("today", 0),
                     rows.get(outcome.value, {}).get("last_7_days", 0))
        for outcome in Outcome
    ]
