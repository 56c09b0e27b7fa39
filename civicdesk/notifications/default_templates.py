"""The words each message starts with, in English and Spanish; the data migration copies them into
MessageTemplate rows that administrators edit, and messages fall back to them when a row is missing."""

from civicdesk.notifications.choices import Medium, MessageKind

EMAIL_FOOTER = {
    "en": "Track it at: {track_url}\n\nTo stop getting updates about this request: {stop_url}\n",
    "es": "Consúltela en: {track_url}\n\nPara dejar de recibir novedades sobre esta solicitud: {stop_url}\n",
}
SMS_FOOTER = {
    "en": " Track: {track_url} Stop updates: {stop_url}",
    "es": " Consulte: {track_url} Dejar de recibir: {stop_url}",
}

# (kind, language) -> (email subject, email body without the footer, text message without the footer)
_WORDS: dict[tuple[str, str], tuple[str, str, str]] = {
    (MessageKind.RECEIVED, "en"): (
        "We received your request {request_number}",
        "{city} 311\n\nThank you. Your request has tracking number {request_number}.\n"
        "Service: {service}\nLocation: {address}\nExpected by: {expected_by}\n",
        "{city} 311: we received your request {request_number} ({service}). Reply STOP for no more texts.",
    ),
    (MessageKind.RECEIVED, "es"): (
        "Recibimos su solicitud {request_number}",
        "{city} 311\n\nGracias. Su solicitud tiene el número de seguimiento {request_number}.\n"
        "Servicio: {service}\nUbicación: {address}\nFecha prevista: {expected_by}\n",
        "{city} 311: recibimos su solicitud {request_number} ({service}). Responda STOP para no recibir más "
        "mensajes.",
    ),
    (MessageKind.STATUS, "en"): (
        "Your request {request_number} is now: {status}",
        "{city} 311\n\nStatus: {status}\n{status_words}\nResolution: {resolution}\n{resolution_words}\n"
        "{resolution_notes}\n{note}\n",
        "{city} 311: your request {request_number} is now {status}. {status_words} {note}",
    ),
    (MessageKind.STATUS, "es"): (
        "Su solicitud {request_number} ahora está: {status}",
        "{city} 311\n\nEstado: {status}\n{status_words}\nResultado: {resolution}\n{resolution_words}\n"
        "{resolution_notes}\n{note}\n",
        "{city} 311: su solicitud {request_number} ahora está: {status}. {status_words} {note}",
    ),
    (MessageKind.UPDATE, "en"): (
        "An update on your request {request_number}",
        "{city} 311\n\n{note}\n",
        "{city} 311, request {request_number}: {note}",
    ),
    (MessageKind.UPDATE, "es"): (
        "Novedades sobre su solicitud {request_number}",
        "{city} 311\n\n{note}\n",
        "{city} 311, solicitud {request_number}: {note}",
    ),
    (MessageKind.CLOSED, "en"): (
        "Your request {request_number} is now: {status}",
        "{city} 311\n\nStatus: {status}\nResolution: {resolution}\n{resolution_words}\n{resolution_notes}\n"
        "{note}\n\nWas the problem fixed? Tell us in two minutes (if it is not, the request is reopened for "
        "staff to review): {survey_url}\n",
        "{city} 311: your request {request_number} is closed. {resolution_words} {resolution_notes} "
        "Was it fixed? Tell us: {survey_url}",
    ),
    (MessageKind.CLOSED, "es"): (
        "Su solicitud {request_number} ahora está: {status}",
        "{city} 311\n\nEstado: {status}\nResultado: {resolution}\n{resolution_words}\n{resolution_notes}\n"
        "{note}\n\n¿Se resolvió el problema? Díganoslo en dos minutos (si no, la solicitud se reabre para que "
        "el personal la revise): {survey_url}\n",
        "{city} 311: su solicitud {request_number} está cerrada. {resolution_words} {resolution_notes} "
        "¿Se resolvió? Díganoslo: {survey_url}",
    ),
    (MessageKind.REOPENED, "en"): (
        "Your request {request_number} was reopened",
        "{city} 311\n\nYour request {request_number} was reopened and is back with city staff.\nReason: {note}\n",
        "{city} 311: your request {request_number} was reopened. {note}",
    ),
    (MessageKind.REOPENED, "es"): (
        "Su solicitud {request_number} se reabrió",
        "{city} 311\n\nSu solicitud {request_number} se reabrió y vuelve a estar con el personal de la ciudad.\n"
        "Motivo: {note}\n",
        "{city} 311: su solicitud {request_number} se reabrió. {note}",
    ),
    (MessageKind.SURVEY, "en"): (
        "Was your request {request_number} fixed?",
        "{city} 311\n\nWe closed your request {request_number} ({service}) a few days ago.\n{resolution_words}\n\n"
        "Was the problem fixed? Tell us in two minutes (if it is not, the request is reopened for staff to "
        "review): {survey_url}\n",
        "{city} 311: we closed your request {request_number}. Was it fixed? Tell us: {survey_url}",
    ),
    (MessageKind.SURVEY, "es"): (
        "¿Se resolvió su solicitud {request_number}?",
        "{city} 311\n\nCerramos su solicitud {request_number} ({service}) hace unos días.\n{resolution_words}\n\n"
        "¿Se resolvió el problema? Díganoslo en dos minutos (si no, la solicitud se reabre para que el personal "
        "la revise): {survey_url}\n",
        "{city} 311: cerramos su solicitud {request_number}. ¿Se resolvió? Díganoslo: {survey_url}",
    ),
}


def _defaults() -> dict[tuple[str, str, str], tuple[str, str]]:
    templates: dict[tuple[str, str, str], tuple[str, str]] = {}
    for (kind, language), (subject, email_body, sms_body) in _WORDS.items():
        templates[kind, Medium.EMAIL, language] = (subject, f"{email_body}\n{EMAIL_FOOTER[language]}")
        templates[kind, Medium.SMS, language] = ("", sms_body + SMS_FOOTER[language])
    return templates


# (kind, medium, language) -> (subject, body)
DEFAULT_TEMPLATES = _defaults()
