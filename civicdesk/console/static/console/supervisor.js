// The supervisor view's figures, refreshed every minute while the tab is visible (paused when hidden).
// The server renders the fragment; this module only fetches it and swaps it in.

const REFRESH_MS = 60_000;

function start(region, status) {
  let timer = null;
  let lastLoaded = Date.now();
  let stopped = false;
  const usual = status.textContent;

  async function refresh() {
    try {
      const response = await fetch(region.dataset.source, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.redirected || response.status === 403) {
        stopped = true;
        status.textContent = "The figures stopped refreshing: sign in again and reload the page.";
        return;
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      region.innerHTML = await response.text();
      lastLoaded = Date.now();
      status.textContent = usual;
    } catch (error) {
      status.textContent = `The figures could not be refreshed (${error.message}); trying again in a minute.`;
    }
  }

  function schedule(delay = REFRESH_MS) {
    clearTimeout(timer);
    if (stopped || document.hidden) {
      return;
    }
    timer = setTimeout(async () => {
      await refresh();
      schedule();
    }, delay);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      clearTimeout(timer);
    } else {
      schedule(Math.max(0, REFRESH_MS - (Date.now() - lastLoaded)));
    }
  });
  schedule();
}

const region = document.querySelector("[data-supervisor-metrics]");
const status = document.querySelector("[data-refresh-status]");
if (region && status) {
  start(region, status);
}
