// The service worker: keeps the app itself (its page, scripts, styles and icons)
// so it opens without a network. It never stores API answers: what the app shows
// offline is the last-viewed family and the canvass walk with its waiting visits,
// which the app keeps itself (src/trajectory/offline.ts,
// src/changemaker/canvass/store.ts) and forgets on logout.
const CACHE = 'app-shell-v3';
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

// A page asks to keep the built files it loaded lazily (the canvass screens), so
// they open offline too. Only built files: their names change with their content.
self.addEventListener('message', (event) => {
  const files = event.data && event.data.type === 'keep-files' && Array.isArray(event.data.files) ? event.data.files : [];
  const wanted = files.filter((f) => typeof f === 'string' && f.startsWith('/assets/'));
  if (wanted.length === 0) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(wanted.map((f) => cache.match(f).then((kept) => kept || cache.add(f).catch(() => undefined)))),
    ),
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
