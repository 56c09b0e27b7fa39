"""Intake throughput and duplicate-query latency with a city full of open requests.

Fills its own database (never the developer's) with the demo city and N open requests filed in
the last 30 days, then measures `file_request` (requests/s, latency) and `find_duplicates`
(p50/p95/p99/max) and prints the plan of one duplicate query. It prints figures; it is not a test.

    .venv/bin/python -m bench.intake_and_duplicates                  # 1 M requests, PostgreSQL
    .venv/bin/python -m bench.intake_and_duplicates --requests 2000 --intake 50 --queries 50   # smoke
    .venv/bin/python -m bench.intake_and_duplicates --database-url sqlite:////tmp/bench.sqlite3

Target (PostgreSQL, 1,000,000 open requests): p99 of the duplicate query at most 5 ms.
"""

import argparse
import math
import multiprocessing
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/civicdesk_bench"
TARGET_P99_MS = 5.0
TARGET_OPEN_REQUESTS = 1_000_000
# (requests, intake calls, duplicate queries) when not given: SQLite fills far slower than COPY.
DEFAULT_COUNTS = {"postgresql": (1_000_000, 2000, 2000), "sqlite": (100_000, 1000, 1000)}
WARM_UP_CALLS = 20
# How far a resident's pin lands from the address point, in degrees (about 15 m).
PIN_JITTER_DEG = 0.00015
CHANNELS = ("web", "mobile", "phone", "api", "sms", "email")
FIRST_NAMES = ("Rosa", "Malik", "Ana", "Tom", "Priya", "Luis", "Mei", "Sam", "Fatima", "Joe")
LAST_NAMES = ("Garcia", "Johnson", "Nguyen", "Smith", "Okafor", "Kowalski", "Patel", "Brown")
DESCRIBING_WORDS = (
    "near the corner", "in front of the school", "by the bus stop", "next to the alley", "across from the park",
    "been there a week", "getting worse", "second time reporting", "blocking the sidewalk", "on the north side",
)


# --- The benchmark's own database -----------------------------------------------------------


def prepare_database(url: str, keep: bool) -> str:
    """Create (or drop and recreate) the benchmark database; returns the vendor name."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(name)
        if not keep:
            _refuse_unless_bench(name)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return "sqlite"
    if not config["ENGINE"].endswith("postgresql"):
        raise SystemExit(f"Only PostgreSQL and SQLite are supported, not {config['ENGINE']}.")
    import psycopg
    from psycopg import sql

    admin = psycopg.connect(
        dbname="postgres", host=config.get("HOST") or None, port=config.get("PORT") or None,
        user=config.get("USER") or None, password=config.get("PASSWORD") or None, autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and not keep:
            _refuse_unless_bench(name)
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return "postgresql"


def _refuse_unless_bench(name: str) -> None:
    # The benchmark drops its database: never let a typo point it at real data.
    if "bench" not in Path(name).name:
        raise SystemExit(f"Refusing to drop '{name}': the benchmark database's name must contain 'bench'.")


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicdesk.settings"
    os.environ["DATABASE_URL"] = url
    # Production behaviour: no query log in memory, notifications queued as rows of the database backend.
    os.environ["DEBUG"] = "0"
    os.environ["TASK_BACKEND"] = "database"
    import django

    django.setup()


# --- Filling the city -----------------------------------------------------------------------


def build_city(requests: int, seed: int) -> float:
    """The demo city with `requests` open requests of the last 30 days; returns the fill time in seconds."""
    from django.core.management import call_command

    from civicdesk.demo.history import generate_history

    call_command("migrate", verbosity=0, interactive=False)
    call_command("setup_demo_city", history=0, verbosity=0)
    started = time.perf_counter()
    written = generate_history(requests, seed=seed, open_share=1.0, days=30, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - started
    print(f"Filled {written:,} open requests in {seconds:.1f} s: {written / seconds:,.0f} requests/s")
    return seconds


def analyze(vendor: str) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    print(f"{'VACUUM ANALYZE' if vendor == 'postgresql' else 'ANALYZE'} took {time.perf_counter() - started:.1f} s")


# --- Realistic submissions and probes -------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """What a resident needs to know to answer one of a service's questions."""

    code: str
    datatype: str
    keys: tuple[str, ...]
    required: bool


@dataclass
class CityDraw:
    """Draws what residents send: a service (weighted as the city's open requests are), a pin, answers."""

    rng: random.Random
    services: list[Any]
    weights: list[float]
    questions: dict[int, list[Question]]
    points: list[tuple[float, float, str]]
    descriptions: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, seed: int) -> "CityDraw":
        from django.db.models import Count

        from civicdesk.catalog.models import ServiceType
        from civicdesk.routing.models import AddressPoint
        from civicdesk.service_requests.choices import OPEN_STATUSES
        from civicdesk.service_requests.models import ServiceRequest

        services = list(
            ServiceType.objects.filter(is_active=True, is_emergency=False)
            .select_related("default_department").prefetch_related("questions__values")
        )
        if not services:
            raise SystemExit("The city has no active non-emergency service types.")
        open_counts = dict(
            ServiceRequest.objects.filter(status__in=OPEN_STATUSES).values("service").annotate(n=Count("id"))
            .values_list("service", "n")
        )
        # One extra so a service with no open request yet is still drawn now and then.
        weights = [open_counts.get(service.pk, 0) + 1 for service in services]
        points = list(AddressPoint.objects.values_list("lat", "lon", "full_address"))
        if not points:
            raise SystemExit("The city has no address points.")
        questions = {service.pk: _questions(service) for service in services}
        descriptions = {service.pk: _descriptions(service) for service in services}
        return cls(random.Random(seed), services, weights, questions, points, descriptions)

    def service(self) -> Any:
        return self.rng.choices(self.services, self.weights)[0]

    def pin(self) -> tuple[float, float]:
        lat, lon, _ = self.rng.choice(self.points)
        return lat + self.rng.gauss(0, PIN_JITTER_DEG), lon + self.rng.gauss(0, PIN_JITTER_DEG)

    def description(self, service: Any) -> str:
        return f"{self.rng.choice(self.descriptions[service.pk])}, {self.rng.choice(DESCRIBING_WORDS)}"

    def submission(self) -> Any:
        from civicdesk.service_requests.intake import Contact, Submission

        service = self.service()
        lat, lon = self.pin()
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        contact = Contact(first_name=first, last_name=last, email=f"{first}.{last}{self.rng.randrange(10**6)}"
                          f"@example.org".lower(), wants_updates=self.rng.random() < 0.7)
        return Submission(service_code=service.service_code, channel=self.rng.choice(CHANNELS),
                          description=self.description(service), lat=f"{lat:.6f}", lon=f"{lon:.6f}",
                          answers=_answers(self.questions[service.pk], self.rng), contact=contact)


def _questions(service: Any) -> list[Question]:
    return [
        Question(question.code, question.datatype, tuple(value.key for value in question.values.all()),
                 question.required)
        for question in service.questions.all()
        if question.variable and (question.values.all() or not question.is_list)
    ]


def _answers(questions: list[Question], rng: random.Random) -> dict[str, Any]:
    """Every required question answered, and about half the others."""
    return {question.code: _answer(question, rng) for question in questions
            if question.required or rng.random() < 0.5}


def _answer(question: Question, rng: random.Random) -> Any:
    from civicdesk.catalog.choices import Datatype

    if question.datatype == Datatype.SINGLEVALUELIST:
        return rng.choice(question.keys)
    if question.datatype == Datatype.MULTIVALUELIST:
        return rng.sample(question.keys, rng.randint(1, len(question.keys)))
    if question.datatype == Datatype.NUMBER:
        return rng.randint(1, 12)
    if question.datatype == Datatype.DATETIME:
        return f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(7, 9)}:30:00-05:00"
    return rng.choice(("Yes, still there", "Blue car, plate unknown", "See the photo"))


def _descriptions(service: Any) -> list[str]:
    keywords = service.keyword_list() or [service.name.lower()]
    return [f"{service.name}", *(f"{keyword} problem" for keyword in keywords)]


# --- Measuring ------------------------------------------------------------------------------


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..100)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


@dataclass
class IntakeRun:
    calls: int
    started: float  # wall clock (time.time()) of the first timed call
    ended: float
    latencies_ms: list[float]

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    @property
    def per_second(self) -> float:
        return self.calls / self.seconds


def time_intake(draw: CityDraw, calls: int, before_timing: Callable[[], Any] = lambda: None) -> IntakeRun:
    """`calls` timed file_request calls after a few untimed ones (connection, caches, district polygons)."""
    from civicdesk.service_requests.actors import Actor
    from civicdesk.service_requests.intake import file_request

    actor = Actor.resident()
    submissions = [draw.submission() for _ in range(calls + WARM_UP_CALLS)]
    for submission in submissions[:WARM_UP_CALLS]:
        file_request(submission, actor=actor)
    before_timing()
    latencies = []
    started = time.time()
    for submission in submissions[WARM_UP_CALLS:]:
        before = time.perf_counter()
        file_request(submission, actor=actor)
        latencies.append((time.perf_counter() - before) * 1000)
    return IntakeRun(calls, started, time.time(), latencies)


def _intake_worker(seed: int, calls: int, ready: Any, results: Any) -> None:
    import django

    django.setup()
    run = time_intake(CityDraw.load(seed), calls, before_timing=ready.wait)
    results.put(run)


def time_parallel_intake(workers: int, calls: int, seed: int) -> IntakeRun:
    """`calls` intake calls spread over `workers` processes, each with its own connection, started together."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no connection shared with this one
    ready, results = context.Barrier(workers + 1), context.Queue()
    share = calls // workers
    processes = [
        context.Process(target=_intake_worker, args=(seed + 1 + index, share, ready, results))
        for index in range(workers)
    ]
    for process in processes:
        process.start()
    ready.wait()
    runs: list[IntakeRun] = [results.get() for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"An intake worker failed (exit code {process.exitcode}).")
    latencies = [latency for run in runs for latency in run.latencies_ms]
    return IntakeRun(share * workers, min(run.started for run in runs), max(run.ended for run in runs), latencies)


Probe = tuple[Any, float, float, str]  # service, lat, lon, description


@dataclass
class DuplicateRun:
    latencies_ms: list[float]
    found: list[int]
    probes: list[Probe]


def time_duplicates(draw: CityDraw, queries: int) -> DuplicateRun:
    """`queries` timed find_duplicates calls, as intake makes them: a service, a resident's pin, their words."""
    from civicdesk.service_requests.duplicates import find_duplicates

    probes = []
    for _ in range(queries + WARM_UP_CALLS):
        service = draw.service()
        lat, lon = draw.pin()
        probes.append((service, lat, lon, draw.description(service)))
    for probe in probes[:WARM_UP_CALLS]:
        find_duplicates(*probe)
    latencies, found = [], []
    for probe in probes[WARM_UP_CALLS:]:
        before = time.perf_counter()
        candidates = find_duplicates(*probe)
        latencies.append((time.perf_counter() - before) * 1000)
        found.append(len(candidates))
    return DuplicateRun(latencies, found, probes[WARM_UP_CALLS:])


def duplicate_sql(probe: Probe) -> str:
    """The SQL find_duplicates sends for this probe, parameters filled in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from civicdesk.service_requests.duplicates import find_duplicates

    with CaptureQueriesContext(connection) as captured:
        find_duplicates(*probe)
    return next(q["sql"] for q in captured.captured_queries if "service_requests_servicerequest" in q["sql"])


@dataclass
class RoundTrips:
    latencies_ms: list[float]
    rows: list[int]


def time_round_trips(probes: list[Probe]) -> RoundTrips:
    """The same queries sent as plain SQL: the database's share of find_duplicates, and the rows it returns."""
    from django.db import connection

    queries = [duplicate_sql(probe) for probe in probes]
    latencies, rows = [], []
    with connection.cursor() as cursor:
        for query in queries:
            before = time.perf_counter()
            cursor.execute(query)
            rows.append(len(cursor.fetchall()))
            latencies.append((time.perf_counter() - before) * 1000)
    return RoundTrips(latencies, rows)


def explain_duplicate_query(draw: CityDraw, vendor: str) -> str:
    """The plan of one duplicate query for the busiest service, as the database ran it."""
    from django.db import connection

    service = draw.services[draw.weights.index(max(draw.weights))]
    lat, lon = draw.pin()
    query = duplicate_sql((service, lat, lon, draw.description(service)))
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + query)
        plan = "\n".join(str(row[0] if vendor == "postgresql" else row[-1]) for row in cursor.fetchall())
    return f"Plan of one duplicate query (busiest service '{service.service_code}'):\n{query}\n\n{plan}"


# --- Reporting ------------------------------------------------------------------------------


def describe_machine(vendor: str) -> str:
    from django import get_version
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT 'SQLite ' || sqlite_version()")
        database = cursor.fetchone()[0]
    return (f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} {platform.release()};"
            f" Python {platform.python_version()}, Django {get_version()}\nDatabase: {database}")


def latency_line(samples: Sequence[float]) -> str:
    return (f"p50 {percentile(samples, 50):.2f} ms, p95 {percentile(samples, 95):.2f} ms, "
            f"p99 {percentile(samples, 99):.2f} ms, max {max(samples):.2f} ms")


def open_request_count() -> int:
    from civicdesk.service_requests.choices import OPEN_STATUSES
    from civicdesk.service_requests.models import ServiceRequest

    return ServiceRequest.objects.filter(status__in=OPEN_STATUSES).count()


def queued_task_count() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.count()


def check_history_window(draw: CityDraw) -> None:
    """Every filled request must fall in its service's duplicate window, or the probe measures nothing."""
    from django.utils import timezone

    from civicdesk.service_requests.models import ServiceRequest

    oldest = ServiceRequest.objects.order_by("requested_at").values_list("requested_at", flat=True).first()
    shortest = min(service.duplicate_window_days for service in draw.services)
    if oldest is not None and oldest < timezone.now() - timedelta(days=shortest):
        print(f"Note: the oldest request ({oldest:%Y-%m-%d}) is outside the shortest duplicate window "
              f"({shortest} days); those rows are filtered by the date, not found.")


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, help="open requests to fill (PostgreSQL 1,000,000; SQLite 100,000)")
    parser.add_argument("--intake", type=int, help="timed file_request calls (PostgreSQL 2000; SQLite 1000)")
    parser.add_argument("--queries", type=int, help="timed find_duplicates calls (PostgreSQL 2000; SQLite 1000)")
    parser.add_argument("--workers", type=int, default=2,
                        help="processes for the parallel intake run (default 2; 1 skips it)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help=f"the benchmark's own database, dropped and recreated (default {DEFAULT_DATABASE_URL})")
    parser.add_argument("--keep", action="store_true",
                        help="reuse the database as it is: no drop, no new city, no fill")
    parser.add_argument("--seed", type=int, default=311)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    vendor = prepare_database(args.database_url, args.keep)
    requests, intake_calls, queries = (
        given if given is not None else default
        for given, default in zip((args.requests, args.intake, args.queries), DEFAULT_COUNTS[vendor], strict=True)
    )
    setup_django(args.database_url)
    print(describe_machine(vendor))
    print(f"Benchmark database: {args.database_url} ({vendor})\n")

    fill_seconds = None
    if args.keep and open_request_count():
        print(f"--keep: reusing the {open_request_count():,} open requests already there")
    else:
        fill_seconds = build_city(requests, args.seed)
    analyze(vendor)
    draw = CityDraw.load(args.seed)
    check_history_window(draw)
    open_at_start = open_request_count()
    print(f"Open requests: {open_at_start:,}; services drawn: {len(draw.services)}; "
          f"address points: {len(draw.points):,}\n")

    tasks_before = queued_task_count()
    intake = time_intake(draw, intake_calls)
    queued = queued_task_count() - tasks_before
    print(f"Intake, 1 process: {intake.calls} calls in {intake.seconds:.1f} s = {intake.per_second:.0f} requests/s; "
          f"{latency_line(intake.latencies_ms)}")
    print(f"  notification tasks queued in the database: {queued} for {intake.calls + WARM_UP_CALLS} requests filed "
          f"(warm-up included)")
    parallel = None
    if args.workers > 1:
        parallel = time_parallel_intake(args.workers, intake_calls, args.seed)
        print(f"Intake, {args.workers} processes: {parallel.calls} calls in {parallel.seconds:.1f} s = "
              f"{parallel.per_second:.0f} requests/s; {latency_line(parallel.latencies_ms)}")

    duplicates = time_duplicates(draw, queries)
    mean_found = sum(duplicates.found) / len(duplicates.found)
    with_any = sum(1 for count in duplicates.found if count) / len(duplicates.found)
    print(f"Duplicate query: {queries} calls; {latency_line(duplicates.latencies_ms)}; "
          f"{mean_found:.2f} candidates on average (at most 5), {with_any:.0%} of pins have at least one")
    from civicdesk.service_requests.duplicates import CANDIDATE_LIMIT

    trips = time_round_trips(duplicates.probes)
    print(f"  of which the database round trip (same SQL, sent plain): {latency_line(trips.latencies_ms)}; "
          f"rows returned: mean {sum(trips.rows) / len(trips.rows):.1f}, max {max(trips.rows)} "
          f"(the query's limit is {CANDIDATE_LIMIT})\n")
    print(explain_duplicate_query(draw, vendor))

    p99 = percentile(duplicates.latencies_ms, 99)
    print("\n=== Summary ===")
    print(describe_machine(vendor))
    print(f"Open requests when measuring: {open_at_start:,}")
    if fill_seconds is not None:
        print(f"Fill: {requests:,} requests in {fill_seconds:.1f} s = {requests / fill_seconds:,.0f} requests/s")
    print(f"Intake, 1 process: {intake.per_second:.0f} requests/s; {latency_line(intake.latencies_ms)}")
    if parallel is not None:
        print(f"Intake, {args.workers} processes: {parallel.per_second:.0f} requests/s in all")
    print(f"Duplicate query: {latency_line(duplicates.latencies_ms)}; {mean_found:.2f} candidates on average")
    print(f"  database round trip: {latency_line(trips.latencies_ms)}")
    if vendor == "postgresql" and open_at_start >= TARGET_OPEN_REQUESTS:
        verdict = "MET" if p99 <= TARGET_P99_MS else "MISSED"
        print(f"Target p99 <= {TARGET_P99_MS:.0f} ms at {TARGET_OPEN_REQUESTS:,} open requests: {verdict} "
              f"(p99 {p99:.2f} ms)")
    else:
        print(f"Target p99 <= {TARGET_P99_MS:.0f} ms applies to PostgreSQL with {TARGET_OPEN_REQUESTS:,} open "
              f"requests; this run: {vendor}, {open_at_start:,} (p99 {p99:.2f} ms)")


if __name__ == "__main__":
    main()
