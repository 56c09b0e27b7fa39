"""STOP, START, HELP, RESTART and the conversation timeout."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.intake.models import SmsConversation
from civicdesk.intake.sms.conversation import close_stale_conversations
from civicdesk.intake.tasks import close_abandoned_text_conversations
from civicdesk.intake.tests.conftest import ROSA, Twilio
from civicdesk.notifications.models import OptOut
from civicdesk.service_requests.choices import Channel

pytestmark = pytest.mark.django_db


def test_stop_records_the_opt_out_ends_the_conversation_and_sends_nothing(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    assert twilio.text("STOP") == ""
    assert OptOut.objects.get().source == OptOut.Source.SMS_STOP
    assert not SmsConversation.objects.exists()
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.service) == (Channel.SMS, Outcome.ABANDONED, None)


def test_cancel_is_an_opt_out_word_at_twilio_so_it_opts_out_here_too(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    assert twilio.text("Cancel") == ""
    assert OptOut.objects.filter(source=OptOut.Source.SMS_STOP).count() == 1


def test_start_lifts_the_opt_out_and_says_how_to_use_the_line(city: City, twilio: Twilio) -> None:
    twilio.text("STOP")
    reply = twilio.text("start")
    assert reply.startswith("Welcome to City of Riverton 311 by text. Describe a problem to report it")
    assert not OptOut.objects.exists()


def test_help_answers_and_keeps_the_conversation(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1")
    reply = twilio.text("HELP")
    assert reply == ("City of Riverton 311 by text. Describe a problem to report it, or send a tracking number to "
                     "hear its status. RESTART starts over, ESPAÑOL for Spanish, STOP ends texts. Emergencies: "
                     "call 911.")
    assert SmsConversation.objects.get().step == "address"


def test_restart_starts_over_and_records_the_abandoned_report(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1")
    reply = twilio.text("restart")
    assert reply.startswith("Starting over.\nWhat would you like to report? Reply with a number:")
    assert SmsConversation.objects.get().step == "service"
    contact = Contact.objects.get()
    assert (contact.outcome, contact.service) == (Outcome.ABANDONED, city.pothole)


def test_a_conversation_idle_past_the_timeout_starts_over(city: City, twilio: Twilio, settings: Any) -> None:
    settings.SMS_CONVERSATION_TIMEOUT_MINUTES = 30
    twilio.text("pothole")
    twilio.text("1")
    SmsConversation.objects.update(updated_at=timezone.now() - timedelta(minutes=31))
    reply = twilio.text("120 N Main St")
    assert "Did you mean" not in reply
    assert reply.startswith("We did not find a service for that.")
    assert Contact.objects.get().outcome == Outcome.ABANDONED


def test_a_conversation_within_the_timeout_carries_on(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1")
    SmsConversation.objects.update(updated_at=timezone.now() - timedelta(minutes=29))
    assert twilio.text("120 N Main St") == "Did you mean 120 N Main St? Reply YES or NO."


def test_stale_conversations_are_closed_as_abandoned_in_the_background(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1", phone="+13125550199")
    SmsConversation.objects.filter(phone=ROSA).update(updated_at=timezone.now() - timedelta(hours=2))
    assert close_stale_conversations() == 1
    assert list(SmsConversation.objects.values_list("phone", flat=True)) == ["+13125550199"]
    assert Contact.objects.get().outcome == Outcome.ABANDONED


def test_the_periodic_task_closes_stale_conversations(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert close_abandoned_text_conversations.enqueue(later).return_value == 1
    assert not SmsConversation.objects.exists()
