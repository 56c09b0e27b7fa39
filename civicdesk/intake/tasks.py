"""Background work of the resident channels (scheduled in `civicdesk/notifications/schedule.py`)."""

from datetime import datetime

from django_tasks import task

from civicdesk.intake.email.services import send_emergency_reply
from civicdesk.intake.sms.conversation import close_stale_conversations


@task()
def close_abandoned_text_conversations(now: str | None = None) -> int:
    """Record text conversations idle past SMS_CONVERSATION_TIMEOUT_MINUTES as abandoned. Returns how many."""
    return close_stale_conversations(datetime.fromisoformat(now) if now else None)


@task()
def reply_to_emergency_email(address: str, language: str, contact_id: int) -> bool:
    """Tell the sender of an email that describes an emergency to call 911 (see intake/email/services.py)."""
    return send_emergency_reply(address, language, contact_id)
