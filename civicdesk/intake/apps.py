from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "civicdesk.intake"
    verbose_name = "Resident channels (text, phone)"
