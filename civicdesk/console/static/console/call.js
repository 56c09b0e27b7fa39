/* Call-taker console: keyboard shortcuts, address suggestions from the city's address list, the chosen
   service's questions without a reload, and no double filing. The page works without this script. */

const editable = (element) => element instanceof HTMLElement &&
  (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

function focusTarget(code) {
  if (code === "KeyR") { return document.querySelector("[data-call-service]"); }
  return document.querySelector(`[data-shortcut="${code}"]`);
}

document.addEventListener("keydown", (event) => {
  if (event.key === "/" && !event.altKey && !event.ctrlKey && !event.metaKey && !editable(event.target)) {
    event.preventDefault();
    document.getElementById("kb-search")?.focus();
    return;
  }
  if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
  const target = focusTarget(event.code);
  if (!target) { return; }
  event.preventDefault();
  if (target.tagName === "BUTTON") { target.click(); } else { target.focus(); target.select?.(); }
});

const fileForm = document.getElementById("call-file-form");
const service = fileForm?.querySelector("[data-call-service]");
const questions = document.getElementById("call-questions");
service?.addEventListener("change", async () => {
  const url = `${fileForm.dataset.questionsUrl}?service=${encodeURIComponent(service.value)}`;
  try {
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    questions.innerHTML = response.ok ? await response.text() : "";
  } catch {
    questions.innerHTML = "";
  }
});

const addressGroup = fileForm?.querySelector("[data-address-search]");
if (addressGroup) {
  const address = addressGroup.querySelector("input[name=address]");
  const addressId = addressGroup.querySelector("input[name=address_id]");
  const list = addressGroup.querySelector("datalist");
  const known = new Map();
  let pending = null;
  address.addEventListener("input", () => {
    // A suggestion picked from the list is that exact city address; anything else is geocoded on filing.
    addressId.value = known.get(address.value) || "";
    clearTimeout(pending);
    const typed = address.value.trim();
    if (typed.length < 3 || known.has(address.value)) { return; }
    pending = setTimeout(async () => {
      try {
        const response = await fetch(`${addressGroup.dataset.addressSearch}?q=${encodeURIComponent(typed)}`,
          { headers: { Accept: "application/json" } });
        const found = await response.json();
        list.replaceChildren(...found.results.map((result) => {
          known.set(result.address, result.address_id);
          const option = document.createElement("option");
          option.value = result.address;
          return option;
        }));
      } catch {
        list.replaceChildren();
      }
    }, 200);
  });
}

fileForm?.addEventListener("submit", (event) => {
  if (fileForm.dataset.sent) { event.preventDefault(); return; }
  fileForm.dataset.sent = "1";
});

document.querySelector("[data-focus-on-load]")?.focus();
