"""The web server (civicdesk/web.py) as the Procfile runs it: workers with a socket each, spread, restarted, stopped."""

import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from civicdesk.notifications.tests.fakes import free_port
from civicdesk.web import listening_sockets, unshared_state_warning

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _workers(server: subprocess.Popen[bytes]) -> set[int]:
    """The server's worker processes (its children that serve; not multiprocessing's resource tracker)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server.pid and b"resource_tracker" not in command:
            found.add(int(entry.name))
    return found


def _wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/open311/discovery.json", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _connect_at_once(port: int, count: int) -> list[socket.socket]:
    """`count` connections started together (non-blocking connects), as a client's connection pool opens them."""
    clients = [socket.socket() for _ in range(count)]
    for client in clients:
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", port))
    for client in clients:
        select.select([], [client], [], 10)
        client.setblocking(True)
    return clients


_LISTEN, _ESTABLISHED = "0A", "01"  # socket states as /proc/net/tcp writes them


def _sockets_on(port: int, state: str) -> list[set[int]]:
    """The processes holding each TCP socket in `state` on local `port`, read from /proc as `ss -p` does."""
    inodes = set()
    # IPv6 sockets, and IPv4 ones on a dual-stack socket, are listed only in tcp6.
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:  # a kernel without IPv6
            continue
        for row in rows:
            fields = row.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)  # written big-endian: reads as the number itself
            # Inode 0: not yet accepted, or already closed; no process holds it.
            if fields[3] == state and local_port == port and fields[9] != "0":
                inodes.add(int(fields[9]))
    holders: dict[int, set[int]] = {inode: set() for inode in inodes}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            descriptors = os.listdir(entry / "fd")
        except (FileNotFoundError, PermissionError):  # gone meanwhile, or another user's
            continue
        for descriptor in descriptors:
            try:
                target = os.readlink(entry / "fd" / descriptor)
            except (FileNotFoundError, PermissionError):
                continue
            if target.startswith("socket:[") and int(target[8:-1]) in holders:
                holders[int(target[8:-1])].add(int(entry.name))
    return [holders[inode] for inode in sorted(holders)]


def _listeners(port: int) -> list[set[int]]:
    """The processes holding each socket listening on `port`."""
    return _sockets_on(port, _LISTEN)


def _holders(port: int) -> dict[int, int]:
    """How many established connections to `port` each process holds."""
    return dict(Counter(pid for processes in _sockets_on(port, _ESTABLISHED) for pid in processes))


def test_workers_each_take_connections_are_restarted_when_they_die_and_stop_together() -> None:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "civicdesk.settings", "DEBUG": "0", "STATIC_MANIFEST": "0"}
    server = subprocess.Popen([sys.executable, "-m", "civicdesk.web", "--port", str(port), "--workers", "2",
                               "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        _wait_until(lambda: _answers(port) and len(_workers(server)) == 2)
        workers = _workers(server)
        # A listening socket of its own for each worker (uvicorn's --workers share one).
        listeners = _listeners(port)
        assert len(listeners) == 2
        assert sorted(len(holders & workers) for holders in listeners) == [1, 1]
        assert all(holders & workers for holders in listeners) and set().union(*listeners) >= workers

        # Connections opened all at once, as a client's pool does: the kernel spreads them over the sockets
        # (all 32 on one: a chance of 1 in 2**31).
        clients = _connect_at_once(port, 32)
        try:
            for client in clients:
                client.sendall(f"GET /open311/discovery.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            for client in clients:
                assert client.recv(64).startswith(b"HTTP/1.1 200")
            holders = _holders(port)
            assert set(holders) == workers and sum(holders.values()) == 32
        finally:
            for client in clients:
                client.close()

        killed = min(workers)
        os.kill(killed, signal.SIGKILL)
        _wait_until(lambda: len(_workers(server)) == 2 and killed not in _workers(server))
        _wait_until(lambda: _answers(port))
        workers = _workers(server)

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)  # joined by the server, not left behind
        assert not _answers(port)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_a_port_already_taken_is_refused_with_a_message_not_shared() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit, match=f"Cannot listen on 127.0.0.1:{port}: Address already in use"):
            listening_sockets("127.0.0.1", port, 2)


def test_a_second_server_on_the_same_port_is_refused() -> None:
    """SO_REUSEPORT would let a second server join the first's port; the check before binding refuses it."""
    first = listening_sockets("127.0.0.1", 0, 1)[0]
    try:
        port = first.getsockname()[1]
        with pytest.raises(SystemExit, match="Address already in use"):
            listening_sockets("127.0.0.1", port, 2)
    finally:
        first.close()


def test_the_port_is_free_again_right_after_a_stop() -> None:
    """A stopped server's connections linger (TIME_WAIT): they must not keep the next start off the port."""
    [listener] = listening_sockets("127.0.0.1", free_port(), 1)
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first: its end of the connection waits in TIME_WAIT
    client.close()
    listener.close()

    again = listening_sockets("127.0.0.1", port, 2)
    assert [sock.getsockname()[1] for sock in again] == [port, port]
    for sock in again:
        sock.close()


def test_a_worker_that_cannot_start_stops_the_server_with_an_error() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "civicdesk.no_such_settings"}
    server = subprocess.run([sys.executable, "-m", "civicdesk.web", "--port", str(free_port()), "--workers", "1",
                             "--log-level", "warning"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert server.returncode == 1
    assert "stopped 3 times in a row right after starting" in server.stderr
    assert "No module named 'civicdesk.no_such_settings'" in server.stderr


@pytest.mark.parametrize(("arguments", "message"), [
    (["--port", "0"], "--port must be between 1 and 65535"),
    (["--workers", "0"], "--workers must be at least 1"),
    (["--port", "http"], "invalid int value"),
])
def test_bad_arguments_are_refused_with_a_message(arguments: list[str], message: str) -> None:
    refused = subprocess.run([sys.executable, "-m", "civicdesk.web", *arguments], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 2 and message in refused.stderr


def test_several_workers_without_redis_are_told_what_they_do_not_share() -> None:
    assert "each keeps its own web chat sockets" in unshared_state_warning(2, "")
    assert unshared_state_warning(2, "redis://127.0.0.1:6379/0") == ""
    assert unshared_state_warning(1, "") == ""
