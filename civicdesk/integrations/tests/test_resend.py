"""Staff see the deliveries on the request page and re-send them; nobody else can."""

from typing import Any

import pytest
from django.test import Client

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.console.tests.conftest import signed_in
from civicdesk.departments.models import Department
from civicdesk.integrations.choices import DeliveryReason, DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.service_requests.choices import EventKind
from civicdesk.service_requests.models import ServiceRequest
from tools.fake_department import FakeDepartment

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(animal_care: Department) -> User:
    """Owen works in Animal Care."""
    owen = StaffFactory.create(username="owen", first_name="Owen", role=Role.DEPARTMENT_STAFF)
    owen.departments.add(animal_care)
    return owen


@pytest.fixture
def dead_delivery(report_dog: Any, animal_control: Integration) -> Delivery:
    request: ServiceRequest = report_dog()
    Delivery.objects.filter(request=request).update(state=DeliveryState.DEAD, attempts=8,
                                                    last_error="http://rac/webhook answered 503: down")
    return Delivery.objects.get(request=request)


def test_the_request_page_shows_the_failed_delivery_and_a_resend_button(
    officer: User, dead_delivery: Delivery
) -> None:
    page = signed_in(officer).get(f"/staff/requests/{dead_delivery.request.public_id}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="deliveries" data-state="dead"' in html
    assert "Not delivered: pass it on by hand or re-send it." in html
    assert "answered 503: down" in html
    assert "Re-send to Riverton Animal Control" in html


def test_a_request_without_department_system_says_so(officer: User, report_dog: Any) -> None:
    request = report_dog()

    page = signed_in(officer).get(f"/staff/requests/{request.public_id}/")

    assert 'data-state="none"' in page.content.decode()
    assert "No department system is connected for this request" in page.content.decode()


def test_the_department_worker_resends_and_it_arrives_with_the_same_key(
    officer: User, dead_delivery: Delivery, fake_department: FakeDepartment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(officer).post(f"/integrations/deliveries/{dead_delivery.pk}/resend")

    assert response.status_code == 302
    assert response["Location"] == f"/staff/requests/{dead_delivery.request.public_id}/"
    dead_delivery.refresh_from_db()
    assert (dead_delivery.state, dead_delivery.attempts, dead_delivery.external_id) == (
        DeliveryState.SENT, 1, "RAC-0001")
    assert fake_department.calls[0]["idempotency_key"] == dead_delivery.idempotency_key
    note = dead_delivery.request.events.get(kind=EventKind.NOTE)
    assert (note.note, note.actor_user, note.is_public) == ("Re-sent to Riverton Animal Control.", officer, False)


def test_resending_a_sent_delivery_sends_a_second_copy_with_a_new_key(
    officer: User, dead_delivery: Delivery
) -> None:
    Delivery.objects.filter(pk=dead_delivery.pk).update(state=DeliveryState.SENT)

    signed_in(officer).post(f"/integrations/deliveries/{dead_delivery.pk}/resend")

    copy = Delivery.objects.exclude(pk=dead_delivery.pk).get()
    assert (copy.reason, copy.state) == (DeliveryReason.RESENT, DeliveryState.PENDING)
    assert copy.idempotency_key != dead_delivery.idempotency_key


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMINISTRATOR])
def test_supervisors_and_administrators_may_resend(role: str, dead_delivery: Delivery) -> None:
    boss = StaffFactory.create(username=f"boss-{role}", role=role)

    response = signed_in(boss).post(f"/integrations/deliveries/{dead_delivery.pk}/resend")

    assert response.status_code == 302
    dead_delivery.refresh_from_db()
    assert dead_delivery.state == DeliveryState.PENDING


def test_others_get_a_403_and_nothing_changes(
    dead_delivery: Delivery, call_taker: User, department_worker: User, outsider: User
) -> None:
    for user in (call_taker, department_worker, outsider):
        response = signed_in(user).post(f"/integrations/deliveries/{dead_delivery.pk}/resend")
        assert response.status_code == 403, user
        assert "department staff, supervisors and administrators can re-send" in response.content.decode()
    dead_delivery.refresh_from_db()
    assert dead_delivery.state == DeliveryState.DEAD
    assert not dead_delivery.request.events.filter(kind=EventKind.NOTE).exists()
    # The call-taker sees the request and its deliveries, without the button.
    page = signed_in(call_taker).get(f"/staff/requests/{dead_delivery.request.public_id}/")
    assert "Riverton Animal Control" in page.content.decode()
    assert "Re-send to" not in page.content.decode()


def test_signed_out_visitors_are_sent_to_the_sign_in_page(dead_delivery: Delivery) -> None:
    response = Client().post(f"/integrations/deliveries/{dead_delivery.pk}/resend")

    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_a_turned_off_system_is_not_resent(officer: User, dead_delivery: Delivery) -> None:
    Integration.objects.update(enabled=False)

    response = signed_in(officer).post(f"/integrations/deliveries/{dead_delivery.pk}/resend", follow=True)

    assert "is turned off" in response.content.decode()
    dead_delivery.refresh_from_db()
    assert dead_delivery.state == DeliveryState.DEAD
