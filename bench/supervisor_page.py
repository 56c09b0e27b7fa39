"""Server time of the supervisor view with a city full of open requests.

Fills its own database (never the developer's) with the demo city, N open requests filed in the last
30 days and M requests closed over the same days (the helpers of bench.intake_and_duplicates), signs the
demo supervisor in and renders /staff/supervisor/ and its metrics fragment (what the page fetches every
minute) through Django's test client, then times `supervisor_metrics` alone (the queries) and prints
p50/p95/p99/max of each and how many SQL statements one page takes. It prints figures; it is not a test.

    .venv/bin/python -m bench.supervisor_page                               # 100,000 open requests, PostgreSQL
    .venv/bin/python -m bench.supervisor_page --keep                        # reuse the filled database
    .venv/bin/python -m bench.supervisor_page --requests 5000 --closed 2000 --renders 20   # smoke

Target: p99 under 500 ms server time with 100,000 open requests.
"""

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.intake_and_duplicates import build_city, describe_machine, latency_line, open_request_count, percentile
from bench.queue_page import fill_or_reuse, page_bench_arguments

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/civicdesk_bench_supervisor"
TARGET_MS = 500.0
TARGET_OPEN_REQUESTS = 100_000
WARM_UP = 3


def add_closed(count: int, seed: int) -> None:
    """`count` requests filed and closed over the last 30 days, beside the open ones."""
    from civicdesk.demo.history import generate_history

    started = time.perf_counter()
    written = generate_history(count, seed=seed + 1, open_share=0.0, days=30, progress=sys.stderr.isatty())
    print(f"Added {written:,} closed requests in {time.perf_counter() - started:.1f} s")


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    """Milliseconds of `runs` calls, after WARM_UP untimed ones."""
    samples = []
    for index in range(runs + WARM_UP):
        before = time.perf_counter()
        call()
        if index >= WARM_UP:
            samples.append((time.perf_counter() - before) * 1000)
    return samples


def supervisor_client() -> Any:
    from civicdesk.accounts.models import User
    from civicdesk.accounts.tests.two_factor import verified_client

    return verified_client(User.objects.get(username="supervisor"))


def get_ok(client: Any, path: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        return response
    return call


def statements_per_page(client: Any, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        get_ok(client, path)()
    return len(queries.captured_queries)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    page_bench_arguments(parser, DEFAULT_DATABASE_URL)
    parser.add_argument("--closed", type=int, default=30_000, help="requests closed in the last 30 days (30,000)")
    parser.add_argument("--renders", type=int, default=60, help="timed renders of each page (60)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)

    def fill() -> None:
        build_city(args.requests, args.seed)
        add_closed(args.closed, args.seed)

    vendor = fill_or_reuse(args, fill)

    from django.utils import timezone

    from civicdesk.console.metrics import supervisor_metrics
    from civicdesk.service_requests.models import ServiceRequest

    open_now, stored = open_request_count(), ServiceRequest.objects.count()
    client = supervisor_client()
    results = {
        "supervisor_metrics() (queries only)": timed(lambda: supervisor_metrics(timezone.now()), args.renders),
        "GET /staff/supervisor/ (whole page)": timed(get_ok(client, "/staff/supervisor/"), args.renders),
        "GET /staff/supervisor/metrics/ (refresh)": timed(get_ok(client, "/staff/supervisor/metrics/"), args.renders),
    }
    print(f"\nOpen requests: {open_now:,}; requests stored: {stored:,}; {args.renders} timed runs each "
          f"after {WARM_UP} untimed\n")
    width = max(len(name) for name in results)
    for name, samples in results.items():
        print(f"{name:<{width}}  {latency_line(samples)}")
    print(f"\nSQL statements for one whole page: {statements_per_page(client, '/staff/supervisor/')}")

    worst = max(percentile(samples, 99) for samples in results.values())
    print("\n=== Summary ===")
    print(describe_machine(vendor))
    print(f"Open requests when measuring: {open_now:,} (of {stored:,} stored)")
    verdict = "PASS" if worst < TARGET_MS else "MISS"
    scale = "" if open_now >= TARGET_OPEN_REQUESTS else f" (only {open_now:,} open requests: not the target scale)"
    print(f"Target p99 < {TARGET_MS:.0f} ms at {TARGET_OPEN_REQUESTS:,} open requests: {verdict} "
          f"(worst p99 {worst:.1f} ms){scale}")


if __name__ == "__main__":
    main()
