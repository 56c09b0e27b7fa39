"""Server time of the staff work-queue page with a city full of open requests.

Fills its own database (never the developer's) with the demo city and N open requests filed in the last
30 days (the helpers of bench.intake_and_duplicates), signs in the demo staff and renders /staff/queue/
through Django's test client (middleware, session, policy, query, template: everything but the network)
with a rotation of filters, then prints p50/p95/p99/max per filter and overall, and the plan of the
default queue's query. It prints figures; it is not a test.

    .venv/bin/python -m bench.queue_page                              # 100,000 open requests, PostgreSQL
    .venv/bin/python -m bench.queue_page --keep                       # reuse the filled database
    .venv/bin/python -m bench.queue_page --requests 5000 --renders 40 # smoke

Target: every render under 300 ms server time (p99) with 100,000 open requests.
"""

import argparse
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.intake_and_duplicates import (
    analyze,
    build_city,
    describe_machine,
    latency_line,
    open_request_count,
    percentile,
    prepare_database,
    setup_django,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/civicdesk_bench_queue"
TARGET_MS = 300.0
TARGET_OPEN_REQUESTS = 100_000
WARM_UP_RENDERS = 20
QUEUE_INDEXES = ("open_request_due", "open_request_department_due")
COUNT = re.compile(r'data-testid="queue-count">([\d,]+) open request')


@dataclass(frozen=True)
class Probe:
    name: str
    username: str
    path: str
    query: dict[str, str]


def probes() -> list[Probe]:
    """What staff ask for in a day: the default queue, its filters and pages, and the city-wide views."""
    from civicdesk.departments.models import Department
    from civicdesk.routing.models import District
    from civicdesk.service_requests.models import ServiceRequest

    dpw = Department.objects.get(code="dpw")
    service_id = ServiceRequest.objects.filter(department=dpw).values_list("service_id", flat=True).first()
    district_id = District.objects.filter(kind="council-district").values_list("pk", flat=True).first()
    queue, map_json = "/staff/queue/", "/staff/queue/map.json"
    return [
        Probe("worker: own queue, due first", "streets", queue, {}),
        Probe("worker: overdue", "streets", queue, {"due": "overdue"}),
        Probe("worker: due within 24 h", "streets", queue, {"due": "near_due"}),
        Probe("worker: unassigned", "streets", queue, {"assigned": "unassigned"}),
        Probe("worker: assigned to me", "streets", queue, {"assigned": "me"}),
        Probe("worker: status new, oldest first", "streets", queue, {"status": "new", "sort": "oldest"}),
        Probe("worker: one service", "streets", queue, {"service": str(service_id)}),
        Probe("worker: one district", "streets", queue, {"district": str(district_id)}),
        Probe("worker: older than a week", "streets", queue, {"age": "7"}),
        Probe("worker: page 40", "streets", queue, {"page": "40"}),
        Probe("supervisor: whole city", "supervisor", queue, {}),
        Probe("supervisor: whole city, overdue, newest", "supervisor", queue, {"due": "overdue", "sort": "newest"}),
        Probe("worker: map JSON (500 points)", "streets", map_json, {}),
    ]


def render_times(renders: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """`renders` timed GETs, the probes taken in turn, after WARM_UP_RENDERS untimed ones."""
    from civicdesk.accounts.models import User
    from civicdesk.accounts.tests.two_factor import verified_client

    all_probes = probes()
    clients: dict[str, Any] = {}
    for username in {probe.username for probe in all_probes}:
        # Signed in with both factors, as staff are: a session without the code only gets redirects.
        clients[username] = verified_client(User.objects.get(username=username))
    times: dict[str, list[float]] = defaultdict(list)
    rows: dict[str, int] = {}
    for index in range(renders + WARM_UP_RENDERS):
        probe = all_probes[index % len(all_probes)]
        before = time.perf_counter()
        response = clients[probe.username].get(probe.path, probe.query)
        elapsed = (time.perf_counter() - before) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{probe.name}: HTTP {response.status_code}")
        if index >= WARM_UP_RENDERS:
            times[probe.name].append(elapsed)
        if probe.path.endswith(".json"):
            rows[probe.name] = response.json()["shown"]
        else:
            counted = COUNT.search(response.content.decode())
            rows[probe.name] = int(counted.group(1).replace(",", "")) if counted else -1
    return times, rows


def explain_default_queue(vendor: str) -> str:
    from django.db import connection

    from civicdesk.accounts.models import User
    from civicdesk.console.services import QueueFilter, queue_requests
    from civicdesk.departments.models import Department

    user = User.objects.get(username="streets")
    rows = queue_requests(user, QueueFilter(department_id=Department.objects.get(code="dpw").pk))[:50]
    sql, params = rows.query.sql_with_params()
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        plan = "\n".join(str(row[0] if vendor == "postgresql" else row[-1]) for row in cursor.fetchall())
    return f"Plan of the default queue's page query (worker 'streets', Public Works, 50 rows):\n{plan}"


def queue_indexes(vendor: str) -> str:
    """Which of the requested queue indexes (see /tmp/requests-for-lead.md, helper "workqueue") this database has."""
    if vendor != "postgresql":
        return "Queue indexes: not checked on SQLite"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'service_requests_servicerequest' "
                       "AND indexname = ANY(%s)", [list(QUEUE_INDEXES)])
        present = sorted(row[0] for row in cursor.fetchall())
    return f"Queue indexes present: {', '.join(present) or 'none'} (of {', '.join(QUEUE_INDEXES)})"


def page_bench_arguments(parser: argparse.ArgumentParser, database_url: str) -> None:
    """The options every staff-page benchmark takes (this one and supervisor_page)."""
    parser.add_argument("--requests", type=int, default=TARGET_OPEN_REQUESTS, help="open requests to fill (100,000)")
    parser.add_argument("--database-url", default=database_url,
                        help=f"the benchmark's own database, dropped and recreated (default {database_url})")
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is: no drop, no new fill")
    parser.add_argument("--seed", type=int, default=311)


def fill_or_reuse(args: argparse.Namespace, fill: Callable[[], object]) -> str:
    """Set the benchmark's database and Django up, fill it (unless --keep finds requests there); the vendor."""
    vendor = prepare_database(args.database_url, args.keep)
    os.environ["STATIC_MANIFEST"] = "0"  # pages name static files; the benchmark never runs collectstatic
    setup_django(args.database_url)
    print(describe_machine(vendor))
    print(f"Benchmark database: {args.database_url} ({vendor})\n")
    if args.keep and open_request_count():
        print(f"--keep: reusing the {open_request_count():,} open requests already there")
    else:
        fill()
    analyze(vendor)
    return vendor


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    page_bench_arguments(parser, DEFAULT_DATABASE_URL)
    parser.add_argument("--renders", type=int, default=208, help="timed renders, the filters taken in turn (208)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    vendor = fill_or_reuse(args, lambda: build_city(args.requests, args.seed))
    open_now = open_request_count()

    times, rows = render_times(args.renders)
    every = [sample for samples in times.values() for sample in samples]
    print(f"\nOpen requests: {open_now:,}; {len(every)} timed renders after {WARM_UP_RENDERS} untimed\n")
    width = max(len(name) for name in times)
    for name, samples in times.items():
        print(f"{name:<{width}}  {rows.get(name, 0):>7,} rows  n={len(samples):<3} {latency_line(samples)}")
    print()
    print(explain_default_queue(vendor))

    p99 = percentile(every, 99)
    print("\n=== Summary ===")
    print(describe_machine(vendor))
    print(f"Open requests when measuring: {open_now:,}")
    print(queue_indexes(vendor))
    print(f"Queue page server time, all filters: {latency_line(every)}")
    verdict = "PASS" if max(percentile(samples, 99) for samples in times.values()) < TARGET_MS else "MISS"
    scale = "" if open_now >= TARGET_OPEN_REQUESTS else f" (only {open_now:,} open requests: not the target scale)"
    print(f"Target p99 < {TARGET_MS:.0f} ms for every filter at {TARGET_OPEN_REQUESTS:,} open requests: "
          f"{verdict} (overall p99 {p99:.1f} ms){scale}")


if __name__ == "__main__":
    main()
