"""Tracking numbers keyed on a phone: each letter is the key that shows it (7KQ4-M29X is 7574 6299).

Tracking numbers use digits 2-9 and letters without I, L, O and U, so every character is on one key
and a caller never has to press a key several times. One set of keys can stand for several numbers;
with the tracking numbers' 30 characters that is rare, and the caller hears every match.
"""

from django.db.models import Q

from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.public_ids import ALPHABET

KEYS = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}
NUMBER_LENGTH = 8
MAX_MATCHES = 3


def key_for(character: str) -> str:
    """The phone key that carries a letter or digit ("K" -> "5", "7" -> "7")."""
    upper = character.upper()
    return next((key for key, letters in KEYS.items() if upper in letters), upper)


def keypad_digits(public_id: str) -> str:
    """What a caller presses for a tracking number: "7KQ4-M29X" -> "75746299"."""
    return "".join(key_for(character) for character in public_id if character.isalnum())


def _characters_on(key: str) -> str:
    return "".join(character for character in ALPHABET if key_for(character) == key)


def requests_by_keypad(digits: str) -> list[ServiceRequest]:
    """The requests whose tracking number a caller keyed in (8 keys), first ones by number."""
    if len(digits) != NUMBER_LENGTH or any(key not in KEYS for key in digits):
        return []
    options = [_characters_on(key) for key in digits]
    pattern = "^" + "".join(f"[{chars}]" for chars in options[:4]) + "-" + "".join(
        f"[{chars}]" for chars in options[4:]) + "$"
    # The first two keys leave at most 25 prefixes, each found through the tracking number's index.
    prefixes = Q()
    for first in options[0]:
        for second in options[1]:
            prefixes |= Q(public_id__startswith=first + second)
    return list(
        ServiceRequest.objects.select_related("service").filter(prefixes, public_id__regex=pattern)
        .order_by("public_id")[:MAX_MATCHES]
    )


def spoken_number(public_id: str) -> str:
    """A tracking number for a speech engine: one character at a time, a pause between the groups."""
    return ", ".join(" ".join(group) for group in public_id.split("-"))
