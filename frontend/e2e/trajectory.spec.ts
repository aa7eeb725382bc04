import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { logIn, pastTheRateLimit, requiredEnv, uniqueAccount, type Account } from './helpers';
import { mailbox, sentEmails } from './mail';

// The Trajectory story against a running backend: a parent creates a family, adds a
// child with a photo, invites a second parent by email (read from the emulator's
// outbox), who registers, confirms their address by the emailed link, and joins in
// a second browser; a read-only member sees no edit controls;
// the parent records a wellness visit with a measurement, sees the percentile on the
// growth chart, and uploads a PDF. Each person has their own browser context. The
// steps share state, so they run in order and stop at the first failure; the steps
// that need the health and attachment functions come last.
//
// Auth endpoints allow 10 requests a minute per IP, and every browser here shares
// one: so signed-in pages are reached by clicking through the app (a full page
// load costs a token refresh), and registration waits out a 429 if it meets one.
test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

const parent = uniqueAccount('parent');
const coParent = uniqueAccount('coparent');
const reader = uniqueAccount('reader');
const stamp = parent.username.split('_')[1];
const familyName = `Family ${stamp}`;
const childName = `Ada ${stamp}`;

const contexts: BrowserContext[] = [];
let parentPage: Page;
let readerPage: Page;
let familyUrl = '';
let childUrl = '';

/** A 1×1 PNG: real image bytes, since the server checks the magic number. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A one-page PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** A local calendar date `days` before today, as the date inputs take it. */
function isoDaysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/**
 * Registers on the page the browser is at (the register form), with the setup
 * token if the site is new. On an open site the account waits for its address:
 * the emailed link is opened in another tab and confirmed, then the form's own
 * "log in" link (which keeps where the person was going) signs in.
 */
async function register(page: Page, account: Account): Promise<void> {
  await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Display name').fill(account.displayName);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  if (await page.getByLabel('Setup token').isVisible()) {
    await page.getByLabel('Setup token').fill(requiredEnv('E2E_SETUP_TOKEN'));
  }
  const limited = page.getByText(/Too many attempts/);
  const sent = page.getByText(/We sent a link to/);
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByRole('button', { name: 'Create account' }).click();
    // The app moves on from the form, says where the link went, or the rate limit says how long to wait.
    await expect(async () => {
      const moved = !new URL(page.url()).pathname.startsWith('/register');
      expect(moved || (await sent.isVisible()) || (await limited.isVisible())).toBe(true);
    }).toPass({ timeout: 15_000 });
    if (await sent.isVisible()) return confirmAndLogIn(page, account);
    if (!(await limited.isVisible())) return;
    const seconds = Number((await limited.textContent())?.match(/(\d+) second/)?.[1] ?? 60);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
  throw new Error('registration stayed rate limited');
}

async function confirmAndLogIn(page: Page, account: Account): Promise<void> {
  const tab = await page.context().newPage();
  await tab.goto(await linkFor(account.email, 'verify-email'));
  await pastTheRateLimit(
    tab,
    () => tab.getByRole('button', { name: 'Confirm my email address' }).click(),
    tab.getByText(`Your account ${account.username} is ready.`),
  );
  await tab.close();
  await page.getByRole('link', { name: 'log in', exact: true }).click();
  await pastTheRateLimit(
    page,
    () => logIn(page, account.username, account.password),
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }),
  );
  await expect(page).not.toHaveURL(/\/login/);
}

/** In-app navigation: no page load, so no token refresh. */
async function openFamily(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trajectory', exact: true }).click();
  await page.getByRole('link', { name: familyName, exact: true }).click();
  await expect(page.getByRole('heading', { name: familyName })).toBeVisible();
}

async function openChild(page: Page, tab?: string): Promise<void> {
  await openFamily(page);
  await page.getByRole('link', { name: new RegExp(childName) }).click();
  await expect(page.getByRole('heading', { name: childName })).toBeVisible();
  if (tab) await page.getByRole('navigation', { name: 'Child sections' }).getByRole('link', { name: tab }).click();
}

async function openSettings(page: Page): Promise<void> {
  await openFamily(page);
  await page.getByRole('link', { name: 'Family settings' }).click();
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
}

/** The link to `/<page>?token=` in the latest such email to `to`, waiting for the email worker. */
async function linkFor(to: string, page: 'invite' | 'verify-email'): Promise<string> {
  const pattern = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`);
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const emails = (await sentEmails(to)).filter((m) => pattern.test(m.text));
        const token = emails.at(-1)?.text.match(pattern)?.[1];
        link = token ? `/${page}?token=${token}` : undefined;
        return link;
      },
      { message: `an email to ${to} with a link to /${page}`, timeout: 30_000 },
    )
    .toBeTruthy();
  return link!;
}

/** The parent invites `account` from the family settings with `role`. */
async function invite(account: Account, role: 'parent' | 'read_only'): Promise<void> {
  await openSettings(parentPage);
  const invitations = parentPage.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('Email to invite').fill(account.email);
  await invitations.getByLabel('Role').selectOption(role);
  await invitations.getByRole('button', { name: 'Send invitation' }).click();
  // The link goes only to the invited address, never to the page.
  await expect(invitations.getByRole('status')).toContainText(`An invitation was emailed to ${account.email}`);
  await expect(invitations.getByLabel('Invitation link')).toHaveCount(0);
  await expect(invitations.getByRole('button', { name: `Withdraw invitation to ${account.email}` })).toBeVisible();
}

/** Someone new follows the emailed link, registers, comes back and joins. */
async function joinByEmail(browser: Browser, account: Account): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(await linkFor(account.email, 'invite'));
  await expect(page.getByRole('heading', { name: `Join ${familyName}` })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await register(page, account);
  await expect(page).toHaveURL(/\/invite\?token=/);
  await page.getByRole('button', { name: `Join ${familyName}` }).click();
  await expect(page).toHaveURL(new RegExp(`${familyUrl}$`));
  return page;
}

test.beforeAll(() => {
  requiredEnv('E2E_BASE_URL');
  mailbox();
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
});

test('a parent creates a family and adds a child with a photo', async ({ browser }) => {
  parentPage = await newPage(browser);
  const page = parentPage;
  await page.goto('/register');
  await register(page, parent);
  await expect(page).toHaveURL(/\/trajectory$/);

  await page.getByLabel('Family name').fill(familyName);
  await page.getByRole('button', { name: 'Create family' }).click();
  await expect(page.getByRole('heading', { name: familyName })).toBeVisible();
  familyUrl = new URL(page.url()).pathname;

  await page.getByRole('link', { name: 'Add a child' }).click();
  await page.getByLabel('Name').fill(childName);
  await page.getByLabel('Date of birth').fill(isoDaysAgo(365));
  await page.getByLabel('Sex at birth').selectOption('male');
  await page.getByLabel('Birth weight (kg)').fill('3.4');
  // The photo is offered in the add form itself.
  await page.getByLabel('Photo (optional)').setInputFiles({ name: 'ada.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByRole('img', { name: 'The chosen photo' })).toBeVisible();
  await page.getByRole('button', { name: 'Add child' }).click();
  await expect(page).toHaveURL(/\/trajectory\/children\/[0-9a-f-]+$/);
  childUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('status').filter({ hasText: `${childName} has been added, with a photo.` })).toBeVisible();
  // The photo comes through the API's authenticated redirect to storage.
  const photo = page.getByRole('img', { name: `Photo of ${childName}` }).first();
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  await page.getByRole('link', { name: 'Back to the family' }).click();
  const card = page.getByRole('link', { name: new RegExp(childName) });
  await expect(card).toContainText(/1[12] months|1 year/);
  await expect(card.getByRole('img', { name: `Photo of ${childName}` })).toBeVisible();
});

test('a second parent is invited by email, joins in another browser and sees the child', async ({ browser }) => {
  await invite(coParent, 'parent');
  const page = await joinByEmail(browser, coParent);
  await expect(page.getByRole('link', { name: new RegExp(childName) })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add a child' })).toBeVisible();

  await page.getByRole('link', { name: 'Family settings' }).click();
  const members = page.getByRole('region', { name: 'Members' });
  await expect(members.getByText(parent.displayName)).toBeVisible();
  await expect(members.getByText(coParent.displayName)).toBeVisible();
});

test('a read-only member sees the child but no edit controls', async ({ browser }) => {
  await invite(reader, 'read_only');
  const page = await joinByEmail(browser, reader);
  readerPage = page;
  await expect(page.getByRole('link', { name: new RegExp(childName) })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add a child' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export family data' })).toHaveCount(0);

  await page.getByRole('link', { name: new RegExp(childName) }).click();
  await expect(page.getByRole('heading', { name: childName })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Add / })).toHaveCount(0);

  await page.getByRole('link', { name: 'Details' }).click();
  await expect(page.getByText('Date of birth')).toBeVisible();
  await expect(page.locator('form')).toHaveCount(0);
  await expect(page.locator('input[type=file]')).toHaveCount(0);

  await page.getByRole('link', { name: 'Back to the family' }).click();
  await page.getByRole('link', { name: 'Family settings' }).click();
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Invitations' })).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
});

test('the parent records a wellness visit with a measurement and sees the percentile on the growth chart', async () => {
  const page = parentPage;
  await openChild(page);
  await page.getByRole('link', { name: 'Add visit' }).click();
  await page.getByLabel('Type of visit').selectOption('wellness');
  await page.getByLabel('Title').fill('One-year check-up');
  await page.getByLabel('Provider').fill('Dr Somerville');
  await page.getByLabel('Weight (kg)').fill('9.65');
  await page.getByLabel('Length or height (cm)').fill('75.7');
  await page.getByRole('button', { name: 'Add visit' }).click();

  await expect(page).toHaveURL(new RegExp(`${childUrl}$`));
  const records = page.getByRole('list', { name: 'Records' });
  await expect(records.getByText('Wellness visit: One-year check-up')).toBeVisible();
  await expect(records.getByText(/^Weight 9\.65 kg/)).toBeVisible();
  // The visit's card shows what was measured at it.
  await expect(records.getByText('Measured: Weight 9.65 kg · Length/height 75.7 cm')).toBeVisible();
  await expect(records.getByText(/Weight for age: \d+(\.\d)?(st|nd|rd|th) percentile/)).toBeVisible();

  await page.getByRole('link', { name: 'Growth' }).click();
  const latest = page.getByText(/Latest \(.+\): \d+(\.\d)?(st|nd|rd|th) percentile/);
  await expect(latest).toBeVisible();
  // A boy of one year at 9.65 kg is on the WHO median.
  const percentile = Number((await latest.textContent())?.match(/: (\d+(?:\.\d)?)/)?.[1]);
  expect(percentile).toBeGreaterThan(40);
  expect(percentile).toBeLessThan(60);
  await expect(page.locator('.recharts-line')).toHaveCount(5);
  await expect(page.locator('.recharts-scatter-symbol')).toHaveCount(1);
});

test('the parent uploads a PDF; the read-only member can download it but not change it', async () => {
  const page = parentPage;
  await openChild(page, 'Files');
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'blood-test.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByLabel('Document type').selectOption('Lab result');
  await page.getByRole('button', { name: 'Upload' }).click();
  const files = page.getByRole('list', { name: 'Files' });
  await expect(files.getByText('blood-test.pdf')).toBeVisible();

  const download = page.waitForEvent('download');
  await files.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('blood-test.pdf');

  await openChild(readerPage, 'Files');
  await expect(readerPage.getByText('blood-test.pdf')).toBeVisible();
  await expect(readerPage.getByRole('button', { name: 'Download' })).toBeVisible();
  await expect(readerPage.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(readerPage.getByLabel('File', { exact: true })).toHaveCount(0);

  await readerPage.getByRole('navigation', { name: 'Child sections' }).getByRole('link', { name: 'Timeline' }).click();
  await expect(readerPage.getByText('Wellness visit: One-year check-up')).toBeVisible();
  await expect(readerPage.getByRole('link', { name: /^Edit / })).toHaveCount(0);
  await expect(readerPage.getByRole('button', { name: /^Delete / })).toHaveCount(0);
});

/** `YYYY-MM-DD` of a UTC day `offset` days from today's UTC date. */
function utcDay(offset = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** The parent signed in in a browser set to `timezoneId`, whose clock reads `at`. */
async function parentIn(browser: Browser, timezoneId: string, at: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId });
  contexts.push(context);
  await context.clock.setFixedTime(new Date(at));
  const page = await context.newPage();
  await page.goto('/login');
  await pastTheRateLimit(
    page,
    () => logIn(page, parent.username, parent.password),
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }),
  );
  await expect(page).toHaveURL(/\/trajectory$/);
  return page;
}

async function addVisit(page: Page, date: string, title: string): Promise<void> {
  await openChild(page);
  await page.getByRole('link', { name: 'Add visit' }).click();
  await page.getByLabel('Type of visit').selectOption('wellness');
  await page.getByLabel('Date', { exact: true }).fill(date);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Add visit' }).click();
  await expect(page).toHaveURL(new RegExp(`${childUrl}$`));
}

function visitCard(page: Page, title: string) {
  return page.getByRole('list', { name: 'Records' }).getByRole('listitem').filter({ hasText: title });
}

test('an appointment is tomorrow by the local calendar, west and east of UTC', async ({ browser }) => {
  // 22:00 the evening before in Los Angeles (UTC−8) is already today in UTC:
  // a visit on today's UTC date is tomorrow there, so it is an appointment.
  const west = await parentIn(browser, 'America/Los_Angeles', `${utcDay()}T06:00:00Z`);
  await addVisit(west, utcDay(), 'Check-up tomorrow in LA');
  await expect(visitCard(west, 'Check-up tomorrow in LA').getByText('Appointment')).toBeVisible();

  // 01:00 in Auckland (UTC+13) is still yesterday in UTC: a visit on tomorrow's
  // UTC date is today there, so it is no appointment.
  const east = await parentIn(browser, 'Pacific/Auckland', `${utcDay()}T12:00:00Z`);
  await addVisit(east, utcDay(1), 'Check-up today in Auckland');
  await expect(visitCard(east, 'Check-up today in Auckland')).toBeVisible();
  await expect(visitCard(east, 'Check-up today in Auckland').getByText('Appointment')).toHaveCount(0);
});

test('the growth chart shows the point under the pointer, with its unit, age and percentile', async () => {
  const page = parentPage;
  await openChild(page, 'Growth');
  const point = page.getByRole('button', { name: /^Measurement of / }).first();
  await point.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('9.65 kg');
  await expect(tip).toContainText(/Age (1 y|11 mo|12 mo)/);
  await expect(tip).toContainText(/percentile/);
});

test('the app installs, and opens the last-viewed family read-only without a network', async ({ request }) => {
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

  const page = parentPage;
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await openChild(page);
  await expect(page.getByText('Wellness visit: One-year check-up')).toBeVisible();

  await page.context().setOffline(true);
  try {
    await page.reload();
    await expect(page.getByText(/You are offline\. This is .* read-only\./)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: familyName })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Records' }).getByText('Wellness visit: One-year check-up')).toBeVisible();
    await expect(page.getByRole('link', { name: /^(Edit|Add) / })).toHaveCount(0);
  } finally {
    await page.context().setOffline(false);
  }
});
