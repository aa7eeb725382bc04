/**
 * The canvass screens are loaded lazily, so the service worker (which keeps the
 * page and the files it names) may not have them when the phone loses signal.
 * Once they are open, the page asks it to keep every built file it has loaded,
 * so a reload in the street opens the walk again.
 */
export function keepLoadedFiles(): void {
  if (typeof navigator === 'undefined' || !navigator.serviceWorker || typeof performance === 'undefined') return;
  void navigator.serviceWorker.ready.then((registration) => {
    const files = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name, location.href))
      .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
      .map((url) => url.pathname);
    registration.active?.postMessage({ type: 'keep-files', files });
  });
}
