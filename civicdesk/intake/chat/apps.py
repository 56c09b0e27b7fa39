from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "civicdesk.intake.chat"
    label = "chat"
    verbose_name = "Web chat"
