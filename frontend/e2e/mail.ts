/**
 * The emails the backend sent, read where the project's test script keeps them
 * (the same variables as the Rust tests): with EMAIL_TRANSPORT=smtp the mail
 * catcher's list at SMTP_SINK_URL; otherwise the AWS emulator at AWS_ENDPOINT_URL,
 * moto's `/moto-api/data.json` or LocalStack's `/_aws/ses` (AWS_EMULATOR). Each
 * holds the raw MIME message, which a small parser here reads.
 */
import { Buffer } from 'node:buffer';

export interface SentEmail {
  to: string[];
  subject: string;
  /** The plain-text alternative. */
  text: string;
  /** The HTML alternative. */
  html: string;
}

/** Where the sent emails are listed, and how to find the raw messages in the answer. */
export function mailbox(env: NodeJS.ProcessEnv = process.env): { url: string; raw: (data: unknown) => string[] } {
  const pick = (list: unknown, field: string): string[] =>
    Array.isArray(list) ? list.map((m: Record<string, unknown>) => m?.[field]).filter((r) => typeof r === 'string') : [];
  if (env.EMAIL_TRANSPORT === 'smtp') {
    if (!env.SMTP_SINK_URL) throw new Error('SMTP_SINK_URL is not set: the project test script starts the mail catcher');
    return { url: `${env.SMTP_SINK_URL}/messages`, raw: (d) => pick((d as { messages?: unknown })?.messages, 'raw') };
  }
  const endpoint = env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL is not set: the specs read the sent emails from the AWS emulator');
  if (env.AWS_EMULATOR === 'localstack') {
    return { url: `${endpoint}/_aws/ses`, raw: (d) => pick((d as { messages?: unknown })?.messages, 'RawData') };
  }
  return {
    url: `${endpoint}/moto-api/data.json`,
    raw: (d) => pick((d as { ses?: { RawMessage?: unknown } })?.ses?.RawMessage, 'raw_data'),
  };
}

/** Every email sent so far to `to`, oldest first. */
export async function sentEmails(to: string): Promise<SentEmail[]> {
  const { url, raw } = mailbox();
  const response = await fetch(url);
  let data: unknown;
  try {
    data = JSON.parse(await response.text());
  } catch {
    return []; // the mail service answered with something else; the caller asks again
  }
  return raw(data)
    .map(parseMime)
    .filter((email) => email.to.some((address) => address.toLowerCase() === to.toLowerCase()));
}

type Headers = Map<string, string>;

/** Splits a message or a part into its unfolded headers and its body. */
function split(raw: string): { headers: Headers; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Headers = new Map();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const hex = source.slice(i + 1, i + 3);
    if (source[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(source[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`) as text. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body).toString('utf8');
    default:
      return body;
  }
}

/** Collects the text and HTML parts of a (possibly multipart) entity. */
function walk(raw: string, found: { text?: string; html?: string }): void {
  const { headers, body } = split(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break; // the closing delimiter
      // The line breaks around a delimiter belong to the delimiter.
      walk(part.replace(/^\r?\n/, '').replace(/\r?\n$/, ''), found);
    }
    return;
  }
  if ((headers.get('content-disposition') ?? '').toLowerCase().startsWith('attachment')) return;
  const decoded = decodeBody(body, headers.get('content-transfer-encoding'));
  if (type.toLowerCase().startsWith('text/html')) found.html ??= decoded;
  else if (type.toLowerCase().startsWith('text/plain')) found.text ??= decoded;
}

/** Reads a raw MIME message as a mail client shows it. */
export function parseMime(raw: string): SentEmail {
  const { headers } = split(raw);
  const found: { text?: string; html?: string } = {};
  walk(raw, found);
  return {
    to: (headers.get('to') ?? '').match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? [],
    subject: decodeWords(headers.get('subject') ?? ''),
    text: found.text ?? '',
    html: found.html ?? '',
  };
}
