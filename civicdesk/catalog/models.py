from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from civicdesk.catalog.choices import Datatype, Priority, ServiceKind, SlaUnit


class ServiceType(models.Model):
    """One entry of the service catalog (an Open311 "service")."""

    service_code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    name_es = models.CharField("name (Spanish)", max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_es = models.TextField("description (Spanish)", blank=True)
    group = models.CharField(max_length=100, help_text="Catalog group, e.g. Streets, Sanitation.")
    keywords = models.CharField(max_length=500, blank=True, help_text="Comma-separated search words.")
    kind = models.CharField("type", max_length=16, choices=ServiceKind.choices, default=ServiceKind.REALTIME)
    default_department = models.ForeignKey(
        "departments.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Where requests go when no routing rule matches.",
    )
    sla_amount = models.PositiveIntegerField("SLA target", null=True, blank=True, validators=[MinValueValidator(1)])
    sla_unit = models.CharField("SLA unit", max_length=16, choices=SlaUnit.choices, default=SlaUnit.BUSINESS_DAYS)
    default_priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    is_emergency = models.BooleanField(
        default=False, help_text="Residents are told to call 911 instead of filing a request."
    )
    emergency_message = models.CharField(max_length=300, blank=True)
    duplicate_radius_m = models.PositiveIntegerField(
        "duplicate radius (m)", default=settings.DUPLICATE_RADIUS_METERS, validators=[MinValueValidator(1)]
    )
    duplicate_window_days = models.PositiveIntegerField(
        default=settings.DUPLICATE_WINDOW_DAYS, validators=[MinValueValidator(1)]
    )
    location_required = models.BooleanField(default=True, help_text="Most problems need a place to send a crew.")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str) -> str:
        return self.name_es if language.startswith("es") and self.name_es else self.name

    def localized_description(self, language: str) -> str:
        return self.description_es if language.startswith("es") and self.description_es else self.description

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ServiceQuestion(models.Model):
    """A category-specific question (an Open311 attribute) asked when filing a request."""

    service = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=64)
    datatype = models.CharField(max_length=16, choices=Datatype.choices, default=Datatype.STRING)
    prompt = models.CharField(max_length=300, help_text="The question as residents read it.")
    prompt_es = models.CharField("prompt (Spanish)", max_length=300, blank=True)
    datatype_description = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    variable = models.BooleanField(
        default=True, help_text="False for an information-only line that takes no answer (Open311)."
    )
    order = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["service", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="unique_question_code")]

    def __str__(self) -> str:
        return f"{self.service.service_code}.{self.code}"

    def localized_prompt(self, language: str) -> str:
        return self.prompt_es if language.startswith("es") and self.prompt_es else self.prompt

    @property
    def is_list(self) -> bool:
        return self.datatype in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST)


class QuestionValue(models.Model):
    """An allowed answer of a list question."""

    question = models.ForeignKey(ServiceQuestion, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    name_es = models.CharField("name (Spanish)", max_length=200, blank=True)
    order = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["question", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="unique_question_value")]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str) -> str:
        return self.name_es if language.startswith("es") and self.name_es else self.name


class Article(models.Model):
    """A knowledge-base answer in plain language ("Bulk trash pickup: what we take and when").

    Every channel finds articles through `catalog.knowledge.search_help`. The body is plain text:
    paragraphs separated by a blank line, lines starting with "- " make a list, "## " a heading.
    """

    slug = models.SlugField(max_length=100, unique=True)
    group = models.CharField(max_length=100, blank=True, help_text="Catalog group, e.g. Sanitation.")
    title = models.CharField(max_length=200)
    title_es = models.CharField("title (Spanish)", max_length=200, blank=True)
    summary = models.CharField(max_length=400, help_text="One or two sentences shown in search results.")
    summary_es = models.CharField("summary (Spanish)", max_length=400, blank=True)
    body = models.TextField(help_text='Paragraphs separated by a blank line; "- " starts a list item, "## " a heading.')
    body_es = models.TextField("body (Spanish)", blank=True)
    keywords = models.CharField(max_length=500, blank=True, help_text="Comma-separated search words.")
    keywords_es = models.CharField(
        "keywords (Spanish)", max_length=500, blank=True, help_text="Comma-separated search words in Spanish."
    )
    services = models.ManyToManyField(
        ServiceType, blank=True, related_name="articles", verbose_name="related service types"
    )
    is_published = models.BooleanField("published", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "title"]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str) -> str:
        return self.title_es if language.startswith("es") and self.title_es else self.title

    def localized_summary(self, language: str) -> str:
        return self.summary_es if language.startswith("es") and self.summary_es else self.summary

    def localized_body(self, language: str) -> str:
        return self.body_es if language.startswith("es") and self.body_es else self.body
