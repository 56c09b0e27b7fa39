from django.contrib import admin

from civicdesk.catalog.models import Article, QuestionValue, ServiceQuestion, ServiceType


class ServiceQuestionInline(admin.StackedInline):
    model = ServiceQuestion
    extra = 0
    show_change_link = True


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ("service_code", "name", "group", "kind", "default_department", "sla_amount", "sla_unit",
                    "is_emergency", "is_active")
    list_filter = ("group", "kind", "is_emergency", "is_active", "default_department")
    search_fields = ("service_code", "name", "name_es", "keywords")
    inlines = [ServiceQuestionInline]


class QuestionValueInline(admin.TabularInline):
    model = QuestionValue
    extra = 0


@admin.register(ServiceQuestion)
class ServiceQuestionAdmin(admin.ModelAdmin):
    list_display = ("service", "code", "datatype", "required", "order")
    list_filter = ("datatype", "required")
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
