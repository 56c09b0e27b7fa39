"""Message templates: seeded from the built-in wording, edited by administrators in the Django admin
(unknown placeholders refused with a clear error, a preview of the saved words), used for the next message,
in the resident's language, with the built-in words when a row is missing."""

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.conftest import City
from civicdesk.notifications.choices import Medium, MessageKind
from civicdesk.notifications.default_templates import DEFAULT_TEMPLATES
from civicdesk.notifications.models import MessageTemplate
from civicdesk.notifications.tests.conftest import report
from civicdesk.notifications.wording import fill, placeholder_problems
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact

ROSA = Contact(first_name="Rosa", email="rosa@example.org")


@pytest.fixture
def avery(db: None) -> Client:
    """Avery, the city's administrator, in the Django admin."""
    return verified_client(User.objects.create_superuser("avery", "avery@city.example", "a-long-passphrase"))


def add_form(**fields: str) -> dict[str, str]:
    return {"kind": MessageKind.RECEIVED, "medium": Medium.EMAIL, "language": "en", "subject": "Got it",
            "body": "Thanks", **fields}


@pytest.mark.django_db
def test_the_migration_seeds_every_default_and_each_passes_validation() -> None:
    migration = importlib.import_module("civicdesk.notifications.migrations.0004_seed_templates_and_statuses")
    MessageTemplate.objects.all().delete()

    migration.seed(apps, None)

    assert MessageTemplate.objects.count() == len(DEFAULT_TEMPLATES) == len(MessageKind) * 2 * 2
    for template in MessageTemplate.objects.all():
        template.full_clean()
        assert (template.subject, template.body) == DEFAULT_TEMPLATES[template.kind, template.medium,
                                                                      template.language]


@pytest.mark.django_db
def test_an_unknown_placeholder_is_refused_with_the_list_of_known_ones(avery: Client) -> None:
    MessageTemplate.objects.all().delete()
    response = avery.post(reverse("admin:notifications_messagetemplate_add"),
                          add_form(body="Your number is {requst_number}."))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["body"][0].startswith("Unknown placeholder {requst_number}. You can use: {request_number}, ")
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"body": "Track it: {track_url"}, "body", "A brace is not closed: write placeholders as {request_number}."),
    ({"medium": Medium.SMS, "subject": "Hello"}, "subject", "Text messages have no subject: leave it empty."),
    ({"subject": ""}, "subject", "An email needs a subject."),
])
def test_other_template_mistakes_get_clear_form_errors(avery: Client, fields: dict[str, str], field: str,
                                                       message: str) -> None:
    MessageTemplate.objects.all().delete()
    response = avery.post(reverse("admin:notifications_messagetemplate_add"), add_form(**fields))

    assert response.context["adminform"].form.errors[field] == [message]
    assert not MessageTemplate.objects.exists()


@pytest.mark.django_db
def test_the_change_page_previews_the_saved_words_with_a_sample_request(avery: Client) -> None:
    template, _ = MessageTemplate.objects.update_or_create(
        kind=MessageKind.CLOSED, medium=Medium.EMAIL, language="en",
        defaults={"subject": "Closed: {request_number}", "body": "{resolution_words}\nLocation: {address}\n"})

    page = avery.get(reverse("admin:notifications_messagetemplate_change", args=[template.pk])).content.decode()

    assert "<strong>Closed: RIV-24-000123</strong>" in page
    assert "The problem was fixed.\nLocation: 120 N Main St" in page
    assert "<code>{survey_url}</code>" in page  # the list of placeholders


@pytest.mark.django_db(transaction=True)
def test_the_next_message_uses_the_edited_words(city: City) -> None:
    MessageTemplate.objects.update_or_create(
        kind=MessageKind.RECEIVED, medium=Medium.EMAIL, language="en",
        defaults={"subject": "Thanks! {request_number}", "body": "{city}: we have {request_number}.\n"})

    request = report(ROSA, Channel.WEB)

    [message] = mail.outbox
    assert (message.subject, message.body) == (f"Thanks! {request.public_id}",
                                               f"City of Riverton: we have {request.public_id}.\n")


@pytest.mark.django_db(transaction=True)
def test_a_spanish_resident_gets_spanish_words_and_english_is_the_fallback(city: City) -> None:
    MessageTemplate.objects.all().delete()  # the built-in words, in both languages
    spanish = report(Contact(email="lucia@example.org"), Channel.WEB, language="es")
    report(Contact(email="pat@example.org"), Channel.WEB, language="fr")

    to_lucia, to_pat = mail.outbox
    assert to_lucia.subject == f"Recibimos su solicitud {spanish.public_id}"
    assert "Gracias. Su solicitud tiene el número de seguimiento" in str(to_lucia.body)
    assert "Servicio: Bache" in str(to_lucia.body)
    assert "Para dejar de recibir novedades sobre esta solicitud" in str(to_lucia.body)
    assert to_pat.subject.startswith("We received your request")


def test_a_line_whose_placeholders_are_all_empty_is_left_out() -> None:
    template = "Hello\n\nLocation: {address}\nExpected by: {expected_by}\n\n\nTrack: {track_url} {note}\n"
    assert fill(template, {"expected_by": "Friday", "track_url": "https://t"}) == (
        "Hello\n\nExpected by: Friday\n\nTrack: https://t\n")
    assert fill("{request_number}", {"request_number": "R-1"}) == "R-1"


@pytest.mark.parametrize("text", [value for pair in DEFAULT_TEMPLATES.values() for value in pair])
def test_the_built_in_words_use_only_known_placeholders(text: Any) -> None:
    assert placeholder_problems(text) == []
