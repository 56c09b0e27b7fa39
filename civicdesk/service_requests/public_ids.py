"""Tracking numbers a resident can read over the phone: 8 characters in two groups, e.g. 7KQ4-M29X.

The alphabet leaves out 0/O, 1/I/L and U, which sound or look alike.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_id() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalize_public_id(text: str) -> str:
    """Accept what people type: lower case, spaces, missing dash."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) != 8:
        return text.strip().upper()
    return f"{compact[:4]}-{compact[4:]}"
