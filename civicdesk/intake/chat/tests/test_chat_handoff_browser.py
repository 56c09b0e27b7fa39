"""Rosa asks the chat on the portal, then talks to a person; Carla takes the chat in the staff console."""

from typing import Any

import pytest
from playwright.sync_api import expect

from civicdesk.accounts.models import User
from civicdesk.catalog.models import Article
from civicdesk.console.tests.conftest import browser_sign_in
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.intake.chat.models import ChatSession, ChatStatus
from civicdesk.intake.chat.tests.conftest import AsgiServer
from civicdesk.service_requests.choices import Channel
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_chat_is_handed_to_a_call_taker(
    chromium: Any, asgi_server: AsgiServer, knowledge_base: dict[str, Article], call_taker: User
) -> None:
    contexts = [chromium.new_context(base_url=asgi_server.url, locale="en-US") for _ in range(2)]
    for context in contexts:
        context.set_default_timeout(10_000)
    rosa, carla = (context.new_page() for context in contexts)

    carla.goto("/staff/chats/")
    browser_sign_in(carla, call_taker)
    expect(carla.get_by_role("heading", name="Web chats")).to_be_visible()
    expect(carla.locator("[data-waiting]")).to_have_text("No one is waiting.")

    rosa.goto("/")
    rosa.get_by_role("button", name="Chat with 311").click()
    rosa.get_by_label("Your message").fill("my radiator gives no heat")
    rosa.get_by_label("Your message").press("Enter")
    conversation = rosa.get_by_role("list", name="Conversation")
    expect(conversation).to_contain_text("311 assistant: Heat and hot water: what landlords must provide")
    assert_accessible(rosa)
    rosa.get_by_role("button", name="Talk to a person").click()
    expect(rosa.get_by_role("status")).to_have_text("Waiting for a person. Please stay on this page.")

    waiting = carla.locator("[data-waiting] > li")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Resident: my radiator gives no heat")
    carla.get_by_role("button", name="Take chat").click()
    chat = carla.get_by_role("region", name="Chat 1 (en)")
    expect(chat).to_contain_text("Carla has joined the chat.")
    expect(carla.locator("[data-waiting]")).to_have_text("No one is waiting.")
    expect(conversation).to_contain_text("Carla has joined the chat.")
    expect(rosa.get_by_role("status")).to_have_text("You are chatting with a person from 311.")

    chat.get_by_label("Message to the resident").fill("Hi Rosa, your landlord must keep it at 68°F.")
    chat.get_by_role("button", name="Send").click()
    expect(conversation).to_contain_text("Carla (311 staff): Hi Rosa, your landlord must keep it at 68°F.")
    rosa.get_by_label("Your message").fill("Thank you!")
    rosa.get_by_role("button", name="Send").click()
    expect(chat).to_contain_text("Resident: Thank you!")
    assert_accessible(carla)

    chat.get_by_role("button", name="End chat").click()
    expect(rosa.get_by_role("status")).to_have_text("This chat has ended.")
    expect(chat).to_contain_text("This chat has ended.")
    for context in contexts:
        context.close()

    session = ChatSession.objects.get()
    assert (session.status, session.assigned_to) == (ChatStatus.CLOSED, call_taker)
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.taken_by) == (Channel.CHAT, Outcome.ANSWERED, call_taker)
    assert [line["text"] for line in contact.transcript if line["speaker"] in ("resident", "agent")] == [
        "my radiator gives no heat", "Hi Rosa, your landlord must keep it at 68°F.", "Thank you!"]


def test_a_message_sent_before_the_socket_opens_is_not_lost(
    chromium: Any, asgi_server: AsgiServer, knowledge_base: dict[str, Article]
) -> None:
    """A quick typist sends before the chat socket is open: the message waits and goes once it opens."""
    context = chromium.new_context(base_url=asgi_server.url, locale="en-US")
    rosa = context.new_page()
    rosa.goto("/")
    # Open the panel and submit in the same script turn, so the socket is certainly still connecting.
    rosa.evaluate("""() => {
        document.querySelector("[data-chat-open]").click();
        const form = document.querySelector("[data-chat-form]");
        form.querySelector("input").value = "my radiator gives no heat";
        form.requestSubmit();
    }""")
    conversation = rosa.get_by_role("list", name="Conversation")
    expect(conversation).to_contain_text("311 assistant: Heat and hot water: what landlords must provide")
    context.close()
    assert [line["text"] for line in ChatSession.objects.get().transcript if line["speaker"] == "resident"] == [
        "my radiator gives no heat"]
