/**
 * Rich text as the server keeps it: a small allow-list of HTML. The server
 * cleans every save (ammonia); this does the same in the browser for what is
 * shown before it is saved (the editor's preview), and once more on the public
 * page, so no markup outside the list is ever rendered.
 */

const ALLOWED = new Set([
  'P', 'BR', 'STRONG', 'EM', 'B', 'I', 'U', 'S', 'A', 'UL', 'OL', 'LI', 'H2', 'H3', 'H4', 'BLOCKQUOTE', 'CODE', 'PRE',
]);

/** Removed together with what they hold. */
const DROPPED = new Set([
  'SCRIPT', 'STYLE', 'SVG', 'MATH', 'IFRAME', 'NOSCRIPT', 'TEMPLATE', 'OBJECT', 'EMBED', 'TEXTAREA', 'SELECT',
]);

/** A link the page may carry: the web, mail, or a path on this site. */
export function safeHref(href: string): string | null {
  const value = href.trim();
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return value;
  try {
    const url = new URL(value);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? value : null;
  } catch {
    return null;
  }
}

function copyClean(from: Node, to: Node, doc: Document) {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      to.appendChild(doc.createTextNode(child.textContent ?? ''));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const element = child as Element;
    const tag = element.tagName.toUpperCase();
    if (DROPPED.has(tag)) continue;
    if (!ALLOWED.has(tag)) {
      copyClean(element, to, doc);
      continue;
    }
    const clean = doc.createElement(tag.toLowerCase());
    if (tag === 'A') {
      const href = safeHref(element.getAttribute('href') ?? '');
      if (href) clean.setAttribute('href', href);
      const title = element.getAttribute('title');
      if (title) clean.setAttribute('title', title);
      clean.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    copyClean(element, clean, doc);
    to.appendChild(clean);
  }
}

/** The allowed subset of `html`. */
export function sanitize(html: string): string {
  const source = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.implementation.createHTMLDocument('');
  const holder = out.createElement('div');
  copyClean(source.body, holder, out);
  return holder.innerHTML;
}
