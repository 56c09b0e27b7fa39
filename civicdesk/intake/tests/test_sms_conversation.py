"""Rosa reports problems and checks on them by text message."""

import pytest

from civicdesk.catalog.models import Article
from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.intake.models import SmsConversation
from civicdesk.intake.tests.conftest import ROSA, Twilio
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Submission, file_request
from civicdesk.service_requests.models import Follower, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def test_a_text_conversation_files_a_request_with_its_tracking_number(city: City, twilio: Twilio) -> None:
    reply = twilio.text("There is a big pothole in front of my house")
    assert "Reply with a number" in reply
    assert "1 Pothole" in reply

    assert twilio.text("1") == "Where is it? Send the street address, like 120 N Main St."
    assert twilio.text("120 north main street") == "Did you mean 120 N Main St? Reply YES or NO."
    reply = twilio.text("yes")
    assert reply.splitlines() == ["How big is it?", "1 Small", "2 Medium", "3 Large", "Reply with a number."]
    assert twilio.text("7").startswith("Sorry, that answer does not fit.\nHow big is it?")
    assert twilio.text("3") == "If you can, send a photo of the problem now. Otherwise reply SKIP."
    reply = twilio.text("skip")

    filed = ServiceRequest.objects.get()
    assert reply == (f"Thank you, your report is filed. Tracking number: {filed.public_id}. "
                     "Send that number here any time to hear its status.")
    assert filed.channel == Channel.SMS
    assert filed.service == city.pothole
    assert filed.address == "120 N Main St"
    assert filed.address_point is not None and filed.address_point.address_id == "A1"
    assert filed.answers == {"size": "large"}
    assert filed.description == "There is a big pothole in front of my house"
    assert filed.reporter.phone == ROSA
    assert filed.language == "en"
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.request) == (Channel.SMS, Outcome.REQUEST_FILED, filed)
    assert not SmsConversation.objects.exists()


def test_a_wrong_address_is_asked_again(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1")
    assert twilio.text("999 Nowhere Blvd").startswith("We could not find that address in City of Riverton.")
    assert twilio.text("455 E Oak") == "Did you mean 455 E Oak Ave? Reply YES or NO."
    assert twilio.text("no") == "Please send the address again, with the house number."
    assert twilio.text("120 N Main St") == "Did you mean 120 N Main St? Reply YES or NO."
    conversation = SmsConversation.objects.get(phone=ROSA)
    assert conversation.data["candidate"] == {"id": "A1", "label": "120 N Main St"}


def test_a_report_close_to_an_open_one_offers_to_follow_it(city: City, twilio: Twilio) -> None:
    earlier = file_request(Submission(service_code="pothole", channel=Channel.WEB, address_id="A1",
                                      answers={"size": "small"}), actor=Actor.resident()).request
    twilio.text("pothole on my street")
    twilio.text("1")
    twilio.text("120 N Main St")
    twilio.text("YES")
    twilio.text("2")
    reply = twilio.text("SKIP")
    assert reply == (f"Someone already reported this close by: {earlier.public_id}. Reply FOLLOW to get texts "
                     "when it changes, or NEW to send your own report.")

    assert twilio.text("follow") == f"Done. You will get a text when {earlier.public_id} changes."

    assert ServiceRequest.objects.count() == 1
    follower = Follower.objects.get()
    assert (follower.request, follower.phone, follower.channel) == (earlier, ROSA, Channel.SMS)
    contact = Contact.objects.get()
    assert (contact.outcome, contact.request) == (Outcome.FOLLOWER_ADDED, earlier)


def test_new_files_a_report_even_next_to_an_open_one(city: City, twilio: Twilio) -> None:
    file_request(Submission(service_code="pothole", channel=Channel.WEB, address_id="A1",
                            answers={"size": "small"}), actor=Actor.resident())
    for text in ("pothole on my street", "1", "120 N Main St", "YES", "2", "SKIP"):
        twilio.text(text)
    reply = twilio.text("NEW")
    assert ServiceRequest.objects.count() == 2
    mine = ServiceRequest.objects.get(channel=Channel.SMS)
    assert mine.public_id in reply


def test_an_emergency_is_told_to_call_911_and_nothing_is_filed(city: City, twilio: Twilio) -> None:
    reply = twilio.text("I smell gas in the hallway")
    assert reply == "This sounds like an emergency. Hang up or close this page and call 911 now."
    assert not ServiceRequest.objects.exists()
    assert not SmsConversation.objects.exists()
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.summary) == (
        Channel.SMS, Outcome.ANSWERED, "Emergency: told to call 911")


def test_an_emergency_mid_conversation_ends_it(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1")
    assert "call 911" in twilio.text("there is a downed power line too")
    assert not SmsConversation.objects.exists()
    assert not ServiceRequest.objects.exists()


def test_a_tracking_number_texted_gets_its_status_in_plain_words(city: City, twilio: Twilio) -> None:
    filed = file_request(Submission(service_code="missed-trash", channel=Channel.WEB, address_id="A2"),
                         actor=Actor.resident()).request
    reply = twilio.text(filed.public_id.lower().replace("-", ""))
    assert reply.startswith(f"{filed.public_id}, Missed trash pickup: New. "
                            "We received your request. Staff will look at it soon. Place: 455 E Oak Ave.")
    assert "Expected by" in reply
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.request) == (Channel.SMS, Outcome.STATUS_GIVEN, filed)
    assert not SmsConversation.objects.exists()


def test_an_unknown_tracking_number_is_said_so(city: City, twilio: Twilio) -> None:
    assert twilio.text("7kq4 m29x") == "We found no request with the number 7KQ4 M29X. Check it and send it again."
    assert not Contact.objects.exists()


def test_words_of_eight_letters_are_not_taken_for_a_tracking_number(city: City, twilio: Twilio) -> None:
    assert "We found no request" not in twilio.text("tree down")
    assert SmsConversation.objects.get().step == "service"


def test_a_tracking_number_of_letters_only_is_found(city: City, twilio: Twilio) -> None:
    filed = ServiceRequestFactory.create(public_id="KQXW-MZPR", service=city.pothole)
    assert twilio.text("kqxw-mzpr").startswith(f"{filed.public_id}, Pothole: New.")


def test_a_question_is_answered_from_the_knowledge_base(
    city: City, twilio: Twilio, knowledge_base: dict[str, Article]
) -> None:
    reply = twilio.text("bulk furniture pickup")
    assert reply.startswith("Bulk trash pickup: what we take and when: Furniture and mattresses are picked up free, "
                            "by appointment.")
    conversation = SmsConversation.objects.get()
    assert conversation.data["article"] == "bulk-trash-pickup"
    twilio.text("RESTART")
    contact = Contact.objects.get()
    assert (contact.outcome, contact.article) == (Outcome.ANSWERED, knowledge_base["bulk-trash-pickup"])


def test_a_spanish_conversation_is_answered_in_spanish(city: City, twilio: Twilio) -> None:
    reply = twilio.text("Hay un bache grande en mi calle")
    assert reply.splitlines()[0] == "¿Qué desea reportar? Responda con un número:"
    assert "1 Bache" in reply
    assert twilio.text("1") == "¿Dónde está? Envíe la dirección, por ejemplo 120 N Main St."
    assert twilio.text("120 N Main St") == "¿Quiso decir 120 N Main St? Responda SÍ o NO."
    assert twilio.text("sí").endswith("Responda con un número.")
    assert twilio.text("2") == "Si puede, envíe ahora una foto del problema. Si no, responda OMITIR."
    reply = twilio.text("omitir")
    filed = ServiceRequest.objects.get()
    assert reply.startswith(f"Gracias, su reporte quedó registrado. Número de seguimiento: {filed.public_id}.")
    assert (filed.language, filed.channel, filed.answers) == ("es", Channel.SMS, {"size": "medium"})
    assert Contact.objects.get().language == "es"


def test_espanol_switches_the_conversation_to_spanish(city: City, twilio: Twilio) -> None:
    twilio.text("pothole")
    twilio.text("1")
    reply = twilio.text("ESPAÑOL")
    assert reply == "Le escribiremos en español.\n¿Dónde está? Envíe la dirección, por ejemplo 120 N Main St."
    assert SmsConversation.objects.get().language == "es"
    assert twilio.text("English").startswith("We will text you in English.\nWhere is it?")


def test_a_superscript_digit_is_not_taken_for_a_menu_choice(city: City, twilio: Twilio) -> None:
    twilio.text("There is a big pothole in front of my house")
    reply = twilio.text("\u00b2")  # a digit to str.isdigit(), not to int()
    assert reply and not ServiceRequest.objects.exists()
    assert SmsConversation.objects.filter(phone=ROSA).exists()
