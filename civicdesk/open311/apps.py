from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "civicdesk.open311"
    verbose_name = "Open311 API"

    def ready(self) -> None:
        from civicdesk.open311 import signals  # noqa: F401  (connects the receivers)
