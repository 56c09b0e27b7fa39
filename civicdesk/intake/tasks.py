"""Background work of the resident channels (scheduled in `civicdesk/notifications/schedule.py`)."""

from datetime import datetime

from django_tasks import task

from civicdesk.intake.sms.conversation import close_stale_conversations


@task()
def close_abandoned_text_conversations(now: str | None = None) -> int:
    """Record text conversations idle past SMS_CONVERSATION_TIMEOUT_MINUTES as abandoned. Returns how many."""
    return close_stale_conversations(datetime.fromisoformat(now) if now else None)
