"""Cached service definitions and names (services.cached_service, services.catalog_names) are dropped when the
catalog or a department changes."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from civicdesk.catalog.models import QuestionValue, ServiceQuestion, ServiceType
from civicdesk.catalog.services import forget_definitions
from civicdesk.departments.models import Department


@receiver([post_save, post_delete], sender=ServiceType)
@receiver([post_save, post_delete], sender=ServiceQuestion)
@receiver([post_save, post_delete], sender=QuestionValue)
@receiver([post_save, post_delete], sender=Department)
def catalog_changed(sender: type, **kwargs: Any) -> None:
    # Now, and again once the change commits: a read in between could cache the old rows.
    forget_definitions()
    transaction.on_commit(forget_definitions)
