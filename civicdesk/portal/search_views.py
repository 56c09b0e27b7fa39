"""The resident's front door: the "What do you need help with?" box, its answers and the help pages.

Thin: every answer comes from `catalog.knowledge` (the search all channels share); these views only
read the query, pick the language and render.
"""

from dataclasses import dataclass
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from civicdesk.catalog.knowledge import (
    BodyBlock,
    body_blocks,
    published_article,
    published_articles,
    search_help,
    services_with_articles,
)
from civicdesk.catalog.models import Article, ServiceType

MAX_QUERY = 200


@dataclass(frozen=True)
class ArticleLink:
    slug: str
    title: str
    summary: str
    group: str


@dataclass(frozen=True)
class ServiceLink:
    code: str
    name: str
    is_emergency: bool


def _language() -> str:
    return get_language() or "en"


def _query(request: HttpRequest) -> str:
    """What was typed, cut to a sane length; a trailing space is kept (it means the last word is finished)."""
    return request.GET.get("q", "")[:MAX_QUERY]


def _service_links(services: list[ServiceType], language: str) -> list[ServiceLink]:
    return [ServiceLink(service.service_code, service.localized_name(language), service.is_emergency)
            for service in services]


def _article_link(article: Article, language: str) -> ArticleLink:
    return ArticleLink(article.slug, article.localized_title(language), article.localized_summary(language),
                       article.group)


def home(request: HttpRequest) -> HttpResponse:
    language = _language()
    services = ServiceType.objects.filter(is_active=True).order_by("group", "name")
    groups = [
        (group, _service_links(list(items), language))
        for group, items in groupby(services, key=lambda service: service.group)
    ]
    return render(request, "portal/home.html", {"groups": groups})


def search(request: HttpRequest) -> HttpResponse:
    """Answers for ?q=: the whole page, or with ?partial=1 only the answers (fetched as the resident types)."""
    query = _query(request)
    results = search_help(query, _language()) if query.strip() else None
    template = "portal/_search_results.html" if request.GET.get("partial") else "portal/search.html"
    return render(request, template, {"query": query.strip(), "results": results})


def help_index(request: HttpRequest) -> HttpResponse:
    """Every published article by group; ?q= searches them, ?service= keeps those about one service."""
    language = _language()
    query, service_code = _query(request).strip(), request.GET.get("service", "").strip()
    results = search_help(query, language, limit=50, kinds=("article",)) if query else None
    articles = sorted((_article_link(article, language) for article in published_articles(service_code)),
                      key=lambda link: (link.group, link.title.casefold()))
    return render(request, "portal/help_index.html", {
        "query": query, "results": results, "service_code": service_code,
        "services": _service_links(services_with_articles(), language),
        "groups": [(group, list(items)) for group, items in groupby(articles, key=lambda link: link.group)],
    })


def help_article(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language()
    article = published_article(slug)
    if article is None:
        return render(request, "portal/help_article.html", {"article": None}, status=404)
    blocks: list[BodyBlock] = body_blocks(article.localized_body(language))
    related = [service for service in article.services.all() if service.is_active]
    return render(request, "portal/help_article.html", {
        "article": _article_link(article, language), "blocks": blocks, "updated_at": article.updated_at,
        "services": _service_links(related, language),
    })
