"""The reply address on residents' notification emails, so their answers thread into the request.

`311+<message key>.<signature>@riverton.example`: the key is the notification's own Message-ID (kept
on its Notification row as `external_id`), the signature an HMAC of it under the site's secret key, so
nobody can write into another resident's request by guessing an address. Hex and digits only: some
mail systems change the case of addresses.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "civicdesk.intake.email.reply"
_TOKEN = re.compile(r"\+([0-9][0-9.]{0,80})\.([0-9a-f]{20})@", re.IGNORECASE)


def inbound_addresses() -> list[str]:
    """The city's 311 addresses (INBOUND_EMAIL_ADDRESSES), lower case; DEFAULT_FROM_EMAIL when none is set."""
    configured = [address.strip().lower() for address in settings.INBOUND_EMAIL_ADDRESSES if address.strip()]
    return configured or [settings.DEFAULT_FROM_EMAIL.lower()]


def _signature(key: str) -> str:
    return salted_hmac(_SALT, key).hexdigest()[:20]


def notification_reply_address(message_id: str) -> str:
    """The Reply-To for a notification email sent with `message_id` ("<digits.digits@domain>")."""
    local, _at, domain = inbound_addresses()[0].partition("@")
    key = message_id.strip("<>").partition("@")[0]
    return f"{local}+{key}.{_signature(key)}@{domain}"


def replied_message_key(addresses: Iterable[str]) -> str | None:
    """The Message-ID key of the notification these recipient addresses answer, when one carries a valid token."""
    for address in addresses:
        for key, signature in _TOKEN.findall(address):
            if constant_time_compare(_signature(key), signature.lower()):
                return str(key)
    return None
