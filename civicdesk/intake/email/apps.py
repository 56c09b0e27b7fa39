from django.apps import AppConfig


class EmailChannelConfig(AppConfig):
    """The email channel: its own app only so it can listen for django-anymail's inbound signal."""

    name = "civicdesk.intake.email"
    label = "intake_email"
    verbose_name = "Resident channels (email)"

    def ready(self) -> None:
        from anymail.signals import inbound

        from civicdesk.intake.email.webhooks import file_inbound_webhook

        inbound.connect(file_inbound_webhook, dispatch_uid="civicdesk.intake.email")
