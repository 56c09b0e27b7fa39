"""Carla, a call-taker, answers Jane's mention from the request page: a reply with a phone number is refused,
a clean one is posted to (a local fake of) X and shows in the history."""

from typing import Any

import pytest

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import browser_sign_in
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.services import ingest
from civicdesk.intake.tests.social_support import JANES_MENTION, filed_from
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_call_taker_replies_to_a_mention_without_personal_data(
    page: Any, city: City, call_taker: User, x_api: FakeX
) -> None:
    ingest()
    request = filed_from(JANES_MENTION)
    page.goto(f"/staff/requests/{request.public_id}/")
    browser_sign_in(page, call_taker)

    box = page.locator("form[data-action=social_reply]")
    box.get_by_label("Public reply").fill("Call us on 312-555-0199")
    box.get_by_role("button", name="Post the reply").click()
    assert "Remove: a phone number." in page.get_by_test_id("reply-error").inner_text()
    assert_accessible(page)
    assert x_api.posted == []

    box = page.locator("form[data-action=social_reply]")
    box.get_by_label("Public reply").fill("Thanks, Sanitation has it.")
    box.get_by_role("button", name="Post the reply").click()
    assert page.get_by_test_id("message").inner_text() == "Your reply is posted on X."
    assert "Thanks, Sanitation has it. Request " in page.get_by_test_id("history").inner_text()
    assert_accessible(page)
    assert [posted["reply"]["in_reply_to_tweet_id"] for posted in x_api.posted] == [JANES_MENTION]
