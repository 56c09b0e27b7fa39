"""Business calendars: when is a request due, given a department's opening hours and holidays."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from civicdesk.catalog.choices import SlaUnit
from civicdesk.departments.models import Department


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening intervals per weekday (empty dict: open around the clock) and closed dates."""

    hours: dict[int, list[tuple[time, time]]]
    holidays: frozenset[date]
    zone: ZoneInfo

    @classmethod
    def for_department(cls, department: Department | None) -> "BusinessCalendar":
        zone = ZoneInfo(settings.TIME_ZONE)
        if department is None:
            return cls(hours={}, holidays=frozenset(), zone=zone)
        hours: dict[int, list[tuple[time, time]]] = {}
        for row in department.business_hours.all():
            hours.setdefault(row.weekday, []).append((row.opens, row.closes))
        from civicdesk.departments.models import Holiday

        holidays = frozenset(
            Holiday.objects.filter(Q(department=department) | Q(department__isnull=True)).values_list("date", flat=True)
        )
        return cls(hours={day: sorted(spans) for day, spans in hours.items()}, holidays=holidays, zone=zone)

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of one local day, as aware datetimes."""
        if day in self.holidays:
            return []
        if not self.hours:
            start = datetime.combine(day, time.min, self.zone)
            return [(start, datetime.combine(day + timedelta(days=1), time.min, self.zone))]
        return [
            (datetime.combine(day, opens, self.zone), datetime.combine(day, closes, self.zone))
            for opens, closes in self.hours.get(day.weekday(), [])
        ]

    def is_business_day(self, day: date) -> bool:
        return bool(self.intervals_on(day))

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        remaining = timedelta(hours=hours)
        # Count in UTC: Python subtracts same-zone times by the wall clock, which loses or gains
        # an hour when an open interval spans a daylight saving change.
        clock = start.astimezone(UTC)
        day = start.astimezone(self.zone).date()
        for _ in range(3660):  # ten years of days: a calendar with no open day at all is refused below
            for opens, closes in self.intervals_on(day):
                begin, end = max(opens.astimezone(UTC), clock), closes.astimezone(UTC)
                if begin >= end:
                    continue
                if begin + remaining <= end:
                    return (begin + remaining).astimezone(self.zone)
                remaining -= end - begin
            day += timedelta(days=1)
        raise ValueError("The business calendar has no open hours in the next ten years.")

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """The same wall-clock time `days` days later in the city, across a daylight saving change too."""
        later = start.astimezone(self.zone) + timedelta(days=days)
        return later.astimezone(UTC).astimezone(self.zone)  # a time the clock skipped moves to a real one

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """Close of business on the Nth business day after the day the clock starts."""
        day = start.astimezone(self.zone).date()
        counted = 0
        for _ in range(3660):
            day += timedelta(days=1)
            if self.is_business_day(day):
                counted += 1
                if counted == days:
                    return self.intervals_on(day)[-1][1]
        raise ValueError("The business calendar has no open day in the next ten years.")


def expected_completion(
    start: datetime, amount: int | None, unit: str, department: Department | None
) -> datetime | None:
    """When a request filed at `start` is due under an SLA of `amount` `unit`s, or None with no SLA."""
    if not amount:
        return None
    if unit == SlaUnit.CALENDAR_DAYS:
        return BusinessCalendar.for_department(None).add_calendar_days(start, amount)
    calendar = BusinessCalendar.for_department(department)
    if unit == SlaUnit.BUSINESS_HOURS:
        return calendar.add_business_hours(start, amount)
    return calendar.add_business_days(start, amount)
