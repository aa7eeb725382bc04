// The service worker: keeps the app itself (its page, scripts, styles and icons)
// so it opens without a network. It never stores API answers: what the app shows
// offline is the last-viewed family, which the app keeps itself (see
// src/trajectory/offline.ts) and forgets on logout.
const CACHE = 'app-shell-v2';
const SHELL = ['/', '/theme.js', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png'];

/** The shell, and the built files the page names (the page loaded them before this worker was there). */
async function keepShell() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const page = await (await cache.match('/')).text();
  const built = [...new Set(page.match(/\/assets\/[^"']+/g) ?? [])];
  await cache.addAll(built);
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Pages: the network first (the newest app), the kept page when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          if (response.ok) caches.open(CACHE).then((cache) => cache.put('/', copy));
          return response;
        })
        .catch(() => caches.match('/')),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Built files carry their hash in their name: a kept one never changes.
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            const copy = response.clone();
            if (response.ok) caches.open(CACHE).then((cache) => cache.put(request, copy));
            return response;
          }),
      ),
    );
  }
});
