/* CivicDesk portal: the installable app, drafts that survive going offline, and photos resized on the device.
 *
 * Everything here is an enhancement: with JavaScript off, forms submit normally.
 * - Forms with `data-offline-draft` keep what the resident types in localStorage and fill it back in later.
 *   Submitting one while offline (or when the network fails) stores the submission, files included, in
 *   IndexedDB; it is sent by itself when the device is back online, and the resident is told.
 * - File inputs with `data-resize-max="1600"` shrink chosen photos to that many pixels on the long side
 *   (JPEG, quality 0.85) before upload.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const strings = (document.getElementById("cd-strings") || document.createElement("div")).dataset;
  const DRAFT_PREFIX = "civicdesk:draft:";
  const SENT_KEY = "civicdesk:sent";
  const SKIPPED_TYPES = ["file", "password", "submit", "button", "reset", "image"];
  const pendingResizes = new Map();

  if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(() => undefined);
  }

  /* ---- Telling the resident ------------------------------------------------------------------ */

  function notify(text, alertClass, link) {
    const main = document.getElementById("main-content") || document.body;
    const alert = document.createElement("div");
    alert.className = "usa-alert usa-alert--slim cd-notice " + alertClass;
    alert.setAttribute("role", alertClass === "usa-alert--error" ? "alert" : "status");
    const body = document.createElement("div");
    body.className = "usa-alert__body";
    const paragraph = document.createElement("p");
    paragraph.className = "usa-alert__text";
    paragraph.textContent = text;
    if (link && link.href) {
      const anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.text;
      paragraph.append(" ", anchor);
    }
    body.append(paragraph);
    alert.append(body);
    main.prepend(alert);
    return alert;
  }

  /* ---- Drafts in localStorage ------------------------------------------------------------------ */

  function draftKey(form) {
    return DRAFT_PREFIX + (form.dataset.offlineDraft || form.id || "form") + ":" + location.pathname;
  }

  function draftFields(form) {
    return Array.from(form.elements).filter((field) =>
      field.name && field.name !== "csrfmiddlewaretoken" && !SKIPPED_TYPES.includes(field.type));
  }

  function saveDraft(form) {
    const values = {};
    for (const field of draftFields(form)) {
      let value = field.value;
      if (field.type === "checkbox" || field.type === "radio") {
        value = field.checked ? field.value : null;
      } else if (field.type === "select-multiple") {
        value = Array.from(field.selectedOptions).map((option) => option.value);
      }
      if (value === null) {
        continue;
      }
      (values[field.name] = values[field.name] || []).push(value);
    }
    try {
      localStorage.setItem(draftKey(form), JSON.stringify(values));
    } catch (error) {
      // Storage full or disabled (private mode): the form still works, only without a draft.
    }
  }

  function restoreDraft(form) {
    let values;
    try {
      values = JSON.parse(localStorage.getItem(draftKey(form)) || "null");
    } catch (error) {
      values = null;
    }
    if (!values) {
      return false;
    }
    let restored = false;
    const answered = new Set(draftFields(form)
      .filter((field) => (field.type === "checkbox" || field.type === "radio") && field.checked)
      .map((field) => field.name));
    for (const field of draftFields(form)) {
      const saved = values[field.name];
      if (!saved) {
        continue;
      }
      let changed = false;
      // What the server filled in wins: a draft only fills what is still empty.
      if (field.type === "checkbox" || field.type === "radio") {
        if (!answered.has(field.name) && saved.includes(field.value)) {
          field.checked = changed = true;
        }
      } else if (field.type === "select-multiple") {
        if (field.selectedOptions.length === 0) {
          for (const option of field.options) {
            option.selected = saved[0].includes(option.value);
          }
          changed = field.selectedOptions.length > 0;
        }
      } else if (!field.value && saved[0]) {
        const index = draftFields(form).filter((f) => f.name === field.name).indexOf(field);
        if (saved[index] !== undefined && saved[index] !== "") {
          field.value = saved[index];
          changed = field.value === saved[index];
        }
      }
      if (changed) {
        restored = true;
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    return restored;
  }

  function forgetDraft(key) {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing to forget when storage is unavailable.
    }
  }

  /* ---- The outbox in IndexedDB ----------------------------------------------------------------- */

  function outbox(mode, work) {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open("civicdesk", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const db = opening.result;
        const transaction = db.transaction("outbox", mode);
        const request = work(transaction.objectStore("outbox"));
        transaction.oncomplete = () => {
          db.close();
          resolve(request.result);
        };
        transaction.onerror = () => reject(transaction.error);
      };
    });
  }

  async function queueSubmission(form, data) {
    const entries = [];
    for (const [name, value] of data.entries()) {
      entries.push([name, value]);
    }
    await outbox("readwrite", (store) => store.add({
      action: form.action, page: location.href, draftKey: draftKey(form), entries: entries, queuedAt: Date.now(),
    }));
    notify(strings.offlineQueued, "usa-alert--warning");
  }

  function csrfCookie() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  let sending = false;

  async function sendQueued() {
    if (sending || !navigator.onLine || !("indexedDB" in window)) {
      return;
    }
    sending = true;
    try {
      const items = await outbox("readonly", (store) => store.getAll());
      for (const item of items) {
        const body = new FormData();
        for (const [name, value] of item.entries) {
          if (name === "csrfmiddlewaretoken" && csrfCookie()) {
            body.append(name, csrfCookie()); // the token of today's cookie, in case it changed since
          } else if (value instanceof Blob) {
            body.append(name, value, value.name || "photo.jpg");
          } else {
            body.append(name, value);
          }
        }
        let response;
        try {
          response = await fetch(item.action, { method: "POST", body: body, credentials: "same-origin" });
        } catch (error) {
          return; // Still no network: try again on the next 'online' event or page load.
        }
        if (response.status >= 500) {
          return;
        }
        await outbox("readwrite", (store) => store.delete(item.id));
        if (response.ok && response.redirected) {
          forgetDraft(item.draftKey);
          notify(strings.queueSent, "usa-alert--success", { href: response.url, text: strings.queueSee });
        } else {
          notify(strings.queueReview, "usa-alert--error", { href: item.page, text: strings.queueOpen });
        }
      }
    } finally {
      sending = false;
    }
  }

  /* ---- Submitting draft forms ------------------------------------------------------------------ */

  function formDataWithSubmitter(form, submitter) {
    try {
      return new FormData(form, submitter || undefined);
    } catch (error) {
      const data = new FormData(form);
      if (submitter && submitter.name) {
        data.append(submitter.name, submitter.value);
      }
      return data;
    }
  }

  async function submitDraftForm(event) {
    const form = event.target;
    const method = (form.getAttribute("method") || "get").toLowerCase();
    if (event.defaultPrevented || method !== "post" || !form.hasAttribute("data-offline-draft")) {
      return;
    }
    event.preventDefault();
    await Promise.all(Array.from(pendingResizes.values()));
    saveDraft(form);
    const data = formDataWithSubmitter(form, event.submitter);
    if (!navigator.onLine) {
      await queueSubmission(form, data);
      return;
    }
    let response;
    try {
      response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
    } catch (error) {
      await queueSubmission(form, data);
      return;
    }
    if (response.redirected) {
      forgetDraft(draftKey(form));
      location.assign(response.url);
      return;
    }
    // The server answered with a page (an error to correct, or a result): show it as a normal submit would.
    sessionStorage.setItem(SENT_KEY, draftKey(form));
    const html = await response.text();
    history.replaceState(null, "", response.url);
    document.open();
    document.write(html);
    document.close();
  }

  /* ---- Photos resized on the device ------------------------------------------------------------ */

  async function resizedPhoto(file, longSide) {
    if (!file.type.startsWith("image/") || file.type === "image/gif" || file.type === "image/svg+xml") {
      return file;
    }
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === "image/jpeg") {
      bitmap.close();
      return file;
    }
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob) {
      return file;
    }
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: Date.now() });
  }

  function resizeChosenPhotos(input) {
    const longSide = parseInt(input.dataset.resizeMax, 10);
    if (!longSide || !input.files.length || typeof DataTransfer === "undefined") {
      return;
    }
    const status = input.form ? input.form.querySelector("[data-resize-status]") : null;
    if (status) {
      status.textContent = strings.photoResizing;
    }
    const job = (async () => {
      const chosen = new DataTransfer();
      for (const file of Array.from(input.files)) {
        chosen.items.add(await resizedPhoto(file, longSide).catch(() => file));
      }
      input.files = chosen.files;
      input.dataset.resized = String(chosen.files.length);
      if (status) {
        status.textContent = "";
      }
    })();
    pendingResizes.set(input, job);
    job.finally(() => pendingResizes.delete(input));
  }

  async function waitForPhotos(event) {
    const form = event.target;
    const jobs = Array.from(pendingResizes.entries()).filter(([input]) => input.form === form);
    if (!jobs.length || form.hasAttribute("data-offline-draft")) {
      return;
    }
    event.preventDefault();
    await Promise.all(jobs.map(([, job]) => job));
    form.requestSubmit(event.submitter || undefined);
  }

  /* ---- Wiring ---------------------------------------------------------------------------------- */

  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("input[type=file][data-resize-max]")) {
      resizeChosenPhotos(event.target);
    }
  });
  document.addEventListener("submit", waitForPhotos);
  document.addEventListener("submit", submitDraftForm);

  const draftForms = Array.from(document.querySelectorAll("form[data-offline-draft]"));
  const sentKey = sessionStorage.getItem(SENT_KEY);
  if (sentKey) {
    sessionStorage.removeItem(SENT_KEY);
    if (!draftForms.some((form) => draftKey(form) === sentKey)) {
      forgetDraft(sentKey); // the server moved on from that form: the draft has done its job
    }
  }
  for (const form of draftForms) {
    if (restoreDraft(form)) {
      notify(strings.draftRestored, "usa-alert--info");
    }
    form.addEventListener("input", () => saveDraft(form));
    form.addEventListener("change", () => saveDraft(form));
  }
  window.addEventListener("online", sendQueued);
  sendQueued();
})();
