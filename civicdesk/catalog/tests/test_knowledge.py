"""The shared help search: articles and service types ranked together, in English and Spanish, forgiving
typos and accents, and answering "call 911" instead of anything else when the query is an emergency."""

import pytest
from django.test import override_settings

from civicdesk.catalog.knowledge import (
    BodyBlock,
    body_blocks,
    normalize,
    published_articles,
    search_help,
    services_with_articles,
)
from civicdesk.catalog.models import Article, ServiceType
from civicdesk.catalog.tests.factories import ArticleFactory, ServiceTypeFactory, small_knowledge_base
from civicdesk.conftest import City

pytestmark = pytest.mark.django_db
DEFAULT_EMERGENCY = "This sounds like an emergency. Hang up or close this page and call 911 now."


@pytest.fixture
def articles(city: City) -> dict[str, Article]:
    return small_knowledge_base(city.pothole, city.missed_trash)


def keys(query: str, language: str = "en", **options: object) -> list[tuple[str, str]]:
    return [(answer.kind, answer.key) for answer in search_help(query, language, **options).answers]  # type: ignore[arg-type]


def test_articles_and_service_types_come_back_together_best_first(articles: dict[str, Article]) -> None:
    assert keys("bulk trash pickup") == [("article", "bulk-trash-pickup"), ("service", "missed-trash")]
    assert keys("pothole") == [("service", "pothole"), ("article", "pothole-repairs")]
    results = search_help("couch", "en")
    assert results.emergency is None
    assert [(answer.title, answer.summary, answer.group) for answer in results.answers] == [
        ("Bulk trash pickup: what we take and when", "Furniture and mattresses are picked up free, by appointment.",
         "Sanitation"),
    ]


def test_typos_plurals_and_half_typed_words_still_find_the_answer(articles: dict[str, Article]) -> None:
    assert keys("recyling")[0] == ("article", "recycling-rules")  # a letter missing
    assert keys("pohtole")[0] == ("service", "pothole")  # two letters swapped
    assert keys("mattresses")[0] == ("article", "bulk-trash-pickup")  # plural
    assert keys("recycle")[0] == ("article", "recycling-rules")  # another form of the word
    assert keys("potho")[0] == ("service", "pothole")  # still typing
    assert keys("potho ") == []  # a finished word is not a prefix any more
    assert keys("xylophone") == []


def test_case_and_accents_do_not_matter(articles: dict[str, Article]) -> None:
    assert keys("CALEFACCIÓN", "es") == keys("calefaccion", "es") == [("article", "heat-season")]
    assert normalize("¿Dónde   está el  SOFÁ?") == "donde esta el sofa"


def test_spanish_answers_in_spanish_and_falls_back_to_english(articles: dict[str, Article]) -> None:
    results = search_help("muebles", "es-mx")
    assert results.language == "es"
    assert [answer.title for answer in results.answers] == ["Recolección de basura voluminosa: qué llevamos y cuándo"]
    assert [answer.summary for answer in results.answers] == ["Recogemos gratis muebles y colchones con cita previa."]
    assert [answer.title for answer in search_help("bache", "es").answers] == ["Bache"]  # the service's Spanish name
    assert "How potholes are prioritized and repaired" in [a.title for a in search_help("pothole", "es").answers]


def test_an_emergency_service_type_or_keyword_answers_call_911_and_nothing_else(
    city: City, articles: dict[str, Article]
) -> None:
    for query in ("gas", "Gas leek", "I smell gas in the kitchen", "my neighbor's house fire"):
        results = search_help(query, "en")
        assert results.emergency == DEFAULT_EMERGENCY, query
        assert results.answers == []
    city.gas_leak.emergency_message = "Leave now and call 911 from outside."
    city.gas_leak.save()
    assert search_help("gas", "en").emergency == "Leave now and call 911 from outside."
    assert search_help("gas bill", "en").emergency is None  # "bill" is not about the gas leak
    assert search_help("smell gas", "es").emergency == (
        "Esto parece una emergencia. Cuelgue o cierre esta página y llame al 911 ahora."
    )


def test_emergency_service_types_are_never_offered_as_a_form(city: City, articles: dict[str, Article]) -> None:
    ServiceTypeFactory.create(service_code="gas-smell-outside", name="Gas odor outdoors", keywords="gas,odor")
    results = search_help("gas odor", "en")
    assert results.emergency is None
    assert [answer.key for answer in results.answers] == ["gas-smell-outside"]


def test_unpublished_articles_and_inactive_services_are_hidden(city: City, articles: dict[str, Article]) -> None:
    assert keys("snow plowing") == []
    ServiceType.objects.filter(pk=city.pothole.pk).update(is_active=False)  # as the admin's bulk actions do
    assert ("service", "pothole") not in keys("pothole")
    articles["snow-plowing"].is_published = True
    articles["snow-plowing"].save()
    assert keys("snow plowing") == [("article", "snow-plowing")]


def test_edits_show_up_in_the_next_search(articles: dict[str, Article]) -> None:
    assert keys("boiler") == [("article", "heat-season")]
    heat = articles["heat-season"]
    heat.keywords = "heat,thermostat"
    heat.save()
    assert keys("boiler") == []
    assert keys("thermostat") == [("article", "heat-season")]
    heat.delete()
    assert keys("thermostat") == []


def test_limit_and_kinds(articles: dict[str, Article]) -> None:
    for number in range(12):
        ArticleFactory.create(slug=f"parking-{number}", title=f"Parking question {number}", keywords="parking")
    assert len(search_help("parking", "en").answers) == 8
    assert len(search_help("parking", "en", limit=3).answers) == 3
    assert search_help("parking", "en", limit=0).answers == []
    assert keys("pothole", kinds=("article",)) == [("article", "pothole-repairs")]
    assert keys("pothole", kinds=("service",)) == [("service", "pothole")]
    assert search_help("   ", "en").answers == [] and search_help("the of and", "en").answers == []


@override_settings(EMERGENCY_KEYWORDS=["sinkhole"])
def test_emergency_keywords_come_from_settings(articles: dict[str, Article]) -> None:
    assert search_help("a sinkhole on Main St", "en").emergency == DEFAULT_EMERGENCY
    assert search_help("gas leak", "en").emergency == DEFAULT_EMERGENCY  # still the gas leak service type


def test_bodies_become_paragraphs_headings_and_lists_without_trusting_html() -> None:
    body = (
        "Pickup is <b>free</b>.\nCall 311.\n\n## What we take\n- Sofas\n- Mattresses,\n  wrapped in plastic\nEnds here."
    )
    assert body_blocks(body) == [
        BodyBlock("paragraph", "Pickup is <b>free</b>. Call 311."),
        BodyBlock("heading", "What we take"),
        BodyBlock("list", items=("Sofas", "Mattresses, wrapped in plastic")),
        BodyBlock("paragraph", "Ends here."),
    ]


def test_articles_about_a_service(city: City, articles: dict[str, Article]) -> None:
    assert [article.slug for article in published_articles("missed-trash")] == ["bulk-trash-pickup", "recycling-rules"]
    assert len(published_articles()) == 4
    assert [service.service_code for service in services_with_articles()] == ["missed-trash", "pothole"]
