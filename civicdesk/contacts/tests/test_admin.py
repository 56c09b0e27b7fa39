"""Contacts in the Django admin (signed in with two factors): listed, searched by what was asked or by
tracking number, and opened."""

import pytest
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.catalog.tests.factories import ArticleFactory
from civicdesk.conftest import City
from civicdesk.contacts.models import Outcome
from civicdesk.contacts.tests.factories import ContactFactory
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def test_contacts_are_listed_searched_and_opened(city: City, call_taker: User) -> None:
    answered = ContactFactory.create(taken_by=call_taker, summary="Old couch pickup",
                                     article=ArticleFactory.create(slug="bulk-trash", title="Bulk trash pickup"))
    request = ServiceRequestFactory.create(service=city.pothole)
    ContactFactory.create(outcome=Outcome.REQUEST_FILED, request=request, service=city.pothole, summary="Hole")
    client = verified_client(User.objects.create_superuser("cityadmin", "admin@example.org", "a-long-passphrase"))
    changelist = reverse("admin:contacts_contact_changelist")

    by_words = client.get(changelist, {"q": "couch"})
    by_number = client.get(changelist, {"q": request.public_id})
    opened = client.get(reverse("admin:contacts_contact_change", args=[answered.pk]))

    assert list(by_words.context["cl"].result_list) == [answered]
    assert [contact.request for contact in by_number.context["cl"].result_list] == [request]
    assert opened.status_code == 200 and "Old couch pickup" in opened.content.decode()
