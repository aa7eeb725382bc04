// The theme before the first paint, from this device's copy of the account's
// preferences (src/shell/display.tsx keeps it under "display"), so a dark page
// never flashes light. A file rather than inline script: the site's Content
// Security Policy allows only its own scripts.
try {
  var theme = JSON.parse(localStorage.getItem('display') || '{}').theme;
  if (theme !== 'light' && theme !== 'dark') {
    theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.dataset.theme = theme;
} catch (e) {
  // No storage: the app sets the theme once it starts.
}
