// The staff chat page (/staff/chats/): the waiting list and every chat this call-taker holds, live over
// /ws/staff/chats/ (civicdesk/intake/chat/consumers.py). Several chats are open side by side.
function setUp(root) {
  const text = root.dataset;
  const waitingList = root.querySelector("[data-waiting]");
  const mine = root.querySelector("[data-mine]");
  const notice = root.querySelector("[data-staff-chats-notice]");
  const url = new URL(root.dataset.chatSocket, window.location.href);
  url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  const speakers = { resident: text.resident, bot: text.bot };
  let count = 0;

  function send(message) {
    socket.send(JSON.stringify(message));
  }

  function lineItem(line) {
    const item = document.createElement("li");
    item.className = `cd-chat__line cd-chat__line--${line.speaker}`;
    const who = line.speaker === "agent" ? line.name : speakers[line.speaker];
    if (who) {
      const name = document.createElement("strong");
      name.textContent = `${who}: `;
      item.append(name);
    }
    item.append(line.text);
    return item;
  }

  function showWaiting(chats) {
    waitingList.replaceChildren();
    if (!chats.length) {
      const none = document.createElement("li");
      none.textContent = text.noneWaiting;
      waitingList.append(none);
    }
    chats.forEach((chat, index) => {
      const item = document.createElement("li");
      item.className = "staff-chats__waiting-chat";
      item.dataset.chat = chat.chat;
      const heading = document.createElement("h3");
      heading.textContent = `${text.chatLabel} ${index + 1} (${chat.language})`;
      const transcript = document.createElement("ol");
      transcript.className = "cd-chat__log";
      heading.id = `waiting-heading-${index + 1}`;
      transcript.setAttribute("aria-labelledby", heading.id);
      transcript.tabIndex = 0;
      chat.transcript.forEach((line) => transcript.append(lineItem(line)));
      const take = document.createElement("button");
      take.type = "button";
      take.className = "usa-button";
      take.textContent = text.take;
      take.addEventListener("click", () => send({ type: "take", chat: chat.chat }));
      item.append(heading, transcript, take);
      waitingList.append(item);
    });
  }

  function addMine(chat) {
    if (mine.querySelector(`[data-chat="${chat.chat}"]`)) return;
    count += 1;
    const section = document.createElement("section");
    section.className = "staff-chats__chat";
    section.dataset.chat = chat.chat;
    const headingId = `chat-heading-${count}`;
    section.setAttribute("aria-labelledby", headingId);
    const heading = document.createElement("h3");
    heading.id = headingId;
    heading.textContent = `${text.chatLabel} ${count} (${chat.language})`;
    const transcript = document.createElement("ol");
    transcript.className = "cd-chat__log";
    transcript.setAttribute("aria-live", "polite");
    transcript.setAttribute("aria-labelledby", headingId);
    transcript.tabIndex = 0; // it scrolls: keyboard users must reach it
    chat.transcript.forEach((line) => transcript.append(lineItem(line)));
    const form = document.createElement("form");
    const inputId = `chat-message-${count}`;
    const label = document.createElement("label");
    label.className = "usa-label";
    label.htmlFor = inputId;
    label.textContent = text.messageLabel;
    const input = document.createElement("input");
    input.className = "usa-input";
    input.id = inputId;
    input.autocomplete = "off";
    input.maxLength = 1000;
    const sendButton = document.createElement("button");
    sendButton.type = "submit";
    sendButton.className = "usa-button";
    sendButton.textContent = text.send;
    const end = document.createElement("button");
    end.type = "button";
    end.className = "usa-button usa-button--outline";
    end.textContent = text.end;
    end.addEventListener("click", () => send({ type: "close", chat: chat.chat }));
    form.append(label, input, sendButton, end);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!input.value.trim()) return;
      send({ type: "message", chat: chat.chat, text: input.value.trim() });
      input.value = "";
    });
    section.append(heading, transcript, form);
    mine.append(section);
    input.focus();
  }

  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    const section = message.chat ? mine.querySelector(`[data-chat="${message.chat}"]`) : null;
    if (message.type === "chats") {
      message.mine.forEach(addMine);
      showWaiting(message.waiting);
    } else if (message.type === "waiting") {
      showWaiting(message.chats);
    } else if (message.type === "taken") {
      addMine(message);
    } else if (message.type === "line" && section) {
      section.querySelector("ol").append(lineItem(message.line));
    } else if (message.type === "status" && section && message.status === "closed") {
      section.querySelector("form").hidden = true;
      const ended = document.createElement("p");
      ended.textContent = text.ended;
      section.append(ended);
    } else if (message.type === "error") {
      notice.textContent = message.message;
    }
  });
  socket.addEventListener("close", (event) => {
    // 4401: the staff session ended (idle, too long, or signed out elsewhere): consumers.py SIGNED_OUT.
    notice.textContent = event.code === 4401 ? text.signedOut : text.lost;
  });
}

document.querySelectorAll("[data-staff-chats]").forEach(setUp);
