"""SLA checks: open requests past their due date are recorded once per due date and told to supervisors."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from civicdesk.accounts.models import Role, User
from civicdesk.notifications.models import OverdueAlert
from civicdesk.notifications.services import site_url
from civicdesk.notifications.transports import DeliveryError, Email, OutgoingMessage
from civicdesk.service_requests.choices import OPEN_STATUSES
from civicdesk.service_requests.models import ServiceRequest

log = logging.getLogger(__name__)


def check_overdue_requests(now: datetime | None = None) -> list[OverdueAlert]:
    """Record an alert for each open request newly past its due date and email the supervisors concerned.

    A request gets one alert per due date, however often this runs; a new due date (after a reopening)
    can alert again. Returns the new alerts.
    """
    now = now or timezone.now()
    alerted = OverdueAlert.objects.filter(request=OuterRef("pk"), due_at=OuterRef("expected_at"))
    overdue = (ServiceRequest.objects.filter(status__in=OPEN_STATUSES, expected_at__lt=now)
               .exclude(Exists(alerted)).select_related("service", "department").order_by("expected_at"))
    alerts = []
    for request in overdue:
        assert request.expected_at is not None  # the filter above
        try:
            with transaction.atomic():
                alerts.append(OverdueAlert.objects.create(request=request, due_at=request.expected_at, created_at=now))
        except IntegrityError:  # another run got there first
            continue
    if alerts:
        _tell_supervisors(alerts)
    return alerts


def _tell_supervisors(alerts: list[OverdueAlert]) -> None:
    """One email per supervisor listing the requests of their departments (all, for city-wide ones)."""
    supervisors = User.objects.filter(role=Role.SUPERVISOR, is_active=True).exclude(email="")
    for supervisor in supervisors.prefetch_related("departments"):
        departments = {department.pk for department in supervisor.departments.all()}
        theirs = [alert for alert in alerts if not departments or alert.request.department_id in departments]
        if not theirs:
            continue
        lines = [f"{alert.request.public_id} · {alert.request.service.name} · "
                 f"{alert.request.department or 'no department'} · due "
                 f"{timezone.localtime(alert.due_at):%Y-%m-%d %H:%M} · "
                 f"{site_url('console:request', alert.request.public_id)}" for alert in theirs]
        message = OutgoingMessage(supervisor.email, f"{len(theirs)} request(s) now overdue",
                                  "These open requests passed their due date:\n\n" + "\n".join(lines) + "\n")
        try:
            Email().send(message)
        except DeliveryError as failure:
            log.warning("Overdue alert to %s failed: %s", supervisor.email, failure)
            for alert in theirs:
                alert.error += f"{supervisor.email}: {failure}\n"
        else:
            for alert in theirs:
                alert.notified += f"{supervisor.email}\n"
    OverdueAlert.objects.bulk_update(alerts, ["notified", "error"])
