from django.contrib import admin

from civicdesk.catalog.models import Article, QuestionValue, ServiceQuestion, ServiceType


class ServiceQuestionInline(admin.StackedInline):
    model = ServiceQuestion
    extra = 0
    show_change_link = True  # a list question's allowed answers are edited on the question's own page
    fields = (("code", "datatype", "order"), ("prompt", "prompt_es"), "datatype_description", ("required", "variable"))


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ("service_code", "name", "group", "kind", "default_department", "sla_amount", "sla_unit",
                    "is_emergency", "is_active")
    list_filter = ("group", "kind", "is_emergency", "is_active", "default_department")
    search_fields = ("service_code", "name", "name_es", "keywords")
    list_select_related = ("default_department",)
    autocomplete_fields = ("default_department",)
    inlines = [ServiceQuestionInline]
    fieldsets = (
        (None, {"fields": ("service_code", "group", "kind", "keywords", "is_active", "location_required")}),
        ("English", {"fields": ("name", "description")}),
        ("Spanish", {"fields": ("name_es", "description_es")}),
        ("Routing and SLA", {"fields": ("default_department", "default_priority", ("sla_amount", "sla_unit"))}),
        ("Emergency", {"fields": ("is_emergency", "emergency_message"),
                       "description": "Emergency service types are never filed: residents are told to call 911."}),
        ("Duplicates", {"fields": ("duplicate_radius_m", "duplicate_window_days")}),
    )


class QuestionValueInline(admin.TabularInline):
    model = QuestionValue
    extra = 0


@admin.register(ServiceQuestion)
class ServiceQuestionAdmin(admin.ModelAdmin):
    list_display = ("service", "code", "prompt", "datatype", "required", "order")
    list_filter = ("datatype", "required", "service")
    search_fields = ("code", "prompt", "prompt_es", "service__name", "service__service_code")
    list_select_related = ("service",)
    inlines = [QuestionValueInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "group", "is_published", "updated_at")
    list_filter = ("is_published", "group", "services")
    search_fields = ("slug", "title", "title_es", "summary", "keywords", "keywords_es")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("services",)
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("slug", "group", "services", "is_published", "updated_at")}),
        ("English", {"fields": ("title", "summary", "body", "keywords")}),
        ("Spanish", {"fields": ("title_es", "summary_es", "body_es", "keywords_es")}),
    )
