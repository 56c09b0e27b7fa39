"""The web server: WEB_WORKERS uvicorn processes, each accepting on a listening socket of its own.

    .venv/bin/python -m civicdesk.web --host 127.0.0.1 --port 8000 --workers 2

Why not `uvicorn --workers N`: its workers share one socket, and the one that wakes first accepts every
connection waiting. Clients that keep a few connections open (Open311 apps, a load balancer's pool) then all
land on one process while the others idle: measured with 8 keep-alive clients on two workers, all 8 on one
worker in 2 of 3 runs (210 pages/s, p99 65-71 ms, against 340 pages/s when split). Here every worker has its own
socket on the same port (SO_REUSEPORT) and the kernel spreads new connections over them. This process only
watches: it restarts a worker that dies (its socket stays open meanwhile, so no connection is refused), stops
with an error when a worker cannot start at all, and stops them all on SIGTERM or SIGINT.
"""

import argparse
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger("civicdesk.web")
APPLICATION = "civicdesk.asgi:application"
RESTART_PAUSE_SECONDS = 1.0  # before starting a worker again
STOP_SECONDS = 30.0  # a worker's time to finish its requests after SIGTERM
# A worker that dies this soon after starting, this many times in a row, cannot start (a broken set-up, not a
# crash): the server stops and says so rather than restarting it forever.
EARLY_DEATH_SECONDS = 10.0
EARLY_DEATHS_ALLOWED = 3


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets listening on host:port together. Refuses a port already taken, even by another CivicDesk
    (with SO_REUSEPORT alone it would silently share the port with it)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as error:
        raise SystemExit(f"Cannot listen on {host}:{port}: {error.strerror}.") from None
    sockets: list[socket.socket] = []
    try:
        # SO_REUSEADDR: connections of a server stopped a moment ago (TIME_WAIT) do not hold the port; a socket
        # listening on it does.
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            probe.listen(1)
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            sock.listen(2048)
    except OSError as error:
        for sock in sockets:
            sock.close()
        raise SystemExit(f"Cannot listen on {host}:{port}: {error.strerror}.") from None
    return sockets


def unshared_state_warning(workers: int, redis_url: str) -> str:
    """Several workers without Redis work, but each alone: said, not refused (a benchmark or an API-only server may
    not mind). README's scale-out sets REDIS_URL."""
    if workers > 1 and not redis_url:
        return (f"{workers} web workers without REDIS_URL: each keeps its own web chat sockets, cache and rate-limit "
                "counts. Set REDIS_URL to share them.")
    return ""


def serve(sock: socket.socket, options: dict[str, Any]) -> None:
    """One worker: uvicorn on its own socket."""
    import uvicorn

    uvicorn.Server(uvicorn.Config(APPLICATION, **options)).run(sockets=[sock])


class Workers:
    def __init__(self, sockets: list[socket.socket], options: dict[str, Any]) -> None:
        self.sockets = sockets
        self.options = options
        self.context = multiprocessing.get_context("spawn")  # a clean interpreter per worker, as uvicorn does
        self.processes: list[Any] = [None] * len(sockets)
        self.started_at = [0.0] * len(sockets)
        self.early_deaths = [0] * len(sockets)
        self.stopping = False

    def start(self, index: int) -> None:
        process = self.context.Process(target=serve, args=(self.sockets[index], self.options), name=f"web-{index}")
        process.start()
        self.processes[index] = process
        self.started_at[index] = time.monotonic()

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._stop)
        for index in range(len(self.sockets)):
            self.start(index)
        logger.info("Serving on %s:%s with %d worker(s)", self.options["host"], self.options["port"], len(self.sockets))
        while not self.stopping:
            time.sleep(0.5)
            dead = [index for index, process in enumerate(self.processes) if not process.is_alive()]
            if self.stopping or not dead:
                continue
            for index in dead:
                process = self.processes[index]
                early = time.monotonic() - self.started_at[index] < EARLY_DEATH_SECONDS
                self.early_deaths[index] = self.early_deaths[index] + 1 if early else 0
                logger.error("Web worker %s (pid %s) stopped with code %s", index, process.pid, process.exitcode)
            if max(self.early_deaths) >= EARLY_DEATHS_ALLOWED:
                logger.error("A web worker stopped %d times in a row right after starting: see its error above. "
                             "Stopping the server.", EARLY_DEATHS_ALLOWED)
                self._stop_all()
                return 1
            time.sleep(RESTART_PAUSE_SECONDS)
            for index in dead:
                if not self.stopping:
                    self.start(index)
        self._stop_all()
        return 0

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def _stop_all(self) -> None:
        # Closed first: new connections are refused (a load balancer tries elsewhere) instead of waiting in a
        # socket nobody will accept from once the workers stop.
        for sock in self.sockets:
            sock.close()
        for process in self.processes:
            if process.is_alive():
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m civicdesk.web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=os.environ.get("PORT") or "8000")
    parser.add_argument("--workers", type=int, default=os.environ.get("WEB_WORKERS") or "1")
    parser.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    parser.add_argument("--access-log", action="store_true", help="a line per request (off by default)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not 1 <= args.port <= 65535:
        parser.error("--port must be between 1 and 65535")
    args.host = args.host.strip("[]")  # "[::1]", as URLs write IPv6 addresses
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s:     %(message)s")
    warning = unshared_state_warning(args.workers, os.environ.get("REDIS_URL", ""))
    if warning:
        logger.warning(warning)
    sockets = listening_sockets(args.host, args.port, args.workers)
    # No lifespan: the application has no start-up or shut-down work of its own (Channels would refuse the scope).
    options = {"host": args.host, "port": args.port, "log_level": args.log_level, "access_log": args.access_log,
               "lifespan": "off"}
    return Workers(sockets, options).run()


if __name__ == "__main__":
    sys.exit(main())
