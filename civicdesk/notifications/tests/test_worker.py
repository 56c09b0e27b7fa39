"""With the production task backend, intake only queues the acknowledgement; the worker sends it."""


import pytest
from django.core import mail

from civicdesk.conftest import WEST_POINT, City
from civicdesk.notifications.models import Notification
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.testing.tasks import run_task_worker


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_intake_queued(city: City, resident: Contact, database_tasks: None) -> None:
    from django_tasks_db.models import DBTaskResult

    submission = Submission(service_code="pothole", channel=Channel.SMS, lat=WEST_POINT[0], lon=WEST_POINT[1],
                            answers={"size": "small"}, contact=resident)
    request = file_request(submission, actor=Actor.resident()).request

    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    run_task_worker()

    assert len(mail.outbox) == 1
    assert request.public_id in mail.outbox[0].subject
    assert Notification.objects.filter(request=request, status="sent").count() == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
