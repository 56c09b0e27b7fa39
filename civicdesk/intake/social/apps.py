from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "civicdesk.intake.social"
    label = "social"
    verbose_name = "Social media channel"
    default_auto_field = "django.db.models.BigAutoField"
