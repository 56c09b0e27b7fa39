"""The social media channel's rules: mentions and direct messages become requests (`reading`), staff answer them
(`answers`). Views, tasks and templates use the names below.
"""

from civicdesk.intake.social.services.answers import (
    ReplyRefused,
    ReplyUnconfirmed,
    answer_on_its_way,
    answered_post,
    post_public_reply,
    send_private_reply,
    settle_unconfirmed_answer,
)
from civicdesk.intake.social.services.reading import IngestReport, ingest

__all__ = [
    "IngestReport",
    "ReplyRefused",
    "ReplyUnconfirmed",
    "answer_on_its_way",
    "answered_post",
    "ingest",
    "post_public_reply",
    "send_private_reply",
    "settle_unconfirmed_answer",
]
