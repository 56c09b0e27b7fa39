from django_tasks import task

from civicdesk.integrations import inbound, services
from civicdesk.integrations.choices import DeliveryState


@task()
def deliver_to_department(delivery_id: int) -> str:
    """Send one delivery (queued after the routing commits, or for a retry). Returns its state."""
    delivery = services.send_delivery(delivery_id)
    return delivery.state if delivery is not None else DeliveryState.PENDING


@task()
def send_due_deliveries() -> int:
    """Scheduled: send what is due for a retry, and what a killed worker left half-sent."""
    return services.send_due_deliveries()


@task()
def poll_department_systems() -> int:
    """Scheduled: ask the department systems that cannot push for the status of their open requests."""
    return inbound.poll_updates()
