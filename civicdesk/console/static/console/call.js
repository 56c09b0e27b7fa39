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
  // A suggestion picked from the list is that exact city address; anything else is geocoded on filing.
  window.suggestAddresses(addressGroup.querySelector("input[name=address]"), addressGroup.querySelector("datalist"),
    addressGroup.dataset.addressSearch, { delay: 200, addressId: addressGroup.querySelector("input[name=address_id]") });
}

fileForm?.addEventListener("submit", (event) => {
  if (fileForm.dataset.sent) { event.preventDefault(); return; }
  fileForm.dataset.sent = "1";
});

document.querySelector("[data-focus-on-load]")?.focus();
