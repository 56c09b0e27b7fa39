"""Residents sign in with a one-time email link (no password) and see the requests they reported or follow."""

import re
import time
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.residents import RESIDENT_ROLE, make_sign_in_token
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.conftest import WEST_POINT, City
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import follow_request
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+(/account/sign-in/[^\s/]+/)")


@pytest.fixture(autouse=True)
def fresh_limits() -> Iterator[None]:
    cache.clear()  # the sending limits live in the cache
    yield
    cache.clear()


def link_sent_to(client: Client, email: str) -> str:
    mail.outbox.clear()
    page = client.post("/account/sign-in/", {"email": email})
    assert page.status_code == 200, page.text
    [message] = mail.outbox
    assert message.to == [email.strip().lower()]
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def filed(contact: Contact, description: str = "Hole by the school") -> ServiceRequest:
    submission = Submission(service_code="pothole", channel=Channel.WEB, description=description,
                            lat=WEST_POINT[0], lon=WEST_POINT[1], answers={"size": "small"}, contact=contact)
    return file_request(submission, actor=Actor.resident()).request


def test_the_link_signs_in_once_and_shows_reported_and_followed_requests(
    client: Client, city: City, resident: Contact
) -> None:
    mine = filed(resident)
    someone_elses = filed(Contact(email="ann@example.org"), "Another hole")
    follow_request(someone_elses, actor=Actor.resident(), channel=Channel.WEB, email="ROSA@example.org")
    not_mine = filed(Contact(email="bob@example.org"), "Third hole")

    link = link_sent_to(client, " Rosa@Example.org ")
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "Sign in as rosa@example.org?" in confirm.text
    assert client.get("/account/requests/")["Location"] == "/account/sign-in/"  # a GET does not sign in

    signed_in = client.post(link)
    assert signed_in["Location"] == "/account/requests/"
    page = client.get("/account/requests/")
    assert page.status_code == 200
    reported, followed = page.text.split("Requests you follow")
    assert mine.public_id in reported and someone_elses.public_id not in reported
    assert someone_elses.public_id in followed
    assert not_mine.public_id not in page.text
    user = User.objects.get(email="rosa@example.org")
    assert (user.role, user.is_staff, user.has_usable_password()) == (RESIDENT_ROLE, False, False)

    again = Client().post(link)
    assert again.status_code == 400
    assert "This sign-in link was already used. Ask for a new one." in again.text


def test_a_later_link_works_for_a_returning_resident(client: Client, city: City) -> None:
    client.post(link_sent_to(client, "rosa@example.org"))
    client.post("/account/sign-out/")
    second = link_sent_to(client, "rosa@example.org")

    assert client.post(second)["Location"] == "/account/requests/"
    assert User.objects.filter(email="rosa@example.org").count() == 1


def test_an_expired_link_says_so(client: Client, city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    now = time.time()
    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda: now - 31 * 60)
        token = make_sign_in_token("rosa@example.org")

    page = client.post(f"/account/sign-in/{token}/")

    assert page.status_code == 400
    assert "This sign-in link has expired: links work for 30 minutes. Ask for a new one." in page.text
    assert not User.objects.filter(email="rosa@example.org").exists()


def test_an_altered_link_is_refused(client: Client, city: City) -> None:
    token = make_sign_in_token("rosa@example.org")
    page = client.get(f"/account/sign-in/{token[:-3]}abc/")
    assert page.status_code == 400
    assert "This sign-in link is not valid" in page.text


def test_a_staff_address_gets_a_separate_resident_account_never_the_staff_one(client: Client, city: City) -> None:
    staff = StaffFactory.create(username="carla", email="carla@city.example", role=Role.SUPERVISOR, is_staff=True)

    client.post(link_sent_to(client, "carla@city.example"))

    resident = User.objects.get(email="carla@city.example", role=RESIDENT_ROLE)
    assert resident.pk != staff.pk and resident.is_staff is False
    assert int(client.session["_auth_user_id"]) == resident.pk
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_sending_is_limited_per_address(client: Client, city: City) -> None:
    for _ in range(3):
        assert client.post("/account/sign-in/", {"email": "rosa@example.org"}).status_code == 200
    refused = client.post("/account/sign-in/", {"email": "ROSA@example.org"})
    assert refused.status_code == 429
    assert "Too many sign-in links were asked for. Wait 15 minutes and try again." in refused.text
    assert len(mail.outbox) == 3


def test_sending_is_limited_per_network_address(client: Client, city: City) -> None:
    for n in range(10):
        assert client.post("/account/sign-in/", {"email": f"person{n}@example.org"}).status_code == 200
    assert client.post("/account/sign-in/", {"email": "one-more@example.org"}).status_code == 429
    other_network = Client(REMOTE_ADDR="10.1.2.3")
    assert other_network.post("/account/sign-in/", {"email": "one-more@example.org"}).status_code == 200


def test_a_bad_address_gets_a_clear_message(client: Client, city: City) -> None:
    page = client.post("/account/sign-in/", {"email": "rosa at example"})
    assert page.status_code == 400
    assert "Enter an email address like name@example.org." in page.text
    assert mail.outbox == []


def test_my_requests_needs_a_signed_in_resident(client: Client, city: City) -> None:
    staff = StaffFactory.create(username="dave")
    client.force_login(staff)
    assert client.get("/account/requests/")["Location"] == "/account/sign-in/"


def test_sign_out_needs_a_post_and_signs_out(client: Client, city: City) -> None:
    client.post(link_sent_to(client, "rosa@example.org"))
    assert client.get("/account/sign-out/").status_code == 405
    page = client.post("/account/sign-out/")
    assert "You are signed out" in page.text
    assert client.get("/account/requests/").status_code == 302
