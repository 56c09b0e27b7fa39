"""Rosa chats with 311: the bot answers and files; "talk to a person" hands the chat to Carla or Cora."""

import time
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore

from civicdesk.accounts.middleware import LAST_ACTIVITY
from civicdesk.accounts.models import User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.models import Article
from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.intake.chat.consumers import SIGNED_OUT
from civicdesk.intake.chat.models import ChatSession, ChatStatus
from civicdesk.intake.chat.tests.conftest import Socket, run
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Submission, file_request
from civicdesk.service_requests.models import Follower, ServiceRequest

pytestmark = pytest.mark.django_db(transaction=True)


def resident_socket(language: str = "en") -> Socket:
    return Socket(f"/ws/chat/?lang={language}")


async def start(rosa: Socket) -> str:
    connected, _ = await rosa.connect()
    assert connected
    started = await rosa.receive()
    assert started["type"] == "started" and started["status"] == ChatStatus.BOT
    return str(started["chat"])


async def say(rosa: Socket, text: str) -> str:
    await rosa.send(type="message", text=text)
    assert (await rosa.line("resident"))["line"]["text"] == text
    return str((await rosa.line("bot"))["line"]["text"])


def test_the_bot_answers_a_question_from_the_knowledge_base(knowledge_base: dict[str, Article]) -> None:
    rosa = resident_socket()

    async def scenario() -> str:
        await start(rosa)
        answer = await say(rosa, "my radiator gives no heat")
        await rosa.close()
        return answer

    answer = run(scenario)
    assert "Heat and hot water: what landlords must provide: From September 15 to June 1" in answer
    chat = ChatSession.objects.get()
    assert [line["speaker"] for line in chat.transcript] == ["bot", "resident", "bot"]
    assert chat.state["step"] == "service"


def test_the_bot_answers_in_spanish(knowledge_base: dict[str, Article]) -> None:
    rosa = resident_socket("es")

    async def scenario() -> str:
        await start(rosa)
        answer = await say(rosa, "no hay calefacción, el radiador está frío")
        await rosa.close()
        return answer

    answer = run(scenario)
    assert "Calefacción y agua caliente" in answer
    assert ChatSession.objects.get().language == "es"
    assert ChatSession.objects.get().transcript[0]["text"].startswith("¡Hola!")


def test_the_bot_files_a_request_with_the_chat_channel_and_keeps_the_transcript(city: City) -> None:
    rosa = resident_socket()

    async def scenario() -> list[str]:
        await start(rosa)
        answers = [await say(rosa, text) for text in
                   ("There is a big pothole in front of my house", "1", "120 north main street", "yes", "3")]
        await rosa.close()
        return answers

    answers = run(scenario)
    assert answers[1] == "Where is it? Send the street address, like 120 N Main St."
    assert answers[3].splitlines() == ["How big is it?", "1 Small", "2 Medium", "3 Large", "Reply with a number."]
    filed = ServiceRequest.objects.get()
    # A chat has no phone number: the bot's words say "send", never "text".
    assert answers[4].splitlines()[0] == (f"Thank you, your report is filed. Tracking number: {filed.public_id}. "
                                          "Send that number here any time to hear its status.")
    assert (filed.channel, filed.service, filed.answers) == (Channel.CHAT, city.pothole, {"size": "large"})
    assert filed.address == "120 N Main St"
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.request) == (Channel.CHAT, Outcome.REQUEST_FILED, filed)
    assert [line["text"] for line in contact.transcript][1:3] == [
        "There is a big pothole in front of my house", answers[0]]
    assert contact.transcript[-1]["text"].startswith("Thank you, your report is filed.")
    chat = ChatSession.objects.get()
    assert (chat.request, chat.contact, chat.state) == (filed, contact, {})


def test_a_report_close_to_an_open_one_points_to_it_without_promising_news(city: City) -> None:
    """A chat has no phone number or email: "same problem" files nothing and points to the tracking page."""
    earlier = file_request(Submission(service_code="pothole", channel=Channel.WEB, address_id="A1",
                                      answers={"size": "small"}), actor=Actor.resident()).request
    rosa = resident_socket()

    async def scenario() -> list[str]:
        await start(rosa)
        answers = [await say(rosa, text) for text in
                   ("There is a big pothole in front of my house", "1", "120 north main street", "yes", "3", "follow")]
        await rosa.close()
        return answers

    answers = run(scenario)
    assert answers[4] == (f"Someone already reported this close by: {earlier.public_id}. You can track it on this "
                          "site by its number. Reply FOLLOW if it is the same problem, or NEW to send your own "
                          "report.")
    assert answers[5].splitlines()[0] == (f"Thank you. Nothing new was filed: track {earlier.public_id} any time on "
                                          "this site by its number.")
    assert ServiceRequest.objects.count() == 1
    assert not Follower.objects.exists()
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.request) == (Channel.CHAT, Outcome.ANSWERED, earlier)


def test_a_hand_off_waits_with_its_transcript_and_a_call_taker_takes_two_chats(
        knowledge_base: dict[str, Article], call_taker: User, cora: User) -> None:
    rosa, ruth = resident_socket(), resident_socket()
    carla, cora_socket = Socket("/ws/staff/chats/", call_taker), Socket("/ws/staff/chats/", cora)

    async def scenario() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        assert (await carla.connect())[0] and (await cora_socket.connect())[0]
        assert (await carla.receive())["waiting"] == []
        await cora_socket.receive()
        rosa_chat = await start(rosa)
        await say(rosa, "my radiator gives no heat")
        await rosa.send(type="hand_off")
        assert (await rosa.receive_until("status"))["status"] == ChatStatus.WAITING
        seen["waiting"] = (await carla.receive_until("waiting"))["chats"]
        ruth_chat = await start(ruth)
        await ruth.send(type="hand_off")
        await carla.receive_until("waiting")

        await carla.send(type="take", chat=rosa_chat)
        seen["taken"] = await carla.receive_until("taken")
        seen["joined"] = (await rosa.line("system"))["line"]["text"]
        await cora_socket.send(type="take", chat=rosa_chat)
        seen["refused"] = (await cora_socket.receive_until("error"))["message"]
        await carla.send(type="take", chat=ruth_chat)
        await carla.receive_until("taken", chat=ruth_chat)

        await rosa.send(type="message", text="Is anyone there?")
        seen["carla_hears"] = (await carla.line("resident"))["line"]
        await carla.send(type="message", chat=rosa_chat, text="Hi Rosa, I can help with the heat.")
        seen["rosa_hears"] = (await rosa.line("agent"))["line"]
        await carla.send(type="message", chat=ruth_chat, text="Hi, how can I help?")
        seen["ruth_hears"] = (await ruth.line("agent"))["line"]

        await carla.send(type="close", chat=rosa_chat)
        seen["rosa_status"] = (await rosa.receive_until("status"))["status"]
        for sock in (rosa, ruth, carla, cora_socket):
            await sock.close()
        return seen

    seen = run(scenario)
    rosa_chat = ChatSession.objects.get(transcript__1__text="my radiator gives no heat")
    assert len(seen["waiting"]) == 1
    assert [line["text"] for line in seen["waiting"][0]["transcript"]][1] == "my radiator gives no heat"
    assert seen["taken"]["chat"] == str(rosa_chat.token)
    assert seen["joined"] == "Carla has joined the chat."
    assert seen["refused"] == "Someone else has already taken this chat."
    assert (seen["carla_hears"]["text"], seen["rosa_hears"]["text"]) == (
        "Is anyone there?", "Hi Rosa, I can help with the heat.")
    assert seen["rosa_hears"]["name"] == "Carla"
    assert seen["ruth_hears"]["text"] == "Hi, how can I help?"
    assert seen["rosa_status"] == ChatStatus.CLOSED

    assert (rosa_chat.status, rosa_chat.assigned_to) == (ChatStatus.CLOSED, call_taker)
    ruth_chat = ChatSession.objects.exclude(pk=rosa_chat.pk).get()
    assert (ruth_chat.status, ruth_chat.assigned_to) == (ChatStatus.WITH_AGENT, call_taker)
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.taken_by) == (Channel.CHAT, Outcome.ANSWERED, call_taker)
    assert contact.transcript == rosa_chat.transcript
    assert [line["speaker"] for line in contact.transcript] == [
        "bot", "resident", "bot", "system", "system", "resident", "agent", "system"]


@pytest.mark.parametrize("who", ["department_worker", "resident_user", "unverified_call_taker", "anonymous"])
def test_only_verified_call_takers_open_the_staff_socket(
        who: str, city: City, call_taker: User, department_worker: User) -> None:
    users: dict[str, Any] = {
        "department_worker": department_worker, "unverified_call_taker": call_taker, "anonymous": AnonymousUser(),
        "resident_user": StaffFactory.create(username="resident-rosa", role="resident"),
    }
    staff = Socket("/ws/staff/chats/", users[who], verified=who not in ("unverified_call_taker", "anonymous"))

    async def scenario() -> tuple[bool, int | str | None]:
        result = await staff.connect()
        return result

    assert run(scenario) == (False, 4403)


def test_a_call_taker_cannot_write_in_a_chat_they_do_not_hold(
        knowledge_base: dict[str, Article], call_taker: User, cora: User) -> None:
    rosa = resident_socket()
    carla, cora_socket = Socket("/ws/staff/chats/", call_taker), Socket("/ws/staff/chats/", cora)

    async def scenario() -> str:
        await carla.connect()
        await cora_socket.connect()
        chat = await start(rosa)
        await rosa.send(type="hand_off")
        await rosa.receive_until("status")
        await carla.send(type="take", chat=chat)
        await carla.receive_until("taken")
        await cora_socket.send(type="message", chat=chat, text="Let me in")
        refused = (await cora_socket.receive_until("error"))["message"]
        for sock in (rosa, carla, cora_socket):
            await sock.close()
        return str(refused)

    assert run(scenario) == "This chat is not yours."
    assert "Let me in" not in str(ChatSession.objects.get().transcript)


def staff_session(socket: Socket) -> SessionStore:
    return SessionStore(session_key=socket.communicator.scope["session"].session_key)


def test_a_call_taker_idle_past_the_timeout_is_disconnected_at_their_next_message(
        call_taker: User, settings: Any) -> None:
    idle_since = time.time() - (settings.STAFF_IDLE_TIMEOUT_MINUTES * 60 + 5)
    carla, carla_earlier = Socket("/ws/staff/chats/", call_taker), Socket("/ws/staff/chats/", call_taker)
    session = staff_session(carla_earlier)
    session[LAST_ACTIVITY] = idle_since
    session.save()

    def go_idle() -> None:
        idle = staff_session(carla)
        idle[LAST_ACTIVITY] = idle_since
        idle.save()

    async def scenario() -> Any:
        assert (await carla_earlier.connect()) == (False, SIGNED_OUT)  # an idle session opens no new socket
        assert (await carla.connect())[0]
        await carla.receive_until("chats")
        await sync_to_async(go_idle)()
        await carla.send(type="take", chat="00000000-0000-0000-0000-000000000000")
        return await carla.close_code()

    assert run(scenario) == SIGNED_OUT


def test_a_call_taker_signed_out_elsewhere_hears_no_more_residents(
        knowledge_base: dict[str, Article], call_taker: User) -> None:
    rosa, carla = resident_socket(), Socket("/ws/staff/chats/", call_taker)

    async def scenario() -> Any:
        assert (await carla.connect())[0]
        await carla.receive_until("chats")
        await sync_to_async(staff_session(carla).delete)()  # signed out in another tab
        await start(rosa)
        await say(rosa, "my radiator gives no heat")
        await rosa.send(type="hand_off")
        code = await carla.close_code()  # instead of the waiting chat and its transcript
        await rosa.close()
        return code

    assert run(scenario) == SIGNED_OUT


def test_chatting_counts_as_activity(call_taker: User) -> None:
    carla = Socket("/ws/staff/chats/", call_taker)
    session = staff_session(carla)
    session[LAST_ACTIVITY] = time.time() - 600
    session.save()

    async def scenario() -> None:
        assert (await carla.connect())[0]
        await carla.receive_until("chats")
        await carla.send(type="take", chat="00000000-0000-0000-0000-000000000000")
        await carla.receive_until("error")
        await carla.close()

    run(scenario)
    assert time.time() - staff_session(carla)[LAST_ACTIVITY] < 5
