import asyncio

from tools.http_load import run

ANSWERS = {
    b"/sized": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    b"/chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    b"/missing": b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot here!",
}


async def serve_and_load(requests: list[dict[str, str]], concurrency: int) -> tuple[dict, list[bytes]]:
    """A tiny keep-alive server that answers by path, and the load client sent at it."""
    seen: list[bytes] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line, *headers = head.split(b"\r\n")
                length = next((int(line.split(b":")[1]) for line in headers
                               if line.lower().startswith(b"content-length")), 0)
                seen.append(request_line + b" " + await reader.readexactly(length))
                writer.write(ANSWERS[request_line.split(b" ")[1]])
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass  # the client closed the connection
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        result = await run({"host": "127.0.0.1", "port": port, "concurrency": concurrency, "requests": requests})
    return result, seen


def test_it_sends_every_request_on_kept_alive_connections_and_reads_both_body_framings() -> None:
    requests = [
        {"tag": "post", "method": "POST", "path": "/sized", "body": "a=1&b=2"},
        {"tag": "get", "method": "GET", "path": "/chunked"},
        {"tag": "get", "method": "GET", "path": "/missing"},
    ] * 4

    result, seen = asyncio.run(serve_and_load(requests, concurrency=2))

    assert sorted((tag, status) for tag, status, _ in result["results"]) == sorted(
        [("post", 200)] * 4 + [("get", 200)] * 4 + [("get", 404)] * 4
    )
    assert all(ms > 0 for _, _, ms in result["results"])
    assert seen.count(b"POST /sized HTTP/1.1 a=1&b=2") == 4
    assert result["errors"] == {"get 404": "not here!"}
