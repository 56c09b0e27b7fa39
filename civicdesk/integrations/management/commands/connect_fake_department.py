"""Connect a department of the demo city to the fake department system in tools/ (for watching the loop)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from civicdesk.departments.models import Department
from civicdesk.integrations.models import Integration


class Command(BaseCommand):
    help = "Create (or update) the demo integration with tools/fake_department.py and print how to run it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--department", default="animals", help="the department's code (default: animals)")
        parser.add_argument("--url", default="http://127.0.0.1:8765", help="where the fake department listens")

    def handle(self, *args: Any, **options: Any) -> None:
        from tools.fake_department import NAME, STATUS_MAPPING  # a demo helper beside the project, not part of it

        department = Department.objects.filter(code=options["department"]).first()
        if department is None:
            raise CommandError(f"There is no department '{options['department']}'. Run setup_demo_city first.")
        integration = (Integration.objects.filter(slug="riverton-animal-control").first()
                       or Integration(slug="riverton-animal-control"))
        integration.name, integration.department, integration.adapter, integration.enabled = (
            NAME, department, "webhook", True)
        integration.settings = {"url": options["url"].rstrip("/") + "/webhook"}
        integration.status_mapping = STATUS_MAPPING
        integration.full_clean()
        integration.save()
        updates_url = settings.SITE_URL.rstrip("/") + reverse("integrations:updates", args=[integration.slug])
        port = options["url"].rstrip("/").rpartition(":")[2]
        self.stdout.write(f"{department.name} requests now go to {NAME}. Start it with:\n"
                          f"  .venv/bin/python tools/fake_department.py --port {port} --secret {integration.secret} "
                          f"--updates-url {updates_url} --advance-every 20")
