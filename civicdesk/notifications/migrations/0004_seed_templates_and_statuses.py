"""Seed the editable message templates with the built-in wording, mark the default notify-worthy
statuses, and give messages recorded before kinds existed the kind their event implies."""

from django.db import migrations

from civicdesk.notifications.default_templates import DEFAULT_TEMPLATES

NOTIFY_BY_DEFAULT = {"acknowledged": True, "assigned": False, "in_progress": False, "scheduled": True,
                     "referred": True, "resolved": True}


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    NotifiedStatus = apps.get_model("notifications", "NotifiedStatus")
    for (kind, medium, language), (subject, body) in DEFAULT_TEMPLATES.items():
        MessageTemplate.objects.get_or_create(kind=kind, medium=medium, language=language,
                                              defaults={"subject": subject, "body": body})
    for status, notify in NOTIFY_BY_DEFAULT.items():
        NotifiedStatus.objects.get_or_create(status=status, defaults={"notify": notify})


def kind_of_old_messages(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.select_related("event"):
        event = notification.event
        kind = {"created": "received", "reopened": "reopened", "note": "update"}.get(event.kind, "status")
        if event.kind == "status_changed" and event.to_status == "closed":
            kind = "closed"
        if kind != notification.kind:
            notification.kind = kind
            notification.save(update_fields=["kind"])


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_delivery_templates_optouts'),
        ('service_requests', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(kind_of_old_messages, migrations.RunPython.noop),
    ]
