from typing import Any

from django.core.management.base import BaseCommand

from civicdesk.portal.frontend import PACKAGE_DIR, TRIMMED_CSS, build_frontend


class Command(BaseCommand):
    help = (
        "Build the front-end assets that are not committed: a USWDS stylesheet trimmed to the classes the "
        "project uses (civicdesk/static/build/uswds.css) and the app icons. Run again after adding USWDS classes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = build_frontend()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{TRIMMED_CSS.relative_to(PACKAGE_DIR.parent)}: {report.trimmed_bytes // 1024} KB "
                f"(USWDS ships {report.source_bytes // 1024} KB); {len(report.icons)} icons"
            )
