"""Twilio Voice webhooks: each reads the call's fields, asks menu.py for the next TwiML, and answers it."""

from django.http import HttpRequest, HttpResponse
from twilio.twiml.voice_response import VoiceResponse

from civicdesk.intake.signatures import twilio_signed
from civicdesk.intake.voice import calls, menu
from civicdesk.intake.voice.calls import Call


def _twiml(response: VoiceResponse) -> HttpResponse:
    return HttpResponse(str(response), content_type="text/xml")


def _call(request: HttpRequest) -> Call:
    return Call.from_twilio(request.POST.dict(), request.GET.get("lang", "en"))


def _tries(request: HttpRequest) -> int:
    tries = request.GET.get("tries", "0")
    return int(tries) if tries.isdecimal() else 0


@twilio_signed
def incoming_call(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.greeting(_call(request)))


@twilio_signed
def language(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.choose_language(_call(request)))


@twilio_signed
def main_menu(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.main_menu(_call(request), _tries(request)))


@twilio_signed
def choice(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.choice(_call(request)))


@twilio_signed
def answer(request: HttpRequest) -> HttpResponse:
    slugs = [slug for slug in request.GET.get("articles", "").split(",") if slug]
    return _twiml(menu.chosen_answer(_call(request), slugs))


@twilio_signed
def status(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.status_prompt(_call(request), _tries(request)))


@twilio_signed
def status_lookup(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.status_lookup(_call(request), _tries(request)))


@twilio_signed
def hold(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.hold(_call(request), request.POST.get("QueuePosition", ""),
                            request.POST.get("AvgQueueTime", "")))


@twilio_signed
def callback(request: HttpRequest) -> HttpResponse:
    return _twiml(menu.callback(_call(request)))


@twilio_signed
def queue_result(request: HttpRequest) -> HttpResponse:
    call = _call(request)
    record = calls.finish_queue(call.sid, request.POST.get("QueueResult", ""), request.POST.get("QueueTime", ""))
    return _twiml(menu.left_queue(call, record.outcome))


@twilio_signed
def call_status(request: HttpRequest) -> HttpResponse:
    """The number's status callback: the call ended (CallStatus)."""
    calls.finish_call(request.POST.get("CallSid", ""), request.POST.get("CallStatus", ""))
    return _twiml(VoiceResponse())


@twilio_signed
def dequeued(request: HttpRequest) -> HttpResponse:
    """The call-taker's <Dial><Queue> action: which caller they were put through to (DequeueResult)."""
    calls.finish_dequeued(request.POST.get("DequeuedCallSid", ""), request.POST.get("DequeueResult", ""),
                          request.POST.get("DequeuedCallQueueTime", ""))
    return _twiml(VoiceResponse())
