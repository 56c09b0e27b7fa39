from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from civicdesk.portal.translations import PACKAGE_DIR, compile_catalogs, untranslated_messages


class Command(BaseCommand):
    help = (
        "Merge the Spanish .po fragments under every civicdesk/**/locale-src/<lang>/ into that folder's "
        "locale/<lang>/LC_MESSAGES/django.mo (pure Python; GNU gettext is not needed). "
        "--missing prints every marked string that still lacks a translation, as .po entries to fill in."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--missing", action="store_true", help="Also list untranslated strings as .po entries.")

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        for catalog in compile_catalogs(languages=languages):
            where = catalog.target.relative_to(PACKAGE_DIR.parent)
            if options["verbosity"] > 0:
                self.stdout.write(f"{where}: {catalog.entries} messages from {len(catalog.fragments)} fragment(s)")
            for conflict in catalog.conflicts:
                self.stderr.write(f"{where}: conflicting translations for {conflict}")
        if options["missing"]:
            for language in languages:
                missing = untranslated_messages(language=language)
                self.stdout.write(f"# {len(missing)} string(s) without a '{language}' translation")
                for message in missing:
                    self.stdout.write(message.as_po())
