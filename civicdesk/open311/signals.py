"""A changed, re-keyed or deleted API client leaves the key cache (APIClient.for_key) at once (other processes'
own copies within KEY_HOLD_SECONDS), and again when the change commits: a request between the two could otherwise
put the old row back for a minute."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from civicdesk.open311.models import APIClient


def _forget(key_hash: str) -> None:
    APIClient.forget_key(key_hash)
    transaction.on_commit(lambda: APIClient.forget_key(key_hash))


@receiver(pre_save, sender=APIClient)
def forget_the_old_key(sender: type, instance: APIClient, **kwargs: Any) -> None:
    if instance.pk:
        old = APIClient.objects.filter(pk=instance.pk).values_list("key_hash", flat=True).first()
        if old:
            _forget(old)


@receiver([post_save, post_delete], sender=APIClient)
def forget_the_key(sender: type, instance: APIClient, **kwargs: Any) -> None:
    _forget(instance.key_hash)
