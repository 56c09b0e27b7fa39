"""The automated phone line's menu, as TwiML (Twilio's call instructions), one function per step.

Greeting and language -> main menu: 1 answers to the most asked questions (the knowledge base's
short summaries, read out), 2 the status of a request (its tracking number keyed in, see keypad.py),
0 a call-taker (Twilio <Enqueue> with hold messages, and a callback offer when the wait is long). A
caller may also say what they need: the words are searched like every channel's, an emergency is told
to hang up and dial 911, a question hears its answer. Outside the 311 centre's hours (its business
calendar) the line still answers questions and gives status, and says when call-takers are back.
"""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from twilio.twiml.voice_response import Gather, VoiceResponse

from civicdesk.catalog.knowledge import search_help
from civicdesk.catalog.models import Article
from civicdesk.contacts.models import Outcome
from civicdesk.contacts.services import phone_key
from civicdesk.intake.services import centre_hours, plain_words, status_report, top_articles
from civicdesk.intake.voice.calls import Call, call_record, note_step
from civicdesk.intake.voice.keypad import requests_by_keypad, spoken_number

VOICES = {"en": "en-US", "es": "es-MX"}
MENU_TRIES = 2  # silent menus before saying goodbye
STATUS_WORDS = frozenset({"STATUS", "TRACKING", "ESTADO", "SEGUIMIENTO", "NUMERO"})
PERSON_WORDS = frozenset({"PERSON", "AGENT", "REPRESENTATIVE", "OPERATOR", "SOMEONE", "PERSONA", "AGENTE",
                          "OPERADOR", "ALGUIEN"})
HOLD_PAUSE_SECONDS = 20


def _url(name: str, language: str, **params: str | int) -> str:
    return reverse(f"intake:{name}") + "?" + urlencode({"lang": language, **params})


def _say(node: VoiceResponse | Gather, text: str, language: str) -> None:
    node.say(text, language=VOICES[language])


def _gather(response: VoiceResponse, action: str, language: str, *, speech: bool = True, digits: int = 1,
            timeout: int = 6) -> Gather:
    options: dict[str, str | int] = {"input": "dtmf speech" if speech else "dtmf", "timeout": timeout}
    if speech:
        options.update(speech_timeout="auto", language=VOICES[language])
    if digits == 1:
        options["num_digits"] = 1
    else:
        options.update(num_digits=digits, finish_on_key="#")
    return response.gather(action=action, method="POST", **options)


def greeting(call: Call) -> VoiceResponse:
    """The first words: the emergency warning and the language choice (press 2 for Spanish)."""
    call_record(call.sid)
    response = VoiceResponse()
    gather = response.gather(action=reverse("intake:voice_language"), method="POST", input="dtmf speech",
                             num_digits=1, timeout=5, speech_timeout="auto", hints="English, Español")
    with translation.override("en"):
        _say(gather, _("Welcome to %(city)s 311. If this is an emergency, hang up and dial 911.")
             % {"city": settings.CITY_NAME}, "en")
        _say(gather, _("For English, press 1."), "en")
    with translation.override("es"):
        _say(gather, _("For Spanish, press 2."), "es")
    response.redirect(_url("voice_menu", "en"), method="POST")
    return response


def choose_language(call: Call) -> VoiceResponse:
    spoken = plain_words(call.speech)
    language = "es" if call.digits == "2" or "ESPANOL" in spoken or "SPANISH" in spoken else "en"
    chosen = Call(call.sid, call.caller, language)
    note_step(chosen, f"language:{language}", language=language)
    return main_menu(chosen)


def main_menu(call: Call, tries: int = 0) -> VoiceResponse:
    response = VoiceResponse()
    with translation.override(call.language):
        if tries >= MENU_TRIES:
            _say(response, _("We did not hear a choice. Goodbye."), call.language)
            response.hangup()
            return response
        hours = centre_hours()
        if not hours.is_open:
            _say(response, _closed_words(hours.opening_words(call.language)), call.language)
        gather = _gather(response, _url("voice_choice", call.language), call.language)
        _say(gather, _menu_words(hours.is_open), call.language)
        response.redirect(_url("voice_menu", call.language, tries=tries + 1), method="POST")
    return response


def _menu_words(open_now: bool) -> str:
    words = [_("For answers to common questions, press 1."), _("For the status of a request, press 2.")]
    if open_now:
        words.append(_("To speak with a call-taker, press 0."))
    words.append(_("Or say in a few words what you need."))
    return " ".join(words)


def _closed_words(opening: str) -> str:
    closed = _("The 311 call centre is closed now.")
    if opening:
        closed += " " + _("Call-takers are back %(when)s.") % {"when": opening}
    return closed + " " + _("You can still hear answers to common questions and the status of a request, "
                            "or report a problem by text message or on our website.")


def choice(call: Call) -> VoiceResponse:
    """What the caller pressed or said at the main menu (or after an answer)."""
    if call.digits == "1":
        return questions(call)
    if call.digits == "2":
        return status_prompt(call)
    if call.digits == "0":
        return queue(call)
    if call.speech:
        return spoken_request(call)
    response = VoiceResponse()
    with translation.override(call.language):
        _say(response, _("Sorry, that is not one of the choices."), call.language)
    response.redirect(_url("voice_menu", call.language), method="POST")
    return response


def spoken_request(call: Call) -> VoiceResponse:
    """Words said at the menu, searched like every channel searches: emergency, status, an answer, a person."""
    words = set(plain_words(call.speech).split())
    results = search_help(call.speech, call.language, kinds=("article",))
    if results.emergency:
        return emergency(call, results.emergency)
    if words & STATUS_WORDS:
        return status_prompt(call)
    article = next(iter(results.articles), None)
    if article is not None and not words & PERSON_WORDS:
        found = Article.objects.filter(slug=article.key).first()
        if found is not None:
            return read_answer(call, found)
    return queue(call)


def emergency(call: Call, message: str) -> VoiceResponse:
    note_step(call, "emergency", outcome=Outcome.SELF_SERVED, summary="Emergency: told to hang up and dial 911")
    response = VoiceResponse()
    with translation.override(call.language):
        _say(response, translation.gettext(message), call.language)
        _say(response, _("Hang up and dial 911 now."), call.language)
    response.hangup()
    return response


def questions(call: Call) -> VoiceResponse:
    """The most asked questions, one key each."""
    articles = top_articles()
    note_step(call, "questions")
    response = VoiceResponse()
    with translation.override(call.language):
        if not articles:
            _say(response, _("There are no answers to read yet."), call.language)
            return _back_to_menu(response, call)
        gather = _gather(response, _url("voice_answer", call.language,
                                        articles=",".join(article.slug for article in articles)),
                         call.language, speech=False)
        for number, article in enumerate(articles, 1):
            _say(gather, _("For %(title)s, press %(number)s.") % {
                "title": article.localized_title(call.language), "number": number}, call.language)
    response.redirect(_url("voice_menu", call.language), method="POST")
    return response


def chosen_answer(call: Call, slugs: list[str]) -> VoiceResponse:
    """The caller pressed the key of one of the questions offered."""
    if call.digits.isdecimal() and 1 <= int(call.digits) <= len(slugs):
        article = Article.objects.filter(slug=slugs[int(call.digits) - 1], is_published=True).first()
        if article is not None:
            return read_answer(call, article)
    if call.digits == "0":
        return queue(call)
    return questions(call)


def read_answer(call: Call, article: Article) -> VoiceResponse:
    """An answer read out: its title and its short plain-language summary."""
    note_step(call, f"answer:{article.slug}", outcome=Outcome.SELF_SERVED, article=article)
    response = VoiceResponse()
    with translation.override(call.language):
        _say(response, f"{article.localized_title(call.language)}. {article.localized_summary(call.language)}",
             call.language)
        _after_answer(response, call)
    return response


def _after_answer(response: VoiceResponse, call: Call) -> None:
    gather = _gather(response, _url("voice_choice", call.language), call.language)
    words = [_("To hear other answers, press 1."), _("For the status of a request, press 2.")]
    if centre_hours().is_open:
        words.append(_("To speak with a call-taker, press 0."))
    words.append(_("If you are done, you can hang up. Goodbye."))
    _say(gather, " ".join(words), call.language)
    response.hangup()


def status_prompt(call: Call, tries: int = 0) -> VoiceResponse:
    """Ask for the tracking number on the keypad: the key of each letter, then the pound key."""
    if tries == 0:
        note_step(call, "status")
    response = VoiceResponse()
    with translation.override(call.language):
        gather = _gather(response, _url("voice_status_lookup", call.language, tries=tries), call.language,
                         speech=False, digits=8, timeout=10)
        _say(gather, _("Enter the 8 characters of your tracking number. For a letter, press the key that shows "
                       "it. For example, for 7 K Q 4, press 7 5 7 4. Then press pound."), call.language)
    response.redirect(_url("voice_menu", call.language), method="POST")
    return response


def status_lookup(call: Call, tries: int) -> VoiceResponse:
    found = requests_by_keypad(call.digits)
    if not found:
        response = VoiceResponse()
        with translation.override(call.language):
            _say(response, _("We found no request with that number."), call.language)
        if tries + 1 >= MENU_TRIES:
            response.redirect(_url("voice_menu", call.language), method="POST")
        else:
            response.redirect(_url("voice_status", call.language, tries=tries + 1), method="POST")
        return response
    note_step(call, "status:found", outcome=Outcome.SELF_SERVED, request=found[0])
    response = VoiceResponse()
    with translation.override(call.language):
        for request in found:
            report = status_report(request, call.language)
            words = [_("Request %(number)s, %(service)s.") % {"number": spoken_number(report.public_id),
                                                                "service": report.service}]
            if report.address:
                words.append(_("Place: %(address)s.") % {"address": report.address})
            words.append(_("Status: %(status)s. %(meaning)s") % {"status": report.status, "meaning": report.meaning})
            if report.expected:
                words.append(_("Expected by %(date)s.") % {"date": report.expected})
            _say(response, " ".join(words), call.language)
        _after_answer(response, call)
    return response


def queue(call: Call) -> VoiceResponse:
    """Put the caller in line for a call-taker; outside the centre's hours, say when it opens."""
    response = VoiceResponse()
    hours = centre_hours()
    with translation.override(call.language):
        if not hours.is_open:
            note_step(call, "after-hours")
            _say(response, _closed_words(hours.opening_words(call.language)), call.language)
            _say(response, _("Goodbye."), call.language)
            response.hangup()
            return response
        note_step(call, "queue")
        _say(response, _("Please hold for a call-taker."), call.language)
    response.enqueue(settings.IVR_QUEUE_NAME, wait_url=_url("voice_hold", call.language), wait_url_method="POST",
                     action=_url("voice_queue_result", call.language), method="POST")
    return response


def hold(call: Call, position: str, average_wait: str) -> VoiceResponse:
    """What a caller hears while waiting (Twilio asks again when it ends): their place, and a callback
    offer when the expected wait (Twilio's AvgQueueTime) reaches IVR_CALLBACK_OFFER_SECONDS."""
    response = VoiceResponse()
    expected = int(average_wait) if average_wait.isdecimal() else 0
    with translation.override(call.language):
        if position.isdecimal():
            _say(response, _("You are number %(position)s in line.") % {"position": position}, call.language)
        if expected >= settings.IVR_CALLBACK_OFFER_SECONDS:
            gather = _gather(response, _url("voice_callback", call.language), call.language, speech=False,
                             timeout=5)
            _say(gather, _("The wait is about %(minutes)s minutes. To have a call-taker call you back instead, "
                           "press 1.") % {"minutes": math.ceil(expected / 60)}, call.language)
        else:
            _say(response, _("A call-taker will be with you soon. Thank you for waiting."), call.language)
    if settings.IVR_HOLD_MUSIC_URL:
        response.play(settings.IVR_HOLD_MUSIC_URL)
    else:
        response.pause(length=HOLD_PAUSE_SECONDS)
    return response


def callback(call: Call) -> VoiceResponse:
    """The caller pressed a key during the callback offer: 1 leaves the line with a callback requested."""
    response = VoiceResponse()
    with translation.override(call.language):
        if call.digits != "1":
            _say(response, _("Please stay on the line."), call.language)
            return response
        if not phone_key(call.caller):
            _say(response, _("We cannot see your phone number, so please stay on the line."), call.language)
            return response
        note_step(call, "callback", outcome=Outcome.CALLBACK, callback_number=call.caller)
    response.leave()
    return response


def left_queue(call: Call, outcome: str) -> VoiceResponse:
    """After the queue (Enqueue's action): a goodbye that fits how the caller left it."""
    response = VoiceResponse()
    with translation.override(call.language):
        if outcome == Outcome.CALLBACK:
            _say(response, _("A call-taker will call you back at the number you are calling from. Goodbye."),
                 call.language)
        elif outcome != Outcome.ANSWERED:
            _say(response, _("Sorry, we could not put you through. Please call again later, or send us a text "
                             "message."), call.language)
    response.hangup()
    return response


def _back_to_menu(response: VoiceResponse, call: Call) -> VoiceResponse:
    response.redirect(_url("voice_menu", call.language), method="POST")
    return response
