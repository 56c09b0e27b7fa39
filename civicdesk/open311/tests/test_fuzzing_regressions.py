"""Bugs schemathesis found (test_schemathesis.py), each pinned by the smallest request that showed it."""

import pytest
from django.test import Client

from civicdesk.conftest import City
from civicdesk.open311.tests.factories import APIClientFactory

KEY = "fuzzing-regressions-key"


def test_a_retried_post_in_the_other_format_is_answered_in_the_format_asked(client: Client, city: City) -> None:
    # Found as: POST requests.xml with an Idempotency-Key first used on requests.json answered JSON.
    APIClientFactory.create(key=KEY)
    report = {"api_key": KEY, "service_code": "missed-trash", "address_id": "A1"}
    first = client.post("/open311/v2/requests.json", report, headers={"Idempotency-Key": "k-1"})
    retried = client.post("/open311/v2/requests.xml", report, headers={"Idempotency-Key": "k-1"})

    assert first["Content-Type"] == "application/json; charset=utf-8"
    assert retried.status_code == 200
    assert retried["Content-Type"] == "text/xml; charset=utf-8"
    assert retried.content.startswith(b'<?xml version="1.0" encoding="utf-8"?><service_requests>')


@pytest.mark.parametrize("name", ["start_date", "end_date", "updated_after", "updated_before"])
@pytest.mark.parametrize("value", [
    "1078-05-14T14:37:47.783+22:49",  # an offset Python takes and PostgreSQL refuses (found on PostgreSQL)
    "0001-01-01T00:00:00+05:00",  # the first day there is: the 90-day window before it cannot be computed
    "9999-12-31T23:59:59-05:00",  # the last day there is: nor the window after it
])
def test_far_off_dates_and_offsets_are_searched_not_crashed_on(client: Client, city: City, name: str,
                                                                value: str) -> None:
    for endpoint in ("requests", "servicerequestupdates"):
        answer = client.get(f"/open311/v2/{endpoint}.json", {name: value})

        assert answer.status_code == 200, answer.content
        assert answer.json() == []
