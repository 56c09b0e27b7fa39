import struct
import zlib
from typing import Any

import factory

from civicdesk.open311.models import APIClient

GEOREPORTER_KEY = "georeporter-test-key-0001"


class APIClientFactory(factory.django.DjangoModelFactory[APIClient]):
    """An outside application with a known key (pass key="..."; the default is random)."""

    class Meta:
        model = APIClient
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"App {n}")
    contact_email = "developer@example.com"

    @factory.post_generation
    def key(obj: APIClient, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_key(extracted)
        if create:
            obj.save()


def tiny_png() -> bytes:
    """A valid 1×1 PNG, as a phone's photo would be (only smaller)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
