"""Every model in the Django admin opens for an administrator (signed in with the two-factor code): list,
search, add and change pages."""

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.conftest import City

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def admin_client_of_city(city: City) -> Client:
    superuser = User.objects.create_superuser("cityadmin", "admin@example.org", "a-long-passphrase")
    return verified_client(superuser)


def test_the_city_configuration_is_in_the_admin() -> None:
    labels = {model._meta.label for model in REGISTERED}
    assert {"catalog.ServiceType", "departments.Department", "routing.District", "routing.RoutingRule",
            "accounts.User", "open311.APIClient"} <= labels


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_list_search_add_and_change_pages_open(admin_client_of_city: Client, model: type[Model]) -> None:
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_of_city.get(changelist).status_code == 200
    assert admin_client_of_city.get(changelist, {"q": "pothole"}).status_code == 200
    model_admin = admin.site._registry[model]
    as_admin = RequestFactory().get("/admin/")
    as_admin.user = User.objects.get(username="cityadmin")
    if model_admin.has_add_permission(as_admin):
        assert admin_client_of_city.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    first = model._default_manager.first()
    if first is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert admin_client_of_city.get(change).status_code == 200

