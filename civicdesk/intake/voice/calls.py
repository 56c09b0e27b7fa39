"""The record of each call to the automated line: one contact row per call (found by Twilio's CallSid),
written at the first webhook and brought up to date at each step: the menu path, how it ended
(self-served, answered by a call-taker, abandoned, callback requested) and the wait for a call-taker.

A call starts as abandoned: a caller who hangs up before anything is answered has abandoned it.
Twilio's callbacks (queue result, call status, the call-taker's dequeue) finish the record; each is
safe to receive twice.
"""

from dataclasses import dataclass
from typing import Any

from civicdesk.contacts.models import Contact, Outcome
from civicdesk.contacts.services import record_contact
from civicdesk.service_requests.choices import Channel

PATH_SEPARATOR = " > "
MAX_PATH = 500
# Twilio's QueueResult (Enqueue action) and DequeueResult (Dial/Queue action) for a caller put through.
BRIDGED = "bridged"
UNANSWERED_STATUSES = frozenset({"busy", "failed", "no-answer", "canceled"})


@dataclass(frozen=True)
class Call:
    """One webhook of a call: who is calling, in which language, and what they pressed or said."""

    sid: str
    caller: str
    language: str
    digits: str = ""
    speech: str = ""

    @classmethod
    def from_twilio(cls, fields: dict[str, str], language: str) -> "Call":
        return cls(sid=fields.get("CallSid", "")[:64], caller=fields.get("From", "")[:32],
                   language="es" if language == "es" else "en", digits=fields.get("Digits", "").strip(),
                   speech=fields.get("SpeechResult", "").strip()[:300])


def call_record(call_sid: str, language: str = "en") -> Contact:
    """The contact row of this call, created (as abandoned) at its first webhook."""
    record = Contact.objects.filter(channel=Channel.IVR, call_sid=call_sid).first() if call_sid else None
    if record is None:
        record = record_contact(channel=Channel.IVR, outcome=Outcome.ABANDONED, language=language,
                                summary="Automated phone line")
        record.call_sid = call_sid
        record.save(update_fields=["call_sid"])
    return record


def note_step(call: Call, step: str, *, outcome: str | None = None, **fields: Any) -> Contact:
    """Add a step to the call's menu path; set its outcome and other fields when given."""
    record = call_record(call.sid, call.language)
    path = f"{record.menu_path}{PATH_SEPARATOR}{step}" if record.menu_path else step
    record.menu_path = path[-MAX_PATH:]
    if outcome is not None:
        record.outcome = outcome
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


def finish_queue(call_sid: str, result: str, queue_seconds: str) -> Contact:
    """The caller left the queue: put through, hung up, or left for a callback (Enqueue's QueueResult)."""
    record = call_record(call_sid)
    if queue_seconds.isdecimal():
        record.wait_seconds = int(queue_seconds)
    if result == BRIDGED:
        record.outcome = Outcome.ANSWERED
    elif record.outcome != Outcome.CALLBACK:
        record.outcome = Outcome.ABANDONED
    record.save(update_fields=["wait_seconds", "outcome"])
    return record


def finish_dequeued(call_sid: str, result: str, queue_seconds: str) -> Contact | None:
    """A call-taker took the caller from the queue (the call-taker's Dial/Queue action: DequeueResult)."""
    record = Contact.objects.filter(channel=Channel.IVR, call_sid=call_sid).first() if call_sid else None
    if record is None or result != BRIDGED:
        return record
    return finish_queue(call_sid, BRIDGED, queue_seconds)


def finish_call(call_sid: str, status: str) -> Contact:
    """The call ended (status callback). A call that never connected, or ended waiting, was abandoned."""
    record = call_record(call_sid)
    waiting = record.menu_path.endswith("queue") and record.wait_seconds is None
    if status in UNANSWERED_STATUSES or (waiting and record.outcome not in (Outcome.ANSWERED, Outcome.CALLBACK)):
        record.outcome = Outcome.ABANDONED
        record.save(update_fields=["outcome"])
    return record
