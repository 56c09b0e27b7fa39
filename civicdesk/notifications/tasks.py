from django_tasks import task

from civicdesk.notifications import services


@task()
def send_event_notifications(event_id: int) -> int:
    """Tell the reporter and followers about one event of a request. Returns how many were sent."""
    return services.send_event_notifications(event_id)
