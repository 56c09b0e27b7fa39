/* CivicDesk service worker: keeps the app shell and the pages a resident opened, for use offline. */
"use strict";
const CACHE = "civicdesk-{{ version }}";
const SHELL = {{ shell|safe }};
const PAGES = {{ pages|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const STATIC_URL = {{ static_url|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([OFFLINE_URL, ...SHELL]);
    // Pages are a bonus: one that fails (not built yet, server busy) must not stop the install.
    await Promise.all(PAGES.map((page) => cache.add(page).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("civicdesk-") && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

function keepable(response) {
  const cacheControl = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !/no-store|private/.test(cacheControl);
}

async function pageFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (keepable(response)) {
      cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    return (await cache.match(request)) || (await cache.match(OFFLINE_URL));
  }
}

async function assetFromCache(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (keepable(response)) {
      cache.put(request, response.clone());
    }
    return response;
  });
  if (cached) {
    fresh.catch(() => undefined);
    return cached;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(pageFromNetwork(request));
  } else if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(assetFromCache(request));
  }
});
