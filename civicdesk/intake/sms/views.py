"""Twilio Messaging webhook: one text in, one TwiML reply out."""

from django.http import HttpRequest, HttpResponse
from twilio.twiml.messaging_response import MessagingResponse

from civicdesk.intake.signatures import twilio_signed
from civicdesk.intake.sms.conversation import TextMessage, reply_to


@twilio_signed
def incoming_text(request: HttpRequest) -> HttpResponse:
    reply = reply_to(TextMessage.from_twilio(request.POST.dict()))
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return HttpResponse(str(response), content_type="text/xml")
