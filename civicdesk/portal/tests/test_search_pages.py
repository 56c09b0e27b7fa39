"""The front door and the help pages, JavaScript off: one box, answers on /search/, a fragment for the
live search, "call 911" for emergencies, and the knowledge base under /help/."""

import pytest
from django.test import Client

from civicdesk.accounts.models import User
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.catalog.models import Article
from civicdesk.catalog.tests.factories import ArticleFactory, small_knowledge_base
from civicdesk.conftest import City

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(city: City) -> dict[str, Article]:
    return small_knowledge_base(city.pothole, city.missed_trash)


def test_home_has_the_box_and_the_services_by_group(client: Client, articles: dict[str, Article]) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'for="help-query">What do you need help with?</label>' in page.text
    assert 'action="/search/"' in page.text and 'aria-live="polite"' in page.text
    assert '<a class="usa-link" href="/report/?service=pothole">Pothole</a>' in page.text
    assert "Gas leak <strong>(call 911)</strong>" in page.text and "?service=gas-leak" not in page.text


def test_searching_with_javascript_off_shows_articles_and_services(
    client: Client, articles: dict[str, Article]
) -> None:
    page = client.get("/search/", {"q": "bulk trash pickup"})
    assert page.status_code == 200
    assert "<html" in page.text and 'value="bulk trash pickup"' in page.text
    assert "Answers for “bulk trash pickup”" in page.text
    assert 'href="/help/bulk-trash-pickup/">Bulk trash pickup: what we take and when</a>' in page.text
    assert '<a class="usa-link" href="/report/?service=missed-trash">Missed trash pickup</a>' in page.text
    assert page.text.index("/help/bulk-trash-pickup/") < page.text.index("/report/?service=missed-trash")
    assert 'data-status="2 answers found."' in page.text


def test_the_live_search_gets_only_the_answers(client: Client, articles: dict[str, Article]) -> None:
    fragment = client.get("/search/", {"q": "recyling", "partial": "1"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert "/help/recycling-rules/" in fragment.text
    nothing = client.get("/search/", {"q": "xylophone", "partial": "1"})
    assert "We found nothing for “xylophone”" in nothing.text and 'data-status="No answers found."' in nothing.text
    assert client.get("/search/", {"q": "<script>alert(1)</script>"}).text.count("<script>alert(1)") == 0


def test_an_emergency_shows_call_911_and_no_form(client: Client, articles: dict[str, Article]) -> None:
    for query in ("gas", "I smell gas"):
        page = client.get("/search/", {"q": query})
        assert 'class="usa-alert usa-alert--emergency' in page.text and 'role="alert"' in page.text
        assert "<h2 class=\"usa-alert__heading\">Call 911</h2>" in page.text and 'href="tel:911"' in page.text
        assert "/report/" not in page.text.split('id="help-results"')[1].split("</main>")[0]
    spanish = client.get("/search/", {"q": "fuga de gas", "partial": "1"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Llame al 911" in spanish.text and "llame al 911 ahora" in spanish.text


def test_spanish_pages_show_spanish_articles_and_fall_back_to_english(
    client: Client, articles: dict[str, Article]
) -> None:
    page = client.get("/help/bulk-trash-pickup/", HTTP_ACCEPT_LANGUAGE="es")
    assert "<h1>Recolección de basura voluminosa: qué llevamos y cuándo</h1>" in page.text
    assert "<h2>Qué recogemos</h2>" in page.text and "<li>Colchones envueltos</li>" in page.text
    untranslated = client.get("/help/pothole-repairs/", HTTP_ACCEPT_LANGUAGE="es")
    assert "<h1>How potholes are prioritized and repaired</h1>" in untranslated.text
    assert '<a class="usa-link" href="/report/?service=pothole">Bache</a>' in untranslated.text


def test_an_article_page(client: Client, city: City, articles: dict[str, Article]) -> None:
    article = articles["bulk-trash-pickup"]
    article.body = "Call <b>311</b>.\n- <script>x</script>"
    article.services.add(city.gas_leak)
    article.save()
    page = client.get("/help/bulk-trash-pickup/")
    assert page.status_code == 200
    assert "<title>Bulk trash pickup: what we take and when · City of Riverton 311</title>" in page.text
    assert "<p>Call &lt;b&gt;311&lt;/b&gt;.</p>" in page.text and "<li>&lt;script&gt;x&lt;/script&gt;</li>" in page.text
    assert '<a class="usa-link" href="/report/?service=missed-trash">Missed trash pickup</a>' in page.text
    assert "Gas leak: <strong>call 911</strong>" in page.text and "?service=gas-leak" not in page.text


def test_unknown_and_unpublished_articles_are_not_found_in_plain_words(
    client: Client, articles: dict[str, Article]
) -> None:
    for slug in ("no-such-page", "snow-plowing"):
        page = client.get(f"/help/{slug}/")
        assert page.status_code == 404
        assert "We could not find that help page" in page.text and 'href="/help/"' in page.text


def test_the_help_index_lists_filters_and_searches(client: Client, articles: dict[str, Article]) -> None:
    page = client.get("/help/")
    assert page.status_code == 200
    assert page.text.count('class="usa-collection__item"') == 4 and "Snow plowing" not in page.text
    assert page.text.index("<h2>Housing</h2>") < page.text.index("<h2>Sanitation</h2>") < page.text.index(
        "<h2>Streets</h2>")
    assert '<option value="missed-trash">Missed trash pickup</option>' in page.text
    about_trash = client.get("/help/", {"service": "missed-trash"})
    assert about_trash.text.count('class="usa-collection__item"') == 2 and "heat-season" not in about_trash.text
    assert '<option value="missed-trash" selected>' in about_trash.text
    searched = client.get("/help/", {"q": "pothole"})
    assert "/help/pothole-repairs/" in searched.text and "/report/?service=pothole" not in searched.text
    assert "No help topics are about this service yet" in client.get("/help/", {"service": "nothing"}).text


def test_admins_edit_articles_in_the_admin(client: Client, articles: dict[str, Article]) -> None:
    verified_client(User.objects.create_superuser("kbadmin", "kb@example.org", "a-long-passphrase"), client)
    article = articles["heat-season"]
    page = client.get(f"/admin/catalog/article/{article.pk}/change/")
    assert page.status_code == 200
    assert "Heat and hot water: what landlords must provide" in page.text and "Title (Spanish):" in page.text
    listing = client.get("/admin/catalog/article/", {"q": "radiador"})
    assert listing.status_code == 200 and "Heat and hot water" in listing.text
    ArticleFactory.create(slug="new-one")
    assert client.get("/admin/catalog/article/add/").status_code == 200
