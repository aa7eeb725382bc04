import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { accountWithRole, logIn, uniqueAccount } from './helpers';
import { sentEmails } from './mail';

// The shifts story against a running backend: an organiser with the MAP_ADMIN
// role plans a shift; on a phone-sized page a visitor finds it at /shifts and
// signs up with name, email and phone; the confirmation with its calendar
// invitation reaches them; the organiser sees them on the shift as a new
// (TEMP) volunteer and makes their account a volunteer's.
//
test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

const organiser = uniqueAccount('shifts');
const stamp = organiser.username.split('_')[1];
const title = `Door knocking ${stamp}`;
const visitor = { name: 'Vic Visitor', email: `vic.${stamp}@example.test`, phone: '780 555 0199' };

const contexts: BrowserContext[] = [];
let desk: Page;

async function newPage(browser: Browser, phoneSized = false): Promise<Page> {
  const context = await browser.newContext(phoneSized ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
  contexts.push(context);
  return context.newPage();
}

/** A date a few days ahead, YYYY-MM-DD. */
function soon(): string {
  const d = new Date(Date.now() + 4 * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test.afterAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  for (const context of contexts) await context.close();
  // The auth limit is per minute and per address: the next spec starts in a minute of its own.
  await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
});

test('an organiser gets the map admin role', async () => {
  await accountWithRole(organiser, 'MAP_ADMIN');
});

test('the organiser plans a shift', async ({ browser }) => {
  desk = await newPage(browser);
  await desk.goto('/login');
  await logIn(desk, organiser.username, organiser.password);
  await expect(desk).not.toHaveURL(/\/login/);
  await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Changemaker', exact: true }).click();
  await desk.getByRole('region', { name: 'Volunteer shifts' }).getByRole('link', { name: 'New shift' }).click();
  await desk.getByLabel('Title').fill(title);
  await desk.getByLabel('Where volunteers meet').fill('Riverside Community Centre');
  await desk.getByLabel('Places').fill('3');
  await desk.getByLabel('Date').fill(soon());
  await desk.getByLabel('Time zone').fill('America/Edmonton');
  await desk.getByRole('button', { name: 'Create' }).click();
  await expect(desk.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(desk.getByRole('region', { name: 'Signed up' }).getByText('Nobody yet.')).toBeVisible();
});

test('on a phone, a visitor signs up from /shifts and the organiser sees them on the shift', async ({ browser }) => {
  const phone = await newPage(browser, true);
  await phone.goto('/shifts');
  await expect(phone.getByRole('heading', { name: 'Volunteer shifts', level: 1 })).toBeVisible();
  const card = phone.getByRole('listitem').filter({ hasText: title });
  await expect(card.getByText('3 of 3 places left')).toBeVisible();
  await card.getByRole('button', { name: `Sign up for ${title}` }).click();
  await card.getByLabel('Your name').fill(visitor.name);
  await card.getByLabel('Email').fill(visitor.email);
  await card.getByLabel('Phone (optional)').fill(visitor.phone);
  await card.getByRole('button', { name: 'Confirm' }).click();
  await expect(phone.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(phone.getByText(`You are signed up for ${title}.`)).toBeVisible();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await expect
    .poll(async () => (await sentEmails(visitor.email)).find((m) => m.subject.includes(title))?.subject, {
      message: 'the confirmation',
      timeout: 30_000,
    })
    .toBe(`You are signed up: ${title}`);

  await desk.reload();
  const signedUp = desk.getByRole('region', { name: 'Signed up' });
  await expect(signedUp.getByRole('strong').filter({ hasText: visitor.name })).toBeVisible();
  await expect(signedUp.getByText(visitor.phone, { exact: false })).toBeVisible();
  await expect(signedUp.getByText('New volunteer')).toBeVisible();
  await signedUp.getByRole('button', { name: 'Make a volunteer account' }).click();
  await expect(signedUp.getByText('New volunteer')).toHaveCount(0);
});
