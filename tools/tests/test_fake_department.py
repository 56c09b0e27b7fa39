"""The fake department system behaves like a careful real one: signatures, idempotency keys, outages."""

import json
import time
from collections.abc import Iterator
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from tools.fake_department import FakeDepartment, sign

SECRET = "shared-secret"


@pytest.fixture
def department() -> Iterator[FakeDepartment]:
    running = FakeDepartment(SECRET).start()
    yield running
    running.stop()


def deliver(department: FakeDepartment, key: str, secret: str = SECRET) -> tuple[int, dict[str, object]]:
    body = json.dumps({"request": {"id": "7KQ4-M29X", "service_code": "stray-dog", "description": "Loose dog",
                                   "location": {"address": "120 N Main St"}}}).encode()
    timestamp = int(time.time())
    request = Request(f"{department.url}/webhook", data=body, method="POST", headers={
        "Idempotency-Key": key, "X-CivicDesk-Timestamp": str(timestamp),
        "X-CivicDesk-Signature": sign(secret, timestamp, body)})
    try:
        with urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_repeated_idempotency_key_opens_no_second_work_order(department: FakeDepartment) -> None:
    assert deliver(department, "key-1") == (201, {"id": "RAC-0001", "status": "RECEIVED", "duplicate": False})
    assert deliver(department, "key-1") == (200, {"id": "RAC-0001", "status": "RECEIVED", "duplicate": True})
    assert deliver(department, "key-2")[1]["id"] == "RAC-0002"
    assert len(department.orders) == 2 and len(department.calls) == 3


def test_a_bad_signature_is_refused(department: FakeDepartment) -> None:
    assert deliver(department, "key-1", secret="wrong") == (401, {"error": "bad signature"})
    assert department.orders == {}


def test_it_can_be_down_for_a_while(department: FakeDepartment) -> None:
    department.fail_next(2)

    assert [deliver(department, "key-1")[0] for _ in range(3)] == [503, 503, 201]


def test_it_answers_open311_status_queries_in_its_own_words(department: FakeDepartment) -> None:
    deliver(department, "key-1")
    department.move("RAC-0001", "ON_SCENE", note="Officer on scene.")

    with urlopen(f"{department.url}/open311/v2/requests.json?service_request_id=RAC-0001,RAC-9", timeout=5) as answer:
        rows = json.loads(answer.read())

    assert [(row["service_request_id"], row["status"], row["detailed_status"], row["status_notes"])
            for row in rows] == [("RAC-0001", "open", "ON_SCENE", "Officer on scene.")]


def test_its_status_words_are_its_own(department: FakeDepartment) -> None:
    deliver(department, "key-1")
    with pytest.raises(ValueError, match="not one of our statuses"):
        department.move("RAC-0001", "in_progress")
    department.advance_all()
    assert department.orders["RAC-0001"].status == "DISPATCHED"
