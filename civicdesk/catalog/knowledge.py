"""The knowledge base and the one search every channel shares: "What do you need help with?".

`search_help(query, language)` ranks published articles and active service types together, in the
resident's language, ignoring accents and case and forgiving typos (rapidfuzz). A query that
describes an emergency (a keyword such as "gas leak", or words that match an emergency service type)
gets the "call 911" message and no answers: nothing to file, nothing to read first.

The search runs in memory over an index of the whole catalog (a few hundred rows), rebuilt when an
article or a service type changes: one small query per search compares counts, highest ids and
latest `updated_at`, so every process and every test sees fresh answers without a shared cache
(a bulk `QuerySet.update()` of texts skips `updated_at`: call `forget_help_index()` after one).
"""

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import translation
from rapidfuzz import process
from rapidfuzz.distance import OSA

from civicdesk.catalog.models import Article, ServiceType
from civicdesk.catalog.services import emergency_in_text

AnswerKind = Literal["article", "service"]
LANGUAGES = ("en", "es")
DEFAULT_LIMIT = 8
# How much a word found in each part counts: a title match says more than a match deep in a summary.
TITLE_WEIGHT, KEYWORD_WEIGHT, SUMMARY_WEIGHT = 3.0, 2.5, 1.0
PHRASE_BONUS = 2.0  # the whole query appears as written in a title or keyword
PREFIX_MATCH = 0.9  # "potho" while typing "pothole"
STEM_MATCH = 0.9  # "recycle" for "recycling", "baches" for "bache"
OTHER_PARTS = 0.2  # a word also found in the other parts of an entry adds this share of those matches
TITLE_COVERAGE = 1.0  # bonus when the query covers the whole title ("Graffiti removal" for "graffiti removal")
FUZZY_DISCOUNT = 0.85  # a typo counts a bit less than the right word
KEEP_FRACTION = 0.3  # answers scoring under this share of the best one are noise
MIN_SCORE = 0.8  # below this, a lone typo in a summary: not an answer
STOP_WORDS = frozenset(
    "a an and are at be can do does for from get how i in is it its me my of on or our the there this to "
    "what when where which who why will with you your "
    "al como con cual cuando de del donde el en es esta hay la las lo los me mi mis o para por que quien "
    "se su sus un una y yo".split()
)


@dataclass(frozen=True)
class HelpAnswer:
    """One ranked answer: a knowledge-base article (key = slug) or a service type (key = service code)."""

    kind: AnswerKind
    key: str
    title: str
    summary: str
    group: str
    score: float


@dataclass(frozen=True)
class HelpResults:
    """What a channel shows for a query. When `emergency` is set, `answers` is empty: call 911."""

    query: str
    language: str
    answers: list[HelpAnswer] = field(default_factory=list)
    emergency: str | None = None

    @property
    def articles(self) -> list[HelpAnswer]:
        return [answer for answer in self.answers if answer.kind == "article"]

    @property
    def services(self) -> list[HelpAnswer]:
        return [answer for answer in self.answers if answer.kind == "service"]


def normalize(text: str) -> str:
    """Lower case, accents dropped, punctuation turned into spaces: "¿Dónde   está?" -> "donde esta"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def query_words(query: str) -> list[str]:
    """The words of a query that carry meaning (stop words dropped, each word once)."""
    return list(dict.fromkeys(word for word in normalize(query).split() if word not in STOP_WORDS))


@dataclass(frozen=True)
class _Entry:
    """One article or service type as the search sees it in one language."""

    kind: AnswerKind
    key: str
    title: str
    summary: str
    group: str
    is_emergency: bool
    emergency_message: str
    fields: tuple[tuple[float, frozenset[str]], ...]  # (weight, words) per searchable part, title first
    title_words: frozenset[str]  # the title's words that carry meaning
    phrases: tuple[str, ...]  # normalized title and keyword phrases, for the whole-query bonus


def _entry(
    kind: AnswerKind, key: str, title: str, summary: str, group: str, keywords: Iterable[str],
    *, is_emergency: bool = False, emergency_message: str = "",
) -> _Entry:
    keyword_phrases = tuple(normalize(phrase) for phrase in keywords if phrase.strip())
    title_words = frozenset(normalize(title).split())
    return _Entry(
        kind=kind, key=key, title=title, summary=summary, group=group, is_emergency=is_emergency,
        emergency_message=emergency_message, title_words=title_words - STOP_WORDS,
        fields=(
            (TITLE_WEIGHT, title_words),
            (KEYWORD_WEIGHT, frozenset(word for phrase in keyword_phrases for word in phrase.split())),
            (SUMMARY_WEIGHT, frozenset(normalize(summary).split())),
        ),
        phrases=(normalize(title), *keyword_phrases),
    )


def _split_keywords(*values: str) -> list[str]:
    return [word.strip() for value in values for word in value.split(",") if word.strip()]


def _article_entry(article: Article, language: str) -> _Entry:
    return _entry(
        "article", article.slug, article.localized_title(language), article.localized_summary(language),
        article.group, _split_keywords(article.keywords, article.keywords_es),
    )


def _service_entry(service: ServiceType, language: str) -> _Entry:
    return _entry(
        "service", service.service_code, service.localized_name(language), service.localized_description(language),
        service.group, service.keyword_list(), is_emergency=service.is_emergency,
        emergency_message=service.emergency_message,
    )


@dataclass(frozen=True)
class _Index:
    version: tuple[object, ...]
    entries: dict[str, list[_Entry]]  # by language
    vocabulary: list[str]  # every word of every entry, for rapidfuzz
    words: frozenset[str]  # the same, for exact look-ups
    stems: dict[str, tuple[str, ...]]  # the words sharing each root


def _catalog_version() -> tuple[object, ...]:
    """Changes whenever an article or a service type is added, saved, deleted, published or hidden."""
    articles = Article.objects.aggregate(
        count=Count("id"), shown=Count("id", filter=Q(is_published=True)), last_id=Max("id"),
        changed=Max("updated_at"),
    )
    services = ServiceType.objects.aggregate(
        count=Count("id"), shown=Count("id", filter=Q(is_active=True)), last_id=Max("id"), changed=Max("updated_at"),
    )
    return (*articles.values(), *services.values())


def _build_index(version: tuple[object, ...]) -> _Index:
    articles = list(Article.objects.filter(is_published=True))
    services = list(ServiceType.objects.filter(is_active=True))
    entries = {
        language: [_article_entry(article, language) for article in articles]
        + [_service_entry(service, language) for service in services]
        for language in LANGUAGES
    }
    words = frozenset(word for items in entries.values() for entry in items for _, fields in entry.fields
                      for word in fields)
    stems: dict[str, list[str]] = {}
    for word in sorted(words):
        stems.setdefault(stem(word), []).append(word)
    return _Index(version, entries, sorted(words), words, {root: tuple(group) for root, group in stems.items()})


_index_lock = threading.Lock()
_index: _Index | None = None


def help_index() -> _Index:
    """The in-memory search index, rebuilt when the catalog changed since it was built."""
    global _index
    version = _catalog_version()
    with _index_lock:
        if _index is None or _index.version != version:
            _index = _build_index(version)
        return _index


def forget_help_index() -> None:
    """Drop the in-memory index; the next search rebuilds it."""
    global _index
    with _index_lock:
        _index = None


def _allowed_typos(word: str) -> int:
    """Edits forgiven in a word: none in short words, one from 4 letters, two from 8."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def stem(word: str) -> str:
    """A crude common root for English and Spanish plurals and verb forms: "recycling", "recycle" -> "recycl"."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _word_matches(word: str, index: _Index, *, complete: bool) -> dict[str, float]:
    """How well indexed words match one query word: 1 exact, less for the same root, a prefix
    (only while the word is still being typed, `complete` False) or a typo."""
    matches: dict[str, float] = {}
    if typos := _allowed_typos(word):
        for candidate, distance, _ in process.extract(
            word, index.vocabulary, scorer=OSA.distance, score_cutoff=typos, limit=None
        ):
            matches[candidate] = FUZZY_DISCOUNT * (1 - distance / max(len(word), len(candidate)))
    for candidate in index.stems.get(stem(word), ()):
        matches[candidate] = STEM_MATCH
    if not complete and len(word) >= 3:
        for candidate in index.vocabulary:
            if candidate.startswith(word):
                matches[candidate] = max(matches.get(candidate, 0.0), PREFIX_MATCH)
    if word in index.words:
        matches[word] = 1.0
    return matches


def _score(
    entry: _Entry, words: list[str], matches: dict[str, dict[str, float]], phrase: str
) -> tuple[float, list[float]]:
    """The entry's score for the query words, and how well each word matched (0 when not found).

    Each word counts by its best weighted match, plus a little for matches in the other parts; the
    sum is multiplied by the share of words found, so an entry matching every word beats one matching
    a single word well. Titles mostly made of the query's words, and the whole query found as
    written, earn a bonus.
    """
    total = 0.0
    word_matches: list[float] = []
    title_hits: set[str] = set()
    for word in words:
        found = matches[word]
        parts = [
            (weight, max((found[hit] for hit in entry_words & found.keys()), default=0.0))
            for weight, entry_words in entry.fields
        ]
        best_weighted, best_match = max((weight * match, match) for weight, match in parts)
        total += best_weighted + OTHER_PARTS * (sum(weight * match for weight, match in parts) - best_weighted)
        word_matches.append(best_match)
        title_hits |= entry.title_words & found.keys()
    score = total * sum(1 for match in word_matches if match) / len(words)
    if entry.title_words:
        score += TITLE_COVERAGE * len(title_hits & entry.title_words) / len(entry.title_words)
    if len(words) > 1 and any(phrase in entry_phrase for entry_phrase in entry.phrases):
        score += PHRASE_BONUS
    return score, word_matches


def _language(language: str) -> str:
    return "es" if language.lower().startswith("es") else "en"


def _emergency_message(message: str, language: str) -> str:
    """The configured message, in the resident's language when the catalogs know it."""
    with translation.override(language):
        return translation.gettext(message)


def search_help(
    query: str, language: str = "en", limit: int = DEFAULT_LIMIT, kinds: tuple[AnswerKind, ...] = ("article", "service")
) -> HelpResults:
    """Rank published articles and active service types for what a resident typed, best first.

    Matches titles (service names), keywords and summaries (service descriptions) in `language`
    ("es..." is Spanish, anything else English; empty Spanish text falls back to English),
    ignoring case and accents, accepting prefixes ("potho") and typos ("recyling"). Emergency
    service types are never answers: when the query names one (every word matches it and nothing
    else scores higher), or contains an emergency keyword (settings.EMERGENCY_KEYWORDS), `emergency` holds the message
    and there are no answers. `kinds` narrows the answers to articles or to service types.
    """
    language = _language(language)
    stripped = query.strip()
    if emergency_in_text(stripped):
        return HelpResults(stripped, language, emergency=_emergency_message(settings.EMERGENCY_MESSAGE, language))
    words = query_words(stripped)
    if not words or limit < 1:
        return HelpResults(stripped, language)
    index = help_index()
    typing = "" if query[-1:].isspace() else normalize(query).rsplit(" ", 1)[-1]  # the word not finished yet
    matches = {word: _word_matches(word, index, complete=word != typing) for word in words}
    phrase = " ".join(normalize(stripped).split())
    scored = [(*_score(entry, words, matches, phrase), entry) for entry in index.entries[language]]
    emergency = _emergency_entry(scored)
    if emergency is not None:
        message = emergency.emergency_message or settings.EMERGENCY_MESSAGE
        return HelpResults(stripped, language, emergency=_emergency_message(message, language))
    answers = [
        (score, entry) for score, _, entry in scored if score > 0 and not entry.is_emergency and entry.kind in kinds
    ]
    if not answers:
        return HelpResults(stripped, language)
    floor = max(MIN_SCORE, KEEP_FRACTION * max(score for score, _ in answers))
    ranked = sorted(
        (item for item in answers if item[0] >= floor),
        key=lambda item: (-item[0], item[1].kind != "article", item[1].title),
    )
    return HelpResults(stripped, language, [
        HelpAnswer(entry.kind, entry.key, entry.title, entry.summary, entry.group, round(score, 3))
        for score, entry in ranked[:limit]
    ])


def _emergency_entry(scored: list[tuple[float, list[float], _Entry]]) -> _Entry | None:
    """The emergency service type the query names: it matches every word, one of them exactly, and
    beats every other answer ("gas" or "gas leek"; not "gas bill", nor "smell", which odors match as well)."""
    best = max((score for score, _, entry in scored if not entry.is_emergency), default=0.0)
    for score, word_matches, entry in scored:
        if entry.is_emergency and all(word_matches) and 1.0 in word_matches and score > best:
            return entry
    return None


@dataclass(frozen=True)
class BodyBlock:
    """A piece of an article body: a paragraph, a heading or a list (rendered by each channel)."""

    kind: Literal["paragraph", "heading", "list"]
    text: str = ""
    items: tuple[str, ...] = ()


def body_blocks(body: str) -> list[BodyBlock]:
    """Split a plain-text body into paragraphs, "## " headings and "- " lists (no HTML is trusted).

    Lines of a paragraph are joined; a blank line ends a paragraph or a list; an indented line
    continues the list item above it.
    """
    blocks: list[BodyBlock] = []
    paragraph: list[str] = []
    items: list[str] = []

    def finish() -> None:
        if paragraph:
            blocks.append(BodyBlock("paragraph", " ".join(paragraph)))
        if items:
            blocks.append(BodyBlock("list", items=tuple(items)))
        paragraph.clear()
        items.clear()

    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("- "):
            if paragraph:
                finish()
            items.append(line[2:].strip())
        elif items and line and raw[:1].isspace():
            items[-1] = f"{items[-1]} {line}"
        else:
            if items or not line or line.startswith("## "):
                finish()
            if line.startswith("## "):
                blocks.append(BodyBlock("heading", line[3:].strip()))
            elif line:
                paragraph.append(line)
    finish()
    return blocks


def published_article(slug: str) -> Article | None:
    """The published article with this slug (its related services prefetched), or None."""
    return Article.objects.filter(slug=slug, is_published=True).prefetch_related("services").first()


def published_articles(service_code: str = "") -> list[Article]:
    """Published articles in group and title order; only those related to a service when one is given."""
    articles = Article.objects.filter(is_published=True)
    if service_code:
        articles = articles.filter(services__service_code=service_code)
    return list(articles.distinct())


def services_with_articles() -> list[ServiceType]:
    """Active service types that published articles are about, for "help about this service" filters."""
    return list(ServiceType.objects.filter(is_active=True, articles__is_published=True).distinct())
