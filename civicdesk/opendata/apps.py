from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "civicdesk.opendata"
    verbose_name = "Open data import and export"
