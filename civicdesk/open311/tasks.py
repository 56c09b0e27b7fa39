"""Background work of the Open311 API: filing the requests that batch services took in with a token."""

from typing import Any

from django_tasks import TaskContext, task


@task(takes_context=True)
def file_queued_request(context: TaskContext, submission: dict[str, Any], api_client_id: int) -> str:
    """File one queued request through the common intake; its token is this task's id. Returns the
    request's id, or "" when it could not be filed (the token then tells the client why)."""
    from civicdesk.open311.services import file_queued

    token = file_queued(str(context.task_result.id), submission, api_client_id)
    return token.request.public_id if token.request else ""
