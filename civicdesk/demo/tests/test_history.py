import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from civicdesk.demo import history
from civicdesk.demo.history import NoDemoCity, generate_history
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, EventKind, Resolution, Status
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db
TRACKING_NUMBER = re.compile(r"^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$")


def shares(values: list[str]) -> dict[str, float]:
    return {value: count / len(values) for value, count in Counter(values).items()}


def test_it_writes_exactly_count_requests_with_the_channel_mix_and_category_shares(demo_city: str) -> None:
    assert generate_history(800, seed=1, progress=False) == 800

    requests = list(ServiceRequest.objects.select_related("service"))
    assert len(requests) == 800
    channels = shares([r.channel for r in requests])
    assert channels["phone"] == pytest.approx(0.50, abs=0.06)
    assert channels["web"] == pytest.approx(0.25, abs=0.05)
    assert channels["mobile"] == pytest.approx(0.15, abs=0.04)
    assert sum(channels.get(c, 0) for c in ("sms", "email", "api", "other")) == pytest.approx(0.10, abs=0.04)
    groups, codes = shares([r.service.group for r in requests]), shares([r.service.service_code for r in requests])
    assert groups["Noise"] == pytest.approx(0.21, abs=0.05)
    assert codes["illegal-parking"] == pytest.approx(0.14, abs=0.04)
    assert codes["heat-hot-water"] == pytest.approx(0.07, abs=0.03)
    assert len(codes) >= 35  # the long tail
    assert "gas-leak" not in codes  # emergencies are never filed


def test_requests_are_placed_routed_dated_and_have_their_history(demo_city: str) -> None:
    now = timezone.now()
    generate_history(600, seed=2, progress=False, now=now)

    requests = list(ServiceRequest.objects.prefetch_related("events", "districts").select_related("address_point"))
    assert len({r.public_id for r in requests}) == 600
    assert all(TRACKING_NUMBER.match(r.public_id) for r in requests)
    for request in requests:
        assert now - timedelta(days=365) <= request.requested_at <= now
        assert request.address_point is not None and request.address == request.address_point.full_address
        assert request.lat is not None and abs(request.lat - request.address_point.lat) < 0.0002
        assert {d.kind for d in request.districts.all()} == {"council-district", "sanitation-zone"}
        assert request.department_id is not None
        if request.service.sla_amount:
            assert request.expected_at is not None and request.expected_at > request.requested_at
        events = list(request.events.all())
        assert (events[0].kind, events[0].channel, events[0].at) == (EventKind.CREATED, request.channel,
                                                                     request.requested_at)
        assert events[-1].to_status == request.status
        if request.status in DONE_STATUSES:
            assert request.resolution in Resolution.values and request.resolution_notes
            assert request.closed_at is not None and request.requested_at < request.closed_at <= now
            assert events[-1].at == request.closed_at and events[-1].note == request.resolution_notes
        else:
            assert request.status in OPEN_STATUSES and request.closed_at is None and request.resolution == ""
    older = [r for r in requests if r.requested_at < now - timedelta(days=30)]
    assert sum(r.status == Status.CLOSED for r in older) / len(older) == pytest.approx(0.95, abs=0.03)
    assert RequestEvent.objects.filter(actor_kind="staff", actor_user__username="calltaker").exists()
    assert ServiceRequest.objects.filter(reporter__isnull=False).count() == pytest.approx(270, abs=60)


def test_requests_of_the_last_days_are_mostly_still_being_worked(demo_city: str) -> None:
    generate_history(200, seed=5, days=2, progress=False)

    recent = list(ServiceRequest.objects.all())
    assert sum(r.is_open for r in recent) / len(recent) > 0.3


@pytest.mark.parametrize(("open_share", "expected_open"), [(1.0, 300), (0.25, 75), (0.0, 0)])
def test_open_share_forces_that_fraction_open(demo_city: str, open_share: float, expected_open: int) -> None:
    generate_history(300, seed=3, open_share=open_share, progress=False)

    assert ServiceRequest.objects.filter(status__in=OPEN_STATUSES, closed_at__isnull=True).count() == expected_open
    assert ServiceRequest.objects.filter(status=Status.CLOSED).count() == 300 - expected_open


@pytest.mark.parametrize("kept_in_memory", [2_000_000, 0], ids=["taken numbers in memory", "checked per batch"])
def test_the_same_seed_gives_the_same_requests_and_never_reuses_a_tracking_number(
    demo_city: str, kept_in_memory: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "PRELOADED_IDS_LIMIT", kept_in_memory)
    now = timezone.now()

    class Undo(Exception):
        pass

    def snapshot() -> list[tuple[str, str, str, str]]:
        rows = ServiceRequest.objects.order_by("public_id").values_list("public_id", "service__service_code",
                                                                        "channel", "address")
        return list(rows)

    with pytest.raises(Undo), transaction.atomic():
        generate_history(120, seed=4, progress=False, now=now)
        first = snapshot()
        raise Undo
    generate_history(120, seed=4, progress=False, now=now)
    assert snapshot() == first

    generate_history(120, seed=4, progress=False, now=now)  # same seed again: new tracking numbers
    assert ServiceRequest.objects.values("public_id").distinct().count() == 240


def test_there_is_nothing_to_generate_for_without_a_city(db: None) -> None:
    with pytest.raises(NoDemoCity, match="run `manage.py setup_demo_city` first"):
        generate_history(10, progress=False)
    with pytest.raises(CommandError, match="setup_demo_city"):
        call_command("generate_requests", "10", verbosity=0)


def test_generate_requests_command(demo_city: str) -> None:
    out = StringIO()
    call_command("generate_requests", "40", "--open-share", "0.5", "--days", "30", "--seed", "7",
                 "--batch-size", "15", stdout=out, verbosity=0)

    assert "Wrote 40 requests." in out.getvalue()
    assert ServiceRequest.objects.count() == 40
    assert ServiceRequest.objects.filter(status__in=OPEN_STATUSES).count() == 20
    assert not ServiceRequest.objects.filter(requested_at__lt=timezone.now() - timedelta(days=31)).exists()
    with pytest.raises(CommandError, match="open_share must be between 0 and 1"):
        call_command("generate_requests", "5", "--open-share", "1.5", verbosity=0)
