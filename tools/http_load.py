"""A small HTTP/1.1 load client: N keep-alive connections send a list of requests as fast as answered.

Reads a plan (JSON) from the file named on the command line and prints the results (JSON) on stdout.
Plain asyncio streams keep the client's own cost per request to a few tens of microseconds, so on a
small machine the server, not the client, uses the cores. Used by bench/open311_http.py.

    plan:    {"host": "127.0.0.1", "port": 8000, "concurrency": 16,
              "requests": [{"tag": "post", "method": "POST", "path": "/x.json", "body": "a=1",
                            "content_type": "application/x-www-form-urlencoded"}, ...]}
    results: {"seconds": 1.9, "results": [["post", 200, 3.1], ...],   # tag, HTTP status, latency in ms
              "errors": {"post 400": "first body seen with that tag and status"}}
"""

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

ERROR_BODY_CHARS = 500


@dataclass
class Outcome:
    results: list[tuple[str, int, float]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def encode(request: dict[str, Any], host: str) -> bytes:
    """The request's bytes, headers included, ready to write on a kept-alive connection."""
    body = request.get("body", "").encode()
    lines = [f"{request['method']} {request['path']} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    if request["method"] != "GET":
        lines += [f"Content-Type: {request.get('content_type', 'application/x-www-form-urlencoded')}",
                  f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")  # the empty trailer
        return status, headers, b"".join(chunks)
    return status, headers, await reader.read()  # the server closes the connection to end the body


async def connection_worker(host: str, port: int, queue: list[tuple[str, bytes]], outcome: Outcome) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while queue:
            tag, data = queue.pop()
            started = time.perf_counter()
            writer.write(data)
            status, headers, body = await read_response(reader)
            outcome.results.append((tag, status, (time.perf_counter() - started) * 1000))
            if status >= 400:
                outcome.errors.setdefault(f"{tag} {status}", body[:ERROR_BODY_CHARS].decode("utf-8", "replace"))
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    host, port = plan["host"], int(plan["port"])
    # Popped from the end: reversed so requests go out in the plan's order.
    queue = [(request["tag"], encode(request, f"{host}:{port}")) for request in reversed(plan["requests"])]
    outcome = Outcome()
    started = time.perf_counter()
    await asyncio.gather(*(connection_worker(host, port, queue, outcome) for _ in range(plan["concurrency"])))
    return {"seconds": time.perf_counter() - started, "results": outcome.results, "errors": outcome.errors}


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(f"usage: {argv[0]} PLAN.json")
    with open(argv[1]) as plan_file:
        plan = json.load(plan_file)
    json.dump(asyncio.run(run(plan)), sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
