/* Live answers for the "What do you need help with?" box.
   As the resident types, fetch the server-rendered answers (/search/?q=...&partial=1) and show them under
   the box; a polite live region says how many were found. Without JavaScript the form submits to the
   same page and shows the same answers. */
(function () {
  "use strict";
  var form = document.querySelector("[data-help-search]");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var input = form.querySelector("input[name=q]");
  var results = document.getElementById(form.getAttribute("data-results"));
  var status = document.getElementById(form.getAttribute("data-status"));
  var DELAY_MS = 250;
  var MIN_LENGTH = 2;
  var timer = null;
  var latest = 0;
  var shown = input.value;

  function show(html) {
    results.innerHTML = html;
    var answers = results.querySelector("[data-status]");
    status.textContent = answers ? answers.getAttribute("data-status") : "";
  }

  function search() {
    var query = input.value;
    if (query === shown) { return; }
    shown = query;
    var ticket = ++latest;
    if (query.trim().length < MIN_LENGTH) { show(""); return; }
    var params = new URLSearchParams({ q: query, partial: "1" });
    fetch(form.action + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        if (ticket === latest) { show(html); }  // an older, slower answer never replaces a newer one
      })
      .catch(function () {
        shown = "";  // try again on the next keystroke; submitting the form still works
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DELAY_MS);
  });
}());
