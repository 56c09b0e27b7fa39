"""No reporter contact detail ever appears in any GET answer, in either format, with or without extensions."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.open311.tests.driver import FORMATS, Open311, pothole_report
from civicdesk.open311.tests.factories import tiny_png
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.lifecycle import acknowledge_request
from civicdesk.service_requests.models import ReporterContact, ServiceRequest

pytestmark = pytest.mark.django_db
CONTACT = {
    "first_name": "Zebulon",
    "last_name": "Quillfeather",
    "email": "zq.private@example.org",
    "phone": "+1 (312) 555-0199",
    "device_id": "device-7f3a9c",
    "account_id": "acct-88213",
}
SECRETS = [*CONTACT.values(), "555-0199", "5550199", "zq.private"]


@pytest.fixture
def filed_with_contact(api: Open311, city: City, tree_trimming: ServiceType, media_root: Path) -> dict[str, str]:
    """Reports with full contact details, in both formats, with a photo named after the reporter, and an update."""
    names = {}
    for fmt in FORMATS:
        photo = SimpleUploadedFile(f"{CONTACT['email']}.png", tiny_png(), content_type="image/png")
        names[f"pothole-{fmt}"] = api.file(fmt, pothole_report(**CONTACT), files={"media": photo})
        answer = api.post("requests", fmt, {"service_code": "tree-trim", **CONTACT})
        names[f"token-{fmt}"] = answer.data[0]["token"]
    hole = ServiceRequest.objects.get(public_id=names["pothole-json"])
    acknowledge_request(hole, actor=Actor.system("Test"), channel=Channel.PHONE, note="On the list.")
    update = {"service_request_id": hole.public_id, "description": "Still there", **CONTACT}
    assert api.post("servicerequestupdates", "json", update).status == 200
    assert ReporterContact.objects.filter(**CONTACT).count() == 4  # they were kept, for staff
    return names


def every_get(api: Open311, names: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    ids = [value for key, value in names.items() if key.startswith("pothole")]
    batch_ids = ServiceRequest.objects.filter(service__service_code="tree-trim").values_list("public_id", flat=True)
    reads: list[tuple[str, dict[str, str]]] = [
        ("discovery", {}), ("services", {}), ("services/pothole", {}), ("services/tree-trim", {}),
        ("requests", {}), ("requests", {"service_request_id": ",".join([*ids, *batch_ids])}),
        ("requests", {"q": "Zebulon"}), ("servicerequestupdates", {}), ("servicerequestupdates", {"api_key": api.key}),
    ]
    reads += [(f"requests/{public_id}", {}) for public_id in [*ids, *batch_ids]]
    reads += [(f"tokens/{names[f'token-{fmt}']}", {}) for fmt in FORMATS]
    return reads


@pytest.mark.parametrize("extensions", ["", "true"])
def test_no_get_answer_holds_a_contact_detail(
    api: Open311, filed_with_contact: dict[str, str], fmt: str, extensions: str
) -> None:
    for name, params in every_get(api, filed_with_contact):
        answer = api.get(name, fmt, {**params, "extensions": extensions})
        assert answer.status == 200, (name, answer.text)
        text = answer.text.lower()
        leaked = [secret for secret in SECRETS if secret.lower() in text]
        assert not leaked, f"{name} {params} shows {leaked}"


def test_reads_do_show_the_reports(api: Open311, filed_with_contact: dict[str, str], fmt: str) -> None:
    """The check above is only worth something if the answers hold the requests themselves."""
    answer = api.get("requests", fmt, {"extensions": "true"})

    assert {r["service_request_id"] for r in answer.data} >= {filed_with_contact[f"pothole-{f}"] for f in FORMATS}
    assert any(r["media_url"] for r in answer.data)
    assert "Still there" in api.get("servicerequestupdates", fmt).text


def test_jsonp_holds_no_contact_detail(api: Open311, filed_with_contact: dict[str, str]) -> None:
    answer = api.get("requests", "json", {"extensions": "true", "callback": "show"})

    assert answer.status == 200
    assert not [secret for secret in SECRETS if secret.lower() in answer.text.lower()]
