"""Rosa asks for a person: the queue, hold messages, a callback when the wait is long, and the centre's
hours. Twilio's callbacks (queue result, dequeue, call status) finish the call's contact record."""

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import formats, timezone

from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.departments.tests.factories import BusinessHoursFactory, HolidayFactory
from civicdesk.intake.tests.conftest import ROSA, Twilio, said, spoken

pytestmark = pytest.mark.django_db
CALL_SID = "CA5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"


def _call_record() -> Contact:
    return Contact.objects.get(call_sid=CALL_SID)


def _queued(twilio: Twilio) -> None:
    twilio.call("/intake/voice/", "voice/incoming_call")
    twilio.call("/intake/voice/language/", Digits="1")
    twilio.call("/intake/voice/choice/?lang=en", Digits="0")


def test_zero_puts_the_caller_in_line_for_a_call_taker(city: City, twilio: Twilio) -> None:
    twilio.call("/intake/voice/", "voice/incoming_call")
    twilio.call("/intake/voice/language/", Digits="1")
    root = twilio.call("/intake/voice/choice/?lang=en", Digits="0")
    assert said(root) == ["Please hold for a call-taker."]
    enqueue = root.find("Enqueue")
    assert enqueue is not None and enqueue.text == "311"
    assert enqueue.get("waitUrl") == "/intake/voice/hold/?lang=en"
    assert enqueue.get("action") == "/intake/voice/queue-result/?lang=en"
    assert _call_record().menu_path == "language:en > queue"


def test_a_short_wait_hears_its_place_in_line_and_holds(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/hold/?lang=en", "voice/queue_wait", QueuePosition="2", AvgQueueTime="45")
    assert said(root) == ["You are number 2 in line.", "A call-taker will be with you soon. Thank you for waiting."]
    assert root.find("Gather") is None
    pause = root.find("Pause")
    assert pause is not None and pause.get("length") == "20"


def test_hold_music_plays_when_configured(city: City, twilio: Twilio, settings: Any) -> None:
    settings.IVR_HOLD_MUSIC_URL = "https://media.riverton.example/hold.mp3"
    root = twilio.call("/intake/voice/hold/?lang=es", "voice/queue_wait")
    assert root.findtext("Play") == "https://media.riverton.example/hold.mp3"
    assert said(root)[0] == "Usted es el número 2 en la fila."


def test_a_long_wait_offers_a_callback_and_1_takes_it(city: City, twilio: Twilio, settings: Any) -> None:
    settings.IVR_CALLBACK_OFFER_SECONDS = 300
    _queued(twilio)
    root = twilio.call("/intake/voice/hold/?lang=en", "voice/queue_wait", QueuePosition="9", AvgQueueTime="420")
    gather = root.find("Gather")
    assert gather is not None
    assert urlsplit(gather.get("action", "")).path == "/intake/voice/callback/"
    assert said(gather) == ["The wait is about 7 minutes. To have a call-taker call you back instead, press 1."]

    root = twilio.call(gather.get("action", ""), Digits="1")
    assert [child.tag for child in root] == ["Leave"]
    root = twilio.call("/intake/voice/queue-result/?lang=en", "voice/queue_result", QueueResult="leave",
                       QueueTime="130")
    assert said(root) == ["A call-taker will call you back at the number you are calling from. Goodbye."]
    assert root[-1].tag == "Hangup"
    record = _call_record()
    assert (record.outcome, record.callback_number, record.wait_seconds) == (Outcome.CALLBACK, ROSA, 130)
    assert record.menu_path == "language:en > queue > callback"


def test_another_key_during_the_offer_keeps_the_caller_in_line(city: City, twilio: Twilio) -> None:
    _queued(twilio)
    root = twilio.call("/intake/voice/callback/?lang=en", Digits="5")
    assert said(root) == ["Please stay on the line."]
    assert root.find("Leave") is None
    assert _call_record().outcome == Outcome.ABANDONED


def test_a_hidden_number_cannot_be_called_back(city: City, twilio: Twilio) -> None:
    _queued(twilio)
    root = twilio.call("/intake/voice/callback/?lang=en", Digits="1", From="anonymous")
    assert said(root) == ["We cannot see your phone number, so please stay on the line."]
    assert root.find("Leave") is None


def test_a_caller_put_through_is_answered_with_the_wait_recorded(city: City, twilio: Twilio) -> None:
    _queued(twilio)
    root = twilio.call("/intake/voice/queue-result/?lang=en", "voice/queue_result")
    assert [child.tag for child in root] == ["Hangup"]
    record = _call_record()
    assert (record.outcome, record.wait_seconds) == (Outcome.ANSWERED, 94)


def test_a_caller_who_hangs_up_in_line_abandoned_the_call(city: City, twilio: Twilio) -> None:
    _queued(twilio)
    twilio.call("/intake/voice/queue-result/?lang=en", "voice/queue_result", QueueResult="hangup", QueueTime="301")
    twilio.call("/intake/voice/call-status/", "voice/call_status")
    record = _call_record()
    assert (record.outcome, record.wait_seconds) == (Outcome.ABANDONED, 301)


def test_the_call_takers_dequeue_marks_the_call_answered_and_is_idempotent(city: City, twilio: Twilio) -> None:
    _queued(twilio)
    for _ in range(2):
        root = twilio.call("/intake/voice/dequeued/", "voice/dequeued")
        assert list(root) == []
    record = _call_record()
    assert (record.outcome, record.wait_seconds) == (Outcome.ANSWERED, 94)
    twilio.call("/intake/voice/call-status/", "voice/call_status")
    assert _call_record().outcome == Outcome.ANSWERED
    assert Contact.objects.count() == 1


def test_a_call_that_ended_while_waiting_is_abandoned_by_the_status_callback(city: City, twilio: Twilio) -> None:
    _queued(twilio)
    twilio.call("/intake/voice/call-status/", "voice/call_status")
    assert _call_record().outcome == Outcome.ABANDONED


def test_a_self_served_call_stays_self_served_when_it_ends(city: City, twilio: Twilio) -> None:
    twilio.call("/intake/voice/choice/?lang=en", "voice/gather_speech", SpeechResult="gas leak")
    twilio.call("/intake/voice/call-status/", "voice/call_status")
    assert _call_record().outcome == Outcome.SELF_SERVED


def test_after_hours_the_menu_says_when_call_takers_are_back_and_offers_no_queue(city: City, twilio: Twilio) -> None:
    today = timezone.localdate()
    HolidayFactory.create(date=today, department=None, name="City holiday")
    root = twilio.call("/intake/voice/menu/?lang=en")
    tomorrow = timezone.localtime().replace(hour=0, minute=0) + timedelta(days=1)
    back = f"{formats.date_format(tomorrow, 'l')} at {formats.time_format(tomorrow, 'TIME_FORMAT')}"
    assert said(root)[0] == (
        f"The 311 call centre is closed now. Call-takers are back {back}. You can still hear answers to common "
        "questions and the status of a request, or report a problem by text message or on our website.")
    assert "press 0" not in spoken(root)

    root = twilio.call("/intake/voice/choice/?lang=en", Digits="0")
    assert root.find("Enqueue") is None
    assert said(root)[-1] == "Goodbye."
    assert root[-1].tag == "Hangup"
    assert _call_record().menu_path == "after-hours"


def test_the_centres_own_hours_decide_too(city: City, twilio: Twilio) -> None:
    now = timezone.localtime()
    closed_day = (now.weekday() + 1) % 7  # open only tomorrow: closed now
    BusinessHoursFactory.create(department=city.triage, weekday=closed_day,
                                opens=now.replace(hour=8, minute=0).time(), closes=now.replace(hour=17).time())
    root = twilio.call("/intake/voice/menu/?lang=es")
    assert said(root)[0].startswith("El centro de llamadas 311 está cerrado ahora. Volveremos a atender el ")
    assert "oprima 0" not in spoken(root)

