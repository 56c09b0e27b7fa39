"""The social media channel's periodic work (scheduled in `civicdesk/notifications/schedule.py`)."""

from django_tasks import task

from civicdesk.intake.social.services import ingest


@task()
def read_social_media() -> int:
    """File new mentions and direct messages of the city's X account. Returns how many requests were filed."""
    return ingest().filed
