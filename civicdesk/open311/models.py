import hashlib
import secrets

from django.core.cache import cache
from django.db import models
from django.utils import timezone

from civicdesk.held import Held

# How long a process may go on accepting a key after it was turned off elsewhere (with a per-process cache;
# with Redis as the cache, KEY_HOLD_SECONDS). In the process that made the change it applies at once.
KEY_CACHE_SECONDS = 60
# A process also keeps each client it read in its own memory this long: no round trip to a shared cache (nor
# unpickling from the local one) on every API call.
KEY_HOLD_SECONDS = 5
held_clients: "Held[str, APIClient]" = Held(KEY_HOLD_SECONDS)  # by key hash


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class APIClient(models.Model):
    """An outside application allowed to file requests through Open311 (keys are stored hashed)."""

    name = models.CharField(max_length=200, unique=True)
    contact_email = models.EmailField(blank=True)
    key_prefix = models.CharField(max_length=8, editable=False, help_text="First characters, to tell keys apart.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(default=60)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def set_key(self, key: str | None = None) -> str:
        """Give the client a new key (random unless one is given) and return it; only its hash is kept."""
        key = key or secrets.token_urlsafe(24)
        self.key_prefix = key[:8]
        self.key_hash = hash_key(key)
        return key

    @classmethod
    def for_key(cls, key: str) -> "APIClient | None":
        """The active client holding this key, from the cache when it can (a turned-off or re-keyed client is
        dropped from it at once in this process; other processes hold theirs up to KEY_HOLD_SECONDS more, or
        KEY_CACHE_SECONDS without a shared cache; see open311/signals.py)."""
        if not key:
            return None
        key_hash = hash_key(key)
        return held_clients.get_or_read(key_hash, lambda: cls._shared_client(key_hash))

    @classmethod
    def _shared_client(cls, key_hash: str) -> "APIClient | None":
        cache_key = f"open311:client:{key_hash}"
        client: APIClient | None = cache.get(cache_key)
        if client is None:
            client = cls.objects.filter(key_hash=key_hash, is_active=True).first()
            if client is not None:  # wrong keys are not kept: anyone can send any number of them
                cache.set(cache_key, client, timeout=KEY_CACHE_SECONDS)
        return client

    @staticmethod
    def forget_key(key_hash: str) -> None:
        held_clients.forget(key_hash)
        cache.delete(f"open311:client:{key_hash}")


class RequestToken(models.Model):
    """The token a batch service answers with; clients trade it for the request id (GET tokens/{token}).

    Written when the request is filed (or found unfit to file: then `problem` says why). A token of a request
    still waiting in the task queue has no row yet: it is the queued task's id.
    """

    token = models.CharField(max_length=64, unique=True)
    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE, null=True,
                                related_name="+")
    problem = models.TextField(blank=True, help_text="Why the request sent with this token was not filed.")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.token


class IdempotentPost(models.Model):
    """The answer to a POST sent with an Idempotency-Key, replayed when the client retries it."""

    api_client = models.ForeignKey(APIClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=100)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_client", "key", "endpoint"], name="one_answer_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.api_client_id}:{self.key}"
