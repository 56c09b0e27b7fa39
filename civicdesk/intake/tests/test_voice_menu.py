"""Rosa calls 311: the greeting, the language choice, answers read out, status by keypad, an emergency.
Every answer is TwiML, read here by parsing it."""

from urllib.parse import parse_qs, urlsplit
from xml.etree.ElementTree import Element

import pytest

from civicdesk.catalog.models import Article
from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.contacts.tests.factories import ContactFactory
from civicdesk.intake.tests.conftest import ROSA, Twilio, said, spoken
from civicdesk.intake.voice.keypad import keypad_digits, requests_by_keypad, spoken_number
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Submission, file_request
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db
CALL_SID = "CA5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"


def _gather(root: Element) -> Element:
    gather = root.find("Gather")
    assert gather is not None, "no <Gather> in the answer"
    return gather


def _action(element: Element) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(element.get("action", ""))
    return parts.path, parse_qs(parts.query)


def _call_record() -> Contact:
    return Contact.objects.get(call_sid=CALL_SID)


def test_the_greeting_warns_about_emergencies_and_offers_english_and_spanish(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/", "voice/incoming_call")
    assert root.tag == "Response"
    gather = _gather(root)
    assert _action(gather)[0] == "/intake/voice/language/"
    assert gather.get("input") == "dtmf speech" and gather.get("numDigits") == "1"
    sayings = [(say.get("language"), say.text) for say in gather.iter("Say")]
    assert sayings == [
        ("en-US", "Welcome to City of Riverton 311. If this is an emergency, hang up and dial 911."),
        ("en-US", "For English, press 1."),
        ("es-MX", "Para español, oprima 2."),
    ]
    redirect = root.find("Redirect")
    assert redirect is not None and redirect.text == "/intake/voice/menu/?lang=en"
    record = _call_record()
    assert (record.channel, record.outcome, record.menu_path) == (Channel.IVR, Outcome.ABANDONED, "")


def test_pressing_2_gives_the_menu_in_spanish(city: City, twilio: Twilio) -> None:
    twilio.call("/intake/voice/", "voice/incoming_call")
    root = twilio.call("/intake/voice/language/", Digits="2")
    gather = _gather(root)
    assert _action(gather) == ("/intake/voice/choice/", {"lang": ["es"]})
    assert gather.get("language") == "es-MX"
    assert {say.get("language") for say in root.iter("Say")} == {"es-MX"}
    assert spoken(root).startswith("Para respuestas a preguntas frecuentes, oprima 1. "
                                   "Para el estado de una solicitud, oprima 2. Para hablar con una persona, oprima 0.")
    record = _call_record()
    assert (record.language, record.menu_path) == ("es", "language:es")


def test_saying_espanol_chooses_spanish_too(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/language/", "voice/gather_speech", SpeechResult="Español")
    assert _action(_gather(root))[1] == {"lang": ["es"]}


def test_the_most_asked_questions_are_offered_and_an_answer_is_read_out(
    city: City, twilio: Twilio, knowledge_base: dict[str, Article]
) -> None:
    ContactFactory.create_batch(3, article=knowledge_base["heat-season"])
    ContactFactory.create(article=knowledge_base["recycling-rules"])
    twilio.call("/intake/voice/", "voice/incoming_call")
    twilio.call("/intake/voice/language/", Digits="1")

    root = twilio.call("/intake/voice/choice/?lang=en", Digits="1")
    gather = _gather(root)
    path, query = _action(gather)
    assert path == "/intake/voice/answer/"
    assert query["articles"] == ["heat-season,recycling-rules,bulk-trash-pickup,pothole-repairs"]
    assert said(gather) == [
        "For Heat and hot water: what landlords must provide, press 1.",
        "For What goes in the blue recycling cart, press 2.",
        "For Bulk trash pickup: what we take and when, press 3.",
        "For How potholes are prioritized and repaired, press 4.",
    ]

    root = twilio.call(gather.get("action", ""), Digits="3")
    assert said(root)[0] == ("Bulk trash pickup: what we take and when. "
                             "Furniture and mattresses are picked up free, by appointment.")
    assert _action(_gather(root)) == ("/intake/voice/choice/", {"lang": ["en"]})
    assert root[-1].tag == "Hangup"
    record = _call_record()
    assert record.outcome == Outcome.SELF_SERVED
    assert record.article == knowledge_base["bulk-trash-pickup"]
    assert record.menu_path == "language:en > questions > answer:bulk-trash-pickup"


def test_a_spoken_question_hears_its_answer_in_spanish(
    city: City, twilio: Twilio, knowledge_base: dict[str, Article]
) -> None:
    root = twilio.call("/intake/voice/choice/?lang=es", "voice/gather_speech", SpeechResult="recoger muebles viejos")
    assert said(root)[0] == ("Recolección de basura voluminosa: qué llevamos y cuándo. "
                             "Recogemos gratis muebles y colchones con cita previa.")
    assert _call_record().article == knowledge_base["bulk-trash-pickup"]


def test_an_emergency_said_at_the_menu_is_told_to_hang_up_and_dial_911(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/choice/?lang=en", "voice/gather_speech", SpeechResult="I smell gas in my kitchen")
    assert said(root) == ["This sounds like an emergency. Hang up or close this page and call 911 now.",
                          "Hang up and dial 911 now."]
    assert [child.tag for child in root] == ["Say", "Say", "Hangup"]
    record = _call_record()
    assert (record.outcome, record.menu_path) == (Outcome.SELF_SERVED, "emergency")
    assert root.find("Enqueue") is None


def test_the_status_of_a_request_by_its_keys(city: City, twilio: Twilio) -> None:
    filed = file_request(Submission(service_code="pothole", channel=Channel.WEB, address_id="A1",
                                    answers={"size": "small"}), actor=Actor.resident()).request
    root = twilio.call("/intake/voice/choice/?lang=en", Digits="2")
    gather = _gather(root)
    assert (gather.get("numDigits"), gather.get("finishOnKey"), gather.get("input")) == ("8", "#", "dtmf")
    assert "For a letter, press the key that shows it." in spoken(root)

    root = twilio.call(gather.get("action", ""), Digits=keypad_digits(filed.public_id))
    assert said(root)[0] == (f"Request {spoken_number(filed.public_id)}, Pothole. Place: 120 N Main St. "
                             "Status: New. We received your request. Staff will look at it soon. Expected by "
                             + said(root)[0].rsplit("Expected by ", 1)[1])
    record = _call_record()
    assert (record.outcome, record.request, record.menu_path) == (Outcome.SELF_SERVED, filed, "status > status:found")


def test_a_number_that_matches_nothing_is_asked_again_then_back_to_the_menu(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/status/lookup/?lang=en&tries=0", Digits="22222222")
    assert said(root) == ["We found no request with that number."]
    redirect = root.find("Redirect")
    assert redirect is not None and redirect.text == "/intake/voice/status/?lang=en&tries=1"
    root = twilio.call("/intake/voice/status/lookup/?lang=en&tries=1", Digits="22222222")
    redirect = root.find("Redirect")
    assert redirect is not None and redirect.text == "/intake/voice/menu/?lang=en"


def test_keys_find_every_number_they_spell(city: City) -> None:
    first = ServiceRequestFactory.create(public_id="7KQ4-M29X", service=city.pothole)
    second = ServiceRequestFactory.create(public_id="7JR4-N2WX", service=city.pothole)  # the same keys
    ServiceRequestFactory.create(public_id="7KQ4-M29Y", service=city.pothole)  # Y is on 9 as well: matches
    ServiceRequestFactory.create(public_id="8KQ4-M29X", service=city.pothole)
    assert keypad_digits("7KQ4-M29X") == "75746299"
    assert [row.public_id for row in requests_by_keypad("75746299")] == ["7JR4-N2WX", "7KQ4-M29X", "7KQ4-M29Y"]
    assert first in requests_by_keypad("75746299") and second in requests_by_keypad("75746299")
    assert requests_by_keypad("7574629") == []
    assert requests_by_keypad("75746290") == []


def test_silence_at_the_menu_repeats_it_then_says_goodbye(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/menu/?lang=en&tries=1")
    redirect = root.find("Redirect")
    assert redirect is not None and redirect.text == "/intake/voice/menu/?lang=en&tries=2"
    root = twilio.call("/intake/voice/menu/?lang=en&tries=2")
    assert said(root) == ["We did not hear a choice. Goodbye."]
    assert root[-1].tag == "Hangup"


def test_an_unknown_key_says_so_and_goes_back_to_the_menu(city: City, twilio: Twilio) -> None:
    root = twilio.call("/intake/voice/choice/?lang=en", Digits="7")
    assert said(root) == ["Sorry, that is not one of the choices."]
    assert ROSA not in spoken(root)
