// The "Chat with 311" widget on every portal page: a panel talking to /ws/chat/
// (civicdesk/intake/chat/consumers.py). The chat's token is kept for this tab, so a page change picks it up.
const STORAGE_KEY = "civicdesk-chat";

function setUp(root) {
  const text = root.dataset;
  const openButton = root.querySelector("[data-chat-open]");
  const panel = root.querySelector("[data-chat-panel]");
  const log = root.querySelector("[data-chat-log]");
  const form = root.querySelector("[data-chat-form]");
  const input = form.querySelector("input");
  const personButton = root.querySelector("[data-chat-person]");
  const endButton = root.querySelector("[data-chat-end]");
  const statusLine = root.querySelector("[data-chat-status]");
  const speakers = { resident: text.you, bot: text.bot, agent: text.agent };
  let socket = null;
  // What the resident sent before the socket opened (or while it reconnects): sent once it opens, never dropped.
  const waitingToSend = [];

  function show(open) {
    panel.hidden = !open;
    openButton.setAttribute("aria-expanded", String(open));
    if (open) {
      connect();
      input.focus();
    } else {
      openButton.focus();
    }
  }

  function connect() {
    if (socket && socket.readyState <= WebSocket.OPEN) return;
    const url = new URL(root.dataset.chatSocket, window.location.href);
    url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("lang", root.dataset.language);
    const saved = window.sessionStorage.getItem(STORAGE_KEY);
    if (saved) url.searchParams.set("chat", saved);
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      while (waitingToSend.length && socket.readyState === WebSocket.OPEN) socket.send(waitingToSend.shift());
    });
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("close", () => {
      if (!form.hidden) statusLine.textContent = text.statusLost;
    });
  }

  function receive(message) {
    if (message.type === "started") {
      window.sessionStorage.setItem(STORAGE_KEY, message.chat);
      log.replaceChildren();
      message.transcript.forEach(addLine);
      setStatus(message.status);
    } else if (message.type === "line") {
      addLine(message.line);
    } else if (message.type === "status") {
      setStatus(message.status);
    } else if (message.type === "error") {
      addLine({ speaker: "system", text: message.message });
    }
  }

  function addLine(line) {
    const item = document.createElement("li");
    item.className = `cd-chat__line cd-chat__line--${line.speaker}`;
    const who = line.speaker === "agent" && line.name ? `${line.name} (${speakers.agent})` : speakers[line.speaker];
    if (who) {
      const name = document.createElement("strong");
      name.textContent = `${who}: `;
      item.append(name);
    }
    item.append(line.text);
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }

  function setStatus(status) {
    const words = { waiting: text.statusWaiting, with_agent: text.statusWithAgent, closed: text.statusClosed };
    statusLine.textContent = words[status] || "";
    personButton.hidden = status !== "bot";
    if (status === "closed") {
      window.sessionStorage.removeItem(STORAGE_KEY);
      form.hidden = true;
      endButton.hidden = true;
    }
  }

  function send(message) {
    const data = JSON.stringify(message);
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(data);
    } else {
      waitingToSend.push(data);
      connect();
    }
  }

  openButton.addEventListener("click", () => show(panel.hidden));
  root.querySelector("[data-chat-hide]").addEventListener("click", () => show(false));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") show(false);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = input.value.trim();
    if (!words) return;
    send({ type: "message", text: words });
    input.value = "";
  });
  personButton.addEventListener("click", () => send({ type: "hand_off" }));
  endButton.addEventListener("click", () => send({ type: "close" }));
  if (window.sessionStorage.getItem(STORAGE_KEY)) show(true);
}

document.querySelectorAll("[data-chat]").forEach(setUp);
