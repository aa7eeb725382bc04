import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { accountWithRole, logIn, uniqueAccount } from './helpers';
import { sentEmails } from './mail';

// The Influence story against a running backend. An organiser imports the
// representatives and postal codes of a district and launches a campaign; on a
// phone-sized page a stranger finds their representatives by postal code, edits
// the message and sends it, in well under a minute; the email reaches the
// representative; the supporter posts the answer they got; the organiser sees
// the emails counted and approves the answer, which then shows on the wall.
//
// The organiser needs the INFLUENCE_ADMIN role, which only a SUPER_ADMIN gives:
// on a new site the organiser is that SUPER_ADMIN (setup token); on a site
// another spec set up, the role is given in the test database (E2E_DATABASE_URL,
// or the fleet_e2e database next to PG_ADMIN_URL, as local/test.sh names it).
test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

const organiser = uniqueAccount('organiser');
const stamp = organiser.username.split('_')[1];
const title = `Keep the Elm Street park ${stamp}`;
const mp = `avery.${stamp}@example.test`;
const supporter = { name: 'Sam Supporter', email: `sam.${stamp}@example.test` };
const answer = `We will vote against the sale (${stamp}).`;

const contexts: BrowserContext[] = [];
let desk: Page;
let phone: Page;
let slug = '';

const REPRESENTATIVES = `key,name,elected_office,level,district,email
fed-${stamp},Avery Lee,MP,federal,Riverside ${stamp},${mp}
prov-${stamp},Morgan Chen,MPP,provincial,Riverside North ${stamp},morgan.${stamp}@example.test
city-${stamp},Casey Roy,Councillor,municipal,Ward ${stamp},casey.${stamp}@example.test
`;
const POSTAL_CODES = `postal_code,level,district
K1A 0B1,federal,Riverside ${stamp}
K1A 0B1,provincial,Riverside North ${stamp}
K1A,municipal,Ward ${stamp}
`;

async function newPage(browser: Browser, phoneSized = false): Promise<Page> {
  const context = await browser.newContext(phoneSized ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
  contexts.push(context);
  return context.newPage();
}

/** In-app navigation to an Influence screen. */
async function influence(page: Page, tab: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Influence' }).getByRole('link', { name: tab, exact: true }).click();
}

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  for (const context of contexts) await context.close();
  // Auth endpoints allow 10 requests a minute per client address, counted in
  // whole minutes, and every spec shares one address: the next spec starts in
  // a minute of its own.
  await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
});

test('an organiser gets the Influence admin role', async () => {
  await accountWithRole(organiser, 'INFLUENCE_ADMIN');
});

test('the organiser imports a district and launches a campaign', async ({ browser }) => {
  desk = await newPage(browser);
  await desk.goto('/login');
  await logIn(desk, organiser.username, organiser.password);
  await expect(desk).not.toHaveURL(/\/login/);
  await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Changemaker', exact: true }).click();
  await desk.getByRole('link', { name: 'Representatives', exact: true }).click();

  for (const [label, csv, rows] of [
    ['Import representatives', REPRESENTATIVES, '3 rows: 3 to add'],
    ['Import postal codes', POSTAL_CODES, '3 rows: 3 to add'],
  ] as const) {
    const panel = desk.getByRole('region', { name: label });
    await panel.getByLabel('CSV file').setInputFiles({ name: 'import.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await panel.getByRole('button', { name: 'Check the file' }).click();
    await expect(panel.getByText(rows)).toBeVisible();
    await panel.getByRole('button', { name: 'Import' }).click();
    await expect(panel.getByText('Imported.')).toBeVisible();
  }

  await influence(desk, 'Campaigns');
  await desk.getByRole('link', { name: 'New campaign' }).click();
  await desk.getByLabel('Title').fill(title);
  await desk.getByLabel('Email subject').fill('Keep {{REPRESENTATIVE_DISTRICT}} green');
  await desk.getByLabel('Email message').fill('Dear {{REPRESENTATIVE_NAME}},\n\nPlease keep the park.\n\n{{SUPPORTER_NAME}}');
  await desk.getByLabel('Supporters can have the server send their email').check();
  await desk.getByLabel('Supporters may edit the message').check();
  await desk.getByLabel('Show the wall of responses').check();
  await desk.getByRole('button', { name: 'Create the draft' }).click();
  await expect(desk.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await desk.getByRole('button', { name: 'Launch' }).click();
  const link = desk.getByRole('link', { name: /^\/campaigns\// });
  await expect(link).toBeVisible();
  slug = ((await link.textContent()) ?? '').replace('/campaigns/', '');
  expect(slug).toContain('keep-the-elm-street-park');
});

test('on a phone, a stranger finds their representatives and sends the email in under a minute', async ({ browser }) => {
  phone = await newPage(browser, true);
  const started = Date.now();
  await phone.goto(`/campaigns/${slug}`);
  await expect(phone.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await phone.getByLabel('Your postal code').fill(' k1a-0b1 ');
  await phone.getByRole('button', { name: 'Find my representatives' }).click();
  for (const name of ['Avery Lee', 'Morgan Chen', 'Casey Roy']) {
    await expect(phone.getByRole('checkbox', { name: new RegExp(name) })).toBeChecked();
  }
  await phone.getByLabel('Your name').fill(supporter.name);
  await phone.getByLabel('Your email').fill(supporter.email);
  await phone.getByLabel('Your message').fill(`Dear {{REPRESENTATIVE_NAME}},\n\nThe park matters to my children (${stamp}).\n\n{{SUPPORTER_NAME}}`);
  await expect(phone.getByText(/The email Avery Lee gets/)).toBeVisible();
  await phone.getByRole('button', { name: 'Send now' }).click();
  await expect(phone.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(phone.getByText(/Your email is on its way to Avery Lee, Morgan Chen, Casey Roy/)).toBeVisible();
  expect(Date.now() - started).toBeLessThan(60_000);
  // Nothing on the page is wider than the phone.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await expect
    .poll(async () => (await sentEmails(mp)).find((m) => m.text.includes(`my children (${stamp})`))?.subject, {
      message: 'the email to the MP',
      timeout: 30_000,
    })
    .toBe(`Keep Riverside ${stamp} green`);
  const email = (await sentEmails(mp)).find((m) => m.text.includes(`my children (${stamp})`));
  expect(email?.text).toContain('Dear Avery Lee,');
  expect(email?.text).toContain(supporter.name);
});

test('the supporter shares the answer they got', async () => {
  await phone.getByRole('button', { name: 'Share a response you received' }).click();
  const form = phone.locator('form.response-form');
  await form.getByLabel('Your postal code').fill('K1A 0B1');
  await form.getByRole('button', { name: 'Find my representatives' }).click();
  await form.getByLabel('Who answered').selectOption({ label: 'Avery Lee (Federal)' });
  await form.getByLabel('What they answered').fill(answer);
  await form.getByRole('button', { name: 'Post the response' }).click();
  await expect(phone.getByText(/will show once a moderator has read it/)).toBeVisible();
  await expect(phone.getByText(answer)).toHaveCount(0);
});

test('the organiser sees the emails counted and approves the answer, which then shows on the wall', async () => {
  await influence(desk, 'Campaigns');
  const row = desk.getByRole('row').filter({ hasText: title });
  await expect(async () => {
    await influence(desk, 'Email queue');
    await influence(desk, 'Campaigns');
    await expect(row.getByRole('cell').nth(2)).toHaveText('3');
  }).toPass({ timeout: 30_000 });
  await expect(row.getByRole('cell').nth(5)).toHaveText('1');
  await row.getByRole('link', { name: title }).click();
  await expect(desk.getByRole('region', { name: 'Figures' }).getByText('Emails sent')).toBeVisible();

  await influence(desk, 'Responses');
  const waiting = desk.getByRole('listitem').filter({ hasText: title });
  await expect(waiting.getByRole('textbox', { name: 'Response text' })).toHaveValue(answer);
  await waiting.getByRole('button', { name: 'Approve' }).click();
  await expect(waiting).toHaveCount(0);

  await phone.reload();
  await expect(phone.getByText(answer)).toBeVisible();
  await expect(phone.getByText('3 emails written')).toBeVisible();
});
