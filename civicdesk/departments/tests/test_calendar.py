from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytest_django import Settings

from civicdesk.catalog.choices import SlaUnit
from civicdesk.departments.calendar import BusinessCalendar, expected_completion
from civicdesk.departments.models import Department
from civicdesk.departments.tests.factories import BusinessHoursFactory, DepartmentFactory, HolidayFactory

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(autouse=True)
def city_time(settings: Settings) -> None:
    settings.TIME_ZONE = "America/Chicago"


def at(day: str, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in the city, e.g. at("2026-11-16", 10) is Monday 10:00 in Chicago."""
    return datetime.combine(date.fromisoformat(day), time(hour, minute), CHICAGO)


def due(start: datetime, amount: int | None, unit: str, department: Department | None) -> datetime | None:
    """The due date as an instant in UTC, so a wrong offset cannot hide behind the right wall-clock digits."""
    result = expected_completion(start, amount, unit, department)
    return None if result is None else result.astimezone(UTC)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def department_with_hours(code: str, *spans: tuple[int, time, time]) -> Department:
    department = DepartmentFactory.create(code=code)
    for weekday, opens, closes in spans:
        BusinessHoursFactory.create(department=department, weekday=weekday, opens=opens, closes=closes)
    return department  # type: ignore[no-any-return]


@pytest.fixture
def public_works() -> Department:
    """Open Monday to Friday, 8:00 to 17:00."""
    return department_with_hours("dpw", *((weekday, time(8), time(17)) for weekday in range(5)))


@pytest.fixture
def around_the_clock() -> Department:
    """The water department has no hours on file: it works day and night."""
    return DepartmentFactory.create(code="water")  # type: ignore[no-any-return]


# --- Business days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (at("2026-11-16", 10), 2, at("2026-11-18", 17)),  # Monday -> Wednesday at closing
        (at("2026-11-20", 16), 3, at("2026-11-25", 17)),  # Friday -> Mon, Tue, Wed
        (at("2026-11-21", 11), 1, at("2026-11-23", 17)),  # a Saturday report counts from Monday
        (at("2026-11-16", 6), 1, at("2026-11-17", 17)),  # before opening: the clock starts with the day
        (at("2026-11-16", 23, 30), 1, at("2026-11-17", 17)),
        (at("2026-11-16", 10), 10, at("2026-11-30", 17)),
    ],
)
def test_business_days_end_at_closing_time(
    public_works: Department, start: datetime, days: int, expected: datetime
) -> None:
    assert due(start, days, SlaUnit.BUSINESS_DAYS, public_works) == utc(expected)


def test_a_start_given_in_utc_counts_the_city_day() -> None:
    # Monday 23:30 in Chicago is already Tuesday in UTC.
    department = department_with_hours("dpw", *((weekday, time(8), time(17)) for weekday in range(5)))
    start = at("2026-11-16", 23, 30).astimezone(UTC)
    assert due(start, 1, SlaUnit.BUSINESS_DAYS, department) == utc(at("2026-11-17", 17))


def test_a_city_holiday_is_skipped(public_works: Department) -> None:
    HolidayFactory.create(date=date(2026, 11, 26), name="Thanksgiving")
    # Monday + 3: Tuesday, Wednesday, (Thanksgiving), Friday.
    assert due(at("2026-11-23", 10), 3, SlaUnit.BUSINESS_DAYS, public_works) == utc(at("2026-11-27", 17))


def test_only_the_departments_own_holidays_and_the_citys_count(public_works: Department) -> None:
    sanitation = DepartmentFactory.create(code="san")
    HolidayFactory.create(department=sanitation, date=date(2026, 11, 17), name="Sanitation training day")
    assert due(at("2026-11-16", 10), 2, SlaUnit.BUSINESS_DAYS, public_works) == utc(at("2026-11-18", 17))

    HolidayFactory.create(department=public_works, date=date(2026, 11, 18), name="Public Works picnic")
    assert due(at("2026-11-16", 10), 2, SlaUnit.BUSINESS_DAYS, public_works) == utc(at("2026-11-19", 17))
    assert BusinessCalendar.for_department(sanitation).holidays == frozenset({date(2026, 11, 17)})


# --- Business hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at("2026-11-16", 16), 3, at("2026-11-17", 10)),  # Monday 16:00: one hour today, two tomorrow
        (at("2026-11-16", 6), 2, at("2026-11-16", 10)),  # before opening: from 8:00
        (at("2026-11-16", 17), 1, at("2026-11-17", 9)),  # at closing time: tomorrow
        (at("2026-11-16", 12), 5, at("2026-11-16", 17)),  # ends exactly at closing
        (at("2026-11-21", 10), 2, at("2026-11-23", 10)),  # Saturday: from Monday 8:00
        (at("2026-11-20", 15, 30), 4, at("2026-11-23", 10, 30)),  # over the weekend
        (at("2026-11-16", 9), 44, at("2026-11-20", 17)),  # the whole week
        (at("2026-11-16", 9), 45, at("2026-11-23", 9)),
    ],
)
def test_business_hours_count_only_opening_hours(
    public_works: Department, start: datetime, hours: int, expected: datetime
) -> None:
    assert due(start, hours, SlaUnit.BUSINESS_HOURS, public_works) == utc(expected)


def test_split_shifts_skip_the_lunch_break() -> None:
    # Listed afternoon first on purpose: the calendar must sort a day's intervals.
    library = department_with_hours(
        "library", *((weekday, time(13), time(17)) for weekday in range(5)),
        *((weekday, time(8), time(12)) for weekday in range(5)),
    )
    assert due(at("2026-11-16", 11), 2, SlaUnit.BUSINESS_HOURS, library) == utc(at("2026-11-16", 14))
    assert due(at("2026-11-16", 12, 30), 1, SlaUnit.BUSINESS_HOURS, library) == utc(at("2026-11-16", 14))
    assert due(at("2026-11-16", 8), 9, SlaUnit.BUSINESS_HOURS, library) == utc(at("2026-11-17", 9))
    assert due(at("2026-11-16", 8), 2, SlaUnit.BUSINESS_DAYS, library) == utc(at("2026-11-18", 17))


def test_a_holiday_closes_business_hours_too(public_works: Department) -> None:
    HolidayFactory.create(date=date(2026, 11, 17), name="Election day")
    assert due(at("2026-11-16", 16), 3, SlaUnit.BUSINESS_HOURS, public_works) == utc(at("2026-11-18", 10))


# --- Calendar days, no hours, no SLA -------------------------------------------------------------


def test_calendar_days_ignore_opening_hours(public_works: Department) -> None:
    assert due(at("2026-11-20", 16), 2, SlaUnit.CALENDAR_DAYS, public_works) == utc(at("2026-11-22", 16))


def test_no_hours_on_file_means_around_the_clock(around_the_clock: Department) -> None:
    assert due(at("2026-11-21", 22), 5, SlaUnit.BUSINESS_HOURS, around_the_clock) == utc(at("2026-11-22", 3))
    assert due(at("2026-11-20", 10), 1, SlaUnit.BUSINESS_DAYS, around_the_clock) == utc(at("2026-11-22", 0))
    assert due(at("2026-11-21", 22), 5, SlaUnit.BUSINESS_HOURS, None) == utc(at("2026-11-22", 3))


@pytest.mark.parametrize("amount", [None, 0])
def test_no_sla_means_no_due_date(public_works: Department, amount: int | None) -> None:
    for unit in SlaUnit.values:
        assert expected_completion(at("2026-11-16", 10), amount, unit, public_works) is None


def test_a_calendar_that_is_never_open_is_refused() -> None:
    never = BusinessCalendar(hours={0: []}, holidays=frozenset(), zone=CHICAGO)
    with pytest.raises(ValueError, match="no open"):
        never.add_business_days(at("2026-11-16", 10), 1)
    with pytest.raises(ValueError, match="no open hours"):
        never.add_business_hours(at("2026-11-16", 10), 1)


# --- Daylight saving time (Chicago: 2026-03-08 springs forward, 2026-11-01 falls back) ------------


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        (at("2026-03-06", 16), 3, SlaUnit.BUSINESS_HOURS, at("2026-03-09", 10)),
        (at("2026-03-06", 10), 1, SlaUnit.BUSINESS_DAYS, at("2026-03-09", 17)),
        (at("2026-10-30", 16), 3, SlaUnit.BUSINESS_HOURS, at("2026-11-02", 10)),
        (at("2026-10-30", 10), 1, SlaUnit.BUSINESS_DAYS, at("2026-11-02", 17)),
        (at("2026-03-07", 10), 2, SlaUnit.CALENDAR_DAYS, at("2026-03-09", 10)),
        (at("2026-10-31", 10), 2, SlaUnit.CALENDAR_DAYS, at("2026-11-02", 10)),
        (at("2026-03-06", 2, 30), 2, SlaUnit.CALENDAR_DAYS, at("2026-03-08", 3, 30)),  # 2:30 never happens
    ],
)
def test_office_hours_across_a_clock_change_keep_the_wall_clock(
    public_works: Department, start: datetime, amount: int, unit: str, expected: datetime
) -> None:
    assert due(start, amount, unit, public_works) == utc(expected)
    assert due(start.astimezone(UTC), amount, unit, public_works) == utc(expected)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Saturday noon + 24 working hours: the night of the change is an hour shorter (or longer).
        (at("2026-03-07", 12), 24, at("2026-03-08", 13)),
        (at("2026-10-31", 12), 24, at("2026-11-01", 11)),
        (at("2026-03-08", 0), 4, at("2026-03-08", 5)),
        (at("2026-11-01", 0), 4, at("2026-11-01", 3)),
    ],
)
def test_around_the_clock_hours_across_a_clock_change_are_hours_worked(
    around_the_clock: Department, start: datetime, hours: int, expected: datetime
) -> None:
    assert due(start, hours, SlaUnit.BUSINESS_HOURS, around_the_clock) == utc(expected)
    assert due(start.astimezone(UTC), hours, SlaUnit.BUSINESS_HOURS, around_the_clock) == utc(expected)
    assert utc(expected) - utc(start) == timedelta(hours=hours)  # the expectation itself: hours elapsed
