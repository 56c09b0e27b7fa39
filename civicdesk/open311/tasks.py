"""Background work of the Open311 API: filing the requests that batch services took in with a token."""

import json
from typing import Any

from django_tasks import TaskContext, task


@task(takes_context=True)
def file_queued_request(context: TaskContext, submission: str | dict[str, Any], api_client_id: int) -> str:
    """File one queued request through the common intake; its token is this task's id. Returns the
    request's id, or "" when it could not be filed (the token then tells the client why).

    The submission's fields come as JSON text (services.queue_request); as a mapping from tasks queued before
    2026-12-07."""
    from civicdesk.open311.services import file_queued

    fields = json.loads(submission) if isinstance(submission, str) else submission
    token = file_queued(str(context.task_result.id), fields, api_client_id)
    return token.request.public_id if token.request else ""
