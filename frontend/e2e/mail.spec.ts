import { expect, test } from '@playwright/test';
import { decodeWords, mailbox, parseMime } from './mail';

/** The parser the specs read emails with, on a message as the backend builds it. */
const raw = [
  'From: =?utf-8?b?w4lxdWlwZSBGbGVldA==?= <noreply@fleet.test>',
  'To: "Zoë M." <zoe@example.test>',
  'Subject: =?utf-8?b?Wm/DqyB2b3VzIGludml0ZSDDoCBsYSBmYW1pbGxl?=',
  ' =?utf-8?b?IMKrIE3DvGxsZXIgwrs=?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative;',
  ' boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Bonjour Zo=C3=AB, http://localhost:3000/invite?token=3Dabc_DEF-12345678901234567=',
  '890',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<p>Bonjour <a href="http://x/invite?token=abc">Zoë</a></p>').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

test('a raw MIME message reads as its recipient sees it', () => {
  const email = parseMime(raw);
  expect(email.to).toEqual(['zoe@example.test']);
  expect(email.subject).toBe('Zoë vous invite à la famille « Müller »');
  expect(email.text).toBe('Bonjour Zoë, http://localhost:3000/invite?token=abc_DEF-12345678901234567890');
  expect(email.html).toBe('<p>Bonjour <a href="http://x/invite?token=abc">Zoë</a></p>');
  expect(decodeWords('=?utf-8?q?caf=C3=A9_cr=C3=A8me?=')).toBe('café crème');
});

test('the emails are read where the test script keeps them', () => {
  expect(mailbox({ EMAIL_TRANSPORT: 'smtp', SMTP_SINK_URL: 'http://127.0.0.1:9' }).url).toBe('http://127.0.0.1:9/messages');
  expect(mailbox({ AWS_ENDPOINT_URL: 'http://127.0.0.1:8', AWS_EMULATOR: 'localstack' }).url).toBe('http://127.0.0.1:8/_aws/ses');
  const moto = mailbox({ AWS_ENDPOINT_URL: 'http://127.0.0.1:7' });
  expect(moto.url).toBe('http://127.0.0.1:7/moto-api/data.json');
  expect(moto.raw({ ses: { RawMessage: [{ raw_data: 'x' }] } })).toEqual(['x']);
});
