"""HMAC-SHA256 signatures on what CivicDesk sends to a department system and what it sends back.

The signature covers the timestamp and the exact body bytes: `sha256=hex(HMAC(secret, "<ts>." + body))`.
A signature older than the tolerance is refused, so a captured request cannot be replayed later.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-CivicDesk-Signature"
TIMESTAMP_HEADER = "X-CivicDesk-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TOLERANCE_SECONDS = 300


class BadSignature(Exception):
    """The request is not signed with the integration's secret (or the signature is too old)."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The headers that sign `body` now."""
    timestamp = int(time.time() if now is None else now)
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret: str, timestamp: str, given: str, body: bytes, now: float | None = None) -> None:
    """Return quietly when `given` signs `body` at `timestamp` with `secret`; else raise BadSignature."""
    if not timestamp or not given:
        raise BadSignature(f"Sign the request: {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers are required.")
    # ASCII digits only, and no more than a Unix time has: int() takes "²" and huge numbers overflow floats.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise BadSignature(f"{TIMESTAMP_HEADER} must be a Unix time in seconds.")
    moment = int(timestamp)
    current = int(time.time() if now is None else now)
    if abs(current - moment) > TOLERANCE_SECONDS:
        raise BadSignature("The signature has expired: sign each request when you send it.")
    # Bytes, not str: compare_digest refuses non-ASCII strings with a TypeError.
    if not hmac.compare_digest(signature(secret, moment, body).encode(), given.strip().encode("utf-8", "replace")):
        raise BadSignature("The signature does not match the body and the integration's secret.")
