"""Answering a caller's question from the knowledge base, and counting it as an information-only contact."""

import pytest
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.catalog.models import Article
from civicdesk.catalog.tests.factories import small_knowledge_base
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.contacts.models import Contact
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(city: City) -> dict[str, Article]:
    return small_knowledge_base(city.pothole, city.missed_trash)


def test_knowledge_base_results_show_the_article_text_to_read_out(
    call_taker: User, articles: dict[str, Article],
) -> None:
    response = signed_in(call_taker).get(reverse("console:call"), {"q": "pick up my old couch"})

    assert response.status_code == 200
    assert [article.slug for article in response.context["knowledge"].articles][0] == "bulk-trash-pickup"
    page = response.content.decode()
    assert "Bulk trash pickup: what we take and when" in page
    assert "<h4>What we take</h4>" in page and "<li>Mattresses, wrapped in plastic</li>" in page
    assert "Answered with this article" in page


def test_the_search_answers_in_the_callers_language(call_taker: User, articles: dict[str, Article]) -> None:
    client = signed_in(call_taker)
    client.post(reverse("console:call_start"), {"channel": "phone", "language": "es", "change": "1"})

    response = client.get(reverse("console:call"), {"q": "colchón"})

    assert "Recolección de basura voluminosa" in response.content.decode()


def test_an_emergency_question_gets_the_911_message_and_no_answers(
    call_taker: User, articles: dict[str, Article],
) -> None:
    response = signed_in(call_taker).get(reverse("console:call"), {"q": "I smell a gas leak"})

    assert 'data-testid="kb-emergency">' in response.content.decode()
    assert "911" in response.context["knowledge"].results.emergency
    assert response.context["knowledge"].articles == []


def test_answering_with_an_article_records_an_information_only_contact(
    call_taker: User, articles: dict[str, Article],
) -> None:
    client = signed_in(call_taker)
    started = client.get(reverse("console:call")).context["call"].started_at

    response = client.post(reverse("console:call_answered"), {
        "article": "bulk-trash-pickup", "question": "pick up my old couch", "caller": "3125550100"})

    contact = Contact.objects.get()
    assert (contact.outcome, contact.article, contact.request, contact.taken_by) == (
        "answered", articles["bulk-trash-pickup"], None, call_taker)
    assert (contact.channel, contact.summary, contact.language, contact.started_at) == (
        "phone", "pick up my old couch", "en", started)
    assert not ServiceRequest.objects.exists()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Question answered with “Bulk trash pickup: what we take and when”" in page
    assert "answered 1" in page


def test_the_contacts_of_one_call_share_its_start_and_a_new_call_starts_again(
    call_taker: User, articles: dict[str, Article],
) -> None:
    client = signed_in(call_taker)
    client.post(reverse("console:call_answered"), {"article": "bulk-trash-pickup", "question": "couch"})
    client.post(reverse("console:call_answered"), {"article": "recycling-rules", "question": "glass"})
    client.post(reverse("console:call_start"), {"channel": "walk_in", "language": "en", "new": "1"})
    client.post(reverse("console:call_answered"), {"article": "heat-season", "question": "no heat"})

    first, second, third = Contact.objects.order_by("pk")
    assert first.started_at == second.started_at < third.started_at
    assert (first.channel, third.channel) == ("phone", "walk_in")


@pytest.mark.parametrize("slug", ["no-such-article", "draft-article", ""])
def test_an_unknown_or_unpublished_article_is_refused_and_nothing_recorded(
    call_taker: User, articles: dict[str, Article], slug: str,
) -> None:
    Article.objects.filter(slug="heat-season").update(slug="draft-article", is_published=False)

    response = signed_in(call_taker).post(reverse("console:call_answered"), {"article": slug, "question": "x"})

    assert response.status_code == 400
    assert not Contact.objects.exists()
