import pytest

from civicdesk.catalog.models import ServiceType
from civicdesk.open311.models import RequestToken
from civicdesk.open311.tests.driver import Open311
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def file_batch(api: Open311, fmt: str) -> str:
    answer = api.post("requests", fmt, {"service_code": "tree-trim", "description": "Branches over the sidewalk"})
    assert answer.status == 200, answer.text
    [filed] = answer.data
    assert "service_request_id" not in filed
    token: str = filed["token"]
    return token


def test_a_batch_token_gives_the_request_id(api: Open311, tree_trimming: ServiceType, fmt: str) -> None:
    token = file_batch(api, fmt)

    answer = api.get(f"tokens/{token}", fmt)

    assert answer.status == 200
    assert answer.data == [{"service_request_id": ServiceRequest.objects.get().public_id, "token": token}]
    public_id = answer.data[0]["service_request_id"]
    assert api.get(f"requests/{public_id}", fmt).data[0]["service_code"] == "tree-trim"


def test_token_xml_is_service_requests_of_request(api: Open311, tree_trimming: ServiceType) -> None:
    token = file_batch(api, "xml")

    root = api.get(f"tokens/{token}", "xml").root

    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert [child.tag for child in request] == ["service_request_id", "token"]


def test_tokens_are_unique_per_request(api: Open311, tree_trimming: ServiceType) -> None:
    first, second = file_batch(api, "json"), file_batch(api, "json")

    assert first != second
    assert api.get(f"tokens/{first}", "json").data != api.get(f"tokens/{second}", "json").data


def test_a_token_not_yet_turned_into_a_request_has_a_null_id(api: Open311, fmt: str) -> None:
    RequestToken.objects.create(token="pending-token", request=None)

    [answer] = api.get("tokens/pending-token", fmt).data

    assert answer["service_request_id"] is None
    assert answer["token"] == "pending-token"


def test_unknown_token_is_404(api: Open311, fmt: str) -> None:
    assert api.get("tokens/no-such-token", fmt).error(404) == "There is no token 'no-such-token'."


def test_tokens_are_read_only(api: Open311, tree_trimming: ServiceType, fmt: str) -> None:
    token = file_batch(api, fmt)

    answer = api.post(f"tokens/{token}", fmt, {})

    answer.error(405)
    assert answer.response["Allow"] == "GET, HEAD"
