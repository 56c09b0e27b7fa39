"""Open311 over real HTTP: POST requests/s and GET requests.json latency, next to raw PostgreSQL figures.

Fills its own PostgreSQL database (never the developer's) with the demo city and N requests filed over
the last year (the demo's realistic mix of open and closed), starts the app as it is deployed (`python -m
civicdesk.web`: uvicorn workers with a listening socket each, one worker process per core with one API thread
each (--threads 0: the API on the worker's event loop thread), DEBUG off), and drives it from a separate client
process (tools/http_load.py) with concurrent keep-alive connections:

- POST /open311/v2/requests.json, form-encoded: real service codes, answers to their questions, a pin
  inside the city, a reporter, the bench's own API key (its rate limit raised for the bench); first to the
  services as the demo sets them (realtime: filed before the answer), then with every service set to batch
  (checked, queued, answered with a token), once for each --batch-threads value (default 1, then 0: web
  processes serving the API with one thread, and processes given to the API alone running it on their event
  loop thread, README's two ways to deploy), and the task workers' time to file what was queued;
- GET /open311/v2/requests.json?page_size=100 with filters: service_code, status, start_date/end_date
  and a bbox, alone and together, from 1, 2, 4 and 8 concurrent clients.

In the same run it times the same page SELECTs sent plain through psycopg and single-row INSERTs, so the
app's share shows, prints EXPLAIN of the slowest page query, and PASS/MISS against the targets.
It prints figures; it is not a test.

    .venv/bin/python -m bench.open311_http                          # 1 M requests, PostgreSQL
    .venv/bin/python -m bench.open311_http --requests 20000 --posts 1000 --gets 500      # smoke
    .venv/bin/python -m bench.open311_http --keep --try-index "CREATE INDEX ... ON service_requests_servicerequest ..."

Targets (PostgreSQL, 1,000,000 requests, two cores): at least 1,000 POST/s; GET p99 at most 50 ms.
"""

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.intake_and_duplicates import (
    CityDraw,
    analyze,
    describe_machine,
    latency_line,
    percentile,
    prepare_database,
    setup_django,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/civicdesk_bench_open311"
TARGET_POSTS_PER_SECOND = 1000.0
TARGET_GET_P99_MS = 50.0
TARGET_REQUESTS = 1_000_000
HISTORY_DAYS = 365
PAGE_SIZE = 100
BENCH_CLIENT_NAME = "Open311 benchmark"
BENCH_RATE_LIMIT = 1_000_000_000  # per minute: the bench measures the server, not the limiter
API = "/open311/v2/requests.json"
# GET shapes, each timed on its own: the spec's default window, then each filter, then all together.
SHAPES = ("default window", "service_code+status", "start/end_date", "bbox", "all filters")
BBOX_SHARE = 0.25  # a bbox spans this share of the city's width and height (1/16 of its area)
WARM_UP_PER_CLIENT = 10
# Tracking numbers are upper case: a lower-case prefix can never match a real request's.
RAW_PREFIX = "bench-"
ROOT = Path(__file__).resolve().parent.parent


# --- The city and the bench's API key -------------------------------------------------------


def build_city(requests: int, seed: int) -> float:
    """The demo city with `requests` requests of the last year, open and closed; returns the fill seconds."""
    from django.core.management import call_command

    from civicdesk.demo.history import generate_history

    call_command("migrate", verbosity=0, interactive=False)
    with tempfile.TemporaryDirectory() as scratch:  # the demo key file goes here, not into the developer's var/
        call_command("setup_demo_city", history=0, verbosity=0, key_file=Path(scratch) / "key", stdout=io.StringIO())
    started = time.perf_counter()
    written = generate_history(requests, seed=seed, days=HISTORY_DAYS, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - started
    print(f"Filled {written:,} requests of the last {HISTORY_DAYS} days in {seconds:.1f} s: "
          f"{written / seconds:,.0f} requests/s")
    return seconds


def bench_api_key() -> str:
    """A fresh key for the bench's own API client, whose per-minute limit is far above what it sends."""
    from civicdesk.open311.models import APIClient

    client = APIClient.objects.filter(name=BENCH_CLIENT_NAME).first() or APIClient(name=BENCH_CLIENT_NAME)
    key = client.set_key()
    client.requests_per_minute = BENCH_RATE_LIMIT
    client.save()
    return key


def request_counts() -> tuple[int, int]:
    """All requests, and the open ones."""
    from civicdesk.service_requests.choices import OPEN_STATUSES
    from civicdesk.service_requests.models import ServiceRequest

    return ServiceRequest.objects.count(), ServiceRequest.objects.filter(status__in=OPEN_STATUSES).count()


# --- What the clients send ------------------------------------------------------------------


def post_body(draw: CityDraw, api_key: str) -> str:
    """A resident's report as an Open311 client sends it: form fields, attribute[CODE] and attribute[CODE][]."""
    submission = draw.submission()
    fields: list[tuple[str, str]] = [
        ("api_key", api_key), ("service_code", submission.service_code), ("lat", submission.lat),
        ("long", submission.lon), ("description", submission.description),
        ("first_name", submission.contact.first_name), ("last_name", submission.contact.last_name),
        ("email", submission.contact.email),
    ]
    for code, answer in submission.answers.items():
        if isinstance(answer, list):
            fields += [(f"attribute[{code}][]", str(value)) for value in answer]
        else:
            fields.append((f"attribute[{code}]", str(answer)))
    return urlencode(fields)


@dataclass
class GetQueries:
    """Draws GET requests.json parameters: a page of 100 and each shape's filters, inside the filled year."""

    draw: CityDraw
    now: datetime
    lat_span: float
    lon_span: float

    @classmethod
    def for_city(cls, draw: CityDraw) -> "GetQueries":
        lats = [point[0] for point in draw.points]
        lons = [point[1] for point in draw.points]
        return cls(draw, datetime.now(UTC), max(lats) - min(lats), max(lons) - min(lons))

    def params(self, shape: str) -> dict[str, str]:
        rng = self.draw.rng
        params = {"page_size": str(PAGE_SIZE)}
        if shape in ("service_code+status", "all filters"):
            params["service_code"] = self.draw.service().service_code
            params["status"] = rng.choice(("open", "closed"))
        if shape in ("start/end_date", "all filters"):
            start = self.now - timedelta(days=rng.uniform(30, HISTORY_DAYS))
            params["start_date"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
            params["end_date"] = (start + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if shape in ("bbox", "all filters"):
            lat, lon = self.draw.pin()
            half_lat, half_lon = self.lat_span * BBOX_SHARE / 2, self.lon_span * BBOX_SHARE / 2
            params["bbox"] = f"{lon - half_lon:.5f},{lat - half_lat:.5f},{lon + half_lon:.5f},{lat + half_lat:.5f}"
        return params

    def draw_many(self, per_shape: int) -> list[tuple[str, dict[str, str]]]:
        """`per_shape` queries of each shape, shuffled so every shape meets the same load."""
        queries = [(shape, self.params(shape)) for shape in SHAPES for _ in range(per_shape)]
        self.draw.rng.shuffle(queries)
        return queries


# --- The server and the client process ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def default_connections() -> str:
    try:
        import psycopg_pool  # noqa: F401
    except ImportError:
        return "per-request"
    return "pool"


def server_database(database_url: str, connections: str) -> dict[str, str]:
    """The server's DATABASE_URL and DB_CONN_MAX_AGE for each way of holding database connections.

    Under ASGI every request runs in a thread of its own, so a persistent connection (CONN_MAX_AGE > 0,
    the settings' default) is one connection per request left open until garbage-collected; `pool`
    (Django's psycopg pool, needs psycopg_pool) and `per-request` (CONN_MAX_AGE=0) avoid that.
    """
    if connections == "pool":
        separator = "&" if "?" in database_url else "?"
        return {"DATABASE_URL": f"{database_url}{separator}pool=true", "DB_CONN_MAX_AGE": "0"}
    if connections == "per-request":
        return {"DATABASE_URL": database_url, "DB_CONN_MAX_AGE": "0"}
    return {"DATABASE_URL": database_url}


class Server:
    """The web server as the Procfile starts it (civicdesk.web), on the bench database, started and stopped here."""

    def __init__(self, database_url: str, workers: int, connections: str, threads: int) -> None:
        self.port = free_port()
        env = {**os.environ, **server_database(database_url, connections), "DEBUG": "0", "WEB_THREADS": str(threads),
               "TASK_BACKEND": "database", "DJANGO_SETTINGS_MODULE": "civicdesk.settings", "STATIC_MANIFEST": "0",
               "LOG_LEVEL": "WARNING"}  # not a line per realtime POST ("no department system is connected")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "civicdesk.web", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        self._wait_until_up()

    def _wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The web server stopped (exit code {self.process.returncode}).")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/open311/discovery.json", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"The web server did not answer within {seconds:.0f} s.")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)  # civicdesk.web gives its workers 30 s to finish, then stops them
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class HttpRun:
    seconds: float
    results: list[tuple[str, int, float]]  # tag, HTTP status, latency in ms
    errors: dict[str, str]

    def latencies(self, tag: str | None = None) -> list[float]:
        return [ms for result_tag, _, ms in self.results if tag is None or result_tag == tag]

    def failed(self) -> int:
        return sum(1 for _, status, _ in self.results if status >= 300)

    @property
    def per_second(self) -> float:
        return len(self.results) / self.seconds


def drive(port: int, concurrency: int, requests: list[dict[str, str]]) -> HttpRun:
    """Send `requests` from a separate client process over `concurrency` keep-alive connections."""
    plan = {"host": "127.0.0.1", "port": port, "concurrency": concurrency, "requests": requests}
    with tempfile.NamedTemporaryFile("w", suffix=".json") as plan_file:
        json.dump(plan, plan_file)
        plan_file.flush()
        finished = subprocess.run([sys.executable, "-m", "tools.http_load", plan_file.name], cwd=ROOT,
                                  capture_output=True, text=True, check=False)
    if finished.returncode:
        raise SystemExit(f"The load client failed:\n{finished.stderr}")
    answer = json.loads(finished.stdout)
    return HttpRun(answer["seconds"], [tuple(result) for result in answer["results"]], answer["errors"])


def get_request(shape: str, params: dict[str, str], api_key: str) -> dict[str, str]:
    # The key keeps the bench clear of the anonymous per-address limit; the server still checks it each time.
    return {"tag": shape, "method": "GET", "path": f"{API}?{urlencode({**params, 'api_key': api_key})}"}


# --- Raw PostgreSQL -------------------------------------------------------------------------


def page_sql(params: dict[str, str]) -> str:
    """The page SELECT that find_requests sends for these parameters, values filled in."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from civicdesk.open311.services import find_requests

    query = QueryDict(mutable=True)
    query.update(params)
    with CaptureQueriesContext(connection) as captured:
        find_requests(query)
    return next(q["sql"] for q in captured.captured_queries if 'FROM "service_requests_servicerequest"' in q["sql"])


@dataclass
class RawSelects:
    latencies_ms: dict[str, list[float]]
    rows: dict[str, list[int]]
    slowest: tuple[float, str, str]  # ms, shape, SQL

    def all_ms(self) -> list[float]:
        return [ms for samples in self.latencies_ms.values() for ms in samples]


def time_raw_selects(queries: list[tuple[str, dict[str, str]]], database_url: str) -> RawSelects:
    """The same page queries sent plain from one psycopg connection (its own compiled loaders, not Django's):
    the database's share of each GET."""
    statements = [(shape, page_sql(params)) for shape, params in queries]
    latencies: dict[str, list[float]] = {shape: [] for shape in SHAPES}
    rows: dict[str, list[int]] = {shape: [] for shape in SHAPES}
    slowest = (0.0, "", "")
    with plain_connection(database_url) as raw, raw.cursor() as cursor:
        for shape, statement in statements:
            before = time.perf_counter()
            cursor.execute(statement)
            rows[shape].append(len(cursor.fetchall()))
            latencies[shape].append((time.perf_counter() - before) * 1000)
            slowest = max(slowest, (latencies[shape][-1], shape, statement))
    return RawSelects(latencies, rows, slowest)


def plain_connection(database_url: str) -> Any:
    """A psycopg connection of its own, autocommit, outside Django."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    return psycopg.connect(dbname=config["NAME"], host=config.get("HOST") or None, port=config.get("PORT") or None,
                           user=config.get("USER") or None, password=config.get("PASSWORD") or None,
                           autocommit=True)


def explain(statement: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
        return "\n".join(str(row[0]) for row in cursor.fetchall())


@dataclass
class RawInserts:
    rows: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds


def time_raw_inserts(database_url: str, rows: int, connections: int) -> RawInserts:
    """Single-row INSERTs of a service request (a copy of a recent one), one transaction each, from
    `connections` connections at once; the rows are deleted afterwards."""
    from django.db import connection

    from civicdesk.service_requests.models import ServiceRequest

    table = ServiceRequest._meta.db_table
    columns = [field.column for field in ServiceRequest._meta.concrete_fields if not field.primary_key]
    # A new public_id (it is unique); every other column copied from a recent row chosen by id.
    chosen = ", ".join("%s" if column == "public_id" else f'"{column}"' for column in columns)
    names = ", ".join(f'"{column}"' for column in columns)
    statement = f'INSERT INTO "{table}" ({names}) SELECT {chosen} FROM "{table}" WHERE id = %s'
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id FROM "{table}" ORDER BY id DESC LIMIT 1000')
        templates = [row[0] for row in cursor.fetchall()]
    share = rows // connections
    latencies: list[float] = []
    ready = threading.Barrier(connections + 1)

    def insert(worker: int) -> None:
        mine = []
        with plain_connection(database_url) as raw:
            ready.wait()
            for index in range(share):
                before = time.perf_counter()
                raw.execute(statement, [f"{RAW_PREFIX}{worker}-{index}", templates[index % len(templates)]])
                mine.append((time.perf_counter() - before) * 1000)
        latencies.extend(mine)

    threads = [threading.Thread(target=insert, args=(worker,)) for worker in range(connections)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE public_id LIKE %s', [f"{RAW_PREFIX}%"])
    return RawInserts(share * connections, seconds, latencies)


def statements_per_post(draw: CityDraw) -> tuple[int, int]:
    """SQL statements one file_request makes in-process (all, and writes): what each POST asks of the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from civicdesk.service_requests.actors import Actor
    from civicdesk.service_requests.intake import file_request

    with CaptureQueriesContext(connection) as captured:
        file_request(draw.submission(), actor=Actor.resident())
    sqls = [query["sql"].lstrip().upper() for query in captured.captured_queries]
    return len(sqls), sum(1 for sql in sqls if sql.startswith(("INSERT", "UPDATE", "DELETE")))


# --- Reporting ------------------------------------------------------------------------------


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


def shape_table(http: HttpRun, raw: RawSelects) -> str:
    lines = [f"  {'shape':<20} {'HTTP p50':>9} {'p95':>8} {'p99':>8} {'max':>8} | {'SQL p50':>8} {'p99':>7}"
             f" {'max':>7} | rows/page"]
    for shape in SHAPES:
        ms, sql_ms, rows = http.latencies(shape), raw.latencies_ms[shape], raw.rows[shape]
        lines.append(
            f"  {shape:<20} {percentile(ms, 50):>9.1f} {percentile(ms, 95):>8.1f} {percentile(ms, 99):>8.1f}"
            f" {max(ms):>8.1f} | {percentile(sql_ms, 50):>8.1f} {percentile(sql_ms, 99):>7.1f} {max(sql_ms):>7.1f}"
            f" | {sum(rows) / len(rows):.0f}"
        )
    lines.append("  (ms; SQL = the same page SELECT sent plain through psycopg from one connection)")
    return "\n".join(lines)


def verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


# --- Phases ---------------------------------------------------------------------------------


@dataclass
class GetFigures:
    by_clients: dict[int, HttpRun]  # concurrent clients: the run
    raw: RawSelects


def measure_gets(server: Server, queries_drawn: GetQueries, args: argparse.Namespace, api_key: str,
                 label: str) -> GetFigures:
    """The same GETs from 1, 2, 4, ... clients: latency as the load grows, up to the server's throughput."""
    per_shape = max(1, args.gets // len(SHAPES))
    queries = queries_drawn.draw_many(per_shape)
    raw = time_raw_selects(queries, args.database_url)
    requests = [get_request(shape, params, api_key) for shape, params in queries]
    runs: dict[int, HttpRun] = {}
    for clients in args.client_levels:
        drive(server.port, clients, requests[: clients * WARM_UP_PER_CLIENT])
        runs[clients] = drive(server.port, clients, requests)
    print(f"\nGET {API}?page_size={PAGE_SIZE}&… {label}: {len(requests)} requests at each number of clients; "
          f"{load_average()}")
    for clients, run in runs.items():
        print(f"  {clients} client{'s' if clients > 1 else ''}: {run.per_second:,.0f} GET/s, {run.failed()} failed; "
              f"{latency_line(run.latencies())}")
    print(f"  raw PostgreSQL, same page SELECTs, 1 connection: {latency_line(raw.all_ms())}")
    most = max(runs)
    print(f"  by shape, {most} clients:")
    print(shape_table(runs[most], raw))
    for problem, body in runs[most].errors.items():
        print(f"  first answer for {problem}: {body}")
    return GetFigures(runs, raw)


def measure_posts(server: Server, draw: CityDraw, args: argparse.Namespace, api_key: str, label: str) -> HttpRun:
    bodies = [post_body(draw, api_key) for _ in range(args.posts + args.clients * WARM_UP_PER_CLIENT)]
    requests = [{"tag": "post", "method": "POST", "path": API, "body": body} for body in bodies]
    drive(server.port, args.clients, requests[: args.clients * WARM_UP_PER_CLIENT])
    run = drive(server.port, args.clients, requests[args.clients * WARM_UP_PER_CLIENT :])
    print(f"\nPOST {API} {label}: {len(run.results)} requests, {args.clients} clients, {run.seconds:.1f} s = "
          f"{run.per_second:.0f} POST/s, {run.failed()} failed; {latency_line(run.latencies())}; {load_average()}")
    for problem, body in run.errors.items():
        print(f"  first answer for {problem}: {body}")
    return run


@contextmanager
def batch_services() -> Iterator[int]:
    """Every service of the city answers Open311 POSTs with a token (type "batch") for a while."""
    from civicdesk.catalog.choices import ServiceKind
    from civicdesk.catalog.models import ServiceType

    kinds = dict(ServiceType.objects.values_list("id", "kind"))
    ServiceType.objects.update(kind=ServiceKind.BATCH)
    try:
        yield len(kinds)
    finally:
        for kind in set(kinds.values()):
            ServiceType.objects.filter(id__in=[pk for pk, was in kinds.items() if was == kind]).update(kind=kind)


def clear_task_queue() -> int:
    """Tasks left over by the realtime POSTs (their notifications): the drain below times the batch work only."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.all().delete()[0]


@dataclass
class Drain:
    workers: int
    filed: int
    not_filed: int
    tasks: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.filed / self.seconds if self.seconds else 0.0


def drain_queue(database_url: str, workers: int, connections: str) -> Drain:
    """`workers` task workers (manage.py db_worker --batch: the Procfile's run_task_worker on the database) file
    what the batch POSTs queued, and whatever those filings queue in turn (notifications); timed until every one
    has exited."""
    from django_tasks_db.models import DBTaskResult

    from civicdesk.open311.models import RequestToken

    tokens_before = RequestToken.objects.count()
    tasks = DBTaskResult.objects.count()
    env = {**os.environ, **server_database(database_url, connections), "DEBUG": "0", "TASK_BACKEND": "database",
           "DJANGO_SETTINGS_MODULE": "civicdesk.settings", "STATIC_MANIFEST": "0",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    started = time.perf_counter()
    processes = [
        subprocess.Popen([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload",
                          "--worker-id", f"bench-{index}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        for index in range(workers)
    ]
    for process in processes:
        process.wait()
    seconds = time.perf_counter() - started
    new_tokens = RequestToken.objects.order_by("-id")[: RequestToken.objects.count() - tokens_before]
    filed = sum(1 for token in new_tokens if token.request_id)
    return Drain(workers, filed, len(new_tokens) - filed, tasks, seconds)


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=TARGET_REQUESTS,
                        help=f"requests to fill (default {TARGET_REQUESTS:,})")
    parser.add_argument("--posts", type=int, default=5000, help="timed POSTs (default 5000)")
    parser.add_argument("--gets", type=int, default=2500, help="timed GETs, split over the shapes (default 2500)")
    parser.add_argument("--workers", type=int, default=2,
                        help="uvicorn worker processes, and task workers for the drain (default 2: one per core)")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per uvicorn worker running the API (WEB_THREADS; default 1, as README's "
                             "scale-out advice; 0: on the worker's event loop thread)")
    parser.add_argument("--batch-threads", type=lambda text: list(dict.fromkeys(int(n) for n in text.split(","))),
                        default=[1, 0],
                        help="WEB_THREADS values the batch POSTs are timed at, one server each (default 1,0: "
                             "README's web processes, then processes given to the API alone)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client connections for POSTs (default 8)")
    parser.add_argument("--client-levels", type=lambda text: [int(n) for n in text.split(",")], default=[1, 2, 4, 8],
                        help="the numbers of concurrent clients the GETs are timed at (default 1,2,4,8)")
    parser.add_argument("--server-connections", choices=("pool", "per-request", "as-configured"),
                        default=default_connections(),
                        help="how the server holds database connections: Django's psycopg pool (default when "
                             "psycopg_pool is installed), a new one per request, or the settings' CONN_MAX_AGE")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help=f"the benchmark's own database, dropped and recreated (default {DEFAULT_DATABASE_URL})")
    parser.add_argument("--keep", action="store_true", help="reuse the database as it is: no drop, no new city")
    parser.add_argument("--try-index", metavar="SQL",
                        help="after measuring, run this CREATE INDEX, measure the GETs again, then drop it")
    parser.add_argument("--seed", type=int, default=311)
    return parser.parse_args(argv)


def try_index(create: str, server: Server, queries: GetQueries, args: argparse.Namespace, api_key: str) -> GetFigures:
    from django.db import connection

    name = create.split(" ON ")[0].split()[-1]
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(create)
        cursor.execute("ANALYZE service_requests_servicerequest")
    print(f"\n--try-index: {create}  ({time.perf_counter() - started:.1f} s, with ANALYZE)")
    try:
        return measure_gets(server, queries, args, api_key, "with that index")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if prepare_database(args.database_url, args.keep) != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL (its targets are PostgreSQL's).")
    setup_django(args.database_url)
    print(describe_machine("postgresql"))
    print(f"Benchmark database: {args.database_url}; {load_average()}\n")
    total, _ = request_counts() if args.keep else (0, 0)
    fill_seconds = None
    if args.keep and total:
        print(f"--keep: reusing the {total:,} requests already there")
    else:
        fill_seconds = build_city(args.requests, args.seed)
    analyze("postgresql")
    api_key = bench_api_key()
    draw = CityDraw.load(args.seed)
    queries = GetQueries.for_city(draw)
    total, still_open = request_counts()
    statements, writes = statements_per_post(draw)
    print(f"Requests stored: {total:,} ({still_open:,} open); services drawn: {len(draw.services)}; "
          f"address points: {len(draw.points):,}")
    print(f"One file_request makes {statements} SQL statements, {writes} of them writes (counted in-process)")

    def start_server(threads: int) -> Server:
        server = Server(args.database_url, args.workers, args.server_connections, threads)
        print(f"\nServer: python -m civicdesk.web --workers {args.workers} (uvicorn, a listening socket per worker), "
              f"WEB_THREADS={threads} (DEBUG=0, port {server.port}, database connections: "
              f"{args.server_connections}); client: "
              f"tools/http_load.py, a separate process, keep-alive connections")
        return server

    server = start_server(args.threads)
    try:
        posts = measure_posts(server, draw, args, api_key, "(realtime services: filed before the answer)")
        analyze("postgresql")
        gets = measure_gets(server, queries, args, api_key, "")
        with_index = try_index(args.try_index, server, queries, args, api_key) if args.try_index else None
    finally:
        server.stop()
    print(f"\nTasks left in the queue by the realtime POSTs, deleted before the batch phase: {clear_task_queue():,}")
    batches: dict[int, HttpRun] = {}
    with batch_services() as services:
        print(f"All {services} services set to type batch (restored afterwards)")
        for threads in args.batch_threads:
            server = start_server(threads)
            try:
                batches[threads] = measure_posts(server, draw, args, api_key,
                                                 "(batch services: checked, queued, token answered)")
            finally:
                server.stop()
    drain = drain_queue(args.database_url, args.workers, args.server_connections)
    print(f"\nWorker drain: {drain.workers} db_worker processes ran {drain.tasks:,} queued tasks and what they "
          f"queued in {drain.seconds:.1f} s: {drain.filed:,} requests filed ({drain.per_second:,.0f}/s), "
          f"{drain.not_filed} refused by intake (the token tells why); {load_average()}")
    inserts = time_raw_inserts(args.database_url, args.posts, args.workers)
    print(f"\nRaw PostgreSQL INSERT of one request row, autocommit, {args.workers} connections: {inserts.rows} rows "
          f"in {inserts.seconds:.1f} s = {inserts.per_second:,.0f} rows/s; {latency_line(inserts.latencies_ms)}")
    slowest_ms, slowest_shape, slowest_sql = gets.raw.slowest
    print(f"\nEXPLAIN of the slowest raw page SELECT ({slowest_shape}, {slowest_ms:.1f} ms):\n{slowest_sql}\n")
    print(explain(slowest_sql))

    total, still_open = request_counts()
    most = max(gets.by_clients)
    get_p99 = percentile(gets.by_clients[most].latencies(), 99)
    print("\n=== Summary ===")
    print(describe_machine("postgresql"))
    print(f"{load_average()} at the end; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"Requests stored at the end: {total:,} ({still_open:,} open)")
    if fill_seconds is not None:
        print(f"Fill: {args.requests:,} requests in {fill_seconds:.1f} s")
    api_threads = (f"{args.threads} API thread(s)" if args.threads
                   else "the API on the event loop thread (WEB_THREADS=0)")
    print(f"Server for the realtime POSTs and the GETs: civicdesk.web (uvicorn), {args.workers} workers, "
          f"{api_threads}, database connections: {args.server_connections}; clients from a separate process")
    print(f"POST requests.json, realtime services, {args.clients} clients: {posts.per_second:,.0f} POST/s "
          f"({posts.failed()} failed); {latency_line(posts.latencies())}")
    for threads, batch in batches.items():
        print(f"POST requests.json, batch services, {args.clients} clients, WEB_THREADS={threads}: "
              f"{batch.per_second:,.0f} POST/s ({batch.failed()} failed); {latency_line(batch.latencies())}")
    print(f"  then filed by {drain.workers} task workers at {drain.per_second:,.0f} requests/s")
    print(f"  raw PostgreSQL single-row INSERT: {inserts.per_second:,.0f} rows/s with {args.workers} connections; "
          f"one realtime POST makes {statements} statements ({writes} writes), a batch POST one write")
    for clients, run in gets.by_clients.items():
        print(f"GET requests.json, page of {PAGE_SIZE} with filters, {clients} client(s): {run.per_second:,.0f} GET/s;"
              f" {latency_line(run.latencies())}")
    print(f"  raw PostgreSQL page SELECT: {latency_line(gets.raw.all_ms())}")
    if with_index is not None:
        print(f"  with --try-index, {most} clients: {latency_line(with_index.by_clients[most].latencies())}")
    scale = "" if total >= TARGET_REQUESTS else f" (measured at {total:,} requests, the target is for " \
                                                f"{TARGET_REQUESTS:,})"
    # A run with failed answers does not count towards the target (its rate includes the failures).
    best = max([run.per_second for run in (posts, *batches.values()) if not run.failed()], default=0.0)
    batch_figures = ", ".join(f"batch {batch.per_second:,.0f}/s with WEB_THREADS={threads}"
                              for threads, batch in batches.items())
    print(f"Target POST >= {TARGET_POSTS_PER_SECOND:,.0f}/s: {verdict(best >= TARGET_POSTS_PER_SECOND)} "
          f"({batch_figures}, realtime {posts.per_second:,.0f}/s){scale}")
    within = [clients for clients, run in gets.by_clients.items()
              if percentile(run.latencies(), 99) <= TARGET_GET_P99_MS]
    print(f"Target GET p99 <= {TARGET_GET_P99_MS:.0f} ms: {verdict(get_p99 <= TARGET_GET_P99_MS)} at {most} clients "
          f"({get_p99:.1f} ms); met at {', '.join(map(str, within)) or 'no'} client level(s){scale}")


if __name__ == "__main__":
    main()
