from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "civicdesk.catalog"
    verbose_name = "Service catalog"

    def ready(self) -> None:
        from civicdesk.catalog import signals  # noqa: F401  (connects the receivers)
