"""Mentions and direct messages of the city's X account become requests, once, over real HTTP to a fake X API."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.models import Role
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.models import PostKind, SocialFeed, SocialPost
from civicdesk.intake.social.services import ingest
from civicdesk.intake.social.tasks import read_social_media
from civicdesk.intake.tests.social_support import (
    JANES_MENTION,
    MARCUS_MENTION,
    ROSAS_MESSAGE,
    connect,
    disconnect,
    filed_from,
)
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_mentions_and_messages_become_requests_on_the_social_channel(city: City, triage: ServiceType,
                                                                      x_api: FakeX) -> None:
    report = ingest()
    assert (report.read, report.filed, report.unfiled, report.errors) == (3, 3, 0, [])
    janes = filed_from(JANES_MENTION)
    assert janes.channel == Channel.SOCIAL
    # Names a service and a sure address: routed like any other channel's report.
    assert (janes.service, janes.department, janes.address) == (city.missed_trash, city.sanitation, "455 E Oak Ave")
    assert janes.description == "missed trash pickup at 455 E Oak Ave again this week"
    assert janes.reporter.first_name == "@jane_on_main" and janes.reporter.account_id == "x:2244994945"
    marcus = filed_from(MARCUS_MENTION)
    assert (marcus.service, marcus.department) == (triage, city.triage)
    rosa = SocialPost.objects.get(external_id=ROSAS_MESSAGE)
    assert rosa.kind == PostKind.DIRECT_MESSAGE and rosa.author_handle == "rosa_d"
    assert rosa.request is not None and rosa.request.department == city.triage
    assert ServiceRequest.objects.filter(channel=Channel.SOCIAL).count() == 3
    assert Contact.objects.filter(channel=Channel.SOCIAL, outcome=Outcome.REQUEST_FILED).count() == 3
    assert "Bearer app-only-token" in [call.authorization for call in x_api.calls if call.path.endswith("/mentions")]
    assert "Bearer user-context-token" in [call.authorization for call in x_api.calls if "dm_events" in call.path]


def test_the_citys_own_posts_and_messages_are_not_filed(city: City, triage: ServiceType, x_api: FakeX) -> None:
    ingest()
    assert not SocialPost.objects.filter(external_id="1860325070038274049").exists()
    assert not SocialPost.objects.filter(external_id="1860332370359164933").exists()
    assert SocialPost.objects.count() == 3


def test_a_replayed_payload_never_files_twice(city: City, triage: ServiceType, x_api: FakeX) -> None:
    ingest()
    SocialFeed.objects.all().update(cursor="")  # as if the cursor were lost: X sends everything again
    again = ingest()
    assert again.read == 3 and again.filed == 0
    assert ServiceRequest.objects.count() == 3 and SocialPost.objects.count() == 3


def test_the_next_poll_asks_only_for_newer_mentions(city: City, triage: ServiceType, x_api: FakeX) -> None:
    ingest()
    second = ingest()
    mention_calls = [call for call in x_api.calls if call.path.endswith("/mentions")]
    assert "since_id" not in mention_calls[0].query
    assert mention_calls[1].query["since_id"] == [JANES_MENTION]
    assert second.read == 0 and ServiceRequest.objects.count() == 3
    assert SocialFeed.objects.get(name="x-direct-messages").cursor == "2026-11-23T14:10:31+00:00"


def test_not_connected_polls_nothing(city: City, triage: ServiceType, x_api: FakeX, settings: Any) -> None:
    disconnect(settings)
    report = ingest()
    assert not report.connected and report.read == 0
    assert x_api.calls == [] and not SocialPost.objects.exists()
    assert read_social_media.call() == 0


def test_without_a_user_token_only_mentions_are_read(city: City, triage: ServiceType, x_api: FakeX,
                                                      settings: Any) -> None:
    settings.X_USER_TOKEN = ""
    assert ingest().filed == 2
    assert all(not call.path.endswith("/dm_events") for call in x_api.calls)


def test_bad_credentials_are_recorded_and_lose_nothing(city: City, triage: ServiceType, x_api: FakeX) -> None:
    x_api.fail_next("/mentions", 401, fixture="unauthorized.json")
    report = ingest()
    assert report.errors == ["x-mentions: X refused it (401): Unauthorized"]
    feed = SocialFeed.objects.get(name="x-mentions")
    assert feed.cursor == "" and feed.last_error.startswith("X refused it (401)")
    assert not SocialPost.objects.filter(kind=PostKind.MENTION).exists()
    assert ingest().filed == 2  # fixed: the next poll reads the same mentions
    assert SocialFeed.objects.get(name="x-mentions").last_error == ""


def test_a_rate_limit_waits_as_long_as_x_asks(city: City, triage: ServiceType, x_api: FakeX) -> None:
    x_api.fail_next("/mentions", 429, headers={"retry-after": "120"}, fixture="rate_limited.json")
    now = timezone.now()
    ingest(now=now)
    feed = SocialFeed.objects.get(name="x-mentions")
    assert feed.resume_at == now + timedelta(seconds=120) and feed.last_error == "X rate limit reached."
    calls = len(x_api.calls)
    ingest(now=now + timedelta(seconds=60))
    assert not [call for call in x_api.calls[calls:] if call.path.endswith("/mentions")]  # still waiting
    assert ingest(now=now + timedelta(seconds=121)).filed == 2
    assert SocialFeed.objects.get(name="x-mentions").resume_at is None


def test_a_rate_limit_without_retry_after_uses_the_reset_time(city: City, triage: ServiceType, x_api: FakeX) -> None:
    reset = int(timezone.now().timestamp()) + 300
    x_api.fail_next("/mentions", 429, headers={"x-rate-limit-reset": str(reset)})
    ingest()
    resume_at = SocialFeed.objects.get(name="x-mentions").resume_at
    assert resume_at is not None and 280 <= (resume_at - timezone.now()).total_seconds() <= 301


def test_a_server_error_keeps_the_cursor_and_the_next_poll_files_everything(
    city: City, triage: ServiceType, x_api: FakeX
) -> None:
    x_api.fail_next("/mentions", 503)
    x_api.fail_next("/dm_events", 500)
    report = ingest()
    assert report.errors == ["x-mentions: X answered 503.", "x-direct-messages: X answered 500."]
    assert not SocialPost.objects.exists()
    assert ingest().filed == 3


def test_an_unreachable_api_is_a_handled_error(city: City, triage: ServiceType, settings: Any) -> None:
    with FakeX() as fake:
        connect(settings, fake)
    report = ingest()  # the fake is gone: connection refused
    assert [error.split(":")[0] for error in report.errors] == ["x-mentions", "x-direct-messages"]
    assert not SocialPost.objects.exists()


def test_an_emergency_is_kept_but_not_filed(city: City, triage: ServiceType, x_api: FakeX) -> None:
    x_api.mentions["data"][0]["text"] = "@RivertonCity311 I smell gas at 455 E Oak Ave"
    ingest()
    post = SocialPost.objects.get(external_id=JANES_MENTION)
    assert post.request is None and post.problem.startswith("Emergency")
    assert Contact.objects.filter(channel=Channel.SOCIAL, outcome=Outcome.ANSWERED).count() == 1


def test_social_requests_are_in_the_staff_queue_and_in_open311_without_the_handle(
    city: City, triage: ServiceType, x_api: FakeX, client: Client
) -> None:
    ingest()
    janes = filed_from(JANES_MENTION)
    supervisor = signed_in(StaffFactory.create(username="sam", role=Role.SUPERVISOR))
    queue = supervisor.get("/staff/queue/?channel=social").content.decode()
    assert all(request.public_id in queue for request in ServiceRequest.objects.all())
    assert "Social media" in supervisor.get(f"/staff/requests/{janes.public_id}/").content.decode()
    assert janes.public_id not in supervisor.get("/staff/queue/?channel=sms").content.decode()
    response = client.get("/open311/v2/requests.json?extensions=true")
    documents = {row["service_request_id"]: row for row in response.json()}
    assert documents[janes.public_id]["extended_attributes"]["channel"] == "social"
    assert documents[janes.public_id]["service_code"] == "missed-trash"
    body = response.content.decode()
    for private in ("jane_on_main", "marcus_lee", "rosa_d", "2244994945", "RivertonCity311"):
        assert private not in body


def test_a_service_with_required_questions_goes_to_triage_with_the_address_kept(
    city: City, triage: ServiceType, x_api: FakeX
) -> None:
    x_api.mentions["data"][0]["text"] = "@RivertonCity311 huge pothole at 120 N Main St"
    ingest()
    request = filed_from(JANES_MENTION)  # a post cannot answer "How big is it?": the 311 desk asks
    assert (request.service, request.department, request.address) == (triage, city.triage, "120 N Main St")
