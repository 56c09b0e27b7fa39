"""Who may open the staff chat page: call-takers, supervisors and administrators; nobody else."""

import pytest
from django.test import Client

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CALL_TAKER, Role.SUPERVISOR, Role.ADMINISTRATOR])
def test_call_takers_supervisors_and_administrators_open_the_chat_page(role: str) -> None:
    staff = StaffFactory.create(username=f"staff-{role}", role=role)

    response = signed_in(staff).get("/staff/chats/")

    assert response.status_code == 200
    assert b'data-chat-socket="/ws/staff/chats/"' in response.content
    assert b'href="/staff/chats/" aria-current="page">Chats</a>' in response.content


def test_department_staff_are_refused_and_see_no_chat_link(department_worker: User) -> None:
    client = signed_in(department_worker)

    response = client.get("/staff/chats/")

    assert response.status_code == 403
    assert "Only call-takers and supervisors answer chats." in response.content.decode()
    assert b"/staff/chats/" not in client.get("/staff/calls/").content


def test_a_resident_is_refused(db: None) -> None:
    rosa = StaffFactory.create(username="resident-rosa", role="resident")

    response = signed_in(rosa).get("/staff/chats/")

    assert response.status_code == 403


def test_signed_out_visitors_go_to_the_sign_in_page(client: Client) -> None:
    response = client.get("/staff/chats/")

    assert (response.status_code, response["Location"]) == (302, "/staff/login/?next=%2Fstaff%2Fchats%2F")


def test_the_portal_shows_the_chat_widget_in_both_languages(city: City) -> None:
    english = Client().get("/").content.decode()
    spanish = Client(headers={"accept-language": "es"}).get("/").content.decode()

    assert 'aria-controls="cd-chat-panel">Chat with 311</button>' in english
    assert 'aria-controls="cd-chat-panel">Chatee con el 311</button>' in spanish
    assert 'data-language="es"' in spanish
