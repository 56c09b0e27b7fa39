"""Random walks through the lifecycle: whatever staff do, the request and its history stay consistent."""

from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.departments.tests.factories import DepartmentFactory
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, Channel, EventKind, Resolution, Status
from civicdesk.service_requests.lifecycle import (
    NEEDS_RESOLUTION,
    TRANSITIONS,
    IllegalTransition,
    add_note,
    assign_request,
    change_status,
    reopen_request,
)
from civicdesk.service_requests.models import RequestEvent, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

STATUS_EVENTS = (EventKind.STATUS_CHANGED, EventKind.REOPENED)
resolutions = st.sampled_from(["", "not-a-code", *Resolution.values])


class RequestLifecycle(RuleBasedStateMachine):
    """One request, pushed around by staff at random; a model of what the lifecycle should do alongside."""

    request: ServiceRequest
    workers: list[User]
    actor: Actor

    @initialize()
    def file_a_request(self) -> None:
        # The db fixture's transaction spans every example: rows are reused (get_or_create) or accumulate.
        department = DepartmentFactory.create(code="machine")
        service = ServiceTypeFactory.create(service_code="machine-pothole", default_department=department)
        self.workers = [StaffFactory.create(username=f"machine-{n}", role=Role.DEPARTMENT_STAFF) for n in range(2)]
        self.actor = Actor.staff(self.workers[0])
        self.request = ServiceRequestFactory.create(service=service, department=department)
        self.changes = 0  # status changes made by change_status and reopen_request
        self.status: str = Status.NEW
        self.resolution = ""
        self.assignee: User | None = None

    def attempt(self, action: Any, legal: bool) -> None:
        """Run one action; a refused one must leave the row and the history exactly as they were."""
        before = self.snapshot()
        try:
            action()
        except (IllegalTransition, ValueError):
            assert not legal, "a legal step was refused"
            assert self.snapshot() == before
        else:
            assert legal, "an illegal step was accepted"

    def snapshot(self) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
        row: dict[str, Any] = dict(ServiceRequest.objects.filter(pk=self.request.pk).values().get())
        return row, list(RequestEvent.objects.filter(request_id=self.request.pk).order_by("id").values_list())

    @rule(new=st.sampled_from(Status.values), resolution=resolutions)
    def change(self, new: str, resolution: str) -> None:
        effective = resolution or (self.resolution if new == Status.CLOSED else "")
        legal = new in TRANSITIONS[self.status] and (new not in NEEDS_RESOLUTION or effective in Resolution.values)
        self.attempt(lambda: change_status(self.request, new, actor=self.actor, channel=Channel.PHONE,
                                           resolution=resolution), legal)
        if legal:
            self.changes += 1
            self.status = new
            if new in NEEDS_RESOLUTION:
                self.resolution = effective

    @rule(reason=st.sampled_from(["Still there after the rain.", "", "  "]))
    def reopen(self, reason: str) -> None:
        legal = self.status in DONE_STATUSES and bool(reason.strip())
        self.attempt(lambda: reopen_request(self.request, actor=self.actor, channel=Channel.WEB, reason=reason),
                     legal)
        if legal:
            self.changes += 1
            self.status = Status.ASSIGNED if self.assignee else Status.ACKNOWLEDGED
            self.resolution = ""

    @rule(text=st.sampled_from(["Crew on the way.", "", "\n"]), is_public=st.booleans())
    def note(self, text: str, is_public: bool) -> None:
        self.attempt(lambda: add_note(self.request, text, actor=self.actor, channel=Channel.WEB, is_public=is_public),
                     bool(text.strip()))

    @rule(who=st.sampled_from([0, 1, None]))
    def assign(self, who: int | None) -> None:
        assignee = None if who is None else self.workers[who]
        legal = self.status in OPEN_STATUSES
        self.attempt(lambda: assign_request(self.request, assignee=assignee, actor=self.actor, channel=Channel.WEB),
                     legal)
        if legal:
            self.assignee = assignee
            if self.status in (Status.NEW, Status.ACKNOWLEDGED) and assignee is not None:
                self.status = Status.ASSIGNED

    @invariant()
    def the_row_matches_the_model(self) -> None:
        saved = ServiceRequest.objects.get(pk=self.request.pk)
        assert saved.status in Status.values
        assert saved.status == self.status == self.request.status
        assert saved.assignee == self.assignee
        assert (saved.closed_at is not None) == (saved.status in DONE_STATUSES)
        assert bool(saved.resolution) == (saved.status in DONE_STATUSES)
        assert saved.resolution == self.resolution
        if saved.resolution:
            assert saved.resolution in Resolution.values

    @invariant()
    def the_history_tells_every_status_change(self) -> None:
        events = list(RequestEvent.objects.filter(request_id=self.request.pk).order_by("id"))
        assert sum(event.kind in STATUS_EVENTS for event in events) == self.changes
        # Assigning a new request also moves it (to assigned): its event carries the change too.
        moves = [event for event in events if event.to_status and event.to_status != event.from_status]
        status: str = Status.NEW
        for event in moves:
            assert event.from_status == status, "the history skips a status change"
            status = event.to_status
        assert status == self.status
        last = next((event for event in reversed(events) if event.kind in STATUS_EVENTS), None)
        if last is not None and not any(e.kind == EventKind.ASSIGNED for e in moves if e.pk > last.pk):
            assert last.to_status == self.status


@pytest.mark.django_db
def test_random_walks_keep_the_request_and_its_history_consistent() -> None:
    run_state_machine_as_test(
        RequestLifecycle,
        settings=settings(max_examples=30, stateful_step_count=20, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )
